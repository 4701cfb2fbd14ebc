"""`quangba build`: validate, then build the portal and the data package into a temporary
folder, and only when everything succeeded put them in place of ``site/`` and ``export/``.
A failed build leaves what was published before exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from .catalog.load import load_catalog
from .governance import codeowners  # noqa: F401  also registers GOV-CODEOWNERS-STALE with the rules
from .rules.findings import Finding, sort_findings
from .rules.rulebook import finding
from .rules.validate import validate
from .util.beside import StageError, run_beside

OUTPUTS = ("site", "export")
MEDIA_CACHE = ".cache/media"  # derivatives by content hash; safe to delete, never published
SITE_CACHE = ".cache/site"  # rendered bodies and MkDocs frames (site/render.py); same rules
EXPORT_CACHE = ".cache/export"  # Frictionless' verdicts on unchanged files (export/frictionless_check.py)


@dataclass
class BuildResult:
    ok: bool
    findings: list[Finding]
    summary: list[str] = field(default_factory=list)


def build(root: Path, now: datetime, *, frictionless: bool = False) -> BuildResult:
    """Never shows drafts: previews with drafts are ``quangba serve``'s, built elsewhere.
    The package is published only when the project's own check finds nothing wrong with it
    (every file, column, cell and key: export/check.py); ``frictionless`` adds the
    Frictionless Framework's validation as a second opinion, slower (it reads every row in
    pure Python: a second per thousand records of a province after each edit)."""
    from .media.pipeline import process_media
    from .site import build_site

    loaded = load_catalog(root)
    findings = validate(loaded, now)
    if any(f.is_error for f in findings):
        return BuildResult(ok=False, findings=findings)
    catalog = loaded.catalog
    with tempfile.TemporaryDirectory(prefix=".quangba-build-", dir=root) as tmp:
        staging = Path(tmp)
        stage = "media"
        try:
            media = process_media(catalog, staging / "media-root", now, cache_dir=root / MEDIA_CACHE)
            if any(f.is_error for f in media.findings):
                return BuildResult(ok=False, findings=sort_findings([*findings, *media.findings]))
            stage = "site"
            # the package is made (and validated) in a second process while the site is laid out
            exported, site = run_beside(
                ("export", lambda: _export(catalog, staging / "export", now, media, frictionless=frictionless,
                                           cache_dir=root / EXPORT_CACHE)),
                ("site", lambda: build_site(catalog, staging / "site", now, media=media, cache_dir=root / SITE_CACHE,
                                           previous=root / "site")))
            # mkdocs empties its site_dir, so the derivatives join the site after it is built
            _add_media(staging / "media-root", staging / "site")
            if not exported.ok:  # the package failed its own validation: publish neither output
                return BuildResult(ok=False, findings=[*findings, *exported.findings])
            stage = "replace"
            _replace_outputs(root, staging)
            _discard_later(root, [staging / f"{name}.previous" for name in OUTPUTS])
        except Exception as exc:  # a stage broke halfway: nothing was replaced, say so in both languages
            if os.environ.get("QUANGBA_DEBUG"):
                import traceback
                traceback.print_exc()
            if isinstance(exc, StageError):
                stage, error = exc.stage, exc.error
            else:
                error = f"{type(exc).__name__}: {exc}"
            failed = finding("BUILD-STAGE-FAILED", ".", stage=stage, error=error)
            return BuildResult(ok=False, findings=[*findings, failed])
    changed = codeowners.write(catalog)
    summary = [
        f"site/: {site.pages} trang / pages ({', '.join(site.languages)})",
        f"site/media/: {len(media.items)} ảnh / images, {len(media.press_kits)} bộ ảnh báo chí / press kits "
        f"({media.processed} xử lý / processed, {media.cached} từ bộ nhớ đệm / from cache)",
        "export/: " + ", ".join(f"{name} {rows}" for name, rows in exported.resources.items()),
        f"{codeowners.CODEOWNERS_PATH}: " + ("cập nhật / updated" if changed else "không đổi / unchanged"),
    ]
    return BuildResult(ok=True, findings=findings, summary=summary)


@dataclass
class _Exported:
    """What the build needs to know of the package made beside it: plain data, so that this
    process need not import the export's modules to read it (a tenth of a second)."""
    findings: list[Finding]
    resources: dict[str, int]

    @property
    def ok(self) -> bool:
        return not any(f.is_error for f in self.findings)


def _export(*args: Any, **kwargs: Any) -> _Exported:
    from .export import export_package  # imported in the process that makes the package

    summary = export_package(*args, **kwargs)
    return _Exported(findings=summary.findings, resources=summary.resources)


def _add_media(media_root: Path, site: Path) -> None:
    source, target = media_root / "media", site / "media"
    if not source.is_dir():
        return
    if target.exists():
        shutil.copytree(source, target, dirs_exist_ok=True)
    else:
        os.replace(source, target)


DISCARDED = ".quangba-build-discarded-"  # outputs replaced by a newer build, being deleted


# Each runs detached: the first process returns at once, its child deletes (no zombie is
# left). A shell and rm start in a millisecond or two; Python, where they are missing, in 50.
_SHELL_DELETER = 'rm -rf -- "$@" </dev/null >/dev/null 2>&1 &'
_PYTHON_DELETER = "import os, shutil, sys\nif os.fork() == 0:\n    for p in sys.argv[1:]: shutil.rmtree(p, True)\n"


def _discard_later(root: Path, folders: list[Path]) -> None:
    """Delete the outputs just replaced in a process of their own that the build does not
    wait for: deleting thousands of files and folders takes longer than writing them on
    many file systems (a second at 3 × 1000 records), and nothing needs them any more.
    What an earlier one left behind (the machine stopped) goes with them. Never fails: at
    worst the folders are deleted here, or with the build's temporary folder."""
    try:
        bin_ = Path(tempfile.mkdtemp(prefix=DISCARDED, dir=root))
        for i, folder in enumerate(f for f in folders if f.exists()):
            os.replace(folder, bin_ / str(i))
    except OSError:
        return
    doomed = [str(bin_), *(str(p) for p in root.glob(DISCARDED + "*") if p != bin_)]
    shell = shutil.which("sh") if os.name == "posix" and shutil.which("rm") else None
    deleter = [shell, "-c", _SHELL_DELETER, "sh"] if shell else [sys.executable, "-I", "-S", "-c", _PYTHON_DELETER]
    try:
        subprocess.run([*deleter, *doomed], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL, start_new_session=True, timeout=60, check=True)
    except (OSError, subprocess.SubprocessError):
        for folder in doomed:
            shutil.rmtree(folder, ignore_errors=True)


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
