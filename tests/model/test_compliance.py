"""The compliance clock, rule by rule, with hand-worked dates (today is 2026-11-25)."""

from __future__ import annotations

from datetime import date

import pytest
from msgspec.structs import replace

from caseterm.model.compliance import (
    Deadline,
    caseload_deadlines,
    deadline_status,
    student_deadlines,
)
from caseterm.model.records import (
    BehaviorPlan,
    Caseload,
    Contact,
    Meeting,
    Student,
    Transition,
)
from caseterm.model.rules import FEDERAL, RuleProfile
from caseterm.store.infra.profiles import read_profile
from tests.builders import CALENDAR, SETTINGS, TODAY, clock, student


def profile(name: str) -> RuleProfile:
    return read_profile(name)[0]


def items(s: Student, rules: RuleProfile = FEDERAL, today: date = TODAY) -> list[Deadline]:
    return student_deadlines(s, clock(rules, today))


def one(s: Student, kind: str, rules: RuleProfile = FEDERAL, today: date = TODAY) -> Deadline:
    found = [d for d in items(s, rules, today) if d.kind == kind]
    assert len(found) == 1, [d.kind for d in items(s, rules, today)]
    return found[0]


def kinds(s: Student, rules: RuleProfile = FEDERAL) -> set[str]:
    return {d.kind for d in items(s, rules)}


# --- status --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("due", "status"),
    [
        (date(2026, 11, 24), "overdue"),
        (date(2026, 11, 25), "due-soon"),
        (date(2026, 12, 25), "due-soon"),
        (date(2026, 12, 26), "upcoming"),
    ],
)
def test_status_boundaries_with_due_soon_30_days(due: date, status: str) -> None:
    assert deadline_status(due, TODAY, 30) == status
    assert deadline_status(due, TODAY, 30, done=True) == "done"


# --- initial evaluation and initial IEP -----------------------------------------------


def test_initial_evaluation_60_days_from_consent() -> None:
    """34 CFR 300.301(c)(1): consent 2026-10-05 + 60 days = 2026-12-04 (9 days left)."""
    item = one(student(consent=date(2026, 10, 5)), "initial-evaluation")
    assert (item.due, item.days_left, item.status) == (date(2026, 12, 4), 9, "due-soon")
    assert item.rule == "34 CFR 300.301(c)(1)"


def test_initial_evaluation_done_when_the_evaluation_is_recorded() -> None:
    s = student(consent=date(2026, 10, 5), evaluation=date(2026, 11, 20))
    item = one(s, "initial-evaluation")
    assert (item.status, item.done) == ("done", date(2026, 11, 20))


def test_texas_45_school_days_from_consent() -> None:
    """TEC 29.004(a): the 45th school day after 2026-10-01 is 2026-12-08 (Thanksgiving
    break Nov 25-27 not counted); the federal 60 days would give 2026-11-30."""
    s = student(consent=date(2026, 10, 1))
    assert one(s, "initial-evaluation").due == date(2026, 11, 30)
    item = one(s, "initial-evaluation", profile("texas"))
    assert (item.due, item.rule, item.estimated) == (date(2026, 12, 8), "TEC 29.004(a)", False)


def test_texas_late_consent_report_due_june_30() -> None:
    """TEC 29.004(a-1): 38 school days left after consent 2027-04-12 (at least 35, fewer
    than 45) -> June 30; after 2027-04-01 exactly 45 are left -> the last day, June 4."""
    tx = profile("texas")
    late = one(student(consent=date(2027, 4, 12)), "initial-evaluation", tx, date(2027, 4, 12))
    assert late.due == date(2027, 6, 30)
    edge = one(student(consent=date(2027, 4, 1)), "initial-evaluation", tx, date(2027, 4, 1))
    assert edge.due == date(2027, 6, 4)


