"""What a family progress report says, goal by goal, in numbers and in plain words.

Everything is computed as of the reporting period's end (or today, if that comes first)
from ``model.progress.goal_progress``; the renderers (``html``, ``markdown``) only format
what is assembled here.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from caseterm.model.behavior import goal_points
from caseterm.model.progress import GoalProgress, goal_progress
from caseterm.model.records import DataPoint, Goal, Phase, ReportingPeriod, Settings, Student
from caseterm.reports.words import long_date, number, places_for, plural, with_unit
from caseterm.store.infra import git, layout
from caseterm.store.infra.errors import InputError

VERDICTS = ("no-data", "too-early", "met", "not-met", "on-track", "not-on-track")
"""How sufficient the progress is, as of the report's date."""
CURRENT_POINTS = 3
"""Current performance is the median of this many latest measurements."""
NOT_IN_GIT = "not in git"
_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class Measurement:
    """One day's value (same-day points combined) and the notes written with it."""

    date: date
    value: float
    note: str = ""


@dataclass(frozen=True, slots=True)
class GoalReport:
    """One goal of a progress report."""

    goal: Goal
    progress: GoalProgress
    as_of: date
    places: int
    """Decimals to show: 0 when the data, baseline and target are whole numbers."""
    measurements: tuple[Measurement, ...]
    """Every day with data up to ``as_of``, oldest first."""
    phases: tuple[Phase, ...]
    """Changes of instruction that had started by ``as_of``."""
    current: float | None
    """Median of the latest ``CURRENT_POINTS`` measurements."""
    current_count: int
    expected: float | None
    """Where the goal line (aimline) is on ``as_of``."""
    projected: float | None
    """Where the trend line would be on the goal's target date."""
    verdict: str
    summary: str
    """Whether progress is sufficient to meet the goal by its date, in plain words."""
    action: str
    """What the latest measurements mean for instruction, in plain words (may be empty)."""

    def value(self, value: float | None) -> str:
        """A value of this goal with its unit, e.g. ``52 wcpm``; ``-`` when unknown."""
        return "-" if value is None else with_unit(value, self.goal.unit, self.places)

    @property
    def baseline_source(self) -> str:
        if self.goal.baseline is not None:
            return "set in the plan"
        return f"median of the first {CURRENT_POINTS} measurements"

    def within(self, period: ReportingPeriod) -> tuple[Measurement, ...]:
        """The measurements taken during ``period`` (up to ``as_of``)."""
        return tuple(m for m in self.measurements if period.start <= m.date <= period.end)


@dataclass(frozen=True, slots=True)
class Report:
    """A family progress report for one student and one reporting period."""

    student: Student
    period: ReportingPeriod
    as_of: date
    """The period's end, or the day the report was made if that came first."""
    made_on: date
    source: str
    """The caseload commit it was made from (short id), or ``not in git``."""
    caseload: str
    goals: tuple[GoalReport, ...]

    @property
    def first_name(self) -> str:
        return self.student.profile.first_name or self.student.id

    @property
    def partial(self) -> bool:
        """The period had not ended when the report was made."""
        return self.as_of < self.period.end


def pick_period(
    periods: Sequence[ReportingPeriod], name: str | None, today: date
) -> ReportingPeriod:
    """The period called ``name`` (any case); by default the one containing ``today``,
    else the latest that has ended."""
    if not periods:
        raise InputError(
            "--period: caseterm.toml has no [[reporting_period]]; add the grading periods "
            "(docs/file-format.md: caseterm.toml)"
        )
    if name is not None:
        wanted = name.strip().casefold()
        found = next((p for p in periods if p.name.strip().casefold() == wanted), None)
        if found is None:
            known = ", ".join(p.name for p in periods)
            raise InputError(f"--period: no reporting period {name!r}; use one of {known}")
        if found.start > today:
            raise InputError(
                f"--period: {found.name} starts on {found.start.isoformat()}; "
                "there is nothing to report yet"
            )
        return found
    current = [p for p in periods if p.start <= today <= p.end]
    if current:
        return current[0]
    ended = [p for p in periods if p.end < today]
    if not ended:
        raise InputError(
            f"--period: no reporting period has started by {today.isoformat()}; "
            "name one with --period"
        )
    return max(ended, key=lambda p: p.end)


