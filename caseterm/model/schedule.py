"""The week's service schedule (``schedule.toml``): records, decoding, recurrence, checks.

A *slot* recurs on some weekdays between its ``from`` and ``to`` dates; it meets on each
school day of the calendar (closures skip it); an *exception* cancels or moves one
occurrence. A slot with several students is a group. Pure: "today" is a parameter.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from msgspec import Struct

from caseterm.model import vocab
from caseterm.model.calendar import SchoolDays
from caseterm.model.decode import KeyPath, KeyProblem, Reader, _records, _unique_ids
from caseterm.model.fields import MAX_ITEMS
from caseterm.model.records import NO_SOURCE, Prescription, Session, Source, Student

MAX_SLOTS = 2000
"""Slots (and exceptions) one schedule may hold; the rest is reported and not read."""
DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


class SchoolDay(Struct, frozen=True, gc=False):
    """When the school day starts and ends (``[school_day]``)."""

    start: dt.time
    end: dt.time


class Provider(Struct, frozen=True, gc=False):
    """A provider who serves the caseload and the weekdays they work here."""

    name: str
    role: str = ""
    days: tuple[int, ...] = (0, 1, 2, 3, 4)
    note: str = ""
    source: Source = NO_SOURCE


class Slot(Struct, frozen=True, gc=False):
    """A recurring session: weekdays, times, provider, place, service and students."""

    id: str
    service: str
    students: tuple[str, ...]
    days: tuple[int, ...]
    start: dt.time
    end: dt.time
    provider: str = ""
    location: str = ""
    setting: vocab.SlotSetting = "pull-out"
    first: dt.date | None = None
    """``from``: the first day the slot is in effect (None: always)."""
    last: dt.date | None = None
    """``to``: the last day the slot is in effect (None: open)."""
    note: str = ""
    source: Source = NO_SOURCE
    weeks: tuple[int, ...] = ()
    """The weeks of the month it meets (1 = the first of its weekday in the month ... 5);
    empty: every week. A 60 min/month service: a 30-minute slot in weeks [1, 3]."""

    @property
    def minutes(self) -> int:
        return _minutes(self.start, self.end)

    def meets_in_week_of_month(self, day: dt.date) -> bool:
        return not self.weeks or (day.day - 1) // 7 + 1 in self.weeks

    @property
    def group(self) -> bool:
        return len(self.students) > 1

    def in_effect(self, day: dt.date) -> bool:
        return (self.first is None or self.first <= day) and (self.last is None or day <= self.last)


class SlotException(Struct, frozen=True, gc=False):
    """One occurrence of a slot cancelled, or moved to another day and/or time."""

    id: str
    slot: str
    date: dt.date
    action: vocab.ExceptionAction = "cancelled"
    moved_to: dt.date | None = None
    start: dt.time | None = None
    end: dt.time | None = None
    note: str = ""
    source: Source = NO_SOURCE


class Schedule(Struct, frozen=True, gc=False):
    """The caseload's schedule (empty when there is no ``schedule.toml``)."""

    school_day: SchoolDay | None = None
    providers: tuple[Provider, ...] = ()
    slots: tuple[Slot, ...] = ()
    exceptions: tuple[SlotException, ...] = ()

    def slot(self, slot_id: str) -> Slot | None:
        return next((s for s in self.slots if s.id == slot_id), None)

    def provider(self, name: str) -> Provider | None:
        return next((p for p in self.providers if p.name == name), None)


EMPTY = Schedule()


def _minutes(start: dt.time, end: dt.time) -> int:
    return max(0, (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute))


# --- decoding ------------------------------------------------------------------------


def _weekdays(r: Reader, key: str, required: bool) -> tuple[int, ...] | None:
    if key not in r.data:
        if required:
            r.problems.append(KeyProblem(r.path, f"missing required key '{key}'"))
            r.failed = True
        return None
    names = r.texts(key, vocab.WEEKDAYS)
    if not names:
        if required:
            r.problems.append(
                KeyProblem((*r.path, key), f'{key}: name at least one weekday, e.g. ["mon", "wed"]')
            )
            r.failed = True
        return None
    return tuple(sorted({vocab.WEEKDAYS.index(n) for n in names}))


