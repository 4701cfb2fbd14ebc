"""Columns that need no quoting are written without a call per cell (package._csv_column); a
reader must still get every value back, wherever in the column a comma, a quote or a line
break first appears."""

from __future__ import annotations

import csv
import io

import pytest

from quangba.export.package import csv_text
from quangba.export.tables import Table, fld


@pytest.mark.parametrize("special", [",", '"', "\n", "a, \"b\"\nc"])
@pytest.mark.parametrize("where", [0, 7, 8, 499])
def test_a_reader_gets_every_value_back_wherever_a_special_character_first_appears(special, where):
    ids = [f"r{i}" for i in range(500)]
    plain = [f"Bãi biển {i}" for i in range(500)]
    sparse = [None if i % 3 else f"ghi chú {i}" for i in range(500)]
    for column in (plain, sparse):
        column[where] = f"x{special}y"
    table = Table("t", "T", "", [fld("id", "string"), fld("title", "string"), fld("note", "string")], ["id"],
                  rows=[{"id": i, "title": t, "note": n} for i, t, n in zip(ids, plain, sparse)])
    read = list(csv.reader(io.StringIO(csv_text(table), newline="")))
    assert read[0] == ["id", "title", "note"]
    assert read[1:] == [[i, t, n or ""] for i, t, n in zip(ids, plain, sparse)]
