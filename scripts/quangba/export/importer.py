"""``quangba import PACKAGE DIR``: a data package back into catalog files.

Writes ``catalog/`` (province, agencies, schemas, one YAML per record — tombstones as
retracted records or as ``former_ids``), ``content/<lang>/<kind>/<id>.md`` and media
sidecars under ``assets/media/``. Exporting the result gives the same package, byte for
byte: the round trip proves the package loses nothing it promises to carry.

What a package never carries stays out: originals of photos (only their sidecars come
back, naming ``<id>.jpg``), the texts of retracted records, internal governance fields
(reviewers, reporting deadlines, border gates).

A package comes from elsewhere and its own schema proves nothing about safety: every id
that names a file is held to the project's own patterns (``check.PROJECT_ID``), schemas
only come from ``schemas/…`` inside the package, and every file is planned before any is
written, into a temporary folder moved into place whole. Refused, nothing is written.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..catalog.model import SOURCE_LANGUAGE
from ..rules.findings import Finding
from ..rules.rulebook import finding
from .check import PROJECT_ID, PROJECT_ID_MAX, PROJECT_LANG
from .package import DESCRIPTOR, schema_path
from .pathsafe import Unsafe, file_problem, path_problem, read_plain, shown
from .read import ReadPackage

_RECORD_COLUMNS = ("id", "uri", "kind", "agency", "status", "created", "modified", "embargo_until", "sample",
                   "lat", "lon", "unit", "address", "tags")
# where a package keeps the catalog's schemas: written back under catalog/schemas/
_SCHEMA_PATH = re.compile(r"^schemas/((?:[a-z0-9-]+/)*[a-z0-9-]+)\.schema\.json$")
MAX_SCHEMA_BYTES = 1 << 20


@dataclass
class ImportResult:
    """Counts of the files written, or the findings that say why nothing was."""
    counts: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)


def _yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**9, default_flow_style=False)


def _drop_empty(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None and v != [] and v != {}}


def import_package(package: ReadPackage, target: Path) -> ImportResult:
    """Write the package's catalog into ``target`` (a new or empty folder). Every file is made
    in a temporary folder beside it, moved in only when all are: a package refused (an id that
    is not the project's, a path out of the package, a text without its record) writes nothing."""
    try:
        files, counts, findings = _plan_files(package)
    except (KeyError, TypeError, AttributeError) as exc:  # a column the package's own schema let go
        what = f"{type(exc).__name__}: {shown(str(exc))}"
        return ImportResult(findings=[finding(
            "EXPORT-COLUMNS", DESCRIPTOR, name=DESCRIPTOR,
            problem=f"a value the import needs is missing or not of its type ({what})",
            problem_vi=f"thiếu một giá trị cần cho việc nhập, hoặc sai kiểu ({what})")])
    if any(f.is_error for f in findings):
        return ImportResult(findings=findings)
    _write_all(files, target)
    return ImportResult(counts=counts, findings=findings)


def _write_all(files: dict[str, str], target: Path) -> None:
    """Every file into a temporary folder beside ``target``, then that folder in its place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".quangba-import-", dir=target.parent))
    try:
        for rel, content in files.items():
            path = staging / rel
            if not path.resolve().is_relative_to(staging.resolve()):  # cannot happen: every part is checked
                raise ValueError(f"{rel} is outside the target")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, "utf-8")
        os.replace(staging, target)  # replaces an empty folder; refuses one that is not empty
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _id_problem(value: Any, table: str, column: str, row: int, pattern: re.Pattern[str] = PROJECT_ID
                ) -> Finding | None:
    """An id (or language tag) that is not the project's, as check-package reports it."""
    if isinstance(value, str) and len(value) <= PROJECT_ID_MAX and pattern.match(value):
        return None
    extra = f", at most {PROJECT_ID_MAX} characters" if pattern is PROJECT_ID else ""
    extra_vi = f", tối đa {PROJECT_ID_MAX} ký tự" if pattern is PROJECT_ID else ""
    rel = f"data/{table}.csv"
    return finding("EXPORT-ID", rel, name=rel, field=column, row=row, value=shown(value),
                   problem=f"it does not match {pattern.pattern}{extra}",
                   problem_vi=f"giá trị không khớp {pattern.pattern}{extra_vi}")


def _ids_refused(package: ReadPackage) -> list[Finding]:
    """Every id or language tag of the package that would name a file, held to the project's
    own patterns whatever the package's schema says."""
    columns = {"records": ("id", "kind"), "tombstones": ("id", "kind"), "media": ("id",)}
    found = []
    for table, names in columns.items():
        for row, r in enumerate(package.rows(table), start=1):
            found += [p for name in names if (p := _id_problem(r.get(name), table, name, row)) is not None]
    for row, t in enumerate(package.rows("texts"), start=1):
        found += [p for p in (_id_problem(t.get("record_id"), "texts", "record_id", row),
                              _id_problem(t.get("lang"), "texts", "lang", row, PROJECT_LANG)) if p is not None]
    return found


def _schemas(package: ReadPackage) -> tuple[dict[str, str], list[Finding]]:
    """The package's ``quangba:schemas`` as YAML files under catalog/schemas/."""
    files: dict[str, str] = {}
    found: list[Finding] = []
    entries = package.descriptor.get("quangba:schemas", [])
    for entry in entries if isinstance(entries, list) else [entries]:
        rel = entry.get("path") if isinstance(entry, dict) else entry
        match = _SCHEMA_PATH.match(rel) if isinstance(rel, str) else None
        problem = path_problem(rel) or (file_problem(package.folder, rel) if match else None)
        if match is None or problem is not None:
            problem = problem or Unsafe(shown(rel), "not a schema of the catalog (schemas/….schema.json)",
                                        "không phải lược đồ của catalog (schemas/….schema.json)")
            found.append(finding("EXPORT-PATH-UNSAFE", DESCRIPTOR, name=problem.name, problem=problem.en,
                                 problem_vi=problem.vi))
            continue
        try:
            data = json.loads(read_plain(package.folder / rel, MAX_SCHEMA_BYTES).decode("utf-8"))
        except (OSError, ValueError, RecursionError) as exc:
            found.append(finding("EXPORT-DESCRIPTOR", rel, problem=f"{rel}: {type(exc).__name__}",
                                 problem_vi=f"{rel}: {type(exc).__name__}"))
            continue
        files[f"catalog/schemas/{match.group(1)}.schema.yaml"] = _yaml(data)
    return files, found


def _plan_files(package: ReadPackage) -> tuple[dict[str, str], dict[str, int], list[Finding]]:
    """Every file the import writes (path under the target → content) and how many of each
    sort, or the findings that refuse the package."""
    findings = _ids_refused(package)
    files, refused = _schemas(package)
    findings += refused
    kinds = {r["id"]: r["kind"] for r in package.rows("records") if isinstance(r.get("id"), str)}
    for row, t in enumerate(package.rows("texts"), start=1):
        if t.get("record_id") not in kinds:
            findings.append(finding("IMPORT-TEXT-ORPHAN", "data/texts.csv", name="data/texts.csv", row=row,
                                    lang=shown(t.get("lang")), record=shown(t.get("record_id"))))
    if findings:
        return {}, {}, findings
    written: dict[str, int] = {"records": 0, "texts": 0, "media": 0, "schemas": len(files)}

    def write(rel: str, content: str) -> None:
        files[rel] = content

    d = package.descriptor
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
    return files, written, []


__all__ = ["import_package", "schema_path"]
