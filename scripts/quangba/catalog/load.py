"""Files → model. ``load_catalog`` reads the repository once and returns the typed
``Catalog`` with the findings met while reading (bytes, YAML, schemas, Unicode).

It is forgiving on purpose: a broken file becomes a finding and the rest is still read, so
one bad file never hides the findings of others.

What each file says on its own (``readfile.py``) is kept in the parse cache under ``.cache/``
(``parsecache.py``), so a second run parses only the files that changed; the first run
parses in worker processes when there are thousands of files.
"""

from __future__ import annotations

import contextlib
import gc
import os
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from ..rules.findings import Finding
from .parsecache import ParseCache, read_many
from .readfile import doc_of, finding_of, markdown_body, read_markdown_file, read_yaml_file
from .readfile import split_front_matter as _split_front_matter  # noqa: F401  (used by translations)
from .model import (
    DEFAULT_NAVIGATION, SOURCE_LANGUAGE, AdminUnit, Agency, BorderGate, Catalog, Contact, Identity, KioskCluster,
    Location, MediaItem, Province, ProvinceLink, Record, Relation, SiteInfo, Text, parse_moment,
)
from ..rules.rulebook import finding
from .schemas import SchemaSet, load_schemas
from .yamlfiles import MAX_YAML_BYTES, YamlDoc, decode_text

