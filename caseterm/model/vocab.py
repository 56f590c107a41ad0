"""Closed vocabularies used in the files, with what each code means.

Each vocabulary is one ``Literal`` alias; its runtime tuple (or the keys of its dict of
labels) comes from the alias with ``get_args``, so mypy checks the codes written in code
and the decoders, CLI choices and JSON Schemas check the codes written in files.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable
from typing import Literal, TypeGuard, TypeVar, get_args

Code = TypeVar("Code", bound=str)


def is_code(value: object, codes: Collection[Code]) -> TypeGuard[Code]:
    """Whether ``value`` is one of ``codes``; narrows it to their type."""
    return isinstance(value, str) and value in codes


def only(values: Iterable[str], codes: Collection[Code]) -> tuple[Code, ...]:
    """The ``values`` that are among ``codes``, typed as codes."""
    return tuple(v for v in values if is_code(v, codes))


STUDENT_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
"""Student and goal ids: short slugs, safe as folder names (no ``/``, no ``..``)."""

SLUG_FORM = "lowercase letters, digits and '-', starting with a letter or digit (e.g. ava-m)"

PlanType = Literal["IEP", "504", "IFSP", "MTSS"]
PLAN_TYPES: tuple[PlanType, ...] = get_args(PlanType)
"""MTSS: a student without an IEP or 504 plan who gets tiered support (``mtss.toml``);
only the referral and initial-evaluation clocks apply."""

Disability = Literal[
    "AUT", "DB", "DD", "EMN", "HI", "ID", "MD", "OI", "OHI", "SLD", "SLI", "TBI", "VI"
]
DISABILITIES: dict[Disability, str] = {
    "AUT": "Autism",
    "DB": "Deaf-blindness",
    "DD": "Developmental delay",
    "EMN": "Emotional disturbance",
    "HI": "Hearing impairment",
    "ID": "Intellectual disability",
    "MD": "Multiple disabilities",
    "OI": "Orthopedic impairment",
    "OHI": "Other health impairment",
    "SLD": "Specific learning disability",
    "SLI": "Speech or language impairment",
    "TBI": "Traumatic brain injury",
    "VI": "Visual impairment",
}
"""EDFacts disability categories."""

LreSetting = Literal["RC80", "RC79TO40", "RC39", "SS", "RF", "HH", "CF", "PPPS"]
LRE_SETTINGS: dict[LreSetting, str] = {
    "RC80": "Regular class 80% or more of the day",
    "RC79TO40": "Regular class 40% to 79% of the day",
    "RC39": "Regular class less than 40% of the day",
    "SS": "Separate school",
    "RF": "Residential facility",
    "HH": "Homebound/hospital",
    "CF": "Correctional facility",
    "PPPS": "Parentally placed in private school",
}
"""EDFacts school-age educational environments (least restrictive environment)."""

Grade = Literal[
    "IT", "PK", "K", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "UG"
]
GRADES: tuple[Grade, ...] = get_args(Grade)
"""IT = infant/toddler (Part C), PK = preschool, UG = ungraded (e.g. 18-21 transition)."""

ServicePeriod = Literal["week", "month"]
SERVICE_PERIODS: tuple[ServicePeriod, ...] = get_args(ServicePeriod)
ServiceSetting = Literal["special-education", "general-education", "natural-environment", "other"]
SERVICE_SETTINGS: tuple[ServiceSetting, ...] = get_args(ServiceSetting)
"""Where a service is given: Part B settings, and for Part C the natural environment (home
or community, 34 CFR 303.126) or another setting, with a justification."""
ServiceDelivery = Literal["direct", "indirect"]
SERVICE_DELIVERY: tuple[ServiceDelivery, ...] = get_args(ServiceDelivery)

DeliveredStatus = Literal["delivered", "makeup"]
MissedStatus = Literal["student-absent", "student-refused", "provider-absent", "school-closed"]
ExcusableStatus = Literal["student-absent", "student-refused", "school-closed"]
"""The missed statuses a caseload may excuse (``caseload.excused_statuses``)."""
SessionStatus = Literal[DeliveredStatus, MissedStatus]

SESSION_STATUSES: dict[SessionStatus, str] = {
    "delivered": "service delivered",
    "makeup": "make-up session (counts as delivered; links the session it makes up)",
    "student-absent": "student absent",
    "student-refused": "student refused",
    "provider-absent": "provider absent (never excused: a make-up is owed)",
    "school-closed": "school closed or session cancelled by the school",
}
DELIVERED_STATUSES: tuple[DeliveredStatus, ...] = get_args(DeliveredStatus)
MISSED_STATUSES: tuple[MissedStatus, ...] = get_args(MissedStatus)
EXCUSABLE_STATUSES: tuple[ExcusableStatus, ...] = get_args(ExcusableStatus)
NEVER_EXCUSED: tuple[MissedStatus, ...] = tuple(
    s for s in MISSED_STATUSES if s not in EXCUSABLE_STATUSES
)

MeetingKind = Literal[
    "initial-iep",
    "annual-review",
    "eligibility",
    "reevaluation",
    "amendment",
    "transition",
    "504-review",
    "ifsp-review",
    "progress",
    "manifestation",
    "mtss",
    "other",
]
MEETING_KINDS: dict[MeetingKind, str] = {
    "initial-iep": "initial IEP meeting",
    "annual-review": "annual IEP review",
    "eligibility": "eligibility determination",
    "reevaluation": "reevaluation meeting",
    "amendment": "plan amendment",
    "transition": "transition planning",
    "504-review": "Section 504 plan review",
    "ifsp-review": "IFSP review (Part C)",
    "progress": "progress conference",
    "manifestation": "manifestation determination",
    "mtss": "MTSS / problem-solving team meeting",
    "other": "other meeting",
}
MeetingStatus = Literal["scheduled", "held", "cancelled"]
MEETING_STATUSES: tuple[MeetingStatus, ...] = get_args(MeetingStatus)

RemovalKind = Literal["oss", "iss"]
REMOVAL_KINDS: dict[RemovalKind, str] = {
    "oss": "out-of-school suspension",
    "iss": "in-school suspension",
}
ConsentPurpose = Literal[
    "evaluation", "initial-services", "reevaluation", "release-of-information", "medicaid"
]
CONSENT_PURPOSES: dict[ConsentPurpose, str] = {
    "evaluation": "initial evaluation (34 CFR 300.300(a))",
    "initial-services": "initial provision of services (300.300(b))",
    "reevaluation": "reevaluation (300.300(c))",
    "release-of-information": "release of records (300.622)",
    "medicaid": "access to public benefits (300.154(d))",
}
ConsentResponse = Literal["pending", "given", "refused", "revoked"]
CONSENT_RESPONSES: tuple[ConsentResponse, ...] = get_args(ConsentResponse)
NoticeAction = Literal["propose", "refuse"]
NOTICE_ACTIONS: tuple[NoticeAction, ...] = get_args(NoticeAction)
NoticeSubject = Literal["identification", "evaluation", "placement", "fape"]
NOTICE_SUBJECTS: dict[NoticeSubject, str] = {
    "identification": "identification",
    "evaluation": "evaluation or reevaluation",
    "placement": "educational placement",
    "fape": "provision of FAPE (services)",
}
ExitReason = Literal["graduation", "aging-out", "not-eligible", "transfer", "other"]
EXIT_REASONS: dict[ExitReason, str] = {
    "graduation": "graduation with a regular high school diploma",
    "aging-out": "exceeding the age of eligibility for FAPE",
    "not-eligible": "no longer eligible (after a reevaluation)",
    "transfer": "moved or transferred",
    "other": "other",
}
SUMMARY_OF_PERFORMANCE_EXITS: tuple[ExitReason, ...] = ("graduation", "aging-out")
"""Exits that call for a Summary of Performance (34 CFR 300.305(e)(3))."""
MAX_REMOVAL_DAYS = 180
"""School days one removal may last (a school year; ``fields.BOUNDS["removal.days"]``)."""

ContactMethod = Literal["phone", "email", "in-person", "video", "text", "note-home", "mail"]
CONTACT_METHODS: tuple[ContactMethod, ...] = get_args(ContactMethod)
ContactPurpose = Literal["general", "progress-report", "meeting-notice", "concern", "celebration"]
CONTACT_PURPOSES: tuple[ContactPurpose, ...] = get_args(ContactPurpose)

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = get_args(Weekday)
"""School weekdays in ``calendar/*.toml``, Monday first (index = ``date.weekday()``)."""

SlotSetting = Literal["pull-out", "push-in", "consult"]
SLOT_SETTINGS: dict[SlotSetting, str] = {
    "pull-out": "pulled out of class to the provider's room",
    "push-in": "the provider works with the student in the classroom",
    "consult": "the provider consults with the teacher (the student is not pulled)",
}
"""Where a scheduled slot happens (``schedule.toml`` ``[[slot]] setting``)."""
ExceptionAction = Literal["cancelled", "moved"]
EXCEPTION_ACTIONS: tuple[ExceptionAction, ...] = get_args(ExceptionAction)
"""What happens to one occurrence of a slot (``schedule.toml`` ``[[exception]]``)."""

GoalDirection = Literal["increase", "decrease"]
GOAL_DIRECTIONS: tuple[GoalDirection, ...] = get_args(GoalDirection)
GoalAggregate = Literal["mean", "sum"]
GOAL_AGGREGATES: tuple[GoalAggregate, ...] = get_args(GoalAggregate)
"""Same-day points: ``mean`` for percentages and rates, ``sum`` for counts."""

# --- what the rules answer (JSON output, reports, screens) -----------------------------

DeadlineKind = Literal[
    "assessment-plan",
    "initial-evaluation",
    "initial-iep",
    "annual-review",
    "reevaluation",
    "transition-plan",
    "transfer-of-rights",
    "progress-report",
    "safeguards-notice",
    "medicaid-notice",
    "504-review",
    "504-reevaluation",
    "ifsp-initial",
    "ifsp-review",
    "part-c-transition",
    "bip-review",
    "safety-review",
    "pattern-decision",
    "manifestation-review",
    "fba-bip",
    "services-consent",
    "summary-of-performance",
    "lea-notification",
    "transition-conference",
    "iep-by-third-birthday",
    "meeting",
]
DEADLINE_KINDS: tuple[DeadlineKind, ...] = get_args(DeadlineKind)
"""Deadline kinds: stable ids used in JSON; their titles are ``compliance.KINDS``."""

DeadlineStatus = Literal["overdue", "due-soon", "upcoming", "done"]
DEADLINE_STATUSES: tuple[DeadlineStatus, ...] = get_args(DeadlineStatus)
"""Worst first."""

Decision = Literal["raise-goal", "change-instruction", "continue", "insufficient-data"]
DECISIONS: tuple[Decision, ...] = get_args(Decision)
"""What a decision rule (four-point, trend) recommends for a goal."""
Last3 = Literal["above", "mixed", "below", "insufficient"]
LAST3: tuple[Last3, ...] = get_args(Last3)
"""Where a goal's last three days lie against its aimline."""

MasteryStatus = Literal["met", "not-met", "not-parseable", "none"]
MASTERY_STATUSES: tuple[MasteryStatus, ...] = get_args(MasteryStatus)
CriterionKind = Literal["percent", "value", "trials", "prompt-level"]
CRITERION_KINDS: tuple[CriterionKind, ...] = get_args(CriterionKind)
"""The forms of a parsed mastery criterion."""

NON_NEGATIVE_UNIT_WORDS = frozenset(
    {
        "%",
        "percent",
        "percentage",
        "wcpm",
        "cwpm",
        "wpm",
        "cws",
        "words",
        "word",
        "digits",
        "letters",
        "sounds",
        "signs",
        "shapes",
        "count",
        "counts",
        "incidents",
        "times",
        "trials",
        "opportunities",
        "steps",
        "initiations",
        "responses",
        "problems",
        "minutes",
        "min",
        "seconds",
        "sec",
        "days",
    }
)
"""Words of a goal's unit that make it a count, a rate, a duration or a percentage: such a
goal's target, baseline and data points cannot be negative (docs/file-format.md, "Limits")."""

_UNIT_WORDS = re.compile(r"[a-z]+|%")


def non_negative_unit(unit: str) -> bool:
    """Whether values in ``unit`` (e.g. "wcpm", "% accuracy", "incidents/day") are >= 0."""
    return any(word in NON_NEGATIVE_UNIT_WORDS for word in _UNIT_WORDS.findall(unit.casefold()))
