"""The list of rules (``rules.yaml``), the one way to make a finding from a rule, and the
registry of the checks that look at the whole model (``@check``).

Rules are data: an official can read and correct the wording in ``rules.yaml`` without
touching code; ``quangba rules`` prints the list; the docs are generated from it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Callable, Iterable

import yaml

from .findings import Finding, Severity

if TYPE_CHECKING:
    from ..catalog.model import Catalog, Record


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    vi: str
    en: str
    fix_vi: str
    fix_en: str


@cache
def all_rules() -> dict[str, Rule]:
    # libyaml when PyYAML has it: the same safe loading, ten times faster (read on every run)
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    raw = yaml.load(resources.files("quangba.rules").joinpath("rules.yaml").read_text("utf-8"), Loader=loader)
    return {
        rule_id: Rule(
            id=rule_id,
            severity=Severity(spec["severity"]),
            vi=spec["vi"],
            en=spec["en"],
            fix_vi=spec["fix_vi"],
            fix_en=spec["fix_en"],
        )
        for rule_id, spec in raw.items()
    }


class _Params(dict):
    """Missing parameters render as “…” rather than failing: a message must never crash."""

    def __missing__(self, key: str) -> str:
        return "…"


# What a message may not carry as it is, since it quotes what a file holds: a terminal escape
# (``\x1b[2J`` clears a CI log), a line break (one finding, one line), a direction override.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")


def _shown(value: Any) -> Any:
    if isinstance(value, str) and _UNPRINTABLE.search(value):
        return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04X}", value)
    return value


def finding(rule_id: str, file: str, /, *, line: int = 0, col: int = 0, **params: Any) -> Finding:
    """A finding of rule ``rule_id`` about ``file`` (repository-relative), messages filled from ``params``
    (positional-only, so a message may itself have a ``{file}`` parameter), each shown with its
    unprintable characters written as ``\\uXXXX``."""
    rule = all_rules()[rule_id]
    values = _Params({name: _shown(value) for name, value in params.items()})
    values.setdefault("path", file)
    message_vi = rule.vi.format_map(values) + " " + rule.fix_vi.format_map(values)
    message_en = rule.en.format_map(values) + " " + rule.fix_en.format_map(values)
    return Finding(
        path=file,
        line=line,
        col=col,
        rule=rule_id,
        severity=rule.severity,
        message_vi=message_vi.strip(),
        message_en=message_en.strip(),
    )


Check = Callable[["Catalog", datetime], Iterable[Finding]]
CHECKS: dict[str, Check] = {}


def check(rule_id: str) -> Callable[[Check], Check]:
    """Register a check under its rule: each module of checks registers its own when imported
    (rules/validate.py imports the rules' modules; governance/codeowners.py registers its one)."""
    if rule_id not in all_rules():
        raise KeyError(f"{rule_id} is not in rules.yaml")

    def register(func: Check) -> Check:
        CHECKS[rule_id] = func
        return func

    return register


def run_checks(catalog: "Catalog", now: datetime) -> list[Finding]:
    return [f for func in CHECKS.values() for f in func(catalog, now)]


def _at(record: "Record", rule_id: str, *path: object, **params: object) -> Finding:
    line, col = record.line_of(*path)
    return finding(rule_id, record.path, line=line, col=col, **params)
