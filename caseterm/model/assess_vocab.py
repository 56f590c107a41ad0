"""Closed vocabularies of assessments, evaluations and MTSS (``evaluation.toml``,
``mtss.toml``), in the style of ``model.vocab``: one ``Literal`` alias each, its tuple or
the keys of its dict of labels from the alias."""

from __future__ import annotations

from typing import Literal, get_args

AssessmentType = Literal[
    "norm-referenced",
    "curriculum-based",
    "criterion-referenced",
    "informal",
    "observation",
    "rating-scale",
]
ASSESSMENT_TYPES: dict[AssessmentType, str] = {
    "norm-referenced": "standardized, norm-referenced test",
    "curriculum-based": "curriculum-based measure (CBM)",
    "criterion-referenced": "criterion-referenced test",
    "informal": "informal assessment (inventory, work sample)",
    "observation": "structured observation",
    "rating-scale": "rating scale (teacher, parent, self)",
}

ScoreKind = Literal[
    "standard", "scaled", "t", "percentile", "grade-equivalent", "age-equivalent", "raw"
]
SCORE_KINDS: dict[ScoreKind, str] = {
    "standard": "standard score (mean 100, SD 15)",
    "scaled": "scaled score (mean 10, SD 3)",
    "t": "T score (mean 50, SD 10)",
    "percentile": "percentile rank (0-100)",
    "grade-equivalent": "grade equivalent (e.g. 3.4)",
    "age-equivalent": "age equivalent in years (e.g. 8.5)",
    "raw": "raw score",
}
NormedKind = Literal["standard", "scaled", "t", "percentile"]
NORMED_KINDS: tuple[NormedKind, ...] = get_args(NormedKind)
"""Score kinds that sit on the normal curve: converted to z, percentile and a range."""

RangeScheme = Literal["wechsler", "woodcock-johnson"]
RANGE_SCHEMES: tuple[RangeScheme, ...] = get_args(RangeScheme)

ReferralSource = Literal["teacher", "parent", "mtss-team", "student", "physician", "other"]
REFERRAL_SOURCES: tuple[ReferralSource, ...] = get_args(ReferralSource)

EvaluationKind = Literal["initial", "reevaluation"]
EVALUATION_KINDS: tuple[EvaluationKind, ...] = get_args(EvaluationKind)

Decision = Literal["pending", "eligible", "not-eligible"]
DECISIONS: tuple[Decision, ...] = get_args(Decision)
"""The eligibility team's decision (34 CFR 300.306)."""

SldCriteria = Literal["rti", "psw"]
SLD_CRITERIA: dict[SldCriteria, str] = {
    "rti": "response to scientific, research-based intervention (34 CFR 300.309(a)(2)(i))",
    "psw": "pattern of strengths and weaknesses (34 CFR 300.309(a)(2)(ii))",
}

Tier = Literal[1, 2, 3]
TIERS: tuple[Tier, ...] = get_args(Tier)
TIER_OF: dict[object, Tier] = {tier: tier for tier in TIERS}
"""A tier by its number (a whole number from a file or a form)."""

Season = Literal["fall", "winter", "spring"]
SEASONS: tuple[Season, ...] = get_args(Season)

TierSuggestion = Literal["stay", "move-up", "refer", "referred", "move-down", "insufficient-data"]
TIER_SUGGESTIONS: dict[TierSuggestion, str] = {
    "stay": "continue the intervention at this tier",
    "move-up": "intensify: move to the next tier",
    "refer": "consider a referral for a special-education evaluation",
    "referred": "already referred for a special-education evaluation",
    "move-down": "the goal is met: consider fading to a lower tier",
    "insufficient-data": "not enough data points yet",
}
