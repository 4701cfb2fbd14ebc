"""The site stage: ``build_site(catalog, out_dir, now)`` is the only way in.

Today it renders with MkDocs + mkdocs-material + mkdocs-static-i18n (pinned; both in
maintenance). Everything MkDocs-specific stays inside this package, so the portal could
move to another generator by rewriting this one function.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..model import SOURCE_LANGUAGE, Catalog
from .pages import plan_pages
from .strings import t


@dataclass(frozen=True)
class SiteSummary:
    pages: int
    languages: tuple[str, ...]


def build_site(catalog: Catalog, out_dir: Path, now: datetime, *, drafts: bool = False) -> SiteSummary:
    pages = plan_pages(catalog, now, drafts=drafts)
    with tempfile.TemporaryDirectory(prefix="quangba-docs-") as tmp:
        docs = Path(tmp) / "docs"
        for page in pages:
            target = docs / page.lang / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.markdown, "utf-8")
        _mkdocs_build(catalog, docs, out_dir)
    return SiteSummary(pages=len(pages), languages=catalog.languages)


def _mkdocs_build(catalog: Catalog, docs: Path, out_dir: Path) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    for name in ("mkdocs", "mkdocs_static_i18n", "mkdocs.plugins"):
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
    config = load_config(
        config_file=str(catalog.root / "mkdocs.yml"),
        docs_dir=str(docs),
        site_dir=str(out_dir),
        site_name=catalog.province.name(SOURCE_LANGUAGE),
        site_url=catalog.province.base_url,
        plugins=[
            "search",
            {"i18n": {"docs_structure": "folder", "fallback_to_default": False, "languages": languages}},
        ],
    )
    build(config)
