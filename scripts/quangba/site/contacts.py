"""The people to reach, in the reader's language: the footer of every page (who runs the
portal, as a Vietnamese government site says it), the contacts page (``contacts/``), and the
contact blocks of the press room, of press items and of projects.

Data comes from the model only: ``catalog/agencies.yaml`` (addresses, phones, e-mails,
``contacts``) and ``site`` in ``catalog/province.yaml``. A footer is the same on every page of
one folder and language, so it is made once per folder, not once per page.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Iterable

from ..catalog.model import Agency, Contact, Record
from ..rules.contacts import e164, international, is_email
from . import fmt
from .cards import marked, value_in
from .fmt import esc
from .strings import t
from .urls import record_key, relative, url_of

if TYPE_CHECKING:
    from .parts import Page, Site

KEY = "contacts/"
OPEN_DATA_KEY = "open-data/"  # the publishing helper's page (interfaces.md)
PRESS_KINDS = ("press-release", "statement", "clarification")


# -- phones and e-mails -----------------------------------------------------------------------
def phone_link(phone: str | None) -> str:
    number = e164(phone) if phone else None
    if number is None:  # validation reports it; the page shows no broken link
        return ""
    return f'<a href="tel:{esc(number)}">{esc(international(phone))}</a>'


def email_link(email: str | None) -> str:
    if not email or not is_email(email):
        return ""
    return f'<a href="mailto:{esc(email)}">{esc(email)}</a>'


def _reach(phone: str | None, email: str | None, lang: str) -> str:
    parts = []
    if phone_link(phone):
        parts.append(f'<span class="qb-contact__phone">{esc(t("phone", lang))}: {phone_link(phone)}</span>')
    if email_link(email):
        parts.append(f'<span class="qb-contact__email">{esc(t("email", lang))}: {email_link(email)}</span>')
    return "<br>".join(parts)


# -- who is who -------------------------------------------------------------------------------
def current_agencies(site: Site) -> list[Agency]:
    today = site.now.date()
    return [a for a in site.catalog.agencies.values() if a.is_current(today)]


def contacts_with(site: Site, roles: Iterable[str], agencies: Iterable[Agency] | None = None) -> list[tuple[Agency, Contact]]:
    roles = tuple(roles)
    found = []
    for role in roles:  # in the order of the roles asked for
        for agency in (agencies if agencies is not None else current_agencies(site)):
            found += [(agency, c) for c in agency.contacts_of(role)]
    return found


def managing_agency(site: Site) -> Agency | None:
    province = site.catalog.province
    return site.catalog.agencies.get(province.site.managing_agency or province.owner)


def contact_card(agency: Agency, contact: Contact, lang: str, *, heading: int = 3) -> str:
    name, name_lang = value_in(contact.names, lang)
    title, title_lang = value_in(contact.title, lang)
    out = [f'<div class="qb-contact"><p class="qb-contact__role">{esc(t("role_" + contact.role, lang))}</p>']
    if name:
        out.append(f'<h{heading} class="qb-contact__name">{marked(name, name_lang, lang)}</h{heading}>')
    if title:
        out.append(f'<p class="qb-contact__title">{marked(title, title_lang, lang)}</p>')
    out.append(f'<p class="qb-contact__agency">{esc(agency.name(lang))}</p>')
    reach = _reach(contact.phone, contact.email, lang)
    if reach:
        out.append(f"<p>{reach}</p>")
    out.append("</div>")
    return "".join(out)


def agency_card(agency: Agency, lang: str, *, heading: int = 3) -> str:
    """An agency reached through its own phone and e-mail (no named contact)."""
    address, address_lang = value_in(agency.address, lang)
    out = [f'<div class="qb-contact"><h{heading} class="qb-contact__name">{esc(agency.name(lang))}</h{heading}>']
    if address:
        out.append(f'<p class="qb-contact__address">{marked(address, address_lang, lang)}</p>')
    reach = _reach(agency.phone, agency.email, lang)
    if reach:
        out.append(f"<p>{reach}</p>")
    out.append("</div>")
    return "".join(out)


# -- blocks on pages ----------------------------------------------------------------------------
def _block(site: Site, heading: str, cards: list[str], lang: str, page_url: str, *, journalists: bool = False) -> str:
    if not cards:
        return ""
    links = [f'<a href="{esc(relative(page_url, url_of(lang, KEY)))}">{esc(t("contacts", lang))}</a>']
    record = journalists_record(site)
    if journalists and record is not None:
        href = relative(page_url, url_of(lang, record_key(record.kind, record.id)))
        links.insert(0, f'<a href="{esc(href)}">{esc(t("for_journalists", lang))}</a>')
    return (f'<aside class="qb-contact-block" aria-labelledby="qb-contact-heading"><h2 id="qb-contact-heading">{esc(t(heading, lang))}</h2>'
            f'<div class="qb-contacts">{"".join(cards)}</div><p class="qb-contact-block__more">{" · ".join(links)}</p></aside>')


def spokespeople(site: Site, record: Record | None = None) -> list[tuple[Agency, Contact]]:
    """The spokesperson for a press item: its agency's, else the province's spokespeople."""
    if record is not None:
        agency = site.catalog.agencies.get(record.agency)
        own = contacts_with(site, ("spokesperson",), [agency]) if agency is not None else []
        if own:
            return own
    return contacts_with(site, ("spokesperson",))


def press_block(site: Site, lang: str, page_url: str, record: Record | None = None) -> str:
    """The press room's block (spokespeople and press office) or a press item's (its spokesperson)."""
    found = spokespeople(site, record)
    if record is None:
        found = found + contacts_with(site, ("press-office",))
    cards = [contact_card(a, c, lang) for a, c in found]
    return _block(site, "press_contact", cards, lang, page_url, journalists=True)


def project_block(site: Site, record: Record, lang: str, page_url: str) -> str:
    """Who to write to about a project: its contact agency's investment desk, else that
    agency itself, else the province's investment promotion contacts."""
    agency_id = record.fields.get("contact_agency") if isinstance(record.fields.get("contact_agency"), str) else record.agency
    agency = site.catalog.agencies.get(agency_id)
    found = contacts_with(site, ("investment-promotion",), [agency]) if agency is not None else []
    cards = [contact_card(a, c, lang) for a, c in found]
    if not cards and agency is not None and (agency.phone or agency.email):
        cards = [agency_card(agency, lang)]
    if not cards:
        cards = [contact_card(a, c, lang) for a, c in contacts_with(site, ("investment-promotion",))]
    return _block(site, "project_contact", cards, lang, page_url)


