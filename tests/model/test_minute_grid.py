"""The caseload's minutes week by week (model.minute_grid), checked by hand and against
``reconcile`` itself."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

from caseterm.model.minutes import Period, month_of, reconcile
from caseterm.model.records import Plan, Prescription, Profile, Session, Student
from caseterm.model.views.minute_grid import add_up, minute_grid, reporting_period_at, weeks_in
from tests.builders import PERIODS, SETTINGS, TODAY, days

NOVEMBER = month_of(TODAY)
READING = Prescription("rx1", "reading", 120, "week", date(2026, 9, 16), name="Reading")
SPEECH = Prescription("rx2", "speech", 60, "month", date(2026, 9, 16), name="Speech")


def session(
    sid: str, day: date, minutes: int = 30, status: str = "delivered", **more: str
) -> Session:
    service = more.pop("service", "reading")
    return Session(sid, service, day, minutes, status, **more)  # type: ignore[arg-type]


def pupil(
    sid: str = "ava-m", *sessions: Session, services: tuple[Prescription, ...] = (READING,)
) -> Student:
    return Student(
        id=sid,
        profile=Profile(first_name="Ava", last_name="M"),
        plan=Plan(services=services),
        sessions=sessions,
    )


# --- weeks ------------------------------------------------------------------------------


def test_weeks_of_november_2026_fold_its_first_sunday_into_the_first_week() -> None:
    """November 2026 starts on a Sunday: Nov 1 joins Nov 2-8; Monday Nov 30 stands alone."""
    assert weeks_in(NOVEMBER) == [
        Period(date(2026, 11, 1), date(2026, 11, 8)),
        Period(date(2026, 11, 9), date(2026, 11, 15)),
        Period(date(2026, 11, 16), date(2026, 11, 22)),
        Period(date(2026, 11, 23), date(2026, 11, 29)),
        Period(date(2026, 11, 30), date(2026, 11, 30)),
    ]


def test_weeks_clip_to_the_period_and_cover_it_without_gaps() -> None:
    """December 2026 starts on a Tuesday; February 2027 is exactly four Monday weeks."""
    december = weeks_in(month_of(date(2026, 12, 1)))
    assert december[0] == Period(date(2026, 12, 1), date(2026, 12, 6))
    assert december[-1] == Period(date(2026, 12, 28), date(2026, 12, 31))
    assert len(weeks_in(month_of(date(2027, 2, 1)))) == 4
    for month in range(1, 13):
        period = month_of(date(2027, month, 1))
        weeks = weeks_in(period)
        assert weeks[0].first == period.first and weeks[-1].last == period.last
        for before, after in pairwise(weeks):
            assert after.first == before.last + timedelta(days=1)
            assert after.first.weekday() == 0


def test_a_weekend_only_period_is_one_week() -> None:
    sunday = Period(date(2026, 11, 1), date(2026, 11, 1))
    assert weeks_in(sunday) == [sunday]
    saturday_sunday = Period(date(2026, 10, 31), date(2026, 11, 1))
    assert weeks_in(saturday_sunday) == [saturday_sunday]


# --- the grid ---------------------------------------------------------------------------


def test_each_cell_is_reconcile_over_its_week_and_the_total_over_the_period() -> None:
    student = pupil(
        "ava-m",
        session("s1", date(2026, 11, 2), 60),
        session("s2", date(2026, 11, 4), 60),
        session("s3", date(2026, 11, 10), 30),
        session("s4", date(2026, 10, 30), 90),
    )
    grid = minute_grid([student], NOVEMBER, SETTINGS, days(), TODAY)
    (row,) = grid.rows
    assert (row.student, row.name, row.service) == ("ava-m", "Ava M", "reading")
    for week, cell in zip(grid.weeks, row.weeks, strict=True):
        assert cell == reconcile(student, "reading", week, SETTINGS, days(), TODAY)
    assert row.total == reconcile(student, "reading", NOVEMBER, SETTINGS, days(), TODAY)
    assert [c.delivered for c in row.weeks] == [120, 30, 0, 0, 0]
    assert [c.required_period for c in row.weeks] == [120, 120, 120, 48, 24]
    assert row.short_weeks == (False, True, True, True, False)
    assert row.short and not row.monthly


def test_a_make_up_in_a_later_week_counts_in_the_missed_week() -> None:
    """A provider absence on Nov 3 made up on Nov 10: the week of Nov 2 has its 30
    minutes (made up on Nov 10), the week of Nov 9 none from it; nothing is owed."""
    student = pupil(
        "ava-m",
        session("s1", date(2026, 11, 3), 30, "provider-absent"),
        session("s2", date(2026, 11, 10), 30, "makeup", makeup_for="s1"),
    )
    (row,) = minute_grid([student], NOVEMBER, SETTINGS, days(), TODAY).rows
    first, second = row.weeks[:2]
    assert (first.delivered, first.owed, first.made_up_after) == (30, 0, (date(2026, 11, 10),))
    assert (second.delivered, second.owed) == (0, 0)
    assert (row.total.delivered, row.total.owed) == (30, 0)


def test_a_make_up_from_the_next_month_settles_this_month() -> None:
    """Missed Nov 23, made up Dec 1: November's grid (as of Dec 4) owes nothing."""
    student = pupil(
        "ava-m",
        session("s1", date(2026, 11, 23), 60, "provider-absent"),
        session("s2", date(2026, 12, 1), 60, "makeup", makeup_for="s1"),
    )
    (row,) = minute_grid([student], NOVEMBER, SETTINGS, days(), date(2026, 12, 4)).rows
    assert (row.total.owed, row.weeks[3].owed, row.weeks[3].delivered) == (0, 0, 60)


