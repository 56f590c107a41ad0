"""Behaviour data worked by hand: figures per session, phases, ABC summaries, IOA."""

from __future__ import annotations

from datetime import date, time

import pytest
from msgspec.structs import replace

from caseterm.model import behavior, ioa
from caseterm.model.records import (
    AbcEvent,
    BehaviorPlan,
    Bip,
    BipTarget,
    FidelityCheck,
    Observation,
    ObservedBehavior,
    SafetyPlan,
)
from tests.builders import student


def session(
    day: date, *behaviors: ObservedBehavior, start: time = time(9), end: time = time(9, 30)
) -> Observation:
    return Observation(
        id=f"o-{day.isoformat()}-{start.hour}",
        date=day,
        start=start,
        end=end,
        behaviors=behaviors,
    )


def tally(count: int, counts: tuple[int, ...] = ()) -> ObservedBehavior:
    return ObservedBehavior("call-out", "frequency", count=count, counts=counts)


def marks(text: str, method: str = "partial-interval") -> ObservedBehavior:
    return ObservedBehavior("elopement", method, interval=10, marks=tuple(c == "1" for c in text))


def test_frequency_becomes_a_rate_per_hour() -> None:
    m = behavior.measure(session(date(2026, 11, 2), tally(6)), tally(6))
    assert (m.minutes, m.count, m.rate, m.value, m.unit) == (30, 6, 12.0, 12.0, "per hour")


def test_duration_totals_episodes_and_their_share_of_the_session() -> None:
    episodes = ObservedBehavior(
        "tantrum", "duration", episodes=((60, 150), (600, 690), (900, 1080))
    )
    m = behavior.measure(session(date(2026, 11, 2), episodes), episodes)
    # 90 + 90 + 180 = 360 s of a 1,800 s session: 20%; mean 120 s; 3 episodes in 0.5 h.
    assert (m.total_seconds, m.mean_seconds, m.percent, m.rate) == (360, 120, 20.0, 6.0)


def test_intervals_give_the_percentage_marked() -> None:
    m = behavior.measure(session(date(2026, 11, 2)), marks("0110100000"))
    assert (m.count, m.percent, m.value) == (3, 30.0, 30.0)


def test_latency_is_the_mean_of_the_trials() -> None:
    trials = ObservedBehavior("start-task", "latency", latencies=(30, 60, 120))
    assert behavior.measure(session(date(2026, 11, 2)), trials).mean_seconds == 70


def bip(**extra: object) -> Bip:
    fields: dict[str, object] = {
        "id": "b1",
        "adopted": date(2026, 11, 9),
        "targets": (BipTarget("call-out", method="frequency"),),
        "revised": (date(2026, 11, 23),),
    }
    fields.update(extra)
    return Bip(**fields)  # type: ignore[arg-type]


def test_phases_split_at_the_bip_and_its_revisions_with_level_trend_and_range() -> None:
    counts = {
        date(2026, 11, 2): 12,
        date(2026, 11, 4): 10,
        date(2026, 11, 6): 14,  # baseline 24, 20, 28 per hour
        date(2026, 11, 9): 8,
        date(2026, 11, 16): 6,  # BIP: 16, 12 per hour, one week apart
        date(2026, 11, 23): 2,  # BIP change: 4 per hour
    }
    s = replace(
        student(),
        bips=(bip(),),
        observations=tuple(session(d, tally(c)) for d, c in counts.items()),
    )
    baseline, adopted, change = behavior.phase_summaries(s, "call-out")
    assert (baseline.label, baseline.sessions, baseline.median, baseline.mean) == (
        "baseline",
        3,
        24.0,
        24.0,
    )
    assert (baseline.low, baseline.high, baseline.range) == (20.0, 28.0, 8.0)
    assert adopted.label == "BIP 2026-11-09" and adopted.start == date(2026, 11, 9)
    assert adopted.trend is not None and adopted.trend.slope == pytest.approx(-4.0)
    assert (adopted.median, adopted.range) == (14.0, 4.0)
    assert (change.label, change.sessions, change.mean, change.trend) == (
        "BIP change 2026-11-23",
        1,
        4.0,
        None,
    )


def test_an_old_behavior_plan_table_is_read_as_a_bip() -> None:
    old = BehaviorPlan(
        adopted=date(2026, 10, 1), review=date(2027, 1, 8), target_behaviors=("hit",)
    )
    s = student(behavior_plan=old)
    (read,) = behavior.bips(s)
    assert (read.adopted, read.review, [t.name for t in read.targets]) == (
        date(2026, 10, 1),
        date(2027, 1, 8),
        ["hit"],
    )
    assert behavior.behavior_plan(s) == BehaviorPlan(
        adopted=date(2026, 10, 1), review=date(2027, 1, 8), target_behaviors=("hit",)
    )


