"""Investment promotion on the portal, in every language: the filterable project list (the
``project/`` section page), the facts and incentives of project, zone and incentive pages,
and a printable one-page profile per project (``project/<id>/profile/``).

The list is complete in plain HTML; ``quangba/projects.js`` only hides rows that do not
match the chosen filters. Capital ranges never convert currencies (no exchange rate is
official data): each range is one order of magnitude in one currency, taken from the data.

``pages.py`` calls in here at three points only: ``add_pages`` (plan), ``fact_rows``
(facts table) and ``sections`` (record page).
"""

from __future__ import annotations

import dataclasses
import math
import posixpath
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING

from babel.numbers import format_compact_currency, format_percent

from ..catalog.model import SOURCE_LANGUAGE, Record
from . import fmt
from .fmt import esc
from .strings import kind_name, pick, t
from .urls import absolute, logo_url, record_key, relative, url_of

if TYPE_CHECKING:
    from .parts import Page, Site

LIST_KEY = "project/"
STATUSES = ("calling", "licensed", "operating")
SCRIPT = "quangba/projects.js"
STYLESHEET = "quangba/projects.css"


def profile_key(record: Record) -> str:
    return record_key(record.kind, record.id) + "profile/"


def _value(field: str, value: str, lang: str) -> str:
    """The reader's word for a coded value (``sector: logistics``), else the code itself."""
    try:
        return t(f"{field}_{value}", lang)
    except KeyError:
        return value


def _assets(page_url: str) -> str:
    """Linked from the investment pages only: other pages load nothing more."""
    return (f'<link rel="stylesheet" href="{esc(relative(page_url, STYLESHEET))}">'
            f'<script src="{esc(relative(page_url, SCRIPT))}" defer></script>')


def money(amount: float, currency: str, lang: str) -> str:
    """A capital with its currency in the reader's locale (the portal's one money format)."""
    return fmt.money(amount, currency, lang)


@lru_cache(maxsize=None)
def sort_key(label: str) -> str:
    """Alphabetical order that files "Đông Hà" under D and "Ái" under A."""
    plain = unicodedata.normalize("NFD", label.replace("Đ", "D").replace("đ", "d"))
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold()


def _projects(site: Site) -> list[Record]:
    return site.published(["project"])  # not retracted ones: a withdrawn project is no offer


def _sorted(records: list[Record], lang: str) -> list[Record]:
    from .parts import title_of

    return sorted(records, key=lambda r: (sort_key(title_of(r, lang)), r.id))


class _Relations:
    """Which incentives apply and which projects a zone has, worked out once per build: a
    page per project, zone and language must not each scan every record."""

    def __init__(self, site: Site):
        self.site = site
        self._found: dict[tuple, list[Record]] = {}
        # the model's own judgement (Catalog.incentives_for), over a catalog holding only the
        # incentives: it then scans those instead of every record, once per zone
        incentives = {r.id: r for r in site.catalog.records.values() if r.kind == "incentive"}
        self._incentive_catalog = dataclasses.replace(site.catalog, records=incentives)
        self._items: dict[tuple, str] = {}
        self.sections: dict[tuple, str] = {}  # see _record_section
        self._incentives: dict[tuple, list[Record]] = {}
        self._every_incentive: dict[str, list[Record]] = {}  # by language, in its order
        self._incentive_ids: dict[tuple, tuple[str, ...]] = {}
        self.profile_incentives: dict[tuple, str] = {}  # see _profile_incentives
        self._projects: dict[str, list[Record]] = {}
        for r in site.records:  # what Catalog.projects_in says, for every zone at once
            if r.kind == "project" and r.is_public(site.now) and isinstance(r.fields.get("zone"), str):
                self._projects.setdefault(r.fields["zone"], []).append(r)

    def item(self, record: Record, lang: str, page_url: str) -> str:
        """A list item linking ``record``: the same on every page of one folder (every
        project page lists the same incentive with the same relative link)."""
        from .parts import record_item

        key = (record.id, lang, posixpath.dirname(page_url.rstrip("/")))
        if key not in self._items:
            self._items[key] = record_item(self.site, page_url, record, lang)
        return self._items[key]

    def projects_in(self, zone: Record, lang: str) -> list[Record]:
        return _sorted(self._projects.get(zone.id, []), lang)

    @staticmethod
    def incentives_key(record: Record) -> tuple:
        """What the incentives of ``record`` depend on: its kind, zone and sector."""
        key = (record.kind, record.id if record.kind == "zone" else record.fields.get("zone"),
               record.fields.get("sector") if record.kind == "project" else None)
        return tuple(k if isinstance(k, str) or k is None else repr(k) for k in key)

    def incentive_ids(self, record: Record, lang: str) -> tuple[str, ...]:
        """The ids of ``incentives_for``, worked out once per list: lists that are the same
        (a province-wide incentive's) are then told apart by a lookup."""
        key = (self.incentives_key(record), lang)
        if key not in self._incentive_ids:
            self._incentive_ids[key] = tuple(i.id for i in self.incentives_for(record, lang))
        return self._incentive_ids[key]

    def incentives_for(self, record: Record, lang: str) -> list[Record]:
        """In the reader's alphabetical order. The answer depends only on the zone and the
        sector: the model is asked once per pair, and each list sorted once per language."""
        key = self.incentives_key(record)
        if key not in self._found:
            found = self._incentive_catalog.incentives_for(record, self.site.now)
            self._found[key] = {i.id for i in found if i.id in self.site.shown}
        if (key, lang) not in self._incentives:
            # every incentive sorted once per language, not each list: a province-wide
            # incentive is in the list of every project (thousands of lists of hundreds)
            if lang not in self._every_incentive:
                self._every_incentive[lang] = _sorted(list(self._incentive_catalog.records.values()), lang)
            found = self._found[key]
            self._incentives[(key, lang)] = [i for i in self._every_incentive[lang] if i.id in found]
        return self._incentives[(key, lang)]


