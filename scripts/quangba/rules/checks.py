"""The checks behind the rules in ``rules.yaml`` that look at the whole model.

Each check is a small function registered under its rule id with ``@check`` (rulebook.py);
it gets the catalog and the clock and yields findings. ``validate`` runs them all. The rules raised
while reading files (FILE-, YAML-, SCHEMA-, TEXT-NFC, duplicates) live in the loaders.
"""

from __future__ import annotations

import difflib
from datetime import datetime
from pathlib import PurePosixPath
from typing import Iterator

from ..catalog.load import SCHEMA_DIR
from ..catalog.model import SOURCE_LANGUAGE, Catalog, Record, parse_moment
from ..catalog.schemas import RECORD_KINDS_DIR
from ..util import relpath
from .findings import Finding
from .rulebook import _at, check, finding

# -- records -------------------------------------------------------------------------------
@check("REC-KIND-FOLDER")
def kind_matches_folder(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    for r in catalog.records.values():
        folder = relpath.folder_name(r.path)
        if r.kind != folder or r.kind not in catalog.kinds:
            yield _at(r, "REC-KIND-FOLDER", "kind", kind=r.kind, folder=folder, kinds=", ".join(catalog.kinds))


# The first folders of the portal's addresses that are not a kind's: a kind's pages live at
# <kind>/<id>/, in every language (tests/test_site_demo.py holds this list to a built site)
PORTAL_FOLDERS = frozenset({"assets", "fonts", "quangba", "search", "media", "press", "press-kit",
                            "translators", "id",
                            "admin",  # the web editor, published with `quangba editor --out site/admin`
                            "open-data", "data",  # the Open data page per language; the package at /data/
                            "contacts",
                            })


@check("REC-KIND-RESERVED")
def kind_is_not_a_portal_folder(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    reserved = PORTAL_FOLDERS | set(catalog.languages)
    for kind in catalog.kinds:
        if kind in reserved:
            yield finding("REC-KIND-RESERVED", f"{SCHEMA_DIR}/{RECORD_KINDS_DIR}/{kind}.schema.yaml", line=1, col=1,
                          kind=kind, reserved=", ".join(sorted(reserved)))


@check("REC-ID-FILENAME")
def id_matches_file_name(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    for r in catalog.records.values():
        if relpath.stem(r.path) != r.id:
            yield _at(r, "REC-ID-FILENAME", "id", id=r.id, file=relpath.name(r.path))


@check("REC-ID-DUPLICATE")
def former_ids_never_reused(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    owners: dict[str, Record] = {}
    for r in catalog.records.values():
        for index, old in enumerate(r.former_ids):
            if old in catalog.records and old != r.id:
                yield _at(r, "REC-ID-DUPLICATE", "former_ids", index, id=old, other=catalog.records[old].path)
            elif old in owners:
                yield _at(r, "REC-ID-DUPLICATE", "former_ids", index, id=old, other=owners[old].path)
            owners.setdefault(old, r)


@check("REC-AGENCY-UNKNOWN")
def agency_is_known(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    for r in catalog.records.values():
        if r.agency not in catalog.agencies:
            close = difflib.get_close_matches(r.agency, list(catalog.agencies), n=1)
            yield _at(r, "REC-AGENCY-UNKNOWN", "agency", agency=r.agency,
                      suggestion=f" (did you mean “{close[0]}”?)" if close else "",
                      suggestion_vi=f" (có phải “{close[0]}”?)" if close else "")


@check("REC-AGENCY-ENDED")
def agency_still_exists(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    today = now.date()
    for r in catalog.records.values():
        agency = catalog.agencies.get(r.agency)
        if agency is not None and agency.valid_to is not None and agency.valid_to < today:
            chain = catalog.agency_chain(agency.id)
            yield _at(r, "REC-AGENCY-ENDED", "agency", agency=agency.id, valid_to=agency.valid_to.isoformat(),
                      successor=chain[-1].id if len(chain) > 1 else "?")


@check("REC-RELATION-BROKEN")
def relations_resolve(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    for r in catalog.records.values():
        for index, rel in enumerate(r.relations):
            if rel.target not in catalog.records:
                yield _at(r, "REC-RELATION-BROKEN", "relations", index, type=rel.type, target=rel.target)


_MAY_POINT_AT_RETRACTED = {"answers", "supersedes"}
_STATE = {
    "draft": ("a draft", "bản nháp"), "retracted": ("retracted", "đã rút"),
    "internal": ("internal", "nội bộ"), "secret": ("secret", "mật"),
}


def hidden_state(target: Record) -> str | None:
    """Why a public page may not link ``target``: "internal", "secret", "draft" — or None.
    (Whether a retracted target may be linked depends on the link; callers decide.)"""
    if target.classification != "public":
        # a misspelt classification is treated as the strictest (the schema reports the spelling)
        return "internal" if target.classification == "internal" else "secret"
    return "draft" if target.status == "draft" else None


@check("REC-RELATION-NOT-PUBLIC")
def public_records_link_only_public_ones(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    for r in catalog.records.values():
        if not (r.classification == "public" and r.status == "published"):
            continue
        for index, rel in enumerate(r.relations):
            target = catalog.records.get(rel.target)
            if target is None or catalog.links_to_public_part(r, rel):
                continue  # a clarification answering a press-monitoring entry shows only its public part
            state = hidden_state(target)
            if state is None and target.status == "retracted" and rel.type not in _MAY_POINT_AT_RETRACTED:
                state = "retracted"
            if state is None:
                continue
            yield _at(r, "REC-RELATION-NOT-PUBLIC", "relations", index, target=rel.target,
                      state=_STATE[state][0], state_vi=_STATE[state][1])


@check("REC-MEDIA-UNKNOWN")
def media_exist(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    for r in catalog.records.values():
        for index, media_id in enumerate(r.media):
            if media_id not in catalog.media:
                yield _at(r, "REC-MEDIA-UNKNOWN", "media", index, media=media_id)


@check("REC-UNIT-UNKNOWN")
def admin_unit_exists(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    units = {u.id for u in catalog.province.admin_units}
    for r in catalog.records.values():
        if r.location and r.location.unit and r.location.unit not in units:
            yield _at(r, "REC-UNIT-UNKNOWN", "location", "unit", unit=r.location.unit)


def _date_pairs(r: Record) -> Iterator[tuple[str, str, str, str, str]]:
    """(earlier field, later field, earlier value, later value, kind of order) to compare."""
    yield "created", "modified", r.created.isoformat(), r.modified.isoformat(), "date"
    if r.retracted:
        yield "created", "retracted", r.created.isoformat(), r.retracted.isoformat(), "date"
    for start, end in (("start", "end"), ("signed", "valid_until")):
        a, b = r.fields.get(start), r.fields.get(end)
        if isinstance(a, str) and isinstance(b, str):
            yield start, end, a, b, "moment"


@check("REC-DATES")
def dates_in_order(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    for r in catalog.records.values():
        for first, second, a, b, order in _date_pairs(r):
            if order == "date":
                earlier = b < a  # ISO dates (zero-padded YYYY-MM-DD) sort as text as they do in time
            else:
                try:
                    earlier = parse_moment(b) < parse_moment(a)
                except ValueError:
                    continue  # the schema has already reported the malformed value
            if earlier:
                yield _at(r, "REC-DATES", second,
                          problem=f"“{second}” ({b}) is before “{first}” ({a})",
                          problem_vi=f"“{second}” ({b}) trước “{first}” ({a})")


@check("REC-RETRACTION")
def retraction_is_explained(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    for r in catalog.records.values():
        if r.status == "retracted" and (r.retracted is None or SOURCE_LANGUAGE not in r.retraction_reason):
            yield _at(r, "REC-RETRACTION", "status")


# Vietnam's mainland and its islands, generously (Trường Sa reaches 117.8° E).
_VIETNAM_LAT = (8.0, 24.0)
_VIETNAM_LON = (102.0, 118.0)


@check("REC-COORDINATES")
def coordinates_make_sense(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    for r in catalog.records.values():
        loc = r.location
        if loc is None or (loc.lat is None and loc.lon is None):
            continue
        if loc.lat is None or loc.lon is None:
            yield _at(r, "REC-COORDINATES", "location", lat=loc.lat, lon=loc.lon,
                      problem="need both lat and lon", problem_vi="cần có cả lat và lon")
            continue
        in_lat = _VIETNAM_LAT[0] <= loc.lat <= _VIETNAM_LAT[1]
        in_lon = _VIETNAM_LON[0] <= loc.lon <= _VIETNAM_LON[1]
        if in_lat and in_lon:
            continue
        swapped = _VIETNAM_LAT[0] <= loc.lon <= _VIETNAM_LAT[1] and _VIETNAM_LON[0] <= loc.lat <= _VIETNAM_LON[1]
        yield _at(r, "REC-COORDINATES", "location", "lat", lat=loc.lat, lon=loc.lon,
                  problem="look swapped (latitude and longitude)" if swapped else "lie outside Vietnam",
                  problem_vi="có vẻ bị đảo ngược (vĩ độ và kinh độ)" if swapped else "nằm ngoài Việt Nam")


# -- texts ---------------------------------------------------------------------------------
@check("TEXT-MISSING-VI")
def vietnamese_text_exists(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    for r in catalog.records.values():
        if SOURCE_LANGUAGE not in r.texts:
            yield _at(r, "TEXT-MISSING-VI", "id", id=r.id, kind=r.kind)


@check("TEXT-LANG-UNKNOWN")
def text_language_is_configured(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    languages = ", ".join(catalog.languages)
    for t in catalog.texts:
        if t.lang not in catalog.languages:
            yield finding("TEXT-LANG-UNKNOWN", t.path, line=1, col=1, lang=t.lang, languages=languages)


@check("TEXT-ORPHAN")
def text_has_record(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    for t in catalog.texts:
        if t.lang in catalog.languages and t.record_id not in catalog.records:
            yield finding("TEXT-ORPHAN", t.path, line=1, col=1, id=t.record_id, kind=t.kind)


@check("TEXT-WRONG-FOLDER")
def text_in_its_kind_folder(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    for t in catalog.texts:
        record = catalog.records.get(t.record_id)
        if record is not None and record.kind != t.kind and t.lang in catalog.languages:
            yield finding("TEXT-WRONG-FOLDER", t.path, line=1, col=1, id=t.record_id, folder=t.kind,
                          kind=record.kind, lang=t.lang)


def _translations(catalog: Catalog):
    for r in catalog.records.values():
        for lang, text in r.texts.items():
            if lang != SOURCE_LANGUAGE:
                yield r, text


@check("TEXT-NO-SOURCE")
def translation_is_stamped(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    for r, text in _translations(catalog):
        if r.translation_state(text.lang) == "unknown" and r.source_text is not None:
            yield finding("TEXT-NO-SOURCE", text.path, line=1, col=1, path=text.path)


@check("TEXT-OUTDATED")
def translation_is_current(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    for r, text in _translations(catalog):
        if r.translation_state(text.lang) == "outdated":
            line, col = text.lines.get(("source",), (1, 1))
            yield finding("TEXT-OUTDATED", text.path, line=line, col=col, path=text.path,
                          source=text.source, current=r.source_text.version)


# -- registries ----------------------------------------------------------------------------
AGENCIES_FILE = "catalog/agencies.yaml"


@check("AGENCY-REFERENCE")
def agency_links_resolve(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    for a in catalog.agencies.values():
        for field_name in ("parent", "successor"):
            target = getattr(a, field_name)
            if target and target not in catalog.agencies:
                line, col = a.line_of(field_name)
                yield finding("AGENCY-REFERENCE", AGENCIES_FILE, line=line, col=col,
                              field=field_name, agency=a.id, target=target)


@check("AGENCY-ENDED-NO-SUCCESSOR")
def ended_agency_has_successor(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    for a in catalog.agencies.values():
        if a.valid_to is not None and not a.successor:
            line, col = a.line_of("valid_to")
            yield finding("AGENCY-ENDED-NO-SUCCESSOR", AGENCIES_FILE, line=line, col=col, agency=a.id)


@check("PROVINCE-OWNER")
def owner_is_an_agency(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    if catalog.province.owner not in catalog.agencies:
        line, col = catalog.province.lines.get(("owner",), (1, 1))
        yield finding("PROVINCE-OWNER", "catalog/province.yaml", line=line, col=col, owner=catalog.province.owner)


# -- media ---------------------------------------------------------------------------------
@check("MEDIA-SIDECAR-MISSING")
def every_original_has_a_sidecar(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    described = {m.file.relative_to(catalog.root).as_posix() for m in catalog.media.values()
                 if m.file.is_relative_to(catalog.root)}
    for rel in catalog.media_files:
        if rel not in described:
            sidecar = str(PurePosixPath(rel).with_suffix(".yaml"))
            yield finding("MEDIA-SIDECAR-MISSING", rel, file=PurePosixPath(rel).name, sidecar=sidecar)


@check("MEDIA-FILE-MISSING")
def sidecar_file_exists(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    originals = set(catalog.media_files)
    for m in catalog.media.values():
        rel = m.file.relative_to(catalog.root).as_posix() if m.file.is_relative_to(catalog.root) else ""
        if rel not in originals:
            line, col = m.lines.get(("file",), (1, 1))
            yield finding("MEDIA-FILE-MISSING", m.sidecar, line=line, col=col, file=m.file.name,
                          folder=str(PurePosixPath(m.sidecar).parent))


@check("MEDIA-REFERENCE")
def media_references_resolve(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    for m in catalog.media.values():
        for field_name, target, known in (("agency", m.agency, catalog.agencies), ("place", m.place, catalog.records)):
            if target and target not in known:
                line, col = m.lines.get((field_name,), (1, 1))
                yield finding("MEDIA-REFERENCE", m.sidecar, line=line, col=col, field=field_name, target=target)


@check("MEDIA-ALT-MISSING")
def published_photos_have_alt_text(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    """WCAG: a photo on a published page needs alt text in every language that page is published in."""
    reported: set[tuple[str, str]] = set()
    for r in catalog.records.values():
        if not r.is_public(now):
            continue
        for media_id in r.media:
            m = catalog.media.get(media_id)
            if m is None:
                continue  # REC-MEDIA-UNKNOWN says so
            for lang in r.texts:
                if m.alt.get(lang, "").strip() or (media_id, lang) in reported:
                    continue
                reported.add((media_id, lang))
                line, col = m.lines.get(("alt",), m.lines.get(("file",), (1, 1)))
                yield finding("MEDIA-ALT-MISSING", m.sidecar, line=line, col=col, media=media_id,
                              record=r.id, lang=lang, path=m.sidecar)


# -- media files (read cheaply: header and a 1/8-scale decode; see media/inspect.py) ---------
def _image_problems(catalog: Catalog, rule_id: str) -> Iterator[Finding]:
    if not catalog.media_files:
        return  # and Pillow is not even imported
    from ..media.inspect import inspect_original

    for rel in catalog.media_files:
        problem = inspect_original(catalog.root / rel).problem
        if problem is not None and problem.rule == rule_id:
            yield finding(rule_id, rel, **problem.params)


@check("MEDIA-IMAGE-BROKEN")
def image_is_readable(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    yield from _image_problems(catalog, "MEDIA-IMAGE-BROKEN")


@check("MEDIA-IMAGE-UNSUPPORTED")
def image_format_is_published(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    yield from _image_problems(catalog, "MEDIA-IMAGE-UNSUPPORTED")


@check("MEDIA-IMAGE-TOO-LARGE")
def image_is_not_a_bomb(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    yield from _image_problems(catalog, "MEDIA-IMAGE-TOO-LARGE")


@check("MEDIA-IMAGE-SHAPE")
def image_shape_can_be_published(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    yield from _image_problems(catalog, "MEDIA-IMAGE-SHAPE")


@check("MEDIA-METADATA-TOO-LONG")
def media_words_fit_in_the_photo(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    """The credit, licence and captions are written into every derivative (EXIF and XMP):
    words a JPEG cannot hold would stop the media stage, blaming the photo."""
    from ..media.metadata import Credit, too_long

    for m in catalog.media.values():
        excess = too_long(Credit(credit=m.credit, licence=m.licence, caption=dict(m.caption)))
        if excess is not None:
            field_name = "caption" if sum(map(len, m.caption.values())) > len(m.credit) else "credit"
            line, col = m.lines.get((field_name,), (1, 1))
            yield finding("MEDIA-METADATA-TOO-LONG", m.sidecar, line=line, col=col, media=m.id,
                          size=excess[0], limit=excess[1])


@check("MEDIA-UNUSED")
def media_is_used(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    used = {m for r in catalog.records.values() for m in r.media}
    for m in catalog.media.values():
        if m.id not in used:
            yield finding("MEDIA-UNUSED", m.sidecar, line=1, col=1, media=m.id)


@check("MEDIA-CONSENT-PRESS-KIT")
def press_kit_photos_have_consent(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    for m in catalog.media.values():
        if m.press_kit and m.consent == "not-obtained":
            line, col = m.lines.get(("press_kit",), (1, 1))
            yield finding("MEDIA-CONSENT-PRESS-KIT", m.sidecar, line=line, col=col)


@check("MEDIA-DUPLICATE")
def media_not_duplicated(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    """Same pixels in two files: candidates share size, mode and the 1/8-scale pixels; the
    full decode then confirms, so only likely duplicates are ever decoded in full."""
    if not catalog.media_files:
        return
    from ..media.inspect import inspect_original, pixel_digest

    candidates: dict[tuple, list[str]] = {}
    for rel in catalog.media_files:
        seen = inspect_original(catalog.root / rel)
        if seen.ok:
            candidates.setdefault((seen.width, seen.height, seen.mode, seen.draft_digest), []).append(rel)
    for group in candidates.values():
        first_by_digest: dict[str, str] = {}
        for rel in sorted(group) if len(group) > 1 else ():
            digest = pixel_digest(catalog.root / rel)
            if digest is None:
                continue
            if digest in first_by_digest:
                yield finding("MEDIA-DUPLICATE", rel, other=first_by_digest[digest])
            else:
                first_by_digest[digest] = rel

