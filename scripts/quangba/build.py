"""`quangba build`: validate, then build the portal and the data package into a temporary
folder, and only when everything succeeded put them in place of ``site/`` and ``export/``.
A failed build leaves what was published before exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from .findings import Finding
from .load import load_catalog
from .rulebook import finding
from .validate import validate

OUTPUTS = ("site", "export")


@dataclass
class BuildResult:
    ok: bool
    findings: list[Finding]
    summary: list[str] = field(default_factory=list)


def build(root: Path, now: datetime, *, drafts: bool = False) -> BuildResult:
    from .export import export_package
    from .site import build_site

    loaded = load_catalog(root)
    findings = validate(loaded, now)
    if any(f.is_error for f in findings):
        return BuildResult(ok=False, findings=findings)
    catalog = loaded.catalog
    with tempfile.TemporaryDirectory(prefix=".quangba-build-", dir=root) as tmp:
        staging = Path(tmp)
        stage = "site"
        try:
            site = build_site(catalog, staging / "site", now, drafts=drafts)
            stage = "export"
            exported = export_package(catalog, staging / "export", now)
            stage = "replace"
            _replace_outputs(root, staging)
        except Exception as exc:  # a stage broke halfway: nothing was replaced, say so in both languages
            if os.environ.get("QUANGBA_DEBUG"):
                import traceback
                traceback.print_exc()
            failed = finding("BUILD-STAGE-FAILED", ".", stage=stage, error=f"{type(exc).__name__}: {exc}")
            return BuildResult(ok=False, findings=[*findings, failed])
    from .governance import codeowners
    changed = codeowners.write(catalog)
    summary = [
        f"site/: {site.pages} trang / pages ({', '.join(site.languages)})",
        "export/: " + ", ".join(f"{name} {rows}" for name, rows in exported.resources.items()),
        f"{codeowners.CODEOWNERS_PATH}: " + ("cập nhật / updated" if changed else "không đổi / unchanged"),
    ]
    return BuildResult(ok=True, findings=findings, summary=summary)


def _replace_outputs(root: Path, staging: Path) -> None:
    """Swap each finished output into place; on any failure take the new ones out and put
    the old ones back, so a first build that fails leaves no half output either."""
    moved: list[tuple[Path, Path]] = []  # (where the previous output waits, its place)
    placed: list[Path] = []  # new outputs already in place
    try:
        for name in OUTPUTS:
            target, fresh, old = root / name, staging / name, staging / f"{name}.previous"
            if target.exists() or target.is_symlink():
                os.replace(target, old)
                moved.append((old, target))
            os.replace(fresh, target)
            placed.append(target)
    except BaseException:
        for target in reversed(placed):
            shutil.rmtree(target)
        for old, target in reversed(moved):
            os.replace(old, target)
        raise
