"""Defence in depth: the progress and minutes computations never raise, whatever numbers a
record holds, even ones the decoder refuses (huge, tiny, subnormal, negative, inf, NaN)."""

from __future__ import annotations

import sys
from datetime import date, timedelta

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from caseterm.model import vocab
from caseterm.model.calendar import school_days
from caseterm.model.compliance import Clock, student_deadlines
from caseterm.model.fields import FIRST_DATE, LAST_DATE, MAX_VALUE
from caseterm.model.mastery import check_mastery
from caseterm.model.minutes import Period, reconcile, student_minutes
from caseterm.model.progress import goal_progress, ols, tukey
from caseterm.model.records import (
    Absence,
    BehaviorPlan,
    Consent,
    DataPoint,
    Exit,
    Goal,
    Meeting,
    Phase,
    Plan,
    PlanDates,
    Prescription,
    Profile,
    Removal,
    SchoolYearCalendar,
    Session,
    Student,
)
from caseterm.model.rules import FEDERAL, RULE_KEYS, apply_rules
from caseterm.model.vocab import (
    GoalAggregate,
    GoalDirection,
    PlanType,
    ServicePeriod,
    SessionStatus,
)
from tests.builders import SETTINGS, TODAY, days

EDGES = [
    0.0,
    -0.0,
    5e-324,
    -5e-324,
    sys.float_info.min,
    sys.float_info.max,
    -sys.float_info.max,
    1.7e308,
    -1.7e308,
    1e-300,
    float(MAX_VALUE),
    float(-MAX_VALUE),
    float("inf"),
    float("-inf"),
    float("nan"),
]
floats = st.one_of(st.sampled_from(EDGES), st.floats(allow_nan=True, allow_infinity=True))
MASTERY = [
    "",
    "80% across 3 consecutive sessions",
    "4 of 5 trials",
    "40 digits correct on 3 consecutive probes",
    "3 consecutive sessions at or below prompt level 2",
    "2 of " + "9" * 400 + " trials",
    "9" * 400 + "% across 3 consecutive sessions",
    "1 of 1 trials across " + "9" * 20 + " consecutive sessions",
]
LONG_NUMBERS = [
    "9" * 5000 + " of 2 trials",
    "1 of 1 trials across " + "9" * 5000 + " consecutive sessions",
]
START = date(2026, 9, 1)


