"""Service-minute reconciliation (34 CFR 300.320(a)(7)) with hand-worked minutes."""

from __future__ import annotations

from datetime import date

import pytest
from msgspec.structs import replace

from caseterm.model.minutes import (
    Period,
    ServiceMinutes,
    caseload_minutes,
    compliance,
    in_effect,
    medicaid_units,
    month_of,
    reconcile,
    required_minutes,
    week_of,
)
from caseterm.model.records import (
    Caseload,
    Closure,
    Plan,
    Prescription,
    Profile,
    Session,
    Settings,
    Student,
)
from tests.builders import CALENDAR, SETTINGS, TODAY, days

READING = Prescription("rx1", "reading", 120, "week", date(2026, 9, 16), name="Reading")
WEEK = Period(date(2026, 11, 9), date(2026, 11, 15))
THANKSGIVING_THU_FRI = replace(
    CALENDAR, closures=(Closure(date(2026, 11, 26), date(2026, 11, 27), "Thanksgiving"),)
)


def pupil(*sessions: Session, services: tuple[Prescription, ...] = (READING,)) -> Student:
    return Student(
        id="ava-m",
        profile=Profile(first_name="Ava", last_name="M"),
        plan=Plan(services=services),
        sessions=sessions,
    )


def log(
    sid: str, day: int, minutes: int = 30, status: str = "delivered", **more: object
) -> Session:
    return Session(sid, "reading", date(2026, 11, day), minutes, status, **more)  # type: ignore[arg-type]


def row(
    student: Student,
    period: Period = WEEK,
    settings: Settings = SETTINGS,
    today: date = TODAY,
    calendar: object = None,
) -> ServiceMinutes:
    index = days(THANKSGIVING_THU_FRI) if calendar == "thu-fri" else days()
    return reconcile(student, "reading", period, settings, index, today)


# --- required minutes -------------------------------------------------------------------


def test_weekly_minutes_prorated_3_of_5_school_days() -> None:
    """120 min/week in a week with 3 of 5 school days (Nov 26-27 closed): 72."""
    week = week_of(date(2026, 11, 25))
    assert week == Period(date(2026, 11, 23), date(2026, 11, 29))
    assert row(pupil(), week, calendar="thu-fri").required == 72
    assert row(pupil(), week).required == 48, "Wed-Fri closed: 2 of 5 school days"


def test_monthly_minutes_prorated_by_school_days_of_the_month() -> None:
    """200 min/month; November has 19 school days when Nov 26-27 are closed; Nov 1-15
    holds 10 of them: 200 x 10/19 = 105.3 -> 105. The whole month: 200, of which 18 of 19
    school days have passed by today (Nov 25): 189.47 -> 189."""
    monthly = Prescription("rx2", "reading", 200, "month", date(2026, 9, 1))
    student = pupil(services=(monthly,))
    half = Period(date(2026, 11, 1), date(2026, 11, 15))
    assert row(student, half, calendar="thu-fri").required == 105
    november = row(student, month_of(date(2026, 11, 10)), calendar="thu-fri")
    assert (november.required_period, november.required) == (200, 189)


def test_amendment_changes_minutes_from_its_start() -> None:
    """120/week amended to 60/week from Wednesday 2026-11-18: Mon-Tue at 24/day (48) plus
    Wed-Fri at 12/day (36) = 84."""
    amended = Prescription("rx2", "reading", 60, "week", date(2026, 11, 18))
    week = Period(date(2026, 11, 16), date(2026, 11, 22))
    student = pupil(services=(READING, amended))
    assert row(student, week).required == 84
    assert in_effect(student.plan.services, "reading", date(2026, 11, 17)) == READING
    assert in_effect(student.plan.services, "reading", date(2026, 11, 18)) == amended


def test_ended_prescription_requires_nothing_after_its_end() -> None:
    ended = replace(READING, end=date(2026, 11, 17))
    week = Period(date(2026, 11, 16), date(2026, 11, 22))
    assert row(pupil(services=(ended,)), week).required == 48
    assert in_effect((ended,), "reading", date(2026, 11, 18)) is None


def test_required_counts_through_today_and_the_whole_period_apart() -> None:
    """Today Wednesday 2026-11-11: Mon-Wed required so far (72) of the week's 120."""
    r = row(pupil(), today=date(2026, 11, 11))
    assert (r.required, r.required_period, r.through) == (72, 120, date(2026, 11, 11))


def test_future_period_counts_nothing_yet() -> None:
    r = row(pupil(), Period(date(2026, 12, 7), date(2026, 12, 13)))
    assert (r.required, r.required_period, r.through, r.compliance_pct) == (0, 120, None, None)


def test_required_minutes_for_a_school_year_span() -> None:
    """Sep 16 - Oct 16, 2026: 23 school days (no closures) x 24 min = 552."""
    got = required_minutes((READING,), "reading", date(2026, 9, 16), date(2026, 10, 16), days())
    assert got == pytest.approx(552)


