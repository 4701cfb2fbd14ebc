"""Every cell of a table against its Table Schema field — type, format, constraints — read
the way the Frictionless Framework reads it, so the package's own check can vouch for every
cell without Frictionless (which reads each row in pure Python: seconds per table).

The vocabulary is data: ``TYPES``, ``FORMATS`` and ``CONSTRAINTS`` list what is checked,
and a test fails when the package's schemas use anything else. A cell comes as CSV holds it
(text; ``""`` is missing) or as NDJSON holds it (a JSON value; ``null`` is missing).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Callable, Iterable

_INVALID = object()  # what a reader returns for a cell that is not of its field's type


def _string(cell: Any) -> Any:
    return cell if isinstance(cell, str) else _INVALID


_URI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")  # RFC 3986 (and rfc3986, which Frictionless uses): a scheme


def _uri(cell: Any) -> Any:
    return cell if isinstance(cell, str) and _URI_SCHEME.match(cell) else _INVALID


def _integer(cell: Any) -> Any:
    if isinstance(cell, str):
        try:
            return int(cell.strip())
        except ValueError:
            return _INVALID
    if cell is True or cell is False:
        return _INVALID
    if isinstance(cell, int):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    return _INVALID


def _number(cell: Any) -> Any:
    if isinstance(cell, str):
        try:
            return Decimal(cell.strip())
        except InvalidOperation:
            return _INVALID
    if cell is True or cell is False:
        return _INVALID
    if isinstance(cell, int):
        return Decimal(cell)
    if isinstance(cell, float):
        return Decimal(repr(cell))
    return _INVALID


def _date(cell: Any) -> Any:
    if not isinstance(cell, str):
        return _INVALID
    try:
        return datetime.strptime(cell, "%Y-%m-%d").date()
    except ValueError:
        return _INVALID


def _datetime(cell: Any) -> Any:
    # as Frictionless reads it: a time of day with seconds at least, then ISO 8601 (dateutil's)
    if not isinstance(cell, str) or len(cell) < 19 or cell[16] != ":":
        return _INVALID
    from dateutil.parser import isoparse

    try:
        return isoparse(cell)
    except (ValueError, OverflowError):
        return _INVALID


def _json_of(kind: type) -> Callable[[Any], Any]:
    def read(cell: Any) -> Any:
        if isinstance(cell, str):
            try:
                cell = json.loads(cell)
            except (ValueError, RecursionError):  # nested deeper than a reader goes: not a value
                return _INVALID
        return cell if isinstance(cell, kind) else _INVALID
    return read


def _any(cell: Any) -> Any:
    return cell


TYPES: dict[str, Callable[[dict], Callable[[Any], Any]]] = {
    "string": lambda field: _uri if field.get("format") == "uri" else _string,
    "integer": lambda field: _integer,
    "number": lambda field: _number,
    "boolean": lambda field: _boolean(field),
    "date": lambda field: _date,
    "datetime": lambda field: _datetime,
    "array": lambda field: _json_of(list),
    "object": lambda field: _json_of(dict),
    "any": lambda field: _any,
}
FORMATS = {"default", "uri"}  # "uri" for strings only; every other type is read in its default format
CONSTRAINTS = {"required", "unique", "enum", "pattern", "minimum", "maximum"}
# the other properties a field may have here (they change nothing about which cells are valid)
PROPERTIES = {"name", "type", "format", "constraints", "description", "title", "trueValues", "falseValues"}
_TRUE, _FALSE = ["true", "True", "TRUE", "1"], ["false", "False", "FALSE", "0"]


def _boolean(field: dict) -> Callable[[Any], Any]:
    mapping = {**{v: False for v in field.get("falseValues", _FALSE)}, **{v: True for v in field.get("trueValues", _TRUE)}}

    def read(cell: Any) -> Any:
        if cell is True or cell is False:
            return cell
        return mapping.get(cell, _INVALID) if isinstance(cell, str) else _INVALID
    return read


@dataclass(frozen=True)
class Problem:
    """What is wrong with a cell, in both languages."""
    en: str
    vi: str


@dataclass
class FieldCheck:
    """The checks of one field: ``problem(cell)`` for a cell on its own; ``unique`` whether no
    value may repeat (compared as read: ``1`` and ``1.0`` of a number are the same value)."""
    name: str
    read: Callable[[Any], Any]
    missing: frozenset[str]
    required: bool
    unique: bool
    tests: list[tuple[Callable[[Any], bool], Problem]]
    type_problem: Problem
    text_only: bool = False  # a string field with no test of its value (at most required or unique)
    json_kind: type | None = None  # an array's list, an object's dict: valid as JSON holds it
    rule: str = "EXPORT-CELL"  # the rule a problem is reported under (EXPORT-ID: the project's own ids)

    @property
    def plain(self) -> bool:
        """Whether only a cell's type can be wrong (and only in JSON: a CSV cell is text)."""
        return self.text_only and not (self.required or self.unique)

    @property
    def json_types(self) -> frozenset[type] | None:
        """The types of JSON value that make a cell of this field valid whatever its value,
        or None when values must be looked at."""
        if self.required or self.unique or self.tests:
            return None
        if self.text_only:
            return frozenset({str, type(None)})
        return frozenset({self.json_kind, type(None)}) if self.json_kind else None

    def value(self, cell: Any) -> Any:
        """The cell as read (None when missing, ``_INVALID`` when not of the type)."""
        if cell is None or (isinstance(cell, str) and cell in self.missing):
            return None
        return self.read(cell)

    def problem(self, cell: Any) -> Problem | None:
        value = self.value(cell)
        if value is None:
            return _REQUIRED if self.required else None
        if value is _INVALID:
            return self.type_problem
        for test, problem in self.tests:
            if not test(value):
                return problem
        return None