def _goal(
    target: float, baseline: float | None, direction: GoalDirection, mastery: str, unit: str
) -> Goal:
    return Goal(
        id="g",
        statement="s",
        target=target,
        target_date=date(2027, 6, 1),
        unit=unit,
        baseline=baseline,
        start_date=START,
        direction=direction,
        mastery=mastery,
        phases=(Phase(date(2026, 10, 1)),),
    )


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    values=st.lists(floats, min_size=0, max_size=12),
    target=floats,
    baseline=st.one_of(st.none(), floats),
    direction=st.sampled_from(vocab.GOAL_DIRECTIONS),
    mastery=st.sampled_from(MASTERY),
    unit=st.sampled_from(["", "%", "wcpm"]),
    aggregate=st.sampled_from(vocab.GOAL_AGGREGATES),
    same_day=st.booleans(),
)
@example(
    values=[40.0, 44.0, 1.7e308, 1.7e308],
    target=90.0,
    baseline=None,
    direction="increase",
    mastery="",
    unit="wcpm",
    aggregate="mean",
    same_day=False,
)
def test_goal_progress_never_raises(
    values: list[float],
    target: float,
    baseline: float | None,
    direction: GoalDirection,
    mastery: str,
    unit: str,
    aggregate: GoalAggregate,
    same_day: bool,
) -> None:
    goal = _goal(target, baseline, direction, mastery, unit)
    goal = replace(goal, aggregate=aggregate)
    points = [
        DataPoint(f"p{i}", "g", START + timedelta(days=(i // 2 if same_day else i) * 7), v)
        for i, v in enumerate(values)
    ]
    progress = goal_progress(goal, points, TODAY)
    assert progress.decision in (
        "raise-goal",
        "change-instruction",
        "continue",
        "insufficient-data",
    )
    if progress.projected_date is not None:
        assert isinstance(progress.projected_date, date)


@settings(deadline=None)
@given(
    xs=st.lists(floats, min_size=0, max_size=8),
    ys=st.lists(floats, min_size=0, max_size=8),
)
def test_trend_lines_never_raise(xs: list[float], ys: list[float]) -> None:
    n = min(len(xs), len(ys))
    for line in (ols(xs[:n], ys[:n]), tukey(xs[:n], ys[:n])):
        assert line is None or isinstance(line.slope, float)


@settings(deadline=None)
@given(
    values=st.lists(floats, max_size=8),
    text=st.sampled_from(MASTERY + LONG_NUMBERS),
    percent=st.booleans(),
)
def test_mastery_never_raises(values: list[float], text: str, percent: bool) -> None:
    assert check_mastery(text, values, percent).status in (
        "met",
        "not-met",
        "not-parseable",
        "none",
    )


def test_a_goal_at_the_last_date_does_not_overflow() -> None:
    goal = Goal(id="g", statement="s", target=1e9, target_date=LAST_DATE, start_date=LAST_DATE)
    points = [DataPoint(f"p{i}", "g", LAST_DATE, v) for i, v in enumerate((1.0, 2.0, 3.0))]
    goal_progress(goal, points, LAST_DATE)


whole = st.one_of(
    st.sampled_from([0, 1, 600, 2400, 10_000, -1, -(10**30), 10**30, 10**400]),
    st.integers(),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    prescribed=st.lists(whole, min_size=1, max_size=3),
    per=st.sampled_from(vocab.SERVICE_PERIODS),
    sessions=st.lists(
        st.tuples(whole, st.sampled_from(["delivered", "makeup", "provider-absent"])),
        max_size=6,
    ),
)
def test_minutes_reconciliation_never_raises(
    prescribed: list[int], per: ServicePeriod, sessions: list[tuple[int, SessionStatus]]
) -> None:
    services = tuple(
        Prescription(f"s{i}", "reading", m, per, START + timedelta(days=7 * i))
        for i, m in enumerate(prescribed)
    )
    logged = tuple(
        Session(f"x{i}", "reading", START + timedelta(days=i), m, status, makeup_for="x0")
        for i, (m, status) in enumerate(sessions)
    )
    someone = Student("ava-m", Profile("Ava", ""), Plan(services=services), sessions=logged)
    period = Period(START, date(2026, 11, 30))
    rows = student_minutes(someone, period, SETTINGS, days(), TODAY)
    assert rows
    reconcile(someone, "reading", period, SETTINGS, days(), TODAY)


INT_RULES = [
    key
    for key in RULE_KEYS
    if isinstance(getattr(FEDERAL, key), int) and not isinstance(getattr(FEDERAL, key), bool)
]
bounded_dates = st.dates(min_value=FIRST_DATE, max_value=LAST_DATE)
edge_dates = st.one_of(st.sampled_from([FIRST_DATE, LAST_DATE]), bounded_dates)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    plan_dates=st.lists(
        st.one_of(st.none(), edge_dates),
        min_size=len(PlanDates.__struct_fields__),
        max_size=len(PlanDates.__struct_fields__),
    ),
    birth=st.one_of(st.none(), edge_dates),
    today=edge_dates,
    plan_type=st.sampled_from(vocab.PLAN_TYPES),
    at_max=st.booleans(),
    first_day=edge_dates,
    last_day=edge_dates,
)
def test_compliance_deadlines_never_raise_on_dates_in_range(
    plan_dates: list[date | None],
    birth: date | None,
    today: date,
    plan_type: PlanType,
    at_max: bool,
    first_day: date,
    last_day: date,
) -> None:
    """Every date within 1900-2199 and every rule number within its bounds is safe."""
    dates = PlanDates(**dict(zip(PlanDates.__struct_fields__, plan_dates, strict=True)))
    rules = FEDERAL
    if at_max:
        highest = {"_days": 3650, "_months": 360}
        rules, problems = apply_rules(
            FEDERAL, [(key, highest.get(key[key.rfind("_") :], 30)) for key in INT_RULES]
        )
        assert problems == []
    first, last = sorted((first_day, last_day))
    calendar = SchoolYearCalendar("", first, last)
    someone = Student(
        "ava-m",
        Profile("Ava", "", birth_date=birth, plan_type=plan_type),
        Plan(
            dates=dates,
            behavior_plan=BehaviorPlan(review=dates.plan_end),
            exit=Exit(date=dates.plan_end, reason="graduation"),
        ),
        meetings=(Meeting("m", today, "annual-review", "scheduled"),),
        removals=(
            Removal("r1", first, 180, manifestation=True),
            Removal("r2", last, 1, pattern=True, decided=today),
        ),
        absences=(Absence("a", today),),
        consents=(Consent("c", today, "initial-services", "given", today),),
    )
    settings_ = replace(SETTINGS, school_year_start=first, school_year_end=last)
    clock = Clock(settings_, rules, school_days((calendar,)), today)
    for deadline in student_deadlines(someone, clock):
        assert isinstance(deadline.due, date)
