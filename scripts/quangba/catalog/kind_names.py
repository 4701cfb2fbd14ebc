"""Names of the newer record kinds per language (``kind_names.yaml``), for the portal and
the editors' views."""

from __future__ import annotations

from functools import cache
from importlib import resources

import yaml


@cache
def kind_names() -> dict[str, dict[str, str]]:
    """kind → {language: name}."""
    return yaml.safe_load(resources.files("quangba.catalog").joinpath("kind_names.yaml").read_text("utf-8"))
