"""The service schedule as iCalendar (weekly recurrence rules) and as CSV.

Each slot is one recurring event (``RRULE:FREQ=WEEKLY;BYDAY=...;UNTIL=...``) in the
school's local (floating) time, from its first day in effect to its last (the school
year's ends when it has none). Days without school and cancelled or moved occurrences
are ``EXDATE``s; a moved occurrence is its own event on its new day. Students appear by
id, never by name: a phone's calendar is no place for student names.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, Event

from caseterm.model.calendar import SchoolDays
from caseterm.model.schedule import DAY_NAMES, Schedule, Slot
from caseterm.reports.csvout import Cell, csv_text

PRODID = "-//caseterm//service schedule//EN"
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
CSV_HEADER = (
    "slot",
    "days",
    "start",
    "end",
    "minutes",
    "service",
    "provider",
    "location",
    "setting",
    "students",
    "group_size",
    "from",
    "to",
)


def _summary(slot: Slot) -> str:
    group = f" (group of {len(slot.students)})" if slot.group else ""
    return f"{slot.service}: {', '.join(slot.students)}{group}"


def _description(slot: Slot) -> str:
    parts = [f"{slot.setting}", f"provider: {slot.provider}" if slot.provider else ""]
    return "; ".join(p for p in (*parts, slot.note) if p)


def _event(slot: Slot, day: date, start: time, end: time, uid: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("dtstart", datetime.combine(day, start))
    event.add("dtend", datetime.combine(day, end))
    event.add("summary", _summary(slot))
    if slot.location:
        event.add("location", slot.location)
    event.add("description", _description(slot))
    event.add("categories", ["caseterm", "service"])
    return event


def _recurring(
    slot: Slot,
    schedule: Schedule,
    days: SchoolDays,
    year: tuple[date, date],
    stamp: datetime,
) -> Iterator[Event]:
    first = slot.first or year[0]
    last = slot.last or year[1]
    day = first
    while day.weekday() not in slot.days and day <= last:
        day += timedelta(days=1)
    if day > last:
        return
    event = _event(slot, day, slot.start, slot.end, f"slot-{slot.id}@caseterm", stamp)
    until = datetime.combine(last, time(23, 59, 59))
    event.add("rrule", {"freq": "weekly", "byday": [BYDAY[d] for d in slot.days], "until": until})
    skipped: list[datetime] = []
    changed = {e.date: e for e in schedule.exceptions if e.slot == slot.id}
    moved: list[Event] = []
    current = day
    while current <= last:
        if current.weekday() in slot.days:
            exception = changed.get(current)
            if not days.is_school_day(current) or exception is not None:
                skipped.append(datetime.combine(current, slot.start))
            if (
                exception is not None
                and exception.action == "moved"
                and days.is_school_day(current)
            ):
                target = exception.moved_to or current
                start = exception.start or slot.start
                length = timedelta(minutes=slot.minutes)
                end = exception.end or (datetime.combine(target, start) + length).time()
                uid = f"slot-{slot.id}-{exception.id}@caseterm"
                moved.append(_event(slot, target, start, end, uid, stamp))
        current += timedelta(days=1)
    for stamp_day in skipped:
        event.add("exdate", stamp_day)
    yield event
    yield from moved


def ics(
    schedule: Schedule,
    slots: Sequence[Slot],
    days: SchoolDays,
    year: tuple[date, date],
    name: str = "",
    now: datetime | None = None,
) -> bytes:
    """The iCalendar file of ``slots`` over the school ``year`` (first and last day)."""
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"caseterm schedule: {name}" if name else "caseterm schedule")
    for slot in slots:
        for event in _recurring(slot, schedule, days, year, stamp):
            cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


def csv_rows(slots: Sequence[Slot]) -> Iterator[Sequence[Cell]]:
    """One row per slot: when, what, who and where (for the front office)."""
    for s in slots:
        yield (
            s.id,
            " ".join(DAY_NAMES[d] for d in s.days),
            s.start.strftime("%H:%M"),
            s.end.strftime("%H:%M"),
            s.minutes,
            s.service,
            s.provider,
            s.location,
            s.setting,
            " ".join(s.students),
            len(s.students) if s.group else None,
            s.first,
            s.last,
        )


def schedule_csv(slots: Sequence[Slot]) -> str:
    """The CSV text of ``slots`` (with a byte-order mark, as the other exports)."""
    return csv_text(CSV_HEADER, csv_rows(slots), bom=True)
