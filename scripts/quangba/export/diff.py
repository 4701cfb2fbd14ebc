"""What changed between two versions of the data package (``quangba diff OLD NEW``), so the
national side can import only the changes.

Per record: ``added`` (new, or back from a tombstone), ``modified`` (its row, a text, a
relation or its photos changed — the parts are named), ``tombstoned`` (retracted or
replaced since OLD), and ``removed``: gone without a tombstone, which a well-kept catalog
never does (retract instead) and an importer must look at by hand. Per table, counts of
rows added, removed and changed by primary key.
"""

from __future__ import annotations

import json
from typing import Any

from .read import ReadPackage

_RECORD_PARTS = (("texts", "record_id", "lang"), ("relations", "source", None), ("record_media", "record_id", None))


def _parts(package: ReadPackage) -> dict[str, dict[str, Any]]:
    """Per record id: its row and the rows of its texts, relations and photos."""
    out: dict[str, dict[str, Any]] = {r["id"]: {"record": r} for r in package.rows("records")}
    for table, key, sub in _RECORD_PARTS:
        for row in package.rows(table):
            parts = out.get(row[key])
            if parts is None:
                continue
            name = f"{table}:{row[sub]}" if sub else table
            if sub:
                parts[name] = row
            else:
                parts.setdefault(name, []).append(row)
    return out


def diff_packages(old: ReadPackage, new: ReadPackage) -> dict[str, Any]:
    before, after = _parts(old), _parts(new)
    old_tombs = {t["id"]: t for t in old.rows("tombstones")}
    new_tombs = {t["id"]: t for t in new.rows("tombstones")}
    added = sorted(set(after) - set(before))
    modified = []
    for record_id in sorted(set(after) & set(before)):
        a, b = before[record_id], after[record_id]
        changed = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
        if changed:
            fields = sorted(k for k in set(a["record"]) | set(b["record"]) if a["record"].get(k) != b["record"].get(k))
            modified.append({"id": record_id, "kind": b["record"]["kind"], "uri": b["record"]["uri"],
                             "modified": b["record"]["modified"], "changed": changed, "fields": fields})
    tombstoned = [
        {"id": t["id"], "uri": t["uri"], "status": t["status"], "date": t["date"],
         **({"replaced_by": t["replaced_by"]} if t.get("replaced_by") else {})}
        for tid, t in sorted(new_tombs.items()) if old_tombs.get(tid) != t
    ]
    removed = sorted(set(before) - set(after) - set(new_tombs))
    tables = {}
    for name in sorted(set(old.tables) | set(new.tables)):
        a = old.tables[name].by_key() if name in old.tables else {}
        b = new.tables[name].by_key() if name in new.tables else {}
        counts = {"added": len(set(b) - set(a)), "removed": len(set(a) - set(b)),
                  "changed": sum(1 for k in set(a) & set(b) if a[k] != b[k])}
        if any(counts.values()):
            tables[name] = counts
    return {
        "old": {"version": old.version, "created": old.descriptor.get("created")},
        "new": {"version": new.version, "created": new.descriptor.get("created")},
        "records": {
            "added": [{"id": i, "kind": after[i]["record"]["kind"], "uri": after[i]["record"]["uri"],
                       "modified": after[i]["record"]["modified"]} for i in added],
            "modified": modified,
            "tombstoned": tombstoned,
            "removed": [{"id": i, "kind": before[i]["record"]["kind"], "uri": before[i]["record"]["uri"]} for i in removed],
        },
        "tables": tables,
    }


def render_json(result: dict[str, Any]) -> str:
    return json.dumps(result, ensure_ascii=False, indent=2) + "\n"


def render_text(result: dict[str, Any]) -> str:
    r = result["records"]
    lines = [f"{result['old']['version']} → {result['new']['version']}"]
    for item in r["added"]:
        lines.append(f"+ {item['id']} ({item['kind']}) thêm mới / added")
    for item in r["modified"]:
        lines.append(f"~ {item['id']} ({item['kind']}) sửa đổi / modified: {', '.join(item['changed'])}"
                     + (f" [{', '.join(item['fields'])}]" if item["fields"] else ""))
    for item in r["tombstoned"]:
        what = f"thay bằng / replaced by {item['replaced_by']}" if item.get("replaced_by") else "rút / retracted"
        lines.append(f"- {item['id']} {what} ({item['date']})")
    for item in r["removed"]:
        lines.append(f"! {item['id']} ({item['kind']}) biến mất mà không có bia mộ / removed without a tombstone")
    for name, counts in result["tables"].items():
        lines.append(f"  {name}: +{counts['added']} -{counts['removed']} ~{counts['changed']}")
    lines.append(
        f"{len(r['added'])} thêm, {len(r['modified'])} sửa, {len(r['tombstoned'])} rút/thay, {len(r['removed'])} biến mất / "
        f"{len(r['added'])} added, {len(r['modified'])} modified, {len(r['tombstoned'])} tombstoned, "
        f"{len(r['removed'])} removed")
    return "\n".join(lines) + "\n"