# --- delivered, excused, owed ----------------------------------------------------------


def test_reconciliation_delivered_excused_owed() -> None:
    """Week of Nov 9 (120 required): delivered 30 + 30 (a group session counts in full),
    student absent 30 (excused), provider absent 30 (owed, never excused): unaccounted 0,
    compliance 60 / (120 - 30) = 66.7%."""
    student = pupil(
        log("s1", 9),
        log("s2", 10, status="provider-absent"),
        log("s3", 11, status="student-absent"),
        log("s4", 12, group=True),
    )
    r = row(student)
    assert (r.required, r.delivered, r.excused, r.owed, r.unaccounted) == (120, 60, 30, 30, 0)
    assert r.compliance_pct == 66.7
    assert (r.sessions, r.medicaid_units, r.over_delivered) == (4, 4, 0)


def test_makeup_counts_as_delivered_and_clears_what_is_owed() -> None:
    """A Friday make-up for Tuesday's provider absence: delivered 90, owed 0, 100%."""
    student = pupil(
        log("s1", 9),
        log("s2", 10, status="provider-absent"),
        log("s3", 11, status="student-absent"),
        log("s4", 12),
        log("s5", 13, status="makeup", makeup_for="s2"),
    )
    r = row(student)
    assert (r.delivered, r.excused, r.owed, r.unaccounted, r.compliance_pct) == (
        90,
        30,
        0,
        0,
        100.0,
    )


def test_makeup_in_a_later_week_counts_in_the_missed_week_once_logged() -> None:
    """A make-up counts in the week of the session it makes up: as of Nov 13 the week of
    Nov 9 owes 30; once the make-up of Nov 16 is logged it owes nothing and shows when it
    was made up, and the week of Nov 16 gets no minutes from it (its log keeps the date)."""
    student = pupil(
        log("s2", 10, status="provider-absent"),
        log("s5", 16, status="makeup", makeup_for="s2"),
    )
    before = row(student, today=date(2026, 11, 13))
    assert (before.delivered, before.owed, before.made_up_after) == (0, 30, ())
    after = row(student)
    assert (after.delivered, after.owed, after.made_up_after) == (30, 0, (date(2026, 11, 16),))
    later = row(student, Period(date(2026, 11, 16), date(2026, 11, 22)))
    assert (later.delivered, later.owed, later.sessions, later.medicaid_units) == (0, 0, 1, 2)


def test_makeup_in_december_settles_the_november_session_it_makes_up() -> None:
    """Issue 13: missed 2026-11-23 (60 min, provider absent), made up 2026-12-01. As of
    2026-12-04 November owes nothing (made up on 12-01) and December, with 96 minutes
    required (Dec 1-4, 4 of 5 school days of 120), is not over-delivered by it."""
    student = pupil(
        log("s1", 23, minutes=60, status="provider-absent"),
        Session("s2", "reading", date(2026, 12, 1), 60, "makeup", makeup_for="s1"),
    )
    today = date(2026, 12, 4)
    november = row(student, month_of(date(2026, 11, 1)), today=today)
    assert (november.owed, november.made_up_after) == (0, (date(2026, 12, 1),))
    december = row(student, month_of(today), today=today)
    assert (december.required, december.delivered, december.over_delivered) == (96, 0, 0)
    assert december.sessions == 1


def test_two_makeups_for_one_missed_session_count_only_its_minutes() -> None:
    """Issue 10: a 60-minute miss made up twice (60 on Nov 11, 30 on Nov 12) counts 60
    minutes delivered, not 90; the second adds nothing."""
    student = pupil(
        log("s1", 9, minutes=60, status="provider-absent"),
        log("s2", 11, minutes=60, status="makeup", makeup_for="s1"),
        log("s3", 12, minutes=30, status="makeup", makeup_for="s1"),
    )
    r = row(student)
    assert (r.delivered, r.owed, r.made_up_after) == (60, 0, ())


def test_partial_makeup_leaves_the_rest_owed() -> None:
    student = pupil(
        log("s2", 10, minutes=30, status="provider-absent"),
        log("s5", 12, minutes=20, status="makeup", makeup_for="s2"),
    )
    assert (row(student).delivered, row(student).owed) == (20, 10)


def test_excused_statuses_follow_the_settings_policy() -> None:
    """With student-refused not excused by policy, a refusal is owed; provider-absent
    is never excused even if listed (OSEP Letter to Balkman)."""
    listed = ("student-absent", "school-closed", "provider-absent")
    policy = replace(SETTINGS, excused_statuses=listed)
    student = pupil(
        log("s1", 9, status="student-refused"),
        log("s2", 10, status="provider-absent"),
        log("s3", 11, status="student-absent"),
    )
    r = row(student, settings=policy)
    assert (r.excused, r.owed) == (30, 60)


