"""Progress monitoring per goal: baseline, aimline, trend, decision rules, staleness.

Curriculum-based measurement practice (aimsweb, FastBridge, NCII): values are plotted by
week since the goal's start; the aimline runs from the baseline to the target on the target
date; the trend is an ordinary least-squares line over the latest intervention phase.
docs/progress-and-minutes.md documents the choices made here.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from caseterm.model.mastery import MasteryCheck, check_mastery
from caseterm.model.records import DataPoint, Goal, Settings, Student
from caseterm.model.vocab import Decision, GoalAggregate, GoalDirection, Last3

FOUR_POINT_MINIMUM = 6
"""Points in the current phase the four-point rule needs."""
TREND_MINIMUM = 3
"""Points in the current phase a trend needs."""
BASELINE_POINTS = 3
_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class Line:
    """A straight line of value on week: ``value = intercept + slope * week``."""

    slope: float
    """Change per week."""
    intercept: float
    """Value at week 0."""

    def at(self, week: float) -> float:
        return self.intercept + self.slope * week


@dataclass(frozen=True, slots=True)
class DayValue:
    """The value of one day with data (same-day points combined), at its week number."""

    date: date
    week: float
    value: float


@dataclass(frozen=True, slots=True)
class GoalProgress:
    """Everything a progress graph and its decision need for one goal, as of ``today``."""

    student: str
    goal: Goal
    start: date | None
    """Week 0: the goal's start date, else its first data point's date."""
    days: tuple[DayValue, ...]
    """Every day with data up to today, oldest first."""
    phase_start: date | None
    """Start of the latest intervention phase (None: no phase has started)."""
    phase_days: tuple[DayValue, ...]
    """The days the trend and the decision rules use (the latest phase's)."""
    baseline: float | None
    aimline: Line | None
    target_week: float | None
    trend: Line | None
    tukey: Line | None
    projected_date: date | None
    """When the trend reaches the target (None: it never does)."""
    last3: Last3
    four_point: Decision
    trend_rule: Decision
    decision: Decision
    """The four-point rule's decision; see docs/progress-and-minutes.md for why."""
    last_date: date | None
    stale: bool
    mastery: MasteryCheck

    @property
    def points(self) -> int:
        return len(self.days)


def aggregate(points: Iterable[DataPoint], how: GoalAggregate) -> list[tuple[date, float]]:
    """One value per day: the mean of the day's points (``mean``) or their sum (``sum``)."""
    by_day: dict[date, list[float]] = {}
    for point in points:
        by_day.setdefault(point.date, []).append(point.value)
    combine = sum if how == "sum" else _mean
    return [(day, float(combine(values))) for day, values in sorted(by_day.items())]


def _mean(values: Sequence[float]) -> float:
    try:
        return statistics.fmean(values)
    except (OverflowError, ValueError):
        return sum(values) / len(values)


def _finite(line: Line | None) -> Line | None:
    """``line`` unless a slope or intercept overflowed (values near the float limits)."""
    if line is None or not (math.isfinite(line.slope) and math.isfinite(line.intercept)):
        return None
    return line


def ols(xs: Sequence[float], ys: Sequence[float]) -> Line | None:
    """Ordinary least-squares line of ``ys`` on ``xs`` (None if all xs are equal)."""
    n = len(xs)
    if n < 2:
        return None
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mean_x) * (x - mean_x) for x in xs)
    if not sxx > _EPSILON:
        return None
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx
    return _finite(Line(slope, mean_y - slope * mean_x))


def tukey(xs: Sequence[float], ys: Sequence[float]) -> Line | None:
    """Tukey's tri-split (median) trend line; needs 3 points.

    The points are split in thirds (an extra point goes to the middle third; two extra go to
    the outer thirds); the slope joins the medians of the first and last thirds, and the
    intercept is the mean of the three thirds' median intercepts.
    """
    n = len(xs)
    if n < 3:
        return None
    size, extra = divmod(n, 3)
    outer = size + (1 if extra == 2 else 0)
    thirds = [(0, outer), (outer, n - outer), (n - outer, n)]
    medians = [(statistics.median(xs[a:b]), statistics.median(ys[a:b])) for a, b in thirds if b > a]
    (x1, y1), (x3, y3) = medians[0], medians[-1]
    if not abs(x3 - x1) > _EPSILON:
        return None
    slope = (y3 - y1) / (x3 - x1)
    intercept = sum(y - slope * x for x, y in medians) / len(medians)
    return _finite(Line(slope, intercept))


def rate_of_improvement(start: float, target: float, weeks: float) -> float:
    """Growth per week needed to go from ``start`` to ``target`` in ``weeks``."""
    return (target - start) / weeks


def _side(value: float, aim: float, sign: int) -> int:
    """+1 when ``value`` is on the good side of the aimline, -1 on the bad side, 0 on it."""
    delta = (value - aim) * sign
    if delta > _EPSILON:
        return 1
    return -1 if delta < -_EPSILON else 0