def test_texas_late_consent_boundary_at_35_school_days() -> None:
    """Consent 2027-04-15 leaves exactly 35 school days (Apr 16 - Jun 4) -> June 30;
    2027-04-16 leaves 34 -> the 45 count runs on: 11 days into the projected next year
    (from Monday 2027-08-16): 2027-08-30."""
    tx = profile("texas")
    at35 = one(student(consent=date(2027, 4, 15)), "initial-evaluation", tx, date(2027, 4, 15))
    assert at35.due == date(2027, 6, 30)
    at34 = one(student(consent=date(2027, 4, 16)), "initial-evaluation", tx, date(2027, 4, 16))
    assert (at34.due, at34.estimated) == (date(2027, 8, 30), True)


def test_texas_consent_near_year_end_counts_into_the_next_year_estimated() -> None:
    """28 school days left after 2027-04-26; the other 17 fall in the projected next year
    (first day Monday 2027-08-16, no closures known): 2027-09-07, marked estimated."""
    item = one(
        student(consent=date(2027, 4, 26)), "initial-evaluation", profile("texas"), date(2027, 5, 1)
    )
    assert (item.due, item.estimated) == (date(2027, 9, 7), True)


def test_california_60_days_not_counting_winter_break() -> None:
    """Ed Code 56344(a): consent 2026-11-30; Dec 19 - Jan 3 (10 school days off) is not
    counted: 2027-02-14. The IEP is due the same day (the 60 days cover it)."""
    s = student(consent=date(2026, 11, 30))
    ca = profile("california")
    evaluation = one(s, "initial-evaluation", ca)
    iep = one(s, "initial-iep", ca)
    assert evaluation.due == iep.due == date(2027, 2, 14)
    assert iep.rule == "Cal. Ed Code 56344(a), 56043(f)"


def test_north_carolina_90_days_from_referral_to_placement() -> None:
    """NC 1503-4.4: referral 2026-10-01 + 90 days = 2026-12-30, evaluation and IEP alike."""
    s = student(referral=date(2026, 10, 1))
    nc = profile("north-carolina")
    assert one(s, "initial-evaluation", nc).due == date(2026, 12, 30)
    assert one(s, "initial-iep", nc).due == date(2026, 12, 30)
    assert "initial-evaluation" not in kinds(s), "federal: no clock runs from a referral"


def test_initial_iep_30_days_from_eligibility() -> None:
    """34 CFR 300.323(c)(1): eligibility 2026-11-20 + 30 days = 2026-12-20."""
    s = student(consent=date(2026, 10, 5), eligibility=date(2026, 11, 20))
    item = one(s, "initial-iep")
    assert (item.due, item.status, item.rule) == (
        date(2026, 12, 20),
        "due-soon",
        "34 CFR 300.323(c)(1)",
    )
    held = replace(s, plan=replace(s.plan, dates=replace(s.plan.dates, plan_meeting=TODAY)))
    assert one(held, "initial-iep").status == "done"


def test_texas_ard_meeting_30_days_from_the_evaluation_report() -> None:
    """19 TAC 89.1011: evaluation report 2026-11-10 + 30 days = 2026-12-10."""
    s = student(consent=date(2026, 10, 1), evaluation=date(2026, 11, 10))
    assert one(s, "initial-iep", profile("texas")).due == date(2026, 12, 10)


def test_no_initial_clock_for_a_student_who_already_has_an_iep() -> None:
    """A consent dated after the current IEP meeting is a reevaluation consent."""
    s = student(consent=date(2026, 10, 5), plan_meeting=date(2026, 9, 15))
    assert "initial-evaluation" not in kinds(s)


def test_old_done_items_leave_the_timeline() -> None:
    """Done items are kept only when due in the current school year (from 2026-08-17)."""
    s = student(
        consent=date(2023, 9, 1),
        evaluation=date(2023, 10, 20),
        eligibility=date(2023, 10, 25),
        plan_meeting=date(2023, 11, 14),
    )
    assert not kinds(s) & {"initial-evaluation", "initial-iep"}
    no_meeting = replace(s, plan=replace(s.plan, dates=replace(s.plan.dates, plan_meeting=None)))
    overdue = one(no_meeting, "initial-iep")
    assert (overdue.due, overdue.status) == (date(2023, 11, 24), "overdue")


