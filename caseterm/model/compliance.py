"""The compliance clock: every deadline a student's plan, age and logs imply.

``caseload_deadlines`` answers "what is due?" for a whole caseload, ``student_deadlines``
for one student. Both are pure: the rule profile, school days and ``today`` are passed in.
docs/compliance.md explains each rule and the choices made where the law is silent.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, timedelta
from functools import lru_cache
from operator import attrgetter

from msgspec import Struct
from msgspec.structs import replace

from caseterm.model import behavior, discipline, vocab
from caseterm.model.attendance import absence_dates
from caseterm.model.calendar import SchoolDays, caseload_school_days
from caseterm.model.dates import add_months, add_years, after_months, after_years, annual, birthday
from caseterm.model.evaluation import with_evaluation_dates
from caseterm.model.records import Caseload, Contact, ReportingPeriod, Settings, Student
from caseterm.model.rules import RuleProfile, month_day
from caseterm.model.vocab import DeadlineKind, DeadlineStatus

STATUSES = vocab.DEADLINE_STATUSES
ONE_DAY = timedelta(days=1)

KINDS: dict[DeadlineKind, str] = {
    "assessment-plan": "Assessment plan to the family",
    "initial-evaluation": "Initial evaluation",
    "initial-iep": "Initial IEP meeting",
    "annual-review": "Annual IEP review",
    "reevaluation": "Reevaluation",
    "transition-plan": "Transition plan in the IEP",
    "transfer-of-rights": "Transfer-of-rights statement",
    "progress-report": "Progress report",
    "safeguards-notice": "Procedural safeguards notice",
    "medicaid-notice": "Medicaid annual notice",
    "504-review": "Section 504 plan review",
    "504-reevaluation": "Section 504 reevaluation",
    "ifsp-initial": "Initial IFSP",
    "ifsp-review": "IFSP review",
    "part-c-transition": "Part C transition plan",
    "bip-review": "Behavior plan review",
    "safety-review": "Safety review",
    "pattern-decision": "Pattern decision",
    "manifestation-review": "MDR meeting",
    "fba-bip": "FBA and BIP",
    "services-consent": "Services consent",
    "summary-of-performance": "Summary of perf.",
    "lea-notification": "LEA notification",
    "transition-conference": "Transition conf.",
    "iep-by-third-birthday": "IEP by age 3",
    "meeting": "Scheduled meeting",
}
"""Deadline kinds (stable ids used in JSON) and their titles."""


class Deadline(Struct, frozen=True, gc=False):
    """One item on a student's compliance timeline."""

    student: str
    kind: DeadlineKind
    due: date
    days_left: int
    """Days from today to ``due``; negative when overdue."""
    status: DeadlineStatus
    """overdue | due-soon | upcoming | done"""
    rule: str
    """The citation, e.g. "34 CFR 300.324(b)(1)"."""
    earliest: date | None = None
    """The first day the action may happen, where the rule has one."""
    done: date | None = None
    """When it was done, if known."""
    estimated: bool = False
    """The due date counts school days past the known school calendars."""
    detail: str = ""
    """How the due date was reached, and notes (a meeting already scheduled, a waiver)."""
    about: str = ""
    """What the item is about when a kind has several: a reporting period, a meeting."""
    recommended: date | None = None
    """When a rule's hard limit (``due``) is a birthday: the meeting that should write it
    (the IEP in effect on the birthday), recommended but not the legal limit."""

    @property
    def title(self) -> str:
        """The kind's title, e.g. "Annual IEP review"."""
        return KINDS.get(self.kind, self.kind)

    @property
    def label(self) -> str:
        """The title with what it is about, e.g. "Progress report Q2"."""
        return f"{self.title} {self.about}" if self.about else self.title


class Clock(Struct, frozen=True):
    """What every student's deadlines are computed against."""

    settings: Settings
    rules: RuleProfile
    days: SchoolDays
    today: date


def caseload_deadlines(
    caseload: Caseload, rules: RuleProfile, today: date, days: SchoolDays | None = None
) -> list[Deadline]:
    """Every student's deadlines, soonest first (then by student and kind)."""
    clock = Clock(caseload.settings, rules, days or caseload_school_days(caseload), today)
    items = [item for s in caseload.students for item in _deadlines(s, clock)]
    # Sorted once (stable): each student's own order needs no sort of its own first.
    return sorted(items, key=attrgetter("due", "student", "kind", "detail"))


def student_deadlines(student: Student, clock: Clock) -> list[Deadline]:
    """One student's deadlines, soonest first.

    Done items are kept when they fell due in the current school year (or later), so the
    year's record stays visible; older done items are left out.
    """
    return sorted(_deadlines(student, clock), key=attrgetter("due", "kind", "detail"))


