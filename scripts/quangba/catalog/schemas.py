"""The schemas in ``catalog/schemas/`` (JSON Schema 2020-12 written as YAML), applied to data.

A schema error becomes a finding in Vietnamese and English at the line of the field, with
the field's own description from the schema as the hint (``x-description-vi`` gives the
Vietnamese one) — so the schema file is also the documentation of every field. More
``x-`` keywords, read by the model: ``x-refers-to`` on a field holding ids of other records,
``x-internal`` on a kind that is never published, ``x-multiline`` on a text field that may
hold line breaks (every other text is one line: TEXT-LINE-BREAK).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Mapping
from urllib.parse import urlsplit

import jsonschema_rs

from ..rules.findings import Finding
from ..rules.rulebook import finding
from .yamlfiles import YamlDoc, parse_yaml
from .yamlfiles import field_name as _field_name

if TYPE_CHECKING:
    from jsonschema import FormatChecker
    from jsonschema.exceptions import ValidationError

BASE = "https://quangba.example/schemas/"
RECORD_KINDS_DIR = "kinds"

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE.fullmatch(value):
        return False
    date.fromisoformat(value)
    return True


_RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})")


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _RFC3339.fullmatch(value):
        return False
    datetime.fromisoformat(value.replace("z", "Z").replace("Z", "+00:00"))
    return True


def _is_uri(value: object) -> bool:
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    return parts.scheme in {"http", "https", "mailto"} and bool(parts.netloc or parts.path) and " " not in value


def _format_holds(check):
    def holds(value: object) -> bool:
        try:
            return bool(check(value))
        except ValueError:
            return False
    return holds


@cache
def _format_checker() -> FormatChecker:
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("date", raises=ValueError)(_is_date)
    checker.checks("date-time", raises=ValueError)(_is_datetime)
    checker.checks("uri")(_is_uri)
    return checker


# The same format rules for the fast validator as for the explaining one, so that the fast
# path can never call valid what the explaining validator would reject.
_FAST_FORMATS = {"date": _format_holds(_is_date), "date-time": _format_holds(_is_datetime), "uri": _format_holds(_is_uri)}


# Text where a record needs a number, that a specific rule reads and converts (e.g. "50 tỷ"
# → INVEST-CAPITAL-TEXT with the amount written out): that finding replaces the generic
# "wrong type" one, so one mistake gives one finding, the more helpful one.
EXPLAINED_BY_A_RULE: dict[tuple, str] = {
    ("capital",): "INVEST-CAPITAL-TEXT",
    ("capital", "amount"): "INVEST-CAPITAL-TEXT",
}


def _explained_by_a_rule(name: str, error: ValidationError) -> bool:
    return (name.startswith("record:") and error.validator == "type" and isinstance(error.instance, str)
            and tuple(error.absolute_path) in EXPLAINED_BY_A_RULE)


def _no_network(uri: str) -> object:
    raise ValueError(f"schemas are never fetched: {uri}")


@dataclass(frozen=True)
class SchemaSet:
    """All schemas of a catalog, ready to validate records, texts, sidecars and registries.

    Each schema has two validators: a fast one (jsonschema-rs, compiled) that answers
    "valid or not" for the many files that are fine, and the explaining one (jsonschema)
    that is asked only about the files that are not, to say what is wrong field by field.
    """

    validators: Mapping[str, Any]  # jsonschema's, by "record:<kind>", "agencies", "province", "media", "text"
    fast: dict[str, Any]  # the same schemas compiled by jsonschema-rs
    allowed_fields: dict[str, list[str]]
    descriptions: dict[str, dict[str, str]]
    raw: dict[str, dict[str, Any]]  # every schema file as data, for describing the export
    descriptions_vi: dict[str, dict[str, str]] = field(default_factory=dict)  # fields' `x-description-vi`
    multiline: dict[str, frozenset[str]] = field(default_factory=dict)  # fields marked `x-multiline`, by schema

    @property
    def kinds(self) -> list[str]:
        return sorted(k.split(":", 1)[1] for k in self.validators if k.startswith("record:"))

    def is_valid(self, name: str, data: Any) -> bool:
        """Does ``data`` pass schema ``name``? (What ``check`` asks first, without a document.)"""
        return self.fast[name].is_valid(data)

    def check(self, name: str, doc: YamlDoc, what: tuple[str, str]) -> list[Finding]:
        """Findings for ``doc`` against schema ``name``; ``what`` names the thing (vi, en)."""
        if self.fast[name].is_valid(doc.data):
            return []
        validator = self.validators[name]
        out = []
        for error in sorted(validator.iter_errors(doc.data), key=lambda e: list(map(str, e.path))):
            if _explained_by_a_rule(name, error):
                continue
            out.extend(_translate(error, doc, what, self.allowed_fields[name], self.descriptions[name],
                                  self.descriptions_vi.get(name, {})))
        return out

    def line_breaks(self, name: str, doc: YamlDoc) -> list[Finding]:
        """TEXT-LINE-BREAK for each value of ``doc`` with a line break outside the fields schema
        ``name`` marks ``x-multiline``: a title, a name or a caption with a newline breaks the
        calendar's lines and every place that shows it on one line."""
        allowed = self.multiline.get(name, frozenset())
        out = []
        for path in doc.line_breaks:
            if not any(isinstance(part, str) and part in allowed for part in path):
                line, col = doc.where(*path)
                out.append(finding("TEXT-LINE-BREAK", doc.path, line=line, col=col, field=_field_name(path)))
        return out


