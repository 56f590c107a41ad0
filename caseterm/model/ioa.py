"""Interobserver agreement (IOA) between two observers' records of the same session.

Formulas from Cooper, Heron & Heward, *Applied Behavior Analysis*, 3rd ed. (2020),
ch. 5 "Improving and Assessing the Quality of Behavioral Measurement"; each function's
docstring gives its formula. Every figure is a percentage.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from caseterm.model import behavior_vocab as bv
from caseterm.model.records import Observation, ObservedBehavior


def _ratio(smaller: float, larger: float) -> float:
    """smaller / larger as a percentage; two zeros agree fully."""
    if larger == 0:
        return 100.0
    return 100.0 * smaller / larger


def total_count(a: int, b: int) -> float:
    """Total count IOA = smaller count / larger count x 100."""
    return _ratio(min(a, b), max(a, b))


def mean_count_per_interval(a: Sequence[int], b: Sequence[int]) -> float:
    """Mean count-per-interval IOA = (sum over intervals of smaller / larger, an interval
    where both counted 0 agreeing fully) / number of intervals x 100."""
    pairs = list(zip(a, b, strict=True))
    return statistics.fmean(_ratio(min(x, y), max(x, y)) for x, y in pairs)


def exact_count_per_interval(a: Sequence[int], b: Sequence[int]) -> float:
    """Exact count-per-interval IOA = intervals with the same count / intervals x 100."""
    pairs = list(zip(a, b, strict=True))
    return 100.0 * sum(x == y for x, y in pairs) / len(pairs)


def interval_by_interval(a: Sequence[bool], b: Sequence[bool]) -> float:
    """Interval-by-interval IOA = intervals agreed (both marked or both unmarked) /
    (intervals agreed + intervals disagreed) x 100."""
    pairs = list(zip(a, b, strict=True))
    return 100.0 * sum(x == y for x, y in pairs) / len(pairs)


def scored_interval(a: Sequence[bool], b: Sequence[bool]) -> float | None:
    """Scored-interval IOA = intervals both marked / intervals either marked x 100
    (None when neither observer marked any)."""
    pairs = list(zip(a, b, strict=True))
    either = sum(x or y for x, y in pairs)
    return None if either == 0 else 100.0 * sum(x and y for x, y in pairs) / either


def unscored_interval(a: Sequence[bool], b: Sequence[bool]) -> float | None:
    """Unscored-interval IOA = intervals both left unmarked / intervals either left
    unmarked x 100 (None when both marked every interval)."""
    return scored_interval([not x for x in a], [not y for y in b])


def total_duration(a: float, b: float) -> float:
    """Total duration IOA = shorter total duration / longer total duration x 100."""
    return _ratio(min(a, b), max(a, b))


def mean_per_occurrence(a: Sequence[float], b: Sequence[float]) -> float:
    """Mean duration-per-occurrence (or latency-per-response) IOA = (sum over occurrences
    of shorter / longer) / occurrences x 100; occurrences are paired in order."""
    pairs = list(zip(a, b, strict=True))
    return statistics.fmean(_ratio(min(x, y), max(x, y)) for x, y in pairs)


@dataclass(frozen=True, slots=True)
class Agreement:
    """One IOA figure for one behaviour (``percent`` None: cannot be computed; ``why``)."""

    behavior: str
    method: str
    """The IOA method, e.g. ``"total count"``."""
    percent: float | None
    why: str = ""

    @property
    def acceptable(self) -> bool:
        """At or above the usual 80% criterion."""
        return self.percent is not None and self.percent >= bv.IOA_CRITERION


def _paired(a: Sequence[object], b: Sequence[object], what: str) -> str:
    if len(a) != len(b):
        return f"{what}: {len(a)} and {len(b)}; they must be the same to pair them"
    if not a:
        return f"no {what}"
    return ""


def agreements(a: ObservedBehavior, b: ObservedBehavior) -> list[Agreement]:
    """Every IOA figure the two records of one behaviour support."""
    name = a.name
    out: list[Agreement] = []

    def add(method: str, percent: float | None, why: str = "") -> None:
        out.append(Agreement(name, method, percent, why))

    if a.method != b.method:
        add("method", None, f"recorded by {a.method} and by {b.method}")
        return out
    if a.method == "frequency":
        add("total count", total_count(a.count, b.count))
        if a.counts or b.counts:
            why = _paired(a.counts, b.counts, "intervals counted")
            if why:
                add("exact count-per-interval", None, why)
            else:
                add("mean count-per-interval", mean_count_per_interval(a.counts, b.counts))
                add("exact count-per-interval", exact_count_per_interval(a.counts, b.counts))
    elif a.method == "duration":
        da = [float(stop - start) for start, stop in a.episodes]
        db = [float(stop - start) for start, stop in b.episodes]
        add("total count", total_count(len(da), len(db)))
        add("total duration", total_duration(sum(da), sum(db)))
        why = _paired(da, db, "episodes")
        add("duration-per-occurrence", None if why else mean_per_occurrence(da, db), why)
    elif a.method == "latency":
        la = [float(x) for x in a.latencies]
        lb = [float(x) for x in b.latencies]
        why = _paired(la, lb, "latencies")
        add("latency-per-response", None if why else mean_per_occurrence(la, lb), why)
    else:
        if a.interval != b.interval:
            add("interval-by-interval", None, f"intervals of {a.interval} s and {b.interval} s")
            return out
        why = _paired(a.marks, b.marks, "intervals")
        if why:
            add("interval-by-interval", None, why)
            return out
        add("interval-by-interval", interval_by_interval(a.marks, b.marks))
        scored = scored_interval(a.marks, b.marks)
        add("scored-interval", scored, "" if scored is not None else "no interval marked")
        unscored = unscored_interval(a.marks, b.marks)
        add("unscored-interval", unscored, "" if unscored is not None else "all marked")
    return out


@dataclass(frozen=True, slots=True)
class SessionAgreement:
    """IOA between two sessions: the figures of each behaviour both recorded."""

    first: Observation
    second: Observation
    figures: tuple[Agreement, ...]
    warnings: tuple[str, ...]


def session_agreement(first: Observation, second: Observation) -> SessionAgreement:
    """IOA of two observers' sessions; warns when they are not the same period."""
    warnings: list[str] = []
    if first.id == second.id:
        warnings.append("both sessions are the same record")
    if first.date != second.date:
        warnings.append(f"different days: {first.date} and {second.date}")
    elif (first.start, first.end) != (second.start, second.end):
        warnings.append(
            f"different times: {first.start:%H:%M}-{first.end:%H:%M} and "
            f"{second.start:%H:%M}-{second.end:%H:%M}"
        )
    if first.observer and first.observer == second.observer:
        warnings.append(f"the same observer ({first.observer}) recorded both")
    figures: list[Agreement] = []
    for a in first.behaviors:
        b = second.behavior(a.name)
        if b is None:
            warnings.append(f"{a.name}: only in the first session")
            continue
        figures.extend(agreements(a, b))
    for b in second.behaviors:
        if first.behavior(b.name) is None:
            warnings.append(f"{b.name}: only in the second session")
    return SessionAgreement(first, second, tuple(figures), tuple(warnings))
