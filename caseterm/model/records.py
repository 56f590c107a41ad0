"""Immutable records of a caseload, as read from its TOML files.

Every record that more than one person can add carries a unique, time-sortable ``id``.
Records remember where they came from (``Source``) so that problems and edits can point
back at the file.

Each record class is a frozen ``msgspec.Struct``: a value that cannot be changed (assigning
a field raises ``AttributeError``), compared and hashed by its fields, pickled as
``cls(*fields)``. Change one with ``msgspec.structs.replace``; its field names are
``cls.__struct_fields__``. Every command imports this module and a cold read builds
thousands of records: the 47 classes take ~1 ms to create, where frozen slots dataclasses
took ~25 ms (their methods are compiled from source at import), and a record is built
several times faster. ``gc=False``: records hold only values (text, numbers, dates,
tuples, other records), never a cycle, so the garbage collector need not track them.
"""

from __future__ import annotations

import datetime as dt
from datetime import date, time
from typing import Literal

from msgspec import Struct, field

from caseterm.model.assess_vocab import (
    AssessmentType,
    Decision,
    EvaluationKind,
    ReferralSource,
    ScoreKind,
    Season,
    SldCriteria,
    Tier,
)
from caseterm.model.vocab import (
    EXCUSABLE_STATUSES,
    ConsentPurpose,
    ConsentResponse,
    ContactMethod,
    ContactPurpose,
    Disability,
    ExcusableStatus,
    ExitReason,
    GoalAggregate,
    GoalDirection,
    Grade,
    LreSetting,
    MeetingKind,
    MeetingStatus,
    NoticeAction,
    NoticeSubject,
    PlanType,
    RemovalKind,
    ServiceDelivery,
    ServicePeriod,
    ServiceSetting,
    SessionStatus,
)


class Source(Struct, frozen=True, gc=False):
    """Where a record was read: a file relative to the caseload root, and its table.

    ``table`` is the array-of-tables name (``"point"``) and ``index`` its position in the
    file, or both empty for a record that is the whole file or a plain table.
    """

    file: str
    table: str = ""
    index: int = -1


NO_SOURCE = Source("")


class Problem(Struct, frozen=True, gc=False):
    """Something wrong with the caseload's files, pointing at file, line and column."""

    file: str
    line: int
    column: int
    message: str
    student: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.message}"


# --- caseload settings ---------------------------------------------------------------


class ReportingPeriod(Struct, frozen=True, gc=False):
    """A grading period; families get a progress report for each (34 CFR 300.320(a)(3))."""

    name: str
    start: date
    end: date
    report_due: date


DEFAULT_EXCUSED = EXCUSABLE_STATUSES


class Benchmark(Struct, frozen=True, gc=False):
    """A district's screening cut score: below ``cut`` a student is at risk (Tier 2 is
    suggested), below ``intensive`` at high risk (Tier 3)."""

    measure: str
    grade: Grade
    season: Season
    cut: float
    intensive: float | None = None


class Settings(Struct, frozen=True, gc=False):
    """Caseload-wide settings from ``caseterm.toml``."""

    name: str
    school_year_start: date
    school_year_end: date
    rule_profile: str = "federal"
    rule_overrides: tuple[tuple[str, object], ...] = ()
    reporting_periods: tuple[ReportingPeriod, ...] = ()
    due_soon_days: int = 30
    stale_days: int = 14
    excused_statuses: tuple[ExcusableStatus, ...] = DEFAULT_EXCUSED
    source: Source = NO_SOURCE
    benchmarks: tuple[Benchmark, ...] = ()
    """District screening cut scores by measure, grade and season (``[[benchmark]]``)."""
    below_aimline_points: int = 4
    """MTSS: consecutive progress-monitoring points below the aimline that suggest moving
    up a tier (or, at Tier 3, a referral): ``[mtss] below_aimline_points``."""


class Closure(Struct, frozen=True, gc=False):
    """Days without school (a holiday, a break, a snow day), inclusive."""

    start: date
    end: date
    name: str