def _relations(site: Site) -> _Relations:
    cached = site.__dict__.get("_investment_relations")
    if cached is None:
        cached = site.__dict__["_investment_relations"] = _Relations(site)
    return cached


# -- the plan ---------------------------------------------------------------------------------
def add_pages(site: Site, pages: list[Page]) -> None:
    """Make each language's ``project/`` section the filterable list; add the profiles."""
    for i, page in enumerate(pages):
        if page.key == LIST_KEY:
            pages[i] = project_list(site, page.lang)
    for record in _projects(site):
        for lang in site.languages:
            pages.append(profile_page(site, record, lang))


# -- where a project is ------------------------------------------------------------------------
def _unit_name(site: Site, unit_id: str | None, lang: str) -> str | None:
    from .cards import value_in

    unit = next((u for u in site.catalog.province.admin_units if u.id == unit_id), None)
    return value_in(unit.names, lang)[0] if unit is not None else None


def _places(site: Site, record: Record, lang: str) -> list[tuple[str, str]]:
    """(filter value, label) of where a project is: its zone, then its commune or ward."""
    from .parts import title_of

    out = []
    zone = site.catalog.zone_of(record)
    if zone is not None and zone.id in site.shown:
        out.append((f"zone:{zone.id}", title_of(zone, lang)))
    unit_id = record.location.unit if record.location else None
    name = _unit_name(site, unit_id, lang)
    if name:
        out.append((f"unit:{unit_id}", name))
    return out


def _location_cell(site: Site, record: Record, lang: str, url: str) -> str:
    from .parts import record_link

    parts = []
    zone = site.catalog.zone_of(record)
    if zone is not None and zone.id in site.shown:
        parts.append(record_link(site, url, zone, lang))
    from .cards import marked, value_in

    unit = next((u for u in site.catalog.province.admin_units if record.location and u.id == record.location.unit), None)
    if unit is not None:
        parts.append(marked(*value_in(unit.names, lang), lang))
    return "<br>".join(parts)


# -- capital ranges ----------------------------------------------------------------------------
def capital_band(amount: float) -> tuple[float, float]:
    """The order of magnitude an amount falls in: [10^d, 10^(d+1))."""
    digits = math.floor(math.log10(amount)) if amount >= 1 else 0
    return (10.0 ** digits if amount >= 1 else 0.0, 10.0 ** (digits + 1))


def _band_value(currency: str, low: float, high: float) -> str:
    return f"{currency}:{low:.0f}:{high:.0f}"


def _band_label(currency: str, low: float, high: float, lang: str) -> str:
    locale = fmt.locale(lang)
    return t("capital_band", lang).format(low=format_compact_currency(low, currency, locale=locale),
                                          high=format_compact_currency(high, currency, locale=locale))


