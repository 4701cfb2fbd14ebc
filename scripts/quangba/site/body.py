"""Record bodies are untrusted: an agency's Markdown becomes HTML here, and only through an
allow-list (nh3) — no script, no event handlers, no javascript:/data: URLs, no iframes,
forms, images or styles from the text. Photos reach a page only through the media stage.
Parsing (catalog/markdown.py: cmark-gfm) and cleaning take time linear in the text.
"""

from __future__ import annotations

import html as html_escaping
import re

import nh3

from ..catalog.markdown import to_html, too_deep_at

TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "strong", "em", "b", "i",
    "blockquote", "code", "pre", "a", "table", "thead", "tbody", "tr", "th", "td", "abbr",
    "sup", "sub", "dl", "dt", "dd",
}
ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "th": {"align"}, "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "noopener noreferrer nofollow"
# nh3's output: every attribute is name="value", a value never holds a raw quote
_ANCHOR_WITH_REL = re.compile(r'<a((?:\s[^\s="]+="[^"]*")*?)\s+rel="' + LINK_REL + '"')


def render_body(text: str) -> str:
    """Safe HTML for a record's Markdown body. A heading 1 in the body becomes a heading 2:
    the page already has its title as the only heading 1."""
    html = to_html(text)
    if too_deep_at(html) is not None:
        # validate refuses such a text (TEXT-MARKDOWN-NESTING); a preview of one that got
        # this far shows it as typed rather than hand nh3 a tree it would take hours on
        return f"<pre>{html_escaping.escape(text, quote=False)}</pre>"
    html = html.rstrip("\n").replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )
    return _ANCHOR_WITH_REL.sub(_rel_only_with_href, clean)


def _rel_only_with_href(anchor: re.Match) -> str:
    """nh3 gives every link rel=…, also one whose unsafe href (javascript:, data:) it removed:
    rel without href is invalid HTML, so such a placeholder link loses its rel."""
    attrs = anchor.group(1)
    return anchor.group(0) if re.search(r'\shref="', attrs) else f"<a{attrs}"
