"""The checks of the people to reach and the portal's identity (catalog/agencies.yaml and
catalog/province.yaml): an e-mail that is not one, a phone that does not convert to E.164,
a logo that cannot be read, a featured or journalists' record that is not public."""

from __future__ import annotations

from datetime import datetime
from functools import lru_cache
from typing import Iterator

from ..catalog.model import Catalog
from .findings import Finding
from .rulebook import check, finding

AGENCIES_FILE = "catalog/agencies.yaml"
PROVINCE_FILE = "catalog/province.yaml"
DEFAULT_REGION = "VN"  # a number written as dialled in Viet Nam (0233 …) is read as a Vietnamese one


@lru_cache(maxsize=1024)
def e164(phone: str) -> str | None:
    """``phone`` in E.164 (``+842333852404``), or None when it is not a valid number."""
    import phonenumbers

    try:
        number = phonenumbers.parse(phone, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


@lru_cache(maxsize=1024)
def international(phone: str) -> str:
    """``phone`` as people read it (``+84 233 3852 404``); as written when it is not valid."""
    import phonenumbers

    try:
        number = phonenumbers.parse(phone, DEFAULT_REGION)
    except phonenumbers.NumberParseException:
        return phone
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def is_email(value: str) -> bool:
    import validators

    return validators.email(value) is True


def _phones_and_emails(catalog: Catalog) -> Iterator[tuple[str, str, str, tuple[int, int]]]:
    """(kind, value, where, (line, column)) of every phone and e-mail in the registry."""
    for a in catalog.agencies.values():
        for kind in ("phone", "email"):
            value = getattr(a, kind)
            if value:
                yield kind, value, a.id, a.line_of(kind)
        for c in a.contacts:
            for kind in ("phone", "email"):
                value = getattr(c, kind)
                if value:
                    yield kind, value, f"{a.id} → {c.role}", c.lines.get(kind, (a.line, 1))


@check("CONTACT-EMAIL")
def emails_are_emails(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    for kind, value, where, (line, col) in _phones_and_emails(catalog):
        if kind == "email" and not is_email(value):
            yield finding("CONTACT-EMAIL", AGENCIES_FILE, line=line, col=col, value=value, where=where)


@check("CONTACT-PHONE")
def phones_convert_to_e164(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    for kind, value, where, (line, col) in _phones_and_emails(catalog):
        if kind == "phone" and e164(value) is None:
            yield finding("CONTACT-PHONE", AGENCIES_FILE, line=line, col=col, value=value, where=where)


@check("PROVINCE-LOGO")
def logo_is_readable(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    identity = catalog.province.identity
    for key, rel, raw in (("logo", identity.logo, identity.logo_bytes),
                          ("share_image", identity.share_image, identity.share_image_bytes)):
        if rel and not raw:
            line, col = catalog.province.lines.get(("identity", key), (1, 1))
            yield finding("PROVINCE-LOGO", PROVINCE_FILE, line=line, col=col, logo=rel, key=key)


@check("PROVINCE-SITE-RECORD")
def site_records_are_public(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    site = catalog.province.site
    for field_name in ("featured", "journalists"):
        target = getattr(site, field_name)
        record = catalog.records.get(target) if target else None
        if target and (record is None or not record.is_public(now)):
            line, col = catalog.province.lines.get(("site", field_name), (1, 1))
            yield finding("PROVINCE-SITE-RECORD", PROVINCE_FILE, line=line, col=col, field=field_name, target=target)


@check("PROVINCE-SITE-AGENCY")
def managing_agency_exists(catalog: Catalog, now: datetime) -> Iterator[Finding]:
    agency = catalog.province.site.managing_agency
    if agency and agency not in catalog.agencies:
        line, col = catalog.province.lines.get(("site", "managing_agency"), (1, 1))
        yield finding("PROVINCE-SITE-AGENCY", PROVINCE_FILE, line=line, col=col, agency=agency)