def _students(r: Reader) -> tuple[str, ...]:
    r._seen.add("students")
    value = r.data.get("students")
    if value is None:
        r.problems.append(KeyProblem(r.path, "missing required key 'students'"))
        r.failed = True
        return ()
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) and vocab.STUDENT_ID.fullmatch(v) for v in value)
    ):
        r.problems.append(
            KeyProblem(
                (*r.path, "students"),
                'students: a list of one or more student ids, e.g. ["ava-m", "ben-k"]',
            )
        )
        r.failed = True
        return ()
    if len(value) > MAX_ITEMS:
        r.problems.append(
            KeyProblem(
                (*r.path, "students"), f"students: {len(value)} items; keep it to {MAX_ITEMS}"
            )
        )
        r.failed = True
        return ()
    return tuple(dict.fromkeys(value))


def _weeks(r: Reader) -> tuple[int, ...]:
    r._seen.add("weeks")
    value = r.data.get("weeks")
    if value is None:
        return ()
    if (
        not isinstance(value, list)
        or len(value) > 5
        or not all(type(v) is int and 1 <= v <= 5 for v in value)
    ):
        r.problems.append(
            KeyProblem(
                (*r.path, "weeks"),
                "weeks: weeks of the month from 1 to 5, e.g. [1, 3] (the 1st and 3rd "
                "of the slot's weekdays in each month)",
            )
        )
        return ()
    return tuple(sorted(set(value)))


def _time_required(r: Reader, key: str) -> dt.time:
    value = r.time(key)
    if value is None:
        if key not in r.data:
            r.problems.append(KeyProblem(r.path, f"missing required key '{key}'"))
        r.failed = True
        return dt.time(0)
    return value


def decode_schedule(data: Mapping[str, Any], file: str) -> tuple[Schedule, list[KeyProblem]]:
    """``schedule.toml``: the school day, providers, recurring slots and exceptions."""
    problems: list[KeyProblem] = []
    root = Reader(data, (), problems)
    school_day = None
    day = root.table("school_day")
    if day is not None:
        start, end = day.time("start"), day.time("end")
        day.unknown_keys()
        if start is not None and end is not None:
            if end <= start:
                problems.append(KeyProblem(("school_day", "end"), "end: must be after start"))
            else:
                school_day = SchoolDay(start, end)

    def provider(r: Reader) -> Provider:
        return Provider(
            name=r.text("name", required=True),
            role=r.text("role"),
            days=_weekdays(r, "days", False) or (0, 1, 2, 3, 4),
            note=r.text("note"),
            source=Source(file, "provider", int(r.path[-1])),
        )

    def slot(r: Reader) -> Slot:
        s = Slot(
            id=r.slug("id", required=True),
            service=r.slug("service", required=True),
            students=_students(r),
            days=_weekdays(r, "days", True) or (),
            start=_time_required(r, "start"),
            end=_time_required(r, "end"),
            provider=r.text("provider"),
            location=r.text("location"),
            setting=r.choice("setting", vocab.SLOT_SETTINGS, "pull-out"),
            first=r.date("from"),
            last=r.date("to"),
            note=r.text("note"),
            source=Source(file, "slot", int(r.path[-1])),
            weeks=_weeks(r),
        )
        if not r.failed and s.end <= s.start:
            r._report("end", "end: must be after start")
            r.failed = True
        if s.first is not None and s.last is not None and s.last < s.first:
            r._report("to", "to: must be on or after from")
        return s

    def exception(r: Reader) -> SlotException:
        e = SlotException(
            id=r.slug("id", required=True),
            slot=r.slug("slot", required=True),
            date=r.required_date("date"),
            action=r.choice("action", vocab.EXCEPTION_ACTIONS, "cancelled"),
            moved_to=r.date("moved_to"),
            start=r.time("start"),
            end=r.time("end"),
            note=r.text("note"),
            source=Source(file, "exception", int(r.path[-1])),
        )
        if e.action == "moved" and e.moved_to is None and e.start is None:
            r._report("action", "a moved occurrence needs moved_to = DATE and/or start = TIME")
        if e.start is not None and e.end is not None and e.end <= e.start:
            r._report("end", "end: must be after start")
        return e

    providers = _records(root.tables("provider", MAX_ITEMS), provider)
    seen: set[str] = set()
    for p in providers:
        if p.name in seen:
            problems.append(
                KeyProblem(("provider", p.source.index, "name"), f"duplicate provider '{p.name}'")
            )
        seen.add(p.name)
    slots = _records(root.tables("slot", MAX_SLOTS), slot)
    _unique_ids(slots, problems)
    exceptions = _records(root.tables("exception", MAX_SLOTS), exception)
    _unique_ids(exceptions, problems)
    ids = {s.id for s in slots}
    for e in exceptions:
        if e.slot not in ids:
            problems.append(
                KeyProblem(
                    ("exception", e.source.index, "slot"), f"slot '{e.slot}' names no slot here"
                )
            )
    root.unknown_keys()
    return Schedule(school_day, providers, slots, exceptions), problems


