"""The model as tables: what the data package holds, one ``Table`` per resource.

Every row comes from the model through ``Record.is_public`` / ``Record.is_visible`` (via
``Catalog.public_records``, ``visible_records`` and ``public_media``): drafts, internal and
secret records and embargoed ones never reach a table, not even by id. Retracted records
and the ids a record was known by before become tombstones.

The columns of the kinds' own fields are derived from ``catalog/schemas/kinds/`` — the
same files that validate the YAML describe the export.
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import chain, repeat
from typing import Any

from ..catalog.model import SOURCE_LANGUAGE, Catalog, Record
from ..media import MediaSet
from .columns import A, B, D, DT, I, N, O, S, Table, fk, fld
from .investment import investment_tables
from .parallel import here_first
from .plaintext import markdown_to_text

def agency_uri(catalog: Catalog, agency_id: str) -> str:
    return f"{catalog.province.base_url}id/agency/{agency_id}"


def unit_uri(catalog: Catalog, unit_id: str) -> str:
    return f"{catalog.province.base_url}id/unit/{unit_id}"


def media_uri(catalog: Catalog, media_id: str) -> str:
    return f"{catalog.province.base_url}id/media/{media_id}"


def tombstone_uri(catalog: Catalog, kind: str, record_id: str) -> str:
    return f"{catalog.province.base_url}id/{kind}/{record_id}"


# -- kind-specific columns, from catalog/schemas/kinds/ ------------------------------------
_REF_TYPES = {"date": D, "slug": S, "lang": S, "per_language": O, "money": O, "location": O, "relation": O}


def schema_field(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    """A Table Schema field for one JSON Schema property of a kind."""
    description = str(spec.get("description", "")).strip()
    ref = spec.get("$ref")
    if isinstance(ref, str):
        return fld(name, _REF_TYPES.get(ref.rsplit("/", 1)[-1], "any"), description)
    if "anyOf" in spec:
        options = spec["anyOf"]
        if all(o.get("$ref", "").endswith("/date") or o.get("format") == "date-time" for o in options):
            return fld(name, S, description or "Date (YYYY-MM-DD) or RFC 3339 date-time.")
        return fld(name, "any", description)
    if "enum" in spec and all(isinstance(x, str) for x in spec["enum"]):
        return fld(name, S, description, enum=spec["enum"])
    type_ = spec.get("type")
    if type_ == "string":
        return fld(name, S, description, fmt="uri" if spec.get("format") == "uri" else None)
    mapped = {"number": N, "integer": I, "boolean": B, "array": A, "object": O}.get(type_ or "", "any")
    return fld(name, mapped, description)


def public_kinds(catalog: Catalog) -> list[str]:
    """The kinds a record can be published as: never one whose schema says ``x-internal``
    (press monitoring, reporters' visits, interviews), not even as a name or a column."""
    internal = set(catalog.internal_kinds)
    return [k for k in catalog.kinds if k not in internal]


def kind_fields(catalog: Catalog) -> list[dict[str, Any]]:
    """One column per property any kind declares, in kind order then schema order."""
    columns: dict[str, dict[str, Any]] = {}
    raw = catalog.schemas.raw if catalog.schemas is not None else {}
    for kind in public_kinds(catalog):
        for name, spec in (raw.get(f"record:{kind}", {}).get("properties") or {}).items():
            if not isinstance(spec, dict) or name in RECORD_COMMON:
                continue
            column = schema_field(name, spec)
            if name not in columns:
                columns[name] = column
            elif columns[name] != column:
                # declared by several kinds in different ways: keep the widest description
                merged = {k: v for k, v in columns[name].items() if k != "constraints"}
                types = {merged["type"], column["type"]}
                if len(types) > 1:
                    merged["type"] = S if types <= {S, D} else "any"
                columns[name] = merged
    return list(columns.values())


RECORD_COMMON = {
    "id", "uri", "kind", "agency", "status", "created", "modified", "embargo_until", "sample",
    "lat", "lon", "unit", "address", "tags",
}


# -- the tables ----------------------------------------------------------------------------
def build_tables(catalog: Catalog, now: datetime, media: MediaSet | None = None) -> list[Table]:
    kinds = public_kinds(catalog)
    # validation refuses a public record of an internal kind; should one slip through, it stays out
    public = [r for r in catalog.public_records(now) if r.kind in kinds]
    languages = set(catalog.languages)
    text_pairs = [(r, lang, t) for r in public for lang, t in sorted(r.texts.items()) if lang in languages]
    # The plain text of the bodies (Markdown parsed by cmark) is the dearest part, then each
    # text's version (a SHA-256 of its content): on two cores (when there are many texts) a
    # worker starts on them a few thousand texts at a time while this process makes every
    # table; then both take the texts that are left, so that they end together.
    texts = [t for _, _, t in text_pairs]
    starts = range(0, len(texts), _TEXTS_PER_PIECE)
    tables, pieces = here_first(
        lambda: _tables(catalog, now, media, kinds, public, text_pairs),
        [lambda start=start: _plain_and_versions(texts[start:start + _TEXTS_PER_PIECE]) for start in starts],
        [min(_TEXTS_PER_PIECE, len(texts) - start) for start in starts])
    rows = next(t for t in tables if t.name == "texts").rows
    for row, body_text, version in zip(rows, chain.from_iterable(p[0] for p in pieces),
                                       chain.from_iterable(p[1] for p in pieces)):
        row["body_text"] = body_text or None
        row["version"] = version
    return tables  # Unicode NFC: ensured file by file when written (package.Writer)


_TEXTS_PER_PIECE = 2000


def _plain_and_versions(texts: list[Any]) -> tuple[list[str], list[str]]:
    """The plain text of each text's body, and each text's version."""
    return list(map(markdown_to_text, [t.body for t in texts])), [t.version for t in texts]


def _tables(catalog: Catalog, now: datetime, media: MediaSet | None, kinds: list[str], public: list[Record],
            text_pairs: list[tuple[Record, str, Any]]) -> list[Table]:
    """Every table, the texts' ``body_text`` and ``version`` left empty (``build_tables``
    fills them)."""
    public_ids = {r.id for r in public}
    retracted = [r for r in catalog.visible_records(now) if r.status == "retracted" and r.kind in kinds]
    tombstone_ids = {r.id for r in retracted} | {old for r in public for old in r.former_ids}
    public_media = catalog.public_media(now)
    public_media_ids = {m.id for m in public_media}
    units = {u.id for u in catalog.province.admin_units}
    tables: list[Table] = []

    # agencies ----------------------------------------------------------------------------
    tables.append(Table(
        "agencies", "Agencies / Cơ quan",
        "The province's registry of agencies, with their former names and successors.",
        [
            fld("id", S, "Agency id.", required=True, unique=True),
            fld("uri", S, "Stable URI of the agency.", required=True, fmt="uri"),
            fld("kind", S, "Kind of agency."),
            fld("name_vi", S, "Official name in Vietnamese.", required=True),
            fld("names", O, "Official name per language (BCP-47 tag → text)."),
            fld("short", O, "Short name per language."),
            fld("former_names", A, "Names the agency had before, each per language."),
            fld("parent", S, "Id of the parent agency."),
            fld("valid_from", D), fld("valid_to", D),
            fld("successor", S, "Id of the agency that took over."),
            fld("owner", B, "true for the department that owns and runs the system."),
            fld("url", S, "Web site.", fmt="uri"),
        ],
        ["id"],
        [fk(["parent"], "agencies", ["id"]), fk(["successor"], "agencies", ["id"])],
        [
            {
                "id": a.id, "uri": agency_uri(catalog, a.id), "kind": a.kind, "name_vi": a.names.get(SOURCE_LANGUAGE, a.id),
                "names": dict(a.names), "short": dict(a.short) or None,
                "former_names": [dict(n) for n in a.former_names] or None,
                "parent": _known(a.parent, catalog.agencies), "valid_from": a.valid_from, "valid_to": a.valid_to,
                "successor": _known(a.successor, catalog.agencies), "owner": a.owner, "url": a.url,
            }
            for a in sorted(catalog.agencies.values(), key=lambda a: a.id)
        ],
    ))

    # administrative units ---------------------------------------------------------------
    tables.append(Table(
        "admin_units", "Administrative units / Đơn vị hành chính",
        "Communes, wards and special zones of the province after the 2025 reform.",
        [
            fld("id", S, "Unit id.", required=True, unique=True),
            fld("uri", S, required=True, fmt="uri"),
            fld("type", S, enum=["commune", "ward", "special-zone"]),
            fld("name_vi", S, required=True),
            fld("names", O, "Name per language."),
            fld("formerly", A, "Units merged into this one in 2025, by their old Vietnamese names."),
        ],
        ["id"], [],
        [
            {"id": u.id, "uri": unit_uri(catalog, u.id), "type": u.type, "name_vi": u.names.get(SOURCE_LANGUAGE, u.id),
             "names": dict(u.names), "formerly": list(u.formerly) or None}
            for u in sorted(catalog.province.admin_units, key=lambda u: u.id)
        ],
    ))

    # records ----------------------------------------------------------------------------
    extra = kind_fields(catalog)
    extra_names = [f["name"] for f in extra]
    tables.append(Table(
        "records", "Records / Bản ghi",
        "One row per public, published record. Columns after “tags” are the kinds' own fields "
        "(catalog/schemas/kinds/); a record fills those of its kind.",
        [
            fld("id", S, "Stable id: never changed, never reused.", required=True, unique=True),
            fld("uri", S, "Stable URI of the record.", required=True, fmt="uri"),
            fld("kind", S, "Record kind.", required=True, enum=kinds),
            fld("agency", S, "Id of the owning agency.", required=True),
            fld("status", S, required=True, enum=["published"]),
            fld("created", D, "Date first made.", required=True),
            fld("modified", D, "Date last changed in substance.", required=True),
            fld("embargo_until", DT, "Not public before this moment (now past)."),
            fld("sample", B, "true for invented sample data.", required=True),
            fld("lat", N, "Latitude (WGS 84)."), fld("lon", N, "Longitude (WGS 84)."),
            fld("unit", S, "Id of the administrative unit."),
            fld("address", O, "Address per language."),
            fld("tags", A, "Tags."),
            *extra,
        ],
        ["id"],
        [fk(["agency"], "agencies", ["id"]), fk(["unit"], "admin_units", ["id"])],
        [_record_row(catalog, r, extra_names, units) for r in public],
    ))

    # texts ------------------------------------------------------------------------------
    tables.append(Table(
        "texts", "Texts / Văn bản",
        "One row per record and language: title, summary, body as Markdown and as plain text.",
        [
            fld("record_id", S, required=True),
            fld("lang", S, "BCP-47 language tag.", required=True, enum=list(catalog.languages)),
            fld("title", S, required=True),
            fld("summary", S),
            fld("body_markdown", S, "Body as Markdown (CommonMark)."),
            fld("body_text", S, "Body as plain text."),
            fld("version", S, "Version of this text (first 12 hex digits of the SHA-256 of its content).", required=True),
            fld("source_version", S, "Translations: version of the Vietnamese text they were made from."),
            fld("translated", D, "Translations: date made or last checked."),
            fld("translation_state", S, "source, current, outdated or unknown.",
                required=True, enum=["source", "current", "outdated", "unknown"]),
        ],
        ["record_id", "lang"],
        [fk(["record_id"], "records", ["id"])],
        [
            {
                "record_id": r.id, "lang": lang, "title": t.title, "summary": t.summary or None,
                "body_markdown": t.body or None, "body_text": None,
                "version": None, "source_version": t.source, "translated": t.translated,
                "translation_state": r.translation_state(lang),
            }
            for r, lang, t in text_pairs
        ],
    ))

    # relations --------------------------------------------------------------------------
    tables.append(Table(
        "relations", "Relations / Liên kết",
        "Links between records. “target” is a record or, for answers/supersedes, a tombstone.",
        [
            fld("source", S, required=True), fld("position", I, "Order within the source record.", required=True),
            fld("type", S, required=True,
                enum=["located-at", "venue", "answers", "part-of", "see-also", "supersedes"]),
            fld("target", S, "Id of a record or a tombstone.", required=True),
            fld("target_uri", S, required=True, fmt="uri"),
        ],
        ["source", "position"],
        [fk(["source"], "records", ["id"])],
        [
            {"source": r.id, "position": i, "type": rel.type, "target": rel.target,
             "target_uri": _target_uri(catalog, rel.target)}
            for r in public for i, rel in enumerate(
                [x for x in r.relations if x.target in public_ids or x.target in tombstone_ids])
        ],
    ))

    # media ------------------------------------------------------------------------------
    media_licences = sorted({m.licence for m in public_media if m.licence})
    tables.append(Table(
        "media", "Media / Ảnh",
        "Photos used by public records, with credit and licence (each photo's own).",
        [
            fld("id", S, required=True, unique=True), fld("uri", S, required=True, fmt="uri"),
            fld("agency", S, required=True), fld("credit", S, "How it must be credited.", required=True),
            fld("licence", S, "Licence URI.", required=True, fmt="uri"),
            fld("taken", D), fld("place", S, "Id of the place shown."),
            fld("caption", O, "Caption per language."), fld("alt", O, "Alternative text per language."),
            fld("consent", S, enum=["not-applicable", "obtained", "not-obtained"]),
            fld("press_kit", B, "May go in the downloadable press kit."), fld("sample", B),
        ],
        ["id"],
        [fk(["agency"], "agencies", ["id"]), fk(["place"], "records", ["id"])],
        [
            {
                "id": m.id, "uri": media_uri(catalog, m.id), "agency": m.agency, "credit": m.credit,
                "licence": m.licence, "taken": m.taken, "place": m.place if m.place in public_ids else None,
                "caption": dict(m.caption) or None, "alt": dict(m.alt) or None, "consent": m.consent,
                "press_kit": m.press_kit, "sample": m.sample,
            }
            for m in public_media
        ],
        licences=media_licences,
    ))

    tables.append(Table(
        "record_media", "Record media / Ảnh của bản ghi",
        "Which photos each record uses, in order (the first is the lead photo).",
        [fld("record_id", S, required=True), fld("position", I, required=True), fld("media_id", S, required=True)],
        ["record_id", "position"],
        [fk(["record_id"], "records", ["id"]), fk(["media_id"], "media", ["id"])],
        [
            {"record_id": r.id, "position": i, "media_id": m}
            for r in public for i, m in enumerate([x for x in r.media if x in public_media_ids])
        ],
        licences=media_licences,
    ))

    tables.append(Table(
        "media_files", "Media files / Tệp ảnh",
        "Published derivatives of each photo (originals never leave the repository).",
        [
            fld("path", S, "Path below the portal's root.", required=True, unique=True),
            fld("url", S, required=True, fmt="uri"),
            fld("media_id", S, required=True),
            fld("role", S, required=True, enum=["rendition", "og-image", "full"]),
            fld("width", I, required=True), fld("height", I, required=True),
            fld("format", S, required=True), fld("media_type", S, required=True),
            fld("bytes", I, required=True), fld("sha256", S, required=True),
            fld("credit", S, required=True), fld("licence", S, required=True, fmt="uri"),
        ],
        ["path"],
        [fk(["media_id"], "media", ["id"])],
        _media_file_rows(catalog, media, public_media),
        licences=media_licences,
    ))

    # tombstones -------------------------------------------------------------------------
    tombstones = [
        {"id": r.id, "uri": catalog.record_uri(r), "kind": r.kind, "agency": r.agency, "status": "retracted",
         "date": r.retracted or r.modified, "created": r.created, "modified": r.modified,
         "reason": dict(r.retraction_reason) or None, "replaced_by": None}
        for r in retracted
    ] + [
        {"id": old, "uri": tombstone_uri(catalog, r.kind, old), "kind": r.kind, "agency": r.agency,
         "status": "replaced", "date": r.created, "created": None, "modified": None, "reason": None,
         "replaced_by": r.id}
        for r in public for old in r.former_ids if old not in public_ids
    ]
    tables.append(Table(
        "tombstones", "Tombstones / Bản ghi đã rút",
        "Records that must no longer be shown: retracted (a notice stays at the address) or replaced by "
        "another id. An importer that replaces its copy deletes these ids.",
        [
            fld("id", S, required=True, unique=True), fld("uri", S, required=True, fmt="uri"),
            fld("kind", S, required=True, enum=kinds), fld("agency", S, required=True),
            fld("status", S, required=True, enum=["retracted", "replaced"]),
            fld("date", D, "Date of the retraction or replacement.", required=True),
            fld("created", D), fld("modified", D),
            fld("reason", O, "Public reason per language."),
            fld("replaced_by", S, "Id of the record that replaced it."),
        ],
        ["id"],
        [fk(["agency"], "agencies", ["id"]), fk(["replaced_by"], "records", ["id"])],
        sorted(tombstones, key=lambda t: t["id"]),
    ))

    tables.extend(investment_tables(catalog, public, units))
    return tables


def _known(value: str | None, known: Any) -> str | None:
    return value if value and value in known else None


def _target_uri(catalog: Catalog, record_id: str) -> str:
    record = catalog.records.get(record_id)
    return catalog.record_uri(record) if record else f"{catalog.province.base_url}id/{record_id}"


def _record_row(catalog: Catalog, r: Record, extra: list[str], units: set[str]) -> dict[str, Any]:
    """A record's row; ``extra``: the names of the kinds' own columns (empty where another
    kind's)."""
    loc = r.location
    row: dict[str, Any] = {
        "id": r.id, "uri": catalog.record_uri(r), "kind": r.kind, "agency": r.agency, "status": r.status,
        "created": r.created, "modified": r.modified, "embargo_until": r.embargo_until, "sample": r.sample,
        "lat": loc.lat if loc and loc.has_point else None, "lon": loc.lon if loc and loc.has_point else None,
        "unit": loc.unit if loc and loc.unit in units else None,
        "address": dict(loc.address) if loc and loc.address else None,
        "tags": list(r.tags) or None,
    }
    row.update(zip(extra, map(r.fields.get, extra)))
    return row


def _media_file_rows(catalog: Catalog, media: MediaSet | None, public_media: list) -> list[dict[str, Any]]:
    if media is None:
        return []
    rows: dict[str, dict[str, Any]] = {}
    for m in public_media:
        item = media.items.get(m.id)
        if item is None:
            continue
        for role, rendition in ([("rendition", x) for x in item.renditions]
                                + [("og-image", item.og_image), ("full", item.full)]):
            rows.setdefault(rendition.path, {
                "path": rendition.path, "url": catalog.province.base_url + rendition.path, "media_id": m.id,
                "role": role, "width": rendition.width, "height": rendition.height, "format": rendition.format,
                "media_type": rendition.media_type, "bytes": rendition.bytes, "sha256": rendition.sha256,
                "credit": m.credit, "licence": m.licence,
            })
    return [rows[p] for p in sorted(rows)]


def newest_date(tables: list[Table]) -> datetime | None:
    """The newest moment the exported rows state: what ``created`` and ``version`` come from."""
    from ..catalog.model import VIETNAM
    # every stated value, row by row (so that of equal moments, the first stated is kept)
    stated = [value for table in tables if table.name in ("records", "tombstones")
              for value in chain.from_iterable(zip(*(map(dict.get, table.rows, repeat(key)) for key in _MOMENTS)))]
    # a date is the start of its day in Vietnam: made once per distinct date
    days = {value for value in stated if isinstance(value, date) and not isinstance(value, datetime)}
    midnight = {d: datetime(d.year, d.month, d.day, tzinfo=VIETNAM) for d in days}
    return max((value if isinstance(value, datetime) else midnight[value]
                for value in stated if isinstance(value, date)), default=None)


_MOMENTS = ("modified", "date", "embargo_until")
