"""Tables → files: CSV (UTF-8, NFC) and NDJSON of every table, and the Frictionless Data
Package v2 descriptor with Table Schemas, keys, licences, contributors, sources, and each
file's size and SHA-256.

Byte-reproducible: rows are sorted by the tables, keys are written in a fixed order, and
the only dates are those the data states (``created`` is the newest date of an exported
record or tombstone, never the clock of the machine that builds).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import unicodedata
from datetime import date, datetime
from pathlib import Path
from itertools import islice, repeat
from operator import eq, itemgetter
from typing import Any, Callable, Iterable, Iterator

from ..catalog.model import SOURCE_LANGUAGE, Catalog
from .columns import Table
from .parallel import in_parallel
from .tables import agency_uri, newest_date

PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"
TABLE_PROFILE = "https://datapackage.org/profiles/2.0/tableschema.json"
# Major version of the package's layout: bumped when a column is removed or changes meaning.
FORMAT_MAJOR = 1
DESCRIPTOR = "datapackage.json"
# A text's body may hold 1 MiB (catalog.load.MAX_MARKDOWN_BYTES), far more than the csv module's
# default field limit of 131 072 characters: every reader of the package's CSV allows cells this long
# (and no longer: a hostile package's cell stays bounded).
MAX_CELL_CHARS = 4 * 1024 * 1024


def allow_long_cells() -> None:
    if csv.field_size_limit() < MAX_CELL_CHARS:
        csv.field_size_limit(MAX_CELL_CHARS)


NDJSON_SUFFIX = "-ndjson"

_LICENCE_NAMES = {
    "https://creativecommons.org/licenses/by/4.0/": ("CC-BY-4.0", "Creative Commons Attribution 4.0"),
    "https://creativecommons.org/licenses/by-sa/4.0/": ("CC-BY-SA-4.0", "Creative Commons Attribution-ShareAlike 4.0"),
    "https://creativecommons.org/publicdomain/zero/1.0/": ("CC0-1.0", "Creative Commons Zero 1.0"),
    "https://creativecommons.org/licenses/by-nc/4.0/": ("CC-BY-NC-4.0", "Creative Commons Attribution-NonCommercial 4.0"),
}


def licence(uri: str) -> dict[str, str]:
    name, title = _LICENCE_NAMES.get(uri, (None, uri))
    out = {"name": name} if name else {}
    return {**out, "path": uri, "title": title}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def dumps(value: Any) -> str:
    """Canonical JSON of a cell value: sorted keys, UTF-8 text, no spaces."""
    return _encode_canonical(value)


# what json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":")) does, without
# making an encoder at each call
_encode_canonical = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, str):
        return value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (dict, list)):
        return dumps(value)
    return str(value)


def _json_value(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


_NONE = type(None)
_encode_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
_encode_string = json.encoder.encode_basestring  # what the encoder above does with a str


def columns(table: Table) -> list[list[Any]]:
    """The table's cells column by column (a missing key reads as None)."""
    rows, names = table.rows, table.field_names
    try:  # a wide table: a row's cells in one call, then turned into columns
        cells = list(map(itemgetter(*names), rows)) if rows and len(names) > _NARROW else None
    except KeyError:
        cells = None
    if cells is None:  # a narrow one (the texts): a column at a time is quicker
        return [list(map(dict.get, rows, repeat(name))) for name in names]
    return list(map(list, zip(*cells)))


_NARROW = 16  # columns (measured: 10 columns a third quicker by column, 50 a third slower)


def _csv_quote(text: str) -> str:
    """A field as the csv module writes it (minimal quoting, quotes doubled); a carriage
    return is quoted too, so that a reader does not take it for the end of the row."""
    if '"' in text:
        return '"' + text.replace('"', '""') + '"'
    if "," in text or "\n" in text or "\r" in text:
        return '"' + text + '"'
    return text


_BOOLEANS = {True: "true", False: "false"}


def _none_quoted(texts: Iterable[str]) -> bool:
    """Whether no text would be quoted by ``_csv_quote``: then a column (ids, URIs, versions)
    is written as it is, without a Python call per cell. A few texts first (bodies and such
    are quoted at once: not joined for nothing), then all in one join and four searches in C."""
    texts = list(texts)
    return _unquoted("\x00".join(texts[:8])) and _unquoted("\x00".join(texts))


def _unquoted(joined: str) -> bool:
    return not ('"' in joined or "," in joined or "\n" in joined or "\r" in joined)