def _deadlines(student: Student, clock: Clock) -> list[Deadline]:
    """``student_deadlines`` in the order the rules give them."""
    student = with_evaluation_dates(with_consent_dates(student))
    plan_type = student.profile.plan_type
    rules: list[Iterator[Deadline]] = [
        _bip_review(student, clock),
        _safety_review(student, clock),
        _scheduled_meetings(student, clock),
    ]
    if plan_type == "IEP":
        cycle = _review_anchor(student, clock.today)
        review = _annual_review(student, clock, cycle)
        horizon = review.due if review is not None else clock.today + timedelta(days=365)
        rules += [
            _assessment_plan(student, clock),
            _initial_evaluation(student, clock),
            _initial_iep(student, clock),
            iter([review] if review is not None else []),
            _reevaluation(student, clock),
            _age_statement(student, clock, "transition-plan", horizon, cycle),
            _age_statement(student, clock, "transfer-of-rights", horizon, cycle),
            _progress_reports(student, clock),
            _safeguards_notice(student, clock, review),
            _medicaid_notice(student, clock),
            _discipline(student, clock),
            _services_consent(student, clock),
            _summary_of_performance(student, clock),
        ]
    elif plan_type == "MTSS":
        # No plan yet: only the clocks a referral starts (docs/assessments.md).
        rules += [
            _assessment_plan(student, clock),
            _initial_evaluation(student, clock),
            _initial_iep(student, clock),
        ]
    elif plan_type == "504":
        rules += [_section504_review(student, clock), _section504_reevaluation(student, clock)]
    elif plan_type == "IFSP":
        rules += [
            _ifsp_initial(student, clock),
            _ifsp_review(student, clock),
            _part_c_transition(student, clock),
            _part_c_to_part_b(student, clock),
        ]
    start = clock.settings.school_year_start
    return [d for rule in rules for d in rule if d.status != "done" or d.due >= start]


def with_consent_dates(student: Student) -> Student:
    """The student with the plan's ``consent`` and ``medicaid_consent`` dates taken from
    consent.toml when the plan leaves them empty: the first evaluation or Medicaid consent
    given (the plan's own dates always win)."""
    dates = student.plan.dates
    found: dict[str, date] = {}
    for field_name, purpose in (("consent", "evaluation"), ("medicaid_consent", "medicaid")):
        if getattr(dates, field_name) is not None:
            continue
        given = [
            c.responded
            for c in student.consents
            if c.purpose == purpose and c.response == "given" and c.responded is not None
        ]
        if given:
            found[field_name] = min(given)
    if not found:
        return student
    return replace(student, plan=replace(student.plan, dates=replace(dates, **found)))


def deadline_status(
    due: date, today: date, due_soon_days: int, done: bool = False
) -> DeadlineStatus:
    """overdue (past due), due-soon (within ``due_soon_days``, today included), upcoming,
    or done."""
    if done:
        return "done"
    left = (due - today).days
    if left < 0:
        return "overdue"
    return "due-soon" if left <= due_soon_days else "upcoming"


def _item(
    student: Student,
    clock: Clock,
    kind: DeadlineKind,
    due: date,
    rule: str,
    *,
    finished: bool = False,
    done: date | None = None,
    earliest: date | None = None,
    estimated: bool = False,
    detail: str = "",
    about: str = "",
    recommended: date | None = None,
) -> Deadline:
    soon = clock.settings.due_soon_days
    left = (due - clock.today).days
    status: DeadlineStatus  # as ``deadline_status``, inline: ~50,000 items at 5,000 students
    if finished:
        status = "done"
    elif left < 0:
        status = "overdue"
    elif left <= soon or (recommended is not None and (recommended - clock.today).days <= soon):
        status = "due-soon"
    else:
        status = "upcoming"
    return Deadline(
        student=student.id,
        kind=kind,
        due=due,
        days_left=left,
        status=status,
        rule=rule,
        earliest=earliest,
        done=done,
        estimated=estimated,
        detail=detail,
        about=about,
        recommended=recommended,
    )


def _last_held(student: Student, kinds: Iterable[str], today: date) -> date | None:
    wanted = set(kinds)
    held = [
        m.date
        for m in student.meetings
        if m.status == "held" and m.kind in wanted and m.date <= today
    ]
    return max(held, default=None)


def _latest(*days: date | None) -> date | None:
    return max((d for d in days if d is not None), default=None)


def _earliest(*days: date | None) -> date | None:
    return min((d for d in days if d is not None), default=None)


def _next_scheduled(student: Student, kinds: Iterable[str], after: date | None) -> date | None:
    wanted = set(kinds)
    return min(
        (
            m.date
            for m in student.meetings
            if m.status == "scheduled" and m.kind in wanted and (after is None or m.date > after)
        ),
        default=None,
    )


def _scheduled_note(student: Student, kinds: Iterable[str], after: date | None) -> str:
    when = _next_scheduled(student, kinds, after)
    return f"meeting scheduled {when.isoformat()}" if when is not None else ""


# --- Part B (IEP) ----------------------------------------------------------------------


def _evaluation_start(student: Student, rules: RuleProfile) -> date | None:
    dates = student.plan.dates
    start = dates.referral if rules.evaluation_from == "referral" else dates.consent
    if start is None:
        return None
    if dates.plan_meeting is not None and dates.plan_meeting < start:
        return None
    return start


class Reckoning(Struct, frozen=True, gc=False):
    """A due date, how it was reached and the rule that set it."""

    due: date
    estimated: bool
    rule: str
    detail: str
    late_consent: bool = False
    """The late-consent rule set the date (Texas: report by June 30, TEC 29.004(a-1))."""