def journalists_record(site: Site) -> Record | None:
    target = site.catalog.province.site.journalists
    record = site.shown.get(target) if target else None
    return record if record is not None and record.status == "published" else None


# -- the contacts page ----------------------------------------------------------------------------
def contacts_page(site: Site, lang: str) -> Page:
    from .parts import Page

    url = url_of(lang, KEY)
    out = [f"<h1>{esc(t('contacts', lang))}</h1>", f"<p>{esc(t('contacts_intro', lang))}</p>"]
    record = journalists_record(site)
    if record is not None:
        href = relative(url, url_of(lang, record_key(record.kind, record.id)))
        out.append(f'<p class="qb-contact-block__more"><a href="{esc(href)}">{esc(t("for_journalists", lang))}</a></p>')
    sections = (
        ("contacts_press", ("spokesperson", "press-office")),
        ("contacts_invest", ("investment-promotion",)),
        ("contacts_focal", ("foreign-information",)),
    )
    for heading, roles in sections:
        cards = [contact_card(a, c, lang) for a, c in contacts_with(site, roles)]
        if cards:
            out.append(f'<section><h2>{esc(t(heading, lang))}</h2><div class="qb-contacts">{"".join(cards)}</div></section>')
    agency = managing_agency(site)
    if agency is not None:
        out.append(f'<section><h2>{esc(t("managed_by", lang))}</h2><div class="qb-contacts">{agency_card(agency, lang)}</div></section>')
    page = Page(lang, KEY, t("contacts", lang), "\n".join(out))
    page.meta["qb"] = {"description": esc(t("contacts_intro", lang))}
    return page