# --- annual review and reevaluation ------------------------------------------------------


def test_annual_review_one_year_minus_a_day_after_the_meeting() -> None:
    """34 CFR 300.324(b)(1)(i): meeting 2026-09-15 -> due 2027-09-14 (federal default),
    2027-09-15 with annual = plus-365-days."""
    s = student(plan_meeting=date(2026, 9, 15))
    item = one(s, "annual-review")
    assert (item.due, item.status, item.rule) == (
        date(2027, 9, 14),
        "upcoming",
        "34 CFR 300.324(b)(1)(i)",
    )
    plus365 = replace(FEDERAL, annual="plus-365-days")
    assert one(s, "annual-review", plus365).due == date(2027, 9, 15)


def test_annual_review_leap_day_meeting() -> None:
    s = student(plan_meeting=date(2024, 2, 29))
    today = date(2025, 1, 10)
    assert one(s, "annual-review", today=today).due == date(2025, 2, 27)
    plus365 = replace(FEDERAL, annual="plus-365-days")
    assert one(s, "annual-review", plus365, today).due == date(2025, 2, 28)


def test_annual_review_earlier_plan_end_wins_and_held_meetings_count() -> None:
    s = student(plan_meeting=date(2026, 1, 20), plan_end=date(2027, 1, 10))
    assert one(s, "annual-review").due == date(2027, 1, 10)
    held = replace(s, meetings=(Meeting("m1", date(2026, 11, 2), "annual-review"),))
    assert one(held, "annual-review").due == date(2027, 11, 1), "the old plan_end is stale"


def test_scheduled_review_meeting_is_noted_and_listed() -> None:
    s = replace(
        student(plan_meeting=date(2026, 1, 20)),
        meetings=(Meeting("m1", date(2026, 12, 10), "annual-review", status="scheduled"),),
    )
    assert "meeting scheduled 2026-12-10" in one(s, "annual-review").detail
    meeting = one(s, "meeting")
    assert (meeting.due, meeting.status, meeting.label) == (
        date(2026, 12, 10),
        "due-soon",
        "Scheduled meeting (annual IEP review)",
    )


def test_past_scheduled_meeting_is_overdue_until_recorded() -> None:
    s = replace(
        student(), meetings=(Meeting("m1", date(2026, 11, 20), "eligibility", status="scheduled"),)
    )
    item = one(s, "meeting")
    assert (item.status, item.days_left) == ("overdue", -5)
    assert "record it as held or cancelled" in item.detail


def test_reevaluation_every_three_years_not_more_than_once_a_year() -> None:
    """34 CFR 300.303(b): evaluation 2023-10-20 -> due 2026-10-19, earliest 2024-10-20."""
    item = one(student(evaluation=date(2023, 10, 20)), "reevaluation")
    assert (item.due, item.earliest, item.status, item.days_left) == (
        date(2026, 10, 19),
        date(2024, 10, 20),
        "overdue",
        -37,
    )


def test_waived_reevaluation_is_done() -> None:
    """34 CFR 300.303(b)(2): parent and district agree a reevaluation is unnecessary."""
    s = student(evaluation=date(2023, 10, 20), reevaluation_waived=True)
    item = one(s, "reevaluation")
    assert item.status == "done"
    assert "waived" in item.detail


# --- transition and transfer of rights ----------------------------------------------


