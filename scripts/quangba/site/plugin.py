"""The mkdocs plugin that puts the planned pages — or their frames (``render.py``) — in
place: each docs file is an empty placeholder; its title, ``<head>`` data and HTML content
come from the plan. It also keeps a 404 page per language (mkdocs renders only one)."""

from __future__ import annotations

import copy
import os

from mkdocs.plugins import BasePlugin

from ..catalog.model import SOURCE_LANGUAGE
from .parts import Page
from .render import FramePage, contained_loader
from .strings import t
from .urls import url_of


class PortalPlugin(BasePlugin):
    def __init__(self, pages: dict[str, "Page | FramePage"], languages: tuple[str, ...]):
        super().__init__()
        self.pages = pages  # by site-root-relative URL
        self.languages = languages
        self.not_found: dict[str, str] = {}  # lang -> rendered 404.html
        self._files = None
        self._nav = None

    def _lang(self, config) -> str:
        lang = config.theme.get("language") or SOURCE_LANGUAGE
        return lang if lang in self.languages else SOURCE_LANGUAGE

    def on_files(self, files, config):
        """The theme's files are copied into the site as they are: one that is a link out of
        the theme's folder or the repository (/proc/self/environ, an internal record) is never
        copied (``quangba validate`` reports it: FILE-OUTSIDE-REPO, THEME-LINK)."""
        custom = config.theme.custom_dir
        if not custom:
            return files
        real_theme = os.path.realpath(custom)
        real_root = os.path.realpath(os.path.dirname(config.config_file_path or custom))
        for file in list(files):
            source = file.abs_src_path
            if source and _inside(source, custom):
                real = os.path.realpath(source)
                if not (_inside(real, real_theme) and _inside(real, real_root)):
                    files.remove(file)
        return files

    def on_env(self, env, config, files):
        env.loader = contained_loader(list(env.loader.searchpath))  # no template through a link out
        lang = self._lang(config)
        config.extra["qb_not_found"] = {
            "lang": lang, "title": t("not_found_title", lang), "text": t("not_found_text", lang),
            "back": t("back_home", lang), "home": url_of(lang, "") or ".",
        }
        self._env, self._files = env, files
        return env

    def on_nav(self, nav, config, files):
        self._nav = nav
        return nav

    def on_page_markdown(self, markdown, page, config, files):
        planned = self.pages.get(page.url)
        if planned is not None:
            page.meta.update(planned.meta)
        return ""

    def on_page_content(self, html, page, config, files):
        planned = self.pages.get(page.url)
        return planned.html if planned is not None else html

    def on_post_build(self, config):
        from mkdocs.commands.build import _build_template

        lang = self._lang(config)
        # static-i18n leaves the last page's switcher entries in config.extra.alternate: the
        # 404 page offers the language home pages it computed at first
        i18n = config.plugins.get("i18n")
        homes = getattr(i18n, "extra_alternate", None)
        if homes:
            config.extra.alternate = copy.deepcopy(homes)
        template = self._env.get_template("404.html")
        self.not_found[lang] = _build_template("404.html", template, self._files, config, self._nav)


def _inside(path: str, folder: str) -> bool:
    return os.path.commonpath([os.path.abspath(path), os.path.abspath(folder)]) == os.path.abspath(folder)
