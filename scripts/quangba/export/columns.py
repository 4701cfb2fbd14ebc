"""A table of the data package and its columns as Table Schema fields: what tables.py and
investment.py build the package's tables with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

S, D, DT, N, I, B, O, A = "string", "date", "datetime", "number", "integer", "boolean", "object", "array"


@dataclass
class Table:
    name: str
    title: str
    description: str
    fields: list[dict[str, Any]]
    primary_key: list[str]
    foreign_keys: list[dict[str, Any]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    licences: list[str] = field(default_factory=list)  # resource-level licence URIs (default: the province's)

    @property
    def field_names(self) -> list[str]:
        return [f["name"] for f in self.fields]


def fld(name: str, type_: str, description: str = "", *, required: bool = False, unique: bool = False,
        fmt: str | None = None, enum: Iterable[str] | None = None) -> dict[str, Any]:
    f: dict[str, Any] = {"name": name, "type": type_}
    if fmt:
        f["format"] = fmt
    if description:
        f["description"] = description
    constraints: dict[str, Any] = {}
    if required:
        constraints["required"] = True
    if unique:
        constraints["unique"] = True
    if enum is not None:
        constraints["enum"] = list(enum)
    if constraints:
        f["constraints"] = constraints
    if type_ == B:
        f["trueValues"], f["falseValues"] = ["true"], ["false"]
    return f


def fk(fields: list[str], resource: str, ref: list[str]) -> dict[str, Any]:
    return {"fields": fields, "reference": {"resource": resource, "fields": ref}}
