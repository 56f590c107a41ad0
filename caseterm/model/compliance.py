"""The compliance clock: every deadline a student's plan, age and logs imply.

``caseload_deadlines`` answers "what is due?" for a whole caseload, ``student_deadlines``
for one student. Both are pure: the rule profile, school days and ``today`` are passed in.
README ("Compliance rules") explains each rule and the choices made where the law is silent.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from caseterm.model import vocab
from caseterm.model.calendar import SchoolDays, caseload_school_days
from caseterm.model.dates import add_months, add_years, after_months, after_years, annual, birthday
from caseterm.model.records import Caseload, Settings, Student
from caseterm.model.rules import RuleProfile, month_day

STATUSES = ("overdue", "due-soon", "upcoming", "done")

KINDS: dict[str, str] = {
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
    "ifsp-initial": "Initial IFSP",
    "ifsp-review": "IFSP review",
    "part-c-transition": "Part C transition plan",
    "bip-review": "Behavior plan review",
    "meeting": "Scheduled meeting",
}
"""Deadline kinds (stable ids used in JSON) and their titles."""


@dataclass(frozen=True, slots=True)
class Deadline:
    """One item on a student's compliance timeline."""

    student: str
    kind: str
    due: date
    days_left: int
    """Days from today to ``due``; negative when overdue."""
    status: str
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

    @property
    def title(self) -> str:
        """The kind's title, e.g. "Annual IEP review"."""
        return KINDS.get(self.kind, self.kind)

    @property
    def label(self) -> str:
        """The title with what it is about, e.g. "Progress report Q2"."""
        return f"{self.title} {self.about}" if self.about else self.title


@dataclass(frozen=True, slots=True)
class Clock:
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
    items = [item for s in caseload.students for item in student_deadlines(s, clock)]
    return sorted(items, key=lambda d: (d.due, d.student, d.kind, d.detail))


def student_deadlines(student: Student, clock: Clock) -> list[Deadline]:
    """One student's deadlines, soonest first.

    Done items are kept when they fell due in the current school year (or later), so the
    year's record stays visible; older done items are left out.
    """
    plan_type = student.profile.plan_type
    rules: list[Iterator[Deadline]] = [
        _bip_review(student, clock),
        _scheduled_meetings(student, clock),
    ]
    if plan_type == "IEP":
        review = _annual_review(student, clock)
        horizon = review.due if review is not None else clock.today + timedelta(days=365)
        rules += [
            _initial_evaluation(student, clock),
            _initial_iep(student, clock),
            iter([review] if review is not None else []),
            _reevaluation(student, clock),
            _age_statement(student, clock, "transition-plan", horizon),
            _age_statement(student, clock, "transfer-of-rights", horizon),
            _progress_reports(student, clock),
            _safeguards_notice(student, clock, review),
            _medicaid_notice(student, clock),
        ]
    elif plan_type == "504":
        rules.append(_section504_review(student, clock))
    elif plan_type == "IFSP":
        rules += [
            _ifsp_initial(student, clock),
            _ifsp_review(student, clock),
            _part_c_transition(student, clock),
        ]
    start = clock.settings.school_year_start
    items = [d for rule in rules for d in rule if d.status != "done" or d.due >= start]
    return sorted(items, key=lambda d: (d.due, d.kind, d.detail))