# -- the list ----------------------------------------------------------------------------------
def project_list(site: Site, lang: str) -> Page:
    from .parts import Page, record_link, summary_of

    url = url_of(lang, LIST_KEY)
    projects = _sorted(_projects(site), lang)
    title = kind_name("project", lang)
    out = [_assets(url), f"<h1>{esc(title)}</h1>", f"<p>{esc(t('project_list_intro', lang))}</p>"]
    out.append(_filter_form(site, projects, lang))
    total = len(projects)
    out.append(f'<p id="qb-project-count" class="qb-project-count" role="status" aria-live="polite">'
               f'{esc(t("project_count", lang).format(total=fmt.number(total, lang)))}</p>')
    heads = ("project_name", "sector", "location", "area", "capital", "project_status")
    head = "".join(f'<th scope="col">{esc(t(h, lang))}</th>' for h in heads)
    labels = [f' data-label="{esc(t(h, lang))}"' for h in heads]
    rows = []
    for r in projects:
        capital = r.capital
        places = " ".join(value for value, _ in _places(site, r, lang))
        attrs = {
            "data-sector": r.fields.get("sector", ""),
            "data-status": r.fields.get("project_status", ""),
            "data-places": places,
            "data-currency": capital.currency if capital else "",
            "data-capital": f"{capital.amount:.0f}" if capital else "",
        }
        attr = "".join(f' {k}="{esc(v)}"' for k, v in attrs.items())
        area = r.number("area_ha")
        summary = summary_of(r, lang)
        summary_lang = "" if lang in r.texts else ' lang="vi"'
        label = labels  # each cell names its column: on a phone the rows are cards (projects.css)
        cells = [
            f'<th scope="row">{record_link(site, url, r, lang)}'
            + (f'<br><span class="qb-summary"{summary_lang}>{esc(summary)}</span>' if summary else "") + "</th>",
            f"<td{label[1]}>{esc(_value('sector', str(r.fields.get('sector', '')), lang))}</td>",
            f"<td{label[2]}>{_location_cell(site, r, lang, url)}</td>",
            f"<td{label[3]}>{esc(fmt.number(area, lang) + ' ha') if area is not None else ''}</td>",
            f"<td{label[4]}>{esc(money(capital.amount, capital.currency, lang)) if capital else ''}</td>",
            f"<td{label[5]}>{esc(_value('status', str(r.fields.get('project_status', '')), lang))}</td>",
        ]
        rows.append(f"<tr{attr}>{''.join(cells)}</tr>")
    out.append(f'<div class="qb-projects-wrap"><table id="qb-projects" class="qb-projects">'
               f'<caption>{esc(title)}</caption><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></div>')
    out.append(f'<p id="qb-project-none" class="qb-project-none" hidden>{esc(t("no_project_matches", lang))}</p>')
    page = Page(lang, LIST_KEY, title, "\n".join(out))
    page.meta["qb"] = {"description": esc(t("project_list_intro", lang))}
    return page


def _select(name: str, label: str, options: list[tuple[str, str]] | list, lang: str) -> str:
    """A labelled <select>; ``options`` is a list of (value, label) or of (group, [(value, label)])."""
    items = [f'<option value="">{esc(t("filter_all", lang))}</option>']
    for value, text in options:
        if isinstance(text, list):
            inner = "".join(f'<option value="{esc(v)}">{esc(x)}</option>' for v, x in text)
            items.append(f'<optgroup label="{esc(value)}">{inner}</optgroup>')
        else:
            items.append(f'<option value="{esc(value)}">{esc(text)}</option>')
    ident = f"qb-filter-{name}"
    return (f'<div class="qb-filter-field"><label for="{ident}">{esc(label)}</label>'
            f'<select id="{ident}" name="{name}">{"".join(items)}</select></div>')