class SchoolYearCalendar(Struct, frozen=True, gc=False):
    """One school year's calendar from ``calendar/*.toml``."""

    name: str
    first_day: date
    last_day: date
    weekdays: tuple[int, ...] = (0, 1, 2, 3, 4)
    closures: tuple[Closure, ...] = ()
    source: Source = NO_SOURCE


# --- student -------------------------------------------------------------------------


class FamilyMember(Struct, frozen=True, gc=False):
    """A parent, guardian or other family contact person."""

    name: str
    relationship: str = ""
    phone: str = ""
    email: str = ""
    language: str = ""
    note: str = ""


class TeamMember(Struct, frozen=True, gc=False):
    """A co-teacher, paraeducator or related-service provider on the student's team."""

    name: str
    role: str = ""
    email: str = ""


class Profile(Struct, frozen=True, gc=False):
    """Who the student is: ``students/<id>/student.toml``."""

    first_name: str
    last_name: str
    birth_date: date | None = None
    grade: Grade | Literal[""] = ""
    school: str = ""
    plan_type: PlanType = "IEP"
    disabilities: tuple[Disability, ...] = ()
    case_manager: str = ""
    team: tuple[TeamMember, ...] = ()
    family: tuple[FamilyMember, ...] = ()
    note: str = ""
    source: Source = NO_SOURCE

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class PlanDates(Struct, frozen=True, gc=False):
    """Key dates of the plan; the compliance clock runs from these."""

    referral: date | None = None
    consent: date | None = None
    evaluation: date | None = None
    eligibility: date | None = None
    plan_meeting: date | None = None
    plan_start: date | None = None
    plan_end: date | None = None
    safeguards_notice: date | None = None
    medicaid_consent: date | None = None
    medicaid_notice: date | None = None
    transfer_of_rights: date | None = None
    lea_notification: date | None = None
    """Part C: the school district (LEA) and SEA notified of the toddler (303.209(b))."""


class Prescription(Struct, frozen=True, gc=False):
    """A service the plan prescribes (34 CFR 300.320(a)(7)).

    Several prescriptions may name the same ``service`` with different start dates: an
    amendment changes the requirement from its ``start``.
    """

    id: str
    service: str
    minutes: int
    per: ServicePeriod
    start: date
    end: date | None = None
    name: str = ""
    setting: ServiceSetting = "special-education"
    provider: str = ""
    delivery: ServiceDelivery = "direct"
    note: str = ""
    source: Source = NO_SOURCE
    esy: bool = False
    """An extended school year service (300.106): its own minutes, over its own dates."""
    justification: str = ""
    """Part C: why a service is not provided in the natural environment (303.344(d))."""

    @property
    def label(self) -> str:
        return self.name or self.service


class Transition(Struct, frozen=True, gc=False):
    """Postsecondary transition plan (34 CFR 300.320(b))."""

    date: date | None = None
    education: str = ""
    employment: str = ""
    independent_living: str = ""
    courses: tuple[str, ...] = ()
    agencies: tuple[str, ...] = ()
    note: str = ""


class BehaviorPlan(Struct, frozen=True, gc=False):
    """Behaviour intervention plan (BIP) with its review date."""

    adopted: date | None = None
    review: date | None = None
    target_behaviors: tuple[str, ...] = ()
    note: str = ""


class Exit(Struct, frozen=True, gc=False):
    """Leaving special education: ``[exit]`` in plan.toml. Leaving by graduation with a
    regular diploma or by aging out calls for a Summary of Performance (300.305(e)(3))."""

    date: dt.date | None = None
    reason: ExitReason | Literal[""] = ""
    summary_of_performance: dt.date | None = None
    note: str = ""


class ExtendedYear(Struct, frozen=True, gc=False):
    """The extended school year decision (34 CFR 300.106): ``[esy]`` in plan.toml; the
    ESY services are the plan's services with ``esy = true``."""

    decided: dt.date | None = None
    eligible: bool | None = None
    note: str = ""


