"""Calendar arithmetic for deadlines: months, years, birthdays and "annual"."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Literal, get_args

AnnualMethod = Literal["plus-1-year-minus-1-day", "plus-365-days"]
ANNUAL_METHODS: tuple[AnnualMethod, ...] = get_args(AnnualMethod)
"""How real systems compute "annual": they differ by a day unless a Feb 29 falls inside."""


def add_months(day: date, months: int) -> date:
    """``day`` moved by whole months; a day past the month's end becomes its last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    if day.day <= 28:  # every month has it (most dates: no month length to look up)
        return date(year, month + 1, day.day)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def add_years(day: date, years: int) -> date:
    """``day`` moved by whole years; Feb 29 becomes Feb 28 in a common year."""
    return add_months(day, 12 * years)


def birthday(birth: date, age: int) -> date:
    """The day a person born on ``birth`` turns ``age`` (Feb 29 birthdays: Feb 28)."""
    return add_years(birth, age)


def after_years(day: date, years: int, method: AnnualMethod) -> date:
    """The deadline ``years`` years after ``day``, by the profile's ``annual`` method.

    ``plus-1-year-minus-1-day``: the same date ``years`` years later, minus one day
    (2024-02-29 -> 2025-02-27). ``plus-365-days``: 365 days per year
    (2024-02-29 -> 2025-02-28).
    """
    if method == "plus-365-days":
        return day + timedelta(days=365 * years)
    return add_years(day, years) - timedelta(days=1)


def annual(day: date, method: AnnualMethod) -> date:
    """One year after ``day`` by the profile's ``annual`` method."""
    return after_years(day, 1, method)


def after_months(day: date, months: int, method: AnnualMethod) -> date:
    """The deadline ``months`` months after ``day``, following the ``annual`` method.

    Whole years use ``after_years``; other spans add calendar months, minus one day under
    ``plus-1-year-minus-1-day`` (a 6-month review of 2026-09-15 is due 2027-03-14).
    """
    if months % 12 == 0:
        return after_years(day, months // 12, method)
    shifted = add_months(day, months)
    return shifted - timedelta(days=1) if method != "plus-365-days" else shifted
