"""A save from the editor keeps the file as it was wherever the data did not change.

The editor serialises the whole entry again on every save, with its own quoting; written
as is, an edit of one field would restyle every line, and a save with no edit would still
change bytes. So the new text is merged into the old one top-level key by key: a key whose
value is unchanged keeps its old lines (quotes, comments, order), a changed key takes the
editor's lines in the old key's place, new keys follow, removed keys go. The result is
checked to read back as exactly the data the editor sent; if it does not, the editor's own
text is written instead.
"""

from __future__ import annotations

import re
from typing import Any

from ..catalog.yamlfiles import parse_yaml

_TOP_KEY = re.compile(r"^([^\s#'\"\-][^:]*|\"[^\"]*\"|'[^']*'):(\s|$)")


def _data(text: str) -> Any:
    doc, problems = parse_yaml("editor", text)
    if doc is None or problems:
        return _Unreadable()
    return doc.data


class _Unreadable:
    def __eq__(self, other: object) -> bool:
        return False


def _blocks(text: str) -> tuple[list[str], dict[str, list[str]]]:
    """(lines before the first key, {key: its lines}) of a block-style YAML mapping."""
    lead: list[str] = []
    blocks: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines(keepends=True):
        match = _TOP_KEY.match(line)
        if match:
            key = match.group(1).strip("\"'")
            if key in blocks:
                raise ValueError("duplicate key")
            current = blocks[key] = [line]
        elif current is None:
            lead.append(line)
        else:
            current.append(line)
    return lead, blocks


def _merge_yaml(old: str, new: str) -> str:
    old_data, new_data = _data(old), _data(new)
    if not isinstance(old_data, dict) or not isinstance(new_data, dict):
        return new
    if old_data == new_data:
        return old
    try:
        lead, old_blocks = _blocks(old)
        _, new_blocks = _blocks(new)
    except ValueError:
        return new
    if set(old_blocks) != set(old_data) or set(new_blocks) != set(new_data):
        return new  # not one line-block per key (flow style, anchors…): no merging
    out = list(lead)
    for key, lines in old_blocks.items():
        if key not in new_data:
            continue
        if old_data[key] == new_data[key]:
            out.extend(lines)
        else:
            out.extend(_ended(new_blocks[key]))
    for key, lines in new_blocks.items():
        if key not in old_data:
            out.extend(_ended(lines))
    text = "".join(_ended(out))
    return text if _data(text) == new_data else new


def _ended(lines: list[str]) -> list[str]:
    if lines and not lines[-1].endswith("\n"):
        return [*lines[:-1], lines[-1] + "\n"]
    return lines


def _split_front_matter(text: str) -> tuple[str, str] | None:
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---", 3)
    if end < 0:
        return None
    after = text.find("\n", end + 4)
    body = "" if after < 0 else text[after + 1:]
    return text[4:end + 1], body


def _merge_markdown(old: str, new: str) -> str:
    old_parts, new_parts = _split_front_matter(old), _split_front_matter(new)
    if old_parts is None or new_parts is None:
        return new
    front = _merge_yaml(old_parts[0], new_parts[0])
    body = old_parts[1] if old_parts[1].strip() == new_parts[1].strip() else new_parts[1]
    return f"---\n{front}---\n{body}"


def merged(old: str | None, new: str, suffix: str) -> str:
    """What to write: ``new`` (the editor's text) merged into ``old`` (the file as it is)."""
    if old is None or old == new:
        return new
    if suffix in (".yaml", ".yml"):
        return _merge_yaml(old, new)
    if suffix == ".md":
        return _merge_markdown(old, new)
    return new
