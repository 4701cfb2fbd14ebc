"""The repository's git history: the one place quangba reads it.

Two questions need it: what a Vietnamese text said at an older version (so a translator
sees what changed), and who contributed what in which month (duty reports). Everything
else reads the model. Without git, or outside a repository, both answer "nothing known".
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Iterator

MAX_REVISIONS = 500  # how far back one file's history is walked


def _git(root: Path, *args: str) -> str | None:
    if shutil.which("git") is None:
        return None
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=120, env=_env())
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.decode("utf-8", errors="replace")


def _env() -> dict[str, str]:
    """The caller's environment, minus what would point git at another repository (hooks set these)."""
    import os

    return {**{k: v for k, v in os.environ.items() if k not in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE")},
            "LC_ALL": "C"}


def file_revisions(root: Path, rel: str) -> Iterator[tuple[str, str]]:
    """(commit, content) of each committed revision of ``rel``, newest first."""
    log = _git(root, "log", f"--max-count={MAX_REVISIONS}", "--format=%H", "--", rel)
    for commit in (log or "").split():
        content = _git(root, "show", f"{commit}:./{rel}")
        if content is not None:
            yield commit, content


@dataclass(frozen=True)
class Change:
    """One file added or modified by one commit."""

    commit: str
    when: datetime  # author date: when the agency made the contribution
    author: str
    path: str  # repository-relative (relative to the province root)
    status: str  # A added, M modified, D deleted, R renamed


def changes(root: Path, prefixes: tuple[str, ...] = ("catalog", "content", "assets")) -> list[Change]:
    """Every file change under ``prefixes`` in the history of the branch checked out, oldest first."""
    top = _git(root, "rev-parse", "--show-prefix")
    if top is None:
        return []
    prefix = top.strip()  # where the province sits inside the git repository
    log = _git(root, "log", "--reverse", "--no-renames", "--name-status", "--format=\x1e%H\x1f%aI\x1f%an",
               "--", *prefixes)
    out: list[Change] = []
    for block in (log or "").split("\x1e")[1:]:
        head, _, files = block.partition("\n")
        commit, when, author = head.split("\x1f")
        for line in files.splitlines():
            if not line.strip():
                continue
            status, _, path = line.partition("\t")
            if prefix and path.startswith(prefix):
                path = path[len(prefix):]
            out.append(Change(commit=commit, when=datetime.fromisoformat(when), author=author,
                              path=path, status=status[:1]))
    return out
