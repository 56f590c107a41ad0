"""Deadlines and scheduled meetings as an iCalendar (RFC 5545) file for a phone's calendar.

Open deadlines are all-day events; scheduled meetings are timed events (one hour, in
the school's local time) when they have a time, else all-day. Each event's UID comes from
the student, the kind and what it is about (a reporting period, a meeting's id), so
importing a newer file updates the events instead of adding copies.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from caseterm.model import vocab
from caseterm.model.compliance import Deadline
from caseterm.model.records import Student

PRODID = "-//caseterm//caseload deadlines//EN"
UID_DOMAIN = "caseterm"
MEETING_LENGTH = timedelta(hours=1)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")


def deadline_uid(item: Deadline) -> str:
    """``ava-m.annual-review@caseterm``, ``ava-m.progress-report.q2@caseterm``."""
    about = f".{_slug(item.about)}" if item.about else ""
    return f"{item.student}.{item.kind}{about}@{UID_DOMAIN}"


def meeting_uid(student: str, meeting_id: str) -> str:
    return f"{student}.meeting.{meeting_id}@{UID_DOMAIN}"


def _name(student: Student, use_ids: bool) -> str:
    return student.id if use_ids else student.name


def _deadline_event(item: Deadline, uid: str, who: str, today: date, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", f"{who}: {item.label} due")
    event.add("dtstart", item.due)
    event.add("dtend", item.due + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    lines = [
        f"{item.label} for {who}, due {item.due.isoformat()}.",
        f"Rule: {item.rule}",
    ]
    if item.earliest is not None:
        lines.append(f"Not before {item.earliest.isoformat()}.")
    if item.recommended is not None:
        lines.append(f"Recommended at the meeting of {item.recommended.isoformat()}.")
    if item.detail:
        lines.append(item.detail[:1].upper() + item.detail[1:] + ".")
    if item.estimated:
        lines.append("Estimated: counts school days past the known school calendars.")
    lines.append(f"Status on {today.isoformat()}: {item.status}. (caseterm due)")
    event.add("description", "\n".join(lines))
    event.add("categories", ["caseterm", item.kind])
    return event


def _meeting_events(
    student: Student, who: str, last: date | None, stamp: datetime
) -> Iterable[Event]:
    for meeting in student.meetings:
        if meeting.status != "scheduled" or (last is not None and meeting.date > last):
            continue
        kind = vocab.MEETING_KINDS.get(meeting.kind, meeting.kind)
        event = Event()
        event.add("uid", meeting_uid(student.id, meeting.id))
        event.add("dtstamp", stamp)
        title = f" - {meeting.title}" if meeting.title else ""
        event.add("summary", f"{who}: {kind}{title}")
        if meeting.time is not None:
            start = datetime.combine(meeting.date, meeting.time)
            event.add("dtstart", start)
            event.add("dtend", start + MEETING_LENGTH)
        else:
            event.add("dtstart", meeting.date)
            event.add("dtend", meeting.date + timedelta(days=1))
        if meeting.location:
            event.add("location", meeting.location)
        lines = [f"{kind.capitalize()} for {who} (scheduled in log.toml)."]
        if meeting.participants:
            lines.append("Participants: " + ", ".join(meeting.participants))
        event.add("description", "\n".join(lines))
        event.add("categories", ["caseterm", "meeting"])
        yield event


def calendar_text(
    students: Sequence[Student],
    deadlines: Iterable[Deadline],
    today: date,
    name: str = "",
    within: int | None = None,
    use_ids: bool = False,
    now: datetime | None = None,
) -> bytes:
    """The iCalendar file of the open deadlines and scheduled meetings of ``students``.

    ``within``: only items due within that many days of ``today`` (overdue ones too).
    ``use_ids``: name students by id rather than by name.
    """
    stamp = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    last = None if within is None else today + timedelta(days=within)
    by_id = {s.id: s for s in students}
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"caseterm: {name}" if name else "caseterm deadlines")
    seen: set[str] = set()
    for item in deadlines:
        student = by_id.get(item.student)
        if student is None or item.status == "done" or item.kind == "meeting":
            continue
        if last is not None and item.due > last:
            continue
        uid = deadline_uid(item)
        if uid in seen:
            uid = uid.replace("@", f".{item.due.isoformat()}@")
        seen.add(uid)
        cal.add_component(_deadline_event(item, uid, _name(student, use_ids), today, stamp))
    for student in students:
        for event in _meeting_events(student, _name(student, use_ids), last, stamp):
            cal.add_component(event)
    data: bytes = cal.to_ical()
    return data