def source_of(root: Path) -> str:
    """``commit 1a2b3c4`` (with ``plus uncommitted changes`` when the caseload's files
    differ from it), ``no commit yet``, or ``not in git``."""
    repo = git.find_repo(root)
    if repo is None:
        return NOT_IN_GIT
    sha = git.head(repo)
    if sha is None:
        return "no commit yet"
    names = (layout.SETTINGS_FILE, layout.CALENDAR_DIR, layout.STUDENTS_DIR)
    watched = [str((root / name).resolve()) for name in names if (root / name).exists()]
    try:
        dirty = git.run(repo, "status", "--porcelain", "--", *watched).strip()
    except git.GitError:
        dirty = ""
    return f"commit {sha[:7]}" + (" plus uncommitted changes" if dirty else "")


def _notes(points: Iterable[DataPoint], goal_id: str, as_of: date) -> dict[date, str]:
    notes: dict[date, list[str]] = {}
    for point in points:
        if point.goal == goal_id and point.date <= as_of and point.note.strip():
            notes.setdefault(point.date, []).append(point.note.strip())
    return {day: "; ".join(texts) for day, texts in notes.items()}


def _reached(value: float, goal: Goal) -> bool:
    sign = -1 if goal.direction == "decrease" else 1
    return (value - goal.target) * sign >= -_EPSILON


def _clamp(value: float, values: Sequence[float], unit: str) -> float:
    if all(v >= 0 for v in values):
        value = max(value, 0.0)
    if ("%" in unit or "percent" in unit.casefold()) and all(v <= 100 for v in values):
        value = min(value, 100.0)
    return value


def goal_report(
    goal: Goal,
    points: Iterable[DataPoint],
    as_of: date,
    settings: Settings,
    first_name: str,
    student_id: str = "",
) -> GoalReport:
    """One goal's progress as of ``as_of``, with the sentences a family reads."""
    points = tuple(points)
    progress = goal_progress(goal, points, as_of, settings.stale_days, student_id)
    notes = _notes(points, goal.id, as_of)
    measurements = tuple(Measurement(d.date, d.value, notes.get(d.date, "")) for d in progress.days)
    values = [m.value for m in measurements]
    known = [*values, goal.target, *([progress.baseline] if progress.baseline is not None else [])]
    places = places_for(known)
    latest = values[-CURRENT_POINTS:]
    current = float(statistics.median(latest)) if latest else None
    expected = projected = None
    if progress.aimline is not None and progress.start is not None and progress.target_week:
        week = min(max((as_of - progress.start).days / 7, 0.0), progress.target_week)
        expected = progress.aimline.at(week) if as_of >= progress.start else None
    if progress.trend is not None and progress.target_week is not None:
        projected = _clamp(progress.trend.at(progress.target_week), known, goal.unit)
    report = GoalReport(
        goal=goal,
        progress=progress,
        as_of=as_of,
        places=places,
        measurements=measurements,
        phases=tuple(p for p in goal.phases if p.start <= as_of),
        current=current,
        current_count=len(latest),
        expected=expected,
        projected=projected,
        verdict="",
        summary="",
        action="",
    )
    verdict, summary, action = _verdict(report, first_name)
    return replace(report, verdict=verdict, summary=summary, action=action)


AHEAD = "The last 4 measurements were all ahead of the goal line"
BEHIND = "The last 4 measurements were all behind the goal line"
CHANGE = f"{BEHIND}; the team is changing instruction."


def short_of(value: float, goal: Goal, places: int) -> str:
    """A value that falls short of the goal, rounded away from the goal so that it never
    reads as the goal itself (3.96 of 4 is "3.9", not "4")."""
    if abs(round(value, places) - goal.target) > _EPSILON:
        return number(value, places)
    decrease = goal.direction == "decrease"
    for digits in range(places + 1, places + 3):
        scale = 10**digits
        if decrease:
            rounded = math.ceil(value * scale - _EPSILON) / scale
        else:
            rounded = math.floor(value * scale + _EPSILON) / scale
        if abs(rounded - goal.target) > _EPSILON:
            return number(rounded, digits)
    return number(value, places + 2)