def test_abc_summary_ranks_antecedents_consequences_hours_and_settings() -> None:
    def event(hour: int, a: str, c: str, where: str) -> AbcEvent:
        return AbcEvent(
            id=f"e{hour}{a}",
            date=date(2026, 11, 2),
            behavior="elopement",
            antecedent=a,
            consequence=c,
            time=time(hour, 15),
            setting=where,
        )

    events = [
        event(9, "Math worksheet", "sent to office", "room 114"),
        event(9, "math worksheet", "task removed", "room 114"),
        event(13, "transition", "sent to office", "hallway"),
        AbcEvent(id="x", date=date(2026, 11, 2), behavior="call-out", antecedent="quiet work"),
    ]
    summary = behavior.abc_summary(events, "elopement")
    assert summary.events == 3
    assert summary.antecedents == (("math worksheet", 2), ("transition", 1))
    assert summary.consequences == (("sent to office", 2), ("task removed", 1))
    assert summary.by_hour == (("09:00-10:00", 2), ("13:00-14:00", 1))
    assert summary.by_setting == (("room 114", 2), ("hallway", 1))


def test_fidelity_is_the_share_of_strategies_implemented() -> None:
    check = FidelityCheck("f", date(2026, 11, 2), implemented=("a", "b", "c"), missed=("d",))
    assert check.percent == 75.0


def test_safety_plan_text_in_crisis_order() -> None:
    plan = SafetyPlan(triggers=("fire alarm",), contacts=("Ms. Ortiz, ext. 2214",))
    s = replace(student(), safety=plan)
    assert behavior.has_safety_plan(s)
    assert behavior.safety_lines(plan) == [
        ("Triggers", "fire alarm"),
        ("Who to call", "Ms. Ortiz, ext. 2214"),
    ]
    assert not behavior.has_safety_plan(student())


# --- IOA, each method by hand (Cooper, Heron & Heward, 3rd ed., ch. 5) ---------------


def test_total_count_ioa_is_smaller_over_larger() -> None:
    assert ioa.total_count(9, 10) == 90.0
    assert ioa.total_count(10, 9) == 90.0
    assert ioa.total_count(0, 0) == 100.0


def test_count_per_interval_ioa_exact_and_mean() -> None:
    first = (1, 0, 2, 3)
    second = (1, 0, 1, 3)
    # Exact: intervals 1, 2 and 4 agree: 3 / 4 = 75%.
    assert ioa.exact_count_per_interval(first, second) == 75.0
    # Mean: (1 + 1 + 1/2 + 1) / 4 = 87.5%.
    assert ioa.mean_count_per_interval(first, second) == 87.5


def test_interval_by_interval_scored_and_unscored() -> None:
    a = tuple(c == "1" for c in "1101000000")
    b = tuple(c == "1" for c in "1001000010")
    # Agreements in 8 of 10 intervals (2 and 9 differ): 80%.
    assert ioa.interval_by_interval(a, b) == 80.0
    # Scored: both in 1 and 4 (2), either in 1, 2, 4, 9 (4): 50%.
    assert ioa.scored_interval(a, b) == 50.0
    # Unscored: both empty in 6 intervals, either empty in 8: 75%.
    assert ioa.unscored_interval(a, b) == 75.0


def test_duration_ioa_total_and_per_occurrence() -> None:
    # Episodes of 90, 120 and 30 s against 100, 120 and 40 s.
    assert ioa.total_duration(240, 260) == pytest.approx(100 * 240 / 260)
    # Per occurrence: (90/100 + 120/120 + 30/40) / 3 = (0.9 + 1 + 0.75) / 3 = 88.33%.
    assert ioa.mean_per_occurrence([90, 120, 30], [100, 120, 40]) == pytest.approx(88.333333)


def test_two_sessions_give_each_behaviour_s_figures_with_the_80_percent_flag() -> None:
    day = date(2026, 11, 2)
    a = Observation(
        "a",
        day,
        time(9),
        time(9, 10),
        observer="Ortiz",
        behaviors=(tally(4, (1, 0, 2, 1)), marks("1101000000")),
    )
    b = Observation(
        "b",
        day,
        time(9),
        time(9, 10),
        observer="Lee",
        behaviors=(tally(5, (1, 1, 2, 1)), marks("1001000000")),
    )
    result = ioa.session_agreement(a, b)
    figures = {(f.behavior, f.method): (f.percent, f.acceptable) for f in result.figures}
    assert figures[("call-out", "total count")] == (80.0, True)
    assert figures[("call-out", "exact count-per-interval")] == (75.0, False)
    assert figures[("elopement", "interval-by-interval")] == (90.0, True)
    assert result.warnings == ()


def test_sessions_of_different_periods_are_flagged() -> None:
    a = Observation("a", date(2026, 11, 2), time(9), time(9, 10), observer="Ortiz")
    b = Observation("b", date(2026, 11, 3), time(9), time(9, 10), observer="Ortiz")
    assert ioa.session_agreement(a, b).warnings == (
        "different days: 2026-11-02 and 2026-11-03",
        "the same observer (Ortiz) recorded both",
    )


def test_the_safety_plan_review_date_is_a_deadline() -> None:
    from caseterm.model.compliance import student_deadlines
    from tests.builders import clock

    s = replace(student(), safety=SafetyPlan(triggers=("noise",), review=date(2026, 12, 1)))
    (item,) = [d for d in student_deadlines(s, clock()) if d.kind == "safety-review"]
    assert (item.due, item.status, item.rule) == (
        date(2026, 12, 1),
        "due-soon",
        "safety plan review date in behavior.toml (local policy)",
    )
    assert not [d for d in student_deadlines(student(), clock()) if d.kind == "safety-review"]