def _filter_form(site: Site, projects: list[Record], lang: str) -> str:
    sectors = sorted({str(r.fields["sector"]) for r in projects if isinstance(r.fields.get("sector"), str)})
    sector_options = sorted(((s, _value("sector", s, lang)) for s in sectors), key=lambda o: sort_key(o[1]))
    zones: dict[str, str] = {}
    units: dict[str, str] = {}
    for r in projects:
        for value, label in _places(site, r, lang):
            (zones if value.startswith("zone:") else units)[value] = label
    place_options = []
    if zones:
        place_options.append((t("filter_zones", lang), sorted(zones.items(), key=lambda o: sort_key(o[1]))))
    if units:
        place_options.append((t("filter_units", lang), sorted(units.items(), key=lambda o: sort_key(o[1]))))
    bands: dict[str, set[tuple[float, float]]] = {}
    for r in projects:
        if r.capital is not None:
            bands.setdefault(r.capital.currency, set()).add(capital_band(r.capital.amount))
    capital_options = [
        (currency, [(_band_value(currency, low, high), _band_label(currency, low, high, lang))
                    for low, high in sorted(bands[currency])])
        for currency in sorted(bands)
    ]
    status_options = [(s, _value("status", s, lang)) for s in STATUSES]
    fields = [
        _select("sector", t("sector", lang), sector_options, lang),
        _select("place", t("location", lang), place_options, lang),
        _select("capital", t("capital_range", lang), capital_options, lang),
        _select("status", t("project_status", lang), status_options, lang),
    ]
    template = esc(t("project_count_shown", lang))
    return (f'<form id="qb-project-filter" class="qb-filter" hidden data-count="{template}">'
            f'<fieldset><legend>{esc(t("filter_legend", lang))}</legend>{"".join(fields)}'
            f'<div class="qb-filter-field"><button type="reset" class="md-button">{esc(t("filter_reset", lang))}</button></div>'
            f"</fieldset></form>")


# -- facts (record pages and profiles) ----------------------------------------------------------
def _agency_cell(site: Site, agency_id: str | None, lang: str) -> str:
    from .cards import marked, value_in

    agency = site.catalog.agencies.get(agency_id) if agency_id else None
    if agency is None:
        return ""
    name = marked(*value_in(agency.names, lang), lang)
    return f'<a href="{esc(agency.url)}">{name}</a>' if agency.url and agency.url.startswith("https://") else name


def fact_rows(site: Site, record: Record, lang: str, url: str) -> list[tuple[str, str]]:
    """The rows a project, zone or incentive adds to its facts table (area, capital and zone
    are shown by the generic table)."""
    from .parts import record_link

    f = record.fields
    rows: list[tuple[str, str]] = []
    if record.kind == "project":
        for name, code in (("sector", "sector"), ("project_status", "status"), ("investment_form", "form")):
            if isinstance(f.get(name), str):
                rows.append((t(name, lang), esc(_value(code, f[name], lang))))
        contact = _agency_cell(site, f.get("contact_agency") if isinstance(f.get("contact_agency"), str) else None, lang)
        if contact:
            rows.append((t("contact_agency", lang), contact))
    elif record.kind == "zone":
        if isinstance(f.get("zone_type"), str):
            rows.append((t("zone_type", lang), esc(_value("zone_type", f["zone_type"], lang))))
        occupancy = record.number("occupancy_percent")
        if occupancy is not None:
            rows.append((t("occupancy", lang), esc(format_percent(occupancy / 100, locale=fmt.locale(lang), format="#,##0.#%"))))
        if isinstance(f.get("infrastructure"), list):
            items = [esc(_value("infra", str(x), lang)) for x in f["infrastructure"]]
            rows.append((t("infrastructure", lang), ", ".join(items)))
        doc = f.get("established_by")
        if isinstance(doc, dict):
            from .cards import marked

            parts = [str(doc.get(k)) for k in ("number", "title") if isinstance(doc.get(k), str)]
            when = f", {esc(fmt.moment(doc['date'], lang))}" if isinstance(doc.get("date"), str) else ""
            rows.append((t("established_by", lang), marked(", ".join(parts), SOURCE_LANGUAGE, lang) + when))
    elif record.kind == "incentive":
        if isinstance(f.get("incentive_type"), str):
            rows.append((t("incentive_type", lang), esc(_value("incentive_type", f["incentive_type"], lang))))
        if isinstance(f.get("qualifies"), dict) and f["qualifies"]:
            from .cards import marked, value_in

            rows.append((t("qualifies", lang), marked(*value_in(f["qualifies"], lang), lang)))
        sectors = f.get("sectors")
        listed = [esc(_value("sector", str(s), lang)) for s in sectors] if isinstance(sectors, list) and sectors else []
        rows.append((t("sectors_applying", lang), ", ".join(listed) or esc(t("every_sector", lang))))
        zones = [site.shown[z] for z in record.ids("zones") if z in site.shown]
        links = [record_link(site, url, z, lang) for z in zones]
        rows.append((t("zones_applying", lang), ", ".join(links) or esc(t("whole_province", lang))))
    return rows


