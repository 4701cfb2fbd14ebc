"""Validate a data package as an importer would: ``check_package(folder)`` → findings.

The project's own checks (every file's size and SHA-256, the columns of every table, every
cell against its Table Schema field — type, format, constraints, cells.py —, Unicode NFC in
every cell, primary and foreign keys, relation targets) are complete: every problem is
reported, none is capped. ``frictionless=True`` adds the Frictionless Framework's own
validation (the same, plus the Data Package v2 profile of the descriptor), with no limit on
the number of errors either.
A damaged package gives findings, never a traceback.

A package comes from elsewhere: before any step opens anything, every path, schema, dialect
and profile its descriptor names is held to pathsafe.py (plain files inside the package;
no link, URL, device, pipe, absolute or ``..`` path), and only a package that passes is read
— by these checks or by Frictionless. Whatever its own schema says, the ids that name files
when it is imported are held to the project's own patterns (``PROJECT_COLUMNS``, EXPORT-ID).

The export checks each file as soon as it is written (``check_file``: read back from disk,
against its entry as the descriptor will state it), while the other process writes the
next; ``check_package(folder, ahead=…)`` then reads the descriptor from disk and reads again
every file whose ``Verdict`` does not hold (another entry, size or hash stated, or the file
changed since): the findings are those of a check from scratch.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import os
import re
import unicodedata
from dataclasses import dataclass, replace
from pathlib import Path
from itertools import chain, repeat
from operator import itemgetter
from typing import Any, Callable, Iterator

from ..rules.findings import Finding, sort_findings
from ..rules.rulebook import finding
from .cells import UNIQUE, FieldCheck, Problem, UniqueTracker, _string, column_is_clean, schema_checks
from .frictionless_check import frictionless_findings
from .package import DESCRIPTOR, NDJSON_SUFFIX, _cell, allow_long_cells
from .parallel import in_parallel
from .pathsafe import (NotPlain, Unsafe, descriptor_problems, file_problem, open_plain, package_paths,
                       path_problem, read_plain)

allow_long_cells()  # a text's body is longer than csv's default limit

REPORT = "validation-report.json"
# References a Table Schema cannot state (one field pointing into either of two tables).
EXTRA_REFERENCES = {"relations": [("target", ("records", "tombstones"))]}
# The project's own ids and language tags (catalog/schemas/record.schema.yaml, $defs slug and
# lang): whatever a package's schema says, its ids name files when imported, so they are held
# to these (a test keeps them equal to the schemas').
PROJECT_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PROJECT_ID_MAX = 80
PROJECT_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
PROJECT_COLUMNS = {
    "records": {"id": PROJECT_ID, "kind": PROJECT_ID},
    "tombstones": {"id": PROJECT_ID, "kind": PROJECT_ID, "replaced_by": PROJECT_ID},
    "texts": {"record_id": PROJECT_ID, "lang": PROJECT_LANG},
    "media": {"id": PROJECT_ID},
    "record_media": {"record_id": PROJECT_ID, "media_id": PROJECT_ID},
    "relations": {"source": PROJECT_ID, "target": PROJECT_ID},
}
# A descriptor larger than this is refused before it is read (the demo's is 60 kB).
MAX_DESCRIPTOR_BYTES = 64 << 20
# A file larger than the descriptor states is still read to say what else is wrong with it,
# unless it is larger than this too (then only its size is reported).
MAX_UNSTATED_BYTES = 256 << 20


def _rows(text: str, fmt: str, rel: str, findings: list[Finding]) -> Iterator[tuple[int, int, dict[str, str]]]:
    """(data row number, line, cells as text) of a CSV or NDJSON file."""
    if fmt == "csv":
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = next(reader)
        except (StopIteration, csv.Error):
            return
        line = reader.line_num + 1
        try:
            for number, cells in enumerate(reader, start=1):
                yield number, line, dict(zip(header, cells))
                line = reader.line_num + 1
        except csv.Error as exc:
            findings.append(finding("EXPORT-DESCRIPTOR", rel, line=line, problem=f"broken CSV: {exc}",
                                    problem_vi=f"CSV hỏng: {exc}"))
        return
    # JSON Lines end at "\n" only: str.splitlines would also cut at U+2028 and others, which
    # JSON strings may hold as they are
    for number, raw in enumerate(text.split("\n"), start=1):
        if not raw.strip():
            continue
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            findings.append(finding("EXPORT-DESCRIPTOR", rel, line=number, problem=f"broken JSON line: {exc.msg}",
                                    problem_vi=f"dòng JSON hỏng: {exc.msg}"))
            continue
        except RecursionError:
            findings.append(finding("EXPORT-DESCRIPTOR", rel, line=number, problem="a JSON line nested too deeply",
                                    problem_vi="dòng JSON lồng nhau quá sâu"))
            continue
        if isinstance(data, dict):
            yield number, number, data
        else:
            findings.append(finding("EXPORT-DESCRIPTOR", rel, line=number, problem="a JSON line that is not an object",
                                    problem_vi="dòng JSON không phải là một đối tượng"))


class _Cells(dict):
    """An NDJSON row read as CSV cells would be: every value as its text, looked up lazily."""

    def get(self, key: str, default: str = "") -> str:
        return _cell(super().get(key)) if key in self else default

    def __getitem__(self, key: str) -> str:
        return _cell(super().__getitem__(key))


def _package_file(root: Path, entry: dict[str, Any]) -> Path | None:
    """The file an entry of the descriptor names, if it is a plain file inside the package
    (no link on its way: see pathsafe.py)."""
    rel = entry.get("path") if isinstance(entry.get("path"), str) else ""
    if not rel or path_problem(rel) is not None or file_problem(root, rel) is not None:
        return None
    path = (root / rel).resolve()
    if not path.is_relative_to(root.resolve()) or not path.is_file():
        return None
    return path


def _file_ok(root: Path, entry: dict[str, Any], findings: list[Finding]) -> bytes | None:
    """The file's bytes, after checking them against the size and hash the descriptor states."""
    rel = entry.get("path") if isinstance(entry.get("path"), str) else ""
    path = _package_file(root, entry)
    if path is None:
        findings.append(finding("EXPORT-FILE-MISSING", DESCRIPTOR, name=rel))
        return None
    try:
        with open_plain(path) as handle:
            size = os.fstat(handle.fileno()).st_size
            stated = entry.get("bytes")
            if "bytes" in entry and stated != size:  # said before reading
                findings.append(finding("EXPORT-HASH", rel, name=rel,
                                        problem=f"{size} bytes, the descriptor says {stated}",
                                        problem_vi=f"{size} byte, mô tả ghi {stated}"))
                if size > max(stated if isinstance(stated, int) else 0, MAX_UNSTATED_BYTES):
                    return None  # far larger than it should be: not read into memory
            data = handle.read(size + 1)
    except OSError:
        findings.append(finding("EXPORT-FILE-MISSING", DESCRIPTOR, name=rel))
        return None
    if len(data) != size:
        findings.append(finding("EXPORT-HASH", rel, name=rel, problem="the file changed while it was read",
                                problem_vi="tệp thay đổi trong khi đang đọc"))
        return None
    expected = str(entry.get("hash", ""))
    if expected:
        algorithm, _, value = expected.rpartition(":")
        try:
            actual = hashlib.new(algorithm or "md5", data).hexdigest()
        except ValueError:
            actual = f"(unknown algorithm {algorithm})"
        if actual != value:
            findings.append(finding("EXPORT-HASH", rel, name=rel,
                                    problem=f"{algorithm or 'md5'} is {actual}, the descriptor says {value}",
                                    problem_vi=f"{algorithm or 'md5'} là {actual}, mô tả ghi {value}"))
    return data


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _names(value: Any) -> list[str]:
    """Field names as a list (Table Schema allows one name as a plain string)."""
    if isinstance(value, str):
        return [value]
    return [str(x) for x in value] if isinstance(value, list) else []


