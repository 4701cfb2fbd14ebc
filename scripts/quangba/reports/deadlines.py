"""Report and plan deadlines for a year, from the profile's ``reporting`` (MM-DD)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Deadlines:
    half_year: date | None  # six-monthly report of this year
    year: date | None  # yearly report of this year
    plan: date | None  # plan for the next year


def _on(year: int, mmdd: str) -> date:
    month, day = map(int, mmdd.split("-"))
    return date(year, month, day)


def deadlines(reporting: Any, year: int) -> Deadlines:
    reports = sorted(x for x in (reporting.get("report_due") or []) if isinstance(x, str))
    half = [x for x in reports if x < "07-01"]
    full = [x for x in reports if x >= "07-01"]
    plan = reporting.get("plan_due")
    plan_date = None
    if isinstance(plan, str):  # a plan due in the autumn is for next year; one due in January, for this one
        plan_date = _on(year, plan) if plan >= "07-01" else _on(year + 1, plan)
    return Deadlines(half_year=_on(year, half[0]) if half else None,
                     year=_on(year, full[-1]) if full else None, plan=plan_date)