def load_schemas(schema_dir: Path) -> SchemaSet:
    raw: dict[str, dict[str, Any]] = {}
    for path in sorted(schema_dir.glob("*.schema.yaml")) + sorted((schema_dir / RECORD_KINDS_DIR).glob("*.schema.yaml")):
        # the same YAML 1.2-style reading as the data, so a key like `on` stays text
        doc, problems = parse_yaml(path.as_posix(), path.read_text("utf-8"))
        if doc is None or not isinstance(doc.data, dict):
            raise ValueError(f"{path}: not a readable schema: {[p.message_en for p in problems]}")
        data = doc.data
        name = path.name.removesuffix(".schema.yaml")
        data.setdefault("$id", BASE + path.name)
        raw[name if path.parent == schema_dir else f"record:{name}"] = data
    fast_registry = jsonschema_rs.Registry([(data["$id"], data) for data in raw.values()],
                                           draft=jsonschema_rs.Draft202012, retriever=_no_network)

    def compile_fast(schema: dict[str, Any]) -> Any:
        return jsonschema_rs.Draft202012Validator(schema, registry=fast_registry, validate_formats=True,
                                                  formats=_FAST_FORMATS, retriever=_no_network)

    explaining: dict[str, dict[str, Any]] = {}
    fast: dict[str, Any] = {}
    allowed: dict[str, list[str]] = {}
    descriptions: dict[str, dict[str, str]] = {}
    descriptions_vi: dict[str, dict[str, str]] = {}
    common = raw["record"]
    for name, schema in raw.items():
        if name == "record":
            continue
        if name.startswith("record:"):
            kind = name.split(":", 1)[1]
            composite = {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "$id": f"{BASE}composite-{kind}",
                "allOf": [{"$ref": common["$id"]}, {"$ref": schema["$id"]}],
                "unevaluatedProperties": False,
            }
            explaining[name] = composite
            fast[name] = compile_fast(composite)
            props = {**common.get("properties", {}), **schema.get("properties", {})}
        else:
            explaining[name] = schema
            fast[name] = compile_fast(schema)
            props = schema.get("properties", {})
        allowed[name] = list(props)
        descriptions[name] = {k: v.get("description", "") for k, v in props.items() if isinstance(v, dict)}
        descriptions_vi[name] = {k: v["x-description-vi"] for k, v in props.items()
                                 if isinstance(v, dict) and v.get("x-description-vi")}
    multiline = {name: frozenset(_multiline_fields(schema) | (_multiline_fields(common) if name.startswith("record:") else set()))
                 for name, schema in raw.items()}
    return SchemaSet(validators=_ExplainingValidators(explaining, raw), fast=fast, allowed_fields=allowed, descriptions=descriptions, raw=raw,
                     descriptions_vi=descriptions_vi, multiline=multiline)


def _multiline_fields(schema: Any) -> set[str]:
    """Names of the properties, at any depth, whose schema says ``x-multiline: true``."""
    found: set[str] = set()
    if isinstance(schema, dict):
        for name, sub in (schema.get("properties") or {}).items():
            if isinstance(sub, dict) and sub.get("x-multiline") is True:
                found.add(name)
        for value in schema.values():
            found |= _multiline_fields(value)
    elif isinstance(schema, list):
        for value in schema:
            found |= _multiline_fields(value)
    return found