def _absent_days(absences: Iterable[date], after: date, through: date, days: SchoolDays) -> int:
    """School days from the day after ``after`` through ``through`` the student was absent."""
    return sum(1 for d in set(absences) if after < d <= through and days.is_school_day(d))


def _late_referral(referral: date | None, window: int, days: SchoolDays) -> date | None:
    """The first day of the next school year when ``referral`` came ``window`` calendar days
    or fewer before the last day of its school year (None otherwise, or without a window)."""
    if not window or referral is None:
        return None
    last = days.school_year_end(referral)
    if not referral <= last or (last - referral).days > window:
        return None
    return days.next_year_start(last)


def evaluation_due(
    start: date,
    rules: RuleProfile,
    days: SchoolDays,
    *,
    referral: date | None = None,
    absences: Iterable[date] = (),
) -> Reckoning:
    """The initial-evaluation deadline from consent (or referral) by the profile's count.

    ``referral`` feeds a late-referral rule (California: a referral 30 days or less before
    the school year ends gives 30 days after the next year starts, Ed Code 56344(a));
    ``absences`` (school days the student missed) extend a school-day count when there are
    at least ``evaluation_absence_school_days`` of them (Texas, TEC 29.004(a)(1)).
    """
    count_words = _count_words(rules)
    detail = f"{count_words} from {rules.evaluation_from} {start.isoformat()}"
    if rules.evaluation_count == "school-days":
        reckoning = _school_day_evaluation(start, rules, days, tuple(absences), detail)
    else:
        if rules.evaluation_count == "calendar-days-skipping-breaks":
            due = days.add_days_skipping_breaks(
                start, rules.evaluation_days, rules.evaluation_break_school_days
            )
        else:
            due = start + timedelta(days=rules.evaluation_days)
        estimated = rules.evaluation_count != "calendar-days" and days.estimated(start, due)
        reckoning = Reckoning(due, estimated, rules.evaluation_rule, detail)
    next_year = _late_referral(referral, rules.evaluation_late_referral_days, days)
    if next_year is not None and referral is not None:
        within = rules.evaluation_late_referral_next_year_days
        due = days.add_days_skipping_breaks(next_year, within, rules.evaluation_break_school_days)
        reckoning = Reckoning(
            due,
            days.estimated(referral, due),
            rules.evaluation_late_referral_rule or rules.evaluation_rule,
            f"referral {referral.isoformat()} came {rules.evaluation_late_referral_days} days "
            f"or less before the school year ended: {within} days after the next school "
            f"year starts ({next_year.isoformat()})",
        )
    return reckoning


def _school_day_evaluation(
    start: date, rules: RuleProfile, days: SchoolDays, absences: tuple[date, ...], detail: str
) -> Reckoning:
    wanted, threshold = rules.evaluation_days, rules.evaluation_absence_school_days
    late = rules.evaluation_late_consent_school_days
    if late and rules.evaluation_late_consent_due:
        last = days.school_year_end(start)
        left = days.school_days_between(start + timedelta(days=1), last)
        missed = _absent_days(absences, start, last, days)
        if late <= left < wanted and not (threshold and missed >= threshold):
            due = month_day(rules.evaluation_late_consent_due, last.year)
            if due < last:
                due = add_years(due, 1)
            return Reckoning(
                due,
                days.estimated(start, due),
                rules.evaluation_late_consent_rule or rules.evaluation_rule,
                f"consent {start.isoformat()} came {left} school days before the last "
                f"instructional day ({last.isoformat()}): report by "
                f"{rules.evaluation_late_consent_due}",
                late_consent=True,
            )
    due = days.add_school_days(start, wanted)
    missed = _absent_days(absences, start, due, days)
    if threshold and missed >= threshold:
        due = days.add_school_days(start, wanted + missed)
        detail = f"{detail}, extended by {missed} school days absent"
        rule = rules.evaluation_absence_rule or rules.evaluation_rule
        return Reckoning(due, days.estimated(start, due), rule, detail)
    return Reckoning(due, days.estimated(start, due), rules.evaluation_rule, detail)


def _count_words(rules: RuleProfile) -> str:
    if rules.evaluation_count == "school-days":
        return f"{rules.evaluation_days} school days"
    if rules.evaluation_count == "calendar-days-skipping-breaks":
        return (
            f"{rules.evaluation_days} days not counting breaks of more than "
            f"{rules.evaluation_break_school_days} school days"
        )
    return f"{rules.evaluation_days} days"


def student_absences(student: Student) -> tuple[date, ...]:
    """The days the student was absent (``attendance.toml``); the clocks that stop on
    absences count the school days among them."""
    return absence_dates(student)


def _evaluation(student: Student, clock: Clock, start: date) -> Reckoning:
    return evaluation_due(
        start,
        clock.rules,
        clock.days,
        referral=student.plan.dates.referral,
        absences=student_absences(student),
    )