Reference = tuple[str, int, int, list[str], tuple, str, list[str]]  # file, line, row, fields, value, target, ref
# fields, target, ref, every value the file refers by: a clean file's references in bulk
References = tuple[list[str], str, list[str], set[tuple]]


def _as_text(values: list[Any]) -> list[str]:
    """Cells of NDJSON as CSV would hold them (see ``_Cells``)."""
    return values if set(map(type, values)) == {str} else list(map(_cell, values))


# json's own scanner: one value at a position of a string (what json.loads runs on the whole)
_scan_json_value = json.JSONDecoder().scan_once


def _columns_in_bulk(text: str, fmt: str, names: list[str]) -> tuple[int, Any, Any] | None:
    """(rows, column reader as text, column reader as the file holds the cells) of a whole
    file parsed at once, or None when anything is unusual about it (columns other than the
    schema's ``names``, a broken line, a short row, a blank line): then the row-by-row
    reading says exactly what and where."""
    if fmt == "csv":
        try:
            rows = list(csv.reader(io.StringIO(text, newline="")))
        except csv.Error:
            return None
        if not rows:
            return None
        header, rows = rows[0], rows[1:]
        if header != names or (rows and set(map(len, rows)) != {len(header)}):
            return None
        index = {name: i for i, name in enumerate(header)}

        def csv_column(name: str) -> list[str]:
            if name not in index:
                return [""] * len(rows)
            return list(map(itemgetter(index[name]), rows))
        return len(rows), csv_column, csv_column
    # object after object where they are in the text (no copy of it): each must be an object
    # that ends its line, the last one maybe without its "\n"
    parsed: list[dict[str, Any]] = []
    end, size = 0, len(text)
    try:
        while end < size:
            value, end = _scan_json_value(text, end)
            if type(value) is not dict or (end < size and text[end] != "\n"):
                return None  # not an object, or not alone on its line (a space, another value)
            parsed.append(value)
            end += 1
    except (StopIteration, ValueError, RecursionError):  # a blank line, broken JSON
        return None
    if not parsed or list(parsed[0]) != names:
        return None

    def json_column(name: str) -> list[Any]:
        return list(map(dict.get, parsed, repeat(name)))
    return len(parsed), lambda name: _as_text(json_column(name)), json_column


