"""Checks for the investment-promotion database and for fields that refer to other records
or to standard codes (see ``rules.yaml``): capital as a number with an ISO 4217 currency,
ISO 3166 countries, and every ``x-refers-to`` field of a kind's schema."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Iterator

from ..catalog.codes import countries, currencies
from ..catalog.model import Catalog, Record
from .checks import _STATE, hidden_state
from .findings import Finding
from .rulebook import _at, check

_SCALES = {
    "nghìn": 10**3, "ngàn": 10**3, "triệu": 10**6, "tr": 10**6, "tỷ": 10**9, "tỉ": 10**9,
    "thousand": 10**3, "k": 10**3, "million": 10**6, "mil": 10**6, "m": 10**6, "billion": 10**9, "bn": 10**9,
}
_CURRENCY_WORDS = {
    "đồng": "VND", "đ": "VND", "vnđ": "VND", "vnd": "VND", "dong": "VND",
    "usd": "USD", "us$": "USD", "$": "USD", "đô": "USD", "đôla": "USD", "dollars": "USD",
    "eur": "EUR", "€": "EUR", "euro": "EUR", "kíp": "LAK", "kip": "LAK", "lak": "LAK", "baht": "THB", "thb": "THB",
}
_WORD = re.compile(r"[0-9][0-9.,]*|[^\W\d_]+\$?|[$€]", re.UNICODE)


def _number(token: str) -> float | None:
    """A number as officers write it: 1.800 and 1,800 are thousands, 42,5 and 42.5 are decimals."""
    if "." in token and "," in token:
        decimal = "," if token.rfind(",") > token.rfind(".") else "."
        token = token.replace("." if decimal == "," else ",", "").replace(decimal, ".")
    elif "." in token or "," in token:
        sep = "." if "." in token else ","
        groups = token.split(sep)
        if len(groups) > 2 or (len(groups) == 2 and len(groups[1]) == 3):
            token = token.replace(sep, "")
        else:
            token = token.replace(",", ".")
    try:
        return float(token)
    except ValueError:
        return None


def parse_capital_text(value: str, on: date) -> tuple[int, str] | None:
    """(amount, currency) for a capital written as text ("50 tỷ", "60 triệu USD"), or None."""
    amount, scale, currency = None, 1, None
    for token in _WORD.findall(value.lower()):
        if token[0].isdigit() and amount is None:
            amount = _number(token)
        elif token in _SCALES and amount is not None:
            scale *= _SCALES[token]
        elif token in _CURRENCY_WORDS:
            currency = _CURRENCY_WORDS[token]
        elif token.upper() in currencies(on):
            currency = token.upper()
    if amount is None or amount <= 0:
        return None
    return round(amount * scale), currency or "VND"


@check("INVEST-CAPITAL-TEXT")
def capital_is_a_number_and_a_currency(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    for r in catalog.records.values():
        capital = r.fields.get("capital")
        if isinstance(capital, str):
            path, text, currency = ("capital",), capital, None
        elif isinstance(capital, dict) and isinstance(capital.get("amount"), str):
            path, text, currency = ("capital", "amount"), capital["amount"], capital.get("currency")
        else:
            continue
        written = f"{text} {currency}" if isinstance(currency, str) else text  # the currency field counts too
        parsed = parse_capital_text(written, now.date())
        amount, currency = parsed if parsed else (50000000000, "VND")
        yield _at(r, "INVEST-CAPITAL-TEXT", *path, value=text.strip(), amount=amount, currency=currency)


@check("INVEST-CURRENCY")
def currency_is_iso_4217(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    in_use = currencies(now.date())
    for r in catalog.records.values():
        capital = r.fields.get("capital")
        currency = capital.get("currency") if isinstance(capital, dict) else None
        if not isinstance(currency, str) or currency in in_use or not re.fullmatch(r"[A-Z]{3}", currency):
            continue  # a malformed code is the schema's finding
        guess = _CURRENCY_WORDS.get(currency.lower())
        yield _at(r, "INVEST-CURRENCY", "capital", "currency", currency=currency,
                  suggestion=f" (did you mean {guess}?)" if guess else "",
                  suggestion_vi=f" (có phải {guess}?)" if guess else "")


_COUNTRY_FIELDS = ("country",)


@check("REC-COUNTRY")
def country_is_iso_3166(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    known = countries()
    for r in catalog.records.values():
        for name in _COUNTRY_FIELDS:
            value = r.fields.get(name)
            if isinstance(value, str) and re.fullmatch(r"[A-Z]{2}", value) and value not in known:
                yield _at(r, "REC-COUNTRY", name, country=value)


_KIND_NAMES = {
    "zone": ("một khu kinh tế / khu công nghiệp (catalog/zone/)", "an economic zone or industrial park (catalog/zone/)"),
    "place": ("một địa điểm (catalog/place/)", "a place (catalog/place/)"),
    "reporter-visit": ("một chuyến làm việc của phóng viên (catalog/reporter-visit/)",
                       "a reporter visit (catalog/reporter-visit/)"),
    "agency": ("một cơ quan (catalog/agencies.yaml)", "an agency (catalog/agencies.yaml)"),
}


def _kinds_named(kinds: tuple[str, ...]) -> tuple[str, str]:
    names = [_KIND_NAMES.get(k, (f"một bản ghi loại “{k}”", f"a “{k}” record")) for k in kinds]
    return " hoặc ".join(n[0] for n in names), " or ".join(n[1] for n in names)


@check("REC-REFERENCE")
def references_resolve(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    """Every field a kind's schema marks ``x-refers-to`` names an existing record of an
    allowed kind (or an agency); a published public record never points at a hidden one."""
    fields_of: dict[str, dict[str, tuple[str, ...]]] = {}  # by kind: read from its schema once
    for r in catalog.records.values():
        if r.kind not in fields_of:
            fields_of[r.kind] = catalog.reference_fields(r.kind)
        for name, kinds in fields_of[r.kind].items():
            value = r.fields.get(name)
            many = isinstance(value, list)
            for index, target in enumerate(r.ids(name)):
                problem = _reference_problem(catalog, r, target, kinds)
                if problem:
                    kinds_vi, kinds_en = _kinds_named(kinds)
                    path = (name, index) if many else (name,)
                    yield _at(r, "REC-REFERENCE", *path, field=name, target=target, problem=problem[1],
                              problem_vi=problem[0], kinds=kinds_en, kinds_vi=kinds_vi)


def _reference_problem(catalog: Catalog, source: Record, target: str, kinds: tuple[str, ...]) -> tuple[str, str] | None:
    if "agency" in kinds and target in catalog.agencies:
        return None
    record = catalog.records.get(target)
    if record is None:
        return ("nhưng không có bản ghi nào mang mã này", "but no record has that id")
    if record.kind not in kinds:
        return (f"là bản ghi loại “{record.kind}”", f"which is a “{record.kind}” record")
    state = hidden_state(record)
    if source.classification == "public" and source.status == "published" and state:
        en, vi = _STATE[state]
        return (f"là bản ghi {vi}, trong khi bản ghi này công khai", f"which is {en}, while this record is public")
    return None
