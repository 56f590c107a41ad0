"""The caseload's calendar: open deadlines and scheduled meetings by day, school closures,
and the weeks of a month.

Pure functions of the overview (``model.overview``), the school calendars and ``today``;
the TUI's calendar screen only formats what they return.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from caseterm.model import vocab
from caseterm.model.compliance import deadline_status
from caseterm.model.dates import add_months
from caseterm.model.records import SchoolYearCalendar
from caseterm.model.views.overview import StudentOverview

STATUS_ORDER = vocab.DEADLINE_STATUSES
"""Most pressing first."""


@dataclass(frozen=True, slots=True)
class AgendaItem:
    """One thing on one day for one student: an open deadline or a scheduled meeting."""

    day: date
    student: str
    """The student's id."""
    name: str
    """The student's name, as in the files."""
    kind: vocab.DeadlineKind
    """A deadline kind (``compliance.KINDS``), or ``meeting`` for a scheduled meeting."""
    label: str
    status: vocab.DeadlineStatus
    """overdue | due-soon | upcoming (a scheduled meeting whose date passed is overdue)."""
    days_left: int
    time: time | None = None
    detail: str = ""
    """For a meeting: its title and location; for a deadline: how it was reached."""
    rule: str = ""

    @property
    def is_meeting(self) -> bool:
        return self.kind == "meeting"


def _rank(item: AgendaItem) -> tuple[date, int, bool, time, str, str]:
    return (
        item.day,
        STATUS_ORDER.index(item.status),
        item.time is None,
        item.time or time(),
        item.name.casefold(),
        item.label,
    )


def agenda_items(
    students: Iterable[StudentOverview], today: date, due_soon_days: int
) -> list[AgendaItem]:
    """Every student's open deadlines and scheduled meetings, by day, then most pressing.

    A scheduled meeting appears once, as a meeting (with its time), not also as the
    "Scheduled meeting" deadline the compliance clock makes of it.
    """
    items: list[AgendaItem] = []
    for view in students:
        student = view.student
        for d in view.open_deadlines:
            if d.kind == "meeting":
                continue
            items.append(
                AgendaItem(
                    day=d.due,
                    student=student.id,
                    name=student.name,
                    kind=d.kind,
                    label=d.label,
                    status=d.status,
                    days_left=d.days_left,
                    detail=d.detail,
                    rule=d.rule,
                )
            )
        for m in student.meetings:
            if m.status != "scheduled":
                continue
            what = vocab.MEETING_KINDS.get(m.kind, m.kind)
            items.append(
                AgendaItem(
                    day=m.date,
                    student=student.id,
                    name=student.name,
                    kind="meeting",
                    label=f"Meeting: {what}",
                    status=deadline_status(m.date, today, due_soon_days),
                    days_left=(m.date - today).days,
                    time=m.time,
                    detail=" · ".join(t for t in (m.title, m.location) if t),
                )
            )
    return sorted(items, key=_rank)


def by_day(items: Iterable[AgendaItem]) -> dict[date, list[AgendaItem]]:
    """Items grouped by day (each day's items keep their order)."""
    days: dict[date, list[AgendaItem]] = {}
    for item in items:
        days.setdefault(item.day, []).append(item)
    return days


def between(items: Sequence[AgendaItem], first: date, last: date) -> list[AgendaItem]:
    """The items from ``first`` to ``last``, both included (``items`` sorted by day)."""
    return [item for item in items if first <= item.day <= last]


def worst_status(items: Iterable[AgendaItem]) -> vocab.DeadlineStatus | None:
    """The most pressing status among ``items`` (None when there are none)."""
    statuses = [item.status for item in items]
    return min(statuses, key=STATUS_ORDER.index, default=None)


def closures(calendars: Iterable[SchoolYearCalendar], first: date, last: date) -> dict[date, str]:
    """The days from ``first`` to ``last`` that a calendar closes, with the closure's name."""
    found: dict[date, str] = {}
    for calendar in calendars:
        for closure in calendar.closures:
            day = max(closure.start, first)
            while day <= min(closure.end, last):
                found.setdefault(day, closure.name)
                day += timedelta(days=1)
    return found


def month_weeks(day: date) -> list[tuple[date, ...]]:
    """The Monday-to-Sunday weeks that cover the month of ``day`` (4 to 6 weeks of 7 days;
    the first and last may hold days of the months around it)."""
    first = day.replace(day=1)
    last = add_months(first, 1) - timedelta(days=1)
    monday = first - timedelta(days=first.weekday())
    weeks: list[tuple[date, ...]] = []
    while monday <= last:
        weeks.append(tuple(monday + timedelta(days=n) for n in range(7)))
        monday += timedelta(days=7)
    return weeks
