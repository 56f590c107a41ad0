"""Mastery criteria written in goals ("4 of 5 trials", "80% across 3 consecutive sessions",
"3 consecutive sessions at or below prompt level 2"), parsed and checked against the data."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from caseterm.model.vocab import CriterionKind, MasteryStatus

_SESSIONS = (
    r"(?:sessions?|days?|probes?|data\s+points?|trials?|opportunities|observations?|weeks?"
    r"|visits?|assessments?|occasions?|periods?)"
)
_CONSECUTIVE = (
    rf"(?:across|over|for|in|on|during)\s+(\d+)\s+consecutive\s+(?:[a-z-]+\s+)?{_SESSIONS}"
)
_TRIALS = re.compile(
    r"(\d+)\s*(?:of|/|out\s+of)\s*(\d+)\s*(?:[a-z-]+\s+)?"
    r"(?:trials|opportunities|attempts|observations|recesses|occasions|tries)"
    rf"(?:\s*,?\s*{_CONSECUTIVE})?",
    re.IGNORECASE,
)
_PROMPT = re.compile(
    rf"(\d+)\s+consecutive\s+{_SESSIONS}\s+at\s+or\s+below\s+(?:a\s+)?prompt\s+level\s+(?:of\s+)?(\d+)",
    re.IGNORECASE,
)
_VALUE = re.compile(rf"(\d+(?:\.\d+)?)\s*(%?)([^\d]{{0,40}}?)\s*{_CONSECUTIVE}", re.IGNORECASE)
_CEILING = re.compile(r"\bor\s+(?:fewer|less|lower|below)\b|\bat\s+most\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Criterion:
    """A parsed mastery criterion: the last ``sessions`` values must each be at or past
    ``threshold`` (at least it for ``at_least``, at most it otherwise)."""

    kind: CriterionKind
    """percent | value | trials | prompt-level"""
    threshold: float
    sessions: int
    at_least: bool


@dataclass(frozen=True, slots=True)
class MasteryCheck:
    """Whether a goal's mastery criterion is met by its latest data."""

    criterion: str
    status: MasteryStatus
    """met | not-met | not-parseable | none (the goal has no criterion)"""
    detail: str = ""


def parse_mastery(text: str, percent_unit: bool, decrease: bool = False) -> Criterion | None:
    """The criterion in ``text``, or None if it has none of the known forms.

    Forms: "X% across K consecutive sessions", "X <unit> on K consecutive probes" (a value;
    "or fewer" makes it a ceiling), "N of M trials [across K consecutive sessions]" (each
    session's value against N, or N/M as a percentage when the goal's unit is a percentage),
    "K consecutive sessions at or below prompt level P". For a decreasing goal a percentage
    or value criterion is a ceiling.
    """
    if match := _PROMPT.search(text):
        if _too_long(match[1], match[2]):
            return None
        return Criterion("prompt-level", float(match[2]), int(match[1]), at_least=False)
    if match := _TRIALS.search(text):
        if _too_long(match[1], match[2], match[3] or ""):
            return None
        hits, trials = int(match[1]), int(match[2])
        if trials == 0 or hits > trials:
            return None
        threshold = hits / trials * 100 if percent_unit else float(hits)
        return Criterion("trials", threshold, int(match[3] or 1), at_least=True)
    if match := _VALUE.search(text):
        if _too_long(match[1], match[4]):
            return None
        ceiling = decrease or bool(_CEILING.search(match[3]))
        kind: CriterionKind = "percent" if match[2] else "value"
        return Criterion(kind, float(match[1]), int(match[4]), at_least=not ceiling)
    return None


def _too_long(*numbers: str) -> bool:
    """A number of more than 9 digits (before a decimal point) is no mastery criterion."""
    return any(len(n.partition(".")[0]) > 9 for n in numbers)


def check_mastery(
    text: str, values: Sequence[float], percent_unit: bool, decrease: bool = False
) -> MasteryCheck:
    """Check ``text`` against the goal's values (one per day with data, oldest first)."""
    if not text.strip():
        return MasteryCheck(text, "none")
    criterion = parse_mastery(text, percent_unit, decrease)
    if criterion is None:
        return MasteryCheck(
            text,
            "not-parseable",
            "use 'N of M trials', 'X% across K consecutive sessions', "
            "'X on K consecutive probes' or 'K consecutive sessions at or below prompt level P'",
        )
    need = criterion.sessions
    if criterion.sessions < 1:
        return MasteryCheck(text, "not-parseable", "the number of sessions must be at least 1")
    if len(values) < need:
        return MasteryCheck(text, "not-met", f"needs {need} sessions of data; has {len(values)}")
    last = values[-need:]
    bound = f"{criterion.threshold:g}"
    if criterion.at_least:
        ok = all(v >= criterion.threshold for v in last)
        how = f"at least {bound}"
    else:
        ok = all(v <= criterion.threshold for v in last)
        how = f"at most {bound}"
    shown = ", ".join(f"{v:g}" for v in last)
    return MasteryCheck(
        text, "met" if ok else "not-met", f"last {need}: {shown} (each must be {how})"
    )
