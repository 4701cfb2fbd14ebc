"""The site stage: ``build_site(catalog, out_dir, now, media=…, drafts=…)`` is the only way in.

Pages are planned from the model (``pages.py``: HTML and ``<head>`` data per page and
language). MkDocs + mkdocs-material + mkdocs-static-i18n lay out, through one small plugin
(``plugin.py``), the section pages and one skeleton record page per language and folder —
the *frames* — and every page is written from its frame with its own slots filled
(``render.py``): the thousands of record pages never go through MkDocs. Feeds, calendars,
the sitemap, robots.txt and the 404 pages are written by ``extras.py``. Everything
MkDocs-specific stays inside this package.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..catalog.model import SOURCE_LANGUAGE, Catalog
from ..media import MediaSet
from ..util.beside import run_beside
from . import extras, render, search
from .cache import BodyCache
from .pages import nav_keys, plan_pages
from .parts import Page, Site
from .strings import t
from .urls import IDENTITY_CSS, docs_file, logo_url, share_image_url

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
               drafts: bool = False, cache_dir: Path | None = None, previous: Path | None = None) -> SiteSummary:
    """``cache_dir`` (e.g. ``.cache/site``) keeps rendered Markdown bodies and the MkDocs frames
    between builds; it is never published and safe to delete. ``previous`` is the site built
    before (``site/``): pages that did not change are hard-linked from it, never written into."""
    cache_dir = _writable(cache_dir)
    bodies = BodyCache.open(cache_dir)
    site = Site.of(catalog, now, drafts=drafts, media=media)
    site.render_body = bodies.render
    bodies.prefetch(_shown_bodies(site))
    pages = plan_pages(site)
    nav = nav_keys(site, pages)
    frames = _frames(catalog, pages, nav, cache_dir, out_dir, previous)

    def write_search() -> None:
        search.write_indexes(pages, out_dir, catalog.languages, cache_dir, previous)

    if frames is not None:
        def write_search_and_extras() -> None:
            write_search()
            extras.write_all(site, pages, out_dir, frames.not_found, cache_dir, previous)

        # the search indexes (search-index.json and search/ beside each language's home),
        # feeds, calendars, sitemap and 404 pages are made in a second process while the pages
        # are written: none of their files is a page's
        run_beside(("site: search, feeds", write_search_and_extras),
                   ("site: pages", lambda: render.write_pages(frames, pages, out_dir, previous)))
    else:  # the province's copy of the theme marks no slots: MkDocs lays out every page
        not_found = _mkdocs_build(catalog, pages, out_dir, nav).not_found  # (emptying out_dir first)
        extras.write_all(site, pages, out_dir, not_found, cache_dir, previous)
        write_search()
    write_identity(catalog, out_dir, previous)
    bodies.save()
    return SiteSummary(pages=len(pages), languages=catalog.languages)


def _writable(cache_dir: Path | None) -> Path | None:
    """The cache folder, or None when it cannot be written (a read-only checkout): the
    build is then only slower."""
    if cache_dir is None:
        return None
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return cache_dir if os.access(cache_dir, os.W_OK) else None


def _shown_bodies(site: Site) -> list[str]:
    """The Markdown bodies record pages will show (a retracted record shows none)."""
    return [text.body for r in site.records if r.status != "retracted"
            for lang, text in r.texts.items() if lang in site.languages and text.body.strip()]


def _frames(catalog: Catalog, pages: list[Page], nav: list[str], cache_dir: Path | None,
            out_dir: Path, previous: Path | None = None) -> render.Frames | None:
    """The frames of this build, with the theme's files put in ``out_dir``: from the cache
    when nothing they depend on changed, else laid out by MkDocs (and kept). None when the
    theme does not mark slots."""
    frame_pages = render.frame_pages(pages)
    with tempfile.TemporaryDirectory(prefix="quangba-docs-") as tmp:
        config = None
        theme_dirs = render.known_theme_dirs(cache_dir, mkdocs_config_file(catalog))
        if theme_dirs is None:
            config = _mkdocs_config(catalog, frame_pages, nav, Path(tmp))
            theme_dirs = list(config.theme.dirs)
            render.remember_theme_dirs(cache_dir, mkdocs_config_file(catalog), theme_dirs)
        partials = render.load_partials(theme_dirs)
        if partials is None:
            return None
        spec = {"frames": [[f.lang, f.key, f.title] for f in frame_pages], "nav": nav,
                "languages": _languages(catalog), "site_url": catalog.province.base_url,
                "identity": identity_of(catalog)}
        digest = render.inputs_digest(spec, mkdocs_config_file(catalog), theme_dirs)
        if cache_dir is not None:
            cached = render.load_frames(cache_dir / f"frames-{digest}", partials)
            if cached is not None:
                render.copy_static(cached, out_dir, previous)
                return cached
        if config is None:  # the theme's folders came from the cache: MkDocs needs its configuration now
            config = _mkdocs_config(catalog, frame_pages, nav, Path(tmp))
            if list(config.theme.dirs) != theme_dirs:  # cannot happen while the key covers every input
                render.forget_theme_dirs(cache_dir)
                return _frames(catalog, pages, nav, cache_dir, out_dir, previous)
        entry = render.new_cache_entry(cache_dir) if cache_dir is not None else None
        try:
            static = entry / "site" if entry is not None else out_dir
            plugin = _run_mkdocs(config, frame_pages, catalog.languages, static, identity_of(catalog))
            parts: dict[tuple[str, str], list[str]] = {}
            for frame in frame_pages:
                html_file = static / frame.url / "index.html"
                split = render.split_slots(html_file.read_text("utf-8"))
                if split is None:
                    return None
                parts[(frame.lang, frame.key)] = split
                if render.is_section(frame.key):
                    html_file.unlink()
                else:
                    shutil.rmtree(html_file.parent)
            frames = render.Frames(parts=parts, not_found=plugin.not_found, static=static, partials=partials)
            if entry is None:
                return frames
            render.save_frames(frames, entry)
            frames.static = render.keep_cache_entry(entry, cache_dir, digest) / "site"
            entry = None
            render.copy_static(frames, out_dir, previous)
            return frames
        finally:
            if entry is not None:  # an unfinished cache entry
                shutil.rmtree(entry, ignore_errors=True)


def identity_of(catalog: Catalog) -> dict:
    """What the frames show of the province's identity: its logo's address and its colours'
    style sheet."""
    identity = catalog.province.identity
    return {"logo": logo_url(identity) or "", "css": IDENTITY_CSS}


def identity_css(catalog: Catalog) -> bytes:
    """The province's colours (identity → colours: #rrggbb, held to that by its schema)."""
    identity = catalog.province.identity
    primary = identity.primary
    return (":root,body[data-md-color-primary]{"
            f"--md-primary-fg-color:{primary};--md-primary-fg-color--light:{primary};"
            f"--md-primary-fg-color--dark:{primary};--qb-accent:{identity.accent}}}\n").encode("utf-8")