def _check_in_bulk(text: str, fmt: str, pk: list[str], fks: list[dict[str, Any]], name: str,
                   extra: list[tuple[str, list[str]]], names: list[str], checks: list[FieldCheck]
                   ) -> tuple[dict[tuple, int], list[References]] | None:
    """Cells, primary key and references of a clean file, a column at a time; None when the
    file is not clean (a problem to report row by row)."""
    bulk = _columns_in_bulk(text, fmt, names)
    if bulk is None:
        return None
    count, text_column, raw_column = bulk
    by_value, by_type = _needed(checks, fmt)
    if not all(column_is_clean(check, raw_column(check.name)) for check in by_value) or \
            not all(set(map(type, raw_column(check.name))) <= check.json_types for check in by_type):
        return None
    return _keys_and_references(count, text_column, pk, fks, name, extra)


def _keys_and_references(count: int, column: Any, pk: list[str], fks: list[dict[str, Any]], name: str,
                         extra: list[tuple[str, list[str]]]) -> tuple[dict[tuple, int], list[References]] | None:
    """The primary key (None when a value repeats) and the references of ``count`` rows whose
    columns ``column(name)`` gives."""
    cache: dict[str, list[str]] = {}

    def col(field: str) -> list[str]:
        if field not in cache:
            cache[field] = column(field)
        return cache[field]

    seen: dict[tuple, int] = {}
    if pk:
        keys = list(zip(*map(col, pk)))
        seen = dict(zip(reversed(keys), range(count, 0, -1)))  # each value → its first row
        if len(seen) != count:
            return None
    groups: list[References] = []
    for key in fks:
        fields = _names(key.get("fields"))
        ref = key.get("reference") if isinstance(key.get("reference"), dict) else {}
        values = set(filter(all, zip(*map(col, fields)))) if fields else set()
        groups.append((fields, str(ref.get("resource") or name), _names(ref.get("fields")), values))
    for field, targets in extra:
        groups.append(([field], "|".join(targets), ["id"], set(zip(filter(None, col(field))))))
    return seen, groups


# A table is read in blocks of this size: the memory of one is used again for the next (a
# whole file's bytes, text and cells would be fresh pages the system hands out one by one).
_BLOCK_BYTES = 1 << 22


class _NotClean(Exception):
    """Something about the file is off: the whole-file reading says what and where."""


def _check_streamed(root: Path, resource: dict[str, Any], fmt: str, pk: list[str], fks: list[dict[str, Any]],
                    name: str, extra: list[tuple[str, list[str]]], names: list[str], checks: list[FieldCheck]
                    ) -> tuple[dict[tuple, int], list[References]] | None:
    """A table file whose every check passes, read as ``_check_resource`` reads it but a block
    at a time: its size and hash as the descriptor states them, UTF-8, NFC, every row parsed
    (as ``_columns_in_bulk`` would), its primary key and references. None when anything is
    off: then the whole-file reading finds each problem and its line."""
    path = _package_file(root, resource)
    expected = str(resource.get("hash", ""))
    algorithm, _, value = expected.rpartition(":")
    if path is None:
        return None
    read = _read_clean(path, algorithm or "md5", fmt, pk, fks, name, extra, names, checks)
    if read is None or ("bytes" in resource and resource["bytes"] != read[0]) or (expected and read[1] != value):
        return None
    return read[2], read[3]


