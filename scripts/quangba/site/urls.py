"""Where each page lives. A page has a *key* that is the same in every language ("" for the
home page, "place/" for a section, "place/nhat-le-beach/" for a record); the Vietnamese page
is at the site root, the others under "<lang>/" — mkdocs-static-i18n's folder layout.
"""

from __future__ import annotations

from ..catalog.model import SOURCE_LANGUAGE


def url_of(lang: str, key: str) -> str:
    """The page's address relative to the site root, e.g. ``en/place/x/`` (``""`` = home)."""
    return key if lang == SOURCE_LANGUAGE else f"{lang}/{key}"


def absolute(base_url: str, lang: str, key: str) -> str:
    return base_url + url_of(lang, key)


def docs_file(key: str) -> str:
    """The Markdown file (inside the language's docs folder) that mkdocs turns into ``key``."""
    if key == "":
        return "index.md"
    if key.endswith("/") and key.count("/") == 1:
        return f"{key}index.md"
    return key.rstrip("/") + ".md"


def relative(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url`` (both site-root-relative) that works
    wherever the site is served, including from a sub-folder or a file system."""
    if to_url == from_url:
        return "./"
    # folders of the page's own folder; tens of thousands of links per build, so plain string
    # work rather than posixpath.relpath (tests/test_site_urls.py holds it to relpath's answers)
    here = from_url.split("/")[:-1]
    there = to_url.split("/")
    common = 0
    for a, b in zip(here, there[:-1]):
        if a != b:
            break
        common += 1
    rel = "../" * (len(here) - common) + "/".join(there[common:])
    return rel or "./"


def record_key(kind: str, record_id: str) -> str:
    return f"{kind}/{record_id}/"


LOGO_FILE = "quangba/logo"  # + .svg or .png: the province's logo, beside the theme's files
# The province's colours as a style sheet of their own rather than a <style> in every page: the
# Content-Security-Policy of `quangba server-config` allows style sheets from the site only.
IDENTITY_CSS = "quangba/identity.css"
SHARE_IMAGE_FILE = "quangba/share"  # + .png or .jpg: the province's picture for shared links


def share_image_url(identity) -> str | None:
    """Where the site stage writes the province's share image (site root-relative), if it has one."""
    return f"{SHARE_IMAGE_FILE}.{identity.share_image_type}" if identity.share_image_bytes else None


def logo_url(identity) -> str | None:
    """Where the site stage writes the province's logo (site root-relative), if it has one."""
    return f"{LOGO_FILE}.{identity.logo_type}" if identity.logo_bytes else None