def assessment_plan_due(referral: date, rules: RuleProfile, days: SchoolDays) -> Reckoning:
    """The day the proposed assessment plan is due to the family after ``referral``
    (California: 15 days not counting breaks of more than 5 school days, or 10 days after
    the next school year starts for a referral 10 days or less before it ends)."""
    skip = rules.evaluation_break_school_days
    next_year = _late_referral(referral, rules.assessment_plan_late_referral_days, days)
    if next_year is not None:
        within = rules.assessment_plan_next_year_days
        due = days.add_days_skipping_breaks(next_year, within, skip)
        detail = (
            f"referral {referral.isoformat()} came {rules.assessment_plan_late_referral_days} "
            f"days or less before the school year ended: {within} days after the next school "
            f"year starts ({next_year.isoformat()})"
        )
    else:
        due = days.add_days_skipping_breaks(referral, rules.assessment_plan_days, skip)
        detail = (
            f"{rules.assessment_plan_days} days from referral {referral.isoformat()}, not "
            f"counting breaks of more than {skip} school days"
        )
    return Reckoning(due, days.estimated(referral, due), rules.assessment_plan_rule, detail)


def _assessment_plan(student: Student, clock: Clock) -> Iterator[Deadline]:
    rules, dates = clock.rules, student.plan.dates
    referral = dates.referral
    if not rules.assessment_plan_days or referral is None:
        return
    if dates.plan_meeting is not None and dates.plan_meeting < referral:
        return
    reckoning = assessment_plan_due(referral, rules, clock.days)
    done = dates.consent if dates.consent is not None and dates.consent >= referral else None
    yield _item(
        student,
        clock,
        "assessment-plan",
        reckoning.due,
        reckoning.rule,
        finished=done is not None,
        done=done,
        estimated=reckoning.estimated,
        detail=reckoning.detail if done else _join(reckoning.detail, "done once consent is in"),
    )


def _awaiting_consent(student: Student, rules: RuleProfile) -> date | None:
    """A referral recorded in evaluation.toml while the clock runs from consent and no
    consent is in: the referral, unless the parent refused or the school gave notice that
    it refuses to evaluate (then no evaluation is coming)."""
    dates = student.plan.dates
    referral = max((r.date for r in student.referrals), default=None)
    if rules.evaluation_from != "consent" or dates.consent is not None or referral is None:
        return None
    if dates.plan_meeting is not None and dates.plan_meeting < referral:
        return None
    refused = any(
        c.purpose == "evaluation" and c.response in ("refused", "revoked") and c.date >= referral
        for c in student.consents
    ) or any(
        n.action == "refuse" and n.subject == "evaluation" and n.date >= referral
        for n in student.notices
    )
    return None if refused else referral


def _initial_evaluation(student: Student, clock: Clock) -> Iterator[Deadline]:
    rules, dates = clock.rules, student.plan.dates
    start = _evaluation_start(student, rules)
    awaiting = None if start is not None else _awaiting_consent(student, rules)
    start = start or awaiting
    if start is None:
        return
    reckoning = _evaluation(student, clock, start)
    done = _earliest(*(d for d in (dates.evaluation, dates.eligibility) if d and d >= start))
    detail = reckoning.detail
    if awaiting is not None:
        detail = (
            f"consent to evaluate not given yet: {_count_words(rules)} from the referral "
            f"{awaiting.isoformat()}, the earliest it can end (the clock runs from consent; "
            "record it with caseterm consent add)"
        )
    yield _item(
        student,
        clock,
        "initial-evaluation",
        reckoning.due,
        reckoning.rule,
        finished=done is not None,
        done=done,
        estimated=reckoning.estimated,
        detail=detail,
    )


def initial_iep_due(
    report: date, rules: RuleProfile, days: SchoolDays, late_consent: bool = False
) -> Reckoning:
    """The initial IEP (ARD) meeting's deadline from the eligibility or evaluation date.

    With ``initial_iep_summer_first_day``, a deadline falling in the summer moves to the
    first day of the next school year (19 TAC 89.1011); after a late-consent report
    (``late_consent``), the meeting is due by the ``initial_iep_late_consent_school_day``-th
    school day of the next school year (TEC 29.004(a-1)).
    """
    base = f"{rules.initial_iep_days} days from {rules.initial_iep_from} {report.isoformat()}"
    nth = rules.initial_iep_late_consent_school_day
    if late_consent and nth:
        first = days.next_year_start(report)
        due = days.add_school_days(first - timedelta(days=1), nth)
        rule = rules.initial_iep_late_consent_rule or rules.initial_iep_rule
        detail = f"report after a late consent: by school day {nth} of the next school year"
        return Reckoning(due, days.estimated(report, due), rule, detail)
    due = report + timedelta(days=rules.initial_iep_days)
    if rules.initial_iep_summer_first_day and not days.in_session_year(due):
        first = days.next_year_start(due)
        detail = f"{base} fell in the summer ({due.isoformat()}): by the first day of classes"
        rule = rules.initial_iep_summer_rule or rules.initial_iep_rule
        return Reckoning(first, days.estimated(first), rule, detail)
    return Reckoning(due, False, rules.initial_iep_rule, base)