CATALOG_DIR = "catalog"
CONTENT_DIR = "content"
MEDIA_DIR = "assets/media"
THEME_DIR = "assets/theme"  # the portal's theme overrides (mkdocs.yml custom_dir), copied into site/
SCHEMA_DIR = "catalog/schemas"
CODEOWNERS_FILE = ".github/CODEOWNERS"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".heic"}
MAX_MARKDOWN_BYTES = 1024 * 1024
_CONTROL_CHARACTER = re.compile("[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc
# Names Windows keeps for its devices, whatever the case and extension (``con``, ``Aux.yaml``,
# ``nul.tar.gz``): a colleague on Windows cannot check such a file out, nor the site folder
# its id makes (site/place/con/). Also refused there: a name ending in a dot or a space, and
# the characters <>:"\|?*.
_WINDOWS_RESERVED = re.compile(r"(?i)(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]) *(\..*)?")
_WINDOWS_REFUSED = re.compile(r'[<>:"\\|?*]|[. ]$')
_COMMON_FIELDS = {
    "id", "kind", "agency", "status", "classification", "created", "modified", "retracted",
    "retraction_reason", "embargo_until", "sample", "location", "tags", "media", "relations", "former_ids",
}


@dataclass
class Loaded:
    catalog: Catalog
    findings: list[Finding]


def load_catalog(root: Path, *, cache: bool = True) -> Loaded:
    """``cache=False`` reads every file afresh and leaves ``.cache/`` alone."""
    with collector_paused():
        return _load_catalog(root.resolve(), cache)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the block makes millions of small objects and no
    reference cycles (the collector would walk them over and over for nothing: a third of the
    time at 10 000 records); after it, they count as old objects, not as new ones."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Otherwise the first allocation after the block walks every one of them once more as
        # the youngest generation (0.2 s at 10 000 records); unfreeze puts them in the oldest.
        gc.freeze()
        gc.unfreeze()
        if collecting:
            gc.enable()


def _load_catalog(root: Path, cache: bool) -> Loaded:
    parsed = ParseCache.open(root) if cache else ParseCache(None)
    reader = _Reader(root, parsed)
    reader.preload()
    schemas = load_schemas(root / SCHEMA_DIR)
    province = reader.province(schemas)
    agencies = reader.agencies(schemas)
    records = reader.records(schemas)
    texts = reader.texts(schemas)
    media, media_files = reader.media(schemas)
    reader.findings.extend(theme_link_findings(root))
    codeowners = reader.optional_text(root / CODEOWNERS_FILE)

    attached: dict[str, dict[str, Text]] = {}
    for text in texts:
        record = records.get(text.record_id)
        if record is not None and record.kind == text.kind and text.lang in province.languages:
            attached.setdefault(text.record_id, {})[text.lang] = text
    records = dict(sorted(records.items()))
    for rid, record in records.items():
        # each record was made with an empty dict of its own for its texts (see ``record``)
        record.texts.update(sorted(attached.get(rid, {}).items()))
    catalog = Catalog(
        root=root, province=province, agencies=agencies, records=records, media=media,
        kinds=tuple(schemas.kinds), schemas=schemas, texts=tuple(texts), media_files=tuple(media_files),
        codeowners=codeowners,
    )
    parsed.save()
    return Loaded(catalog=catalog, findings=reader.findings)


class _Reader:
    def __init__(self, root: Path, cache: ParseCache):
        self.root = root
        self.findings: list[Finding] = []
        self.cache = cache
        self.preloaded: dict[str, tuple[bytes, bytes]] = {}  # (bytes, cache key) read ahead, by relative path
        self.listings: dict[tuple[Path, str], list[tuple[Path, str, str | None]]] = {}
        self.windows_reported: set[str] = set()

    # -- files -----------------------------------------------------------------------------
    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def files(self, folder: Path, pattern: str) -> Iterator[Path]:
        return (path for path, _, _ in self.files_rel(folder, pattern))

    def files_rel(self, folder: Path, pattern: str) -> Iterator[tuple[Path, str, str]]:
        """Files below ``folder``, their paths relative to the root and their names, refusing
        names with control characters and links that leave the repository."""
        for path, rel, problem, name in self.listing(folder, pattern):
            if problem == "name":
                self.findings.append(finding("FILE-NAME", rel.encode("unicode_escape").decode("ascii"),
                                             name=name.encode("unicode_escape").decode("ascii"),
                                             reason="tên có ký tự điều khiển", reason_en="it contains control characters"))
            elif problem == "windows":
                if rel not in self.windows_reported:  # a folder may be listed with two patterns
                    self.windows_reported.add(rel)
                    self.findings.append(finding(
                        "FILE-NAME", rel, name=name,
                        reason="Windows không cho phép tên này (tên thiết bị như con, aux, nul, com1, lpt1, "
                               "hoặc có ký tự <>:\"\\|?*, hoặc kết thúc bằng dấu chấm), nên đồng nghiệp dùng "
                               "Windows không lấy được kho về; hãy đổi tên, ví dụ thêm một từ: con-duong",
                        reason_en="Windows does not allow this name (a device name such as con, aux, nul, com1, lpt1, "
                                  "or one of <>:\"\\|?*, or a final dot), so a colleague on Windows cannot check "
                                  "the repository out; rename it, e.g. add a word: con-road"))
                yield path, rel, name  # read all the same: its other findings are still worth knowing
            elif problem == "outside":
                self.findings.append(finding("FILE-OUTSIDE-REPO", rel, name=rel))
            elif problem is None:
                yield path, rel, name

    def listing(self, folder: Path, pattern: str) -> list[tuple[Path, str, str | None, str]]:
        """(path, path relative to the root, problem, name) of what ``pattern`` matches below
        ``folder``, in sorted order; problem is "name", "outside", "not-a-file" or None. Listed once."""
        if (folder, pattern) not in self.listings:
            self.listings[folder, pattern] = list(self._list(folder, pattern)) if folder.is_dir() else []
        return self.listings[folder, pattern]

    def _list(self, folder: Path, pattern: str) -> Iterator[tuple[Path, str, str | None, str]]:
        if pattern in ("*", "*/*"):
            found = _scan(folder, self.rel(folder), pattern == "*/*")
        else:
            found = ((path, self.rel(path), None, None, path.name) for path in sorted(folder.glob(pattern)))
        inside_folders: dict[Path, bool] = {}
        last_folder, last_inside = None, False  # files come folder by folder: asked once per folder
        for path, rel, real_folder, is_file, name in found:
            if _CONTROL_CHARACTER.search(name):
                yield path, rel, "name", name
                continue
            # the file itself, or a folder on its way, may be a link: where it really is counts
            if real_folder is None:
                inside = path.resolve().is_relative_to(self.root)
            elif real_folder is last_folder:
                inside = last_inside
            else:
                if real_folder not in inside_folders:
                    inside_folders[real_folder] = real_folder.is_relative_to(self.root)
                last_folder, last_inside = real_folder, inside_folders[real_folder]
                inside = last_inside
            if not inside:
                yield path, rel, "outside", name
            elif is_file if is_file is not None else path.is_file():
                yield path, rel, "windows" if _not_for_windows(name) else None, name
            else:
                yield path, rel, "not-a-file", name

    def preload(self) -> None:
        """Read the records and texts ahead, and parse at once (in parallel when many) the
        ones the cache does not know yet, so that reading them one by one later is quick."""
        jobs = []
        catalog_dir = self.root / CATALOG_DIR
        folders = sorted(p for p in catalog_dir.iterdir() if p.is_dir() and p.name != "schemas") \
            if catalog_dir.is_dir() else []
        for folder in folders:
            jobs += [("yaml", rel, path, MAX_YAML_BYTES, "") for path, rel, problem, name in self.listing(folder, "*")
                     if problem is None and _has_suffix(name, ".yaml")]
        content = self.root / CONTENT_DIR
        for lang_dir in sorted(p for p in content.iterdir() if p.is_dir()) if content.is_dir() else []:
            lang = lang_dir.name
            jobs += [("md", rel, path, MAX_MARKDOWN_BYTES, lang)
                     for path, rel, problem, name in self.listing(lang_dir, "*/*")
                     if problem is None and _has_suffix(name, ".md")]
        missing = []
        root = self.root.as_posix()
        for job in jobs:
            unit, rel, path, limit, _ = job
            try:
                raw = _read_at_most(f"{root}/{rel}", limit)
            except OSError:
                continue
            if len(raw) > limit:
                continue  # reported when read in turn
            key = ParseCache.key(unit, rel, raw)
            self.preloaded[rel] = raw, key
            if key not in self.cache.entries:
                missing.append(job)
        for key, entry in read_many(missing):
            self.cache.entries[key] = entry

    def read_bytes(self, path: Path, rel: str, limit: int, unit: str = "") -> tuple[bytes, bytes] | None:
        """The file's bytes and their cache key for ``unit``, or None when it is too large."""
        preloaded = self.preloaded.pop(rel, None)
        if preloaded is not None:
            return preloaded
        size = path.stat().st_size
        if size > limit:  # refused before reading: a huge file never reaches memory
            self.findings.append(finding("FILE-TOO-LARGE", rel, size=size, limit=limit))
            return None
        raw = path.read_bytes()
        return raw, ParseCache.key(unit, rel, raw)

    def read_text(self, path: Path, limit: int) -> str | None:
        rel = self.rel(path)
        read = self.read_bytes(path, rel, limit)
        if read is None:
            return None
        text, found = decode_text(rel, read[0], limit=limit)
        self.findings.extend(found)
        return text

    def optional_text(self, path: Path) -> str | None:
        """A generated text file the repository may hold (e.g. CODEOWNERS), or None."""
        if path.is_symlink() or not path.is_file():
            return None
        return self.read_text(path, MAX_YAML_BYTES * 8)

    def read_yaml(self, path: Path, rel: str | None = None) -> YamlDoc | None:
        """The file as a mapping, or None (with the findings that say why)."""
        rel = rel or self.rel(path)
        read = self.read_bytes(path, rel, MAX_YAML_BYTES, "yaml")
        if read is None:
            return None
        raw, key = read
        entry = self.cache.get(key)
        if entry is None:
            entry = read_yaml_file(rel, raw, MAX_YAML_BYTES)
            self.cache.put(key, entry)
        rows, parts = entry
        if rows:
            self.findings.extend(map(finding_of, rows))
        return doc_of(rel, parts) if parts is not None else None

    # -- province and agencies ----------------------------------------------------------
    def province(self, schemas: SchemaSet) -> Province:
        path = self.root / CATALOG_DIR / "province.yaml"
        doc = self.read_yaml(path) if path.is_file() else None
        data = doc.data if doc is not None else {}
        if doc is not None and data:
            self.findings.extend(schemas.check("province", doc, ("hồ sơ tỉnh", "province profile")))
            self.findings.extend(schemas.line_breaks("province", doc))
        languages = data.get("languages")
        if not (isinstance(languages, list) and languages and all(isinstance(x, str) for x in languages)):
            languages = [SOURCE_LANGUAGE]
        names = _strings(data.get("names")) or {SOURCE_LANGUAGE: str(data.get("id", "province"))}
        return Province(
            id=str(data.get("id", "province")),
            names=names,
            languages=tuple(dict.fromkeys([SOURCE_LANGUAGE, *languages])),
            base_url=str(data.get("base_url", "https://example.invalid/")),
            licence=str(data.get("licence", "")),
            owner=str(data.get("owner", "")),
            tagline=_strings(data.get("tagline")),
            legal_basis=tuple(_dicts(data.get("legal_basis"))),
            reporting=data.get("reporting") if isinstance(data.get("reporting"), dict) else {},
            admin_units=tuple(
                AdminUnit(id=str(u.get("id")), type=str(u.get("type")), names=_strings(u.get("names")),
                          formerly=_texts(u.get("formerly")))
                for u in _dicts(data.get("admin_units"))
            ),
            border_gates=tuple(
                BorderGate(id=str(g.get("id")), names=_strings(g.get("names")), country=str(g.get("country")),
                           counterpart=_text(g.get("counterpart")), record=_text(g.get("record")))
                for g in _dicts(data.get("border_gates"))
            ),
            lines=doc.key_positions if doc else {},
            valid_to=_date(data.get("valid_to")),
            successor=_province_link(data.get("successor")),
            predecessors=tuple(filter(None, (_province_link(p) for p in _dicts(data.get("predecessors"))))),
            kiosks=tuple(
                KioskCluster(
                    id=str(k.get("id")), names=_strings(k.get("names")),
                    gate=k.get("gate") if isinstance(k.get("gate"), str) else None,
                    languages=_texts(k.get("languages")),
                    records=_texts(k.get("records")),
                    tags=_texts(k.get("tags")),
                    seconds=k["seconds"] if isinstance(k.get("seconds"), int) and 4 <= k["seconds"] <= 120 else 12,
                )
                for k in _dicts(data.get("kiosk"))
            ),
            forge=_strings(data.get("forge")),
            identity=self.identity(data.get("identity")),
            site=_site_info(data.get("site")),
        )

    MAX_LOGO_BYTES = 512 * 1024

    def identity(self, value: Any) -> Identity:
        """The emblem's bytes are read here, once: the site stage only writes them out. A
        logo (or share image) outside the repository, missing or too large is left unread (rule
        PROVINCE-LOGO)."""
        data = value if isinstance(value, dict) else {}
        colours = data.get("colours") if isinstance(data.get("colours"), dict) else {}
        logo = _text(data.get("logo"))
        share_image = _text(data.get("share_image"))
        defaults = Identity()
        return Identity(logo=logo, logo_bytes=self._identity_file(logo, (".svg", ".png")),
                        share_image=share_image,
                        share_image_bytes=self._identity_file(share_image, (".png", ".jpg", ".jpeg")),
                        primary=_text(colours.get("primary")) or defaults.primary,
                        accent=_text(colours.get("accent")) or defaults.accent)

    def _identity_file(self, rel: str | None, suffixes: tuple[str, ...]) -> bytes:
        """An identity file's bytes, or none when it is missing, outside the repository or too large."""
        if not rel or not rel.lower().endswith(suffixes):
            return b""
        path = self.root / rel
        try:
            inside = path.resolve().is_relative_to(self.root.resolve())
            if inside and path.is_file() and path.stat().st_size <= self.MAX_LOGO_BYTES:
                return path.read_bytes()
        except OSError:
            pass
        return b""

    def agencies(self, schemas: SchemaSet) -> dict[str, Agency]:
        path = self.root / CATALOG_DIR / "agencies.yaml"
        doc = self.read_yaml(path) if path.is_file() else None
        data = doc.data if doc is not None else {}
        if doc is not None and data:
            self.findings.extend(schemas.check("agencies", doc, ("mục cơ quan", "agency entry")))
            self.findings.extend(schemas.line_breaks("agencies", doc))
        agencies: dict[str, Agency] = {}
        for index, item in enumerate(_dicts(data.get("agencies"))):
            agency_id = str(item.get("id", ""))
            line = doc.where("agencies", index)[0] if doc else 0
            if agency_id in agencies:
                self.findings.append(finding("AGENCY-DUPLICATE", self.rel(path), line=line, col=1,
                                             agency=agency_id, first_line=agencies[agency_id].line))
                continue
            agencies[agency_id] = Agency(
                id=agency_id,
                kind=str(item.get("kind", "other")),
                names=_strings(item.get("names")) or {SOURCE_LANGUAGE: agency_id},
                short=_strings(item.get("short")),
                former_names=tuple(_strings(n) for n in _dicts(item.get("former_names"))),
                parent=_text(item.get("parent")),
                valid_from=_date(item.get("valid_from")),
                valid_to=_date(item.get("valid_to")),
                successor=_text(item.get("successor")),
                owner=item.get("owner") is True,
                reviewers=_texts(item.get("reviewers")),
                url=_text(item.get("url")),
                address=_strings(item.get("address")),
                phone=_contact_text(item.get("phone")),
                email=_contact_text(item.get("email")),
                contacts=tuple(_contact(c, doc, ("agencies", index, "contacts", i))
                               for i, c in enumerate(item.get("contacts") or []) if isinstance(c, dict))
                if isinstance(item.get("contacts"), list) else (),
                line=line,
                field_lines={key[2]: pos for key, pos in doc.key_positions.items()
                             if len(key) == 3 and key[:2] == ("agencies", index)} if doc else {},
            )
        return agencies

    # -- records -------------------------------------------------------------------------
    def records(self, schemas: SchemaSet) -> dict[str, Record]:
        records: dict[str, Record] = {}
        catalog_dir = self.root / CATALOG_DIR
        for folder in sorted(p for p in catalog_dir.iterdir() if p.is_dir() and p.name != "schemas"):
            for path, rel, name in self.files_rel(folder, "*"):
                if not _has_suffix(name, ".yaml"):
                    self.findings.append(finding("FILE-NAME", rel, name=name,
                                                 reason="bản ghi phải là tệp .yaml",
                                                 reason_en="records are .yaml files"))
                    continue
                record = self.record(path, rel, folder.name, name[:-len(".yaml")], schemas)
                if record is None:
                    continue
                if record.id in records:
                    # which file is the newcomer is not ours to guess: report it on both
                    first = records[record.id]
                    for one, other in ((record, first), (first, record)):
                        line, col = one.line_of("id")
                        self.findings.append(finding("REC-ID-DUPLICATE", one.path, line=line, col=col,
                                                     id=one.id, other=other.path))
                    continue
                records[record.id] = record
        return records

    def record(self, path: Path, rel: str, folder: str, stem: str, schemas: SchemaSet) -> Record | None:
        doc = self.read_yaml(path, rel)
        if doc is None:
            return None
        data = doc.data
        kind = data.get("kind") if isinstance(data.get("kind"), str) else folder
        schema_name = f"record:{kind}" if f"record:{kind}" in schemas.validators else f"record:{folder}"
        if schema_name in schemas.validators:
            self.findings.extend(schemas.check(schema_name, doc, (f"bản ghi loại “{kind}”", f"“{kind}” record")))
        if doc.line_breaks:
            self.findings.extend(schemas.line_breaks(schema_name, doc))
        location = data.get("location") if isinstance(data.get("location"), dict) else None
        embargo = data.get("embargo_until")
        return Record(
            id=str(data.get("id", stem)),
            kind=str(kind),
            agency=str(data.get("agency", "")),
            status=str(data.get("status", "draft")),
            classification=str(data.get("classification", "secret")),  # unknown ⇒ treated as secret
            created=_date(data.get("created")) or date(1970, 1, 1),
            modified=_date(data.get("modified")) or date(1970, 1, 1),
            path=rel,
            embargo_until=_moment(embargo),
            retracted=_date(data.get("retracted")),
            retraction_reason=_strings(data.get("retraction_reason")),
            sample=data.get("sample") is True,
            location=Location(
                lat=_number(location.get("lat")), lon=_number(location.get("lon")),
                unit=location.get("unit") if isinstance(location.get("unit"), str) else None,
                address=_strings(location.get("address")),
            ) if location else None,
            tags=_texts(data.get("tags")),
            media=_texts(data.get("media")),
            relations=tuple(
                Relation(type=str(r.get("type")), target=str(r.get("target")))
                for r in _dicts(data.get("relations"))
            ),
            former_ids=_texts(data.get("former_ids")),
            fields={k: v for k, v in data.items() if k not in _COMMON_FIELDS},
            texts={},  # filled once every text is read (``_load_catalog``)
            lines={**doc.positions, **doc.key_positions},
        )

    # -- texts ---------------------------------------------------------------------------
    def texts(self, schemas: SchemaSet) -> list[Text]:
        texts = []
        content = self.root / CONTENT_DIR
        if not content.is_dir():
            return texts
        for lang_dir in sorted(p for p in content.iterdir() if p.is_dir()):
            # the listing made each path "<lang_dir>/<kind>/<name>": the kind is what lies between
            kind_at = len(self.rel(lang_dir)) + 1
            lang = lang_dir.name
            for path, rel, name in self.files_rel(lang_dir, "*/*"):
                if not _has_suffix(name, ".md"):
                    self.findings.append(finding("FILE-NAME", rel, name=name,
                                                 reason="văn bản phải là tệp .md", reason_en="texts are .md files"))
                    continue
                kind = rel[kind_at:len(rel) - len(name) - 1]
                text = self.text(path, rel, lang, kind, name[:-len(".md")], schemas)
                if text is not None:
                    texts.append(text)
        return texts

    def text(self, path: Path, rel: str, lang: str, kind: str, record_id: str, schemas: SchemaSet) -> Text | None:
        read = self.read_bytes(path, rel, MAX_MARKDOWN_BYTES, "md")
        if read is None:
            return None
        raw, key = read
        entry = self.cache.get(key)
        if entry is None:
            entry = read_markdown_file(rel, raw, MAX_MARKDOWN_BYTES, lang)
            self.cache.put(key, entry)
        before, parts, after = entry
        if before:
            self.findings.extend(map(finding_of, before))
        if parts is None:
            return None
        data, _, key_positions, line_breaks = parts
        if not schemas.is_valid("text", data):  # the document is made only to explain why
            self.findings.extend(schemas.check("text", doc_of(rel, parts), ("phần đầu văn bản", "text front matter")))
        if line_breaks:
            self.findings.extend(schemas.line_breaks("text", doc_of(rel, parts)))
        if after:
            self.findings.extend(map(finding_of, after))
        body, body_line = markdown_body(raw)
        return Text(
            lang=lang, kind=kind, record_id=record_id, path=rel,
            title=str(data.get("title") or ""), summary=str(data.get("summary") or ""), body=body.strip("\n"),
            source=data.get("source") if isinstance(data.get("source"), str) else None,
            translated=_date(data.get("translated")),
            lines={**key_positions, ("body",): (body_line, 1)},
        )

    # -- media ---------------------------------------------------------------------------
    def media(self, schemas: SchemaSet) -> tuple[dict[str, MediaItem], list[str]]:
        media: dict[str, MediaItem] = {}
        folder = self.root / MEDIA_DIR
        originals = [self.rel(p) for p in self.files(folder, "**/*") if p.suffix.lower() in IMAGE_SUFFIXES]
        for path in self.files(folder, "**/*.yaml"):
            doc = self.read_yaml(path)
            if doc is None:
                continue
            data = doc.data
            self.findings.extend(schemas.check("media", doc, ("tệp mô tả ảnh", "media sidecar")))
            self.findings.extend(schemas.line_breaks("media", doc))
            media[path.stem] = MediaItem(
                id=path.stem,
                file=path.parent / str(data.get("file", "")),
                sidecar=self.rel(path),
                agency=str(data.get("agency", "")),
                credit=str(data.get("credit", "")),
                licence=str(data.get("licence", "")),
                taken=_date(data.get("taken")),
                place=data.get("place") if isinstance(data.get("place"), str) else None,
                caption=_strings(data.get("caption")),
                alt=_strings(data.get("alt")),
                consent=str(data.get("consent", "not-applicable")),
                press_kit=data.get("press_kit") is True,
                sample=data.get("sample") is True,
                lines=doc.key_positions,
            )
        return media, originals


def _province_link(value: Any) -> ProvinceLink | None:
    if not isinstance(value, dict) or not isinstance(value.get("id"), str):
        return None
    return ProvinceLink(id=value["id"], names=_strings(value.get("names")), effective=_date(value.get("effective")),
                        profile=value.get("profile") if isinstance(value.get("profile"), str) else None)


def _contact_text(value: Any) -> str | None:
    """A phone or e-mail as written (an integer phone number keeps its digits)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value.strip() if isinstance(value, str) and value.strip() else None


def _contact(item: dict, doc: YamlDoc | None, path: tuple) -> Contact:
    lines = {k: doc.where(*path, k) for k in ("role", "phone", "email")} if doc else {}
    return Contact(role=str(item.get("role", "")), names=_strings(item.get("names")), title=_strings(item.get("title")),
                   phone=_contact_text(item.get("phone")), email=_contact_text(item.get("email")), lines=lines)


def _site_info(value: Any) -> SiteInfo:
    data = value if isinstance(value, dict) else {}
    navigation = _texts(data.get("navigation")) if isinstance(data.get("navigation"), list) else DEFAULT_NAVIGATION
    return SiteInfo(managing_agency=_text(data.get("managing_agency")), responsible=_strings(data.get("responsible")),
                    responsible_title=_strings(data.get("responsible_title")), featured=_text(data.get("featured")),
                    journalists=_text(data.get("journalists")), navigation=navigation)


def _dicts(value: Any) -> list[dict]:
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def _strings(value: Any) -> dict[str, str]:
    return {str(k): v for k, v in value.items() if isinstance(v, str)} if isinstance(value, dict) else {}


def _text(value: Any) -> str | None:
    """A field that must be text: anything else is reported by the schema and read as absent."""
    return value if isinstance(value, str) else None


def _texts(value: Any) -> tuple[str, ...]:
    return tuple(x for x in value if isinstance(x, str)) if isinstance(value, list) else ()


def _date(value: Any) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
    except ValueError:
        return None


def _moment(value: Any):
    try:
        return parse_moment(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def theme_link_findings(root: Path) -> list[Finding]:
    """The theme's files are published as they are (site/): a link that leaves the repository
    (FILE-OUTSIDE-REPO) or the theme's folder (THEME-LINK, e.g. to an internal record) would
    publish what it points at. Links are not followed (a loop cannot trap the walk)."""
    theme = root / THEME_DIR
    if theme.is_symlink() and not theme.resolve().is_relative_to(root):
        return [finding("FILE-OUTSIDE-REPO", THEME_DIR, name=THEME_DIR)]
    if not theme.is_dir():
        return []
    found = []
    real_theme = theme.resolve()
    for folder, dirs, files in os.walk(theme):
        dirs.sort()
        for name in sorted(files) + [d for d in dirs if os.path.islink(os.path.join(folder, d))]:
            path = Path(folder, name)
            if not path.is_symlink():
                continue
            rel = path.relative_to(root).as_posix()
            target = path.resolve()
            if not target.is_relative_to(root):
                found.append(finding("FILE-OUTSIDE-REPO", rel, name=rel))
            elif not target.is_relative_to(real_theme):
                found.append(finding("THEME-LINK", rel, name=rel, target=target.relative_to(root).as_posix()))
    return found


def _not_for_windows(name: str) -> bool:
    return bool(_WINDOWS_RESERVED.fullmatch(name) or _WINDOWS_REFUSED.search(name))


def _has_suffix(name: str, suffix: str) -> bool:
    """``PurePosixPath(name).suffix == suffix`` for a file name and a suffix like ".md" (the stem
    is then ``name[:-len(suffix)]``): pathlib calls ".md" alone a name without suffix."""
    return name.endswith(suffix) and name != suffix


_READ_ONLY = os.O_RDONLY | getattr(os, "O_CLOEXEC", 0)


def _read_at_most(path: str, limit: int) -> bytes:
    """The file's bytes, or its first ``limit + 1`` bytes when it is larger than ``limit``.

    Asking for exactly the size the file has: a read of ``limit + 1`` bytes allocates that much
    for every file, which made reading 36 000 small files take a second instead of a quarter."""
    descriptor = os.open(path, _READ_ONLY)
    try:
        want = min(os.fstat(descriptor).st_size, limit) + 1
        first = os.read(descriptor, want)
        if len(first) == want - 1:
            return first  # all of it, as fstat said: what almost every file does
        chunks = [first]
        read = len(first)
        while chunks[-1] and read < limit + 1 and (read >= want or read < want - 1):
            # it grew since fstat, or the read was short: go on until the end or the limit
            chunks.append(os.read(descriptor, limit + 1 - read))
            read += len(chunks[-1])
    finally:
        os.close(descriptor)
    return b"".join(chunks)


def _scan(folder: Path, rel: str, two_levels: bool) -> Iterator[tuple[Path, str, Path | None, bool, str]]:
    """What ``folder.glob("*")`` (or ``"*/*"``) finds, in the same order, as (path, path relative
    to the root, the real folder it is in or None when unknown, is a file, name);
    a folder is resolved once instead of every file in it."""
    try:
        entries = sorted((entry.name, entry) for entry in os.scandir(folder))
    except OSError:
        return
    if not two_levels:
        yield from _entries(folder, rel, entries)
        return
    for name, entry in entries:
        try:
            if not entry.is_dir():
                continue
            inner = sorted((e.name, e) for e in os.scandir(entry.path))
        except OSError:
            continue
        yield from _entries(folder / name, f"{rel}/{name}", inner)


def _entries(folder: Path, rel: str, entries: list) -> Iterator[tuple[Path, str, Path | None, bool, str]]:
    real = folder.resolve()
    # what pathlib's own glob uses; much cheaper than ``folder / name`` for 30 000 files
    child = getattr(folder, "_make_child_relpath", folder.joinpath)
    for name, entry in entries:
        try:
            link, is_file = entry.is_symlink(), entry.is_file()
        except OSError:
            link, is_file = True, False
        # a file that is not a link is where its folder really is
        yield child(name), f"{rel}/{name}", None if link else real, is_file, name