def _csv_field(value: Any) -> str:
    return "" if value is None else _csv_quote(value if isinstance(value, str) else _cell(value))


# Types whose equal values are written alike (not floats: 0.0 == -0.0; not date-times:
# equal moments in two time zones).
_FOLDABLE = frozenset({str, _NONE, bool, int, date})


def _one_value(values: list[Any], types: set[type]) -> bool:
    """Whether every cell of the column is the same value (then written once, see _rows)."""
    if len(types) != 1 or next(iter(types)) not in _FOLDABLE:
        return False
    # most columns differ at once: not hashing every cell (the bodies) to find it out
    first = values[0]
    return first == values[-1] and first == values[len(values) // 2] and len(set(values)) == 1


def _rows(columns: list[tuple[str, str | Iterable[str]]], end: str, count: int) -> Iterable[str]:
    """The rows' text: each column's fragment after its literal prefix. A column with one
    fragment for every row (a string) is folded into the literal text between its
    neighbours: the records table's many empty kind columns cost nothing per row. A row is
    one join of its pieces (no string made per cell)."""
    literal, parts = "", []
    for prefix, fragments in columns:
        if isinstance(fragments, str):
            literal += prefix + fragments
        else:
            if literal + prefix:
                parts.append(repeat(literal + prefix))
            parts.append(fragments)
            literal = ""
    literal += end
    if not parts:
        return repeat(literal, count)
    if literal:
        parts.append(repeat(literal))
    return map("".join, zip(*parts))  # the fragments end it: ``count`` rows


def _csv_column(values: list[Any]) -> str | Iterable[str]:
    """The column's CSV fields; one string when every row has the same."""
    types = set(map(type, values))
    if _one_value(values, types):
        return _csv_field(values[0])
    if types == {str}:
        return values if _none_quoted(values) else map(_csv_quote, values)
    if types == {str, _NONE}:  # a kind's own column: empty in the rows of other kinds
        if _none_quoted(filter(None, values)):
            return ["" if v is None else v for v in values]
        return ["" if v is None else _csv_quote(v) for v in values]
    if types == {date}:
        return map(date.isoformat, values)
    if types == {bool}:
        return map(_BOOLEANS.__getitem__, values)
    if types <= {int, float, date}:  # never quoted; written as _cell writes them
        return map(_cell, values)
    return map(_csv_field, values)


def csv_text(table: Table, cells: list[list[Any]] | None = None) -> str:
    """The table as CSV (RFC 4180 as the csv module writes it, "\\n" between rows)."""
    return "".join(csv_chunks(table, cells))


def csv_chunks(table: Table, cells: list[list[Any]] | None = None) -> Iterator[str]:
    """``csv_text`` a few thousand rows at a time (see ``_in_chunks``). Work is done a column
    at a time so that a cell costs few Python calls: 100 000 texts are a few million cells."""
    header = ",".join(map(_csv_quote, table.field_names)) + "\n"
    yield _nfc(header)
    if not table.rows:
        return
    rows = _rows([("," if i else "", _csv_column(c)) for i, c in enumerate(cells or columns(table))], "",
                 len(table.rows))
    if len(table.fields) == 1:  # an empty line would be no row: the one empty field is quoted
        rows = ('""' if row == "" else row for row in rows)
    # chunks end with a line break, which nothing composes with: each chunk in NFC is the
    # whole text in NFC
    yield from map(_nfc, _in_chunks(rows))


def _nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


# Rows are put together and written a few thousand at a time: the memory of one chunk is
# used again for the next, where the whole text of a big file (and its bytes) would be
# fresh memory the system must hand out page by page.
_ROWS_PER_CHUNK = 2000


def _in_chunks(rows: Iterable[str]) -> Iterator[str]:
    """The rows, ``_ROWS_PER_CHUNK`` at a time, each row ended by "\\n"."""
    rows = iter(rows)
    while chunk := list(islice(rows, _ROWS_PER_CHUNK)):
        chunk.append("")
        yield "\n".join(chunk)


def _canonical(value: Any) -> Any:
    """Objects with their keys sorted, all the way down (lists keep their order)."""
    if isinstance(value, dict):
        return {k: _canonical(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_canonical(x) for x in value]
    return value


def _json_cell(value: Any, nested: bool, dated: bool) -> str:
    if nested and value is not None:
        value = _canonical(value)
    if dated and isinstance(value, (date, datetime)):
        value = value.isoformat()
    return _encode_json(value)


def _json_scalar(value: str | int | float | bool | None) -> str:
    """What the encoder writes for a plain value, without starting an encoder for it."""
    if type(value) is str:
        return _encode_string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is int or (value == value and value not in _INFINITIES):
        return repr(value)
    return _encode_json(value)  # NaN and infinities, as the encoder spells them


_INFINITIES = (float("inf"), float("-inf"))
_SCALARS = frozenset({str, _NONE, bool, int, float})


def _json_column(values: list[Any], nested: bool, dated: bool) -> str | Iterable[str]:
    """Each cell as the JSON text the encoder writes for it inside a row; one string when
    every row has the same."""
    types = set(map(type, values))
    if _one_value(values, types):
        return _json_cell(values[0], nested, dated)
    if types == {str}:
        return map(_encode_string, values)
    if types <= {str, _NONE}:
        return ["null" if v is None else _encode_string(v) for v in values]
    if types <= _SCALARS:
        return map(_json_scalar, values)
    if dated and types <= {date, datetime, _NONE}:  # ISO 8601 needs no escaping
        return ["null" if v is None else '"' + v.isoformat() + '"' for v in values]
    return ["null" if v is None else _json_cell(v, nested, dated) for v in values]


def ndjson_text(table: Table, cells: list[list[Any]] | None = None) -> str:
    """One JSON object per row, keys in column order, objects inside cells canonical: the
    bytes ``json`` writes for the row as a dict."""
    return "".join(ndjson_chunks(table, cells))


def ndjson_chunks(table: Table, cells: list[list[Any]] | None = None) -> Iterator[str]:
    """``ndjson_text`` a few thousand rows at a time, put together a column at a time."""
    if not table.rows:
        return
    parts = [(("," if i else "{") + _encode_string(f["name"]) + ":",
              _json_column(values, f["type"] in ("object", "array", "any"), f["type"] in ("date", "datetime", "any")))
             for i, (f, values) in enumerate(zip(table.fields, cells or columns(table)))]
    yield from map(nfc_json, _in_chunks(_rows(parts, "}", len(table.rows))))


def nfc_json(text: str) -> str:
    """JSON text in Unicode NFC that holds the same values. Strings in NFC can still make JSON
    text that is not: a combining mark right after an escape ("\\n" then U+0301) would compose
    with the escape's letter ("\\ń"), and normalising the file as text would break the escape.
    In a line where that happens the combining marks are written as \\u escapes (the same
    values), and if anything else still composes, every character that is not ASCII."""
    if unicodedata.is_normalized("NFC", text):
        return text
    lines = text.split("\n")  # JSON strings hold no raw line break: a line is one JSON value
    for i, line in enumerate(lines):
        if not unicodedata.is_normalized("NFC", line):
            line = "".join(_json_escape(c) if unicodedata.combining(c) else c for c in line)
            if not unicodedata.is_normalized("NFC", line):
                line = "".join(c if c.isascii() else _json_escape(c) for c in line)
            lines[i] = line
    return "\n".join(lines)


def _json_escape(char: str) -> str:
    return json.encoder.encode_basestring_ascii(char)[1:-1]


class Writer:
    """Writes files below ``out_dir`` and remembers each one's size and hash."""

    def __init__(self, out_dir: Path):
        self.out_dir = out_dir
        self.files: dict[str, tuple[int, str]] = {}

    def _store(self, rel: str, data: bytes | str | Iterable[str]) -> tuple[int, str]:
        path = self.out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, (bytes, str)):
            data = [data]
        size, digest = 0, hashlib.sha256()
        with open(path, "wb") as file:
            for chunk in data:
                if isinstance(chunk, str):  # in NFC already: csv_chunks, ndjson_chunks, nfc_json
                    chunk = chunk.encode("utf-8")
                file.write(chunk)
                digest.update(chunk)
                size += len(chunk)
        return size, digest.hexdigest()

    def _remember(self, rel: str, size: int, digest: str) -> dict[str, Any]:
        self.files[rel] = (size, digest)
        return {"bytes": size, "hash": "sha256:" + digest}

    def write(self, rel: str, data: bytes | str | Iterable[str]) -> dict[str, Any]:
        """Write ``data`` (bytes, or text already in Unicode NFC — whole or in chunks — as
        UTF-8) and return its size and hash. The package's own check reads every file back
        and reports any cell that is not NFC."""
        return self._remember(rel, *self._store(rel, data))

    def write_all(self, jobs: list[tuple[Callable[[], dict[str, bytes | str | Iterable[str]]], float]],
                  then: Callable[[str], Any] | None = None) -> dict[str, Any]:
        """Run each job (it makes ``{path: data}``) and write what it makes, on two cores when
        the work (the jobs' weights, in rows) is big; ``files`` then has every size and hash.
        ``then(path)``, if given, is called on each file once it is written and closed, by
        the process that wrote it while the other writes the next (the package's own check
        reading it back from disk); what it returns comes back by path."""
        def run(make: Callable[[], dict[str, bytes | str | Iterable[str]]]
                ) -> dict[str, tuple[tuple[int, str], Any]]:
            return {rel: (self._store(rel, data), then(rel) if then is not None else None)
                    for rel, data in make().items()}
        after: dict[str, Any] = {}
        for done in in_parallel([lambda make=make: run(make) for make, _ in jobs], [w for _, w in jobs], shared=True):
            for rel, ((size, digest), result) in done.items():
                self._remember(rel, size, digest)
                after[rel] = result
        return after

    def written(self, rel: str) -> dict[str, Any]:
        size, digest = self.files[rel]
        return {"bytes": size, "hash": "sha256:" + digest}


def table_path(table: Table, fmt: str) -> str:
    return f"data/{table.name}.{fmt}"


def _formats(table: Table) -> tuple[str, ...]:
    # An empty table has its CSV (the header states the columns) but no NDJSON file: an
    # empty NDJSON file says nothing, and Frictionless cannot read one.
    return ("csv", "ndjson") if table.rows else ("csv",)


def table_jobs(tables: list[Table]) -> list[tuple[Callable[[], dict[str, Iterator[str]]], float]]:
    """For ``Writer.write_all``: each table's CSV and NDJSON, weighed by rows (an NDJSON
    file, every row with its keys, costs about a quarter more than the CSV to write and to
    check: measured at 100 000 texts)."""
    makers: dict[str, Callable[[Table], Iterator[str]]] = {"csv": csv_chunks, "ndjson": ndjson_chunks}
    return [(lambda t=table, fmt=fmt: {table_path(t, fmt): makers[fmt](t)},
             (len(table.rows) + 1) * (NDJSON_WEIGHT if fmt == "ndjson" else 1))
            for table in tables for fmt in _formats(table)]


NDJSON_WEIGHT = 1.25


def table_resources(tables: list[Table], default_licence: str,
                    written: Callable[[str], dict[str, Any]]) -> list[dict[str, Any]]:
    """The descriptor's entries of the tables' files (``table_jobs``); ``written(path)`` gives
    a file's size and hash (``Writer.written``, or nothing for the entries as they will be
    but for those)."""
    files = [(table, fmt) for table in tables for fmt in _formats(table)]
    resources: list[dict[str, Any]] = []
    non_empty = {t.name for t in tables if t.rows}
    for table, fmt in files:
        licences = [licence(x) for x in (table.licences or [default_licence]) if x]
        name = table.name if fmt == "csv" else table.name + NDJSON_SUFFIX
        path = table_path(table, fmt)
        schema: dict[str, Any] = {"$schema": TABLE_PROFILE, "fields": table.fields,
                                  "primaryKey": table.primary_key}
        # the NDJSON form refers to the NDJSON form of the other tables; an empty table has
        # none, and every reference into it is already checked on the CSV form
        keys = [k for k in table.foreign_keys if fmt == "csv" or k["reference"]["resource"] in non_empty]
        if keys:
            suffix = "" if fmt == "csv" else NDJSON_SUFFIX
            schema["foreignKeys"] = [
                {"fields": k["fields"], "reference": {"resource": k["reference"]["resource"] + suffix,
                                                      "fields": k["reference"]["fields"]}}
                for k in keys
            ]
        resource: dict[str, Any] = {
            "name": name, "type": "table", "path": path, "title": table.title,
            "description": table.description if fmt == "csv" else f"{table.description} (NDJSON: the same rows as {path[:-6]}csv)",
            "format": fmt, "mediatype": "text/csv" if fmt == "csv" else "application/x-ndjson",
            "encoding": "utf-8", **written(path),
        }
        if fmt == "csv":
            resource["dialect"] = {"$schema": "https://datapackage.org/profiles/2.0/tabledialect.json",
                                   "delimiter": ",", "lineTerminator": "\n", "quoteChar": "\"", "header": True}
        resource["licenses"] = licences
        resource["schema"] = schema
        resources.append(resource)
    return resources


def file_resource(name: str, path: str, title: str, fmt: str, mediatype: str, written: dict[str, Any],
                  licence_uri: str) -> dict[str, Any]:
    return {"name": name, "type": "json", "path": path, "title": title, "format": fmt, "mediatype": mediatype,
            "encoding": "utf-8", **written, "licenses": [licence(licence_uri)] if licence_uri else []}


def version_and_created(catalog: Catalog, tables: list[Table], resources: list[dict[str, Any]]) -> tuple[str, str]:
    """Semantic version ``MAJOR.YYYYMMDD.N+sha.<digest>`` and RFC 3339 ``created``, from the data:
    MAJOR is the layout's version, YYYYMMDD the newest date a record or tombstone states, N how
    many records and tombstones changed that day, and the build metadata a digest of every file."""
    newest = newest_date(tables)
    digest = sha256("\n".join(f"{r['path']} {r['hash']}" for r in resources).encode())[:12]
    if newest is None:
        return f"{FORMAT_MAJOR}.0.0+sha.{digest}", "1970-01-01T00:00:00+00:00"
    day = newest.date()
    changed = 0
    for table in tables:
        if table.name in ("records", "tombstones"):
            rows, days = table.rows, repeat(day)
            # a row changed that day if its modified, date or end of embargo (in Vietnam) is that day
            embargo_ends = [moment.astimezone(newest.tzinfo).date() if isinstance(moment, datetime) else None
                            for moment in map(dict.get, rows, repeat("embargo_until"))]
            changed += sum(map(any, zip(map(eq, map(dict.get, rows, repeat("modified")), days),
                                        map(eq, map(dict.get, rows, repeat("date")), days),
                                        map(eq, embargo_ends, days))))
    return f"{FORMAT_MAJOR}.{day.strftime('%Y%m%d')}.{changed}+sha.{digest}", newest.isoformat(timespec="seconds")


def descriptor(catalog: Catalog, tables: list[Table], resources: list[dict[str, Any]],
               schema_files: list[dict[str, Any]]) -> dict[str, Any]:
    province = catalog.province
    version, created = version_and_created(catalog, tables, resources)
    owners = {row["agency"] for t in tables if t.name in ("records", "media", "tombstones") for row in t.rows}
    contributors = []
    for a in sorted(catalog.agencies.values(), key=lambda a: a.id):
        if a.id == province.owner:
            roles = ["publisher", "contributor"] if a.id in owners else ["publisher"]
        elif a.id in owners:
            roles = ["contributor"]
        else:
            continue
        contributors.append({"title": a.name(SOURCE_LANGUAGE), "path": agency_uri(catalog, a.id), "roles": roles})
    sources = []
    for basis in province.legal_basis:
        source = {"title": str(basis.get("title", ""))}
        if basis.get("url"):
            source["path"] = str(basis["url"])
        sources.append(source)
    return {
        "$schema": PROFILE,
        "name": f"{province.id}-quangba",
        "id": f"{province.base_url}export/{DESCRIPTOR}",
        "title": province.name(SOURCE_LANGUAGE),
        "description": (
            f"Dữ liệu quảng bá hình ảnh của {province.name(SOURCE_LANGUAGE)}: chỉ các bản ghi công khai đã công bố. / "
            f"Image-promotion data of {province.name('en')}: public, published records only."
        ),
        "homepage": province.base_url,
        "version": version,
        "created": created,
        "keywords": ["thông tin đối ngoại", "foreign information", province.id],
        "licenses": [licence(province.licence)] if province.licence else [],
        "contributors": contributors,
        "sources": sources,
        "resources": resources,
        "quangba:province": {
            "id": province.id, "names": dict(province.names), "languages": list(province.languages),
            "base_url": province.base_url, "licence": province.licence, "owner": province.owner,
            "tagline": dict(province.tagline), "legal_basis": [dict(b) for b in province.legal_basis],
        },
        "quangba:schemas": schema_files,
    }


def descriptor_bytes(data: dict[str, Any]) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def schema_path(name: str) -> str:
    """Where a schema of ``catalog/schemas/`` goes in the package (and comes back from)."""
    if name.startswith("record:"):
        return f"schemas/kinds/{name.split(':', 1)[1]}.schema.json"
    return f"schemas/{name}.schema.json"


def write_schemas(writer: Writer, catalog: Catalog) -> list[dict[str, Any]]:
    out = []
    raw = catalog.schemas.raw if catalog.schemas is not None else {}
    internal = {f"record:{kind}" for kind in catalog.internal_kinds}
    for name in sorted(set(raw) - internal):
        path = schema_path(name)
        written = writer.write(path, (json.dumps(raw[name], ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        out.append({"path": path, "mediatype": "application/schema+json", **written})
    return out
