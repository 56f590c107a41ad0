"""Date arithmetic ("annual", months, birthdays) and school-day counting from calendars."""

from __future__ import annotations

from datetime import date

import pytest

from caseterm.model.calendar import school_days
from caseterm.model.dates import (
    AnnualMethod,
    add_months,
    after_months,
    after_years,
    annual,
    birthday,
)
from caseterm.model.records import Closure, SchoolYearCalendar
from tests.builders import CALENDAR, days

# --- "annual" (docs/compliance.md) --------------------------------------------------


@pytest.mark.parametrize(
    ("start", "method", "expected"),
    [
        (date(2024, 2, 29), "plus-365-days", date(2025, 2, 28)),
        (date(2024, 2, 29), "plus-1-year-minus-1-day", date(2025, 2, 27)),
        (date(2027, 3, 1), "plus-365-days", date(2028, 2, 29)),
        (date(2027, 3, 1), "plus-1-year-minus-1-day", date(2028, 2, 29)),
        (date(2026, 9, 15), "plus-1-year-minus-1-day", date(2027, 9, 14)),
        (date(2026, 9, 15), "plus-365-days", date(2027, 9, 15)),
    ],
)
def test_annual_leap_years_both_methods(start: date, method: AnnualMethod, expected: date) -> None:
    """34 CFR 300.324(b)(1): "annual" as +365 days or +1 year -1 day, leap years included."""
    assert annual(start, method) == expected


def test_three_years_follow_the_annual_method() -> None:
    """34 CFR 300.303(b)(2): the triennial 2023-10-20 -> 2026-10-19 either way (2024 is
    leap, so 3 x 365 days also ends on the 19th); from 2025-03-01, 3 x 365 days ends a day
    later than 3 years - 1 day because 2028-02-29 falls inside."""
    assert after_years(date(2023, 10, 20), 3, "plus-1-year-minus-1-day") == date(2026, 10, 19)
    assert after_years(date(2023, 10, 20), 3, "plus-365-days") == date(2026, 10, 19)
    assert after_years(date(2025, 3, 1), 3, "plus-1-year-minus-1-day") == date(2028, 2, 29)
    assert after_years(date(2025, 3, 1), 3, "plus-365-days") == date(2028, 2, 29)
    assert after_years(date(2025, 3, 2), 3, "plus-365-days") == date(2028, 3, 1)


def test_months_clamp_to_the_end_of_short_months() -> None:
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2026, 1, 31), -2) == date(2025, 11, 30)
    assert after_months(date(2026, 6, 15), 6, "plus-1-year-minus-1-day") == date(2026, 12, 14)
    assert after_months(date(2026, 6, 15), 6, "plus-365-days") == date(2026, 12, 15)


def test_leap_day_birthday_is_feb_28_in_common_years() -> None:
    assert birthday(date(2012, 2, 29), 16) == date(2028, 2, 29)
    assert birthday(date(2012, 2, 29), 17) == date(2029, 2, 28)


# --- school days ---------------------------------------------------------------------


def test_school_days_skip_weekends_closures_and_summer() -> None:
    index = days()
    assert index.is_school_day(date(2026, 11, 24))
    assert not index.is_school_day(date(2026, 11, 25)), "Thanksgiving break"
    assert not index.is_school_day(date(2026, 11, 28)), "Saturday"
    assert not index.is_school_day(date(2026, 8, 14)), "before the first day"
    assert index.is_school_day(date(2026, 8, 17)), "first day"
    assert index.is_school_day(date(2027, 6, 4)), "last day"


def test_counting_school_days_inclusive() -> None:
    """November 2026: 21 weekdays, 3 of them Thanksgiving break -> 18 school days."""
    index = days()
    assert index.school_days_between(date(2026, 11, 1), date(2026, 11, 30)) == 18
    assert index.school_days_between(date(2026, 11, 23), date(2026, 11, 29)) == 2
    assert index.school_days_between(date(2026, 11, 30), date(2026, 11, 1)) == 0


def test_adding_school_days_skips_closures() -> None:
    """TEC 29.004 counting: the 45th school day after Thursday 2026-10-01 is 2026-12-08
    (Oct 2 is day 1; Thanksgiving Nov 25-27 is skipped)."""
    index = days()
    assert index.add_school_days(date(2026, 10, 1), 1) == date(2026, 10, 2)
    assert index.add_school_days(date(2026, 10, 1), 45) == date(2026, 12, 8)
    assert not index.estimated(date(2026, 10, 1), date(2026, 12, 8))


