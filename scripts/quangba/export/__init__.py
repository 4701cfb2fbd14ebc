"""The export stage: ``export_package(catalog, out_dir, now)`` writes the data package the
national foreign-information database imports (Frictionless Data Package, CSV + schemas).

Only what may be public leaves: published, public, past-embargo records and their texts
and media; retracted records become tombstones. Rows are sorted and dates come from the
data, so the same commit always exports the same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable

from .. import __version__
from ..model import Catalog, Record

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


@dataclass(frozen=True)
class ExportSummary:
    resources: dict[str, int]  # rows per resource


def _uri(catalog: Catalog, record: Record) -> str:
    return catalog.record_uri(record)


def tables(catalog: Catalog, now: datetime) -> dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]]:
    """Each resource: (fields of its Table Schema, rows, primary key)."""
    visible = catalog.visible_records(now)
    public = [r for r in visible if r.status == "published"]
    public_ids = {r.id for r in public}
    agencies = [
        {
            "id": a.id, "kind": a.kind, "name_vi": a.names.get("vi", ""), "name_en": a.names.get("en", ""),
            "parent": a.parent or "", "valid_from": a.valid_from.isoformat() if a.valid_from else "",
            "valid_to": a.valid_to.isoformat() if a.valid_to else "", "successor": a.successor or "",
        }
        for a in sorted(catalog.agencies.values(), key=lambda a: a.id)
    ]
    records = [
        {
            "id": r.id, "uri": _uri(catalog, r), "kind": r.kind, "agency": r.agency, "status": r.status,
            "created": r.created.isoformat(), "modified": r.modified.isoformat(),
            "retracted": r.retracted.isoformat() if r.retracted else "",
            "lat": r.location.lat if r.location and r.location.has_point and r.status == "published" else "",
            "lon": r.location.lon if r.location and r.location.has_point and r.status == "published" else "",
            "sample": "true" if r.sample else "false",
        }
        for r in visible
    ]
    texts = [
        {
            "record_id": r.id, "lang": lang, "title": text.title, "summary": text.summary, "body_markdown": text.body,
            "version": text.version, "source_version": text.source or "",
        }
        for r in public for lang, text in r.texts.items()
    ]
    relations = [
        {"source": r.id, "type": rel.type, "target": rel.target}
        for r in public for rel in r.relations if rel.target in public_ids
    ]
    s, d, i, n, b = "string", "date", "integer", "number", "boolean"
    return {
        "agencies": (
            [_f("id", s, True), _f("kind", s), _f("name_vi", s, True), _f("name_en", s), _f("parent", s),
             _f("valid_from", d), _f("valid_to", d), _f("successor", s)],
            agencies, ["id"],
        ),
        "records": (
            [_f("id", s, True), _f("uri", s, True, "uri"), _f("kind", s, True), _f("agency", s, True),
             _f("status", s, True), _f("created", d, True), _f("modified", d, True), _f("retracted", d),
             _f("lat", n), _f("lon", n), _f("sample", b, True)],
            records, ["id"],
        ),
        "texts": (
            [_f("record_id", s, True), _f("lang", s, True), _f("title", s, True), _f("summary", s),
             _f("body_markdown", s), _f("version", s, True), _f("source_version", s)],
            texts, ["record_id", "lang"],
        ),
        "relations": (
            [_f("source", s, True), _f("type", s, True), _f("target", s, True)],
            relations, ["source", "type", "target"],
        ),
    }


def _f(name: str, type_: str, required: bool = False, fmt: str | None = None) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "type": type_}
    if fmt:
        field["format"] = fmt
    if required:
        field["constraints"] = {"required": True}
    if type_ == "boolean":
        field["trueValues"], field["falseValues"] = ["true"], ["false"]
    return field


_FOREIGN_KEYS = {
    "agencies": [{"fields": ["parent"], "reference": {"resource": "agencies", "fields": ["id"]}}],
    "records": [{"fields": ["agency"], "reference": {"resource": "agencies", "fields": ["id"]}}],
    "texts": [{"fields": ["record_id"], "reference": {"resource": "records", "fields": ["id"]}}],
    "relations": [
        {"fields": ["source"], "reference": {"resource": "records", "fields": ["id"]}},
        {"fields": ["target"], "reference": {"resource": "records", "fields": ["id"]}},
    ],
}


def _csv_bytes(fields: list[dict[str, Any]], rows: Iterable[dict[str, Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[f["name"] for f in fields], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def export_package(catalog: Catalog, out_dir: Path, now: datetime) -> ExportSummary:
    out_dir.mkdir(parents=True, exist_ok=True)
    resources = []
    counts = {}
    for name, (fields, rows, key) in tables(catalog, now).items():
        data = _csv_bytes(fields, rows)
        path = f"data/{name}.csv"
        (out_dir / "data").mkdir(exist_ok=True)
        (out_dir / path).write_bytes(data)
        counts[name] = len(rows)
        resources.append({
            "name": name,
            "path": path,
            "type": "table",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": len(data),
            "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
            "schema": {"fields": fields, "primaryKey": key, "foreignKeys": _FOREIGN_KEYS[name]},
        })
    province = catalog.province
    descriptor = {
        "$schema": PROFILE,
        "name": f"{province.id}-quangba",
        "title": province.name("vi"),
        "version": __version__,
        "created": f"{catalog.as_of.isoformat()}T00:00:00Z",
        "homepage": province.base_url,
        "licenses": [{"path": province.licence, "title": province.licence}],
        "contributors": [
            {"title": a.name("vi"), "roles": ["publisher" if a.id == province.owner else "contributor"]}
            for a in sorted(catalog.agencies.values(), key=lambda a: a.id) if a.valid_to is None
        ],
        "resources": resources,
    }
    (out_dir / "datapackage.json").write_text(json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return ExportSummary(resources=counts)