def _read_clean(path: Path, algorithm: str, fmt: str, pk: list[str], fks: list[dict[str, Any]],
                name: str, extra: list[tuple[str, list[str]]], names: list[str], checks: list[FieldCheck]
                ) -> tuple[int, str, dict[tuple, int], list[References]] | None:
    """(size, hash with ``algorithm``, primary key, references) of a table file whose every
    check but its size and hash passes (``_check_streamed``), or None."""
    try:
        digest = hashlib.new(algorithm)
    except ValueError:
        return None
    size = 0

    def pieces() -> Iterator[str]:
        """The text, cut after a line break (where nothing composes: each piece in NFC is
        the whole in NFC; no row of either format, no escape, spans a cut). The bytes after
        the last line break of a block go before the next one, and only the bytes up to a
        line break are decoded (a line break is a character of its own in UTF-8, so that
        every character decoded is whole and one that is not whole is an error): the text
        is made once, not cut and joined again."""
        nonlocal size
        carried: list[bytes] = []  # what was read after the last line break
        last = b""  # the last byte of the block before
        with open_plain(path) as file:
            while block := file.read(_BLOCK_BYTES):
                size += len(block)
                digest.update(block)
                # NDJSON may hide text in \u escapes: then each cell is looked at on its own.
                # Looked for in the bytes (in UTF-8 an ASCII character is its own byte, never
                # part of another character's): a search of memory, where the text's is slower
                if fmt != "csv" and (b"\\u" in block or (last == b"\\" and block[:1] == b"u")):
                    raise _NotClean
                last = block[-1:]
                cut = block.rfind(b"\n") + 1
                if not cut:
                    carried.append(block)
                    continue
                data = b"".join([*carried, block]) if carried else block
                cut += len(data) - len(block)
                yield _clean_piece(codecs.utf_8_decode(memoryview(data)[:cut], "strict", True)[0])
                carried = [data[cut:]] if cut < len(data) else []
            text = codecs.utf_8_decode(b"".join(carried), "strict", True)[0]
            if text:
                yield _clean_piece(text)

    checks, by_type = _needed(checks, fmt)
    wanted = list(dict.fromkeys([*pk, *(f for k in fks for f in _names(k.get("fields"))), *(f for f, _ in extra),
                                 *(check.name for check in checks)]))
    try:
        columns = _csv_columns(pieces(), wanted, names) if fmt == "csv" else \
            _ndjson_columns(pieces(), wanted, names, by_type)
    except (_NotClean, UnicodeDecodeError, csv.Error, ValueError, RecursionError, StopIteration, OSError):
        return None
    if columns is None:
        return None
    count, found = columns
    if not all(column_is_clean(check, found[check.name]) for check in checks):
        return None
    as_text = (lambda cells: cells) if fmt == "csv" else _as_text
    keys = _keys_and_references(count, lambda field: as_text(found[field]) if field in found else [""] * count,
                                pk, fks, name, extra)
    return None if keys is None else (size, digest.hexdigest(), *keys)


def _needed(checks: list[FieldCheck], fmt: str) -> tuple[list[FieldCheck], list[FieldCheck]]:
    """(the checks that must look at a file's values, those its JSON types settle): a CSV
    cell is text, so a plain string's is valid; in NDJSON a plain string, an array or an
    object without constraints is valid when it is a JSON string, array or object (or null)."""
    if fmt == "csv":
        return [check for check in checks if not check.plain], []
    return ([check for check in checks if check.json_types is None],
            [check for check in checks if check.json_types is not None])


def _clean_piece(text: str) -> str:
    if not unicodedata.is_normalized("NFC", text):
        raise _NotClean
    return text


def _csv_columns(pieces: Iterator[str], wanted: list[str], names: list[str]
                 ) -> tuple[int, dict[str, list[str]]] | None:
    """(rows, the wanted columns) of CSV, as ``_columns_in_bulk`` reads it."""
    reader = csv.reader(chain.from_iterable(io.StringIO(piece, newline="") for piece in pieces))
    header = next(reader, None)
    if header != names:
        return None
    width = len(header)
    present = [field for field in wanted if field in header]
    picked: list[tuple[str, ...]] = []
    pick = itemgetter(*map(header.index, present)) if present else None
    count = 0
    for cells in reader:
        if len(cells) != width:
            return None
        count += 1
        if pick is not None:
            picked.append(pick(cells))
    if len(present) == 1:  # itemgetter of one index gives the cell itself
        return count, {present[0]: picked}
    return count, dict(zip(present, map(list, zip(*picked)))) if picked else {field: [] for field in present}


