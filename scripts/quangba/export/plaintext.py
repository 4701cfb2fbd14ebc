"""Markdown → plain text for the ``body_text`` column: what a reader sees, without markup.

Parsing is done by cmark-gfm (GitHub's C implementation of CommonMark, with its table
extension when a body has a ``|``) through ``cmarkgfm``: many times faster than a
pure-Python parser, which matters at 100 000 texts. Its HTML output is regular (one tag
set; raw HTML already replaced by a comment), so tags are dropped in one pass: blocks become
paragraphs separated by a blank line, table cells are separated by a space and rows by a
line break, images leave their alt text.
"""

from __future__ import annotations

import html
import re

from cmarkgfm.cmark import markdown_to_html, markdown_to_html_with_extensions

_MARKUP = re.compile(
    r"<(?:(?P<comment>!--.*?-->)"
    r"|img [^>]*?alt=\"(?P<alt>[^\"]*)\"[^>]*>"
    r"|(?P<br>br ?/?>\n?)"
    r"|(?P<cell>/t[dh]>\n?)"
    r"|(?P<row>/tr>)"
    r"|(?P<block>/(?:p|h[1-6]|li|pre|blockquote|ul|ol|table|thead|tbody)>|hr ?/?>)"
    r"|[^>]+>)",
    re.S,
)
_REPLACE = {"comment": "", "br": "\n", "cell": " ", "row": "\n", "block": "\n\n"}
_BLANK_LINES = re.compile(r"\n(?:[ \t]*\n)+")
_CELL_END = re.compile(r" +\n")


def _replace(match: re.Match) -> str:
    kind = match.lastgroup
    if kind is None:
        return ""
    if kind == "alt":
        return match.group("alt")
    return _REPLACE[kind]


def markdown_to_text(markdown: str) -> str:
    """Plain text of ``markdown``: paragraphs, headings, list items and code blocks separated
    by a blank line; line breaks inside a paragraph kept as the author typed them."""
    if not markdown.strip():
        return ""
    rendered = (markdown_to_html_with_extensions(markdown, 0, ["table"]) if "|" in markdown
                else markdown_to_html(markdown, 0))
    out = _MARKUP.sub(_replace, rendered)
    if "&" in out:
        out = html.unescape(out)
    if "<table>" in rendered:
        out = _CELL_END.sub("\n", out)
    return _BLANK_LINES.sub("\n\n", out).strip()