_REQUIRED = Problem("it is empty, but the field is required", "ô trống, nhưng trường này bắt buộc")
UNIQUE = Problem("the same value is in an earlier row, but the field is unique",
                 "giá trị này đã có ở một dòng trước, nhưng trường này không được trùng")


def field_check(field: dict, missing_values: Iterable[str] = ("",)) -> FieldCheck | None:
    """The checks of a Table Schema field, or None when every cell is valid (``any`` with no
    constraint) or the field is one this module cannot read: what it does not know (a test
    keeps the package's own schemas within what it knows), or a broken field of a damaged
    descriptor (Frictionless reports those)."""
    try:
        return _field_check(field, missing_values)
    except (TypeError, ValueError, AttributeError, re.error):
        return None


def _field_check(field: dict, missing_values: Iterable[str]) -> FieldCheck | None:
    kind, fmt = field.get("type", "string"), field.get("format", "default")
    constraints = field.get("constraints") if isinstance(field.get("constraints"), dict) else {}
    if kind not in TYPES or fmt not in FORMATS or (fmt == "uri" and kind != "string") or set(constraints) - CONSTRAINTS:
        return None
    read = TYPES[kind](field)
    tests: list[tuple[Callable[[Any], bool], Problem]] = []
    if "enum" in constraints:
        allowed = [v for v in map(read, constraints["enum"]) if v is not _INVALID]
        shown = ", ".join(map(str, constraints["enum"]))
        tests.append((allowed.__contains__, Problem(f"it is not one of: {shown}", f"giá trị không thuộc danh sách: {shown}")))
    if "pattern" in constraints:
        pattern = re.compile(f"^{constraints['pattern']}$")  # anchored as Frictionless anchors it
        tests.append((lambda v: not isinstance(v, str) or pattern.match(v) is not None,
                      Problem(f"it does not match the pattern {constraints['pattern']}",
                              f"giá trị không khớp mẫu {constraints['pattern']}")))
    for bound, en, vi, holds in (("minimum", "below the minimum", "nhỏ hơn mức tối thiểu", lambda v, b: v == v and v >= b),
                                 ("maximum", "above the maximum", "lớn hơn mức tối đa", lambda v, b: v == v and v <= b)):
        # (NaN, not equal to itself, is within no bound)
        if bound in constraints and (limit := read(constraints[bound])) is not _INVALID:
            tests.append((lambda v, limit=limit, holds=holds: holds(v, limit),
                          Problem(f"it is {en} {constraints[bound]}", f"giá trị {vi} {constraints[bound]}")))
    required, unique = constraints.get("required") is True, constraints.get("unique") is True
    if kind == "any" and not (tests or required or unique):
        return None
    shown_type = kind + (f" ({fmt})" if fmt != "default" else "")
    return FieldCheck(name=str(field.get("name", "")), read=read, missing=frozenset(missing_values),
                      required=required, unique=unique, tests=tests,
                      type_problem=Problem(f"it is not of the type {shown_type}", f"giá trị không đúng kiểu {shown_type}"),
                      text_only=kind == "string" and not tests,
                      json_kind={"array": list, "object": dict}.get(kind))


def schema_checks(schema: dict) -> list[FieldCheck]:
    """The checks of every field of a Table Schema but ``any`` with no constraint (a plain
    string's cells can only be of the wrong type in JSON)."""
    missing = schema.get("missingValues", [""])
    missing = [v for v in missing if isinstance(v, str)] if isinstance(missing, list) else [""]
    fields = schema.get("fields") if isinstance(schema.get("fields"), list) else []
    return [check for field in fields if isinstance(field, dict) and (check := field_check(field, missing))]


def column_is_clean(check: FieldCheck, cells: list[Any]) -> bool:
    """Whether every cell of a column passes ``check``: texts in bulk, other values once for
    each distinct one."""
    if check.text_only and check.missing == _ONLY_EMPTY:  # ids, titles, URIs: often all distinct
        if not set(map(type, cells)) <= ({str} if check.required else {str, type(None)}):
            return False
        if check.required and "" in cells:
            return False
        present = cells if check.required else list(filter(None, cells))  # "" and None are missing
        if check.read is _uri and not all(map(_URI_SCHEME.match, present)):
            return False
        return not check.unique or len(set(present)) == len(present)
    try:  # by type too: True and 1, or 1 and 1.0, are one in a set but not to a reader
        distinct: Iterable[Any] = set(cells) if set(map(type, cells)) == {str} else \
            [cell for _, cell in set(zip(map(type, cells), cells))]
    except TypeError:  # JSON arrays or objects: each cell on its own
        distinct = cells
    if any(check.problem(cell) is not None for cell in distinct):
        return False
    return not check.unique or _unique(check, cells)


_ONLY_EMPTY = frozenset({""})


def _unique(check: FieldCheck, cells: list[Any]) -> bool:
    values = [key for cell in cells if (key := _key(check.value(cell))) is not None]
    return len(set(values)) == len(values)


def _key(value: Any) -> Any:
    """A value as a dictionary key (JSON arrays and objects by their text)."""
    return json.dumps(value, sort_keys=True) if isinstance(value, (list, dict)) else value


class UniqueTracker:
    """Row by row: the first row of each value of the unique fields."""

    def __init__(self) -> None:
        self.first: dict[tuple[str, Any], int] = {}

    def repeated(self, check: FieldCheck, cell: Any, row: int) -> int | None:
        """The earlier row holding the same value, or None (this row is then its first)."""
        key = _key(check.value(cell))
        if key is None or key is _INVALID:
            return None
        first = self.first.setdefault((check.name, key), row)
        return first if first != row else None
