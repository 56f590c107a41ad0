"""Today and this week: the scheduled sessions with their logging status, the deadlines
that fall in the period, the observations due, and the school closures.

Pure: built from a caseload, its schedule, the rule profile and ``today``; ``caseterm
today``, ``caseterm week`` and the TUI's Today screen only format what it returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from caseterm.model.calendar import SchoolDays, caseload_school_days
from caseterm.model.compliance import Deadline, caseload_deadlines
from caseterm.model.records import Caseload, Student
from caseterm.model.rules import RuleProfile
from caseterm.model.schedule import Schedule, Scheduled, scheduled_sessions
from caseterm.model.views.agenda import closures


@dataclass(frozen=True, slots=True)
class ObservationDue:
    """A student with a behaviour plan (or an FBA under way) whose behaviour data is due."""

    student: str
    due: date
    last: date | None
    reason: str


@dataclass(frozen=True, slots=True)
class Period:
    """What a day or a week holds for the case manager and the providers."""

    first: date
    last: date
    today: date
    sessions: tuple[Scheduled, ...]
    deadlines: tuple[Deadline, ...]
    observations: tuple[ObservationDue, ...]
    closures: tuple[tuple[date, str], ...]


def week_of(day: date) -> tuple[date, date]:
    """Monday to Sunday of the week holding ``day``."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def observations_due(
    students: tuple[Student, ...], stale_days: int, last: date
) -> list[ObservationDue]:
    """Students with a BIP or an FBA under way whose last observation session is more than
    ``stale_days`` old by ``last`` (or who have none): an observation is due."""
    out: list[ObservationDue] = []
    for s in students:
        open_fba = any(f.status != "complete" for f in s.fbas)
        if not s.bips and not open_fba:
            continue
        seen = max((o.date for o in s.observations), default=None)
        plan = "BIP" if s.bips else "FBA under way"
        if seen is None:
            started = min([b.adopted for b in s.bips] + [f.started for f in s.fbas], default=last)
            due = min(started, last)
            out.append(ObservationDue(s.id, due, None, f"no observation session yet ({plan})"))
            continue
        due = seen + timedelta(days=stale_days)
        if due <= last:
            out.append(ObservationDue(s.id, due, seen, f"last observation session {seen} ({plan})"))
    return sorted(out, key=lambda o: (o.due, o.student))


def period(
    caseload: Caseload,
    schedule: Schedule,
    rules: RuleProfile,
    first: date,
    last: date,
    today: date,
    days: SchoolDays | None = None,
) -> Period:
    """The sessions, deadlines, observations and closures from ``first`` to ``last``."""
    index = days or caseload_school_days(caseload)
    sessions = {s.id: s.sessions for s in caseload.students}
    scheduled = scheduled_sessions(schedule, sessions, index, first, last)
    deadlines = [
        d
        for d in caseload_deadlines(caseload, rules, today, index)
        if d.status != "done" and first <= d.due <= last
    ]
    observations = observations_due(caseload.students, caseload.settings.stale_days, last)
    closed = closures(caseload.calendars, first, last)
    return Period(
        first,
        last,
        today,
        tuple(scheduled),
        tuple(deadlines),
        tuple(observations),
        tuple(sorted(closed.items())),
    )
