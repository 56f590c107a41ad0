"""State clocks worked by hand from their citations: California's assessment plan and
late referrals, Texas's summer, late consent and absences, Section 504 reevaluation.

The calendar is tests/builders.CALENDAR (Aug 17 2026 - Jun 4 2027, winter break Dec 21 -
Jan 1); the next school year is projected from Monday 2027-08-16, with no closures known.
"""

from __future__ import annotations

from datetime import date

from caseterm.model.compliance import Deadline, evaluation_due, student_deadlines
from caseterm.model.records import Student
from caseterm.model.rules import FEDERAL, RuleProfile, apply_rules
from caseterm.store.infra.profiles import read_profile
from tests.builders import TODAY, clock, days, student

CA = read_profile("california")[0]
TX = read_profile("texas")[0]


def one(s: Student, kind: str, rules: RuleProfile, today: date = TODAY) -> Deadline:
    found = [d for d in student_deadlines(s, clock(rules, today)) if d.kind == kind]
    assert len(found) == 1, kind
    return found[0]


def kinds(s: Student, rules: RuleProfile) -> set[str]:
    return {d.kind for d in student_deadlines(s, clock(rules))}


# --- California ------------------------------------------------------------------------


def test_california_referral_25_days_before_the_year_ends_iep_30_days_into_the_next() -> None:
    """Ed Code 56344(a): referral 2027-05-10 is 25 days before the last day (2027-06-04):
    the IEP is due 30 days after the next year starts (2027-08-16): 2027-09-15. Counting
    60 days from consent 2027-05-14 across the summer would give 2027-09-23."""
    s = student(referral=date(2027, 5, 10), consent=date(2027, 5, 14))
    for kind in ("initial-evaluation", "initial-iep"):
        item = one(s, kind, CA, date(2027, 5, 14))
        assert (item.due, item.estimated, item.rule) == (
            date(2027, 9, 15),
            True,
            "Cal. Ed Code 56344(a), 56043(f)(2)",
        )


def test_california_late_referral_window_is_30_calendar_days() -> None:
    """2027-05-05 is 30 days before 2027-06-04: the rule applies (2027-09-15).
    2027-05-04 is 31 days before: the 60 days run, 31 of them before the summer
    (May 5 - Jun 4), 29 after it from 2027-08-16: 2027-09-13."""
    at30 = student(referral=date(2027, 5, 5), consent=date(2027, 5, 5))
    assert one(at30, "initial-iep", CA).due == date(2027, 9, 15)
    at31 = student(referral=date(2027, 5, 4), consent=date(2027, 5, 4))
    item = one(at31, "initial-iep", CA)
    assert (item.due, item.rule) == (date(2027, 9, 13), "Cal. Ed Code 56344(a), 56043(f)")


def test_california_assessment_plan_15_days_not_counting_winter_break() -> None:
    """Ed Code 56321(a), 56043(a): referral Monday 2026-12-14; Dec 15-18 are 4 days, the
    break Dec 19 - Jan 3 (10 school weekdays) is not counted, 11 more from Jan 4: 2027-01-14.
    Federal rules set no such deadline."""
    s = student(referral=date(2026, 12, 14))
    item = one(s, "assessment-plan", CA)
    assert (item.due, item.status, item.rule) == (
        date(2027, 1, 14),
        "upcoming",
        "Cal. Ed Code 56321(a), 56043(a)",
    )
    assert "assessment-plan" not in kinds(s, FEDERAL)
    consented = student(referral=date(2026, 12, 14), consent=date(2027, 1, 8))
    assert one(consented, "assessment-plan", CA).done == date(2027, 1, 8)


def test_california_assessment_plan_counts_a_leap_day() -> None:
    """Referral Sunday 2028-02-20 (projected 2027-28 year, no long break): Feb 21-29 are
    9 days in a leap year, Mar 1-6 six more: 2028-03-06."""
    item = one(student(referral=date(2028, 2, 20)), "assessment-plan", CA, date(2028, 2, 21))
    assert (item.due, item.estimated) == (date(2028, 3, 6), True)


def test_california_assessment_plan_after_a_referral_in_the_last_10_days() -> None:
    """Ed Code 56321(a): referral 2027-05-27, 8 days before 2027-06-04: 10 days after the
    next year starts (2027-08-16): 2027-08-26. Referral 2027-05-24 (11 days before): 11
    days to the summer (May 25 - Jun 4), 4 after it: 2027-08-19."""
    late = one(student(referral=date(2027, 5, 27)), "assessment-plan", CA, date(2027, 5, 27))
    assert late.due == date(2027, 8, 26)
    early = one(student(referral=date(2027, 5, 24)), "assessment-plan", CA, date(2027, 5, 24))
    assert early.due == date(2027, 8, 19)


# --- Texas -----------------------------------------------------------------------------