def write_identity(catalog: Catalog, out_dir: Path, previous: Path | None) -> None:
    """The province's logo (read by the loader) and colours into the site, beside the theme's files."""
    identity = catalog.province.identity
    files = [(IDENTITY_CSS, identity_css(catalog))]
    for rel, data in ((logo_url(identity), identity.logo_bytes), (share_image_url(identity), identity.share_image_bytes)):
        if rel is not None:
            files.append((rel, data))
    for rel, data in files:
        target = out_dir / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        render.write_or_link(str(target), data, str(previous / rel) if previous is not None else None)


def _languages(catalog: Catalog) -> list[dict]:
    return [
        {
            "locale": lang,
            "name": t("language_name", lang),
            "default": lang == SOURCE_LANGUAGE,
            "build": True,
            "site_name": catalog.province.name(lang),
        }
        for lang in catalog.languages
    ]


def _mkdocs_config(catalog: Catalog, pages, nav: list[str], tmp: Path):
    """MkDocs' configuration for laying out ``pages`` (planned pages or frames): an empty
    placeholder docs file per page in ``tmp``; the plan fills them in (plugin.py)."""
    from mkdocs.config import load_config

    for name in ("mkdocs", "mkdocs_static_i18n", "mkdocs.plugins", "mkdocs.structure.pages"):
        logging.getLogger(name).setLevel(logging.ERROR)
    docs = tmp / "docs"
    for page in pages:
        target = docs / page.lang / docs_file(page.key)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("", "utf-8")
    docs.mkdir(exist_ok=True)
    return load_config(
        config_file=str(mkdocs_config_file(catalog)),
        docs_dir=str(docs),
        site_dir=str(tmp / "site"),
        site_name=catalog.province.name(SOURCE_LANGUAGE),
        site_url=catalog.province.base_url,
        nav=[docs_file(key) for key in nav],
        # no mkdocs "search" plugin: static-i18n re-configures it per language (quadratic), and
        # record pages need not pass through mkdocs; site/search.py indexes the planned pages
        plugins=[
            {"i18n": {"docs_structure": "folder", "fallback_to_default": False, "languages": _languages(catalog)}},
        ],
    )


def _run_mkdocs(config, pages, languages: tuple[str, ...], out_dir: Path, identity: dict):
    from mkdocs.commands.build import build

    from .plugin import PortalPlugin

    config["site_dir"] = str(out_dir)
    config.extra["qb_identity"] = identity  # the province's emblem and colours (main.html, partials/logo.html)
    plugin = PortalPlugin({page.url: page for page in pages}, languages)
    config.plugins["quangba-portal"] = plugin
    build(config)
    return plugin


def _mkdocs_build(catalog: Catalog, pages, out_dir: Path, nav: list[str]):
    """MkDocs lays out every planned page itself (a theme without slots)."""
    with tempfile.TemporaryDirectory(prefix="quangba-docs-") as tmp:
        config = _mkdocs_config(catalog, pages, nav, Path(tmp))
        return _run_mkdocs(config, pages, catalog.languages, out_dir, identity_of(catalog))