def _initial_iep(student: Student, clock: Clock) -> Iterator[Deadline]:
    rules, dates = clock.rules, student.plan.dates
    if rules.evaluation_includes_iep:
        start = _evaluation_start(student, rules)
        if start is None:
            return
        reckoning = _evaluation(student, clock, start)
    else:
        consent = _evaluation_start(student, rules)
        late = consent is not None and _evaluation(student, clock, consent).late_consent
        start = dates.eligibility if rules.initial_iep_from == "eligibility" else dates.evaluation
        if start is None and late and rules.initial_iep_late_consent_school_day:
            start = consent
        if start is None or (dates.plan_meeting is not None and dates.plan_meeting < start):
            return
        reckoning = initial_iep_due(start, rules, clock.days, late)
    held = _last_held(student, ("initial-iep",), clock.today)
    done = _earliest(*(d for d in (dates.plan_meeting, held) if d and d >= start))
    detail = reckoning.detail
    if done is None:
        detail = _join(detail, _scheduled_note(student, ("initial-iep",), None))
    yield _item(
        student,
        clock,
        "initial-iep",
        reckoning.due,
        reckoning.rule,
        finished=done is not None,
        done=done,
        estimated=reckoning.estimated,
        detail=detail,
    )


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _review_anchor(student: Student, today: date) -> tuple[date | None, date | None]:
    """The latest IEP meeting (plan date or a held meeting in the log) and the plan's end
    date if it belongs to that meeting's plan (a newer logged meeting makes it stale)."""
    held = _last_held(student, ("annual-review", "initial-iep"), today)
    dates = student.plan.dates
    anchor = _latest(dates.plan_meeting, held)
    end = dates.plan_end
    if end is not None and anchor is not None and (anchor != dates.plan_meeting or end <= anchor):
        end = None
    return anchor, end


def _annual_review(
    student: Student, clock: Clock, cycle: tuple[date | None, date | None]
) -> Deadline | None:
    anchor, end = cycle
    candidates = [annual(anchor, clock.rules.annual)] if anchor else []
    if end is not None:
        candidates.append(end)
    if not candidates:
        return None
    due = min(candidates)
    basis = f"a year after the meeting of {anchor.isoformat()}" if anchor else "plan end"
    if anchor is not None and due < candidates[0]:
        basis = "the plan's end date"
    note = _scheduled_note(student, ("annual-review",), anchor)
    return _item(
        student,
        clock,
        "annual-review",
        due,
        clock.rules.annual_review_rule,
        detail=_join(f"by {basis}", note),
    )


def _reevaluation(student: Student, clock: Clock) -> Iterator[Deadline]:
    rules, plan = clock.rules, student.plan
    last = plan.dates.evaluation
    if last is None:
        return
    due = after_years(last, rules.reevaluation_years, rules.annual)
    earliest = (
        add_years(last, rules.reevaluation_min_years) if rules.reevaluation_min_years else None
    )
    detail = f"every {rules.reevaluation_years} years from the evaluation of {last.isoformat()}"
    if plan.reevaluation_waived:
        detail = "waived: parent and district agreed it is not needed (34 CFR 300.303(b)(2))"
    yield _item(
        student,
        clock,
        "reevaluation",
        due,
        rules.reevaluation_rule,
        finished=plan.reevaluation_waived,
        earliest=earliest,
        detail=_join(detail, _scheduled_note(student, ("reevaluation",), last)),
    )


def iep_in_effect_at(
    student: Student,
    day: date,
    rules: RuleProfile,
    today: date,
    cycle: tuple[date | None, date | None] | None = None,
) -> date | None:
    """The meeting date of the first IEP in effect on ``day``, as far as the plan's annual
    cycle tells: the current plan's meeting if ``day`` comes before the next review, the next
    review's due date if it comes in the year after, else None (not yet on the timeline)."""
    anchor, end = cycle if cycle is not None else _review_anchor(student, today)
    if anchor is None:
        return day
    review = annual(anchor, rules.annual)
    if end is not None and end < review:
        review = end
    if day < review:
        return anchor
    if day < annual(review, rules.annual):
        return review
    return None


def _age_statement(
    student: Student,
    clock: Clock,
    kind: DeadlineKind,
    horizon: date,
    cycle: tuple[date | None, date | None],
) -> Iterator[Deadline]:
    """Due on the birthday (the hard limit: the IEP in effect that day must include it, by
    amendment if need be); the meeting that writes that IEP is the recommended date.
    ``cycle``: the student's ``_review_anchor``."""
    birth = student.profile.birth_date
    if birth is None:
        return
    rules, plan = clock.rules, student.plan
    if kind == "transition-plan":
        age, rule = rules.transition_age, rules.transition_rule
        done = plan.transition.date if plan.transition is not None else None
        finished = plan.transition is not None
        why = f"in the IEP in effect when the student turns {age}"
    else:
        age = rules.majority_age - rules.transfer_years_before
        rule = rules.transfer_rule
        done = plan.dates.transfer_of_rights
        finished = done is not None
        why = (
            f"in the IEP in effect {rules.transfer_years_before} year(s) before the age of "
            f"majority ({rules.majority_age})"
        )
    turns = birthday(birth, age)
    meeting = iep_in_effect_at(student, turns, rules, clock.today, cycle)
    if meeting is None or meeting > horizon:
        return
    yield _item(
        student,
        clock,
        kind,
        turns,
        rule,
        finished=finished,
        done=done,
        recommended=meeting,
        detail=f"{why} ({turns.isoformat()}); best written at the meeting of "
        f"{meeting.isoformat()}, else by amendment before the birthday",
    )


