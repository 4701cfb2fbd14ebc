"""What a Markdown body becomes as HTML, and how deeply that HTML nests.

A body is untrusted and may hold 1 MiB. It is parsed by cmark-gfm (GitHub's C implementation
of CommonMark, with its table extension, through ``cmarkgfm``), whose time stays linear in
the text whatever the text holds; python-markdown, used before, took more than the square of
it for nested brackets (8000 ``[`` took 12 s) and for many links in one paragraph.

The HTML is then cleaned by nh3 (site/body.py), whose HTML parser spends, for every element,
time in proportion to how many elements are open around it: 500 000 nested ``>`` quotes, or
as many unclosed ``<div>``, would take hours. A body may therefore nest at most MAX_NESTING
elements (rule TEXT-MARKDOWN-NESTING, checked when the file is read), which keeps the whole
linear; real texts nest fewer than ten.
"""

from __future__ import annotations

import re

from cmarkgfm.cmark import Options, markdown_to_html_with_extensions

MAX_NESTING = 64
# Raw HTML is kept, for nh3's allow-list to judge (as python-markdown did).
_OPTIONS = Options.CMARK_OPT_UNSAFE
_EXTENSIONS = ["table"]
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                   "source", "track", "wbr"})


def to_html(markdown: str) -> str:
    """The body as HTML (CommonMark and GFM tables), not yet cleaned."""
    return markdown_to_html_with_extensions(markdown, _OPTIONS, _EXTENSIONS)


def too_deep_at(html: str, limit: int = MAX_NESTING) -> int | None:
    """Where in ``html`` more than ``limit`` elements are first open at once, or None."""
    depth = 0
    for tag in _TAG.finditer(html):
        closing, name, self_closing = tag.groups()
        if self_closing or name.lower() in _VOID:
            continue
        if closing:
            depth = max(0, depth - 1)
        else:
            depth += 1
            if depth > limit:
                return tag.start()
    return None


def nesting_problem(markdown: str) -> int | None:
    """The line of ``markdown`` (1 for its first) where it nests more than MAX_NESTING
    elements, or None when it does not."""
    html = markdown_to_html_with_extensions(markdown, _OPTIONS | Options.CMARK_OPT_SOURCEPOS, _EXTENSIONS)
    at = too_deep_at(html)
    return None if at is None else _line_of(html, at, markdown)


_SOURCE_SPAN = re.compile(r'data-sourcepos="(\d+):\d+-(\d+):')


def _line_of(html: str, at: int, markdown: str) -> int:
    """The source line of the element at ``at``: that of the innermost open element cmark
    marked with its position; for raw HTML (never marked), where that tag is first written
    after the last marked block that ended before it."""
    open_spans: list[tuple[int, int] | None] = []  # (first line, last line) of each open element
    last_end = 0
    for tag in _TAG.finditer(html, 0, at):
        closing, name, self_closing = tag.groups()
        if self_closing or name.lower() in _VOID:
            continue
        if closing:
            span = open_spans.pop() if open_spans else None
            if span is not None:
                last_end = max(last_end, span[1])
        else:
            marked = _SOURCE_SPAN.search(tag.group())
            open_spans.append((int(marked.group(1)), int(marked.group(2))) if marked else None)
    marked_lines = [span[0] for span in open_spans if span is not None]
    if marked_lines:
        return marked_lines[-1]
    tag = _TAG.match(html, at)
    offset = sum(len(line) + 1 for line in markdown.split("\n")[:last_end])
    found = markdown.find(tag.group(), offset) if tag else -1
    return markdown.count("\n", 0, found) + 1 if found >= 0 else last_end + 1
