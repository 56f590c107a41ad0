"""The caseload at a glance, as of one day: what is due, goal status, minutes, fresh data.

One pure function computes everything the caseload screen, the student screen, the
calendar and the minute tracker show, so the faces only format it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from caseterm.model.behavior import goal_points
from caseterm.model.calendar import SchoolDays, caseload_school_days
from caseterm.model.compliance import Clock, Deadline, student_deadlines
from caseterm.model.minutes import Period, ServiceMinutes, month_of, student_minutes, week_of
from caseterm.model.progress import GoalProgress, student_progress
from caseterm.model.records import Caseload, Student
from caseterm.model.rules import RuleProfile
from caseterm.model.vocab import Decision

DECISION_ORDER: tuple[Decision, ...] = (
    "change-instruction",
    "insufficient-data",
    "continue",
    "raise-goal",
)
"""Worst first: what most needs the case manager's attention."""


@dataclass(frozen=True, slots=True)
class StudentOverview:
    """One student's deadlines, goal progress and this week's and month's minutes."""

    student: Student
    deadlines: tuple[Deadline, ...]
    progress: tuple[GoalProgress, ...]
    week: tuple[ServiceMinutes, ...]
    month: tuple[ServiceMinutes, ...]
    last_data: date | None

    @property
    def open_deadlines(self) -> tuple[Deadline, ...]:
        return tuple(d for d in self.deadlines if d.status != "done")

    @property
    def next_deadline(self) -> Deadline | None:
        """The most pressing open item: the oldest overdue one, else the soonest."""
        return min(self.open_deadlines, key=lambda d: d.due, default=None)

    @property
    def week_delivered(self) -> int:
        """Minutes delivered toward this week's requirements: extra minutes in one service
        never hide a shortfall in another."""
        return sum(min(m.delivered, m.required_period) for m in self.week)

    @property
    def week_required(self) -> int:
        return sum(m.required_period for m in self.week)

    @property
    def owed(self) -> int:
        return sum(m.owed for m in self.month)

    @property
    def worst_decision(self) -> Decision | None:
        decisions = [p.decision for p in self.progress]
        return min(decisions, key=DECISION_ORDER.index, default=None)

    def days_since_data(self, today: date) -> int | None:
        return None if self.last_data is None else (today - self.last_data).days


@dataclass(frozen=True, slots=True)
class Overview:
    """Every student's overview, and the periods and school days they were computed with."""

    today: date
    week: Period
    month: Period
    days: SchoolDays
    students: tuple[StudentOverview, ...]

    def student(self, student_id: str) -> StudentOverview | None:
        return next((s for s in self.students if s.student.id == student_id), None)

    @property
    def deadlines(self) -> list[Deadline]:
        items = [d for s in self.students for d in s.deadlines]
        return sorted(items, key=lambda d: (d.due, d.student, d.kind))


def student_overview(
    student: Student, clock: Clock, week: Period, month: Period
) -> StudentOverview:
    """The overview of one student."""
    settings, days, today = clock.settings, clock.days, clock.today
    past = [p.date for p in goal_points(student) if p.date <= today]
    return StudentOverview(
        student=student,
        deadlines=tuple(student_deadlines(student, clock)),
        progress=tuple(student_progress(student, settings, today)),
        week=tuple(student_minutes(student, week, settings, days, today)),
        month=tuple(student_minutes(student, month, settings, days, today)),
        last_data=max(past, default=None),
    )


def caseload_overview(
    caseload: Caseload, rules: RuleProfile, today: date, students: Sequence[Student] | None = None
) -> Overview:
    """The overview of every student (or of ``students``) as of ``today``."""
    days = caseload_school_days(caseload)
    clock = Clock(caseload.settings, rules, days, today)
    week, month = week_of(today), month_of(today)
    chosen = caseload.students if students is None else students
    return Overview(
        today=today,
        week=week,
        month=month,
        days=days,
        students=tuple(student_overview(s, clock, week, month) for s in chosen),
    )