def sections(site: Site, record: Record, lang: str, url: str) -> str:
    """What a project or zone page adds below its facts: the incentives that apply, the
    zone's projects, the project's printable profile."""
    if record.status != "published" or record.kind not in ("project", "zone"):
        return ""
    out = []
    if record.kind == "project":
        out.append(f'<p class="qb-profile-link"><a href="{esc(relative(url, url_of(lang, profile_key(record))))}">'
                   f'{esc(t("printable_profile", lang))}</a></p>')
    relations = _relations(site)
    if record.kind == "zone":
        projects = relations.projects_in(record, lang)
        out.append(_record_section(site, "zone_projects", projects, lang, url))
    incentives = relations.incentives_for(record, lang)
    out.append(_record_section(site, "incentives_apply", incentives, lang, url, relations.incentive_ids(record, lang)))
    return "\n".join(out)


def _record_section(site: Site, heading: str, records: list[Record], lang: str, url: str,
                    ids: tuple[str, ...] | None = None) -> str:
    """The same on every page of one folder that lists the same records (the projects of a
    zone and sector share their incentives): made once per folder, language and list
    (``ids``: the records' ids, when already known)."""
    from .parts import item_list

    relations = _relations(site)
    key = (heading, lang, posixpath.dirname(url.rstrip("/")), ids if ids is not None else tuple(r.id for r in records))
    if key not in relations.sections:
        items = [relations.item(r, lang, url) for r in records]
        relations.sections[key] = (f'<section class="qb-{heading.replace("_", "-")}"><h2>{esc(t(heading, lang))}</h2>'
                                   f"{item_list(items, lang)}</section>")
    return relations.sections[key]


# -- the printable profile -------------------------------------------------------------------
def _profile_incentives(relations: _Relations, record: Record, lang: str) -> str:
    """The incentives that apply, as a profile lists them: the same on every profile of one
    language whose project has the same zone and sector (a province-wide incentive is on
    every profile)."""
    key = (relations.incentive_ids(record, lang), lang)
    section = relations.profile_incentives.get(key)
    if section is None:
        from .parts import title_of

        items = []
        for incentive in relations.incentives_for(record, lang):
            qualifies = incentive.fields.get("qualifies")
            items.append(f"<li>{esc(title_of(incentive, lang))}"
                         + (f" — {esc(pick(dict(qualifies), lang))}" if isinstance(qualifies, dict) and qualifies else "")
                         + "</li>")
        section = relations.profile_incentives[key] = (
            f'<section class="qb-profile-incentives"><h2>{esc(t("incentives_apply", lang))}</h2>'
            f'<ul>{"".join(items)}</ul></section>' if items else "")
    return section


