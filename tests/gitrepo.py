"""Commits at chosen dates in a test's province repository (history-based features)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def git(root: Path, *args: str, when: str | None = None, author: str = "Cán bộ Sở") -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": "officer@example.org",
           "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": "officer@example.org"}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True, env=env, check=True)
    return done.stdout


def init(root: Path, when: str = "2025-01-02T09:00:00+07:00") -> None:
    git(root, "init", "-q", "-b", "main")
    commit(root, "Initial province", when)


def commit(root: Path, message: str, when: str, author: str = "Cán bộ Sở", paths: tuple[str, ...] = (".",)) -> None:
    git(root, "add", "-A", *paths)
    git(root, "commit", "-q", "--allow-empty", "-m", message, when=when, author=author)
