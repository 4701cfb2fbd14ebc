"""``quangba import PACKAGE DIR``: a data package back into catalog files.

Writes ``catalog/`` (province, agencies, schemas, one YAML per record — tombstones as
retracted records or as ``former_ids``), ``content/<lang>/<kind>/<id>.md`` and media
sidecars under ``assets/media/``. Exporting the result gives the same package, byte for
byte: the round trip proves the package loses nothing it promises to carry.

What a package never carries stays out: originals of photos (only their sidecars come
back, naming ``<id>.jpg``), the texts of retracted records, internal governance fields
(reviewers, reporting deadlines, border gates).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from ..catalog.model import SOURCE_LANGUAGE
from .package import schema_path
from .read import ReadPackage

_RECORD_COLUMNS = ("id", "uri", "kind", "agency", "status", "created", "modified", "embargo_until", "sample",
                   "lat", "lon", "unit", "address", "tags")


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9, default_flow_style=False)


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None and v != [] and v != {}}


def import_package(package: ReadPackage, target: Path) -> dict[str, int]:
    """Write the package's catalog into ``target`` (which must be empty); counts of files written."""
    written: dict[str, int] = {"records": 0, "texts": 0, "media": 0, "schemas": 0}

    def write(rel: str, content: str) -> None:
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, "utf-8")

    d = package.descriptor
    for entry in d.get("quangba:schemas", []):
        data = json.loads((package.folder / entry["path"]).read_text("utf-8"))
        rel = entry["path"].removeprefix("schemas/").replace(".schema.json", ".schema.yaml")
        write(f"catalog/schemas/{rel}", _yaml(data))
        written["schemas"] += 1

    province = dict(d.get("quangba:province", {}))
    units = [
        _drop_empty({"id": u["id"], "type": u.get("type"), "names": u.get("names") or {SOURCE_LANGUAGE: u["name_vi"]},
                     "formerly": u.get("formerly")})
        for u in package.rows("admin_units")
    ]
    write("catalog/province.yaml", _yaml(_drop_empty({**province, "admin_units": units})))

    agencies = [
        _drop_empty({
            "id": a["id"], "kind": a.get("kind"), "names": a.get("names") or {SOURCE_LANGUAGE: a["name_vi"]},
            "short": a.get("short"), "former_names": a.get("former_names"), "parent": a.get("parent"),
            "valid_from": a.get("valid_from"), "valid_to": a.get("valid_to"), "successor": a.get("successor"),
            "owner": True if a.get("owner") else None, "url": a.get("url"),
        })
        for a in package.rows("agencies")
    ]
    write("catalog/agencies.yaml", _yaml({"agencies": agencies}))

    relations: dict[str, list[dict[str, Any]]] = {}
    for rel in sorted(package.rows("relations"), key=lambda r: (r["source"], r["position"])):
        relations.setdefault(rel["source"], []).append({"type": rel["type"], "target": rel["target"]})
    media: dict[str, list[str]] = {}
    for m in sorted(package.rows("record_media"), key=lambda r: (r["record_id"], r["position"])):
        media.setdefault(m["record_id"], []).append(m["media_id"])
    former: dict[str, list[str]] = {}
    for t in package.rows("tombstones"):
        if t["status"] == "replaced" and t.get("replaced_by"):
            former.setdefault(t["replaced_by"], []).append(t["id"])

    kinds: dict[str, str] = {}
    for r in package.rows("records"):
        kinds[r["id"]] = r["kind"]
        location = _drop_empty({"lat": r.get("lat"), "lon": r.get("lon"), "unit": r.get("unit"),
                                "address": r.get("address")})
        record = _drop_empty({
            "id": r["id"], "kind": r["kind"], "agency": r["agency"], "status": r["status"],
            "classification": "public", "created": r["created"], "modified": r["modified"],
            "embargo_until": r.get("embargo_until"), "sample": True if r.get("sample") else None,
            "location": location or None, "tags": r.get("tags"), "media": media.get(r["id"]),
            "relations": relations.get(r["id"]), "former_ids": sorted(former.get(r["id"], [])) or None,
        })
        record.update({k: v for k, v in r.items() if k not in _RECORD_COLUMNS})
        write(f"catalog/{r['kind']}/{r['id']}.yaml", _yaml(record))
        written["records"] += 1
    for t in package.rows("tombstones"):
        if t["status"] != "retracted":
            continue
        record = _drop_empty({
            "id": t["id"], "kind": t["kind"], "agency": t["agency"], "status": "retracted",
            "classification": "public", "created": t.get("created", t["date"]), "modified": t.get("modified", t["date"]),
            "retracted": t["date"], "retraction_reason": t.get("reason"),
        })
        write(f"catalog/{t['kind']}/{t['id']}.yaml", _yaml(record))
        written["records"] += 1

    for t in package.rows("texts"):
        front = _drop_empty({"title": t["title"], "summary": t.get("summary"), "source": t.get("source_version"),
                             "translated": t.get("translated")})
        body = t.get("body_markdown", "")
        write(f"content/{t['lang']}/{kinds[t['record_id']]}/{t['record_id']}.md", f"---\n{_yaml(front)}---\n{body}\n")
        written["texts"] += 1

    for m in package.rows("media"):
        sidecar = _drop_empty({
            "file": f"{m['id']}.jpg", "agency": m["agency"], "credit": m["credit"], "licence": m["licence"],
            "taken": m.get("taken"), "place": m.get("place"), "caption": m.get("caption"), "alt": m.get("alt"),
            "consent": m.get("consent"), "press_kit": True if m.get("press_kit") else None,
            "sample": True if m.get("sample") else None,
        })
        write(f"assets/media/{m['id']}.yaml", _yaml(sidecar))
        written["media"] += 1
    return written


__all__ = ["import_package", "schema_path"]
