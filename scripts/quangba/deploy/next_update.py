"""The next moment the built output changes by itself, with no commit: an embargo lifts, an
event ends (it moves from upcoming to past), an agency's validity ends or begins. The build
prints it in its summary; ``quangba next-update`` prints it for a timer or a CI schedule to
rebuild and publish then (an hourly rebuild stays the fallback).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone

from ..catalog.model import VIETNAM, Catalog

REASONS = {  # kind -> (vi, en)
    "embargo": ("hết hạn cấm công bố", "embargo lifts"),
    "event-end": ("sự kiện kết thúc", "event ends"),
    "agency-valid-to": ("cơ quan hết hiệu lực", "agency's validity ends"),
    "agency-valid-from": ("cơ quan bắt đầu hiệu lực", "agency's validity begins"),
}


@dataclass(frozen=True)
class Change:
    at: datetime
    kind: str  # a key of REASONS
    id: str  # the record's "kind/id", or the agency's id


def upcoming_changes(catalog: Catalog, now: datetime) -> list[Change]:
    """Every moment after ``now`` at which the output will change by itself, soonest first."""
    from ..site.parts import end_of

    changes = []
    for record in catalog.records.values():
        where = f"{record.kind}/{record.id}"
        if record.classification != "public" or record.status not in ("published", "retracted"):
            continue  # nothing of it is shown, at any moment
        if record.embargo_until is not None and record.embargo_until > now:
            changes.append(Change(record.embargo_until, "embargo", where))
        if record.kind == "event" and record.status == "published":
            end = end_of(record)
            if end is not None and end >= now:  # upcoming until the end has passed
                changes.append(Change(end + timedelta(seconds=1), "event-end", where))
    for agency in catalog.agencies.values():
        if agency.valid_to is not None:
            changes.append(Change(_start_of_day(agency.valid_to + timedelta(days=1)), "agency-valid-to", agency.id))
        if agency.valid_from is not None:
            changes.append(Change(_start_of_day(agency.valid_from), "agency-valid-from", agency.id))
    return sorted((c for c in changes if c.at > now), key=lambda c: (c.at, c.kind, c.id))


def next_update(catalog: Catalog, now: datetime) -> tuple[datetime | None, list[Change]]:
    """The soonest moment and everything that changes at it."""
    changes = upcoming_changes(catalog, now)
    if not changes:
        return None, []
    first = changes[0].at
    return first, [c for c in changes if c.at == first]


def _start_of_day(day) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=VIETNAM)


def systemd_calendar(moment: datetime) -> str:
    """``moment`` as systemd's OnCalendar= reads it."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")


def as_json(moment: datetime | None, changes: list[Change]) -> str:
    data = {
        "next": moment.isoformat(timespec="seconds") if moment else None,
        "next_utc": moment.astimezone(timezone.utc).isoformat(timespec="seconds") if moment else None,
        "systemd": systemd_calendar(moment) if moment else None,
        "changes": [{"at": c.at.isoformat(timespec="seconds"), "kind": c.kind, "id": c.id} for c in changes],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def as_text(moment: datetime | None, changes: list[Change]) -> str:
    if moment is None:
        return ("Lần thay đổi tự động tiếp theo: không có (không còn lệnh cấm công bố, sự kiện hay hạn cơ quan nào phía trước). / "
                "Next automatic change: none (no embargo, event or agency deadline ahead).")
    what_vi = ", ".join(f"{REASONS[c.kind][0]}: {c.id}" for c in changes)
    what_en = ", ".join(f"{REASONS[c.kind][1]}: {c.id}" for c in changes)
    stamp = moment.isoformat(timespec="seconds")
    return f"Lần thay đổi tự động tiếp theo / next automatic change: {stamp} ({what_vi} / {what_en})"