class Plan(Struct, frozen=True, gc=False):
    """The plan itself: ``students/<id>/plan.toml``."""

    dates: PlanDates = field(default_factory=PlanDates)
    lre: LreSetting | Literal[""] = ""
    accommodations: tuple[str, ...] = ()
    modifications: tuple[str, ...] = ()
    services: tuple[Prescription, ...] = ()
    transition: Transition | None = None
    behavior_plan: BehaviorPlan | None = None
    reevaluation_waived: bool = False
    note: str = ""
    source: Source = NO_SOURCE
    exit: Exit | None = None
    esy: ExtendedYear | None = None


class Phase(Struct, frozen=True, gc=False):
    """A change of intervention; trends are recomputed from each phase's start."""

    start: date
    label: str = ""


class Goal(Struct, frozen=True, gc=False):
    """A measurable annual goal: ``students/<id>/goals.toml``."""

    id: str
    statement: str
    target: float
    target_date: date
    area: str = ""
    measure: str = ""
    unit: str = ""
    baseline: float | None = None
    start_date: date | None = None
    direction: GoalDirection = "increase"
    aggregate: GoalAggregate = "mean"
    mastery: str = ""
    phases: tuple[Phase, ...] = ()
    note: str = ""
    source: Source = NO_SOURCE


class DataPoint(Struct, frozen=True, gc=False):
    """One progress-monitoring measurement: ``students/<id>/data.toml``."""

    id: str
    goal: str
    date: date
    value: float
    note: str = ""
    source: Source = NO_SOURCE


class Session(Struct, frozen=True, gc=False):
    """One logged service session: ``students/<id>/sessions.toml``.

    Group sessions count their full minutes for each student.
    """

    id: str
    service: str
    date: date
    minutes: int
    status: SessionStatus = "delivered"
    makeup_for: str = ""
    provider: str = ""
    group: bool = False
    note: str = ""
    source: Source = NO_SOURCE
    group_size: int = 0
    """Students in a group session (0: not recorded); the students' entries of one group
    session share its ``id``."""


class Meeting(Struct, frozen=True, gc=False):
    """A meeting held or scheduled: ``students/<id>/log.toml``."""

    id: str
    date: date
    kind: MeetingKind
    status: MeetingStatus = "held"
    time: time | None = None
    title: str = ""
    location: str = ""
    participants: tuple[str, ...] = ()
    note: str = ""
    source: Source = NO_SOURCE


class Contact(Struct, frozen=True, gc=False):
    """A contact with the family (call, email, note home, progress report sent)."""

    id: str
    date: date
    method: ContactMethod
    person: str = ""
    purpose: ContactPurpose = "general"
    period: str = ""
    note: str = ""
    source: Source = NO_SOURCE


class Removal(Struct, frozen=True, gc=False):
    """A disciplinary removal (a suspension): ``students/<id>/discipline.toml``.

    ``days`` are the school days the student is removed, starting on ``date``. ``pattern``
    is the school's decision whether a series of removals is a pattern that changes the
    placement (34 CFR 300.536(a)(2)); None while undecided. ``decided`` is the date of the
    decision to change the placement (default: ``date``); ``manifestation`` the finding of
    the manifestation determination review (300.530(e)), None while not held.
    """

    id: str
    date: date
    days: int
    kind: RemovalKind = "oss"
    reason: str = ""
    pattern: bool | None = None
    decided: dt.date | None = None
    manifestation: bool | None = None
    note: str = ""
    source: Source = NO_SOURCE


class Absence(Struct, frozen=True, gc=False):
    """School days the student was absent, ``date`` through ``to`` (one day without
    ``to``): ``students/<id>/attendance.toml``."""

    id: str
    date: date
    to: dt.date | None = None
    reason: str = ""
    note: str = ""
    source: Source = NO_SOURCE