def _ndjson_columns(pieces: Iterator[str], wanted: list[str], names: list[str], by_type: list[FieldCheck]
                    ) -> tuple[int, dict[str, list[Any]]] | None:
    """(rows, the wanted columns, as JSON values) of NDJSON, as ``_columns_in_bulk`` reads it:
    one object a line, the first with the schema's ``names`` as its keys, in order (a key an
    object lacks is null, one the schema lacks is no cell: as Frictionless reads it), and the
    cells of the ``by_type`` checks of a type that makes them valid."""
    picked: list[tuple[Any, ...]] = []
    keep = picked.append
    typed = [check.name for check in by_type]
    shapes: set[tuple[type, ...]] = set()  # the types of those cells in a row: few kinds
    see_shape = shapes.add
    # the cells of a row in one call each; a key the row lacks (KeyError) reads as null
    pick, pick_typed = _getter(wanted), _getter(typed)
    count = 0
    for text in pieces:
        end, size = 0, len(text)
        while end < size:
            value, end = _scan_json_value(text, end)
            if type(value) is not dict or (end < size and text[end] != "\n"):
                return None
            if not count and list(value) != names:
                return None
            try:
                cells, shape = pick(value), tuple(map(type, pick_typed(value)))
            except KeyError:
                cells, shape = tuple(map(value.get, wanted)), tuple(map(type, map(value.get, typed)))
            keep(cells)
            see_shape(shape)
            count += 1
            end += 1
    if not count:
        return None
    for at, check in enumerate(by_type):
        if any(shape[at] not in check.json_types for shape in shapes):
            return None
    return count, dict(zip(wanted, map(list, zip(*picked)))) if wanted else {}


def _getter(keys: list[str]) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
    """A row's values at ``keys``, as a tuple (KeyError for a key it lacks)."""
    if len(keys) > 1:
        return itemgetter(*keys)
    return lambda row: tuple(row[key] for key in keys)


def _check_resource(folder: Path, resource: dict[str, Any], keep_keys: bool, row_by_row: bool = False
                    ) -> tuple[list[Finding], dict[tuple, int] | None, list[Reference] | list[References]]:
    """One resource: its file, its columns, its cells (against the schema, and NFC), its
    primary key; the references it makes — in bulk for a clean file, row by row
    (``row_by_row``, or when it is not) to say where."""
    findings: list[Finding] = []
    references: list[Reference] = []
    name, rel = str(resource.get("name", "")), str(resource.get("path", ""))
    fmt, pk, fks, extra, names, checks = _plan(resource)
    if resource.get("type") == "table" and not row_by_row:
        clean = _check_streamed(folder, resource, fmt, pk, fks, name, extra, names, checks)
        if clean is not None:
            return findings, clean[0] if keep_keys else None, clean[1]
    data = _file_ok(folder, resource, findings)
    if data is None or resource.get("type") != "table":
        return findings, None, references
    seen: dict[tuple, int] = {}
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        findings.append(finding("EXPORT-HASH", rel, name=rel, problem=f"not UTF-8 at byte {exc.start}",
                                problem_vi=f"không phải UTF-8 ở byte {exc.start}"))
        return findings, None, references
    # the whole file at once; cell by cell only when it is not (or hides text in \u escapes)
    nfc = unicodedata.is_normalized("NFC", text) and (fmt == "csv" or "\\u" not in text)
    if nfc and not row_by_row:
        clean = _check_in_bulk(text, fmt, pk, fks, name, extra, names, checks)
        if clean is not None:
            return findings, clean[0] if keep_keys else None, clean[1]
    header_checked = False
    unique = UniqueTracker()
    for number, line, raw in _rows(text, fmt, rel, findings):
        if not header_checked:  # CSV's header line, or the keys of NDJSON's first object
            header_checked = True
            if list(raw) != names:
                findings.append(_header_finding(rel, list(raw), names))
        row = raw if fmt == "csv" else _Cells(raw)
        for check in checks:
            cell = raw.get(check.name)
            problem = check.problem(cell)
            repeated = unique.repeated(check, cell, number) if check.unique and problem is None else None
            if problem is not None or repeated is not None:
                shown = "" if cell is None else _cell(cell)
                findings.append(finding(
                    check.rule, rel, line=line, name=rel, field=check.name, row=number,
                    value=shown if len(shown) <= 80 else shown[:79] + "…",
                    problem=(problem or UNIQUE).en + (f" (data row {repeated})" if repeated else ""),
                    problem_vi=(problem or UNIQUE).vi + (f" (dòng dữ liệu {repeated})" if repeated else "")))
        if not nfc:
            for field in raw:
                value = row[field]
                if not unicodedata.is_normalized("NFC", value):
                    findings.append(finding("EXPORT-NFC", rel, line=line, name=rel, field=field, row=number))
        if pk:
            value = tuple(row.get(k, "") for k in pk)
            if value in seen:
                findings.append(finding("EXPORT-PRIMARY-KEY", rel, line=line, name=rel, key=", ".join(pk),
                                        value=", ".join(value), row=number, first_row=seen[value]))
            else:
                seen[value] = number
        for key in fks:
            fields = _names(key.get("fields"))
            ref = key.get("reference") if isinstance(key.get("reference"), dict) else {}
            value = tuple(row.get(f, "") for f in fields)
            if all(value):
                references.append((rel, line, number, fields, value, str(ref.get("resource") or name),
                                   _names(ref.get("fields"))))
        for field, targets in extra:
            if row.get(field):
                references.append((rel, line, number, [field], (row[field],), "|".join(targets), ["id"]))
    return findings, seen if keep_keys else None, references


