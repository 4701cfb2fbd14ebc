"""Markdown → plain text for the ``body_text`` column: what a reader would see, without markup.

Parsed by markdown-it-py (CommonMark), so emphasis, links, lists and headings are read the
way the portal renders them; raw HTML is dropped, never passed on as text.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

_BLOCK_ENDS = {"paragraph_close", "heading_close", "fence", "code_block", "hr", "blockquote_close",
               "bullet_list_close", "ordered_list_close", "table_close"}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def markdown_to_text(markdown: str) -> str:
    """Plain text of ``markdown``: each paragraph, heading, list item and code block
    separated by a blank line; raw HTML is left out."""
    if not markdown.strip():
        return ""
    blocks: list[str] = []
    current: list[str] = []

    def end_block() -> None:
        text = "".join(current).strip()
        if text:
            blocks.append(text)
        current.clear()

    for token in _parser().parse(markdown):
        if token.type == "inline":
            for child in token.children or ():
                if child.type in ("text", "code_inline"):
                    current.append(child.content)
                elif child.type == "softbreak":
                    current.append(" ")
                elif child.type == "hardbreak":
                    current.append("\n")
                elif child.type == "image":
                    current.append(child.content)  # the alt text
        elif token.type in ("fence", "code_block"):
            current.append(token.content.rstrip("\n"))
            end_block()
        elif token.type == "list_item_close" or token.type in ("th_close", "td_close"):
            end_block()
        elif token.type in _BLOCK_ENDS:
            end_block()
    end_block()
    return "\n\n".join(b for b in blocks if b)
