"""Who may see a record is decided once, in the model; unknown values keep it hidden."""

from __future__ import annotations

from datetime import date

import pytest

from quangba.catalog.model import Record, parse_moment

NOW = parse_moment("2026-11-23T12:00:00+07:00")


def record(**changes) -> Record:
    fields = dict(id="r", kind="place", agency="a", status="published", classification="public",
                  created=date(2025, 1, 1), modified=date(2025, 1, 1), path="catalog/place/r.yaml")
    fields.update(changes)
    return Record(**fields)


@pytest.mark.parametrize("status, classification, embargo, visible, public", [
    ("published", "public", None, True, True),
    ("retracted", "public", None, True, False),
    ("draft", "public", None, False, False),
    ("publised", "public", None, False, False),  # a typo never publishes
    ("published", "internal", None, False, False),
    ("published", "secret", None, False, False),
    ("published", "Public", None, False, False),
    ("published", "public", "2030-01-01T00:00:00+07:00", False, False),
    ("published", "public", "2026-11-23T11:59:59+07:00", True, True),
])
def test_visibility(status, classification, embargo, visible, public) -> None:
    r = record(status=status, classification=classification,
               embargo_until=parse_moment(embargo) if embargo else None)
    assert r.is_visible(NOW) is visible
    assert r.is_public(NOW) is public
