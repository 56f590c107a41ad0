"""Behaviour data: one figure per behaviour and session, phases, level/trend/variability
per phase, ABC summaries, the BIP in force and the safety plan's text.

Pure: no files, "today" is a parameter.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING

from msgspec import Struct

from caseterm.model.records import (
    AbcEvent,
    BehaviorPlan,
    Bip,
    BipTarget,
    DataPoint,
    Observation,
    ObservedBehavior,
    SafetyPlan,
    Student,
)

if TYPE_CHECKING:
    from caseterm.model.progress import Line

# ``statistics`` and ``model.progress`` (with ``model.mastery``, ~5 ms of imports) are
# imported by the functions that compute figures: ``due`` reaches this module for the BIP
# in force alone.

UNITS: dict[str, str] = {
    "frequency": "per hour",
    "duration": "% of the session",
    "latency": "seconds (mean)",
    "whole-interval": "% of intervals",
    "partial-interval": "% of intervals",
    "momentary": "% of intervals",
}
"""The unit of the figure each method gives per session (``Measure.value``)."""


class Measure(Struct, frozen=True, gc=False):
    """One behaviour in one session: its figure by the session's method and the parts."""

    observation: str
    date: date
    observer: str
    behavior: str
    method: str
    minutes: float
    count: int
    rate: float
    """Occurrences per hour (episodes for duration, trials for latency)."""
    total_seconds: float
    mean_seconds: float | None
    percent: float | None
    """Intervals marked out of intervals recorded (interval methods), or the share of the
    session the episodes lasted (duration)."""
    value: float
    """The figure graphed for this method; see ``UNITS``."""

    @property
    def unit(self) -> str:
        return UNITS[self.method]


def measure(observation: Observation, observed: ObservedBehavior) -> Measure:
    """The figures of ``observed`` in ``observation`` (Cooper, Heron & Heward, ch. 4)."""
    minutes = observation.minutes
    hours = minutes / 60
    method = observed.method
    durations = [stop - start for start, stop in observed.episodes]
    total = float(sum(durations))
    mean_seconds: float | None = None
    percent: float | None = None
    if method == "frequency":
        count = observed.count
        value = count / hours
    elif method == "duration":
        count = len(durations)
        mean_seconds = total / count if count else None
        percent = 100.0 * total / (minutes * 60)
        value = percent
    elif method == "latency":
        count = len(observed.latencies)
        from statistics import fmean

        mean_seconds = fmean(observed.latencies) if count else None
        value = mean_seconds if mean_seconds is not None else 0.0
    else:
        count = sum(observed.marks)
        percent = 100.0 * count / len(observed.marks) if observed.marks else 0.0
        value = percent
    return Measure(
        observation=observation.id,
        date=observation.date,
        observer=observation.observer,
        behavior=observed.name,
        method=method,
        minutes=minutes,
        count=count,
        rate=count / hours,
        total_seconds=total,
        mean_seconds=mean_seconds,
        percent=percent,
        value=value,
    )


def behavior_names(student: Student) -> list[str]:
    """Every behaviour the student's BIPs target or its sessions measured, in that order."""
    names: dict[str, None] = {}
    for bip in bips(student):
        for target in bip.targets:
            names.setdefault(target.name)
    for observation in student.observations:
        for observed in observation.behaviors:
            names.setdefault(observed.name)
    return list(names)


def measures(student: Student, behavior: str, method: str | None = None) -> list[Measure]:
    """``behavior`` in each primary session that measured it (by ``method``, default: the
    BIP's data-collection method, else any), oldest first."""
    wanted = method or _bip_method(student, behavior)
    return [
        measure(o, b)
        for o in primary_sessions(student.observations)
        for b in o.behaviors
        if b.name == behavior and (wanted is None or b.method == wanted)
    ]


def primary_sessions(observations: Iterable[Observation]) -> list[Observation]:
    """One session per day and start time, oldest first: the first recorded (lowest id).
    A second observer's record of the same period is an IOA check, not more data."""
    first: dict[tuple[date, object], Observation] = {}
    for o in sorted(observations, key=lambda o: (o.date, o.start, o.id)):
        first.setdefault((o.date, o.start), o)
    return list(first.values())


