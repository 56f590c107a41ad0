"""Closed vocabularies used in the files, with what each code means."""

from __future__ import annotations

import re

STUDENT_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,39}")
"""Student and goal ids: short slugs, safe as folder names (no ``/``, no ``..``)."""

SLUG_FORM = "lowercase letters, digits and '-', starting with a letter or digit (e.g. ava-m)"

PLAN_TYPES = ("IEP", "504", "IFSP")

DISABILITIES: dict[str, str] = {
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

LRE_SETTINGS: dict[str, str] = {
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

GRADES = ("IT", "PK", "K", *(str(n) for n in range(1, 13)), "UG")
"""IT = infant/toddler (Part C), PK = preschool, UG = ungraded (e.g. 18-21 transition)."""

SERVICE_PERIODS = ("week", "month")
SERVICE_SETTINGS = ("special-education", "general-education", "natural-environment", "other")
"""Where a service is given: Part B settings, and for Part C the natural environment (home
or community, 34 CFR 303.126) or another setting, with a justification."""
SERVICE_DELIVERY = ("direct", "indirect")

SESSION_STATUSES: dict[str, str] = {
    "delivered": "service delivered",
    "makeup": "make-up session (counts as delivered; links the session it makes up)",
    "student-absent": "student absent",
    "student-refused": "student refused",
    "provider-absent": "provider absent (never excused: a make-up is owed)",
    "school-closed": "school closed or session cancelled by the school",
}
DELIVERED_STATUSES = ("delivered", "makeup")
MISSED_STATUSES = ("student-absent", "student-refused", "provider-absent", "school-closed")
NEVER_EXCUSED = ("provider-absent",)

MEETING_KINDS: dict[str, str] = {
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
    "other": "other meeting",
}
MEETING_STATUSES = ("scheduled", "held", "cancelled")

REMOVAL_KINDS: dict[str, str] = {
    "oss": "out-of-school suspension",
    "iss": "in-school suspension",
}
CONSENT_PURPOSES: dict[str, str] = {
    "evaluation": "initial evaluation (34 CFR 300.300(a))",
    "initial-services": "initial provision of services (300.300(b))",
    "reevaluation": "reevaluation (300.300(c))",
    "release-of-information": "release of records (300.622)",
    "medicaid": "access to public benefits (300.154(d))",
}
CONSENT_RESPONSES = ("pending", "given", "refused", "revoked")
NOTICE_ACTIONS = ("propose", "refuse")
NOTICE_SUBJECTS: dict[str, str] = {
    "identification": "identification",
    "evaluation": "evaluation or reevaluation",
    "placement": "educational placement",
    "fape": "provision of FAPE (services)",
}
EXIT_REASONS: dict[str, str] = {
    "graduation": "graduation with a regular high school diploma",
    "aging-out": "exceeding the age of eligibility for FAPE",
    "not-eligible": "no longer eligible (after a reevaluation)",
    "transfer": "moved or transferred",
    "other": "other",
}
SUMMARY_OF_PERFORMANCE_EXITS = ("graduation", "aging-out")
"""Exits that call for a Summary of Performance (34 CFR 300.305(e)(3))."""
MAX_REMOVAL_DAYS = 180
"""School days one removal may last (a school year; ``fields.BOUNDS["removal.days"]``)."""

CONTACT_METHODS = ("phone", "email", "in-person", "video", "text", "note-home", "mail")
CONTACT_PURPOSES = ("general", "progress-report", "meeting-notice", "concern", "celebration")

GOAL_DIRECTIONS = ("increase", "decrease")
GOAL_AGGREGATES = ("mean", "sum")
"""Same-day points: ``mean`` for percentages and rates, ``sum`` for counts."""

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
goal's target, baseline and data points cannot be negative (README "Limits")."""

_UNIT_WORDS = re.compile(r"[a-z]+|%")


def non_negative_unit(unit: str) -> bool:
    """Whether values in ``unit`` (e.g. "wcpm", "% accuracy", "incidents/day") are >= 0."""
    return any(word in NON_NEGATIVE_UNIT_WORDS for word in _UNIT_WORDS.findall(unit.casefold()))
