"""One build at a time, and site/ with export/ always from the same build, whatever is
killed when (issue 21, item 12)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NOW, REPO, Repo
from quangba.build import LIVE, LOCK, PAIRS
from quangba.util.lock import held

# Runs `quangba` and kills it (SIGKILL, nothing cleaned up) at the Nth file-system change
# build.py makes itself: the moves, links and renames that put a build in place.
KILLED_AT = """
import os, signal, sys
n, calls = int(sys.argv[1]), [0]
def killing(real):
    def call(*args, **kwargs):
        if sys._getframe(1).f_globals.get("__name__") == "quangba.build":
            calls[0] += 1
            if calls[0] == n:
                os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return call
for name in ("replace", "rename", "symlink", "chmod", "unlink"):
    setattr(os, name, killing(getattr(os, name)))
from quangba.cli import main
sys.exit(main(sys.argv[2:]))
"""

MARK = re.compile(r"marker-(\d+)")


@pytest.fixture
def built(repo: Repo) -> Repo:
    shutil.copy(REPO / "mkdocs.yml", repo.root / "mkdocs.yml")
    shutil.copytree(REPO / "assets" / "theme", repo.root / "assets" / "theme")
    repo.edit("content/vi/place/nhat-le-beach.md", "Nước trong xanh.", "Nước trong xanh marker-0.")
    assert repo.run("build").code == 0
    return repo


def _env() -> dict[str, str]:
    return {**os.environ, "QUANGBA_NOW": NOW}


def marks(root: Path) -> tuple[set[str], set[str]]:
    """The markers the published page and the published package hold."""
    page = (root / "site/place/nhat-le-beach/index.html").read_text("utf-8")
    texts = (root / "export/data/texts.csv").read_text("utf-8")
    return set(MARK.findall(page)), set(MARK.findall(texts))


def stale(root: Path) -> list[str]:
    staging = [p.name for p in root.glob(".quangba-build-*") if not p.name.startswith(".quangba-build-discarded-")]
    live = os.readlink(root / LIVE)
    pairs = [f"{PAIRS}/{p.name}" for p in (root / PAIRS).iterdir() if f"{PAIRS}/{p.name}" != live]
    return staging + pairs


def test_a_build_killed_at_any_step_leaves_a_site_and_an_export_from_one_build(built):
    root, n, finished = built.root, 0, False
    while not finished:
        n += 1
        assert n < 20, "the build never finished"
        before = marks(root)
        built.edit("content/vi/place/nhat-le-beach.md", f"marker-{n - 1}.", f"marker-{n}.")
        run = subprocess.run([sys.executable, "-c", KILLED_AT, str(n), "--root", str(root), "build"],
                             capture_output=True, text=True, env=_env(), timeout=600)
        finished = run.returncode == 0
        assert finished or run.returncode == -9, run.stderr
        page, package = marks(root)  # both still there, whatever step the kill came at
        assert page == package, f"killed at step {n}: the site shows {page}, the package {package}"
        assert page in (before[0], {str(n)})  # the previous build's pair, or the new one
        assert page == {str(n)} or not finished
    assert n > 3  # the kills did come at every step of putting the build in place
    assert built.run("build").code == 0
    assert stale(root) == []  # what the killed builds left is gone


def test_the_folders_a_killed_build_left_are_cleaned_up_by_the_next(built):
    root = built.root
    killed = root / ".quangba-build-k1ll3d"
    (killed / "site").mkdir(parents=True)
    (killed / "site" / "index.html").write_bytes(b"x" * 4096)
    orphan = root / PAIRS / "0rphan"  # finished, never made live
    (orphan / "export").mkdir(parents=True)
    assert built.run("build").code == 0
    assert not killed.exists() and not orphan.exists()
    assert stale(root) == []


def test_a_second_build_waits_for_the_first_and_says_so_in_both_languages(built):
    root = built.root
    built.edit("content/vi/place/nhat-le-beach.md", "marker-0.", "marker-1.")
    with held(root / LOCK, what="build", folder=root):  # a first build holds the lock
        second = subprocess.Popen([sys.executable, "-m", "quangba.cli", "--root", str(root), "build"],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
        said = ""
        while "waiting" not in said:
            line = second.stderr.readline()
            assert line, f"the second build did not say it waits: {said!r}"
            said += line
        assert "đang chờ" in said and "Another quangba build is running" in said
        assert second.poll() is None  # still waiting…
        assert marks(root) == ({"0"}, {"0"})  # …and it published nothing yet
        # a change merged while it waits: it reads the files once its turn comes
        built.edit("content/vi/place/nhat-le-beach.md", "marker-1.", "marker-2.")
    out, err = second.communicate(timeout=600)
    assert second.returncode == 0, out + err
    assert marks(root) == ({"2"}, {"2"})


def test_the_data_package_is_inside_the_site_and_equal_to_export(built):
    root = built.root
    package = sorted(p.relative_to(root / "export") for p in (root / "export").rglob("*") if p.is_file())
    assert Path("datapackage.json") in package and Path("catalog.ttl") in package
    for rel in package:
        assert (root / "site/data" / rel).read_bytes() == (root / "export" / rel).read_bytes()


def test_an_export_written_on_its_own_is_adopted_by_the_next_build(built):
    """`quangba export` replaces export/ by a folder of its own: the next build makes site/
    and export/ a pair again, and nothing the site still shows meanwhile is deleted."""
    root = built.root
    assert built.run("export", "--no-frictionless").code == 0
    assert (root / "export").is_dir() and not (root / "export").is_symlink()
    built.edit("content/vi/place/nhat-le-beach.md", "marker-0.", "marker-1.")
    assert built.run("validate").code == 0 and marks(root) == ({"0"}, {"0"})
    assert built.run("build").code == 0
    assert marks(root) == ({"1"}, {"1"}) and all((root / n).is_symlink() for n in ("site", "export"))
    assert built.run("build").code == 0 and marks(root) == ({"1"}, {"1"})
    assert stale(root) == []


def test_outputs_of_an_older_quangba_become_the_first_pair(built):
    """Before this layout site/ and export/ were plain folders."""
    root = built.root
    for name in ("site", "export"):
        real = (root / name).resolve()
        (root / name).unlink()
        shutil.copytree(real, root / name)
    (root / LIVE).unlink()
    shutil.rmtree(root / PAIRS)
    built.edit("content/vi/place/nhat-le-beach.md", "marker-0.", "marker-1.")
    assert built.run("build").code == 0
    assert marks(root) == ({"1"}, {"1"}) and all((root / n).is_symlink() for n in ("site", "export"))
    assert stale(root) == []


def test_nothing_a_build_makes_shows_as_a_change_in_a_new_provinces_repository(tmp_path):
    """`quangba init` writes a .gitignore that covers the outputs, links included."""
    target = tmp_path / "new"
    assert Repo(tmp_path).run("init", str(target), "--profile", "quang-tri").code == 0
    assert Repo(target).run("build").code == 0
    subprocess.run(["git", "init", "-q", str(target)], check=True)
    status = subprocess.run(["git", "-C", str(target), "status", "--porcelain", "--untracked-files=all"],
                            capture_output=True, text=True, check=True).stdout
    shown = [line[3:] for line in status.splitlines()]
    assert shown and not [p for p in shown if p.split("/")[0] in ("site", "export") or p.startswith(".quangba")], shown