# --- recurrence ----------------------------------------------------------------------


class Occurrence(Struct, frozen=True, gc=False):
    """One meeting of a slot on a day (after closures and exceptions)."""

    slot: Slot
    date: dt.date
    start: dt.time
    end: dt.time
    moved_from: dt.date | None = None

    @property
    def minutes(self) -> int:
        return _minutes(self.start, self.end)


def _meets(slot: Slot, day: dt.date, days: SchoolDays) -> bool:
    return (
        day.weekday() in slot.days
        and slot.meets_in_week_of_month(day)
        and slot.in_effect(day)
        and days.is_school_day(day)
    )


def occurrences(
    schedule: Schedule, days: SchoolDays, first: dt.date, last: dt.date
) -> list[Occurrence]:
    """Every occurrence from ``first`` to ``last``: a slot meets on its weekdays while in
    effect, on school days only; a cancelled occurrence is dropped, a moved one appears
    on its new day and time (even from a day outside the range)."""
    if last < first:
        return []
    changed = {(e.slot, e.date): e for e in schedule.exceptions}
    found: list[Occurrence] = []
    span = (last - first).days + 1
    for slot in schedule.slots:
        for n in range(span):
            day = first + dt.timedelta(days=n)
            if (slot.id, day) not in changed and _meets(slot, day, days):
                found.append(Occurrence(slot, day, slot.start, slot.end))
    for e in schedule.exceptions:
        moved = schedule.slot(e.slot)
        if e.action != "moved" or moved is None or not _meets(moved, e.date, days):
            continue
        target = e.moved_to or e.date
        if first <= target <= last:
            start = e.start or moved.start
            end = e.end or (moved.end if e.start is None else _add_minutes(start, moved.minutes))
            found.append(Occurrence(moved, target, start, end, moved_from=e.date))
    found.sort(key=lambda o: (o.date, o.start, o.slot.provider, o.slot.id))
    return found


