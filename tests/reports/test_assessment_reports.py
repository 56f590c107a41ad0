"""The evaluation summary and the MTSS meeting sheet of the sample's students: scores with
their ranges, the interventions as phases of the progress graph, the meeting's notes."""

from __future__ import annotations

from caseterm.model.records import Settings, Student
from caseterm.reports import assessments as docs
from caseterm.store.infra.load import load_caseload
from tests.conftest import SAMPLE, TODAY


def _student(student_id: str) -> tuple[Settings, Student]:
    loaded = load_caseload(SAMPLE, TODAY)
    student = loaded.caseload.student(student_id)
    assert student is not None
    return loaded.caseload.settings, student


def test_evaluation_summary_has_every_score_with_its_range_and_the_process() -> None:
    settings, zofia = _student("zofia-p")
    doc = docs.evaluation_summary(zofia, settings, TODAY)
    text = docs.markdown(doc)
    assert (
        "| WISC-V | 2026-10-20 | Working Memory Index | standard | 85 | 79-93 (95%) | 15.9 "
        "| Low Average |" in text
    )
    # scaled 6: z = -4/3, Phi(-1.333) = 0.091, standard score 80: Low Average (a subtest)
    assert "|   Coding | scaled | 6 |  | 9.1 | Low Average |" in text
    assert "Consent (evaluation) asked 2026-10-06: given 2026-10-09" in text
    page = docs.html(doc)
    assert page.count("<svg") == 1 and "Tier 3: Step Up to Writing (intensive)" in page


def test_meeting_sheet_shows_the_tier_the_interventions_and_the_notes() -> None:
    settings, wesley = _student("wes-l")
    text = docs.markdown(docs.meeting_sheet(wesley, settings, TODAY))
    assert "Current tier: 3" in text
    assert "| Tier 2 | Read Naturally Live | Grade 3 fluency group B | 3x30 min/wk |" in text
    assert "| fall | 2026-09-09 | ORF | 48 | 70 | below |" in text
    assert "Move to Tier 3: Wilson 5x45" in text