def _in_effect_since(student: Student) -> date | None:
    """When the student's IEP took effect, as far as the plan tells (None: no IEP yet).

    ``eligibility`` is the initial determination, so a plan renewed mid-year still counts
    from the first IEP."""
    dates = student.plan.dates
    if dates.plan_meeting is None and dates.plan_start is None:
        return None
    return _earliest(dates.eligibility, dates.plan_meeting, dates.plan_start)


def reports_sent(contacts: Iterable[Contact]) -> tuple[Contact, ...]:
    """The contacts that are progress reports sent: all the deadlines read of the contacts
    (the summary index keeps them apart, so ``due`` reads no other contact)."""
    return tuple(c for c in contacts if c.purpose == "progress-report")


def _progress_reports(student: Student, clock: Clock) -> Iterator[Deadline]:
    since = _in_effect_since(student)
    if since is None:
        return
    sent: dict[str, date] = {}
    for contact in reports_sent(student.contacts):
        if contact.period.strip():
            sent.setdefault(contact.period.strip().casefold(), contact.date)
    for period, key, detail in _reporting_periods(clock.settings.reporting_periods):
        if since > period.end:
            continue
        done = sent.get(key)
        yield _item(
            student,
            clock,
            "progress-report",
            period.report_due,
            clock.rules.progress_report_rule,
            finished=done is not None,
            done=done,
            detail=detail,
            about=period.name,
        )


@lru_cache(maxsize=4)
def _reporting_periods(
    periods: tuple[ReportingPeriod, ...],
) -> tuple[tuple[ReportingPeriod, str, str], ...]:
    """Each reporting period with the key a contact names it by and its item's detail (the
    same for every student)."""
    return tuple(
        (
            period,
            period.name.strip().casefold(),
            f"reporting period {period.start.isoformat()} to {period.end.isoformat()}",
        )
        for period in periods
    )


def _safeguards_notice(
    student: Student, clock: Clock, review: Deadline | None
) -> Iterator[Deadline]:
    settings = clock.settings
    start, end = settings.school_year_start, settings.school_year_end
    given = student.plan.dates.safeguards_notice
    done = given if given is not None and start <= given <= end else None
    due = end
    detail = f"once in the school year {start.isoformat()} to {end.isoformat()}"
    if review is not None and start <= review.due < end:
        due = review.due
        detail = _join(detail, "given at the annual review at the latest")
    yield _item(
        student,
        clock,
        "safeguards-notice",
        due,
        clock.rules.safeguards_notice_rule,
        finished=done is not None,
        done=done,
        detail=detail,
    )


def _medicaid_notice(student: Student, clock: Clock) -> Iterator[Deadline]:
    dates = student.plan.dates
    if dates.medicaid_consent is None:
        return
    last = _latest(dates.medicaid_consent, dates.medicaid_notice)
    assert last is not None
    yield _item(
        student,
        clock,
        "medicaid-notice",
        annual(last, clock.rules.annual),
        clock.rules.medicaid_notice_rule,
        detail=f"annual written notice; last {last.isoformat()}",
    )


# --- Section 504 -----------------------------------------------------------------------


def _section504_review(student: Student, clock: Clock) -> Iterator[Deadline]:
    rules, dates = clock.rules, student.plan.dates
    anchor = _latest(dates.plan_meeting, _last_held(student, ("504-review",), clock.today))
    candidates = (
        [after_months(anchor, rules.section504_review_months, rules.annual)] if anchor else []
    )
    if dates.plan_end is not None and (anchor is None or dates.plan_end > anchor):
        candidates.append(dates.plan_end)
    if not candidates:
        return
    months = rules.section504_review_months
    since = f" since {anchor.isoformat()}" if anchor else ""
    yield _item(
        student,
        clock,
        "504-review",
        min(candidates),
        rules.section504_review_rule,
        detail=_join(
            f"periodic review every {months} months{since}",
            _scheduled_note(student, ("504-review",), anchor),
        ),
    )


def _section504_reevaluation(student: Student, clock: Clock) -> Iterator[Deadline]:
    rules, last = clock.rules, student.plan.dates.evaluation
    if last is None:
        return
    years = rules.section504_reevaluation_years
    yield _item(
        student,
        clock,
        "504-reevaluation",
        after_years(last, years, rules.annual),
        rules.section504_reevaluation_rule,
        detail=_join(
            f"periodic reevaluation every {years} years from the evaluation of "
            f"{last.isoformat()}, and before a significant change in placement",
            _scheduled_note(student, ("reevaluation",), last),
        ),
    )


# --- Part C (IFSP) ---------------------------------------------------------------------


def _ifsp_initial(student: Student, clock: Clock) -> Iterator[Deadline]:
    rules, dates = clock.rules, student.plan.dates
    referral = dates.referral
    if referral is None:
        return
    done = dates.plan_meeting if dates.plan_meeting and dates.plan_meeting >= referral else None
    yield _item(
        student,
        clock,
        "ifsp-initial",
        referral + timedelta(days=rules.part_c_days),
        rules.part_c_rule,
        finished=done is not None,
        done=done,
        detail=f"evaluation and IFSP meeting {rules.part_c_days} days from referral "
        f"{referral.isoformat()}",
    )


