"""Reading a data package back: its descriptor and the CSV form of every table, each cell
typed by the table's own schema. Used by ``diff`` and ``import``; a package is read only
after ``check_package`` found nothing wrong with it, and even then only plain files inside
it (pathsafe.py: ``NotPlain`` for anything else).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .package import DESCRIPTOR, allow_long_cells
from .pathsafe import NotPlain, file_problem, path_problem, read_plain

allow_long_cells()  # a text's body is longer than csv's default limit


@dataclass
class ReadTable:
    name: str
    fields: list[dict[str, Any]]
    primary_key: list[str]
    rows: list[dict[str, Any]]  # typed values; empty cells are absent

    def by_key(self) -> dict[tuple, dict[str, Any]]:
        return {tuple(str(row.get(k, "")) for k in self.primary_key): row for row in self.rows}


@dataclass
class ReadPackage:
    folder: Path
    descriptor: dict[str, Any]
    tables: dict[str, ReadTable]

    @property
    def version(self) -> str:
        return str(self.descriptor.get("version", ""))

    def rows(self, name: str) -> list[dict[str, Any]]:
        table = self.tables.get(name)
        return table.rows if table else []


def typed(value: str, type_: str) -> Any:
    """A CSV cell as the value it stands for, by its Table Schema type."""
    if type_ in ("object", "array"):
        return json.loads(value)  # check_package found it valid: not nested beyond a reader
    if type_ == "boolean":
        return value == "true"
    if type_ == "integer":
        return int(value)
    if type_ == "number":
        return float(value) if any(c in value for c in ".eE") else int(value)
    if type_ == "any" and value[:1] in "[{":
        try:
            return json.loads(value)
        except (json.JSONDecodeError, RecursionError):
            return value
    return value


def read_package(folder: Path) -> ReadPackage:
    descriptor = json.loads(_plain(folder, DESCRIPTOR).decode("utf-8"))
    tables: dict[str, ReadTable] = {}
    for resource in descriptor.get("resources", []):
        if resource.get("type") != "table" or resource.get("format") != "csv":
            continue
        schema = resource.get("schema") or {}
        fields = schema.get("fields") or []
        types = {f["name"]: f.get("type", "string") for f in fields}
        with io.StringIO(_plain(folder, resource["path"]).decode("utf-8"), newline="") as handle:
            rows = [
                {k: typed(v, types.get(k, "string")) for k, v in row.items() if v != ""}
                for row in csv.DictReader(handle)
            ]
        tables[resource["name"]] = ReadTable(resource["name"], fields, list(schema.get("primaryKey") or []), rows)
    return ReadPackage(folder, descriptor, tables)


def _plain(folder: Path, rel: str) -> bytes:
    """A plain file of the package (never a link, a device or a path out of it)."""
    if not isinstance(rel, str) or path_problem(rel) is not None or file_problem(folder, rel) is not None:
        raise NotPlain(f"{rel!r} is not a plain file inside the package")
    return read_plain(folder / rel)