def _bip_method(student: Student, behavior: str) -> str | None:
    target = bip_target(student, behavior)
    return target.method if target is not None else None


# --- the BIP in force ------------------------------------------------------------------


def bips(student: Student) -> tuple[Bip, ...]:
    """The student's BIPs, oldest first. A plan.toml written before behavior.toml existed
    has a ``[behavior_plan]`` table: it is read as a BIP (id ``behavior-plan``) while
    behavior.toml has none, so no older file loses its plan."""
    if student.bips:
        return tuple(sorted(student.bips, key=lambda b: (b.adopted, b.id)))
    old = student.plan.behavior_plan
    if old is None or old.adopted is None:
        return ()
    return (
        Bip(
            id="behavior-plan",
            adopted=old.adopted,
            targets=tuple(BipTarget(name) for name in old.target_behaviors),
            review=old.review,
            note=old.note,
            source=student.plan.source,
        ),
    )


def current_bip(student: Student) -> Bip | None:
    """The latest BIP adopted."""
    found = bips(student)
    return found[-1] if found else None


def bip_target(student: Student, behavior: str) -> BipTarget | None:
    """The latest BIP's target named ``behavior``."""
    for bip in reversed(bips(student)):
        for target in bip.targets:
            if target.name == behavior:
                return target
    return None


def behavior_plan(student: Student) -> BehaviorPlan | None:
    """The BIP's adoption and review dates as the deadlines read them: the latest BIP in
    behavior.toml, else plan.toml's ``[behavior_plan]`` (a review date alone counts)."""
    bip = current_bip(student)
    if bip is None:
        return student.plan.behavior_plan
    return BehaviorPlan(
        adopted=bip.adopted,
        review=bip.review,
        target_behaviors=tuple(t.name for t in bip.targets),
        note=bip.note,
    )


def plan_dates(student: Student) -> list[date]:
    """Every date a BIP was adopted or revised (a review of the BIP)."""
    return sorted({d for bip in bips(student) for d in (bip.adopted, *bip.revised)})


# --- goals fed by observations ---------------------------------------------------------


def observed_points(student: Student) -> tuple[DataPoint, ...]:
    """Data points of the goals a BIP target feeds (``goal`` of ``[[bip.target]]``): one
    per primary session that measured the behaviour, its value the session's figure."""
    out: list[DataPoint] = []
    fed: dict[str, str] = {}
    for bip in bips(student):
        for target in bip.targets:
            if target.goal:
                fed[target.name] = target.goal
    for name, goal in fed.items():
        for m in measures(student, name):
            note = f"observed by {m.observer}" if m.observer else "observed"
            out.append(DataPoint(m.observation, goal, m.date, round(m.value, 2), note))
    return tuple(out)


def goal_points(student: Student) -> tuple[DataPoint, ...]:
    """The student's typed data points and those its observation sessions give goals."""
    observed = observed_points(student)
    return student.points + observed if observed else student.points


# --- phases ----------------------------------------------------------------------------


class PhaseStart(Struct, frozen=True, gc=False):
    """A phase line: the day a phase starts and its label."""

    start: date
    label: str


def phase_starts(student: Student) -> list[PhaseStart]:
    """Baseline (from the first day), then each BIP's adoption and each revision."""
    out = [PhaseStart(date.min, "baseline")]
    for bip in bips(student):
        out.append(PhaseStart(bip.adopted, f"BIP {bip.adopted.isoformat()}"))
        out.extend(PhaseStart(d, f"BIP change {d.isoformat()}") for d in bip.revised)
    return sorted(out, key=lambda p: p.start)


class PhaseSummary(Struct, frozen=True, gc=False):
    """Level, trend and variability of one behaviour's figures in one phase."""

    label: str
    start: date | None
    """None for the baseline (it starts with the data)."""
    sessions: int
    median: float | None
    mean: float | None
    trend: Line | None
    """OLS line of value on weeks since the phase's first session (slope per week)."""
    low: float | None
    high: float | None

    @property
    def range(self) -> float | None:
        return None if self.low is None or self.high is None else self.high - self.low