def _ifsp_review(student: Student, clock: Clock) -> Iterator[Deadline]:
    rules, dates = clock.rules, student.plan.dates
    anchor = _latest(dates.plan_meeting, _last_held(student, ("ifsp-review",), clock.today))
    if anchor is None:
        return
    candidates = [after_months(anchor, rules.part_c_review_months, rules.annual)]
    if dates.plan_meeting is not None:
        candidates.append(annual(dates.plan_meeting, rules.annual))
    if dates.plan_end is not None and dates.plan_end > anchor:
        candidates.append(dates.plan_end)
    due = min(candidates)
    what = "annual IFSP meeting" if due != candidates[0] else "periodic review"
    yield _item(
        student,
        clock,
        "ifsp-review",
        due,
        rules.part_c_review_rule,
        detail=_join(
            f"{what}: every {rules.part_c_review_months} months since {anchor.isoformat()}",
            _scheduled_note(student, ("ifsp-review",), anchor),
        ),
    )


def _part_c_transition(student: Student, clock: Clock) -> Iterator[Deadline]:
    rules, plan = clock.rules, student.plan
    birth = student.profile.birth_date
    if birth is None:
        return
    third = birthday(birth, 3)
    earliest = add_months(third, -rules.part_c_transition_earliest_months)
    done = plan.transition.date if plan.transition is not None else None
    yield _item(
        student,
        clock,
        "part-c-transition",
        third - timedelta(days=rules.part_c_transition_latest_days),
        rules.part_c_transition_rule,
        finished=plan.transition is not None,
        done=done,
        earliest=earliest,
        detail=f"transition plan {rules.part_c_transition_latest_days} days to "
        f"{rules.part_c_transition_earliest_months} months before the third birthday "
        f"({third.isoformat()})",
    )


# --- consent (Part B) ------------------------------------------------------------------


def _services_consent(student: Student, clock: Clock) -> Iterator[Deadline]:
    asked = [c for c in student.consents if c.purpose == "initial-services"]
    if not asked:
        return
    consent = max(asked, key=lambda c: (c.date, c.id))
    dates, rule = student.plan.dates, clock.rules.services_consent_rule
    start = dates.plan_start
    answered = consent.responded or consent.date
    if consent.response in ("refused", "revoked"):
        yield _item(
            student,
            clock,
            "services-consent",
            answered,
            rule,
            finished=True,
            done=answered,
            detail=f"consent {consent.response} {answered.isoformat()}: no special education "
            "services may be provided",
        )
        return
    if consent.response == "given":
        assert consent.responded is not None
        given = consent.responded
        early = start is not None and start < given
        yield _item(
            student,
            clock,
            "services-consent",
            start if start is not None else given,
            rule,
            finished=not early,
            done=None if early else given,
            earliest=given,
            detail=f"plan_start {start} is before the consent given {given.isoformat()}: "
            "services may not begin before consent; correct plan_start"
            if early
            else f"consent given {given.isoformat()}: services may begin",
        )
        return
    due = start or dates.plan_meeting
    if due is None:
        return
    yield _item(
        student,
        clock,
        "services-consent",
        due,
        rule,
        detail=f"consent to the initial services asked {consent.date.isoformat()}, no answer "
        "yet: services may begin only once it is given",
    )


def _summary_of_performance(student: Student, clock: Clock) -> Iterator[Deadline]:
    leaving = student.plan.exit
    if leaving is None or leaving.date is None:
        return
    if leaving.reason not in vocab.SUMMARY_OF_PERFORMANCE_EXITS:
        return
    given = leaving.summary_of_performance
    yield _item(
        student,
        clock,
        "summary-of-performance",
        leaving.date,
        clock.rules.summary_of_performance_rule,
        finished=given is not None,
        done=given,
        detail=f"leaving by {vocab.EXIT_REASONS[leaving.reason]} on {leaving.date.isoformat()}: "
        "a summary of academic achievement and functional performance, with recommendations "
        "for meeting the postsecondary goals",
    )


# --- discipline (Part B) ---------------------------------------------------------------


def _discipline(student: Student, clock: Clock) -> Iterator[Deadline]:
    settings, rules = clock.settings, clock.rules
    limit = rules.removal_limit_school_days
    counted = discipline.counted_removals(
        student, settings.school_year_start, settings.school_year_end, limit
    )
    for item in counted:
        removal = item.removal
        removed = f"{item.total} school days removed this school year"
        if item.placement in (discipline.PATTERN, discipline.NOT_PATTERN, discipline.UNDECIDED):
            decided = item.placement != discipline.UNDECIDED
            answer = {discipline.PATTERN: "a pattern", discipline.NOT_PATTERN: "no pattern"}
            yield _item(
                student,
                clock,
                "pattern-decision",
                removal.date,
                rules.pattern_decision_rule,
                finished=decided,
                done=item.decided if decided else None,
                detail=_join(
                    f"{removed} (more than {limit}) with the removal of {removal.date.isoformat()}",
                    f"decided: {answer[item.placement]}"
                    if decided
                    else "decide whether the removals are a pattern that changes the placement "
                    "(pattern = true or false on the removal)",
                ),
                about=f"({removal.date.isoformat()})",
            )
        if item.change_of_placement:
            yield from _manifestation(student, clock, item)


