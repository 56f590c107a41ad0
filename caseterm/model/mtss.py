"""MTSS: tiers of support, interventions, the tier decision and screening benchmarks.

Pure functions of (records, settings, today). The tier decision reuses the progress
monitoring of ``model.progress`` (goal, aimline, data points): after
``settings.below_aimline_points`` consecutive points below the aimline since the
intervention started, it suggests the next tier, or at Tier 3 a referral for evaluation
(docs/assessments.md gives the source of the rule). A student already referred (a
referral, or an initial evaluation, not closed by a not-eligible decision) is not
suggested a referral again: the suggestion is ``referred`` with the referral's date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from caseterm.model.assess_vocab import Season, Tier, TierSuggestion
from caseterm.model.progress import TREND_MINIMUM, GoalProgress, goal_progress, ols, sides
from caseterm.model.records import (
    Benchmark,
    Intervention,
    InterventionHistory,
    Screening,
    Settings,
    Student,
)


def tier_on(student: Student, day: date) -> Tier | None:
    """The student's tier on ``day``: the latest tier change on or before it."""
    changes = [t for t in student.tiers if t.date <= day]
    if not changes:
        return None
    return max(changes, key=lambda t: (t.date, t.id)).tier


def referred_on(student: Student, today: date) -> date | None:
    """The date of the student's referral still in force on ``today``, or None.

    In force: a referral (on or before ``today``) that no evaluation decided
    not-eligible, or an initial evaluation pending or found eligible (its referral's
    date, else its own). A not-eligible decision closes the referral, so the data may
    suggest a new one later."""
    referrals = {r.id: r for r in student.referrals if r.date <= today}
    closed = {
        e.referral for e in student.evaluations if e.decision == "not-eligible" and e.referral
    }
    found = [r.date for r in referrals.values() if r.id not in closed]
    for e in student.evaluations:
        if e.kind == "initial" and e.decision != "not-eligible" and e.date <= today:
            referral = referrals.get(e.referral)
            found.append(referral.date if referral is not None else e.date)
    return max(found, default=None)


def active_interventions(student: Student, today: date) -> tuple[Intervention, ...]:
    """Interventions started by ``today`` and not ended before it."""
    return tuple(
        i for i in student.interventions if i.start <= today and (i.end is None or i.end >= today)
    )


def _since(progress: GoalProgress, start: date) -> list[int]:
    """For each day with data since ``start``: +1 above the aimline, -1 below, 0 on it."""
    if progress.aimline is None:
        return []
    days = [d for d in progress.days if d.date >= start]
    return sides(days, progress.aimline, progress.goal.direction)


def run_below(marks: list[int]) -> int:
    """How many of the latest marks in a row lie below the aimline."""
    run = 0
    for mark in reversed(marks):
        if mark >= 0:
            break
        run += 1
    return run


def run_above(marks: list[int]) -> int:
    run = 0
    for mark in reversed(marks):
        if mark <= 0:
            break
        run += 1
    return run


@dataclass(frozen=True, slots=True)
class TierAdvice:
    """What the data say about one intervention (or the student's tier as a whole)."""

    student: str
    tier: Tier | None
    intervention: str
    goal: str
    points: int
    """Days with data since the intervention started."""
    below: int
    """Of the latest of them, how many in a row lie below the aimline."""
    suggestion: TierSuggestion
    detail: str


def intervention_advice(
    student: Student, intervention: Intervention, settings: Settings, today: date
) -> TierAdvice:
    """The tier decision for one intervention from its goal's progress monitoring."""
    tier = tier_on(student, today) or intervention.tier
    needed = settings.below_aimline_points
    goal = student.goal(intervention.goal) if intervention.goal else None
    if goal is None:
        return TierAdvice(
            student.id,
            tier,
            intervention.id,
            intervention.goal,
            0,
            0,
            "insufficient-data",
            "no progress-monitoring goal linked (goal = ...)",
        )
    progress = goal_progress(goal, student.points_for(goal.id), today, settings.stale_days)
    marks = _since(progress, intervention.start)
    below, above = run_below(marks), run_above(marks)
    if progress.aimline is None or len(marks) < needed:
        suggestion: TierSuggestion = "insufficient-data"
        detail = f"{len(marks)} of {needed} data points since {intervention.start.isoformat()}"
    elif below >= needed:
        suggestion = "refer" if tier == 3 else "move-up"
        detail = f"the last {below} points are below the aimline (rule: {needed})"
        referred = referred_on(student, today) if tier == 3 else None
        if referred is not None:
            suggestion = "referred"
            detail = f"referred {referred.isoformat()}; {detail}"
    elif above >= needed and tier is not None and tier > 1:
        suggestion = "move-down"
        detail = f"the last {above} points are above the aimline (rule: {needed})"
    else:
        suggestion = "stay"
        detail = f"{below} of the last points below the aimline (rule: {needed} in a row)"
    return TierAdvice(
        student.id, tier, intervention.id, goal.id, len(marks), below, suggestion, detail
    )


