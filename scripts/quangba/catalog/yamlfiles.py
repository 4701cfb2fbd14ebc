"""Reading YAML written by people who are not programmers, and that may be hostile.

- safe loading only, and only plain data: no tags, no anchors or aliases (a "billion laughs"
  file is refused while composing, before anything is expanded), no duplicate keys;
- YAML 1.2-style scalars: ``yes``/``no``/``on``/``off`` stay text (``NO`` is Norway), and dates
  stay text for the schema to check, so the model parses them in one place;
- every value keeps its line and column, so a finding can point at the exact field;
- bytes are checked first: size limit, UTF-8, BOM, control characters, tabs;
- nesting is bounded before anything is built (libyaml's composer recurses: a file of
  200 000 ``[`` would otherwise crash the interpreter), and so is the length of a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..rules.findings import Finding
from ..rules.rulebook import finding

MAX_YAML_BYTES = 512 * 1024
MAX_DEPTH = 64  # levels of nested lists/groups; real records use fewer than 6
MAX_NUMBER_DIGITS = 30
# Characters that are invisible or reorder what a reviewer sees ("Trojan Source"): C0/C1
# controls except tab, newline and carriage return, the bidirectional overrides/isolates, and
# the two non-characters XML refuses (U+FFFE, U+FFFF: feeds and sitemaps would not build).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
# The same characters in a value YAML has read, however they were written (``"\x1b"``,
# ``"\u202E"``, ``"\0"``): the bytes of the file are clean, the text is not. A carriage
# return there can only come from an escape (YAML reads every line end as a newline) and is
# refused too: it ends a line in a calendar or a mail header; lone surrogates cannot be
# written out as UTF-8 at all.
VALUE_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]")
# What ends a line in a value: allowed only in fields whose schema says ``x-multiline: true``.
LINE_BREAK = re.compile("[\n\u2028\u2029]")

try:  # libyaml's parser is several times faster; the pure-Python one behaves the same
    _BaseLoader = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.SafeLoader


class _PlainDataLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    """Resolves only null, true/false, integers and decimals; everything else is text."""


_PlainDataLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in [
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", list("-+0123456789")),
    (
        "tag:yaml.org,2002:float",
        r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$",
        list("-+.0123456789"),
    ),
]:
    _PlainDataLoader.add_implicit_resolver(_tag, re.compile(_pattern), _first)

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
}

Path = tuple  # a path into the document: keys and list indexes


@dataclass
class YamlDoc:
    """A YAML document as plain data, with where each value and key stands."""

    path: str
    data: Any
    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)  # value positions
    key_positions: dict[Path, tuple[int, int]] = field(default_factory=dict)
    line_breaks: tuple = ()  # paths of the text values that hold a line break (readfile.py)

    def where(self, *path: Any) -> tuple[int, int]:
        """Line and column of the value at ``path``, or of its nearest parent that exists."""
        p = tuple(path)
        while p:
            if p in self.key_positions:
                return self.key_positions[p]
            if p in self.positions:
                return self.positions[p]
            p = p[:-1]
        return self.positions.get((), (1, 1))


class _Refused(Exception):
    def __init__(self, rule: str, mark: Any, **params: Any):
        super().__init__(rule)
        self.rule = rule
        self.line = mark.line + 1 if mark is not None else 0
        self.col = mark.column + 1 if mark is not None else 0
        self.params = params


def decode_text(path: str, raw: bytes, *, limit: int) -> tuple[str | None, list[Finding]]:
    """Check the bytes of a text file; return its text (or None when unusable)."""
    findings: list[Finding] = []
    if len(raw) > limit:
        return None, [finding("FILE-TOO-LARGE", path, size=len(raw), limit=limit)]
    if raw.startswith(b"\xef\xbb\xbf"):
        findings.append(finding("FILE-BOM", path, line=1, col=1))
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        findings.append(finding("FILE-NOT-UTF8", path, line=line, col=col, offset=exc.start))
        return None, findings
    control = _CONTROL.search(text)
    if control is not None:
        index = control.start()
        line = text.count("\n", 0, index) + 1
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        findings.append(finding("FILE-CONTROL-CHAR", path, line=line, col=col,
                                char=f"U+{ord(control.group()):04X}"))
        return None, findings
    return text, findings


def parse_yaml(path: str, text: str, *, line_offset: int = 0) -> tuple[YamlDoc | None, list[Finding]]:
    """Parse one YAML document of plain data. ``line_offset`` shifts lines (front matter)."""
    tab = _first_tab(text)
    if tab is not None:
        line, col = tab
        return None, [finding("YAML-TAB", path, line=line + line_offset, col=col)]
    loader = _PlainDataLoader(text)
    try:
        if _needs_event_pass(text):
            too_deep = _too_deep(loader)
            if too_deep is not None:
                return None, [finding("YAML-TOO-DEEP", path, line=too_deep[0] + line_offset, col=too_deep[1],
                                      limit=MAX_DEPTH)]
            loader.dispose()
            loader = _PlainDataLoader(text)
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = (exc.problem or exc.context or "unreadable").strip()
        line = mark.line + 1 + line_offset if mark else 0
        col = mark.column + 1 if mark else 0
        return None, [
            finding("YAML-SYNTAX", path, line=line, col=col, problem=problem, problem_vi=_problem_vi(problem))
        ]
    except yaml.reader.ReaderError as exc:  # pure-Python reader: a character YAML does not allow
        index = exc.position
        line = text.count("\n", 0, index) + 1 + line_offset
        col = index - (text.rfind("\n", 0, index) + 1) + 1
        return None, [finding("FILE-CONTROL-CHAR", path, line=line, col=col, char=f"U+{exc.character:04X}"
                              if isinstance(exc.character, int) else repr(exc.character))]
    except yaml.YAMLError as exc:
        return None, [finding("YAML-SYNTAX", path, problem=str(exc), problem_vi=_problem_vi(str(exc)))]
    finally:
        loader.dispose()
    doc = YamlDoc(path=path, data=None)
    if node is None:
        doc.data = None
        return doc, []
    try:
        doc.data = _to_data(node, (), doc, set(), line_offset)
    except _Refused as refused:
        line = refused.line + line_offset if refused.line else 0
        return None, [finding(refused.rule, path, line=line, col=refused.col, **refused.params)]
    return doc, []


def _needs_event_pass(text: str) -> bool:
    """False when composing directly gives the same answer as reading the events first.

    Depth: every list or group starts at a character of its own (``[``, ``{``, the ``-`` of
    its first item, the ``:`` or ``?`` of its first key), so fewer of them than MAX_DEPTH
    (counting those inside text too, which only errs on the safe side) bounds the nesting.
    Errors: without aliases, anchors or document markers the composer has nothing to refuse,
    so the first error is the parser's, found at the same place either way.
    """
    if "*" in text or "&" in text or "---" in text or "..." in text:
        return True
    return sum(map(text.count, "[{-:?")) >= MAX_DEPTH


def _too_deep(loader: Any) -> tuple[int, int] | None:
    """Where nesting first goes deeper than MAX_DEPTH, reading events only (libyaml's parser
    keeps its own stack, so this never recurses); None when the file stays shallow."""
    depth = 0
    while loader.check_event():
        event = loader.get_event()
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
    return None


def field_name(path: tuple) -> str:
    """A path into a document as people read it: ``questions[0].answer``."""
    name = ""
    for part in path:
        name += f"[{part}]" if isinstance(part, int) else (f".{part}" if name else str(part))
    return name or "(tệp / file)"


def _first_tab(text: str) -> tuple[int, int] | None:
    """A tab anywhere outside a quoted scalar breaks YAML or hides in it; report where."""
    index = text.find("\t")
    if index < 0:
        return None
    line = text.count("\n", 0, index) + 1
    col = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, col


# One object for all equal keys, key paths and (line, column) pairs of every file read: the
# parse cache (marshal) then stores each once and refers to it, which makes reading it back
# 2.5 times faster (millions of them at 10 000 records). Bounded for long-running processes.
_SHARED: dict[Any, Any] = {}
_SHARED_MAX = 100_000  # a province uses a few thousand


def _shared(value: Any) -> Any:
    if len(_SHARED) >= _SHARED_MAX:
        _SHARED.clear()
    return _SHARED.setdefault(value, value)


def _to_data(node: Any, path: Path, doc: YamlDoc, seen: set[int], line_offset: int, used_at: Any = None) -> Any:
    # Aliases make the composer hand back the same node object twice; refusing the second
    # visit stops any alias expansion before it starts. ``used_at`` is where the value is used.
    if id(node) in seen:
        raise _Refused("YAML-ALIAS", used_at or node.start_mark)
    seen.add(id(node))
    doc.positions[path] = _shared((node.start_mark.line + 1 + line_offset, node.start_mark.column + 1))
    if node.tag not in _STANDARD_TAGS:
        raise _Refused("YAML-TAG", node.start_mark, tag=node.tag)
    if isinstance(node, yaml.MappingNode):
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            if id(key_node) in seen:
                raise _Refused("YAML-ALIAS", key_node.start_mark)
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused("YAML-ALIAS" if key_node.tag.endswith("merge") else "YAML-TAG",
                               key_node.start_mark, tag=key_node.tag)
            key = _shared(str(_scalar(key_node)))
            key_line = key_node.start_mark.line + 1 + line_offset
            if key in first_seen:
                raise _Refused("YAML-DUPLICATE-KEY", key_node.start_mark, key=key, first_line=first_seen[key])
            first_seen[key] = key_line
            key_path = _shared(path + (key,))
            doc.key_positions[key_path] = _shared((key_line, key_node.start_mark.column + 1))
            result[key] = _to_data(value_node, key_path, doc, seen, line_offset, key_node.start_mark)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_data(item, _shared(path + (i,)), doc, seen, line_offset) for i, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: Any) -> Any:
    value = node.value
    tag = node.tag
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() == "true"
    if tag == "tag:yaml.org,2002:int":
        if len(value.lstrip("+-")) > MAX_NUMBER_DIGITS:
            raise _Refused("YAML-NUMBER", node.start_mark, digits=len(value.lstrip("+-")), limit=MAX_NUMBER_DIGITS)
        return int(value)
    if tag == "tag:yaml.org,2002:float":
        return float(value)
    return value


_PROBLEMS_VI = {
    "mapping values are not allowed here": "có dấu “:” ở chỗ không được phép (văn bản có dấu hai chấm cần đặt trong ngoặc kép)",
    "could not find expected ':'": "thiếu dấu “:” sau tên trường",
    "found character '\\t' that cannot start any token": "có ký tự Tab",
    "did not find expected key": "thụt lề không đều hoặc thiếu dấu “:”",
    "found unexpected end of stream": "tệp kết thúc giữa chừng (thiếu dấu ngoặc kép đóng?)",
    "did not find expected node content": "thiếu giá trị",
    "found undefined alias": "dùng bí danh “*” chưa được khai báo",
    "expected a single document in the stream": "tệp chứa nhiều tài liệu YAML (dòng “---”)",
    "but found another document": "tệp chứa nhiều tài liệu YAML (dòng “---”)",
}


def _problem_vi(problem: str) -> str:
    for english, vietnamese in _PROBLEMS_VI.items():
        if english in problem:
            return vietnamese
    return f"trình đọc YAML báo “{problem}”"