class Consent(Struct, frozen=True, gc=False):
    """A request for the parent's informed consent and the answer (34 CFR 300.300):
    ``students/<id>/consent.toml``. ``date`` is when it was asked."""

    id: str
    date: date
    purpose: ConsentPurpose
    response: ConsentResponse = "pending"
    responded: dt.date | None = None
    note: str = ""
    source: Source = NO_SOURCE


class Notice(Struct, frozen=True, gc=False):
    """A prior written notice (34 CFR 300.503): the school proposes or refuses to start or
    change the identification, evaluation, placement or FAPE: ``consent.toml``."""

    id: str
    date: date
    action: NoticeAction
    subject: NoticeSubject
    description: str = ""
    note: str = ""
    source: Source = NO_SOURCE


# --- behaviour support (behavior.toml) -----------------------------------------------


class TargetBehavior(Struct, frozen=True, gc=False):
    """A target behaviour of an FBA: a short name and its operational definition."""

    name: str
    definition: str = ""


class Fba(Struct, frozen=True, gc=False):
    """A functional behaviour assessment: ``[[fba]]`` in ``behavior.toml``."""

    id: str
    started: date
    concern: str = ""
    status: str = "in-progress"
    targets: tuple[TargetBehavior, ...] = ()
    indirect: tuple[str, ...] = ()
    """Indirect assessments used (interviews, rating scales)."""
    direct: tuple[str, ...] = ()
    """Direct observations used (ABC, scatterplot)."""
    functions: tuple[str, ...] = ()
    setting_events: tuple[str, ...] = ()
    antecedents: tuple[str, ...] = ()
    summary: str = ""
    consent: dt.date | None = None
    completed: dt.date | None = None
    note: str = ""
    source: Source = NO_SOURCE


class BipTarget(Struct, frozen=True, gc=False):
    """A BIP's target behaviour (named as in the FBA), its replacement and how data are
    collected; ``goal`` names a decrease goal fed by the observations."""

    name: str
    replacement: str = ""
    method: str = "frequency"
    goal: str = ""


class Bip(Struct, frozen=True, gc=False):
    """A behaviour intervention plan: ``[[bip]]`` in ``behavior.toml``. ``revised`` are
    the dates the plan changed (each starts a new phase of the data)."""

    id: str
    adopted: date
    fba: str = ""
    targets: tuple[BipTarget, ...] = ()
    prevention: tuple[str, ...] = ()
    teaching: tuple[str, ...] = ()
    response: tuple[str, ...] = ()
    reinforcement: str = ""
    crisis: str = ""
    implementers: tuple[str, ...] = ()
    review: dt.date | None = None
    revised: tuple[dt.date, ...] = ()
    note: str = ""
    source: Source = NO_SOURCE

    @property
    def strategies(self) -> tuple[str, ...]:
        """The checklist a fidelity check scores."""
        return (*self.prevention, *self.teaching, *self.response)


class ObservedBehavior(Struct, frozen=True, gc=False):
    """One behaviour measured in one session by one ``method``.

    ``count`` for frequency (``counts`` per interval when the tally was split into
    intervals of ``interval`` seconds); ``episodes`` as (start, stop) seconds from the
    session's start for duration; ``latencies`` in seconds; ``marks`` one per interval
    of ``interval`` seconds for the interval methods.
    """

    name: str
    method: str
    count: int = 0
    counts: tuple[int, ...] = ()
    episodes: tuple[tuple[int, int], ...] = ()
    latencies: tuple[int, ...] = ()
    interval: int = 0
    marks: tuple[bool, ...] = ()


class Observation(Struct, frozen=True, gc=False):
    """An observation session: ``[[observation]]`` in ``behavior.toml``."""

    id: str
    date: date
    start: time
    end: time
    observer: str = ""
    setting: str = ""
    activity: str = ""
    behaviors: tuple[ObservedBehavior, ...] = ()
    note: str = ""
    source: Source = NO_SOURCE

    @property
    def minutes(self) -> float:
        """Length of the session in minutes."""
        start = self.start.hour * 60 + self.start.minute + self.start.second / 60
        end = self.end.hour * 60 + self.end.minute + self.end.second / 60
        return end - start

    def behavior(self, name: str) -> ObservedBehavior | None:
        return next((b for b in self.behaviors if b.name == name), None)