def test_transition_plan_due_on_the_16th_birthday_overdue_only_after_it() -> None:
    """34 CFR 300.320(b): born 2010-05-02, turned 16 on 2026-05-02 while the IEP of
    2026-01-20 was in effect: the hard limit was the birthday (207 days ago), the
    recommended meeting 2026-01-20."""
    s = student(birth=date(2010, 5, 2), plan_meeting=date(2026, 1, 20))
    item = one(s, "transition-plan")
    assert (item.due, item.recommended, item.status, item.days_left, item.rule) == (
        date(2026, 5, 2),
        date(2026, 1, 20),
        "overdue",
        -207,
        "34 CFR 300.320(b)",
    )
    done = replace(s, plan=replace(s.plan, transition=Transition(date=date(2026, 1, 20))))
    assert "transition-plan" not in kinds(done), "done, and due before this school year"


def test_transition_plan_can_still_be_amended_before_the_birthday_so_due_soon() -> None:
    """Born 2011-01-15, IEP of 2026-03-01 (review due 2027-02-28) is in effect on the 16th
    birthday 2027-01-15. Its meeting passed without a plan, but an amendment before the
    birthday still complies: due 2027-01-15 (51 days), due soon, not "overdue -269"."""
    s = student(birth=date(2011, 1, 15), plan_meeting=date(2026, 3, 1))
    item = one(s, "transition-plan")
    assert (item.due, item.recommended, item.days_left, item.status) == (
        date(2027, 1, 15),
        date(2026, 3, 1),
        51,
        "due-soon",
    )


def test_transition_plan_recommended_at_the_next_review_when_16_during_the_next_iep() -> None:
    """Born 2011-02-10, meeting 2026-02-01: the next review (due 2027-01-31, 67 days away)
    writes the IEP in effect on the 16th birthday, 2027-02-10, the hard limit."""
    s = student(birth=date(2011, 2, 10), plan_meeting=date(2026, 2, 1))
    item = one(s, "transition-plan")
    assert (item.due, item.recommended, item.status) == (
        date(2027, 2, 10),
        date(2027, 1, 31),
        "upcoming",
    )
    done = replace(s, plan=replace(s.plan, transition=Transition(date=date(2026, 11, 2))))
    assert (one(done, "transition-plan").status, one(done, "transition-plan").done) == (
        "done",
        date(2026, 11, 2),
    )


def test_transition_plan_hard_limit_on_a_leap_day_birthday() -> None:
    """Born 2012-02-29: 16 on 2028-02-29 (a leap year), in the IEP of 2027-03-15. On
    2028-02-29 it is due today (due soon); on 2028-03-01 it is 1 day overdue."""
    s = student(birth=date(2012, 2, 29), plan_meeting=date(2027, 3, 15))
    on_the_day = one(s, "transition-plan", today=date(2028, 2, 29))
    assert (on_the_day.due, on_the_day.days_left, on_the_day.status) == (
        date(2028, 2, 29),
        0,
        "due-soon",
    )
    after = one(s, "transition-plan", today=date(2028, 3, 1))
    assert (after.days_left, after.status) == (-1, "overdue")


def test_transition_age_14_in_north_carolina() -> None:
    """NC 1503-4.1(b)(1): born 2012-12-01, turns 14 on 2026-12-01 during the IEP of
    2026-09-15; federally (16, in 2028) it is not on the timeline yet."""
    s = student(birth=date(2012, 12, 1), plan_meeting=date(2026, 9, 15))
    item = one(s, "transition-plan", profile("north-carolina"))
    assert (item.due, item.recommended, item.status) == (
        date(2026, 12, 1),
        date(2026, 9, 15),
        "due-soon",
    )
    assert "transition-plan" not in kinds(s)


