"""Records for model tests: a 2026-27 school calendar, settings and students, no files."""

from __future__ import annotations

from datetime import date
from typing import Any

from msgspec.structs import replace

from caseterm.model.calendar import SchoolDays, school_days
from caseterm.model.compliance import Clock
from caseterm.model.records import (
    Closure,
    Plan,
    PlanDates,
    Profile,
    ReportingPeriod,
    SchoolYearCalendar,
    Settings,
    Student,
)
from caseterm.model.rules import FEDERAL, RuleProfile
from caseterm.model.vocab import PlanType

TODAY = date(2026, 11, 25)

CALENDAR = SchoolYearCalendar(
    name="Lincoln USD 2026-27",
    first_day=date(2026, 8, 17),
    last_day=date(2027, 6, 4),
    closures=(
        Closure(date(2026, 9, 7), date(2026, 9, 7), "Labor Day"),
        Closure(date(2026, 11, 25), date(2026, 11, 27), "Thanksgiving break"),
        Closure(date(2026, 12, 21), date(2027, 1, 1), "Winter break"),
        Closure(date(2027, 1, 18), date(2027, 1, 18), "MLK Day"),
        Closure(date(2027, 2, 15), date(2027, 2, 15), "Presidents' Day"),
        Closure(date(2027, 3, 22), date(2027, 3, 26), "Spring break"),
        Closure(date(2027, 5, 31), date(2027, 5, 31), "Memorial Day"),
    ),
)
"""Mon-Fri, Aug 17 to Jun 4, with the usual US holidays and breaks."""

PERIODS = (
    ReportingPeriod("Q1", date(2026, 8, 17), date(2026, 10, 23), date(2026, 10, 30)),
    ReportingPeriod("Q2", date(2026, 10, 26), date(2027, 1, 15), date(2027, 1, 22)),
    ReportingPeriod("Q3", date(2027, 1, 19), date(2027, 3, 19), date(2027, 3, 26)),
    ReportingPeriod("Q4", date(2027, 3, 29), date(2027, 6, 4), date(2027, 6, 11)),
)

SETTINGS = Settings(
    name="Room 114",
    school_year_start=date(2026, 8, 17),
    school_year_end=date(2027, 6, 4),
    reporting_periods=PERIODS,
)


def days(*calendars: SchoolYearCalendar) -> SchoolDays:
    """The school-day index of ``calendars`` (default: the 2026-27 calendar)."""
    return school_days(calendars or (CALENDAR,))


def clock(
    rules: RuleProfile = FEDERAL, today: date = TODAY, settings: Settings = SETTINGS
) -> Clock:
    return Clock(settings, rules, days(), today)


def student(
    student_id: str = "ava-m",
    plan_type: PlanType = "IEP",
    birth: date | None = date(2016, 3, 14),
    **plan: Any,
) -> Student:
    """A student whose plan has the given ``PlanDates`` fields and ``Plan`` fields."""
    date_keys = set(PlanDates.__struct_fields__)
    dates = PlanDates(**{k: v for k, v in plan.items() if k in date_keys})
    rest = {k: v for k, v in plan.items() if k not in date_keys}
    return Student(
        id=student_id,
        profile=Profile(first_name="Test", last_name="", birth_date=birth, plan_type=plan_type),
        plan=replace(Plan(dates=dates), **rest),
    )