def _add_minutes(start: dt.time, minutes: int) -> dt.time:
    total = min(start.hour * 60 + start.minute + minutes, 23 * 60 + 59)
    return dt.time(total // 60, total % 60)


# --- checks --------------------------------------------------------------------------


class Finding(Struct, frozen=True, gc=False):
    """One thing wrong with the schedule; ``path`` is where in ``schedule.toml``."""

    code: str
    message: str
    path: KeyPath = ()
    student: str = ""
    service: str = ""
    scheduled: int | None = None
    required: int | None = None


FINDING_CODES: dict[str, str] = {
    "short": "scheduled minutes fall short of the prescription",
    "over": "scheduled minutes exceed the prescription",
    "student-double-booked": "a student is in two slots at once",
    "provider-double-booked": "a provider is in two slots at once",
    "provider-day": "a slot falls on a day its provider does not work here",
    "unknown-provider": "a slot names a provider not in the provider list",
    "school-day": "a slot falls outside the school day or the school week",
    "ended-service": "a slot for a service that has ended",
    "unprescribed": "a slot for a service the student is not prescribed",
    "unknown-student": "a slot names a student not in the caseload",
    "exception-date": "an exception names a day the slot does not meet",
}


def _days_text(days: Iterable[int]) -> str:
    return ", ".join(DAY_NAMES[d] for d in days)


def _span(slot: Slot) -> str:
    return f"{slot.start:%H:%M}-{slot.end:%H:%M}"


WEEKS_IN_A_MONTH = 4
"""A weekly slot counts four times a month (every month has at least four of each
weekday); a slot with ``weeks`` counts once per week it names."""


def _slot_minutes(slot: Slot, week: frozenset[int], per: str) -> int:
    meetings = len(set(slot.days) & week)
    if per == "month":
        return slot.minutes * meetings * (len(slot.weeks) or WEEKS_IN_A_MONTH)
    if slot.weeks:
        return 0
    return slot.minutes * meetings


def scheduled_minutes(
    schedule: Schedule, student: str, service: str, day: dt.date, week: frozenset[int], per: str
) -> int:
    """Minutes of ``service`` scheduled for ``student`` per ``per`` (week or month) in the
    regular pattern of the slots in effect on ``day``: each slot counts once per school
    weekday (``week``) it names, and for a month four times (or once per week of the
    month it names). Slots that meet only some weeks of the month do not count per week."""
    return sum(
        _slot_minutes(s, week, per)
        for s in schedule.slots
        if s.service == service and student in s.students and s.in_effect(day)
    )


def _in_force(
    prescriptions: Sequence[Prescription], service: str, day: dt.date
) -> Prescription | None:
    from caseterm.model.minutes import in_effect

    return in_effect([p for p in prescriptions if not p.esy], service, day)


def check_schedule(
    schedule: Schedule, students: Sequence[Student], days: SchoolDays, today: dt.date
) -> list[Finding]:
    """Every finding about the schedule as of ``today`` (see ``FINDING_CODES``)."""
    found: list[Finding] = []
    found += _minutes_findings(schedule, students, days, today)
    found += _double_bookings(schedule)
    found += _slot_findings(schedule, students, days, today)
    return found


def _minutes_findings(
    schedule: Schedule, students: Sequence[Student], days: SchoolDays, today: dt.date
) -> Iterator[Finding]:
    week = frozenset(d for d in range(7) if _school_weekday(days, today, d))
    for student in students:
        services = dict.fromkeys(p.service for p in student.plan.services if not p.esy)
        for service in services:
            p = _in_force(student.plan.services, service, today)
            if p is None:
                continue
            scheduled = scheduled_minutes(schedule, student.id, service, today, week, p.per)
            unit = f"a {p.per}"
            if scheduled == p.minutes:
                continue
            code = "short" if scheduled < p.minutes else "over"
            word = "short of" if code == "short" else "over"
            yield Finding(
                code,
                f"{student.id}: {service} scheduled {scheduled} min {unit}, {word} the "
                f"{p.minutes} min/{p.per} prescribed",
                _first_slot_path(schedule, student.id, service),
                student.id,
                service,
                scheduled,
                p.minutes,
            )


def _school_weekday(days: SchoolDays, today: dt.date, weekday: int) -> bool:
    """Whether ``weekday`` is a school weekday of the calendar around ``today``."""
    monday = today - dt.timedelta(days=today.weekday())
    for week in range(-8, 9):
        if days.is_school_day(monday + dt.timedelta(days=weekday + 7 * week)):
            return True
    return False


def _first_slot_path(schedule: Schedule, student: str, service: str) -> KeyPath:
    for s in schedule.slots:
        if s.service == service and student in s.students:
            return ("slot", s.source.index)
    return ()


def _overlap(a: Slot, b: Slot) -> bool:
    if not set(a.days) & set(b.days):
        return False
    if not (a.start < b.end and b.start < a.end):
        return False
    a_first, b_first = a.first or dt.date.min, b.first or dt.date.min
    a_last, b_last = a.last or dt.date.max, b.last or dt.date.max
    return a_first <= b_last and b_first <= a_last


def _double_bookings(schedule: Schedule) -> Iterator[Finding]:
    slots = schedule.slots
    for i, a in enumerate(slots):
        for b in slots[i + 1 :]:
            if not _overlap(a, b):
                continue
            when = f"{_days_text(sorted(set(a.days) & set(b.days)))} {_span(a)} and {_span(b)}"
            if "consult" not in (a.setting, b.setting):
                for student in sorted(set(a.students) & set(b.students)):
                    yield Finding(
                        "student-double-booked",
                        f"{student}: in slots {a.id} and {b.id} at once ({when})",
                        ("slot", b.source.index),
                        student,
                    )
            if a.provider and a.provider == b.provider:
                yield Finding(
                    "provider-double-booked",
                    f"{a.provider}: in slots {a.id} and {b.id} at once ({when})",
                    ("slot", b.source.index),
                )


def _slot_findings(
    schedule: Schedule, students: Sequence[Student], days: SchoolDays, today: dt.date
) -> Iterator[Finding]:
    by_id = {s.id: s for s in students}
    week = frozenset(d for d in range(7) if _school_weekday(days, today, d))
    for slot in schedule.slots:
        path: KeyPath = ("slot", slot.source.index)
        provider = schedule.provider(slot.provider) if slot.provider else None
        if slot.provider and schedule.providers and provider is None:
            yield Finding(
                "unknown-provider",
                f"slot {slot.id}: provider '{slot.provider}' is not in the [[provider]] list",
                (*path, "provider"),
            )
        if provider is not None:
            off = [d for d in slot.days if d not in provider.days]
            if off:
                yield Finding(
                    "provider-day",
                    f"slot {slot.id}: {provider.name} does not work here on {_days_text(off)}",
                    (*path, "days"),
                )
        closed = [d for d in slot.days if d not in week]
        if closed:
            yield Finding(
                "school-day",
                f"slot {slot.id}: {_days_text(closed)} is not a school weekday",
                (*path, "days"),
            )
        day = schedule.school_day
        if day is not None and (slot.start < day.start or slot.end > day.end):
            yield Finding(
                "school-day",
                f"slot {slot.id}: {_span(slot)} is outside the school day "
                f"({day.start:%H:%M}-{day.end:%H:%M})",
                (*path, "start"),
            )
        if slot.last is not None and slot.last < today:
            continue
        for student_id in slot.students:
            student = by_id.get(student_id)
            if student is None:
                yield Finding(
                    "unknown-student",
                    f"slot {slot.id}: no student '{student_id}' in this caseload",
                    (*path, "students"),
                    student_id,
                    slot.service,
                )
                continue
            own = [p for p in student.plan.services if p.service == slot.service and not p.esy]
            if not own:
                yield Finding(
                    "unprescribed",
                    f"slot {slot.id}: {student_id} has no {slot.service} service in the plan",
                    (*path, "service"),
                    student_id,
                    slot.service,
                )
                continue
            on = max(today, slot.first or today)
            if _in_force(own, slot.service, on) is None and all(
                p.end is not None and p.end < on for p in own
            ):
                ended = max(p.end or dt.date.min for p in own)
                yield Finding(
                    "ended-service",
                    f"slot {slot.id}: {student_id}'s {slot.service} service ended {ended}",
                    (*path, "students"),
                    student_id,
                    slot.service,
                )
    for e in schedule.exceptions:
        named = schedule.slot(e.slot)
        if named is not None and not _meets(named, e.date, days):
            yield Finding(
                "exception-date",
                f"exception {e.id}: slot {named.id} does not meet on {e.date} "
                f"({DAY_NAMES[e.date.weekday()]}, its days: {_days_text(named.days)})",
                ("exception", e.source.index, "date"),
            )


# --- the day's sessions and their logging status ---------------------------------------


class Attendee(Struct, frozen=True, gc=False):
    """One student of a scheduled session, and the session logged for it (if any)."""

    student: str
    session: Session | None = None

    @property
    def status(self) -> str:
        return "not logged" if self.session is None else self.session.status


class Scheduled(Struct, frozen=True, gc=False):
    """An occurrence with each student's logging status."""

    occurrence: Occurrence
    attendees: tuple[Attendee, ...] = ()

    @property
    def logged(self) -> bool:
        return all(a.session is not None for a in self.attendees)

    @property
    def missed(self) -> bool:
        return any(
            a.session is not None and a.session.status in vocab.MISSED_STATUSES
            for a in self.attendees
        )

    @property
    def status(self) -> str:
        done = sum(a.session is not None for a in self.attendees)
        if done == 0:
            return "not logged"
        if done < len(self.attendees):
            return f"{done} of {len(self.attendees)} logged"
        statuses = sorted({a.status for a in self.attendees})
        return ", ".join(statuses)


def scheduled_sessions(
    schedule: Schedule,
    sessions: Mapping[str, Sequence[Session]],
    days: SchoolDays,
    first: dt.date,
    last: dt.date,
) -> list[Scheduled]:
    """The occurrences from ``first`` to ``last``, each student's matched to a logged
    session of the same service on the same day (each session matches once, in order)."""
    used: set[tuple[str, str]] = set()
    out: list[Scheduled] = []
    for occ in occurrences(schedule, days, first, last):
        if occ.slot.setting == "consult" and not occ.slot.students:
            continue
        attendees = []
        for student in occ.slot.students:
            match = next(
                (
                    s
                    for s in sessions.get(student, ())
                    if s.date == occ.date
                    and s.service == occ.slot.service
                    and (student, s.id) not in used
                ),
                None,
            )
            if match is not None:
                used.add((student, match.id))
            attendees.append(Attendee(student, match))
        out.append(Scheduled(occ, tuple(attendees)))
    return out
