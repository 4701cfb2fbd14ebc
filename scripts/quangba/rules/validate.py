"""The validate stage: everything the loaders met while reading, plus every check."""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePosixPath
from typing import Iterable

from ..catalog.load import Loaded, collector_paused
from . import checks, contacts, investment, press  # noqa: F401  each registers its checks
from .findings import Finding, sort_findings
from .rulebook import run_checks


def validate(loaded: Loaded, now: datetime, only: Iterable[str] = ()) -> list[Finding]:
    """All findings, sorted; with ``only``, just those about the given files or folders.

    The checks run are those registered (``rulebook.check``): the rules' own modules, imported
    above, and GOV-CODEOWNERS-STALE, which governance/codeowners.py registers when a command
    imports it (the rules never import governance)."""
    # The checks make many small objects while millions from loading are alive, none of them
    # in cycles: the cyclic garbage collector would walk the whole catalog again and again.
    with collector_paused():
        findings = sort_findings([*loaded.findings, *run_checks(loaded.catalog, now)])
    prefixes = [PurePosixPath(p).as_posix().rstrip("/") for p in only]
    if prefixes:
        findings = [f for f in findings if any(f.path == p or f.path.startswith(p + "/") for p in prefixes)]
    return findings