def sides(days: Sequence[DayValue], aimline: Line, direction: GoalDirection) -> list[int]:
    """For each day: +1 better than the aimline, -1 worse, 0 on it (direction-aware)."""
    sign = -1 if direction == "decrease" else 1
    return [_side(d.value, aimline.at(d.week), sign) for d in days]


def last3_status(days: Sequence[DayValue], aimline: Line | None, direction: GoalDirection) -> Last3:
    """above / below when the last 3 days are all better / all worse than the aimline."""
    if aimline is None or len(days) < 3:
        return "insufficient"
    marks = sides(days[-3:], aimline, direction)
    if all(m > 0 for m in marks):
        return "above"
    if all(m < 0 for m in marks):
        return "below"
    return "mixed"


def four_point_rule(
    days: Sequence[DayValue], aimline: Line | None, direction: GoalDirection
) -> Decision:
    """Needs 6 points: last 4 all better than the aimline -> raise-goal, all worse ->
    change-instruction, else continue."""
    if aimline is None or len(days) < FOUR_POINT_MINIMUM:
        return "insufficient-data"
    marks = sides(days[-4:], aimline, direction)
    if all(m > 0 for m in marks):
        return "raise-goal"
    if all(m < 0 for m in marks):
        return "change-instruction"
    return "continue"


def trend_rule(trend: Line | None, aimline: Line | None, direction: GoalDirection) -> Decision:
    """Trend steeper than the aimline (in the goal's direction) -> raise-goal, flatter ->
    change-instruction, equal -> continue."""
    if trend is None or aimline is None:
        return "insufficient-data"
    sign = -1 if direction == "decrease" else 1
    delta = (trend.slope - aimline.slope) * sign
    if delta > _EPSILON:
        return "raise-goal"
    return "change-instruction" if delta < -_EPSILON else "continue"


def _weeks(day: date, start: date) -> float:
    return (day - start).days / 7


def goal_progress(
    goal: Goal,
    points: Iterable[DataPoint],
    today: date,
    stale_days: int = 14,
    student: str = "",
) -> GoalProgress:
    """The progress of ``goal`` from its data points (later-dated points are ignored)."""
    combined = aggregate(
        (p for p in points if p.goal == goal.id and p.date <= today), goal.aggregate
    )
    start = goal.start_date or (combined[0][0] if combined else None)
    days = tuple(DayValue(d, _weeks(d, start), v) for d, v in combined) if start else ()
    baseline = goal.baseline
    if baseline is None and len(days) >= BASELINE_POINTS:
        baseline = statistics.median(d.value for d in days[:BASELINE_POINTS])
    target_week = _weeks(goal.target_date, start) if start else None
    aimline = None
    if baseline is not None and target_week is not None and target_week > 0:
        aimline = _finite(Line(rate_of_improvement(baseline, goal.target, target_week), baseline))
    phase_start = max((p.start for p in goal.phases if p.start <= today), default=None)
    phase_days = tuple(d for d in days if phase_start is None or d.date >= phase_start)
    trend = tri = None
    if len(phase_days) >= TREND_MINIMUM:
        xs, ys = [d.week for d in phase_days], [d.value for d in phase_days]
        trend, tri = ols(xs, ys), tukey(xs, ys)
    four = four_point_rule(phase_days, aimline, goal.direction)
    last_date = days[-1].date if days else None
    if last_date is not None:
        stale = (today - last_date).days >= stale_days
    else:
        stale = goal.start_date is None or (today - goal.start_date).days >= stale_days
    unit = goal.unit.casefold()
    return GoalProgress(
        student=student,
        goal=goal,
        start=start,
        days=days,
        phase_start=phase_start,
        phase_days=phase_days,
        baseline=baseline,
        aimline=aimline,
        target_week=target_week,
        trend=trend,
        tukey=tri,
        projected_date=_projection(trend, goal, start),
        last3=last3_status(days, aimline, goal.direction),
        four_point=four,
        trend_rule=trend_rule(trend, aimline, goal.direction),
        decision=four,
        last_date=last_date,
        stale=stale,
        mastery=check_mastery(
            goal.mastery,
            [d.value for d in days],
            percent_unit="%" in unit or "percent" in unit,
            decrease=goal.direction == "decrease",
        ),
    )


def _projection(trend: Line | None, goal: Goal, start: date | None) -> date | None:
    if trend is None or start is None:
        return None
    sign = -1 if goal.direction == "decrease" else 1
    if trend.slope * sign <= _EPSILON:
        return None
    week = (goal.target - trend.intercept) / trend.slope
    if not abs(week) <= 36_500 / 7:
        return None
    try:
        return start + timedelta(days=round(week * 7))
    except OverflowError:
        return None


def student_progress(student: Student, settings: Settings, today: date) -> list[GoalProgress]:
    """The progress of each of the student's goals, in file order."""
    from caseterm.model.behavior import goal_points

    by_goal: dict[str, list[DataPoint]] = {}
    for point in goal_points(student):
        by_goal.setdefault(point.goal, []).append(point)
    return [
        goal_progress(goal, by_goal.get(goal.id, ()), today, settings.stale_days, student.id)
        for goal in student.goals
    ]