_WEIGHT: dict[TierSuggestion, int] = {
    "refer": 4,
    "referred": 4,
    "move-up": 3,
    "stay": 2,
    "move-down": 1,
    "insufficient-data": 0,
}


def student_advice(student: Student, settings: Settings, today: date) -> TierAdvice | None:
    """The strongest suggestion among the student's active interventions, or None when
    none is active."""
    advice = [
        intervention_advice(student, i, settings, today)
        for i in active_interventions(student, today)
    ]
    if not advice:
        return None
    return max(advice, key=lambda a: (_WEIGHT[a.suggestion], a.below))


def history(student: Student, today: date) -> tuple[InterventionHistory, ...]:
    """Each intervention up to ``today`` with its data: what a referral carries into the
    evaluation record (34 CFR 300.309(b): repeated assessments at reasonable intervals)."""
    out = []
    for i in sorted(student.interventions, key=lambda i: (i.start, i.id)):
        if i.start > today:
            continue
        goal = student.goal(i.goal) if i.goal else None
        points = below = 0
        baseline = last = slope = target_slope = None
        if goal is not None:
            progress = goal_progress(goal, student.points_for(goal.id), today)
            end = i.end or today
            days = [d for d in progress.days if i.start <= d.date <= end]
            points = len(days)
            if progress.aimline is not None:
                below = sum(1 for m in sides(days, progress.aimline, goal.direction) if m < 0)
                target_slope = round(progress.aimline.slope, 3)
            baseline = progress.baseline
            last = days[-1].value if days else None
            if len(days) >= TREND_MINIMUM:
                line = ols([d.week for d in days], [d.value for d in days])
                slope = round(line.slope, 3) if line is not None else None
        out.append(
            InterventionHistory(
                intervention=i.id,
                program=i.program,
                tier=i.tier,
                start=i.start,
                end=i.end,
                frequency=i.frequency,
                minutes=i.minutes,
                goal=i.goal,
                points=points,
                below=below,
                baseline=baseline,
                last=last,
                slope=slope,
                target_slope=target_slope,
            )
        )
    return tuple(out)


# --- screening -----------------------------------------------------------------------


def benchmark_for(settings: Settings, measure: str, grade: str, season: Season) -> Benchmark | None:
    """The district's cut score for a measure (case-insensitive), grade and season."""
    wanted = measure.casefold()
    return next(
        (
            b
            for b in settings.benchmarks
            if b.measure.casefold() == wanted and b.grade == grade and b.season == season
        ),
        None,
    )


@dataclass(frozen=True, slots=True)
class BelowBenchmark:
    """A screening score below the district's cut, and the tier it suggests."""

    student: str
    name: str
    screening: Screening
    grade: str
    benchmark: Benchmark
    tier: Tier | None
    """The student's tier on the screening day."""
    suggested: Tier


def below_benchmark(
    students: Iterable[Student],
    settings: Settings,
    season: Season | None = None,
    since: date | None = None,
) -> list[BelowBenchmark]:
    """Every screening (of ``season``, on or after ``since``) below its benchmark's cut:
    Tier 2 suggested, Tier 3 below the ``intensive`` cut. Lowest tier first, then name."""
    out = []
    for student in students:
        for s in student.screenings:
            if (season is not None and s.season != season) or (since and s.date < since):
                continue
            grade = s.grade or student.profile.grade
            benchmark = benchmark_for(settings, s.measure, grade, s.season)
            if benchmark is None or s.score >= benchmark.cut:
                continue
            intensive = benchmark.intensive is not None and s.score < benchmark.intensive
            out.append(
                BelowBenchmark(
                    student.id,
                    student.name,
                    s,
                    grade,
                    benchmark,
                    tier_on(student, s.date),
                    3 if intensive else 2,
                )
            )
    return sorted(out, key=lambda b: (-b.suggested, b.name, b.screening.date))
