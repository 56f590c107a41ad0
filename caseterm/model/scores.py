"""Score conversions that are pure arithmetic on the normal curve, and descriptive ranges.

Standard scores (mean 100, SD 15), scaled scores (10, 3) and T scores (50, 10) are linear
in z; a percentile rank is the area under the normal curve below z (``NormalDist``). No
norm table of any test is bundled: raw scores, grade and age equivalents are recorded as
given and never converted. The descriptive ranges are the published classification
bands (docs/assessments.md cites them), applied to the standard-score equivalent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

from caseterm.model.assess_vocab import NORMED_KINDS, NormedKind, RangeScheme, ScoreKind
from caseterm.model.vocab import is_code

SCALES: dict[NormedKind, tuple[float, float]] = {
    "standard": (100.0, 15.0),
    "scaled": (10.0, 3.0),
    "t": (50.0, 10.0),
}
"""Mean and standard deviation of each linear score scale."""
_NORMAL = NormalDist()
MIN_PERCENTILE = 0.1
MAX_PERCENTILE = 99.9
"""Percentile ranks are shown between these (<0.1 and >99.9 beyond)."""

RANGES: dict[RangeScheme, tuple[tuple[int, str], ...]] = {
    # WISC-V qualitative descriptors (Wechsler, 2014).
    "wechsler": (
        (130, "Extremely High"),
        (120, "Very High"),
        (110, "High Average"),
        (90, "Average"),
        (80, "Low Average"),
        (70, "Very Low"),
        (-1000, "Extremely Low"),
    ),
    # Woodcock-Johnson IV classification of standard scores (Mather & Wendling, 2014).
    "woodcock-johnson": (
        (131, "Very Superior"),
        (121, "Superior"),
        (111, "High Average"),
        (90, "Average"),
        (80, "Low Average"),
        (70, "Low"),
        (-1000, "Very Low"),
    ),
}
"""Lowest standard score of each band, highest band first."""


def is_normed(kind: ScoreKind) -> bool:
    return kind in NORMED_KINDS


def to_z(value: float, kind: NormedKind) -> float:
    """z of a score: (value - mean) / SD; a percentile through the inverse normal curve
    (clamped to 0.1-99.9, where the curve's tails make z meaningless)."""
    if kind == "percentile":
        p = min(max(value, MIN_PERCENTILE), MAX_PERCENTILE) / 100.0
        return _NORMAL.inv_cdf(p)
    mean, sd = SCALES[kind]
    return (value - mean) / sd


def from_z(z: float, kind: NormedKind) -> float:
    """The score of ``kind`` at ``z``: mean + z * SD, or the percentile rank 100 * Phi(z)."""
    if kind == "percentile":
        return percentile(z)
    mean, sd = SCALES[kind]
    return mean + z * sd


def percentile(z: float) -> float:
    """The percentile rank of ``z``: the area under the normal curve below it, in percent
    (0.5 * (1 + erf(z / sqrt 2)) * 100)."""
    return 50.0 * (1.0 + math.erf(z / math.sqrt(2.0)))


def convert(value: float, source: NormedKind, target: NormedKind) -> float:
    """A score on one scale as a score on another (through z)."""
    return from_z(to_z(value, source), target)


def descriptive_range(standard_score: float, scheme: RangeScheme = "wechsler") -> str:
    """The band of a standard score (rounded to a whole number) in ``scheme``."""
    whole = math.floor(standard_score + 0.5)
    return next(label for low, label in RANGES[scheme] if whole >= low)


@dataclass(frozen=True, slots=True)
class Converted:
    """A normed score with its z, standard-score equivalent, percentile and range."""

    z: float
    standard: float
    percentile: float
    range: str


def converted(value: float, kind: ScoreKind, scheme: RangeScheme = "wechsler") -> Converted | None:
    """What a score of ``kind`` means on the normal curve, or None for kinds without one
    (raw scores, grade and age equivalents)."""
    if not is_code(kind, NORMED_KINDS):
        return None
    z = to_z(value, kind)
    standard = from_z(z, "standard")
    return Converted(z, standard, percentile(z), descriptive_range(standard, scheme))


def percentile_text(p: float) -> str:
    """A percentile rank as reports write it: one decimal, <0.1 and >99.9 at the tails."""
    if p < MIN_PERCENTILE:
        return "<0.1"
    if p > MAX_PERCENTILE:
        return ">99.9"
    return f"{p:.1f}"
