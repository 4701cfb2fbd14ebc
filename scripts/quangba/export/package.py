"""Tables → files: CSV (UTF-8, NFC) and NDJSON of every table, and the Frictionless Data
Package v2 descriptor with Table Schemas, keys, licences, contributors, sources, and each
file's size and SHA-256.

Byte-reproducible: rows are sorted by the tables, keys are written in a fixed order, and
the only dates are those the data states (``created`` is the newest date of an exported
record or tombstone, never the clock of the machine that builds).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import unicodedata
from datetime import date, datetime
from pathlib import Path
from typing import Any, Callable

from ..model import SOURCE_LANGUAGE, Catalog
from .tables import Table, agency_uri, newest_date

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TABLE_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
# Major version of the package's layout: bumped when a column is removed or changes meaning.
FORMAT_MAJOR = 1
DESCRIPTOR = "datapackage.json"
NDJSON_SUFFIX = "-ndjson"

_LICENCE_NAMES = {
    "https://creativecommons.org/licenses/by/4.0/": ("CC-BY-4.0", "Creative Commons Attribution 4.0"),
    "https://creativecommons.org/licenses/by-sa/4.0/": ("CC-BY-SA-4.0", "Creative Commons Attribution-ShareAlike 4.0"),
    "https://creativecommons.org/publicdomain/zero/1.0/": ("CC0-1.0", "Creative Commons Zero 1.0"),
    "https://creativecommons.org/licenses/by-nc/4.0/": ("CC-BY-NC-4.0", "Creative Commons Attribution-NonCommercial 4.0"),
}


def licence(uri: str) -> dict[str, str]:
    name, title = _LICENCE_NAMES.get(uri, (None, uri))
    out = {"name": name} if name else {}
    return {**out, "path": uri, "title": title}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dumps(value: Any) -> str:
    """Canonical JSON of a cell value: sorted keys, UTF-8 text, no spaces."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (dict, list)):
        return dumps(value)
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def csv_text(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    names = table.field_names
    writer.writerow(names)
    cell: Callable[[Any], str] = _cell
    writer.writerows([cell(row.get(n)) for n in names] for row in table.rows)
    return out.getvalue()


def _canonical(value: Any) -> Any:
    """Objects with their keys sorted, all the way down (lists keep their order)."""
    if isinstance(value, dict):
        return {k: _canonical(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_canonical(x) for x in value]
    return value


def ndjson_text(table: Table) -> str:
    """One JSON object per row, keys in column order, objects inside cells canonical."""
    names = table.field_names
    nested = {f["name"] for f in table.fields if f["type"] in ("object", "array", "any")}
    dated = {f["name"] for f in table.fields if f["type"] in ("date", "datetime", "any")}
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    lines = []
    for row in table.rows:
        obj = {n: row.get(n) for n in names}
        for n in nested:
            if obj[n] is not None:
                obj[n] = _canonical(obj[n])
        for n in dated:
            if isinstance(obj[n], (date, datetime)):
                obj[n] = obj[n].isoformat()
        lines.append(encode(obj))
    return "\n".join(lines) + "\n" if lines else ""


class Writer:
    """Writes files below ``out_dir`` and remembers each one's size and hash."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.files: dict[str, tuple[int, str]] = {}

    def write(self, rel: str, data: bytes | str) -> dict[str, Any]:
        """Write ``data`` (text is written as UTF-8 in Unicode NFC) and return its size and hash."""
        if isinstance(data, str):
            if not unicodedata.is_normalized("NFC", data):
                data = unicodedata.normalize("NFC", data)
            data = data.encode("utf-8")
        path = self.out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.files[rel] = (len(data), sha256(data))
        return {"bytes": len(data), "hash": "sha256:" + sha256(data)}


def table_resources(writer: Writer, tables: list[Table], default_licence: str) -> list[dict[str, Any]]:
    resources: list[dict[str, Any]] = []
    non_empty = {t.name for t in tables if t.rows}
    for table in tables:
        licences = [licence(x) for x in (table.licences or [default_licence]) if x]
        # An empty table has its CSV (the header states the columns) but no NDJSON file: an
        # empty NDJSON file says nothing, and Frictionless cannot read one.
        for fmt in ("csv", "ndjson") if table.rows else ("csv",):
            name = table.name if fmt == "csv" else table.name + NDJSON_SUFFIX
            data = csv_text(table) if fmt == "csv" else ndjson_text(table)
            path = f"data/{table.name}.{fmt}"
            written = writer.write(path, data)
            schema: dict[str, Any] = {"$schema": TABLE_PROFILE, "fields": table.fields,
                                      "primaryKey": table.primary_key}
            # the NDJSON form refers to the NDJSON form of the other tables; an empty table has
            # none, and every reference into it is already checked on the CSV form
            keys = [k for k in table.foreign_keys if fmt == "csv" or k["reference"]["resource"] in non_empty]
            if keys:
                suffix = "" if fmt == "csv" else NDJSON_SUFFIX
                schema["foreignKeys"] = [
                    {"fields": k["fields"], "reference": {"resource": k["reference"]["resource"] + suffix,
                                                          "fields": k["reference"]["fields"]}}
                    for k in keys
                ]
            resource: dict[str, Any] = {
                "name": name, "type": "table", "path": path, "title": table.title,
                "description": table.description if fmt == "csv" else f"{table.description} (NDJSON: the same rows as {path[:-6]}csv)",
                "format": fmt, "mediatype": "text/csv" if fmt == "csv" else "application/x-ndjson",
                "encoding": "utf-8", **written,
            }
            if fmt == "csv":
                resource["dialect"] = {"$schema": "https://datapackage.org/profiles/2.0/tabledialect.json",
                                       "delimiter": ",", "lineTerminator": "\n", "quoteChar": "\"", "header": True}
            resource["licenses"] = licences
            resource["schema"] = schema
            resources.append(resource)
    return resources


def file_resource(name: str, path: str, title: str, fmt: str, mediatype: str, written: dict[str, Any],
                  licence_uri: str) -> dict[str, Any]:
    return {"name": name, "type": "json", "path": path, "title": title, "format": fmt, "mediatype": mediatype,
            "encoding": "utf-8", **written, "licenses": [licence(licence_uri)] if licence_uri else []}


def version_and_created(catalog: Catalog, tables: list[Table], resources: list[dict[str, Any]]) -> tuple[str, str]:
    """Semantic version ``MAJOR.YYYYMMDD.N+sha.<digest>`` and RFC 3339 ``created``, from the data:
    MAJOR is the layout's version, YYYYMMDD the newest date a record or tombstone states, N how
    many records and tombstones changed that day, and the build metadata a digest of every file."""
    newest = newest_date(tables)
    digest = sha256("\n".join(f"{r['path']} {r['hash']}" for r in resources).encode())[:12]
    if newest is None:
        return f"{FORMAT_MAJOR}.0.0+sha.{digest}", "1970-01-01T00:00:00+00:00"
    day = newest.date()
    changed = 0
    for table in tables:
        if table.name in ("records", "tombstones"):
            for row in table.rows:
                values = [row.get("modified"), row.get("date")]
                moment = row.get("embargo_until")
                if isinstance(moment, datetime):
                    values.append(moment.astimezone(newest.tzinfo).date())
                changed += any(v == day for v in values)
    return f"{FORMAT_MAJOR}.{day.strftime('%Y%m%d')}.{changed}+sha.{digest}", newest.isoformat(timespec="seconds")


def descriptor(catalog: Catalog, tables: list[Table], resources: list[dict[str, Any]],
               schema_files: list[dict[str, Any]]) -> dict[str, Any]:
    province = catalog.province
    version, created = version_and_created(catalog, tables, resources)
    owners = {row["agency"] for t in tables if t.name in ("records", "media", "tombstones") for row in t.rows}
    contributors = []
    for a in sorted(catalog.agencies.values(), key=lambda a: a.id):
        if a.id == province.owner:
            roles = ["publisher", "contributor"] if a.id in owners else ["publisher"]
        elif a.id in owners:
            roles = ["contributor"]
        else:
            continue
        contributors.append({"title": a.name(SOURCE_LANGUAGE), "path": agency_uri(catalog, a.id), "roles": roles})
    sources = []
    for basis in province.legal_basis:
        source = {"title": str(basis.get("title", ""))}
        if basis.get("url"):
            source["path"] = str(basis["url"])
        sources.append(source)
    return {
        "$schema": PROFILE,
        "name": f"{province.id}-quangba",
        "id": f"{province.base_url}export/{DESCRIPTOR}",
        "title": province.name(SOURCE_LANGUAGE),
        "description": (
            f"Dữ liệu quảng bá hình ảnh của {province.name(SOURCE_LANGUAGE)}: chỉ các bản ghi công khai đã công bố. / "
            f"Image-promotion data of {province.name('en')}: public, published records only."
        ),
        "homepage": province.base_url,
        "version": version,
        "created": created,
        "keywords": ["thông tin đối ngoại", "foreign information", province.id],
        "licenses": [licence(province.licence)] if province.licence else [],
        "contributors": contributors,
        "sources": sources,
        "resources": resources,
        "quangba:province": {
            "id": province.id, "names": dict(province.names), "languages": list(province.languages),
            "base_url": province.base_url, "licence": province.licence, "owner": province.owner,
            "tagline": dict(province.tagline), "legal_basis": [dict(b) for b in province.legal_basis],
        },
        "quangba:schemas": schema_files,
    }


def descriptor_bytes(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def schema_path(name: str) -> str:
    """Where a schema of ``catalog/schemas/`` goes in the package (and comes back from)."""
    if name.startswith("record:"):
        return f"schemas/kinds/{name.split(':', 1)[1]}.schema.json"
    return f"schemas/{name}.schema.json"


def write_schemas(writer: Writer, catalog: Catalog) -> list[dict[str, Any]]:
    out = []
    raw = catalog.schemas.raw if catalog.schemas is not None else {}
    for name in sorted(raw):
        path = schema_path(name)
        written = writer.write(path, (json.dumps(raw[name], ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        out.append({"path": path, "mediatype": "application/schema+json", **written})
    return out
