"""``.github/CODEOWNERS`` generated from ``catalog/agencies.yaml``.

Each record file, its texts in every language and its photos (sidecar and original) are
reviewed by the reviewers of the agency that owns them — a merged-away agency's files go
to its successor — and by the owning department, which reviews and publishes everything.
Every other file (registries, schemas, the portal's look, tooling) falls to the owning
department alone through the first line, ``*``. On the code host, make code-owner review
required on the main branch: then an agency cannot merge a change to another's files.

``quangba build`` writes the file; ``quangba codeowners`` writes it alone; the rule
GOV-CODEOWNERS-STALE says when the committed file no longer matches the registry.
"""

from __future__ import annotations

import os
import weakref
from datetime import datetime
from typing import Iterator

from ..catalog.load import CODEOWNERS_FILE
from ..catalog.model import Catalog
from ..rules.findings import Finding
from ..rules.rulebook import check, finding

CODEOWNERS_PATH = CODEOWNERS_FILE

HEADER = """\
# Sinh tự động từ catalog/agencies.yaml bởi `quangba build` / `quangba codeowners` — không sửa tay.
# Generated from catalog/agencies.yaml by `quangba build` / `quangba codeowners` — do not edit by hand.
# Mỗi bản ghi, văn bản và ảnh → người duyệt của cơ quan sở hữu và của cơ quan chủ quản;
# mọi tệp khác → cơ quan chủ quản.
# Each record, text and photo → its agency's reviewers and the owning department's;
# every other file → the owning department.
"""


def _handles(*groups: tuple[str, ...]) -> str:
    return " ".join(dict.fromkeys(h for group in groups for h in group))


def _reviewers_of(catalog: Catalog, agency_id: str) -> tuple[str, ...]:
    """The reviewers of the agency, or of the agency that took it over."""
    for agency in reversed(catalog.agency_chain(agency_id)):
        if agency.reviewers:
            return agency.reviewers
    return ()


def _path(rel: str) -> str:
    # CODEOWNERS patterns are gitignore-like: escape what would otherwise be a pattern
    out = rel
    for ch in ("\\", "*", "?", "[", "#", " "):
        out = out.replace(ch, "\\" + ch)
    return "/" + out


_made: dict[int, tuple[weakref.ref, str]] = {}  # id(catalog) → (the catalog, its file)


def generate(catalog: Catalog) -> str:
    """The file for this catalog, made once per catalog (validation compares it with the one
    in the repository, then the build writes it)."""
    known = _made.get(id(catalog))
    if known is None or known[0]() is not catalog:
        _made.clear()  # one catalog at a time is loaded
        _made[id(catalog)] = known = (weakref.ref(catalog), _generate(catalog))
    return known[1]


def _generate(catalog: Catalog) -> str:
    owners = tuple(h for a in sorted(catalog.agencies.values(), key=lambda a: a.id) if a.owner for h in a.reviewers)
    lines = [HEADER]
    if not owners:
        lines.append("# Chưa có cơ quan chủ quản có reviewers / no owning department with reviewers yet\n")
    fallback = _handles(owners)
    lines.append(f"*  {fallback}".rstrip() + "\n")
    for path in ("/catalog/agencies.yaml", "/catalog/province.yaml", "/catalog/schemas/", "/.github/"):
        lines.append(f"{path}  {fallback}".rstrip() + "\n")

    rows: list[tuple[str, str, str]] = []  # (agency, pattern, handles)
    for record in sorted(catalog.records.values(), key=lambda r: r.path):
        handles = _handles(_reviewers_of(catalog, record.agency), owners)
        rows.append((record.agency, _path(record.path), handles))
        rows.append((record.agency, f"/content/*/{_path(f'{record.kind}/{record.id}.md')[1:]}", handles))
    for item in sorted(catalog.media.values(), key=lambda m: m.sidecar):
        handles = _handles(_reviewers_of(catalog, item.agency), owners)
        rows.append((item.agency, _path(item.sidecar), handles))
        if item.file.is_relative_to(catalog.root):
            rows.append((item.agency, _path(item.file.relative_to(catalog.root).as_posix()), handles))
    current = None
    for agency, pattern, handles in sorted(rows, key=lambda row: (row[0], row[1])):
        if agency != current:
            a = catalog.agencies.get(agency)
            lines.append(f"\n# {agency}: {a.name('vi') if a else '?'}\n")
            current = agency
        if handles:
            lines.append(f"{pattern}  {handles}\n")
        else:  # nobody to ask yet: say so rather than leave the file unowned by mistake
            lines.append(f"# {pattern}  (chưa có người duyệt / no reviewers yet)\n")
    return "".join(lines)


def write(catalog: Catalog) -> bool:
    """Write the generated file if it differs; True when it changed. A province on another
    forge also gets the copy that forge reads (governance/forges.py)."""
    content = generate(catalog)
    _write_for_forge(catalog, content)
    if catalog.codeowners == content:
        return False
    target = catalog.root / CODEOWNERS_PATH
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(".CODEOWNERS.tmp")
    tmp.write_text(content, "utf-8")
    os.replace(tmp, target)
    return True


def _write_for_forge(catalog: Catalog, content: str) -> None:
    from .forges import codeowners_for

    other = codeowners_for(catalog, content)
    if other is None:
        return
    target = catalog.root / other[0]
    if not target.is_file() or target.read_text("utf-8") != other[1]:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(other[1], "utf-8")


@check("GOV-CODEOWNERS-STALE")
def codeowners_is_current(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    if catalog.codeowners is not None and catalog.codeowners != generate(catalog):
        expected = generate(catalog).splitlines()
        found = catalog.codeowners.splitlines()
        line = next((i + 1 for i, (a, b) in enumerate(zip(expected, found)) if a != b),
                    min(len(expected), len(found)) + 1)
        yield finding("GOV-CODEOWNERS-STALE", CODEOWNERS_PATH, line=line, col=1)
