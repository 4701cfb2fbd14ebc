"""What one file says on its own: its bytes checked, its YAML parsed, its text normalised.

Each function here depends only on the file's path and bytes, and returns plain data (no
objects of ours), so that its answer can be kept in the parse cache (``parsecache.py``)
and computed in another process. Findings travel as rows (``finding_row``).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterator

from ..rules.findings import Finding, Severity
from ..rules.rulebook import finding
from .markdown import MAX_NESTING, nesting_problem
from .yamlfiles import LINE_BREAK, VALUE_CONTROL, YamlDoc, decode_text, field_name, parse_yaml

SOURCE_LANGUAGE = "vi"  # the same as model.SOURCE_LANGUAGE; model is not imported by worker processes

# (data, value positions, key positions, paths of values with a line break) of a parsed YAML document
DocParts = tuple
# a YAML file: (findings, DocParts or None when the file gives nothing to read)
YamlRead = tuple
# a Markdown text: (findings before the schema check, DocParts or None, findings after it)
MarkdownRead = tuple


def finding_row(f: Finding) -> tuple:
    return (f.path, f.line, f.col, f.rule, f.severity.value, f.message_vi, f.message_en)


def finding_of(row: tuple) -> Finding:
    path, line, col, rule, severity, message_vi, message_en = row
    return Finding(path, line, col, rule, Severity(severity), message_vi, message_en)


def doc_parts(doc: YamlDoc) -> DocParts:
    return (doc.data, doc.positions, doc.key_positions, doc.line_breaks)


def doc_of(rel: str, parts: DocParts) -> YamlDoc:
    data, positions, key_positions, line_breaks = parts
    return YamlDoc(path=rel, data=data, positions=positions, key_positions=key_positions, line_breaks=line_breaks)


def read_yaml_file(rel: str, raw: bytes, limit: int) -> YamlRead:
    """Bytes, YAML, NFC and "is it a mapping" of one YAML file."""
    text, found = decode_text(rel, raw, limit=limit)
    if text is None:
        return [finding_row(f) for f in found], None
    doc, problems = parse_yaml(rel, text)
    found.extend(problems)
    if doc is not None:
        found.extend(_nfc_problem(doc))
        not_mapping = _not_a_mapping(doc)
        if not_mapping is not None:
            found.append(not_mapping)
            doc = None
        else:
            found.extend(_read_values(doc))
    return [finding_row(f) for f in found], doc_parts(doc) if doc is not None else None


def read_markdown_file(rel: str, raw: bytes, limit: int, lang: str) -> MarkdownRead:
    """Bytes, front matter, NFC of one Markdown text; the schema check is the loader's."""
    text, found = decode_text(rel, raw, limit=limit)
    if text is None:
        return [finding_row(f) for f in found], None, []
    front, body, body_line = split_front_matter(text.replace("\r\n", "\n"))  # Windows line ends
    if front is None:
        found.append(finding("TEXT-FRONT-MATTER", rel, line=1, col=1))
        return [finding_row(f) for f in found], None, []
    doc, problems = parse_yaml(rel, front, line_offset=1)
    found.extend(problems)
    if doc is not None:
        not_mapping = _not_a_mapping(doc)
        if not_mapping is not None:
            found.append(not_mapping)
            doc = None
    if doc is None:
        return [finding_row(f) for f in found], None, []
    _source_as_written(doc, front)
    found.extend(_nfc_problem(doc))
    found.extend(_read_values(doc))
    found.extend(_referenced_controls(rel, body, body_line))
    after: list[Finding] = []
    for offset, line in enumerate(body.split("\n")):
        if not unicodedata.is_normalized("NFC", line):
            after.append(finding("TEXT-NFC", rel, line=body_line + offset, col=1))
            break
    too_deep = nesting_problem(body)
    if too_deep is not None:
        after.append(finding("TEXT-MARKDOWN-NESTING", rel, line=body_line + too_deep - 1, col=1, limit=MAX_NESTING))
    if lang == SOURCE_LANGUAGE and "source" in doc.data:
        line, col = doc.where("source")
        after.append(finding("TEXT-SOURCE-IN-VI", rel, line=line, col=col))
    return [finding_row(f) for f in found], doc_parts(doc), [finding_row(f) for f in after]


