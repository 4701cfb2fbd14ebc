"""The site stage: ``build_site(catalog, out_dir, now, media=…, drafts=…)`` is the only way in.

Pages are planned from the model (``pages.py``: HTML and ``<head>`` data per page and
language) and laid out by MkDocs + mkdocs-material + mkdocs-static-i18n through one small
plugin (``plugin.py``); feeds, calendars, the sitemap, robots.txt and the 404 pages are
written by ``extras.py``. Everything MkDocs-specific stays inside this package.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..media import MediaSet
from ..model import SOURCE_LANGUAGE, Catalog
from . import extras, search
from .pages import Site, nav_keys, plan_pages
from .strings import t
from .urls import docs_file

TOOL_ROOT = Path(__file__).resolve().parents[3]  # the quangba checkout: its mkdocs.yml and theme


@dataclass(frozen=True)
class SiteSummary:
    pages: int
    languages: tuple[str, ...]


def mkdocs_config_file(catalog: Catalog) -> Path:
    """The province's own mkdocs.yml (its look), else the one shipped with quangba."""
    own = catalog.root / "mkdocs.yml"
    return own if own.is_file() else TOOL_ROOT / "mkdocs.yml"


def build_site(catalog: Catalog, out_dir: Path, now: datetime, *, media: MediaSet | None = None,
               drafts: bool = False) -> SiteSummary:
    site = Site.of(catalog, now, drafts=drafts, media=media)
    pages = plan_pages(site)
    with tempfile.TemporaryDirectory(prefix="quangba-docs-") as tmp:
        docs = Path(tmp) / "docs"
        for page in pages:
            target = docs / page.lang / docs_file(page.key)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text("", "utf-8")
        plugin = _mkdocs_build(catalog, docs, out_dir, pages, nav_keys(site, pages))
    extras.write_all(site, pages, out_dir, plugin.not_found)
    search.write_indexes(pages, out_dir, catalog.languages)
    return SiteSummary(pages=len(pages), languages=catalog.languages)


def _mkdocs_build(catalog: Catalog, docs: Path, out_dir: Path, pages, nav: list[str]):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from .plugin import PortalPlugin

    for name in ("mkdocs", "mkdocs_static_i18n", "mkdocs.plugins", "mkdocs.structure.pages"):
        logging.getLogger(name).setLevel(logging.ERROR)
    languages = [
        {
            "locale": lang,
            "name": t("language_name", lang),
            "default": lang == SOURCE_LANGUAGE,
            "build": True,
            "site_name": catalog.province.name(lang),
        }
        for lang in catalog.languages
    ]
    config_file = mkdocs_config_file(catalog)
    config = load_config(
        config_file=str(config_file),
        docs_dir=str(docs),
        site_dir=str(out_dir),
        site_name=catalog.province.name(SOURCE_LANGUAGE),
        site_url=catalog.province.base_url,
        nav=[docs_file(key) for key in nav],
        # no mkdocs "search" plugin: static-i18n re-configures it per language (quadratic), and
        # record pages need not pass through mkdocs; site/search.py indexes the planned pages
        plugins=[
            {"i18n": {"docs_structure": "folder", "fallback_to_default": False, "languages": languages}},
        ],
    )
    plugin = PortalPlugin({page.url: page for page in pages}, catalog.languages)
    config.plugins["quangba-portal"] = plugin
    build(config)
    return plugin
