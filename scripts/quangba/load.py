"""Files → model. ``load_catalog`` reads the repository once and returns the typed
``Catalog`` with the findings met while reading (bytes, YAML, schemas, Unicode).

It is forgiving on purpose: a broken file becomes a finding and the rest is still read, so
one bad file never hides the findings of others.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Iterator

from .findings import Finding
from .model import (
    SOURCE_LANGUAGE, AdminUnit, Agency, BorderGate, Catalog, KioskCluster, Location, MediaItem,
    Province, ProvinceLink, Record, Relation, Text, parse_moment,
)
from .rulebook import finding
from .schemas import SchemaSet, load_schemas
from .yamlfiles import MAX_YAML_BYTES, YamlDoc, decode_text, parse_yaml

CATALOG_DIR = "catalog"
CONTENT_DIR = "content"
MEDIA_DIR = "assets/media"
SCHEMA_DIR = "catalog/schemas"
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".tif", ".tiff", ".heic"}
MAX_MARKDOWN_BYTES = 1024 * 1024
_COMMON_FIELDS = {
    "id", "kind", "agency", "status", "classification", "created", "modified", "retracted",
    "retraction_reason", "embargo_until", "sample", "location", "tags", "media", "relations", "former_ids",
}


@dataclass
class Loaded:
    catalog: Catalog
    findings: list[Finding]


def load_catalog(root: Path) -> Loaded:
    root = root.resolve()
    reader = _Reader(root)
    schemas = load_schemas(root / SCHEMA_DIR)
    province = reader.province(schemas)
    agencies = reader.agencies(schemas)
    records = reader.records(schemas)
    texts = reader.texts(schemas)
    media, media_files = reader.media(schemas)

    attached: dict[str, dict[str, Text]] = {}
    for text in texts:
        record = records.get(text.record_id)
        if record is not None and record.kind == text.kind and text.lang in province.languages:
            attached.setdefault(text.record_id, {})[text.lang] = text
    records = {
        rid: _with_texts(record, attached.get(rid, {})) for rid, record in sorted(records.items())
    }
    catalog = Catalog(
        root=root, province=province, agencies=agencies, records=records, media=media,
        kinds=tuple(schemas.kinds), schemas=schemas, texts=tuple(texts), media_files=tuple(media_files),
    )
    return Loaded(catalog=catalog, findings=reader.findings)


def _with_texts(record: Record, texts: dict[str, Text]) -> Record:
    from dataclasses import replace
    return replace(record, texts=dict(sorted(texts.items())))


class _Reader:
    def __init__(self, root: Path):
        self.root = root
        self.findings: list[Finding] = []

    # -- files -----------------------------------------------------------------------------
    def rel(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def files(self, folder: Path, pattern: str) -> Iterator[Path]:
        """Files below ``folder``, refusing names with control characters and links that leave the repository."""
        if not folder.is_dir():
            return
        for path in sorted(folder.glob(pattern)):
            rel = self.rel(path)
            if any(unicodedata.category(ch) == "Cc" for ch in path.name):
                self.findings.append(finding("FILE-NAME", rel.encode("unicode_escape").decode("ascii"),
                                             name=path.name.encode("unicode_escape").decode("ascii"),
                                             reason="tên có ký tự điều khiển", reason_en="it contains control characters"))
                continue
            if path.is_symlink() and not path.resolve().is_relative_to(self.root):
                self.findings.append(finding("FILE-NAME", rel, name=path.name,
                                             reason="là liên kết trỏ ra ngoài kho dữ liệu",
                                             reason_en="it is a link pointing outside the repository"))
                continue
            if path.is_file():
                yield path

    def read_text(self, path: Path, limit: int) -> str | None:
        rel = self.rel(path)
        text, found = decode_text(rel, path.read_bytes(), limit=limit)
        self.findings.extend(found)
        return text

    def read_yaml(self, path: Path) -> YamlDoc | None:
        text = self.read_text(path, MAX_YAML_BYTES)
        if text is None:
            return None
        doc, found = parse_yaml(self.rel(path), text)
        self.findings.extend(found)
        if doc is not None:
            self.check_nfc(doc)
        return doc

    def check_nfc(self, doc: YamlDoc) -> None:
        for path, value in _walk(doc.data, ()):
            if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
                line, col = doc.where(*path)
                self.findings.append(finding("TEXT-NFC", doc.path, line=line, col=col))
                return  # one per file is enough: the fix normalises the whole file

    def mapping(self, doc: YamlDoc | None) -> dict[str, Any] | None:
        if doc is None:
            return None
        if not isinstance(doc.data, dict):
            found = "nothing" if doc.data is None else type(doc.data).__name__
            found_vi = {"nothing": "không có gì", "list": "một danh sách", "str": "một dòng văn bản"}.get(found, found)
            self.findings.append(finding("YAML-NOT-MAPPING", doc.path, line=1, col=1, found=found, found_vi=found_vi))
            return None
        return doc.data

    # -- province and agencies ----------------------------------------------------------
    def province(self, schemas: SchemaSet) -> Province:
        path = self.root / CATALOG_DIR / "province.yaml"
        doc = self.read_yaml(path) if path.is_file() else None
        data = self.mapping(doc) or {}
        if doc is not None and data:
            self.findings.extend(schemas.check("province", doc, ("hồ sơ tỉnh", "province profile")))
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
            legal_basis=tuple(x for x in data.get("legal_basis", []) or [] if isinstance(x, dict)),
            reporting=data.get("reporting") if isinstance(data.get("reporting"), dict) else {},
            admin_units=tuple(
                AdminUnit(id=str(u.get("id")), type=str(u.get("type")), names=_strings(u.get("names")),
                          formerly=tuple(map(str, u.get("formerly", []) or [])))
                for u in _dicts(data.get("admin_units"))
            ),
            border_gates=tuple(
                BorderGate(id=str(g.get("id")), names=_strings(g.get("names")), country=str(g.get("country")),
                           counterpart=g.get("counterpart"), record=g.get("record"))
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
                    languages=tuple(x for x in k.get("languages", []) or [] if isinstance(x, str)),
                    records=tuple(x for x in k.get("records", []) or [] if isinstance(x, str)),
                    tags=tuple(x for x in k.get("tags", []) or [] if isinstance(x, str)),
                    seconds=k["seconds"] if isinstance(k.get("seconds"), int) and 4 <= k["seconds"] <= 120 else 12,
                )
                for k in _dicts(data.get("kiosk"))
            ),
        )

    def agencies(self, schemas: SchemaSet) -> dict[str, Agency]:
        path = self.root / CATALOG_DIR / "agencies.yaml"
        doc = self.read_yaml(path) if path.is_file() else None
        data = self.mapping(doc) or {}
        if doc is not None and data:
            self.findings.extend(schemas.check("agencies", doc, ("mục cơ quan", "agency entry")))
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
                parent=item.get("parent"),
                valid_from=_date(item.get("valid_from")),
                valid_to=_date(item.get("valid_to")),
                successor=item.get("successor"),
                owner=item.get("owner") is True,
                reviewers=tuple(map(str, item.get("reviewers", []) or [])),
                url=item.get("url"),
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
            for path in self.files(folder, "*"):
                if path.suffix != ".yaml":
                    self.findings.append(finding("FILE-NAME", self.rel(path), name=path.name,
                                                 reason="bản ghi phải là tệp .yaml",
                                                 reason_en="records are .yaml files"))
                    continue
                record = self.record(path, folder.name, schemas)
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

    def record(self, path: Path, folder: str, schemas: SchemaSet) -> Record | None:
        doc = self.read_yaml(path)
        data = self.mapping(doc)
        if doc is None or data is None:
            return None
        kind = data.get("kind") if isinstance(data.get("kind"), str) else folder
        schema_name = f"record:{kind}" if f"record:{kind}" in schemas.validators else f"record:{folder}"
        if schema_name in schemas.validators:
            self.findings.extend(schemas.check(schema_name, doc, (f"bản ghi loại “{kind}”", f"“{kind}” record")))
        location = data.get("location") if isinstance(data.get("location"), dict) else None
        embargo = data.get("embargo_until")
        return Record(
            id=str(data.get("id", path.stem)),
            kind=str(kind),
            agency=str(data.get("agency", "")),
            status=str(data.get("status", "draft")),
            classification=str(data.get("classification", "secret")),  # unknown ⇒ treated as secret
            created=_date(data.get("created")) or date(1970, 1, 1),
            modified=_date(data.get("modified")) or date(1970, 1, 1),
            path=self.rel(path),
            embargo_until=_moment(embargo),
            retracted=_date(data.get("retracted")),
            retraction_reason=_strings(data.get("retraction_reason")),
            sample=data.get("sample") is True,
            location=Location(
                lat=_number(location.get("lat")), lon=_number(location.get("lon")),
                unit=location.get("unit") if isinstance(location.get("unit"), str) else None,
                address=_strings(location.get("address")),
            ) if location else None,
            tags=tuple(t for t in data.get("tags", []) or [] if isinstance(t, str)),
            media=tuple(m for m in data.get("media", []) or [] if isinstance(m, str)),
            relations=tuple(
                Relation(type=str(r.get("type")), target=str(r.get("target")))
                for r in _dicts(data.get("relations"))
            ),
            former_ids=tuple(t for t in data.get("former_ids", []) or [] if isinstance(t, str)),
            fields={k: v for k, v in data.items() if k not in _COMMON_FIELDS},
            lines={**doc.positions, **doc.key_positions},
        )

    # -- texts ---------------------------------------------------------------------------
    def texts(self, schemas: SchemaSet) -> list[Text]:
        texts = []
        content = self.root / CONTENT_DIR
        if not content.is_dir():
            return texts
        for lang_dir in sorted(p for p in content.iterdir() if p.is_dir()):
            for path in self.files(lang_dir, "*/*"):
                if path.suffix != ".md":
                    self.findings.append(finding("FILE-NAME", self.rel(path), name=path.name,
                                                 reason="văn bản phải là tệp .md", reason_en="texts are .md files"))
                    continue
                text = self.text(path, lang_dir.name, path.parent.name, schemas)
                if text is not None:
                    texts.append(text)
        return texts

    def text(self, path: Path, lang: str, kind: str, schemas: SchemaSet) -> Text | None:
        rel = self.rel(path)
        raw = self.read_text(path, MAX_MARKDOWN_BYTES)
        if raw is None:
            return None
        front, body, body_line = _split_front_matter(raw)
        if front is None:
            self.findings.append(finding("TEXT-FRONT-MATTER", rel, line=1, col=1))
            return None
        doc, found = parse_yaml(rel, front, line_offset=1)
        self.findings.extend(found)
        data = self.mapping(doc)
        if doc is None or data is None:
            return None
        self.check_nfc(doc)
        self.findings.extend(schemas.check("text", doc, ("phần đầu văn bản", "text front matter")))
        for offset, line in enumerate(body.split("\n")):
            if not unicodedata.is_normalized("NFC", line):
                self.findings.append(finding("TEXT-NFC", rel, line=body_line + offset, col=1))
                break
        if lang == SOURCE_LANGUAGE and "source" in data:
            line, col = doc.where("source")
            self.findings.append(finding("TEXT-SOURCE-IN-VI", rel, line=line, col=col))
        return Text(
            lang=lang, kind=kind, record_id=path.stem, path=rel,
            title=str(data.get("title") or ""), summary=str(data.get("summary") or ""), body=body.strip("\n"),
            source=data.get("source") if isinstance(data.get("source"), str) else None,
            translated=_date(data.get("translated")),
            lines={**doc.key_positions, ("body",): (body_line, 1)},
        )

    # -- media ---------------------------------------------------------------------------
    def media(self, schemas: SchemaSet) -> tuple[dict[str, MediaItem], list[str]]:
        media: dict[str, MediaItem] = {}
        folder = self.root / MEDIA_DIR
        originals = [self.rel(p) for p in self.files(folder, "**/*") if p.suffix.lower() in IMAGE_SUFFIXES]
        for path in self.files(folder, "**/*.yaml"):
            doc = self.read_yaml(path)
            data = self.mapping(doc)
            if doc is None or data is None:
                continue
            self.findings.extend(schemas.check("media", doc, ("tệp mô tả ảnh", "media sidecar")))
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


def _split_front_matter(raw: str) -> tuple[str | None, str, int]:
    """(front matter, body, line where the body starts) of a Markdown text."""
    if not raw.startswith("---\n"):
        return None, raw, 1
    end = raw.find("\n---\n", 3)
    if end < 0:
        if raw.endswith("\n---"):
            end = len(raw) - 4
        else:
            return None, raw, 1
    front = raw[4:end + 1]
    body = raw[end + 5:]
    body_line = front.count("\n") + 3
    return front, body, body_line


def _walk(value: Any, path: tuple) -> Iterator[tuple[tuple, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield path + (key,), key
            yield from _walk(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, path + (index,))
    else:
        yield path, value


def _province_link(value: Any) -> ProvinceLink | None:
    if not isinstance(value, dict) or not isinstance(value.get("id"), str):
        return None
    return ProvinceLink(id=value["id"], names=_strings(value.get("names")), effective=_date(value.get("effective")),
                        profile=value.get("profile") if isinstance(value.get("profile"), str) else None)


def _dicts(value: Any) -> list[dict]:
    return [x for x in value if isinstance(x, dict)] if isinstance(value, list) else []


def _strings(value: Any) -> dict[str, str]:
    return {str(k): v for k, v in value.items() if isinstance(v, str)} if isinstance(value, dict) else {}


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
