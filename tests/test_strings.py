"""The portal's own words (site/strings.yaml) and the kinds' names (catalog/kind_names.yaml) are
what every reader sees. A comma left unquoted in a YAML flow mapping silently cuts a
Vietnamese label in two ("Khu kinh tế, khu công nghiệp" became "Khu kinh tế" plus an empty
key): every entry must map language tags to non-empty text."""

import re
from importlib import resources

import pytest
import yaml

LANGUAGE_TAG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")


def entries(tree, path=()):
    for key, value in tree.items():
        if isinstance(value, dict) and value and all(isinstance(v, dict) for v in value.values()):
            yield from entries(value, (*path, key))
        else:
            yield ".".join(map(str, (*path, key))), value


@pytest.mark.parametrize("name", ["site/strings.yaml", "catalog/kind_names.yaml"])
def test_every_entry_maps_language_tags_to_text(name):
    package, _, file = f"quangba/{name}".rpartition("/")
    tree = yaml.safe_load(resources.files(package.replace("/", ".")).joinpath(file).read_text("utf-8"))
    bad = []
    for where, value in entries(tree):
        if not isinstance(value, dict) or not value:
            bad.append(f"{where}: {value!r}")
            continue
        for lang, text in value.items():
            if not (isinstance(lang, str) and LANGUAGE_TAG.match(lang)) or not (isinstance(text, str) and text.strip()):
                bad.append(f"{where}: {lang!r} → {text!r} (quote a value that has a comma)")
    assert bad == []