def _plan(resource: dict[str, Any]) -> tuple[str, list[str], list[dict[str, Any]], list[tuple[str, list[str]]],
                                             list[str], list[FieldCheck]]:
    """What a table resource's entry asks of its file: (format, primary key, foreign keys,
    references a Table Schema cannot state, column names, the checks of its fields)."""
    name = str(resource.get("name", ""))
    schema = resource.get("schema") if isinstance(resource.get("schema"), dict) else {}
    pk = _names(schema.get("primaryKey"))
    fks = [k for k in _list(schema.get("foreignKeys")) if isinstance(k, dict)]
    base = name.removesuffix(NDJSON_SUFFIX)
    suffix = name[len(base):]
    extra = [(f, [t + suffix for t in targets]) for f, targets in EXTRA_REFERENCES.get(base, [])]
    fmt = str(resource.get("format", "csv"))
    names = [str(f.get("name")) for f in _list(schema.get("fields")) if isinstance(f, dict)]
    # a unique field that is the primary key: its repeats are reported once, as the key's
    checks = [replace(c, unique=False) if pk == [c.name] else c for c in schema_checks(schema)]
    checks += [_project_check(field, pattern) for field, pattern in PROJECT_COLUMNS.get(base, {}).items()]
    return fmt, pk, fks, extra, names, checks


def _project_check(field: str, pattern: re.Pattern[str]) -> FieldCheck:
    """A column held to the project's own id (or language tag) pattern, whatever the
    package's schema says of it (rule EXPORT-ID)."""
    shown = pattern.pattern + (f", at most {PROJECT_ID_MAX} characters" if pattern is PROJECT_ID else "")
    shown_vi = pattern.pattern + (f", tối đa {PROJECT_ID_MAX} ký tự" if pattern is PROJECT_ID else "")
    return FieldCheck(
        name=field, read=_string, missing=frozenset({""}), required=False, unique=False,
        tests=[(lambda v: len(v) <= PROJECT_ID_MAX and pattern.match(v) is not None,
                Problem(f"it does not match {shown}", f"giá trị không khớp {shown_vi}"))],
        type_problem=Problem("it is not text", "giá trị không phải văn bản"), rule="EXPORT-ID")


@dataclass(frozen=True)
class Verdict:
    """A file of the package found clean before the descriptor was written (``check_file``):
    the entry it was checked against (without "bytes" and "hash"), the file as it was read
    (its place and ``os.stat`` signature), its size and SHA-256 as read, and for a table its
    primary key and references."""
    entry: dict[str, Any]
    path: Path
    signature: tuple[int, ...]
    size: int
    sha256: str
    keys: dict[tuple, int] | None
    references: list[References]

    def holds(self, folder: Path, resource: dict[str, Any], keep_keys: bool) -> bool:
        """Whether checking ``resource`` now would find what was found: the descriptor states
        the same entry with the size and SHA-256 read then, and the file is the one read."""
        return (resource.get("bytes") == self.size and resource.get("hash") == "sha256:" + self.sha256
                and not (keep_keys and resource.get("type") == "table" and self.keys is None)
                and _without_integrity(resource) == self.entry
                and _package_file(folder, resource) == self.path and _signature(self.path) == self.signature)


def _without_integrity(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k not in ("bytes", "hash")}