def markdown_body(raw: bytes) -> tuple[str, int]:
    """(body, line where it starts) of a text that has already been read without problems."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    _, body, body_line = split_front_matter(raw.decode("utf-8").replace("\r\n", "\n"))
    return body, body_line


def split_front_matter(raw: str) -> tuple[str | None, str, int]:
    """(front matter, body, line where the body starts) of a Markdown text."""
    if not raw.startswith("---\n"):
        return None, raw, 1
    end = raw.find("\n---\n", 3)
    if end < 0:
        if raw.endswith("\n---"):
            end = len(raw) - 4
        else:
            return None, raw, 1
    front = raw[4:end + 1]
    body = raw[end + 5:]
    body_line = front.count("\n") + 3
    return front, body, body_line


def _source_as_written(doc: YamlDoc, front: str) -> None:
    """A translation's ``source`` as written when YAML read it as a number: an unquoted
    version of digits only (``450536409270``) or with one ``e`` (``1234e5678901``, read as
    infinity), as ``quangba stamp`` wrote them before quoting, is the text it was meant to be."""
    value = doc.data.get("source")
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return
    line, col = doc.positions.get(("source",), (0, 0))
    lines = front.split("\n")
    index = line - 2  # the front matter starts on the file's second line
    if 0 <= index < len(lines) and col > 0:
        written = lines[index][col - 1:].split(" #", 1)[0].strip()
        if written:
            doc.data["source"] = written


def _not_a_mapping(doc: YamlDoc) -> Finding | None:
    if isinstance(doc.data, dict):
        return None
    found = "nothing" if doc.data is None else type(doc.data).__name__
    found_vi = {"nothing": "không có gì", "list": "một danh sách", "str": "một dòng văn bản"}.get(found, found)
    return finding("YAML-NOT-MAPPING", doc.path, line=1, col=1, found=found, found_vi=found_vi)


def _nfc_problem(doc: YamlDoc) -> list[Finding]:
    for path, value in _walk(doc.data, ()):
        if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
            line, col = doc.where(*path)
            return [finding("TEXT-NFC", doc.path, line=line, col=col)]  # one per file: the fix normalises it all
    return []


def _read_values(doc: YamlDoc) -> list[Finding]:
    """TEXT-CONTROL-ESCAPE for every text value holding a character the file's bytes may not
    hold; and, on ``doc``, where values hold line breaks (whether that is allowed is the
    field's schema's to say: the loader's check)."""
    found = []
    breaks = []
    for path, value in _walk(doc.data, ()):
        if not isinstance(value, str):
            continue
        control = VALUE_CONTROL.search(value)
        if control is not None:
            line, col = doc.where(*path)
            found.append(finding("TEXT-CONTROL-ESCAPE", doc.path, line=line, col=col, field=field_name(path),
                                 char=f"U+{ord(control.group()):04X}"))
        if LINE_BREAK.search(value) is not None:
            breaks.append(path)
    doc.line_breaks = tuple(breaks)
    return found


# A character reference in Markdown (``&#x202E;``, ``&#27;``) becomes the character itself in
# the HTML: the body's bytes are clean, the page is not.
_CHARACTER_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def _referenced_controls(rel: str, body: str, body_line: int) -> list[Finding]:
    for match in _CHARACTER_REFERENCE.finditer(body):
        code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
        if code == 0 or code > 0x10FFFF or VALUE_CONTROL.match(chr(code)):
            index = match.start()
            line = body_line + body.count("\n", 0, index)
            col = index - (body.rfind("\n", 0, index) + 1) + 1
            return [finding("TEXT-CONTROL-ESCAPE", rel, line=line, col=col, field="Markdown",
                            char=f"U+{code:04X}" if code <= 0x10FFFF else match.group())]
    return []  # one per text: the fix is the same everywhere


def _walk(value: Any, path: tuple) -> Iterator[tuple[tuple, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield path + (key,), key
            yield from _walk(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, path + (index,))
    else:
        yield path, value
