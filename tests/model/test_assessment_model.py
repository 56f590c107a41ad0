"""Score conversions worked by hand, the evaluation records driving the clocks, the MTSS
tier decision and the below-benchmark list (today is 2026-11-25)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pytest
from msgspec.structs import replace

from caseterm.model import mtss, scores
from caseterm.model.compliance import student_deadlines
from caseterm.model.evaluation import evaluation_status, with_evaluation_dates
from caseterm.model.records import (
    Assessment,
    Benchmark,
    Consent,
    DataPoint,
    Evaluation,
    EvaluationArea,
    Goal,
    Intervention,
    Notice,
    Referral,
    Screening,
    Student,
    TierChange,
)
from tests.builders import SETTINGS, TODAY, clock, student

# --- score conversions -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind", "z", "percentile"),
    [
        (85, "standard", -1.0, 15.9),  # (85 - 100) / 15 = -1; Phi(-1) = 0.1587
        (100, "standard", 0.0, 50.0),
        (130, "standard", 2.0, 97.7),  # Phi(2) = 0.97725
        (70, "standard", -2.0, 2.3),
        (60, "t", 1.0, 84.1),  # (60 - 50) / 10 = 1; Phi(1) = 0.8413
        (7, "scaled", -1.0, 15.9),  # (7 - 10) / 3 = -1
        (13, "scaled", 1.0, 84.1),
        (50, "percentile", 0.0, 50.0),
    ],
)
def test_scores_to_z_and_percentile(value: float, kind: str, z: float, percentile: float) -> None:
    found = scores.converted(value, kind)  # type: ignore[arg-type]
    assert found is not None
    assert found.z == pytest.approx(z, abs=1e-9)
    assert round(found.percentile, 1) == percentile


def test_conversions_between_scales_and_back() -> None:
    assert scores.convert(85, "standard", "scaled") == pytest.approx(7.0)
    assert scores.convert(60, "t", "standard") == pytest.approx(115.0)
    assert scores.convert(16, "scaled", "t") == pytest.approx(70.0)
    # the 84.13th percentile is z = 1, a standard score of 115
    assert scores.convert(84.134474606854, "percentile", "standard") == pytest.approx(115.0, 1e-6)
    assert scores.to_z(2.275, "percentile") == pytest.approx(-2.0, abs=1e-3)


def test_percentile_tails_are_clamped_and_written_as_such() -> None:
    assert scores.percentile_text(scores.percentile(-4)) == "<0.1"
    assert scores.percentile_text(scores.percentile(4)) == ">99.9"
    assert scores.to_z(0, "percentile") == scores.to_z(0.1, "percentile")


@pytest.mark.parametrize(
    ("standard", "wechsler", "wj"),
    [
        (145, "Extremely High", "Very Superior"),
        (130, "Extremely High", "Superior"),
        (129.6, "Extremely High", "Superior"),  # rounds to 130
        (129.4, "Very High", "Superior"),
        (120, "Very High", "High Average"),
        (110, "High Average", "Average"),
        (109, "Average", "Average"),
        (90, "Average", "Average"),
        (89, "Low Average", "Low Average"),
        (80, "Low Average", "Low Average"),
        (79, "Very Low", "Low"),
        (70, "Very Low", "Low"),
        (69, "Extremely Low", "Very Low"),
        (40, "Extremely Low", "Very Low"),
    ],
)
def test_descriptive_ranges(standard: float, wechsler: str, wj: str) -> None:
    assert scores.descriptive_range(standard) == wechsler
    assert scores.descriptive_range(standard, "woodcock-johnson") == wj


def test_range_of_scaled_and_t_scores_goes_through_the_standard_score() -> None:
    scaled = scores.converted(7, "scaled")
    t = scores.converted(60, "t")
    assert scaled is not None and t is not None
    assert (scaled.standard, scaled.range) == (85.0, "Low Average")
    assert (t.standard, t.range) == (115.0, "High Average")
    assert scores.converted(34, "raw") is None
    assert scores.converted(3.4, "grade-equivalent") is None


# --- the evaluation records drive the clocks ----------------------------------------------


def _referred(plan_type: str = "MTSS", **extra: object) -> Student:
    s = student(plan_type=plan_type)  # type: ignore[arg-type]
    referral = Referral(id="r1", date=date(2026, 11, 2), referred_by="mtss-team")
    return replace(s, referrals=(referral,), **extra)


def _kinds(s: Student) -> dict[str, object]:
    return {d.kind: d for d in student_deadlines(s, clock())}


def test_a_referral_starts_the_60_day_clock_until_consent_is_in() -> None:
    """Referral 2026-11-02 + 60 days = 2027-01-01: the earliest the evaluation can be
    due; with consent given 2026-11-09 it is 2027-01-08 (34 CFR 300.301(c)(1))."""
    found = _kinds(_referred())
    item = found["initial-evaluation"]
    assert item.due == date(2027, 1, 1)  # type: ignore[attr-defined]
    assert "consent to evaluate not given yet" in item.detail  # type: ignore[attr-defined]
    consent = Consent("c1", date(2026, 11, 3), "evaluation", "given", date(2026, 11, 9))
    item = _kinds(_referred(consents=(consent,)))["initial-evaluation"]
    assert item.due == date(2027, 1, 8)  # type: ignore[attr-defined]
    assert item.detail == "60 days from consent 2026-11-09"  # type: ignore[attr-defined]


def test_a_refusal_stops_the_referral_clock() -> None:
    refused = Consent("c1", date(2026, 11, 3), "evaluation", "refused", date(2026, 11, 5))
    assert "initial-evaluation" not in _kinds(_referred(consents=(refused,)))
    notice = Notice("n1", date(2026, 11, 4), "refuse", "evaluation")
    assert "initial-evaluation" not in _kinds(_referred(notices=(notice,)))


def test_mtss_students_get_no_iep_rules() -> None:
    s = student(plan_type="MTSS", plan_meeting=date(2026, 1, 10), evaluation=date(2024, 1, 5))
    kinds = {d.kind for d in student_deadlines(s, clock())}
    assert kinds.isdisjoint(
        {"annual-review", "reevaluation", "progress-report", "safeguards-notice", "504-review"}
    )


def test_report_closes_the_evaluation_and_the_decision_starts_the_initial_iep() -> None:
    consent = Consent("c1", date(2026, 11, 3), "evaluation", "given", date(2026, 11, 9))
    evaluation = Evaluation(
        "e1",
        date(2026, 11, 3),
        referral="r1",
        report=date(2026, 12, 15),
        meeting=date(2027, 1, 5),
        decision="eligible",
        considered=("SLD", "OHI"),
        categories=("SLD",),
        sld_criteria="rti",
    )
    s = _referred(consents=(consent,), evaluations=(evaluation,))
    dates = with_evaluation_dates(s).plan.dates
    assert (dates.referral, dates.evaluation, dates.eligibility) == (
        date(2026, 11, 2),
        date(2026, 12, 15),
        date(2027, 1, 5),
    )
    found = _kinds(s)
    assert found["initial-evaluation"].status == "done"  # type: ignore[attr-defined]
    assert found["initial-iep"].due == date(2027, 2, 4)  # type: ignore[attr-defined]


def test_a_review_of_existing_data_restarts_the_reevaluation_clock() -> None:
    """300.303(b)(2)/300.305: the reevaluation of 2026-11-20 decided on existing data:
    the next is due three years on (2029-11-19, plus-1-year-minus-1-day)."""
    red = Evaluation(
        "e2",
        date(2026, 10, 1),
        kind="reevaluation",
        existing_data_only=True,
        meeting=date(2026, 11, 20),
        decision="eligible",
        categories=("SLD",),
    )
    s = replace(
        student(evaluation=date(2023, 12, 1), plan_meeting=date(2026, 3, 1)), evaluations=(red,)
    )
    item = _kinds(s)["reevaluation"]
    assert item.due == date(2029, 11, 19)  # type: ignore[attr-defined]


def test_evaluation_status_lists_areas_still_to_assess() -> None:
    evaluation = Evaluation(
        "e1",
        date(2026, 11, 3),
        referral="r1",
        areas=(EvaluationArea("cognitive", "school psychologist"), EvaluationArea("reading")),
    )
    done = Assessment("a1", date(2026, 11, 20), "WISC-V", area="Cognitive", evaluation="e1")
    s = _referred(evaluations=(evaluation,), assessments=(done,))
    (status,) = evaluation_status(s)
    assert status.referral is not None and status.referral.id == "r1"
    assert status.areas_without_assessment == ("reading",)


# --- MTSS: the tier decision ------------------------------------------------------------------


GOAL = Goal(
    "orf",
    "Read 90 words correct per minute",
    target=90,
    target_date=date(2027, 5, 28),
    unit="wcpm",
    baseline=50,
    start_date=date(2026, 9, 7),
)


def _mtss(values: Sequence[float], tier: int = 2, start: date = date(2026, 9, 14)) -> Student:
    points = tuple(
        DataPoint(f"p{i}", "orf", start + timedelta(weeks=i), v) for i, v in enumerate(values)
    )
    intervention = Intervention("i1", "Read Naturally", tier, start, goal="orf")  # type: ignore[arg-type]
    return replace(
        student(plan_type="MTSS"),
        goals=(GOAL,),
        points=points,
        interventions=(intervention,),
        tiers=(TierChange("t1", start, tier),),  # type: ignore[arg-type]
    )


def test_four_points_below_the_aimline_suggest_the_next_tier_then_a_referral() -> None:
    # the aimline rises 40 wcpm over 37.6 weeks from 50: ~1.06 a week; flat data fall below
    flat = [50, 50, 51, 51, 50, 51]
    advice = mtss.student_advice(_mtss(flat, tier=2), SETTINGS, TODAY)
    assert advice is not None
    assert (advice.suggestion, advice.below, advice.points) == ("move-up", 6, 6)
    advice = mtss.student_advice(_mtss(flat, tier=3), SETTINGS, TODAY)
    assert advice is not None and advice.suggestion == "refer"
    few = mtss.student_advice(_mtss(flat[:3]), SETTINGS, TODAY)
    assert few is not None and few.suggestion == "insufficient-data"
    strict = replace(SETTINGS, below_aimline_points=8)
    assert mtss.student_advice(_mtss(flat), strict, TODAY).suggestion == "insufficient-data"  # type: ignore[union-attr]


def test_growth_on_the_aimline_stays_and_above_it_fades() -> None:
    mixed = [53, 52, 56, 54, 58, 57]
    assert mtss.student_advice(_mtss(mixed), SETTINGS, TODAY).suggestion == "stay"  # type: ignore[union-attr]
    high = [60, 62, 64, 66, 68, 70]
    assert mtss.student_advice(_mtss(high), SETTINGS, TODAY).suggestion == "move-down"  # type: ignore[union-attr]


def test_history_carries_each_intervention_and_its_data() -> None:
    s = _mtss([50, 50, 51, 51, 50, 51], tier=3)
    (row,) = mtss.history(s, TODAY)
    assert (row.program, row.tier, row.points, row.below, row.baseline, row.last) == (
        "Read Naturally",
        3,
        6,
        6,
        50,
        51,
    )
    # OLS on weeks 0-5: Sxy = 2.5, Sxx = 17.5 -> 0.143 wcpm a week
    assert row.slope == pytest.approx(0.143, abs=1e-3)
    assert mtss.tier_on(s, date(2026, 9, 13)) is None
    assert mtss.tier_on(s, TODAY) == 3


# --- screening ----------------------------------------------------------------------------


def test_below_benchmark_suggests_tier_2_and_below_the_intensive_cut_tier_3() -> None:
    settings = replace(
        SETTINGS,
        benchmarks=(Benchmark("ORF", "3", "fall", cut=70, intensive=45),),
    )

    def screened(sid: str, score: float) -> Student:
        s = replace(student(sid, plan_type="MTSS"), profile=replace(student().profile, grade="3"))
        return replace(
            s, screenings=(Screening("s" + sid, date(2026, 9, 10), "fall", "orf", score),)
        )

    rows = mtss.below_benchmark(
        [screened("a", 40), screened("b", 69), screened("c", 70)], settings, "fall"
    )
    assert [(r.student, r.suggested) for r in rows] == [("a", 3), ("b", 2)]
    assert mtss.below_benchmark([screened("a", 40)], settings, "winter") == []
