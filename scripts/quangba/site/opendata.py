"""The "Open data" page per language (``open-data/``) and its Atom feed of package releases
(``open-data/releases.atom.xml``): where the national database, or anyone, finds the data
package the portal carries at ``/data/``.

The page is planned with the other pages, from the model: what the package holds, its
licence, how to import it. Its version, date and file list are the package's own, known
only once the package is made beside the site: the page keeps a slot for each
(``SLOTS``), which ``fill_pages`` fills from the package's descriptor when both are done.
The feed is written then too (``write_release_feeds``): by the build with the one version
it made, by ``quangba publish`` with every version it keeps, each entry summarising
``quangba diff`` against the version before.
"""

from __future__ import annotations

import html
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterable

from ..catalog.model import Catalog
from . import fmt
from .fmt import esc
from .parts import Page, Site
from .render import unlinked
from .strings import kind_name, t
from .urls import absolute, relative, url_of

KEY = "open-data/"
FEED = "open-data/releases.atom.xml"
DATA = "data/"  # the package inside the site (build.DATA_FOLDER)
RELEASES = "data/releases/"  # earlier versions, kept by `quangba publish`
SLOTS = {name: f"<!--qb:open-data-{name}-->" for name in ("version", "created", "files")}


def add_pages(site: Site, pages: list[Page]) -> None:
    pages.extend(open_data_page(site, lang) for lang in site.languages)


def open_data_page(site: Site, lang: str) -> Page:
    url = url_of(lang, KEY)
    province = site.catalog.province

    def data_link(rel: str, text: str) -> str:
        return f'<a href="{esc(relative(url, DATA + rel))}">{esc(text)}</a>'

    counts = {}
    for record in site.published():
        counts[record.kind] = counts.get(record.kind, 0) + 1
    held = "".join(f"<li>{esc(kind_name(kind, lang))}: {esc(fmt.number(n, lang))}</li>"
                   for kind, n in sorted(counts.items(), key=lambda kv: kind_name(kv[0], lang)))
    feed = relative(url, url_of(lang, FEED))
    out = [
        f"<h1>{esc(t('open_data', lang))}</h1>",
        f"<p>{esc(t('open_data_intro', lang))}</p>",
        '<dl class="qb-facts">',
        f"<dt>{esc(t('open_data_version', lang))}</dt><dd><code>{SLOTS['version']}</code></dd>",
        f"<dt>{esc(t('open_data_date', lang))}</dt><dd>{SLOTS['created']}</dd>",
        f"<dt>{esc(t('licence', lang))}</dt><dd><a href=\"{esc(province.licence)}\" rel=\"license\">"
        f"{esc(province.licence)}</a></dd>",
        f"<dt>{esc(t('open_data_descriptor', lang))}</dt><dd>{data_link('datapackage.json', 'datapackage.json')}</dd>",
        f"<dt>DCAT</dt><dd>{data_link('catalog.ttl', 'catalog.ttl')} · {data_link('catalog.jsonld', 'catalog.jsonld')}</dd>",
        f"<dt>{esc(t('open_data_releases', lang))}</dt><dd><a href=\"{esc(feed)}\" type=\"application/atom+xml\">"
        f"{esc(t('open_data_feed', lang))}</a></dd>",
        "</dl>",
        f"<h2>{esc(t('open_data_holds', lang))}</h2>",
        f"<ul>{held}</ul>" if held else "",
        f"<p>{esc(t('open_data_holds_more', lang))}</p>",
        f"<h2>{esc(t('open_data_files', lang))}</h2>",
        SLOTS["files"],
        f"<h2>{esc(t('open_data_import', lang))}</h2>",
        "<ol>",
        *(f"<li>{esc(t(step, lang))}</li>" for step in ("open_data_step_fetch", "open_data_step_check",
                                                         "open_data_step_feed", "open_data_step_diff",
                                                         "open_data_step_tombstones")),
        "</ol>",
        "<pre><code>quangba check-package data/\n"
        f"quangba diff {esc(RELEASES)}&lt;{esc(t('open_data_old', lang))}&gt;/ data/ --format json</code></pre>",
    ]
    page = Page(lang, KEY, t("open_data", lang), "\n".join(part for part in out if part))
    page.meta["qb"] = {"description": esc(t("open_data_intro", lang))}
    return page


# -- once the package is made -------------------------------------------------------------------
def page_path(site_dir: Path, lang: str) -> Path:
    return site_dir / url_of(lang, KEY) / "index.html"


def fill_pages(site_dir: Path, languages: Iterable[str], descriptor: dict[str, Any]) -> None:
    """Put the package's version, date and files into each language's page (a new file:
    the page may be a hard link into the site published before)."""
    for lang in languages:
        path = page_path(site_dir, lang)
        if not path.is_file():
            continue
        text = path.read_text("utf-8")
        filled = (text.replace(SLOTS["version"], esc(str(descriptor.get("version", ""))))
                  .replace(SLOTS["created"], _created(str(descriptor.get("created", "")), lang))
                  .replace(SLOTS["files"], files_table(descriptor, lang)))
        if filled != text:
            with open(unlinked(path), "w", encoding="utf-8") as f:
                f.write(filled)


