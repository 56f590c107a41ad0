"""Rule profiles: every number of the compliance clock, federal defaults and state changes.

A profile is data (``caseterm/profiles/<name>.toml``); the store reads it and the caseload's
``[rules]`` table, and ``apply_rules`` checks each value. The defaults here are the federal
rules (34 CFR Part 300 and 303, 34 CFR 104.35).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Any, Literal, get_args

from msgspec import Struct
from msgspec.structs import replace

from caseterm.model.dates import ANNUAL_METHODS, AnnualMethod
from caseterm.model.fields import SHORT_TEXT, check_text

EvaluationCount = Literal["calendar-days", "school-days", "calendar-days-skipping-breaks"]
"""How the initial-evaluation window is counted."""
EVALUATION_COUNTS: tuple[EvaluationCount, ...] = get_args(EvaluationCount)
EvaluationStart = Literal["consent", "referral"]
EVALUATION_STARTS: tuple[EvaluationStart, ...] = get_args(EvaluationStart)
InitialIepStart = Literal["eligibility", "evaluation"]
INITIAL_IEP_STARTS: tuple[InitialIepStart, ...] = get_args(InitialIepStart)


class RuleProfile(Struct, frozen=True, gc=False):
    """The numbers and citations of one state's compliance clock (defaults: federal)."""

    name: str = "federal"
    label: str = "Federal rules (IDEA, 34 CFR Part 300)"
    annual: AnnualMethod = "plus-1-year-minus-1-day"
    assessment_plan_days: int = 0
    assessment_plan_late_referral_days: int = 0
    assessment_plan_next_year_days: int = 10
    assessment_plan_rule: str = ""
    evaluation_days: int = 60
    evaluation_from: EvaluationStart = "consent"
    evaluation_count: EvaluationCount = "calendar-days"
    evaluation_break_school_days: int = 5
    evaluation_late_consent_school_days: int = 0
    evaluation_late_consent_due: str = ""
    evaluation_late_consent_rule: str = ""
    evaluation_late_referral_days: int = 0
    evaluation_late_referral_next_year_days: int = 30
    evaluation_late_referral_rule: str = ""
    evaluation_absence_school_days: int = 0
    evaluation_absence_rule: str = ""
    evaluation_includes_iep: bool = False
    evaluation_rule: str = "34 CFR 300.301(c)(1)"
    initial_iep_days: int = 30
    initial_iep_from: InitialIepStart = "eligibility"
    initial_iep_rule: str = "34 CFR 300.323(c)(1)"
    initial_iep_summer_first_day: bool = False
    initial_iep_summer_rule: str = ""
    initial_iep_late_consent_school_day: int = 0
    initial_iep_late_consent_rule: str = ""
    annual_review_rule: str = "34 CFR 300.324(b)(1)(i)"
    reevaluation_years: int = 3
    reevaluation_min_years: int = 1
    reevaluation_rule: str = "34 CFR 300.303(b)"
    transition_age: int = 16
    transition_rule: str = "34 CFR 300.320(b)"
    majority_age: int = 18
    transfer_years_before: int = 1
    transfer_rule: str = "34 CFR 300.320(c), 300.520"
    progress_report_rule: str = "34 CFR 300.320(a)(3)(ii)"
    safeguards_notice_rule: str = "34 CFR 300.504(a)"
    medicaid_notice_rule: str = "34 CFR 300.154(d)(2)(v)"
    section504_review_months: int = 12
    section504_review_rule: str = "34 CFR 104.35(d) (local policy)"
    section504_reevaluation_years: int = 3
    section504_reevaluation_rule: str = "34 CFR 104.35(d)"
    part_c_days: int = 45
    part_c_rule: str = "34 CFR 303.310(a), 303.342(a)"
    part_c_review_months: int = 6
    part_c_review_rule: str = "34 CFR 303.342(b)-(c)"
    part_c_transition_earliest_months: int = 9
    part_c_transition_latest_days: int = 90
    part_c_transition_rule: str = "34 CFR 303.209(d)"
    removal_limit_school_days: int = 10
    pattern_decision_rule: str = "34 CFR 300.536(a)(2), (b)"
    manifestation_school_days: int = 10
    manifestation_rule: str = "34 CFR 300.530(e)"
    fba_bip_rule: str = "34 CFR 300.530(f)"
    services_consent_rule: str = "34 CFR 300.300(b)"
    summary_of_performance_rule: str = "34 CFR 300.305(e)(3)"
    part_c_notification_days: int = 90
    part_c_notification_rule: str = "34 CFR 303.209(b)(1)"
    part_c_conference_rule: str = "34 CFR 303.209(c)(1)"
    part_c_third_birthday_rule: str = "34 CFR 300.124(b)"