def _verdict(r: GoalReport, first: str) -> tuple[str, str, str]:
    """The verdict, the sentence saying it, and what the team does about it."""
    goal, progress, decision = r.goal, r.progress, r.progress.decision
    target = r.value(goal.target) + (" or fewer" if goal.direction == "decrease" else "")
    by = long_date(goal.target_date)
    count = len(r.measurements)
    if count == 0:
        return "no-data", f"No measurements of this goal were taken by {long_date(r.as_of)}.", ""
    if count < CURRENT_POINTS:
        return (
            "too-early",
            f"It is too early to tell whether {first} is on track: "
            f"{plural(count, 'measurement')} so far.",
            "",
        )
    assert r.current is not None
    if _reached(r.current, goal):
        raise_goal = f"{AHEAD}; the team may raise the goal." if decision == "raise-goal" else ""
        return (
            "met",
            f"{first} is performing at the goal level: {r.value(r.current)} "
            f"(the goal is {target}).",
            raise_goal,
        )
    if r.as_of >= goal.target_date:
        return (
            "not-met",
            f"The goal date, {by}, has passed: {first} is at {r.value(r.current)}; "
            f"the goal is {target}.",
            "",
        )
    if r.projected is None:
        since = long_date(progress.phase_start or r.as_of)
        return (
            "too-early",
            f"Instruction changed on {since}; with "
            f"{plural(len(progress.phase_days), 'measurement')} since then it is too early "
            f"to tell whether {first} is on track.",
            "",
        )
    if _reached(r.projected, goal):
        if decision == "change-instruction":
            return (
                "on-track",
                f"{first} is behind the goal line now, but the recent rate of progress "
                f"would meet this goal by {by}.",
                CHANGE,
            )
        return (
            "on-track",
            f"{first} is on track to meet this goal by {by}.",
            {
                "raise-goal": f"{AHEAD}; the team may raise the goal.",
                "continue": "The team is continuing the current instruction.",
            }.get(decision, ""),
        )
    shown = short_of(r.projected, goal, r.places)
    if goal.direction == "decrease":
        unit = f" {goal.unit}" if goal.unit and goal.unit != "%" else goal.unit
        summary = (
            f"At the current rate {first} would be at {shown}{unit} by {by}; the goal is {target}."
        )
    else:
        summary = f"At the current rate {first} would reach {shown} of {target} by {by}."
    return (
        "not-on-track",
        summary,
        {
            "change-instruction": CHANGE,
            "continue": "The team is continuing the current instruction and will change it if "
            "progress does not speed up.",
            "raise-goal": f"{AHEAD}, but progress has slowed; the team is watching it closely.",
        }.get(decision, ""),
    )


def student_report(
    student: Student,
    settings: Settings,
    period: ReportingPeriod,
    made_on: date,
    source: str = NOT_IN_GIT,
) -> Report:
    """The progress report of ``student`` for ``period``, as of its end (or ``made_on``)."""
    as_of = min(period.end, made_on)
    by_goal: dict[str, list[DataPoint]] = {}
    for point in goal_points(student):
        by_goal.setdefault(point.goal, []).append(point)
    first = student.profile.first_name or student.id
    goals = tuple(
        goal_report(goal, by_goal.get(goal.id, ()), as_of, settings, first, student.id)
        for goal in student.goals
    )
    return Report(
        student=student,
        period=period,
        as_of=as_of,
        made_on=made_on,
        source=source,
        caseload=settings.name,
        goals=goals,
    )


def reportable(students: Iterable[Student]) -> tuple[list[Student], list[Student]]:
    """The students with goals to report on, and those without."""
    with_goals: list[Student] = []
    without: list[Student] = []
    for student in students:
        (with_goals if student.goals else without).append(student)
    return with_goals, without
