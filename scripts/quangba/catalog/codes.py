"""Standard code lists, taken from the Unicode CLDR data that ``babel`` ships (no download):
ISO 4217 currencies in use and ISO 3166-1 alpha-2 countries."""

from __future__ import annotations

from datetime import date
from functools import cache

from babel import Locale
from babel.numbers import get_territory_currencies

# user-assigned (AA, QM–QZ, XA–XZ, ZZ) and exceptionally reserved (EU, EZ, UN) codes are not countries
_NOT_COUNTRIES = {"AA", "ZZ", "EU", "EZ", "UN"}


@cache
def countries() -> frozenset[str]:
    """ISO 3166-1 alpha-2 codes of countries and territories."""
    return frozenset(
        code for code in Locale("en").territories
        if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
        and not ("QM" <= code <= "QZ" or code.startswith("X"))
    )


@cache
def currencies(on: date) -> frozenset[str]:
    """ISO 4217 codes of the currencies legal tender somewhere on ``on`` (not VNN, not DEM)."""
    return frozenset(c for country in countries() for c in get_territory_currencies(country, on))
