"""Attendance: the days a student was absent (``attendance.toml``)."""

from __future__ import annotations

from datetime import date, timedelta

from caseterm.model.calendar import SchoolDays
from caseterm.model.records import Student

ONE_DAY = timedelta(days=1)


def absence_dates(student: Student) -> tuple[date, ...]:
    """Every day the student was absent, each day of a run (school days or not), sorted."""
    days: set[date] = set()
    for absence in student.absences:
        day = absence.date
        while day <= (absence.to or absence.date):
            days.add(day)
            day += ONE_DAY
    return tuple(sorted(days))


def absent_school_days(student: Student, first: date, last: date, days: SchoolDays) -> list[date]:
    """The school days from ``first`` to ``last`` the student was absent."""
    return [d for d in absence_dates(student) if first <= d <= last and days.is_school_day(d)]


def absent_unlogged(
    student: Student, service: str, first: date, last: date, days: SchoolDays
) -> list[date]:
    """School days from ``first`` to ``last`` the student was absent and no session of
    ``service`` was logged (whatever its status): the minutes view names them, so a
    missing log on an absent day is told apart from a missed session."""
    logged = {s.date for s in student.sessions if s.service == service}
    return [d for d in absent_school_days(student, first, last, days) if d not in logged]