def test_texas_absences_of_3_school_days_extend_the_45_school_days() -> None:
    """TEC 29.004(a)(1): consent 2026-10-01, the 45th school day is 2026-12-08. Two
    absences do not extend it, nor does an 'absence' on a closed day (Nov 25) or after the
    45th day (Dec 9); a third absence on a school day adds 3 school days: 2026-12-11."""
    index = days()
    start = date(2026, 10, 1)

    def due(*absent: date) -> date:
        return evaluation_due(start, TX, index, absences=absent).due

    two = (date(2026, 10, 5), date(2026, 10, 6))
    assert due() == due(*two) == date(2026, 12, 8)
    assert due(*two, date(2026, 11, 25), date(2026, 12, 9), date(2026, 10, 6)) == date(2026, 12, 8)
    extended = evaluation_due(start, TX, index, absences=(*two, date(2026, 10, 7)))
    assert (extended.due, extended.rule) == (date(2026, 12, 11), "TEC 29.004(a)(1)")
    assert evaluation_due(start, FEDERAL, index, absences=two).due == date(2026, 11, 30)


def test_texas_absences_before_the_last_day_cancel_the_june_30_rule() -> None:
    """TEC 29.004(a-1): consent 2027-04-12 leaves 38 school days -> June 30. Absent Apr 13,
    14, 15: the 45 school days run, extended by 3: 48 = 38 this year + 10 from 2027-08-16:
    2027-08-27."""
    index = days()
    start = date(2027, 4, 12)
    two = (date(2027, 4, 13), date(2027, 4, 14))
    assert evaluation_due(start, TX, index, absences=two).due == date(2027, 6, 30)
    three = evaluation_due(start, TX, index, absences=(*two, date(2027, 4, 15)))
    assert (three.due, three.estimated) == (date(2027, 8, 27), True)


def test_texas_ard_due_on_the_first_day_of_classes_when_day_30_is_in_summer() -> None:
    """19 TAC 89.1011: report 2027-05-20, the 30th day (2027-06-19) falls after the last
    day (2027-06-04): the ARD meeting is due the first day of classes, 2027-08-16. On
    2027-07-01 that is upcoming, not overdue."""
    s = student(consent=date(2027, 3, 1), evaluation=date(2027, 5, 20))
    item = one(s, "initial-iep", TX, date(2027, 7, 1))
    assert (item.due, item.status, item.rule) == (
        date(2027, 8, 16),
        "upcoming",
        "19 TAC 89.1011",
    )


def test_texas_ard_on_a_holiday_in_session_stays_the_30th_day() -> None:
    """Report 2027-05-01: the 30th day is Memorial Day 2027-05-31, a closure while school
    is in session, not the summer: due 2027-05-31."""
    s = student(consent=date(2027, 2, 1), evaluation=date(2027, 5, 1))
    assert one(s, "initial-iep", TX, date(2027, 5, 1)).due == date(2027, 5, 31)


def test_texas_ard_by_the_15th_school_day_after_a_june_30_report() -> None:
    """TEC 29.004(a-1): consent 2027-04-12 (38 school days left), report 2027-06-25: the ARD
    committee meets by the 15th school day of the next year: Aug 16-20, 23-27, Aug 30 -
    Sep 3 -> 2027-09-03 (no Labor Day known in the projected year). Not overdue on
    2027-08-01 (30 days from the report would be 2027-07-25)."""
    s = student(consent=date(2027, 4, 12), evaluation=date(2027, 6, 25))
    item = one(s, "initial-iep", TX, date(2027, 8, 1))
    assert (item.due, item.status, item.estimated) == (date(2027, 9, 3), "upcoming", True)
    assert item.rule.startswith("TEC 29.004(a-1)")
    pending = one(student(consent=date(2027, 4, 12)), "initial-iep", TX, date(2027, 4, 20))
    assert pending.due == date(2027, 9, 3), "known from the consent, before the report"


# --- Section 504 -----------------------------------------------------------------------


def test_section_504_reevaluation_every_3_years_from_a_leap_day() -> None:
    """34 CFR 104.35(d): evaluated 2024-02-29; 3 years -> 2027-02-27 (plus 1 year minus a
    day) or 2027-02-28 (365 days a year); a district policy of 2 years -> 2026-02-27,
    overdue. IEP students keep their own reevaluation (300.303), not this one."""
    s = student(plan_type="504", evaluation=date(2024, 2, 29), plan_meeting=date(2026, 3, 10))
    item = one(s, "504-reevaluation", FEDERAL)
    assert (item.due, item.status, item.rule) == (date(2027, 2, 27), "upcoming", "34 CFR 104.35(d)")
    days365, problems = apply_rules(FEDERAL, [("annual", "plus-365-days")])
    assert one(s, "504-reevaluation", days365).due == date(2027, 2, 28)
    two, problems = apply_rules(FEDERAL, [("section504_reevaluation_years", 2)])
    assert problems == []
    assert (one(s, "504-reevaluation", two).due, one(s, "504-reevaluation", two).status) == (
        date(2026, 2, 27),
        "overdue",
    )
    iep = student(evaluation=date(2024, 2, 29), plan_meeting=date(2026, 3, 10))
    assert "504-reevaluation" not in kinds(iep, FEDERAL)