def summarise_phase(label: str, start: date | None, data: Sequence[Measure]) -> PhaseSummary:
    """Level (median and mean), trend and variability (range) of ``data``."""
    from statistics import fmean, median

    from caseterm.model.progress import ols

    values = [m.value for m in data]
    if not values:
        return PhaseSummary(label, start, 0, None, None, None, None, None)
    first = data[0].date
    weeks = [(m.date - first).days / 7 for m in data]
    return PhaseSummary(
        label=label,
        start=start,
        sessions=len(values),
        median=median(values),
        mean=fmean(values),
        trend=ols(weeks, values),
        low=min(values),
        high=max(values),
    )


def phase_summaries(student: Student, behavior: str) -> list[PhaseSummary]:
    """One summary per phase of ``behavior``'s figures (phases without data included)."""
    starts = phase_starts(student)
    data = measures(student, behavior)
    out: list[PhaseSummary] = []
    for number, phase in enumerate(starts):
        end = starts[number + 1].start if number + 1 < len(starts) else date.max
        inside = [m for m in data if phase.start <= m.date < end]
        start = None if phase.start == date.min else phase.start
        out.append(summarise_phase(phase.label, start, inside))
    return out


# --- ABC -------------------------------------------------------------------------------


class AbcSummary(Struct, frozen=True, gc=False):
    """How often each antecedent and consequence was recorded, and when and where the
    behaviour happened: (text, count), most frequent first."""

    events: int
    antecedents: tuple[tuple[str, int], ...]
    consequences: tuple[tuple[str, int], ...]
    by_hour: tuple[tuple[str, int], ...]
    """By the hour of the day (``"09:00-10:00"``), in clock order."""
    by_setting: tuple[tuple[str, int], ...]


def _ranked(values: Iterable[str]) -> tuple[tuple[str, int], ...]:
    counts = Counter(v.strip().lower() for v in values if v.strip())
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def abc_summary(events: Iterable[AbcEvent], behavior: str | None = None) -> AbcSummary:
    """ABC events (of ``behavior`` only, if given) counted by antecedent, consequence,
    hour of the day and setting (texts compared without case)."""
    chosen = [e for e in events if behavior is None or e.behavior == behavior]
    hours = Counter(
        f"{e.time.hour:02d}:00-{(e.time.hour + 1) % 24:02d}:00"
        for e in chosen
        if e.time is not None
    )
    return AbcSummary(
        events=len(chosen),
        antecedents=_ranked(e.antecedent for e in chosen),
        consequences=_ranked(e.consequence for e in chosen),
        by_hour=tuple(sorted(hours.items())),
        by_setting=_ranked(e.setting for e in chosen),
    )


# --- fidelity and safety ---------------------------------------------------------------


def mean_fidelity(student: Student, start: date = date.min, end: date = date.max) -> float | None:
    """Mean percent of the BIP implemented over the fidelity checks from start to end."""
    scores = [
        c.percent
        for c in student.fidelity_checks
        if start <= c.date <= end and c.percent is not None
    ]
    from statistics import fmean

    return fmean(scores) if scores else None


def has_safety_plan(student: Student) -> bool:
    """True when the student has a safety plan with anything in it."""
    return student.safety is not None and safety_lines(student.safety) != []


def safety_lines(plan: SafetyPlan) -> list[tuple[str, str]]:
    """The safety plan as (heading, text) lines, in the order staff read it in a crisis."""
    parts: list[tuple[str, Sequence[str] | str]] = [
        ("Triggers", plan.triggers),
        ("Warning signs", plan.warning_signs),
        ("De-escalation", plan.deescalation),
        ("Safe spaces", plan.safe_spaces),
        ("Who to call", plan.contacts),
        ("Restrictions", plan.restrictions),
        ("Medical", plan.medical),
        ("Review", plan.review.isoformat() if plan.review else ""),
        ("Note", plan.note),
    ]
    out: list[tuple[str, str]] = []
    for heading, value in parts:
        text = value if isinstance(value, str) else "; ".join(value)
        if text:
            out.append((heading, text))
    return out


def safety_due(plan: SafetyPlan, today: date) -> bool:
    """The safety plan's review date has passed."""
    return plan.review is not None and plan.review < today
