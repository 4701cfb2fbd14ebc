"""Dates, moments and numbers in the reader's locale (babel / CLDR, which knows Lao)."""

from __future__ import annotations

import html
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from babel.numbers import format_currency, format_decimal

from ..catalog.model import parse_moment

PROVINCE_TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def esc(value) -> str:
    """``value`` as text for HTML (quotes too: fit for an attribute)."""
    return _escaped(value if value.__class__ is str else str(value))


@lru_cache(maxsize=1 << 16)  # the same labels, names and links come back thousands of times a build
def _escaped(text: str) -> str:
    return html.escape(text, quote=True)


@lru_cache(maxsize=None)
def locale(lang: str) -> Locale:
    try:
        return Locale.parse(lang.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@lru_cache(maxsize=8192)  # pure, and asked again for every list a record is in
def day(value: date, lang: str) -> str:
    return format_date(value, format="long", locale=locale(lang))


@lru_cache(maxsize=8192)
def moment(value: str, lang: str) -> str:
    """A date (``2027-04-30``) or an RFC 3339 moment, shown in the province's time zone."""
    try:
        parsed = parse_moment(value)
    except ValueError:
        return value
    if len(value) == 10:
        return day(parsed.date(), lang)
    local = parsed.astimezone(PROVINCE_TZ)
    return f"{day(local.date(), lang)}, {format_time(local, format='short', tzinfo=PROVINCE_TZ, locale=locale(lang))} (UTC+7)"


@lru_cache(maxsize=16384, typed=True)  # the same areas and counts recur on thousands of pages
def number(value: float, lang: str) -> str:
    return format_decimal(value, locale=locale(lang))


@lru_cache(maxsize=16384, typed=True)
def money(amount: float, currency: str, lang: str) -> str:
    """An amount in the reader's locale, one way everywhere: a whole amount without ".00"."""
    if not float(amount).is_integer():
        return format_currency(amount, currency, locale=locale(lang))
    place = locale(lang)
    pattern = place.currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(amount, currency, format=pattern, locale=place, currency_digits=False)


def as_datetime(value: str | date | None) -> datetime | None:
    if value is None:
        return None
    if isinstance(value, date) and not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=PROVINCE_TZ)
    try:
        return parse_moment(str(value))
    except ValueError:
        return None