def test_a_monthly_service_behind_marks_its_empty_week_short() -> None:
    """240 min/month over November's 18 school days (13.3 a day): 60 delivered Nov 3 and
    nothing since. Week of Nov 9 reads 0/67 and the month is behind (60 of 133 by Nov 13):
    marked short, as are the other started weeks; Nov 30 has not started yet."""
    monthly = Prescription("rx3", "speech", 240, "month", date(2026, 9, 16), name="Speech")
    student = pupil(
        "ava-m", session("s1", date(2026, 11, 3), 60, service="speech"), services=(monthly,)
    )
    (row,) = minute_grid([student], NOVEMBER, SETTINGS, days(), TODAY).rows
    assert (row.weeks[1].delivered, row.weeks[1].required) == (0, 67)
    assert row.short_weeks == (True, True, True, True, False)


def test_monthly_services_are_judged_on_the_month_only() -> None:
    """60 min/month delivered in one week: other weeks are not short, the month is not."""
    student = pupil(
        "ava-m",
        session("s1", date(2026, 11, 10), 60, service="speech"),
        services=(SPEECH,),
    )
    (row,) = minute_grid([student], NOVEMBER, SETTINGS, days(), TODAY).rows
    assert row.monthly
    assert row.short_weeks == (False,) * 5
    assert not row.short
    assert row.weeks[0].delivered + row.weeks[0].excused < row.weeks[0].required


def test_rows_follow_student_order_then_plan_order_and_skip_students_without_services() -> None:
    first = pupil("ava-m", services=(SPEECH, READING))
    none = pupil("ben-k", services=())
    last = pupil("cai-l")
    grid = minute_grid([first, none, last], NOVEMBER, SETTINGS, days(), TODAY)
    assert [(r.student, r.service) for r in grid.rows] == [
        ("ava-m", "speech"),
        ("ava-m", "reading"),
        ("cai-l", "reading"),
    ]


def test_sums_add_up_each_week_and_the_whole_period() -> None:
    a = pupil("ava-m", session("s1", date(2026, 11, 2), 120))
    b = pupil("ben-k", session("s1", date(2026, 11, 2), 60))
    grid = minute_grid([a, b], NOVEMBER, SETTINGS, days(), TODAY)
    first_week = grid.week_sums()[0]
    assert (first_week.delivered, first_week.required_period, first_week.short) == (180, 240, 1)
    assert first_week.is_short
    total = grid.sums()
    assert total.delivered == 180
    assert total.required == sum(row.total.required for row in grid.rows)
    assert total.short == 2
    assert add_up([]).delivered == 0


def test_nothing_logged_or_prescribed_gives_an_empty_grid() -> None:
    grid = minute_grid([], NOVEMBER, SETTINGS, days(), TODAY)
    assert grid.rows == () and len(grid.weeks) == 5
    assert grid.sums().required == 0


# --- reporting periods ------------------------------------------------------------------


def test_reporting_period_at_a_day_inside_between_and_after() -> None:
    assert reporting_period_at(PERIODS, TODAY) == 1
    assert reporting_period_at(PERIODS, date(2026, 10, 24)) == 1, "between Q1 and Q2: the next"
    assert reporting_period_at(PERIODS, date(2026, 1, 1)) == 0
    assert reporting_period_at(PERIODS, date(2027, 7, 1)) == 3, "after the year: the last"
    assert reporting_period_at((), TODAY) is None
