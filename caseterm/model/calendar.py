"""School days from the school calendars, indexed once for fast counting.

A day is a school day when a calendar covers it (first to last day), it falls on one of the
calendar's school weekdays and no closure includes it. Days between two known calendars
(summer) are not school days.

Past the known calendars the school year is assumed to repeat: each earlier or later year
has the nearest known calendar's first and last day moved by whole weeks to the same time
of year, its school weekdays, and no closures. Answers that depend on such days are
*estimated* (``SchoolDays.estimated``). Beyond ``PROJECTED_YEARS`` years, every school
weekday is assumed to be a school day. Without any calendar, the settings' school year is
used the same way, and every answer is estimated.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date, timedelta

from msgspec import Struct

from caseterm.model.dates import add_years
from caseterm.model.records import Caseload, SchoolYearCalendar

PROJECTED_YEARS = 4
MONDAY_TO_FRIDAY = frozenset(range(5))


class Break(Struct, frozen=True, gc=False):
    """A run of days without school between two school days (weekends included)."""

    start: date
    end: date
    school_weekdays: int
    """How many of its days fall on school weekdays (a break's length in school days)."""


class _Year(Struct, frozen=True, gc=False):
    first: int
    last: int
    weekdays: frozenset[int]


class SchoolDays:
    """The school days of a caseload's calendars; build it once with ``school_days``."""

    __slots__ = ("_breaks", "_days", "_firsts", "_known", "_weeks", "_years")

    def __init__(self, years: list[_Year], days: list[int], known: tuple[int, int] | None):
        self._years = years
        self._firsts = [y.first for y in years]
        self._days = days
        self._known = known
        self._breaks: dict[int, tuple[list[int], list[Break]]] = {}
        self._weeks: dict[tuple[int, int], float] = {}
        """``school_weeks`` by span: thousands of prescriptions share a few spans."""

    def estimated(self, first: date, last: date | None = None) -> bool:
        """Whether any day from ``first`` to ``last`` lies outside the real calendars."""
        end = first if last is None else last
        if self._known is None:
            return True
        return first.toordinal() < self._known[0] or end.toordinal() > self._known[1]

    def _weekdays_at(self, ordinal: int) -> frozenset[int]:
        if not self._years:
            return MONDAY_TO_FRIDAY
        if ordinal < self._years[0].first:
            return self._years[0].weekdays
        index = bisect_right(self._firsts, ordinal) - 1
        return self._years[index].weekdays

    def _span(self) -> tuple[int, int]:
        return (self._years[0].first, self._years[-1].last) if self._years else (0, -1)

    def _weekday_count(self, first: int, last: int, weekdays: frozenset[int]) -> int:
        """School weekdays from ordinal ``first`` to ``last`` inclusive."""
        if last < first:
            return 0
        weeks, extra = divmod(last - first + 1, 7)
        start = date.fromordinal(first).weekday()
        return weeks * len(weekdays) + sum((start + i) % 7 in weekdays for i in range(extra))

    def is_school_day(self, day: date) -> bool:
        """Whether ``day`` is a school day."""
        ordinal = day.toordinal()
        low, high = self._span()
        if low <= ordinal <= high:
            index = bisect_left(self._days, ordinal)
            return index < len(self._days) and self._days[index] == ordinal
        return day.weekday() in self._weekdays_at(ordinal)

    def school_days_between(self, first: date, last: date) -> int:
        """School days from ``first`` to ``last``, both included (0 if last < first)."""
        a, b = first.toordinal(), last.toordinal()
        if b < a:
            return 0
        low, high = self._span()
        total = 0
        if a < low:
            total += self._weekday_count(a, min(b, low - 1), self._weekdays_at(a))
        if b > high:
            total += self._weekday_count(max(a, high + 1), b, self._weekdays_at(b))
        inner_a, inner_b = max(a, low), min(b, high)
        if inner_a <= inner_b:
            total += bisect_right(self._days, inner_b) - bisect_left(self._days, inner_a)
        return total

    def school_weeks(self, first: date, last: date) -> float:
        """School days from ``first`` to ``last``, each counted as a share of its year's
        school week: 3 school days of a five-day week are 0.6 weeks."""
        a, b = first.toordinal(), last.toordinal()
        if b < a:
            return 0.0
        known = self._weeks.get((a, b))
        if known is None:
            known = self._weeks[(a, b)] = self._school_weeks(a, b)
        return known

    def _school_weeks(self, a: int, b: int) -> float:
        low, high = self._span()
        total = 0.0
        for year in self._years:
            lo, hi = max(a, year.first), min(b, year.last)
            if lo <= hi:
                count = bisect_right(self._days, hi) - bisect_left(self._days, lo)
                total += count / len(year.weekdays)
        for lo, hi in ((a, min(b, low - 1)), (max(a, high + 1), b)):
            if lo <= hi:
                weekdays = self._weekdays_at(lo)
                total += self._weekday_count(lo, hi, weekdays) / len(weekdays)
        return total

    def add_school_days(self, start: date, count: int) -> date:
        """The ``count``-th school day after ``start`` (``start`` itself not counted)."""
        if count <= 0:
            return start
        ordinal = start.toordinal()
        low, high = self._span()
        if ordinal < low:
            before = self._weekday_count(ordinal + 1, low - 1, self._weekdays_at(ordinal))
            if before >= count:
                return self._walk(ordinal, count)
            count -= before
            ordinal = low - 1
        if ordinal <= high:
            index = bisect_right(self._days, ordinal) + count - 1
            if index < len(self._days):
                return date.fromordinal(self._days[index])
            count -= len(self._days) - bisect_right(self._days, ordinal)
            ordinal = max(ordinal, high)
        return self._walk(ordinal, count)

    def _walk(self, ordinal: int, count: int) -> date:
        weekdays = self._weekdays_at(ordinal) or MONDAY_TO_FRIDAY
        weeks, rest = divmod(count, len(weekdays))
        if rest == 0:
            weeks, rest = weeks - 1, len(weekdays)
        ordinal += 7 * weeks
        while rest:
            ordinal += 1
            rest -= date.fromordinal(ordinal).weekday() in weekdays
        return date.fromordinal(ordinal)

    def breaks(self, longer_than: int) -> list[Break]:
        """Runs of non-school days with more than ``longer_than`` school weekdays."""
        return self._break_index(longer_than)[1]

    def _break_index(self, longer_than: int) -> tuple[list[int], list[Break]]:
        cached = self._breaks.get(longer_than)
        if cached is None:
            found: list[Break] = []
            for prev, nxt in zip(self._days, self._days[1:], strict=False):
                if nxt - prev <= longer_than + 1:
                    continue
                weekdays = self._weekday_count(prev + 1, nxt - 1, self._weekdays_at(prev))
                if weekdays > longer_than:
                    found.append(
                        Break(date.fromordinal(prev + 1), date.fromordinal(nxt - 1), weekdays)
                    )
            cached = ([b.end.toordinal() for b in found], found)
            self._breaks[longer_than] = cached
        return cached

    def add_days_skipping_breaks(self, start: date, days: int, longer_than: int) -> date:
        """The ``days``-th calendar day after ``start``, not counting days of breaks with
        more than ``longer_than`` school weekdays (California's Ed Code 56344 count)."""
        ends, found = self._break_index(longer_than)
        ordinal, remaining = start.toordinal(), days
        for brk in found[bisect_left(ends, ordinal + 1) :]:
            brk_start = max(brk.start.toordinal(), ordinal + 1)
            if ordinal + remaining < brk_start:
                break
            remaining -= brk_start - ordinal - 1
            ordinal = brk.end.toordinal()
        return date.fromordinal(ordinal + remaining)

    def in_session_year(self, day: date) -> bool:
        """Whether ``day`` falls inside a (known or projected) school year, first to last
        day: not in the summer between two years (always, without any school year)."""
        if not self._years:
            return True
        ordinal = day.toordinal()
        index = bisect_right(self._firsts, ordinal) - 1
        return index >= 0 and ordinal <= self._years[index].last

    def next_year_start(self, day: date) -> date:
        """The first day of the first (known or projected) school year starting after
        ``day``; past the projections, ``day`` + 1."""
        index = bisect_right(self._firsts, day.toordinal())
        if index < len(self._years):
            return date.fromordinal(self._years[index].first)
        return day + timedelta(days=1)

    def school_year_end(self, day: date) -> date:
        """The last day of the (known or projected) school year that ``day`` falls in or
        precedes."""
        ordinal = day.toordinal()
        for year in self._years:
            if ordinal <= year.last:
                return date.fromordinal(year.last)
        return date.fromordinal(self._years[-1].last) if self._years else day


def _shifted(day: date, years: int) -> date:
    """``day`` moved ``years`` years, then to the nearest same weekday."""
    target = add_years(day, years)
    weeks = round((target - day).days / 7)
    return day + timedelta(weeks=weeks)


def _year_days(
    first: int, last: int, weekdays: frozenset[int], closed: tuple[tuple[int, int], ...]
) -> list[int]:
    shut = {day for a, b in closed for day in range(a, b + 1)}
    weekday = date.fromordinal(first).weekday()
    return [
        ordinal
        for offset, ordinal in enumerate(range(first, last + 1))
        if (weekday + offset) % 7 in weekdays and ordinal not in shut
    ]


def school_days(
    calendars: Iterable[SchoolYearCalendar], school_year: tuple[date, date] | None = None
) -> SchoolDays:
    """Index the school days of ``calendars`` (and projected years around them).

    ``school_year`` (the settings' first and last day) stands in when there is no calendar.
    """
    real = sorted(calendars, key=lambda c: c.first_day)
    known = (real[0].first_day.toordinal(), real[-1].last_day.toordinal()) if real else None
    if not real and school_year is not None:
        real = [SchoolYearCalendar("", school_year[0], school_year[1])]
    if not real:
        return SchoolDays([], [], None)
    entries: list[tuple[date, date, frozenset[int], tuple[tuple[int, int], ...]]] = []
    first, last = real[0], real[-1]
    for n in range(PROJECTED_YEARS, 0, -1):
        entries.append(
            (_shifted(first.first_day, -n), _shifted(first.last_day, -n), _wd(first), ())
        )
    for cal in real:
        closed = tuple((c.start.toordinal(), c.end.toordinal()) for c in cal.closures)
        entries.append((cal.first_day, cal.last_day, _wd(cal), closed))
    for n in range(1, PROJECTED_YEARS + 1):
        entries.append((_shifted(last.first_day, n), _shifted(last.last_day, n), _wd(last), ()))
    years: list[_Year] = []
    days: list[int] = []
    for start, end, weekdays, closed in entries:
        a = max(start.toordinal(), years[-1].last + 1) if years else start.toordinal()
        b = end.toordinal()
        if b < a:
            continue
        years.append(_Year(a, b, weekdays))
        days.extend(_year_days(a, b, weekdays, closed))
    return SchoolDays(years, days, known)


def _wd(cal: SchoolYearCalendar) -> frozenset[int]:
    return frozenset(cal.weekdays) or MONDAY_TO_FRIDAY


def caseload_school_days(caseload: Caseload) -> SchoolDays:
    """The school-day index of a caseload's calendars (its school year if it has none)."""
    settings = caseload.settings
    return school_days(caseload.calendars, (settings.school_year_start, settings.school_year_end))
