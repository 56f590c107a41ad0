"""Progress monitoring: baseline, aimline, trend, decision rules, staleness, mastery."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pytest

from caseterm.model.mastery import check_mastery, parse_mastery
from caseterm.model.progress import (
    aggregate,
    goal_progress,
    ols,
    rate_of_improvement,
    student_progress,
    tukey,
)
from caseterm.model.records import DataPoint, Goal, Phase, Profile, Student
from tests.builders import SETTINGS

START = date(2026, 9, 7)
WORKED = (42, 44, 43, 47, 49, 48, 52, 53, 55)


def weekly(values: Sequence[float], start: date = START, goal: str = "g") -> list[DataPoint]:
    return [
        DataPoint(f"p{i}", goal, start + timedelta(weeks=i), float(v)) for i, v in enumerate(values)
    ]


def goal(**fields: object) -> Goal:
    base: dict[str, object] = {
        "id": "g",
        "statement": "s",
        "target": 70.0,
        "target_date": START + timedelta(weeks=30),
    }
    base.update(fields)
    return Goal(**base)  # type: ignore[arg-type]


# --- the worked check of docs/progress-and-minutes.md---------------------------------


def test_worked_example_trend_aimline_and_four_point_rule() -> None:
    """Weeks 0-8, 42 44 43 47 49 48 52 53 55: OLS slope 1.6333/week, intercept 41.578;
    baseline 43 (median of 42 44 43), target 70 at week 30: aimline 0.9/week; the last
    four points are all above the aimline -> raise the goal."""
    p = goal_progress(goal(), weekly(WORKED), START + timedelta(weeks=8))
    assert p.trend is not None and p.aimline is not None
    assert p.trend.slope == pytest.approx(1.6333, abs=5e-5)
    assert p.trend.intercept == pytest.approx(41.578, abs=5e-4)
    assert p.baseline == 43
    assert p.aimline.slope == pytest.approx(0.9)
    assert (p.four_point, p.trend_rule, p.decision, p.last3) == (
        "raise-goal",
        "raise-goal",
        "raise-goal",
        "above",
    )


def test_worked_example_projected_date() -> None:
    """(70 - 41.578) / 1.6333 = 17.40 weeks = 122 days after 2026-09-07: 2027-01-07."""
    p = goal_progress(goal(), weekly(WORKED), START + timedelta(weeks=8))
    assert p.projected_date == date(2027, 1, 7)


def test_rate_of_improvement_58_to_92_in_15_weeks() -> None:
    assert rate_of_improvement(58, 92, 15) == pytest.approx(2.267, abs=5e-4)


def test_tukey_tri_split_slope() -> None:
    """Medians of the first third (week 1, 43) and last third (week 7, 53): 10/6 per week."""
    line = tukey(list(range(9)), list(WORKED))
    assert line is not None
    assert line.slope == pytest.approx(10 / 6)


def test_ols_needs_distinct_weeks() -> None:
    assert ols([1, 1, 1], [3, 4, 5]) is None


# --- baseline, aimline, aggregation ----------------------------------------------------


def test_explicit_baseline_and_start_date_set_the_aimline() -> None:
    """Baseline 40 at 2026-09-01, target 70 on 2027-03-30 (30 weeks): 1.0 per week."""
    g = goal(baseline=40.0, start_date=date(2026, 9, 1), target_date=date(2027, 3, 30))
    p = goal_progress(g, weekly([45]), date(2026, 9, 10))
    assert p.aimline is not None
    assert (p.baseline, p.aimline.slope, p.aimline.intercept) == (40.0, 1.0, 40.0)
    assert p.days[0].week == pytest.approx(6 / 7)


def test_without_three_points_there_is_no_baseline() -> None:
    p = goal_progress(goal(), weekly([42, 44]), START + timedelta(weeks=1))
    assert (p.baseline, p.aimline, p.last3, p.decision) == (
        None,
        None,
        "insufficient",
        "insufficient-data",
    )


def test_same_day_points_mean_for_percentages_sum_for_counts() -> None:
    points = [
        DataPoint("a", "g", START, 80),
        DataPoint("b", "g", START, 90),
        DataPoint("c", "g", START + timedelta(days=1), 70),
    ]
    assert aggregate(points, "mean") == [(START, 85.0), (START + timedelta(days=1), 70.0)]
    assert aggregate(points, "sum") == [(START, 170.0), (START + timedelta(days=1), 70.0)]
    p = goal_progress(goal(aggregate="sum"), points, START + timedelta(days=1))
    assert [d.value for d in p.days] == [170.0, 70.0]


def test_points_after_today_are_ignored() -> None:
    p = goal_progress(goal(), weekly(WORKED), START + timedelta(weeks=4))
    assert p.points == 5


# --- decision rules ---------------------------------------------------------------------


def test_four_point_rule_needs_six_points() -> None:
    p = goal_progress(goal(), weekly([42, 44, 43, 60, 62]), START + timedelta(weeks=4))
    assert (p.four_point, p.decision) == ("insufficient-data", "insufficient-data")
    assert p.trend is not None, "a trend needs only 3 points"


def test_four_point_rule_all_below_means_change_instruction() -> None:
    """Flat at 43 while the aimline climbs 0.9/week: the last four are below it."""
    p = goal_progress(goal(), weekly([42, 44, 43, 43, 43, 43, 43]), START + timedelta(weeks=6))
    assert (p.four_point, p.trend_rule, p.last3) == (
        "change-instruction",
        "change-instruction",
        "below",
    )


def test_four_point_rule_mixed_means_continue_and_trend_rule_may_disagree() -> None:
    """Aimline 43 + 0.9w; weeks 5-8 at 46 48 49 52 vs 47.5 48.4 49.3 50.2: mixed ->
    continue, while the trend (steeper than 0.9) says raise-goal; the decision follows
    the four-point rule."""
    values = [42, 44, 43, 45, 45, 46, 48, 49, 52]
    p = goal_progress(goal(), weekly(values), START + timedelta(weeks=8))
    assert (p.four_point, p.trend_rule, p.decision) == ("continue", "raise-goal", "continue")


def test_four_point_rule_looks_at_four_points_not_three() -> None:
    """Aimline 43 + 0.9w: week 4 (46 < 46.6) is below, weeks 5-7 (48 49 50 vs 47.5 48.4
    49.3) above. Last 3 all above, but the last 4 are mixed: continue."""
    p = goal_progress(goal(), weekly([42, 44, 43, 45, 46, 48, 49, 50]), START + timedelta(weeks=7))
    assert (p.last3, p.four_point) == ("above", "continue")


def test_decrease_goals_swap_above_and_below() -> None:
    """Behaviour to reduce: baseline 12 incidents, target 2 in 10 weeks (-1/week). Falling
    faster than the aimline is the good side: 'above', and the goal can be raised."""
    g = goal(target=2.0, target_date=START + timedelta(weeks=10), direction="decrease")
    p = goal_progress(g, weekly([12, 12, 11, 8, 7, 6, 5]), START + timedelta(weeks=6))
    assert p.aimline is not None and p.aimline.slope == pytest.approx(-1.0)
    assert (p.last3, p.four_point, p.trend_rule) == ("above", "raise-goal", "raise-goal")
    worse = goal_progress(g, weekly([12, 12, 11, 12, 12, 13, 12]), START + timedelta(weeks=6))
    assert (worse.last3, worse.four_point) == ("below", "change-instruction")
    assert worse.projected_date is None, "a rising trend never reaches a lower target"


def test_trend_restarts_with_the_latest_phase() -> None:
    """A phase from week 6: the trend uses weeks 6-8 only (52 53 55: 1.5/week), and the
    four-point rule has 3 of the 6 points it needs."""
    g = goal(phases=(Phase(START + timedelta(weeks=6), "repeated reading"),))
    p = goal_progress(g, weekly(WORKED), START + timedelta(weeks=8))
    assert p.trend is not None and p.trend.slope == pytest.approx(1.5)
    assert p.phase_start == START + timedelta(weeks=6)
    assert len(p.phase_days) == 3
    assert p.decision == "insufficient-data"
    assert p.last3 == "above", "last-3 status looks at the latest data across phases"


def test_a_new_phase_with_two_points_has_no_trend() -> None:
    g = goal(phases=(Phase(START + timedelta(weeks=7)),))
    p = goal_progress(g, weekly(WORKED), START + timedelta(weeks=8))
    assert (p.trend, p.trend_rule) == (None, "insufficient-data")


# --- staleness ----------------------------------------------------------------------------


def test_stale_after_fourteen_days_without_data() -> None:
    last = START + timedelta(weeks=8)
    fresh = goal_progress(goal(), weekly(WORKED), last + timedelta(days=13))
    stale = goal_progress(goal(), weekly(WORKED), last + timedelta(days=14))
    assert (fresh.stale, stale.stale) == (False, True)
    assert goal_progress(goal(), weekly(WORKED), last + timedelta(days=5), stale_days=5).stale


def test_goal_without_data_is_stale_once_started_for_long_enough() -> None:
    started = goal(start_date=date(2026, 11, 20))
    assert not goal_progress(started, [], date(2026, 11, 25)).stale
    assert goal_progress(started, [], date(2026, 12, 4)).stale


def test_student_progress_uses_the_settings_stale_days() -> None:
    s = Student(
        id="ava-m",
        profile=Profile(first_name="Ava", last_name="M"),
        goals=(goal(), goal(id="h")),
        points=tuple(weekly(WORKED)) + tuple(weekly([1, 2], goal="h")),
    )
    results = student_progress(s, SETTINGS, START + timedelta(weeks=8))
    assert [(r.goal.id, r.points, r.student) for r in results] == [
        ("g", 9, "ava-m"),
        ("h", 2, "ava-m"),
    ]


# --- mastery criteria -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "values", "percent", "status"),
    [
        ("4 of 5 trials", [3, 4], False, "met"),
        ("4 of 5 trials", [4, 3], False, "not-met"),
        ("4 of 5 trials", [80], True, "met"),
        ("4 of 5 trials", [70], True, "not-met"),
        ("4/5 trials across 3 consecutive sessions", [4, 5, 4], False, "met"),
        ("4/5 trials across 3 consecutive sessions", [5, 5, 3], False, "not-met"),
        ("80% across 3 consecutive sessions", [70, 82, 85, 80], True, "met"),
        ("80% accuracy across 3 consecutive sessions", [82, 79, 85], True, "not-met"),
        ("80% across 3 consecutive sessions", [90, 95], True, "not-met"),
        ("3 consecutive sessions at or below prompt level 2", [3, 2, 1, 2], False, "met"),
        ("3 consecutive sessions at or below prompt level 2", [1, 3, 1], False, "not-met"),
        ("100 wcpm on 3 consecutive probes", [99, 100, 104, 101], False, "met"),
        ("95 wcpm on 3 consecutive weekly probes", [96, 94, 99], False, "not-met"),
        ("4 or fewer per day for 4 consecutive weeks", [9, 4, 3, 4, 2], False, "met"),
        ("4 or fewer per day for 4 consecutive weeks", [4, 5, 3, 4], False, "not-met"),
        ("80% across 3 consecutive observations", [80, 85, 90], True, "met"),
        ("25 on 2 consecutive home visits", [26, 25], False, "met"),
        ("4 of 5 observed recesses", [4], False, "met"),
        ("4 of 5 opportunities on 3 consecutive observations", [4, 5, 3], False, "not-met"),
        ("independently, with enthusiasm", [1], False, "not-parseable"),
        ("", [1], False, "none"),
    ],
)
def test_mastery_criteria(text: str, values: list[float], percent: bool, status: str) -> None:
    assert check_mastery(text, values, percent).status == status


def test_mastery_detail_explains_the_check() -> None:
    check = check_mastery("80% across 3 consecutive sessions", [90, 95], True)
    assert check.detail == "needs 3 sessions of data; has 2"
    check = check_mastery("80% across 3 consecutive sessions", [82, 79, 85], True)
    assert check.detail == "last 3: 82, 79, 85 (each must be at least 80)"


def test_percentage_criterion_is_a_ceiling_for_decrease_goals() -> None:
    criterion = parse_mastery("10% across 2 consecutive sessions", True, decrease=True)
    assert criterion is not None and not criterion.at_least
    assert check_mastery("10% across 2 consecutive sessions", [20, 8, 5], True, True).status == (
        "met"
    )


def test_goal_progress_checks_mastery_on_daily_values() -> None:
    g = goal(unit="%", mastery="80% across 3 consecutive sessions")
    p = goal_progress(g, weekly([70, 81, 84, 88]), START + timedelta(weeks=3))
    assert p.mastery.status == "met"