def test_school_closed_on_a_calendar_closure_is_not_excused_twice() -> None:
    """Nov 25 is closed in the calendar, so it is not required; a school-closed session
    that day excuses nothing. A cancelled session on a school day (Nov 23) is excused."""
    student = pupil(
        log("s1", 23, status="school-closed"),
        log("s2", 25, status="school-closed"),
    )
    r = row(student, week_of(date(2026, 11, 23)))
    assert (r.required, r.excused, r.unaccounted) == (48, 30, 18)


def test_over_delivery_is_shown_apart_and_compliance_stops_at_100() -> None:
    """150 delivered of 120: 100%, 30 over-delivered (was 125%)."""
    student = pupil(*(log(f"s{d}", d) for d in range(9, 14)))
    r = row(student)
    assert (r.delivered, r.over_delivered, r.compliance_pct) == (150, 30, 100.0)


def test_excused_minutes_lower_only_the_missing_part_of_the_requirement() -> None:
    """Week of Nov 9 (120 required), a student absence (30, excused): with 120 delivered
    it is 100% (was 120/90 = 133.3%); with 100 delivered the 20 missing are excused: 100%
    (was 111.1%); with 60 delivered, 60 / (120 - 30) = 66.7%."""
    absent = log("a", 9, status="student-absent")
    full = pupil(absent, *(log(f"s{d}", d) for d in range(10, 14)), log("x", 13))
    assert (row(full).delivered, row(full).compliance_pct, row(full).over_delivered) == (
        150,
        100.0,
        30,
    )
    exact = pupil(absent, *(log(f"s{d}", d) for d in range(10, 14)))
    assert (row(exact).delivered, row(exact).compliance_pct) == (120, 100.0)
    most = pupil(absent, log("s1", 10, minutes=50), log("s2", 11, minutes=50))
    assert (row(most).delivered, row(most).compliance_pct) == (100, 100.0)
    half = pupil(absent, log("s1", 10), log("s2", 11))
    assert row(half).compliance_pct == 66.7


def test_compliance_never_exceeds_100_when_delivered_at_most_required() -> None:
    for required in (0, 1, 7, 60, 120):
        for delivered in range(required + 1):
            for excused in range(required + 1):
                pct = compliance(delivered, required, excused)
                assert pct is None or 0 <= pct <= 100, (delivered, required, excused)
    assert compliance(0, 120, 120) is None
    assert compliance(90, 60, 0) == 100.0


def test_unaccounted_is_required_with_nothing_logged() -> None:
    r = row(pupil(log("s1", 9)))
    assert (r.required, r.delivered, r.unaccounted, r.compliance_pct) == (120, 30, 90, 25.0)


@pytest.mark.parametrize(
    ("minutes", "units"), [(7, 0), (8, 1), (22, 1), (23, 2), (38, 3), (53, 4), (0, 0)]
)
def test_medicaid_units_eight_minute_rule(minutes: int, units: int) -> None:
    """15-minute units, floor((minutes + 7) / 15)."""
    assert medicaid_units(minutes) == units


def test_medicaid_units_add_up_per_session() -> None:
    """Two 8-minute sessions bill 1 unit each (2), not one 16-minute unit."""
    r = row(pupil(log("s1", 9, minutes=8), log("s2", 10, minutes=8)))
    assert r.medicaid_units == 2


# --- caseload -------------------------------------------------------------------------------


def test_caseload_rows_per_student_and_service_including_unprescribed() -> None:
    speech = Prescription("rx3", "speech", 30, "week", date(2026, 9, 1))
    ava = pupil(log("s1", 9), services=(READING, speech))
    ben = replace(
        pupil(Session("t1", "ot", date(2026, 11, 10), 20)), id="ben-t", plan=Plan(services=())
    )
    rows = caseload_minutes(Caseload(SETTINGS, (CALENDAR,), (ava, ben)), WEEK, TODAY)
    assert [(r.student, r.service, r.required, r.delivered) for r in rows] == [
        ("ava-m", "reading", 120, 30),
        ("ava-m", "speech", 30, 0),
        ("ben-t", "ot", 0, 20),
    ]
    assert rows[2].compliance_pct is None


def test_open_missed_lists_what_a_make_up_can_still_link() -> None:
    from caseterm.model.minutes import open_missed
    from caseterm.model.records import Session

    missed_a = Session("a", "speech", date(2026, 11, 2), 30, "provider-absent")
    missed_b = Session("b", "speech", date(2026, 11, 9), 30, "student-absent")
    partly = Session("c", "speech", date(2026, 11, 10), 20, "makeup", makeup_for="b")
    fully = Session("d", "speech", date(2026, 11, 11), 30, "makeup", makeup_for="a")
    delivered = Session("e", "speech", date(2026, 11, 12), 30)
    found = open_missed([missed_a, missed_b, partly, fully, delivered])
    assert [s.id for s in found] == ["b"]