def _signature(path: Path) -> tuple[int, ...]:
    """What changes when a file is written again or replaced (nothing for one that is gone)."""
    try:
        st = path.stat()
    except OSError:
        return ()
    return st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def check_file(folder: Path, resource: dict[str, Any], keep_keys: bool) -> Verdict | None:
    """One file of the package, read back from disk as soon as it is written, against
    ``resource``: its entry as the descriptor will state it, but for its "bytes" and "hash"
    (not known yet). Every check ``check_package`` makes of the file alone — UTF-8, NFC,
    columns, every cell, primary key — and its size, SHA-256 and references as read; None
    when anything is off (``check_package`` then checks the file again and says where).
    ``check_package(folder, ahead=…)`` takes a verdict only where the descriptor it reads
    from disk states that very entry, with that size and hash, and the file is unchanged."""
    entry = _without_integrity(json.loads(json.dumps(resource, ensure_ascii=False)))  # as it will be read
    path = _package_file(folder, entry)
    if path is None:
        return None
    signature = _signature(path)
    if not signature:
        return None
    if entry.get("type") == "table":
        fmt, pk, fks, extra, names, checks = _plan(entry)
        read = _read_clean(path, "sha256", fmt, pk, fks, str(entry.get("name", "")), extra, names, checks)
        if read is None:
            return None
        size, digest, keys, references = read
    else:
        data = path.read_bytes()
        size, digest, keys, references = len(data), hashlib.sha256(data).hexdigest(), None, []
    if _signature(path) != signature:  # changed while it was read
        return None
    return Verdict(entry, path, signature, size, digest, keys if keep_keys else None, references)


def referenced(resources: list[dict[str, Any]]) -> set[str]:
    """The names of the resources a foreign key (or a reference of ``EXTRA_REFERENCES``)
    points into: their primary keys are kept to resolve references."""
    found = set()
    for r in resources:
        schema = r.get("schema") if isinstance(r.get("schema"), dict) else {}
        for key in _list(schema.get("foreignKeys")):
            if isinstance(key, dict) and isinstance(key.get("reference"), dict):
                found.add(str(key["reference"].get("resource") or r.get("name")))
        base = str(r.get("name", "")).removesuffix(NDJSON_SUFFIX)
        for _, targets in EXTRA_REFERENCES.get(base, []):
            found.update(t + str(r.get("name", ""))[len(base):] for t in targets)
    return found


def _header_finding(rel: str, found: list[str], names: list[str]) -> Finding:
    missing = [n for n in names if n not in found]
    unknown = [n for n in found if n not in names]
    parts_en = [f"missing: {', '.join(missing)}"] if missing else []
    parts_vi = [f"thiếu: {', '.join(missing)}"] if missing else []
    if unknown:
        parts_en.append(f"not in the schema: {', '.join(unknown)}")
        parts_vi.append(f"không có trong lược đồ: {', '.join(unknown)}")
    if not parts_en:
        parts_en, parts_vi = ["not in the schema's order"], ["không theo thứ tự của lược đồ"]
    return finding("EXPORT-COLUMNS", rel, line=1, name=rel, problem="; ".join(parts_en), problem_vi="; ".join(parts_vi))


def _known_keys(keys: dict[str, dict[tuple, int]], target: str) -> set[tuple]:
    known: set[tuple] = set()
    for t in target.split("|"):
        known.update(keys.get(t, {}))
    return known


def check_package(folder: Path, *, frictionless: bool = False, ahead: dict[str, Verdict | None] | None = None
                  ) -> list[Finding]:
    """Every problem of the package in ``folder`` (its ``datapackage.json`` and files).
    ``ahead``: files already checked as they were written (``check_file``, by path): each
    verdict stands in for reading its file again only where it ``holds``."""
    path = folder / DESCRIPTOR
    descriptor = _read_descriptor(folder)
    if isinstance(descriptor, list):
        return descriptor
    # nothing outside the package is opened by any step below, Frictionless' included
    unsafe = _unsafe_paths(folder, descriptor)
    if unsafe:
        return sort_findings(unsafe)

    resources = [r for r in descriptor["resources"] if isinstance(r, dict)]
    keep = referenced(resources)
    tasks = [(folder, r, str(r.get("name", "")) in keep) for r in resources]
    results: list[Any] = [None] * len(tasks)
    for at, (_, r, keep_keys) in enumerate(tasks):
        verdict = (ahead or {}).get(r["path"]) if isinstance(r.get("path"), str) else None
        if verdict is not None and verdict.holds(folder, r, keep_keys):
            results[at] = ([], verdict.keys if keep_keys else None, verdict.references)
    # each other file on its own, on two cores when the package is big (weights in kilobytes)
    left = [at for at, result in enumerate(results) if result is None]
    sizes = [tasks[at][1].get("bytes") for at in left]
    for at, result in zip(left, in_parallel([lambda task=tasks[at]: _check_resource(*task) for at in left],
                                            [size / 1000 if isinstance(size, int) else 1 for size in sizes],
                                            shared=True)):
        results[at] = result

    findings: list[Finding] = []
    keys: dict[str, dict[tuple, int]] = {}
    for (_, resource, _), (found, seen, _) in zip(tasks, results):
        findings.extend(found)
        if seen is not None:
            keys[str(resource.get("name", ""))] = seen
    references: list[Reference] = []
    for task, (_, _, refs) in zip(tasks, results):
        if refs and len(refs[0]) == 4:  # in bulk: where a value does not resolve, say where
            if all(not (values - _known_keys(keys, target)) for _, target, _, values in refs):
                continue
            refs = _check_resource(*task, row_by_row=True)[2]
        references.extend(refs)
    for rel, line, number, fields, value, target, ref_fields in references:
        if not any(value in keys.get(t, {}) for t in target.split("|")):
            findings.append(finding("EXPORT-FOREIGN-KEY", rel, line=line, name=rel, field=", ".join(fields),
                                    value=", ".join(value), row=number,
                                    target=" / ".join(f"{t}.{', '.join(ref_fields)}" for t in target.split("|"))))
    for entry in _list(descriptor.get("quangba:schemas")):
        if isinstance(entry, dict):
            _file_ok(folder, entry, findings)
    if frictionless:
        findings.extend(frictionless_findings(path))
    return sort_findings(findings)