def test_transfer_of_rights_a_year_before_majority_by_state() -> None:
    """34 CFR 300.320(c): born 2009-12-01, meeting 2026-10-01 (next review due 2027-09-30).
    Majority 18: statement by 17 (2026-12-01), recommended at 2026-10-01.
    Alabama 19: by 18 (2027-12-01), recommended at the next review, 2027-09-30.
    Mississippi 21: by 20 (2029) -> not on the timeline yet."""
    s = student(birth=date(2009, 12, 1), plan_meeting=date(2026, 10, 1))
    item = one(s, "transfer-of-rights")
    assert (item.due, item.recommended, item.status) == (
        date(2026, 12, 1),
        date(2026, 10, 1),
        "due-soon",
    )
    alabama = one(s, "transfer-of-rights", profile("alabama"))
    assert (alabama.due, alabama.recommended, alabama.status, alabama.rule) == (
        date(2027, 12, 1),
        date(2027, 9, 30),
        "upcoming",
        "34 CFR 300.320(c), 300.520; Ala. Code 26-1-1",
    )
    assert "transfer-of-rights" not in kinds(s, profile("mississippi"))


def test_transfer_of_rights_mississippi_at_20() -> None:
    """Mississippi 21: born 2007-12-01 turns 20 on 2027-12-01, after the next review
    (due 2027-09-30) -> recommended then; federal: 17 on 2024-12-01, long overdue."""
    s = student(birth=date(2007, 12, 1), plan_meeting=date(2026, 10, 1))
    mississippi = one(s, "transfer-of-rights", profile("mississippi"))
    assert (mississippi.due, mississippi.recommended) == (date(2027, 12, 1), date(2027, 9, 30))
    federal = one(s, "transfer-of-rights")
    assert (federal.due, federal.status) == (date(2024, 12, 1), "overdue")
    done = replace(
        s, plan=replace(s.plan, dates=replace(s.plan.dates, transfer_of_rights=date(2026, 10, 1)))
    )
    assert one(done, "transfer-of-rights", profile("mississippi")).status == "done"


# --- progress reports, notices -----------------------------------------------------------


def test_progress_reports_per_period_done_by_a_contact() -> None:
    """34 CFR 300.320(a)(3)(ii): Q1 report sent (contact purpose progress-report, period
    Q1); Q2 due 2027-01-22; Q3, Q4 upcoming."""
    s = replace(
        student(plan_meeting=date(2026, 9, 15)),
        contacts=(
            Contact("c1", date(2026, 10, 29), "mail", purpose="progress-report", period="Q1"),
            Contact("c2", date(2026, 11, 2), "phone", purpose="general", period="Q2"),
        ),
    )
    reports = [(d.about, d.due, d.status) for d in items(s) if d.kind == "progress-report"]
    assert reports == [
        ("Q1", date(2026, 10, 30), "done"),
        ("Q2", date(2027, 1, 22), "upcoming"),
        ("Q3", date(2027, 3, 26), "upcoming"),
        ("Q4", date(2027, 6, 11), "upcoming"),
    ]


def test_no_progress_report_before_the_first_iep() -> None:
    """Found eligible 2027-01-10 (Q1 ended 2026-10-23, before it); a student still being
    evaluated has no IEP and no reports; a plan renewed in January counts from the first
    eligibility, so Q1 is still due."""
    new = student(eligibility=date(2027, 1, 10), plan_start=date(2027, 2, 1))
    assert [d.about for d in items(new) if d.kind == "progress-report"] == ["Q2", "Q3", "Q4"]
    evaluating = student(consent=date(2026, 10, 5), eligibility=date(2026, 11, 20))
    assert "progress-report" not in kinds(evaluating)
    renewed = student(eligibility=date(2022, 5, 2), plan_meeting=date(2027, 1, 12))
    assert [d.about for d in items(renewed) if d.kind == "progress-report"] == [
        "Q1",
        "Q2",
        "Q3",
        "Q4",
    ]


