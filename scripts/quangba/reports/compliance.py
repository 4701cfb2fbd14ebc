"""Who supplied the portal as often as the profile requires (``reporting.supply_every``)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from ..catalog.model import Agency, Catalog
from .contributions import Contribution

PERIOD_MONTHS = {"month": 1, "quarter": 3, "half-year": 6, "year": 12}
STATUS_VI = {"ok": "đạt", "late": "thiếu", "due": "chưa hết hạn", "n/a": "—"}


@dataclass(frozen=True)
class Period:
    label: str
    start: date
    end: date


def periods(year: int, every: str) -> list[Period]:
    step = PERIOD_MONTHS[every]
    out = []
    for first in range(1, 13, step):
        start = date(year, first, 1)
        nxt = date(year + (first + step > 12), (first + step - 1) % 12 + 1, 1)
        label = {"month": f"{year}-{first:02d}", "quarter": f"{year}-Q{(first - 1) // 3 + 1}",
                 "half-year": f"{year}-H{(first - 1) // 6 + 1}", "year": f"{year}"}[every]
        out.append(Period(label, start, nxt - timedelta(days=1)))
    return out


@dataclass
class Row:
    agency: str
    name: str
    cells: dict[str, int | None] = field(default_factory=dict)  # period → items supplied (None: not required)
    status: dict[str, str] = field(default_factory=dict)  # period → ok | late | due | n/a
    late: list[str] = field(default_factory=list)


@dataclass
class Compliance:
    year: int
    every: str | None  # None: the regulation sets no minimum; counts only
    periods: list[str]
    rows: list[Row]
    today: date

    @property
    def late(self) -> list[Row]:
        return [r for r in self.rows if r.late]


def required_agencies(catalog: Catalog) -> list[Agency]:
    """Every agency but the People's Committee at the top (the others supply on its behalf)."""
    return [a for a in catalog.agencies.values() if a.parent is not None or a.kind != "people-committee"]


def compliance(catalog: Catalog, found: list[Contribution], year: int, today: date, *,
               until: date | None = None, every: str | None = None) -> Compliance:
    """Per agency and period of ``year`` begun by ``today`` (and by ``until``): items supplied, and
    whether that meets ``supply_every`` (or ``every``, to count by another period without flags)."""
    required = catalog.province.reporting.get("supply_every") if every is None else None
    required = required if required in PERIOD_MONTHS else None  # a wrong value is validate's to report
    plist = periods(year, every or required or "month")
    plist = [p for p in plist if p.start <= today and (until is None or p.start <= until)]
    every = required
    since = min((c.day for c in found), default=None)  # before the first commit nothing was kept here
    rows = []
    for agency in sorted(required_agencies(catalog), key=lambda a: a.id):
        row = Row(agency=agency.id, name=agency.name("vi"))
        for p in plist:
            existed = ((agency.valid_from is None or agency.valid_from <= p.end)
                       and (agency.valid_to is None or agency.valid_to >= p.start))
            items = {c.item for c in found if c.agency == agency.id and p.start <= c.day <= p.end}
            if not existed:
                row.cells[p.label], row.status[p.label] = None, "n/a"
                continue
            row.cells[p.label] = len(items)
            if items or every is None:
                row.status[p.label] = "ok" if items else "n/a"
            elif since is None or p.end < since:
                row.status[p.label] = "n/a"
            elif p.end < today:
                row.status[p.label] = "late"
                row.late.append(p.label)
            else:
                row.status[p.label] = "due"
        if any(s != "n/a" or row.cells[k] for k, s in row.status.items()):
            rows.append(row)
    return Compliance(year=year, every=every, periods=[p.label for p in plist], rows=rows, today=today)


def render_text(c: Compliance) -> str:
    every = {"month": "mỗi tháng / every month", "quarter": "mỗi quý / every quarter",
             "half-year": "mỗi 6 tháng / every six months", "year": "mỗi năm / every year"}.get(c.every or "")
    head = (f"Cung cấp thông tin năm {c.year}: yêu cầu ít nhất một lần {every}" if every else
            f"Cung cấp thông tin năm {c.year}: quy chế không đặt mức tối thiểu / the regulation sets no minimum")
    width = max([len(r.agency) for r in c.rows] + [8])
    out = [head, f"{'':<{width}}  " + " ".join(f"{p[-3:]:>4}" for p in c.periods)]
    marks = {"ok": "", "late": "!", "due": "?", "n/a": ""}
    for r in c.rows:
        cells = " ".join(f"{('—' if r.cells[p] is None else str(r.cells[p])) + marks[r.status[p]]:>4}" for p in c.periods)
        out.append(f"{r.agency:<{width}}  {cells}")
    out.append("! = thiếu, quá hạn / missing, late   ? = kỳ chưa kết thúc / period not over   — = chưa/không còn tồn tại / did not exist")
    if c.every:
        if c.late:
            out.append(f"Chậm / late ({len(c.late)}): " + "; ".join(f"{r.agency} ({', '.join(r.late)})" for r in c.late))
        else:
            out.append("Mọi cơ quan đều đạt. / Every agency supplied on time.")
    return "\n".join(out) + "\n"


def render_json(c: Compliance) -> str:
    return json.dumps({"year": c.year, "supply_every": c.every, "periods": c.periods, "today": c.today.isoformat(),
                       "rows": [asdict(r) for r in c.rows], "late": [r.agency for r in c.late]},
                      ensure_ascii=False, indent=2) + "\n"