def _read_descriptor(folder: Path) -> dict[str, Any] | list[Finding]:
    """The descriptor as JSON, or the findings that say why it cannot be read: a link or
    not a plain file, too large (said before reading), not JSON, nested too deeply."""
    problem = file_problem(folder, DESCRIPTOR)
    if problem is not None:
        return [_unsafe_finding(DESCRIPTOR, problem)]
    try:
        raw = read_plain(folder / DESCRIPTOR, MAX_DESCRIPTOR_BYTES)
        if len(raw) > MAX_DESCRIPTOR_BYTES:
            raise NotPlain("grew while read")
        descriptor = json.loads(raw.decode("utf-8"))
        if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
            raise ValueError("no list of resources")
    except FileNotFoundError:
        return [finding("EXPORT-DESCRIPTOR", DESCRIPTOR, problem="the file is missing", problem_vi="không có tệp")]
    except NotPlain:
        return [finding("EXPORT-DESCRIPTOR", DESCRIPTOR, problem=f"larger than {MAX_DESCRIPTOR_BYTES} bytes",
                        problem_vi=f"lớn hơn {MAX_DESCRIPTOR_BYTES} byte")]
    except RecursionError:
        return [finding("EXPORT-DESCRIPTOR", DESCRIPTOR, problem="its JSON is nested too deeply",
                        problem_vi="JSON lồng nhau quá sâu")]
    except (OSError, ValueError, UnicodeDecodeError) as exc:
        return [finding("EXPORT-DESCRIPTOR", DESCRIPTOR, problem=str(exc), problem_vi=str(exc))]
    return descriptor


def _unsafe_finding(where: str, problem: Unsafe) -> Finding:
    return finding("EXPORT-PATH-UNSAFE", where, name=problem.name, problem=problem.en, problem_vi=problem.vi)


def _unsafe_paths(folder: Path, descriptor: dict[str, Any]) -> list[Finding]:
    """Everything the descriptor points at that is not a plain file inside the package: in
    its text (URLs, absolute or climbing paths, profiles to fetch, schemas kept elsewhere),
    then on disk (links on the way, devices, pipes, folders)."""
    found = [_unsafe_finding(DESCRIPTOR, problem) for problem in descriptor_problems(descriptor)]
    for rel in package_paths(descriptor):
        if path_problem(rel) is None and (problem := file_problem(folder, rel)) is not None:
            found.append(_unsafe_finding(rel, problem))
    return found


def write_report(folder: Path, findings: list[Finding], version: str | None, *, frictionless: bool) -> bytes:
    """The validation report beside the package, as JSON (every finding; no cap)."""
    rows = [f.as_row() for f in findings]
    report = {
        "package": DESCRIPTOR,
        "version": version,
        "valid": not any(f.is_error for f in findings),
        "checks": ["bytes", "sha256", "columns", "cells", "nfc", "primary-keys", "foreign-keys", "relation-targets"]
                  + (["frictionless"] if frictionless else []),
        "errors": sum(f.is_error for f in findings),
        "warnings": sum(not f.is_error for f in findings),
        "findings": rows,
    }
    data = (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    (folder / REPORT).write_bytes(data)
    return data
