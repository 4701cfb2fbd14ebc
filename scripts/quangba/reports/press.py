"""The press office's report (``quangba press``): from the internal register, the figures the
yearly and six-monthly reports of Circular 22/2016/TT-BTTTT (Appendix 02) ask for.

- open items: inaccurate or hostile reports that no published clarification answers yet,
  and for how many days, counted against the clock (QUANGBA_NOW in tests);
- response times: from the report's date to the day the first clarification was issued;
- monitored reports per month and per outlet country, by assessment;
- foreign reporter visits and interviews.

It reads the typed model only; it prints to the terminal and writes no file, so nothing
internal can end up in ``site/`` or ``export/``.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import datetime
from statistics import mean, median
from typing import Any

from ..catalog.model import VIETNAM, Catalog, Record

ASSESSMENTS = ("accurate", "inaccurate", "hostile")
NEEDS_ANSWER = ("inaccurate", "hostile")
UNKNOWN_COUNTRY = "??"


def _in_period(day, year: int | None) -> bool:
    return day is not None and (year is None or day.year == year)


def press_report(catalog: Catalog, now: datetime, year: int | None = None) -> dict[str, Any]:
    today = now.astimezone(VIETNAM).date()
    entries = sorted(
        (r for r in catalog.records_of("press-monitoring") if _in_period(r.day("date"), year) and r.day("date") <= today),
        key=lambda r: (r.day("date"), r.id),
    )
    open_items, response_times = [], []
    per_month: dict[str, Counter] = defaultdict(Counter)
    per_country: dict[str, Counter] = defaultdict(Counter)
    for r in entries:
        reported, assessment = r.day("date"), r.fields.get("assessment")
        country = _country(r)
        for table, key in ((per_month, reported.strftime("%Y-%m")), (per_country, country)):
            table[key]["total"] += 1
            if assessment in ASSESSMENTS:
                table[key][assessment] += 1
        answers = catalog.answers_to(r, now)
        if answers:
            first = answers[0]
            issued = first.moment("issued").astimezone(VIETNAM).date() if first.moment("issued") else first.created
            response_times.append({**_entry(r), "clarification": first.id, "issued": issued.isoformat(),
                                   "days": (issued - reported).days})
        elif assessment in NEEDS_ANSWER and r.fields.get("response_status") != "not-needed":
            open_items.append({**_entry(r), "response_status": str(r.fields.get("response_status", "")),
                               "days_open": (today - reported).days})
    open_items.sort(key=lambda item: (-item["days_open"], item["id"]))
    days = [t["days"] for t in response_times]
    visits = [r for r in catalog.records_of("reporter-visit") if _in_period(r.day("start"), year)]
    interviews = [r for r in catalog.records_of("interview") if _in_period(r.day("date"), year)]
    return {
        "as_of": today.isoformat(),
        "period": str(year) if year else "all",
        "monitored": len(entries),
        "open_items": open_items,
        "response_times": response_times,
        "response_days": {
            "answered": len(days),
            "median": median(days) if days else None,
            "mean": round(mean(days), 1) if days else None,
            "max": max(days) if days else None,
        },
        "per_month": {k: _counts(v) for k, v in sorted(per_month.items())},
        "per_country": {k: _counts(v) for k, v in sorted(per_country.items())},
        "visits": {
            "count": len(visits),
            "reporters": sum(r.number("reporters") or 0 for r in visits),
            "border_area": sum(r.fields.get("border_area") is True for r in visits),
            "per_country": dict(sorted(Counter(_country(r) for r in visits).items())),
        },
        "interviews": {
            "count": len(interviews),
            "per_status": dict(sorted(Counter(str(r.fields.get("interview_status", "")) for r in interviews).items())),
        },
    }


def _entry(r: Record) -> dict[str, Any]:
    return {"id": r.id, "outlet": str(r.fields.get("outlet", "")), "country": _country(r),
            "date": r.day("date").isoformat(), "assessment": str(r.fields.get("assessment", ""))}


def _country(r: Record) -> str:
    country = r.fields.get("country")
    return country if isinstance(country, str) and country else UNKNOWN_COUNTRY


def _counts(counter: Counter) -> dict[str, int]:
    return {key: counter[key] for key in ("total", *ASSESSMENTS)}


def render_json(report: dict[str, Any]) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def render_text(report: dict[str, Any]) -> str:
    period = "toàn bộ / all" if report["period"] == "all" else f"năm / year {report['period']}"
    out = [
        f"Báo cáo theo dõi báo chí / Press-monitoring report — {period}, đến ngày / as of {report['as_of']}",
        f"Số bài đã theo dõi / Reports monitored: {report['monitored']}",
        "",
        f"Bài sai lệch chưa trả lời / Open items (inaccurate or hostile, not answered): {len(report['open_items'])}",
    ]
    for item in report["open_items"]:
        out.append(f"  - {item['id']}: {item['outlet']} ({item['country']}), {item['date']}, {item['assessment']}, "
                   f"{item['response_status']} — {item['days_open']} ngày / days")
    rd = report["response_days"]
    out += ["", f"Thời gian trả lời / Response times (report date → clarification issued): {rd['answered']} "
                f"đã trả lời / answered; trung vị / median {_n(rd['median'])}, trung bình / mean {_n(rd['mean'])}, "
                f"lâu nhất / longest {_n(rd['max'])} ngày / days"]
    for item in report["response_times"]:
        out.append(f"  - {item['id']}: {item['date']} → {item['clarification']} {item['issued']}: "
                   f"{item['days']} ngày / days")
    header = f"{'':10} {'tổng/total':>10} {'accurate':>9} {'inaccurate':>11} {'hostile':>8}"
    for title, table in (("Theo tháng / Per month", report["per_month"]),
                         ("Theo quốc gia của cơ quan báo chí / Per outlet country", report["per_country"])):
        out += ["", title, header]
        out += [f"{key:10} {c['total']:>10} {c['accurate']:>9} {c['inaccurate']:>11} {c['hostile']:>8}"
                for key, c in table.items()]
    v, i = report["visits"], report["interviews"]
    out += ["", f"Phóng viên nước ngoài đến làm việc / Foreign reporter visits: {v['count']} "
                f"({v['reporters']} phóng viên / reporters; {v['border_area']} ở khu vực biên giới / in border areas)"
                + "".join(f"; {k}: {n}" for k, n in v["per_country"].items()),
            f"Phỏng vấn / Interviews: {i['count']}" + "".join(f"; {k}: {n}" for k, n in i["per_status"].items())]
    return "\n".join(out) + "\n"


def _n(value: Any) -> str:
    return "—" if value is None else f"{value:g}"