def test_breaks_longer_than_five_school_days_include_their_weekends() -> None:
    """Winter break Dec 21 - Jan 1 (10 school weekdays) runs Sat Dec 19 to Sun Jan 3, and
    summer (to the projected Monday 2027-08-16) is one; spring break (5 school weekdays)
    and Thanksgiving (3) are not longer than 5 school days."""
    found = [b for b in days().breaks(5) if date(2026, 8, 17) <= b.start <= date(2027, 8, 1)]
    assert [(b.start, b.end, b.school_weekdays) for b in found] == [
        (date(2026, 12, 19), date(2027, 1, 3), 10),
        (date(2027, 6, 5), date(2027, 8, 15), 50),
    ]
    spring = [b for b in days().breaks(4) if b.start.year == 2027 and b.start.month == 3]
    assert [(b.start, b.end) for b in spring] == [(date(2027, 3, 20), date(2027, 3, 28))]


def test_days_skipping_long_breaks() -> None:
    """Ed Code 56344: 60 days from 2026-11-30: Dec 1-18 count (18), Dec 19 - Jan 3 do not,
    the other 42 run Jan 4 to Feb 14."""
    index = days()
    assert index.add_days_skipping_breaks(date(2026, 11, 30), 60, 5) == date(2027, 2, 14)
    assert index.add_days_skipping_breaks(date(2027, 3, 1), 60, 5) == date(2027, 4, 30)
    assert index.add_days_skipping_breaks(date(2027, 3, 1), 60, 4) == date(2027, 5, 9)


def test_past_the_last_calendar_the_year_repeats_and_is_estimated() -> None:
    """The next year is projected: first day Monday 2027-08-16 (52 weeks after 2026-08-17),
    Mon-Fri, no closures, so summer is not counted and answers are marked estimated."""
    index = days()
    assert not index.is_school_day(date(2027, 7, 14)), "summer"
    assert index.is_school_day(date(2027, 8, 16))
    assert index.estimated(date(2027, 5, 1), date(2027, 8, 20))
    assert not index.estimated(date(2027, 5, 1), date(2027, 6, 4))
    assert index.add_school_days(date(2027, 6, 3), 2) == date(2027, 8, 16)


def test_between_two_calendars_is_not_school() -> None:
    next_year = SchoolYearCalendar("2027-28", date(2027, 8, 18), date(2028, 6, 2))
    index = school_days([CALENDAR, next_year])
    assert not index.is_school_day(date(2027, 8, 16)), "the real next calendar starts Aug 18"
    assert index.is_school_day(date(2027, 8, 18))
    assert not index.estimated(date(2027, 6, 1), date(2027, 9, 1))


def test_summer_and_the_first_day_of_the_next_school_year() -> None:
    """Summer is after one year's last day and before the next one's first (a closure like
    Memorial Day is not summer); the next year starts on its real first day when known."""
    index = days()
    assert index.in_session_year(date(2027, 5, 31)) and index.in_session_year(date(2027, 6, 4))
    assert not index.in_session_year(date(2027, 6, 5))
    assert not index.in_session_year(date(2027, 8, 15))
    assert index.next_year_start(date(2027, 5, 20)) == date(2027, 8, 16)
    assert index.next_year_start(date(2027, 7, 4)) == date(2027, 8, 16)
    real = school_days(
        [CALENDAR, SchoolYearCalendar("2027-28", date(2027, 8, 18), date(2028, 6, 2))]
    )
    assert real.next_year_start(date(2027, 6, 30)) == date(2027, 8, 18)
    assert school_days([]).in_session_year(date(2027, 7, 4)), "no school year: never summer"


def test_without_a_calendar_the_settings_year_stands_in_estimated() -> None:
    index = school_days([], (date(2026, 8, 17), date(2027, 6, 4)))
    assert index.school_days_between(date(2026, 11, 23), date(2026, 11, 29)) == 5
    assert index.estimated(date(2026, 11, 23))
    assert not index.is_school_day(date(2027, 7, 1))


def test_school_weeks_are_shares_of_a_normal_week() -> None:
    """3 school days of a 5-day week are 0.6 weeks; a 4-day calendar week counts quarters."""
    short = SchoolYearCalendar(
        "4-day",
        date(2026, 8, 17),
        date(2027, 6, 4),
        weekdays=(0, 1, 2, 3),
        closures=(Closure(date(2026, 11, 26), date(2026, 11, 27), "Thanksgiving"),),
    )
    assert days().school_weeks(date(2026, 11, 23), date(2026, 11, 29)) == pytest.approx(0.4)
    assert school_days([short]).school_weeks(
        date(2026, 11, 23), date(2026, 11, 29)
    ) == pytest.approx(0.75)


def test_counting_far_outside_the_calendars_uses_school_weekdays() -> None:
    index = days()
    assert index.school_days_between(date(2015, 1, 5), date(2015, 1, 11)) == 5
    assert index.add_school_days(date(2015, 1, 9), 1) == date(2015, 1, 12)
    assert index.add_school_days(date(2015, 1, 10), 5) == date(2015, 1, 16), "from a Saturday"
    assert index.add_school_days(date(2015, 1, 9), 10) == date(2015, 1, 23)
