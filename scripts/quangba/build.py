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
DATA_FOLDER = "data"  # the package inside the portal: /data/
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
    with build_lock(root):  # loads the files only once no other build runs: the last one started wins
        return _build(root, now, frictionless=frictionless)


def _build(root: Path, now: datetime, *, frictionless: bool) -> BuildResult:
    from .media.pipeline import process_media
    from .site import build_site

    loaded = load_catalog(root)
    findings = validate(loaded, now)
    if any(f.is_error for f in findings):
        return BuildResult(ok=False, findings=findings)
    catalog = loaded.catalog
    _clear_killed_builds(root)
    staging = Path(tempfile.mkdtemp(prefix=STAGING, dir=root))
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
        _add_data_package(staging / "export", staging / "site")
        _finish_open_data(catalog, staging, exported)
        stage = "replace"
        _publish_pair(root, staging)
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
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already when it became the live pair
    changed = codeowners.write(catalog)
    summary = [
        f"site/: {site.pages} trang / pages ({', '.join(site.languages)})",
        f"site/media/: {len(media.items)} ảnh / images, {len(media.press_kits)} bộ ảnh báo chí / press kits "
        f"({media.processed} xử lý / processed, {media.cached} từ bộ nhớ đệm / from cache)",
        "export/: " + ", ".join(f"{name} {rows}" for name, rows in exported.resources.items()),
        f"{codeowners.CODEOWNERS_PATH}: " + ("cập nhật / updated" if changed else "không đổi / unchanged"),
        _next_update_line(catalog, now),
    ]
    return BuildResult(ok=True, findings=findings, summary=summary)


def _next_update_line(catalog, now: datetime) -> str:
    from .deploy.next_update import as_text, next_update

    return as_text(*next_update(catalog, now))


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


def _add_data_package(export: Path, site: Path) -> None:
    """The package goes out with the portal, at ``/data/``: hard links to the same bytes
    (a copy where the file system has none), so the two can never differ."""
    for source in sorted(export.rglob("*")):
        target = site / DATA_FOLDER / source.relative_to(export)
        if source.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except OSError:
            shutil.copy2(source, target)


def _finish_open_data(catalog, staging: Path, exported: "_Exported") -> None:
    """The Open data page's version, date and files, and the feed of releases, from the
    package just made (the site stage runs beside the export and cannot know them)."""
    import json

    from .site import opendata

    descriptor = json.loads((staging / "export" / "datapackage.json").read_text("utf-8"))
    opendata.fill_pages(staging / "site", catalog.languages, descriptor)
    first = opendata.first_release(descriptor, exported.resources.get("records", 0))
    opendata.write_release_feeds(catalog, staging / "site", [first])


# The published pair: site/ and export/ are links into the live folder, which is itself a
# link to one finished build's folder; switching that one link (a rename, atomic) replaces
# both outputs at once, whatever is killed when.
STAGING = ".quangba-build-"  # a build in progress (or killed: the next build deletes it)
PAIRS = ".quangba-output"  # finished builds: <name>/site and <name>/export
LIVE = ".quangba-live"  # -> .quangba-output/<name>, the pair site/ and export/ show
LOCK = ".quangba-build.lock"


def build_lock(root: Path):
    from .util.lock import held

    return held(root / LOCK, what="build", folder=root)


def _live_pair(root: Path) -> Path | None:
    try:
        return root / os.readlink(root / LIVE)
    except OSError:
        return None


def _clear_killed_builds(root: Path) -> None:
    """Under the lock nothing else builds here: every staging folder and every pair that is
    not live was left by a killed build (up to tens of MB each)."""
    live = _live_pair(root)
    kept = {live} | {(live / name).resolve().parent for name in OUTPUTS if live and (live / name).is_symlink()}
    stale = [p for p in root.glob(STAGING + "*") if not p.name.startswith(DISCARDED) and p.is_dir()]
    if (root / PAIRS).is_dir():
        stale += [p for p in (root / PAIRS).iterdir() if p not in kept and p.resolve() not in kept]
    for link in root.glob(LIVE + ".new-*"):
        link.unlink(missing_ok=True)
    if stale:
        _discard_later(root, stale)


def _output_links_in_place(root: Path) -> bool:
    return all(os.path.islink(root / name) and os.readlink(root / name) == f"{LIVE}/{name}" for name in OUTPUTS)


def _adopt_previous_outputs(root: Path) -> None:
    """site/ and export/ that are not both links into the live pair (a repository built before
    outputs were pairs, or `quangba export` wrote export/ on its own) become the live pair
    first: a folder is moved in (the only moment an output is briefly missing), a link still
    leads where it led."""
    legacy = Path(tempfile.mkdtemp(prefix="legacy-", dir=root / PAIRS))
    os.chmod(legacy, 0o755)
    for name in OUTPUTS:
        path = root / name
        if path.is_symlink():
            if path.exists():
                os.symlink(os.path.relpath(path.resolve(), legacy), legacy / name)
        elif path.is_dir():
            os.replace(path, legacy / name)
    _switch_live(root, legacy)
    _link_outputs(root)


def _link_outputs(root: Path) -> None:
    for name in OUTPUTS:
        link = root / f"{LIVE}.new-{name}"
        link.unlink(missing_ok=True)
        os.symlink(f"{LIVE}/{name}", link)
        os.replace(link, root / name)


def _switch_live(root: Path, pair: Path) -> None:
    link = root / f"{LIVE}.new-{pair.name}"
    link.unlink(missing_ok=True)
    os.symlink(os.path.relpath(pair, root), link)
    try:
        os.replace(link, root / LIVE)  # the one moment the published pair changes
    except BaseException:
        link.unlink(missing_ok=True)
        raise


def _publish_pair(root: Path, staging: Path) -> None:
    """Make the staged site/ and export/ the published pair in one rename."""
    shutil.rmtree(staging / "media-root", ignore_errors=True)
    (root / PAIRS).mkdir(exist_ok=True)
    if not _output_links_in_place(root):
        if any((root / name).exists() for name in OUTPUTS):
            _adopt_previous_outputs(root)
        else:  # a first build: the links lead nowhere until the switch below
            _link_outputs(root)
    previous = _live_pair(root)
    pair = root / PAIRS / staging.name.removeprefix(STAGING)
    os.rename(staging, pair)
    os.chmod(pair, 0o755)  # made private by mkdtemp; a web server may serve site/ from here
    try:
        _switch_live(root, pair)
    except BaseException:
        os.rename(pair, staging)  # the caller deletes it
        if previous is None:  # a first build leaves no link to nothing
            for name in OUTPUTS:
                (root / name).unlink(missing_ok=True)
        raise
    if previous is not None and previous != pair:
        _discard_later(root, [previous])