FEDERAL = RuleProfile()

_CHOICES: dict[str, tuple[str, ...]] = {
    "annual": ANNUAL_METHODS,
    "evaluation_from": EVALUATION_STARTS,
    "evaluation_count": EVALUATION_COUNTS,
    "initial_iep_from": INITIAL_IEP_STARTS,
}
_MINIMUM: dict[str, int] = {
    "assessment_plan_days": 0,
    "assessment_plan_late_referral_days": 0,
    "evaluation_late_referral_days": 0,
    "evaluation_absence_school_days": 0,
    "initial_iep_late_consent_school_day": 0,
    "evaluation_break_school_days": 0,
    "evaluation_late_consent_school_days": 0,
    "reevaluation_min_years": 0,
    "part_c_transition_latest_days": 0,
}
_MAXIMUM_BY_SUFFIX = (("_years", 30), ("_months", 360), ("_age", 30), ("_days", 3650))
"""Upper bounds of the numbers of a rule (docs/file-format.md): a clock of finite length."""
_MONTH_DAY = re.compile(r"(\d\d)-(\d\d)")
RULE_KEYS: tuple[str, ...] = RuleProfile.__struct_fields__[2:]
"""The keys a profile's or the caseload's ``[rules]`` table may set (not name and label)."""


def _check(key: str, value: Any, current: Any) -> Any:
    """The value for ``key`` if it has the right type and range; ``ValueError`` otherwise."""
    if isinstance(current, bool):
        if not isinstance(value, bool):
            raise ValueError(f"rules.{key}: {value!r} is not true or false")
        return value
    if isinstance(current, int):
        low = _MINIMUM.get(key, 1)
        high = next((n for suffix, n in _MAXIMUM_BY_SUFFIX if key.endswith(suffix)), 3650)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise ValueError(f"rules.{key}: {value!r} is not a whole number from {low} to {high}")
        return value
    if not isinstance(value, str):
        raise ValueError(f"rules.{key}: {value!r} is not text; write it in quotes")
    check_text(f"rules.{key}", value, SHORT_TEXT)
    choices = _CHOICES.get(key)
    if choices is not None and value not in choices:
        raise ValueError(f"rules.{key}: {value!r} is not allowed; use one of {', '.join(choices)}")
    if key == "evaluation_late_consent_due" and value and not _month_day_ok(value):
        raise ValueError(f"rules.{key}: {value!r} is not a month and day; use MM-DD, e.g. 06-30")
    return value


def _month_day_ok(text: str) -> bool:
    match = _MONTH_DAY.fullmatch(text)
    if match is None:
        return False
    try:
        date(2024, int(match[1]), int(match[2]))
    except ValueError:
        return False
    return True


def month_day(text: str, year: int) -> date:
    """The date of a checked ``MM-DD`` text in ``year`` (Feb 29 becomes Feb 28)."""
    month, day = int(text[:2]), int(text[3:])
    if (month, day) == (2, 29):
        day = 29 if date(year, 3, 1).toordinal() - date(year, 2, 1).toordinal() == 29 else 28
    return date(year, month, day)


def _unknown(key: str) -> str:
    import difflib  # only for a misspelt rule (~1 ms of every command's start otherwise)

    close = difflib.get_close_matches(key, RULE_KEYS, n=1)
    if close:
        return f"rules.{key}: unknown rule; did you mean {close[0]}?"
    return f"rules.{key}: unknown rule; use one of {', '.join(RULE_KEYS)}"


def apply_rules(
    profile: RuleProfile, values: Iterable[tuple[str, object]]
) -> tuple[RuleProfile, list[tuple[str, str]]]:
    """``profile`` with ``values`` applied; bad ones are skipped and reported.

    Returns the new profile and ``(key, message)`` for each unknown key or wrong value.
    """
    changes: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for key, value in values:
        if key not in RULE_KEYS:
            problems.append((key, _unknown(key)))
            continue
        try:
            changes[key] = _check(key, value, getattr(profile, key))
        except ValueError as error:
            problems.append((key, str(error)))
    return replace(profile, **changes), problems