class _ExplainingValidators(Mapping[str, Any]):
    """jsonschema's validators by schema name, made when one is first asked for: a catalog
    whose files are all valid never needs them (nor the import of jsonschema, 0.05 s)."""

    def __init__(self, schemas: dict[str, dict[str, Any]], every_schema: dict[str, dict[str, Any]]):
        self._schemas = schemas  # what each validator checks (a record kind's: common + own)
        self._every_schema = every_schema  # what "$ref" may point at
        self._made: dict[str, Any] | None = None

    def _make(self) -> dict[str, Any]:
        from jsonschema import Draft202012Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT202012

        registry: Registry = Registry().with_resources(
            (data["$id"], Resource.from_contents(data, default_specification=DRAFT202012))
            for data in self._every_schema.values()
        )
        return {name: Draft202012Validator(schema, registry=registry, format_checker=_format_checker())
                for name, schema in self._schemas.items()}

    def __getitem__(self, name: str) -> Any:
        if self._made is None:
            self._made = self._make()
        return self._made[name]

    def __contains__(self, name: object) -> bool:
        return name in self._schemas

    def __iter__(self) -> Iterator[str]:
        return iter(self._schemas)

    def __len__(self) -> int:
        return len(self._schemas)


_TYPE_VI = {
    "string": "văn bản", "number": "số", "integer": "số nguyên", "boolean": "true hoặc false",
    "array": "danh sách", "object": "nhóm trường", "null": "để trống",
}
_TYPE_EN = {
    "string": "text", "number": "a number", "integer": "a whole number", "boolean": "true or false",
    "array": "a list", "object": "a group of fields", "null": "empty",
}


def _type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _translate(
    error: ValidationError, doc: YamlDoc, what: tuple[str, str], allowed: list[str], descriptions: dict[str, str],
    descriptions_vi: dict[str, str] | None = None,
) -> Iterator[Finding]:
    descriptions_vi = descriptions_vi or {}
    path = tuple(error.absolute_path)
    field = _field_name(path)
    line, col = doc.where(*path)
    kind = error.validator
    if kind in ("unevaluatedProperties", "additionalProperties"):
        instance = error.instance if isinstance(error.instance, dict) else {}
        local_allowed = list(error.schema.get("properties", {})) if kind == "additionalProperties" else allowed
        if kind == "additionalProperties" and error.schema.get("additionalProperties") is not False:
            # a value schema for free-form keys (e.g. text per language) failed
            for key, value in instance.items():
                if value is None and not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", str(key)):
                    continue  # an unquoted comma split the text; reported once, as a language tag
                if not isinstance(value, str) or not value:
                    kl, kc = doc.where(*path, key)
                    yield finding("SCHEMA-TYPE", doc.path, line=kl, col=kc, field=_field_name(path + (key,)),
                                  expected="non-empty text", expected_vi="văn bản khác rỗng",
                                  found=_TYPE_EN[_type_of(value)], found_vi=_TYPE_VI[_type_of(value)])
            return
        for key in instance:
            if key not in local_allowed:
                kl, kc = doc.where(*path, key)
                yield finding("SCHEMA-UNKNOWN-FIELD", doc.path, line=kl, col=kc,
                              field=_field_name(path + (key,)), what_vi=what[0], what=what[1],
                              allowed=", ".join(local_allowed))
        return
    if kind == "required":
        for name in error.validator_value:
            if isinstance(error.instance, dict) and name not in error.instance:
                description = descriptions.get(name, "") if not path else ""
                description_vi = (descriptions_vi.get(name) or description) if not path else ""
                yield finding("SCHEMA-MISSING-FIELD", doc.path, line=line, col=col,
                              field=_field_name(path + (name,)),
                              description=description or "see catalog/schemas/",
                              description_vi=description_vi or "xem catalog/schemas/")
        return
    if kind == "type":
        if error.instance is None and "additionalProperties" in error.schema_path and path \
                and not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", str(path[-1])):
            return  # an unquoted comma split the text; reported once, as a language tag
        expected = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
        found = _type_of(error.instance)
        yield finding("SCHEMA-TYPE", doc.path, line=line, col=col, field=field,
                      expected=_TYPE_EN.get(expected, expected), expected_vi=_TYPE_VI.get(expected, expected),
                      found=f"{_TYPE_EN[found]} ({error.instance!r})", found_vi=f"{_TYPE_VI[found]} ({error.instance!r})")
        return
    problem, problem_vi, hint, hint_vi = _value_problem(error)
    description = descriptions.get(path[0], "") if len(path) == 1 else ""
    description_vi = descriptions_vi.get(path[0], "") if len(path) == 1 else ""
    if description:
        hint = f"{hint} ({description})"
    if description_vi:
        hint_vi = f"{hint_vi} ({description_vi})"
    yield finding("SCHEMA-VALUE", doc.path, line=line, col=col, field=field,
                  problem=problem, problem_vi=problem_vi, hint=hint, hint_vi=hint_vi)


_SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$"


def _value_problem(error: ValidationError) -> tuple[str, str, str, str]:
    kind, rule, value = error.validator, error.validator_value, error.instance
    if "propertyNames" in error.schema_path:
        kind = "propertyNames"
    shown = repr(value) if not isinstance(value, str) else f"“{value}”"
    if kind == "enum":
        options = ", ".join(map(str, rule))
        return (f"{shown} is not one of: {options}", f"{shown} không thuộc: {options}",
                "Choose one of the listed values.", "Chọn một trong các giá trị được liệt kê.")
    if kind == "const":
        return (f"{shown} must be “{rule}”", f"{shown} phải là “{rule}”",
                f"Write “{rule}”.", f"Ghi “{rule}”.")
    if kind == "pattern" and rule == _SLUG:
        return (f"{shown} is not an id", f"{shown} không phải là mã hợp lệ",
                "Use lower-case letters without diacritics, digits and single hyphens, e.g. phong-nha-ke-bang.",
                "Dùng chữ thường không dấu, chữ số và dấu gạch ngang, ví dụ phong-nha-ke-bang.")
    if kind == "pattern":
        return (f"{shown} does not have the expected form", f"{shown} không đúng dạng",
                f"It must match the pattern {rule}.", f"Giá trị phải khớp mẫu {rule}.")
    if kind == "format" or kind == "anyOf":
        fmt = rule if kind == "format" else "date or date-time"
        hints = {
            "date": ("Write the date as YYYY-MM-DD, e.g. 2025-07-01.", "Ghi ngày dạng YYYY-MM-DD, ví dụ 2025-07-01."),
            "date-time": ("Write date and time with the time zone, e.g. 2026-12-01T08:00:00+07:00.",
                          "Ghi ngày giờ kèm múi giờ, ví dụ 2026-12-01T08:00:00+07:00."),
            "uri": ("Write a full address starting with https://.", "Ghi địa chỉ đầy đủ bắt đầu bằng https://."),
            "date or date-time": ("Write a date (2025-07-01) or a date and time with time zone (2025-07-01T19:30:00+07:00).",
                                  "Ghi ngày (2025-07-01) hoặc ngày giờ kèm múi giờ (2025-07-01T19:30:00+07:00)."),
        }
        hint, hint_vi = hints.get(fmt, (f"Write a valid {fmt}.", f"Ghi đúng định dạng {fmt}."))
        return (f"{shown} is not a valid {fmt}", f"{shown} không phải {fmt} hợp lệ", hint, hint_vi)
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        sign = {"minimum": "≥", "maximum": "≤", "exclusiveMinimum": ">", "exclusiveMaximum": "<"}[kind]
        return (f"{shown} must be {sign} {rule}", f"{shown} phải {sign} {rule}",
                "Correct the number.", "Sửa lại con số.")
    if kind == "minLength":
        return ("it is empty", "đang để trống", "Write the text, or remove the field.", "Ghi nội dung, hoặc xóa trường.")
    if kind == "maxLength":
        return (f"it is too long (at most {rule} characters)", f"quá dài (tối đa {rule} ký tự)",
                "Shorten it.", "Rút gọn lại.")
    if kind == "minItems":
        return (f"the list needs at least {rule} item(s)", f"danh sách cần ít nhất {rule} mục",
                "Add the missing items.", "Thêm các mục còn thiếu.")
    if kind == "uniqueItems":
        return ("a value appears twice in the list", "danh sách có giá trị lặp lại",
                "Remove the repeated value.", "Xóa giá trị bị lặp.")
    if kind == "propertyNames":
        return (f"{shown} is not a language tag", f"{shown} không phải mã ngôn ngữ",
                "Use BCP-47 tags such as vi, en, lo, zh-Hans. If it is part of a text with a comma "
                "inside { }, put the whole text in quotes: {vi: \"A, B\"}.",
                "Dùng mã ngôn ngữ BCP-47 như vi, en, lo, zh-Hans. Nếu đó là một phần của văn bản có dấu phẩy "
                "trong { }, hãy đặt cả văn bản trong ngoặc kép: {vi: \"A, B\"}.")
    return (error.message, error.message, "See the field's description in catalog/schemas/.",
            "Xem mô tả trường trong catalog/schemas/.")