def deadline_status(due: date, today: date, due_soon_days: int, done: bool = False) -> str:
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
    kind: str,
    due: date,
    rule: str,
    *,
    finished: bool = False,
    done: date | None = None,
    earliest: date | None = None,
    estimated: bool = False,
    detail: str = "",
    about: str = "",
) -> Deadline:
    return Deadline(
        student=student.id,
        kind=kind,
        due=due,
        days_left=(due - clock.today).days,
        status=deadline_status(due, clock.today, clock.settings.due_soon_days, finished),
        rule=rule,
        earliest=earliest,
        done=done,
        estimated=estimated,
        detail=detail,
        about=about,
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


def evaluation_due(start: date, rules: RuleProfile, days: SchoolDays) -> tuple[date, bool]:
    """The initial-evaluation deadline from consent (or referral) by the profile's count,
    and whether it relies on projected school days."""
    if rules.evaluation_count == "school-days":
        due = days.add_school_days(start, rules.evaluation_days)
        late = rules.evaluation_late_consent_school_days
        if late and rules.evaluation_late_consent_due:
            last = days.school_year_end(start)
            left = days.school_days_between(start + timedelta(days=1), last)
            if late <= left < rules.evaluation_days:
                due = month_day(rules.evaluation_late_consent_due, last.year)
                if due < last:
                    due = add_years(due, 1)
        return due, days.estimated(start, due)
    if rules.evaluation_count == "calendar-days-skipping-breaks":
        due = days.add_days_skipping_breaks(
            start, rules.evaluation_days, rules.evaluation_break_school_days
        )
        return due, days.estimated(start, due)
    return start + timedelta(days=rules.evaluation_days), False


def _count_words(rules: RuleProfile) -> str:
    if rules.evaluation_count == "school-days":
        return f"{rules.evaluation_days} school days"
    if rules.evaluation_count == "calendar-days-skipping-breaks":
        return (
            f"{rules.evaluation_days} days not counting breaks of more than "
            f"{rules.evaluation_break_school_days} school days"
        )
    return f"{rules.evaluation_days} days"


def _initial_evaluation(student: Student, clock: Clock) -> Iterator[Deadline]:
    rules, dates = clock.rules, student.plan.dates
    start = _evaluation_start(student, rules)
    if start is None:
        return
    due, estimated = evaluation_due(start, rules, clock.days)
    done = _earliest(*(d for d in (dates.evaluation, dates.eligibility) if d and d >= start))
    yield _item(
        student,
        clock,
        "initial-evaluation",
        due,
        rules.evaluation_rule,
        finished=done is not None,
        done=done,
        estimated=estimated,
        detail=f"{_count_words(rules)} from {rules.evaluation_from} {start.isoformat()}",
    )


def _initial_iep(student: Student, clock: Clock) -> Iterator[Deadline]:
    rules, dates = clock.rules, student.plan.dates
    if rules.evaluation_includes_iep:
        start = _evaluation_start(student, rules)
        if start is None:
            return
        due, estimated = evaluation_due(start, rules, clock.days)
        rule = rules.evaluation_rule
        detail = f"{_count_words(rules)} from {rules.evaluation_from} {start.isoformat()}"
    else:
        start = dates.eligibility if rules.initial_iep_from == "eligibility" else dates.evaluation
        if start is None or (dates.plan_meeting is not None and dates.plan_meeting < start):
            return
        due, estimated = start + timedelta(days=rules.initial_iep_days), False
        rule = rules.initial_iep_rule
        detail = f"{rules.initial_iep_days} days from {rules.initial_iep_from} {start.isoformat()}"
    held = _last_held(student, ("initial-iep",), clock.today)
    done = _earliest(*(d for d in (dates.plan_meeting, held) if d and d >= start))
    if done is None:
        detail = _join(detail, _scheduled_note(student, ("initial-iep",), None))
    yield _item(
        student,
        clock,
        "initial-iep",
        due,
        rule,
        finished=done is not None,
        done=done,
        estimated=estimated,
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


def _annual_review(student: Student, clock: Clock) -> Deadline | None:
    anchor, end = _review_anchor(student, clock.today)
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
        "34 CFR 300.324(b)(1)(i)",
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
        "34 CFR 300.303(b)",
        finished=plan.reevaluation_waived,
        earliest=earliest,
        detail=_join(detail, _scheduled_note(student, ("reevaluation",), last)),
    )


def iep_in_effect_at(student: Student, day: date, rules: RuleProfile, today: date) -> date | None:
    """The meeting date of the first IEP in effect on ``day``, as far as the plan's annual
    cycle tells: the current plan's meeting if ``day`` comes before the next review, the next
    review's due date if it comes in the year after, else None (not yet on the timeline)."""
    anchor, end = _review_anchor(student, today)
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


def _age_statement(student: Student, clock: Clock, kind: str, horizon: date) -> Iterator[Deadline]:
    birth = student.profile.birth_date
    if birth is None:
        return
    rules, plan = clock.rules, student.plan
    if kind == "transition-plan":
        age, rule = rules.transition_age, rules.transition_rule
        done = plan.transition.date if plan.transition is not None else None
        finished = plan.transition is not None
        why = f"in the first IEP in effect when the student turns {age}"
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
    due = iep_in_effect_at(student, turns, rules, clock.today)
    if due is None or due > horizon:
        return
    yield _item(
        student,
        clock,
        kind,
        due,
        rule,
        finished=finished,
        done=done,
        detail=f"{why} ({turns.isoformat()})",
    )


def _in_effect_since(student: Student) -> date | None:
    """When the student's IEP took effect, as far as the plan tells (None: no IEP yet).

    ``eligibility`` is the initial determination, so a plan renewed mid-year still counts
    from the first IEP."""
    dates = student.plan.dates
    if dates.plan_meeting is None and dates.plan_start is None:
        return None
    return _earliest(dates.eligibility, dates.plan_meeting, dates.plan_start)


def _progress_reports(student: Student, clock: Clock) -> Iterator[Deadline]:
    since = _in_effect_since(student)
    if since is None:
        return
    sent: dict[str, date] = {}
    for contact in student.contacts:
        if contact.purpose == "progress-report" and contact.period.strip():
            sent.setdefault(contact.period.strip().casefold(), contact.date)
    for period in clock.settings.reporting_periods:
        if since > period.end:
            continue
        done = sent.get(period.name.strip().casefold())
        yield _item(
            student,
            clock,
            "progress-report",
            period.report_due,
            "34 CFR 300.320(a)(3)(ii)",
            finished=done is not None,
            done=done,
            detail=f"reporting period {period.start.isoformat()} to {period.end.isoformat()}",
            about=period.name,
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
        "34 CFR 300.504(a)",
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
        "34 CFR 300.154(d)(2)(v)",
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
        "34 CFR 104.35(d)",
        detail=_join(
            f"periodic review every {months} months{since} (local policy)",
            _scheduled_note(student, ("504-review",), anchor),
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
        "34 CFR 303.310(a), 303.342(a)",
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
        "34 CFR 303.342(b)-(c)",
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
        "34 CFR 303.209(d)",
        finished=plan.transition is not None,
        done=done,
        earliest=earliest,
        detail=f"transition plan {rules.part_c_transition_latest_days} days to "
        f"{rules.part_c_transition_earliest_months} months before the third birthday "
        f"({third.isoformat()})",
    )


# --- any plan --------------------------------------------------------------------------


def _bip_review(student: Student, clock: Clock) -> Iterator[Deadline]:
    bip = student.plan.behavior_plan
    if bip is None or bip.review is None:
        return
    adopted = f"adopted {bip.adopted.isoformat()}" if bip.adopted else ""
    yield _item(
        student,
        clock,
        "bip-review",
        bip.review,
        "BIP review date in plan.toml (34 CFR 300.324(a)(2)(i))",
        detail=adopted,
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