class AbcEvent(Struct, frozen=True, gc=False):
    """One antecedent-behaviour-consequence record: ``[[abc]]`` in ``behavior.toml``."""

    id: str
    date: date
    behavior: str
    antecedent: str = ""
    consequence: str = ""
    time: dt.time | None = None
    setting: str = ""
    activity: str = ""
    intensity: int | None = None
    observer: str = ""
    observation: str = ""
    note: str = ""
    source: Source = NO_SOURCE


class FidelityCheck(Struct, frozen=True, gc=False):
    """How much of the BIP staff carried out, scored by an observer: ``[[fidelity]]``."""

    id: str
    date: date
    observer: str = ""
    bip: str = ""
    observation: str = ""
    implemented: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()
    note: str = ""
    source: Source = NO_SOURCE

    @property
    def percent(self) -> float | None:
        """Strategies implemented out of those scored, in percent."""
        scored = len(self.implemented) + len(self.missed)
        return None if scored == 0 else 100.0 * len(self.implemented) / scored


class SafetyPlan(Struct, frozen=True, gc=False):
    """The individual crisis/safety plan: ``[safety]`` in ``behavior.toml``."""

    triggers: tuple[str, ...] = ()
    warning_signs: tuple[str, ...] = ()
    deescalation: tuple[str, ...] = ()
    contacts: tuple[str, ...] = ()
    safe_spaces: tuple[str, ...] = ()
    restrictions: str = ""
    medical: str = ""
    review: dt.date | None = None
    note: str = ""


# --- assessments and evaluations (evaluation.toml) -----------------------------------


class Score(Struct, frozen=True, gc=False):
    """One composite or subtest score of an assessment, as the examiner reported it.

    ``ci_low``-``ci_high`` is the confidence interval at ``ci_level`` percent; ``range``
    the descriptive range the report gives (the product computes its own from the score).
    """

    name: str
    kind: ScoreKind
    value: float
    composite: bool = False
    ci_low: float | None = None
    ci_high: float | None = None
    ci_level: int | None = None
    range: str = ""


class Assessment(Struct, frozen=True, gc=False):
    """One assessment given to a student: ``[[assessment]]`` in ``evaluation.toml``."""

    id: str
    date: date
    instrument: str
    type: AssessmentType = "norm-referenced"
    examiner: str = ""
    area: str = ""
    evaluation: str = ""
    """The id of the evaluation it belongs to, if any."""
    scores: tuple[Score, ...] = ()
    note: str = ""
    source: Source = NO_SOURCE


class InterventionHistory(Struct, frozen=True, gc=False):
    """One intervention as carried into a referral: what was done, and its data."""

    intervention: str
    program: str
    tier: Tier
    start: date
    end: dt.date | None = None
    frequency: int | None = None
    minutes: int | None = None
    goal: str = ""
    points: int = 0
    below: int = 0
    """Of the points, how many lay below the aimline."""
    baseline: float | None = None
    last: float | None = None
    slope: float | None = None
    """The trend, in the goal's unit per week."""
    target_slope: float | None = None


class Referral(Struct, frozen=True, gc=False):
    """A referral for a special-education evaluation: ``[[referral]]``.
    ``history`` carries the MTSS interventions and their data (34 CFR 300.309(b))."""

    id: str
    date: date
    referred_by: ReferralSource = "teacher"
    concern: str = ""
    areas: tuple[str, ...] = ()
    tier: Tier | None = None
    history: tuple[InterventionHistory, ...] = ()
    note: str = ""
    source: Source = NO_SOURCE


class EvaluationArea(Struct, frozen=True, gc=False):
    """One area of the evaluation plan and who assesses it."""

    name: str
    assessor: str = ""