def test_safeguards_notice_once_a_school_year() -> None:
    """34 CFR 300.504(a): given 2026-09-15 (this school year) -> done; given last year ->
    due by the annual review if it falls in the school year, else the last day."""
    given = student(plan_meeting=date(2026, 9, 15), safeguards_notice=date(2026, 9, 15))
    assert one(given, "safeguards-notice").status == "done"
    stale = student(plan_meeting=date(2026, 2, 1), safeguards_notice=date(2026, 2, 1))
    assert one(stale, "safeguards-notice").due == date(2027, 1, 31)
    late_review = student(plan_meeting=date(2026, 9, 15), safeguards_notice=date(2025, 9, 15))
    assert one(late_review, "safeguards-notice").due == date(2027, 6, 4)


def test_medicaid_notice_annually_only_after_consent() -> None:
    """34 CFR 300.154(d)(2)(v): last notice 2025-09-15 -> due 2026-09-14 (overdue)."""
    s = student(medicaid_consent=date(2024, 9, 10), medicaid_notice=date(2025, 9, 15))
    item = one(s, "medicaid-notice")
    assert (item.due, item.status) == (date(2026, 9, 14), "overdue")
    assert "medicaid-notice" not in kinds(student(medicaid_notice=date(2025, 9, 15)))


# --- Section 504, Part C, BIP ----------------------------------------------------------


def test_section_504_periodic_review_interval_is_a_setting() -> None:
    """34 CFR 104.35(d): meeting 2026-03-10, 12 months -> 2027-03-09; 6 -> 2026-09-09."""
    s = student(plan_type="504", plan_meeting=date(2026, 3, 10))
    assert one(s, "504-review").due == date(2027, 3, 9)
    six = replace(FEDERAL, section504_review_months=6)
    assert one(s, "504-review", six).due == date(2026, 9, 9)
    assert not kinds(s) & {"annual-review", "progress-report", "safeguards-notice"}


def test_part_c_initial_ifsp_45_days_from_referral() -> None:
    """34 CFR 303.310(a): referral 2026-11-02 + 45 days = 2026-12-17."""
    s = student(plan_type="IFSP", birth=date(2025, 6, 1), referral=date(2026, 11, 2))
    assert one(s, "ifsp-initial").due == date(2026, 12, 17)


def test_part_c_review_every_six_months() -> None:
    """34 CFR 303.342(b): IFSP meeting 2026-06-15 -> review by 2026-12-14."""
    s = student(plan_type="IFSP", birth=date(2025, 6, 1), plan_meeting=date(2026, 6, 15))
    assert one(s, "ifsp-review").due == date(2026, 12, 14)
    reviewed = replace(s, meetings=(Meeting("m", date(2026, 12, 1), "ifsp-review"),))
    item = one(reviewed, "ifsp-review", today=date(2026, 12, 2))
    assert item.due == date(2027, 5, 31), "6 months after the review, before the annual"


def test_part_c_transition_window_before_the_third_birthday() -> None:
    """34 CFR 303.209(d): born 2024-05-20; third birthday 2027-05-20: plan due 90 days
    before (2027-02-19), not earlier than 9 months before (2026-08-20)."""
    s = student(plan_type="IFSP", birth=date(2024, 5, 20))
    item = one(s, "part-c-transition")
    assert (item.due, item.earliest) == (date(2027, 2, 19), date(2026, 8, 20))


def test_bip_review_date() -> None:
    s = student(behavior_plan=BehaviorPlan(adopted=date(2026, 10, 1), review=date(2026, 12, 1)))
    item = one(s, "bip-review")
    assert (item.due, item.days_left, item.status) == (date(2026, 12, 1), 6, "due-soon")


# --- caseload -------------------------------------------------------------------------


def test_caseload_deadlines_are_sorted_by_due_date() -> None:
    caseload = Caseload(
        SETTINGS,
        (CALENDAR,),
        (
            student("ava-m", plan_meeting=date(2026, 9, 15)),
            student("ben-t", evaluation=date(2023, 12, 1)),
        ),
    )
    found = caseload_deadlines(caseload, FEDERAL, TODAY)
    assert [d.due for d in found] == sorted(d.due for d in found)
    assert {d.student for d in found} == {"ava-m", "ben-t"}