def _manifestation(
    student: Student, clock: Clock, item: discipline.CountedRemoval
) -> Iterator[Deadline]:
    rules, removal, decided = clock.rules, item.removal, item.decided
    count = rules.manifestation_school_days
    due = clock.days.add_school_days(decided, count)
    held = min(
        (
            m.date
            for m in student.meetings
            if m.kind == "manifestation" and m.status == "held" and m.date >= decided
        ),
        default=None,
    )
    finished = held is not None or removal.manifestation is not None
    why = (
        f"{removal.days} school days in a row"
        if item.placement == discipline.CONSECUTIVE
        else f"a pattern of removals ({item.total} school days this school year)"
    )
    about = f"({removal.date.isoformat()})"
    yield _item(
        student,
        clock,
        "manifestation-review",
        due,
        rules.manifestation_rule,
        finished=finished,
        done=held or (decided if finished else None),
        estimated=clock.days.estimated(decided, due),
        detail=_join(
            f"change of placement: {why}; review within {count} school days of the "
            f"decision of {decided.isoformat()}; the parents are notified and given the "
            "procedural safeguards notice on the day of the decision (300.530(h))",
            "" if finished else _scheduled_note(student, ("manifestation",), decided - ONE_DAY),
        ),
        about=about,
    )
    if removal.manifestation:
        done = next((d for d in behavior.plan_dates(student) if d >= decided), None)
        yield _item(
            student,
            clock,
            "fba-bip",
            held or due,
            rules.fba_bip_rule,
            finished=done is not None,
            done=done,
            detail="the conduct was a manifestation of the disability: a functional behavioral "
            "assessment and a behavior intervention plan (or a review of the BIP); done when "
            "a BIP in behavior.toml is adopted or revised on or after the decision",
            about=about,
        )


def _part_c_to_part_b(student: Student, clock: Clock) -> Iterator[Deadline]:
    rules, birth = clock.rules, student.profile.birth_date
    if birth is None:
        return
    third = birthday(birth, 3)
    notified = student.plan.dates.lea_notification
    days = rules.part_c_notification_days
    yield _item(
        student,
        clock,
        "lea-notification",
        third - timedelta(days=days),
        rules.part_c_notification_rule,
        finished=notified is not None,
        done=notified,
        detail=f"notify the school district and the SEA at least {days} days before the third "
        f"birthday ({third.isoformat()}); lea_notification in plan.toml [dates]",
    )
    earliest = add_months(third, -rules.part_c_transition_earliest_months)
    held = min(
        (
            m.date
            for m in student.meetings
            if m.kind == "transition" and m.status == "held" and earliest <= m.date <= third
        ),
        default=None,
    )
    latest = rules.part_c_transition_latest_days
    yield _item(
        student,
        clock,
        "transition-conference",
        third - timedelta(days=latest),
        rules.part_c_conference_rule,
        finished=held is not None,
        done=held,
        earliest=earliest,
        detail=_join(
            f"with the family and the school district, {latest} days to "
            f"{rules.part_c_transition_earliest_months} months before the third birthday",
            "" if held else _scheduled_note(student, ("transition",), earliest - ONE_DAY),
        ),
    )
    iep = min(
        (
            m.date
            for m in student.meetings
            if m.kind == "initial-iep" and m.status == "held" and m.date <= third
        ),
        default=None,
    )
    yield _item(
        student,
        clock,
        "iep-by-third-birthday",
        third,
        rules.part_c_third_birthday_rule,
        finished=iep is not None,
        done=iep,
        detail=_join(
            f"an IEP (or an IFSP under 300.323(b)) developed and in effect by the third "
            f"birthday ({third.isoformat()}); done when an initial-iep meeting is held",
            "" if iep else _scheduled_note(student, ("initial-iep",), earliest - ONE_DAY),
        ),
    )


# --- any plan --------------------------------------------------------------------------


def _bip_review(student: Student, clock: Clock) -> Iterator[Deadline]:
    bip = behavior.behavior_plan(student)
    if bip is None or bip.review is None:
        return
    adopted = f"adopted {bip.adopted.isoformat()}" if bip.adopted else ""
    where = "behavior.toml" if student.bips else "plan.toml"
    yield _item(
        student,
        clock,
        "bip-review",
        bip.review,
        f"BIP review date in {where} (34 CFR 300.324(a)(2)(i))",
        detail=adopted,
    )


def _safety_review(student: Student, clock: Clock) -> Iterator[Deadline]:
    plan = student.safety
    if plan is None or plan.review is None:
        return
    yield _item(
        student,
        clock,
        "safety-review",
        plan.review,
        "safety plan review date in behavior.toml (local policy)",
    )


def _scheduled_meetings(student: Student, clock: Clock) -> Iterator[Deadline]:
    for meeting in student.meetings:
        if meeting.status != "scheduled":
            continue
        what = vocab.MEETING_KINDS.get(meeting.kind, meeting.kind)
        late = "date passed: record it as held or cancelled" if meeting.date < clock.today else ""
        yield _item(
            student,
            clock,
            "meeting",
            meeting.date,
            "scheduled in log.toml",
            detail=_join(meeting.title, late),
            about=f"({what})",
        )