# -- the footer ---------------------------------------------------------------------------------
class Footers:
    """Every page's footer, made once per language and folder (its links are relative)."""

    def __init__(self, site: Site):
        self.site = site
        self._made: dict[tuple[str, str], str] = {}
        shown = [r.modified for r in site.records if r.status == "published"]
        self.updated = max(shown) if shown else site.catalog.as_of

    def of(self, page: Page) -> str:
        folder = posixpath.dirname(page.url.rstrip("/")) if page.url else ""
        key = (page.lang, folder + "/" if page.url else "")
        if key not in self._made:
            self._made[key] = footer(self.site, page.lang, page.url, self.updated)
        return self._made[key]


def not_found_footer(site: Site, lang: str) -> str:
    """The 404 page's footer: it is served at any address, so its links are absolute."""
    return footer(site, lang, "", Footers(site).updated, absolute_links=True)


def footer(site: Site, lang: str, page_url: str, updated, *, absolute_links: bool = False) -> str:
    province = site.catalog.province
    agency = managing_agency(site)
    who = [f'<p class="qb-footer__province">{esc(province.name(lang))}</p>']
    if agency is not None:
        who.append(f"<p>{esc(t('managed_by', lang))}: <strong>{esc(agency.name(lang))}</strong></p>")
        address, address_lang = value_in(agency.address, lang)
        if address:
            who.append(f"<p>{esc(t('address', lang))}: {marked(address, address_lang, lang)}</p>")
        reach = _reach(agency.phone, agency.email, lang)
        if reach:
            who.append(f"<p>{reach.replace('<br>', ' · ')}</p>")
    person, person_lang = value_in(province.site.responsible, lang)
    if person:
        title, title_lang = value_in(province.site.responsible_title, lang)
        suffix = f", {marked(title, title_lang, lang)}" if title else ""
        who.append(f"<p>{esc(t('responsible', lang))}: {marked(person, person_lang, lang)}{suffix}</p>")

    def href(key: str, lang_of_key: str | None = lang) -> str:
        target = url_of(lang_of_key, key) if lang_of_key else key
        return site.base + target if absolute_links else relative(page_url, target)

    def link(key: str, label: str) -> str:
        return f'<li><a href="{esc(href(key))}">{esc(label)}</a></li>'

    links = [link(KEY, t("contacts", lang)), link("press/", t("press_room", lang))]
    record = journalists_record(site)
    if record is not None:
        links.append(link(record_key(record.kind, record.id), t("for_journalists", lang)))
    links.append(link(OPEN_DATA_KEY, t("open_data", lang)))
    links.append(f'<li><a href="{esc(href("sitemap.xml", None))}">{esc(t("sitemap", lang))}</a></li>')
    licence = province.licence
    licence_html = ""
    if licence:
        from .pages import _licence_name

        licence_html = (f'{esc(t("content_licence", lang))} <a href="{esc(licence)}" rel="license">'
                        f'{esc(_licence_name(licence))}</a> · ')
    small = f'<p class="qb-footer__small">{licence_html}{esc(t("last_update", lang))}: {esc(fmt.day(updated, lang))}</p>'
    return (f'<div class="qb-footer md-grid"><div class="qb-footer__who">{"".join(who)}</div>'
            f'<nav class="qb-footer__links" aria-label="{esc(t("contacts", lang))}"><ul>{"".join(links)}</ul></nav>'
            f"{small}</div>")