def profile_page(site: Site, record: Record, lang: str) -> Page:
    from .parts import Page, record_languages

    key = profile_key(record)
    url = url_of(lang, key)
    text = record.texts.get(lang)
    shown = text or record.source_text
    lang_attr = "" if text else f' lang="{SOURCE_LANGUAGE}"'
    title = shown.title if shown and shown.title else record.id
    province = site.catalog.province.name(lang)
    out = [_assets(url), '<div class="qb-profile">']
    logo = logo_url(site.catalog.province.identity)
    emblem = (f'<img class="qb-profile-logo" src="{esc(relative(url, logo))}" alt="" width="40" height="40"> '
              if logo else "")
    out.append(f'<p class="qb-profile-kicker">{emblem}{esc(province)} · {esc(t("profile_title", lang))}</p>')
    out.append(f"<h1{lang_attr}>{esc(title)}</h1>")
    if record.sample:
        out.append(f'<p class="qb-profile-sample">{esc(t("sample", lang))}</p>')
    if shown and shown.summary:
        out.append(f'<p class="qb-lead"{lang_attr}>{esc(shown.summary)}</p>')
    out.append('<div class="qb-profile-main">')
    out.append(_profile_facts(site, record, lang, url))
    out.append(_profile_photo(site, record, lang, url))
    out.append("</div>")
    incentives = _profile_incentives(_relations(site), record, lang)
    if incentives:
        out.append(incentives)
    from .contacts import project_block

    contact = project_block(site, record, lang, url)  # who to write to about this project: phone and e-mail
    contact_id = record.fields.get("contact_agency") if isinstance(record.fields.get("contact_agency"), str) else record.agency
    agency = site.catalog.agencies.get(contact_id)
    if contact:
        out.append(f'<section class="qb-profile-contact">{contact}</section>')
    elif agency is not None:  # an agency with neither phone nor e-mail in the registry: its name and site
        web = f'<br><span class="qb-profile-url">{esc(agency.url)}</span>' if agency.url and agency.url.startswith("https://") else ""
        out.append(f'<section class="qb-profile-contact"><h2>{esc(t("contact", lang))}</h2><p>{esc(agency.name(lang))}{web}</p></section>')
    online = absolute(site.base, lang, record_key(record.kind, record.id))
    out.append(f'<p class="qb-profile-source">{esc(t("profile_online", lang))}: {esc(online)} · '
               f'{esc(t("updated", lang))}: {esc(fmt.day(record.modified, lang))}</p>')
    back = esc(relative(url, url_of(lang, record_key(record.kind, record.id))))
    out.append(f'<p class="qb-profile-actions"><button type="button" class="md-button" data-qb-print hidden>'
               f'{esc(t("print_profile", lang))}</button> <a href="{back}">{esc(t("back_to_project", lang))}</a></p>')
    out.append("</div>")
    page = Page(lang, key, f"{title} — {t('profile_title', lang)}", "\n".join(out),
                alternates=record_languages(site, record), in_sitemap=False)
    page.meta["qb"] = {"noindex": True, "description": esc(shown.summary if shown and shown.summary else title)}
    return page


def _profile_facts(site: Site, record: Record, lang: str, url: str) -> str:
    f = record.fields
    rows: list[tuple[str, str]] = []
    if isinstance(f.get("sector"), str):
        rows.append((t("sector", lang), esc(_value("sector", f["sector"], lang))))
    location = _location_cell(site, record, lang, url)
    if location:
        rows.append((t("location", lang), location))
    area = record.number("area_ha")
    if area is not None:
        rows.append((t("area", lang), esc(f"{fmt.number(area, lang)} ha")))
    if record.capital is not None:
        rows.append((t("capital", lang), esc(money(record.capital.amount, record.capital.currency, lang))))
    if isinstance(f.get("investment_form"), str):
        rows.append((t("investment_form", lang), esc(_value("form", f["investment_form"], lang))))
    if isinstance(f.get("project_status"), str):
        rows.append((t("project_status", lang), esc(_value("status", f["project_status"], lang))))
    contact = _agency_cell(site, f.get("contact_agency") if isinstance(f.get("contact_agency"), str) else None, lang)
    if contact:
        rows.append((t("contact_agency", lang), contact))
    body = "".join(f'<tr><th scope="row">{esc(label)}</th><td>{value}</td></tr>' for label, value in rows)
    return f'<table class="qb-facts"><caption>{esc(t("facts", lang))}</caption><tbody>{body}</tbody></table>'


def _profile_photo(site: Site, record: Record, lang: str, url: str) -> str:
    """The record's first photo, loaded eagerly (a lazy image may be missing from a print)."""
    if site.media is None:
        return ""
    for media_id in record.media:
        meta = site.catalog.media.get(media_id)
        jpeg = site.media.renditions_of(media_id, "jpeg") if media_id in site.media.items else []
        if meta is None or not jpeg:
            continue
        chosen = next((r for r in jpeg if r.width >= 800), jpeg[-1])
        alt = meta.alt.get(lang) or meta.alt.get(SOURCE_LANGUAGE, "")
        alt_lang = "" if meta.alt.get(lang) else ' lang="vi"'
        return (f'<figure class="qb-profile-photo"><img src="{esc(relative(url, chosen.path))}" width="{chosen.width}" '
                f'height="{chosen.height}" alt="{esc(alt)}"{alt_lang}><figcaption>{esc(t("photo_credit", lang))}: '
                f"{esc(meta.credit)}</figcaption></figure>")
    return ""
