"""One shape for everything any stage has to say about the input: a finding.

A finding names the file (relative to the repository), the line and column where it can,
the rule, and a message in Vietnamese and English that says what is wrong and how to fix
it. One renderer per output format: text, JSON, GitHub annotations.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import Enum
from typing import Iterable


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"

    @property
    def vi(self) -> str:
        return _SEVERITY_VI[self.value]


_SEVERITY_VI = {"error": "lỗi", "warning": "cảnh báo"}


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int  # 1-based; 0 when the finding is about the whole file
    col: int  # 1-based; 0 when unknown
    rule: str
    severity: Severity
    message_vi: str
    message_en: str

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_row(self) -> dict:
        """The finding as plain data, for JSON reports."""
        row = asdict(self)
        row["severity"] = self.severity.value
        return row

    def location(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}"
            if self.col:
                where += f":{self.col}"
        return where


def sort_findings(findings: Iterable[Finding]) -> list[Finding]:
    """Each finding once, by file, line, column, rule and message."""
    # keyed by every field, so equal findings are one (as in a set), sorted by plain tuples
    unique = {(f.path, f.line, f.col, f.rule, f.message_en, f.severity, f.message_vi): f for f in findings}
    return [unique[key] for key in sorted(unique)]


def render_text(findings: list[Finding]) -> str:
    """`file:line:col: RULE-ID severity: message` — Vietnamese, then English indented below."""
    lines = [f"{f.location()}: {f.rule} {_SEVERITY_VI[f.severity.value]}/{f.severity.value}: {f.message_vi}\n"
             f"    EN: {f.message_en}" for f in findings]
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = len(findings) - errors
    lines.append(
        f"{errors} lỗi, {warnings} cảnh báo / {errors} error(s), {warnings} warning(s)"
    )
    return "\n".join(lines) + "\n"


def render_json(findings: list[Finding]) -> str:
    rows = [f.as_row() for f in findings]
    summary = {
        "errors": sum(f.is_error for f in findings),
        "warnings": sum(not f.is_error for f in findings),
    }
    return json.dumps({"findings": rows, "summary": summary}, ensure_ascii=False, indent=2) + "\n"


def _escape_github(value: str, *, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def render_github(findings: list[Finding]) -> str:
    """GitHub Actions workflow commands: each finding becomes an annotation on the file."""
    out = []
    for f in findings:
        props = [f"file={_escape_github(f.path, property_value=True)}"]
        if f.line:
            props.append(f"line={f.line}")
        if f.col:
            props.append(f"col={f.col}")
        props.append(f"title={_escape_github(f.rule, property_value=True)}")
        level = "error" if f.is_error else "warning"
        message = _escape_github(f"{f.message_vi}\n{f.message_en}")
        out.append(f"::{level} {','.join(props)}::{message}")
    return "\n".join(out) + ("\n" if out else "")


def render_codequality(findings: list[Finding]) -> str:
    """GitLab's code-quality report (the Code Climate JSON subset GitLab reads): the merge
    request shows each finding on its file and line."""
    import hashlib

    rows = [{
        "description": f"{f.rule}: {f.message_vi} / {f.message_en}",
        "check_name": f.rule,
        "fingerprint": hashlib.sha256(f"{f.rule}|{f.path}|{f.line}|{f.col}|{f.message_en}".encode("utf-8")).hexdigest(),
        "severity": "major" if f.is_error else "minor",
        "location": {"path": f.path, "lines": {"begin": f.line or 1}},
    } for f in findings]
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


RENDERERS = {"text": render_text, "json": render_json, "github": render_github,
             "codequality": render_codequality}