def _created(created: str, lang: str) -> str:
    """The package's date as the reader's locale writes it, the RFC 3339 moment kept for machines."""
    return f'<time datetime="{esc(created)}">{esc(fmt.moment(created, lang))}</time>' if created else ""


def files_table(descriptor: dict[str, Any], lang: str) -> str:
    page = url_of(lang, KEY)
    rows = []
    for resource in descriptor.get("resources", []):
        path = str(resource.get("path", ""))
        href = relative(page, DATA + path)
        size = resource.get("bytes")
        rows.append(f"<tr><td><a href=\"{esc(href)}\"><code>{esc(path)}</code></a></td>"
                    f"<td>{esc(str(resource.get('title', '')))}</td><td>{esc(str(resource.get('format', '')))}</td>"
                    f"<td>{esc(fmt.number(size, lang)) if isinstance(size, int) else ''}</td></tr>")
    head = "".join(f'<th scope="col">{esc(t(h, lang))}</th>'
                   for h in ("open_data_file", "open_data_title", "open_data_format", "open_data_bytes"))
    return (f'<table class="qb-data-files"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


# -- the feed of releases -----------------------------------------------------------------------
@dataclass
class Release:
    """One version of the package, as the feed and ``data/releases/index.json`` tell it."""

    version: str
    created: str  # the package's own date (RFC 3339)
    published: str  # when it went live (RFC 3339); the package's date until it is published
    added: list[str] = field(default_factory=list)  # record ids
    modified: list[str] = field(default_factory=list)
    tombstoned: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # gone without a tombstone
    records: int | None = None  # records in the package (the first version has no diff)
    previous: str | None = None  # the version this one is compared with

    @classmethod
    def from_diff(cls, diff: dict[str, Any], published: str, records: int) -> "Release":
        r = diff["records"]
        return cls(version=diff["new"]["version"], created=diff["new"]["created"] or published, published=published,
                   added=[i["id"] for i in r["added"]], modified=[i["id"] for i in r["modified"]],
                   tombstoned=[i["id"] for i in r["tombstoned"]], removed=[i["id"] for i in r["removed"]],
                   records=records, previous=diff["old"]["version"])

    def as_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "Release":
        return cls(**{k: data[k] for k in cls.__dataclass_fields__ if k in data})


def summary(release: Release, lang: str) -> str:
    if release.previous is None:
        return t("open_data_first_release", lang).format(records=release.records or 0)
    return t("open_data_changes", lang).format(added=len(release.added), modified=len(release.modified),
                                                tombstoned=len(release.tombstoned), removed=len(release.removed))


def _details(release: Release, lang: str) -> str:
    parts = [f"<p>{html.escape(summary(release, lang))}</p>"]
    for key, ids in (("open_data_added", release.added), ("open_data_modified", release.modified),
                     ("open_data_tombstoned", release.tombstoned), ("open_data_removed", release.removed)):
        if ids:
            parts.append(f"<p>{html.escape(t(key, lang))}: {html.escape(', '.join(ids))}</p>")
    return "".join(parts)


def release_feed(catalog: Catalog, lang: str, releases: list[Release]) -> bytes:
    """The Atom feed of ``releases`` (newest first) in ``lang``."""
    from feedgen.feed import FeedGenerator

    base = catalog.province.base_url
    fg = FeedGenerator()
    page = absolute(base, lang, KEY)
    fg.id(absolute(base, lang, FEED))
    fg.title(f"{catalog.province.name(lang)} — {t('open_data_releases', lang)}")
    fg.subtitle(t("open_data_intro", lang))
    fg.link(href=page, rel="alternate")
    fg.link(href=absolute(base, lang, FEED), rel="self")
    fg.language(lang)
    fg.generator("quangba")
    fg.rights(catalog.province.licence)
    fg.updated(max((_moment(r.published) for r in releases), default=_moment("")))
    for release in releases:
        entry = fg.add_entry(order="append")
        folder = f"{base}{RELEASES}{release.version}/"
        entry.id(folder + "datapackage.json")
        entry.title(f"{t('open_data_version', lang)} {release.version}")
        entry.link(href=folder + "datapackage.json", rel="alternate", type="application/json")
        entry.published(_moment(release.published))
        entry.updated(_moment(release.published))
        entry.summary(summary(release, lang))
        entry.content(_details(release, lang), type="html")
    return fg.atom_str(pretty=True)


def _moment(text: str) -> datetime:
    return fmt.as_datetime(text) or datetime(1970, 1, 1, tzinfo=timezone.utc)


def write_release_feeds(catalog: Catalog, site_dir: Path, releases: list[Release]) -> None:
    for lang in catalog.languages:
        path = site_dir / url_of(lang, FEED)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(unlinked(path), "wb") as f:
            f.write(release_feed(catalog, lang, releases))


def first_release(descriptor: dict[str, Any], records: int) -> Release:
    """The release the build just made, before any publishing: no earlier version to compare."""
    created = str(descriptor.get("created") or "1970-01-01T00:00:00+00:00")
    return Release(version=str(descriptor.get("version", "")), created=created, published=created, records=records)