class Evaluation(Struct, frozen=True, gc=False):
    """An initial evaluation or a reevaluation, from its plan to the eligibility decision:
    ``[[evaluation]]``. ``existing_data_only``: a reevaluation decided on a review of
    existing data without new tests (34 CFR 300.305(a), (d))."""

    id: str
    date: date
    kind: EvaluationKind = "initial"
    referral: str = ""
    areas: tuple[EvaluationArea, ...] = ()
    existing_data_only: bool = False
    report: dt.date | None = None
    meeting: dt.date | None = None
    decision: Decision = "pending"
    considered: tuple[Disability, ...] = ()
    categories: tuple[Disability, ...] = ()
    sld_criteria: SldCriteria | Literal[""] = ""
    note: str = ""
    source: Source = NO_SOURCE


# --- MTSS (mtss.toml) ----------------------------------------------------------------


class TierChange(Struct, frozen=True, gc=False):
    """A student's tier of support from ``date`` on: ``[[tier]]`` in ``mtss.toml``."""

    id: str
    date: date
    tier: Tier
    note: str = ""
    source: Source = NO_SOURCE


class Intervention(Struct, frozen=True, gc=False):
    """An MTSS intervention plan: ``[[intervention]]``. ``frequency`` is sessions per
    week, ``minutes`` per session; ``goal`` the goal its progress monitoring feeds."""

    id: str
    program: str
    tier: Tier
    start: date
    end: dt.date | None = None
    group: str = ""
    frequency: int | None = None
    minutes: int | None = None
    interventionist: str = ""
    area: str = ""
    goal: str = ""
    note: str = ""
    source: Source = NO_SOURCE


class Screening(Struct, frozen=True, gc=False):
    """A universal screening (benchmark) score: ``[[screening]]``."""

    id: str
    date: date
    season: Season
    measure: str
    score: float
    percentile: float | None = None
    grade: Grade | Literal[""] = ""
    """The grade at screening (default: the student's grade)."""
    note: str = ""
    source: Source = NO_SOURCE


class Student(Struct, frozen=True, gc=False):
    """Everything caseterm knows about one student; ``broken`` if a file had problems."""

    id: str
    profile: Profile
    plan: Plan = field(default_factory=Plan)
    goals: tuple[Goal, ...] = ()
    points: tuple[DataPoint, ...] = ()
    sessions: tuple[Session, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    contacts: tuple[Contact, ...] = ()
    broken: bool = False
    removals: tuple[Removal, ...] = ()
    absences: tuple[Absence, ...] = ()
    consents: tuple[Consent, ...] = ()
    notices: tuple[Notice, ...] = ()
    fbas: tuple[Fba, ...] = ()
    bips: tuple[Bip, ...] = ()
    observations: tuple[Observation, ...] = ()
    abc_events: tuple[AbcEvent, ...] = ()
    fidelity_checks: tuple[FidelityCheck, ...] = ()
    safety: SafetyPlan | None = None
    assessments: tuple[Assessment, ...] = ()
    referrals: tuple[Referral, ...] = ()
    evaluations: tuple[Evaluation, ...] = ()
    tiers: tuple[TierChange, ...] = ()
    interventions: tuple[Intervention, ...] = ()
    screenings: tuple[Screening, ...] = ()

    @property
    def name(self) -> str:
        return self.profile.name or self.id

    def goal(self, goal_id: str) -> Goal | None:
        return next((g for g in self.goals if g.id == goal_id), None)

    def points_for(self, goal_id: str) -> tuple[DataPoint, ...]:
        return tuple(p for p in self.points if p.goal == goal_id)


class Caseload(Struct, frozen=True, gc=False):
    """A whole caseload: settings, school calendars and students (sorted by id)."""

    settings: Settings
    calendars: tuple[SchoolYearCalendar, ...] = ()
    students: tuple[Student, ...] = ()

    def student(self, student_id: str) -> Student | None:
        return next((s for s in self.students if s.id == student_id), None)
