"""The caseload's service minutes week by week: one row per student and service, one
column per week of a month or reporting period, and the whole period's reconciliation.

Every cell is ``minutes.reconcile`` over one week (clipped to the period); the total is
``reconcile`` over the whole period. A make-up counts in the week of the session it makes
up, even when it was logged in a later week or month.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from msgspec.structs import replace

from caseterm.model.calendar import SchoolDays
from caseterm.model.minutes import (
    Period,
    ServiceMinutes,
    in_effect,
    reconcile,
    services_in,
    sessions_for,
    week_of,
)
from caseterm.model.records import ReportingPeriod, Settings, Student


def weeks_in(period: Period) -> list[Period]:
    """The Monday-to-Sunday weeks of ``period``, clipped to it.

    A period that starts on a weekend (November 2026 starts on a Sunday) folds those days
    into its first week rather than giving them a column of their own.
    """
    weeks: list[Period] = []
    day = period.first
    while day <= period.last:
        end = min(week_of(day).last, period.last)
        weeks.append(Period(day, end))
        day = end + timedelta(days=1)
    if len(weeks) > 1 and weeks[0].first.weekday() >= 5:
        weeks[:2] = [Period(weeks[0].first, weeks[1].last)]
    return weeks


def is_short(m: ServiceMinutes) -> bool:
    """Fewer minutes delivered or excused than required so far (owed or unaccounted)."""
    return m.short


@dataclass(frozen=True, slots=True)
class Sums:
    """Minutes added up over several cells (a week's column, the whole grid)."""

    required: int = 0
    required_period: int = 0
    delivered: int = 0
    excused: int = 0
    owed: int = 0
    short: int = 0
    """How many of the cells added up are short."""

    def plus(self, m: ServiceMinutes, short: bool) -> Sums:
        """These sums with one more cell (``short``: whether that cell counts as short)."""
        return Sums(
            required=self.required + m.required,
            required_period=self.required_period + m.required_period,
            delivered=self.delivered + m.delivered,
            excused=self.excused + m.excused,
            owed=self.owed + m.owed,
            short=self.short + short,
        )

    @property
    def is_short(self) -> bool:
        return self.delivered + self.excused < self.required


def add_up(cells: Iterable[tuple[ServiceMinutes, bool]]) -> Sums:
    """The sums of ``cells``, each with whether it counts as short."""
    total = Sums()
    for m, short in cells:
        total = total.plus(m, short)
    return total


@dataclass(frozen=True, slots=True)
class GridRow:
    """One student's minutes of one service: per week, and over the whole period."""

    student: str
    name: str
    service: str
    weeks: tuple[ServiceMinutes, ...]
    total: ServiceMinutes
    monthly: bool
    """Prescribed per month throughout: its minutes may fall in any week, so a week is
    judged by the period so far, not on its own."""
    short_weeks: tuple[bool, ...]
    """Whether each week is short: on its own; for a monthly service, while the period is
    short, whether it was already short from its first day to the week's end."""
    short: bool
    """Whether the whole period is short so far."""


@dataclass(frozen=True, slots=True)
class MinuteGrid:
    """Every student's service minutes over ``period``, week by week, as of ``today``."""

    period: Period
    weeks: tuple[Period, ...]
    rows: tuple[GridRow, ...]
    today: date

    def week_sums(self) -> tuple[Sums, ...]:
        """Each week's column added up over every row."""
        return tuple(
            add_up((row.weeks[n], row.short_weeks[n]) for row in self.rows)
            for n in range(len(self.weeks))
        )

    def sums(self) -> Sums:
        """The whole period's minutes added up over every row."""
        return add_up((row.total, row.short) for row in self.rows)


def minute_grid(
    students: Sequence[Student],
    period: Period,
    settings: Settings,
    days: SchoolDays,
    today: date,
) -> MinuteGrid:
    """Each student's services over ``period`` (in ``students`` order, services in plan
    order), reconciled per week and over the whole period."""
    weeks = tuple(weeks_in(period))
    clock = (settings, days, today)
    rows: list[GridRow] = []
    for student in students:
        services = services_in(student, period)
        if not services:
            continue
        # reconcile only reads the period's sessions (and linked make-ups): narrow once.
        narrowed = replace(student, sessions=sessions_for(student.sessions, period))
        for service in services:
            cells = tuple(reconcile(narrowed, service, w, settings, days, today) for w in weeks)
            total = reconcile(narrowed, service, period, settings, days, today)
            monthly = _monthly(student, service, weeks)
            if monthly:
                short_weeks = tuple(
                    total.short
                    and m.through is not None
                    and reconcile(
                        narrowed, service, Period(period.first, m.period.last), *clock
                    ).short
                    for m in cells
                )
            else:
                short_weeks = tuple(m.short for m in cells)
            rows.append(
                GridRow(
                    student=student.id,
                    name=student.name,
                    service=service,
                    weeks=cells,
                    total=total,
                    monthly=monthly,
                    short_weeks=short_weeks,
                    short=total.short,
                )
            )
    return MinuteGrid(period=period, weeks=weeks, rows=tuple(rows), today=today)


def _monthly(student: Student, service: str, weeks: Iterable[Period]) -> bool:
    """Whether the service is prescribed per month at every week's start and end."""
    pers = {
        p.per
        for week in weeks
        for day in (week.first, week.last)
        if (p := in_effect(student.plan.services, service, day)) is not None
    }
    return pers == {"month"}


def reporting_period_at(periods: Sequence[ReportingPeriod], day: date) -> int | None:
    """The index of the reporting period holding ``day``; else of the next one to start;
    else of the last one (None when there are none). ``periods`` sorted by start."""
    if not periods:
        return None
    for index, period in enumerate(periods):
        if day <= period.end:
            return index
    return len(periods) - 1
