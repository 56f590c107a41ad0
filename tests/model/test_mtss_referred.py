"""A Tier 3 student already referred is not suggested a referral again: the tier decision
says ``referred`` with the referral's date until an evaluation decides not-eligible
(today is 2026-11-25)."""

from __future__ import annotations

from datetime import date, timedelta

from msgspec.structs import replace

from caseterm.model import mtss
from caseterm.model.records import (
    DataPoint,
    Evaluation,
    Goal,
    Intervention,
    Referral,
    Student,
    TierChange,
)
from tests.builders import SETTINGS, TODAY, student

GOAL = Goal(
    "orf",
    "Read 90 words correct per minute",
    target=90,
    target_date=date(2027, 5, 28),
    unit="wcpm",
    baseline=50,
    start_date=date(2026, 9, 7),
)
START = date(2026, 9, 14)
REFERRAL = Referral(id="r1", date=date(2026, 11, 2), referred_by="mtss-team")


def _tier3_flat(**extra: object) -> Student:
    """Tier 3, six flat points well below the aimline: the data alone say ``refer``."""
    points = tuple(
        DataPoint(f"p{i}", "orf", START + timedelta(weeks=i), v)
        for i, v in enumerate([50, 50, 51, 51, 50, 51])
    )
    return replace(
        student(plan_type="MTSS"),
        goals=(GOAL,),
        points=points,
        interventions=(Intervention("i1", "Read Naturally", 3, START, goal="orf"),),
        tiers=(TierChange("t1", START, 3),),
        **extra,
    )


def _advice(s: Student) -> tuple[str, str]:
    advice = mtss.student_advice(s, SETTINGS, TODAY)
    assert advice is not None
    return advice.suggestion, advice.detail


def test_a_referred_student_is_not_suggested_a_referral_again() -> None:
    assert _advice(_tier3_flat())[0] == "refer"
    suggestion, detail = _advice(_tier3_flat(referrals=(REFERRAL,)))
    assert suggestion == "referred"
    assert detail.startswith("referred 2026-11-02; the last 6 points are below the aimline")


def test_an_open_evaluation_counts_as_referred_until_decided_not_eligible() -> None:
    pending = Evaluation(id="e1", date=date(2026, 11, 5), referral="r1")
    s = _tier3_flat(referrals=(REFERRAL,), evaluations=(pending,))
    assert _advice(s)[0] == "referred"
    assert mtss.referred_on(s, TODAY) == date(2026, 11, 2)
    # an evaluation opened without a referral record carries its own date
    alone = _tier3_flat(evaluations=(replace(pending, referral=""),))
    assert _advice(alone)[0] == "referred"
    assert mtss.referred_on(alone, TODAY) == date(2026, 11, 5)
    closed = replace(pending, decision="not-eligible", meeting=date(2026, 11, 20))
    s = _tier3_flat(referrals=(REFERRAL,), evaluations=(closed,))
    assert mtss.referred_on(s, TODAY) is None
    assert _advice(s)[0] == "refer"


def test_a_referral_after_today_does_not_count_yet() -> None:
    later = replace(REFERRAL, date=date(2026, 12, 1))
    assert mtss.referred_on(_tier3_flat(referrals=(later,)), TODAY) is None
    assert _advice(_tier3_flat(referrals=(later,)))[0] == "refer"
