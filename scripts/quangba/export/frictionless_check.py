"""The Frictionless Framework's validation of a package, every error a finding, with its
verdict on each resource kept between builds by content.

Frictionless reads every row of every file, seconds for a province; after one edit most files
of the package are the same bytes as before. A resource's verdict depends only on its entry in
the descriptor, the bytes of its file, and — through its foreign keys — the entries and bytes
of the resources it refers to (and on Frictionless itself). The key of a verdict is the SHA-256
of all of that, so an unchanged resource gets the verdict it had and every other one is
validated again. The package's own metadata is validated every time. Verdicts live in
``<cache>/frictionless-verdicts.json``; deleting it only makes the next check slower.
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ..rules.findings import Finding
from ..rules.rulebook import finding
from ..util.cachefile import load_entries, save_entries
from .package import DESCRIPTOR

VERDICTS = "frictionless-verdicts.json"
Verdict = list[list[str]]  # [file, error type, note, where] per error


def frictionless_findings(descriptor_path: Path, cache_dir: Path | None = None) -> list[Finding]:
    """Every error Frictionless finds in the package, as ``frictionless validate`` reports
    them; with ``cache_dir``, resources whose inputs did not change are not read again."""
    from frictionless import FrictionlessException, Resource

    try:
        # the way `frictionless validate datapackage.json` opens a package, then Package.validate
        package = Resource(str(descriptor_path)).read_metadata()
        package.to_descriptor(validate=True)
    except FrictionlessException as exc:
        return [_finding([DESCRIPTOR, error.type, error.note, DESCRIPTOR]) for error in exc.to_errors()]
    except Exception as exc:  # a descriptor Frictionless cannot even open is a finding, not a crash
        return [_finding([DESCRIPTOR, type(exc).__name__, str(exc), DESCRIPTOR])]
    keys = _verdict_keys(descriptor_path) if cache_dir is not None else {}
    known = load_entries(cache_dir / VERDICTS, _version()) if cache_dir is not None else {}
    used: dict[str, Verdict] = {}
    out: list[Finding] = []
    for resource in package.resources:
        key = keys.get(resource.name)
        verdict = known.get(key) if key else None
        if not _is_verdict(verdict):
            try:
                verdict = verdict_of(resource.validate(limit_errors=sys.maxsize))
            except RecursionError:  # a value nested deeper than it reads: a finding, not a crash
                verdict = [[str(resource.path or resource.name), "recursion-error",
                            "a value is nested too deeply to be read", str(resource.path or resource.name)]]
        if key:
            used[key] = verdict
        out.extend(map(_finding, verdict))
    if cache_dir is not None and used.keys() != known.keys():
        save_entries(cache_dir / VERDICTS, _version(), used)
    return out


def verdict_of(report: Any) -> Verdict:
    """A Frictionless report's errors as rows: [file, error type, note, where]."""
    rows = []
    for task in report.tasks:
        rel = task.place if task.place and not task.place.startswith("/") else str(task.name)
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field = getattr(error, "field_name", None)
            where = ", ".join(x for x in (f"row {row}" if row else "", f"field {field}" if field else "") if x) or rel
            rows.append([rel, error.type, error.note, where])
    rows.extend([DESCRIPTOR, error.type, error.note, DESCRIPTOR] for error in report.errors)
    return rows


def _finding(row: list[str]) -> Finding:
    rel, kind, note, where = row
    return finding("EXPORT-FRICTIONLESS", rel, type=kind, note=note, where=where)


def _is_verdict(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(row, list) and len(row) == 4 and all(isinstance(x, str) for x in row) for row in value)


@cache
def _version() -> str:
    """Verdicts of another Frictionless, or of another version of this file, are not reused."""
    own = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    return f"frictionless {metadata.version('frictionless')}; {own}"


def _verdict_keys(descriptor_path: Path) -> dict[str, str]:
    """Resource name → the digest of everything its verdict depends on. A resource whose file
    cannot be read safely gets no key: it is validated every time."""
    try:
        descriptor = json.loads(descriptor_path.read_text("utf-8"))
        entries = {r["name"]: r for r in descriptor["resources"] if isinstance(r, dict) and isinstance(r.get("name"), str)}
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    folder = descriptor_path.parent.resolve()
    digests: dict[str, str | None] = {}

    def digest(name: str) -> str | None:
        if name not in digests:
            path = entries[name].get("path")
            target = (folder / path).resolve() if isinstance(path, str) else None
            try:
                ok = target is not None and target.is_relative_to(folder) and target.is_file()
                digests[name] = hashlib.sha256(target.read_bytes()).hexdigest() if ok else None
            except OSError:
                digests[name] = None
        return digests[name]

    keys = {}
    for name, entry in entries.items():
        schema = entry.get("schema") if isinstance(entry.get("schema"), dict) else {}
        foreign = schema.get("foreignKeys") if isinstance(schema.get("foreignKeys"), list) else []
        targets = sorted({str((fk.get("reference") or {}).get("resource") or name)
                          for fk in foreign if isinstance(fk, dict) and isinstance(fk.get("reference") or {}, dict)})
        if any(t not in entries for t in targets):
            continue  # Frictionless reports the missing resource; no key, no reuse
        inputs = [(t, entries[t], digest(t)) for t in sorted({name, *targets})]
        if any(d is None for _, _, d in inputs):
            continue
        keys[name] = hashlib.sha256(json.dumps([descriptor.get("$schema"), name, inputs], sort_keys=True,
                                               ensure_ascii=False).encode("utf-8")).hexdigest()
    return keys
