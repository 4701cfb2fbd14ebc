"""The portal's own words per language (``strings.yaml``)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

import yaml

FALLBACK = ("en", "vi")


@cache
def _strings() -> dict[str, Any]:
    text = resources.files("quangba.site").joinpath("strings.yaml").read_text("utf-8")
    # libyaml's parser when PyYAML has it: the same data, ten times faster than pure Python
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def pick(values: dict[str, str], lang: str) -> str:
    for candidate in (lang, *FALLBACK):
        if values.get(candidate):
            return values[candidate]
    return next(iter(values.values()), "")


@cache  # pure: asked tens of thousands of times a build
def t(key: str, lang: str) -> str:
    return pick(_strings()[key], lang)


@cache
def kind_name(kind: str, lang: str) -> str:
    """The kind's name: the portal's own words, else the shared ``kind_names.yaml``."""
    from ..catalog.kind_names import kind_names

    names = _strings()["kinds"].get(kind) or kind_names().get(kind)
    return pick(names, lang) if names else kind
