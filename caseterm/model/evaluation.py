"""The evaluation process: from a referral to the eligibility decision, as records.

``with_evaluation_dates`` lets the records of ``evaluation.toml`` drive the compliance
clocks of ``model.compliance``: a referral starts the initial evaluation's clocks, an
evaluation report closes it, an eligibility meeting starts the initial IEP's, and a
(re)evaluation restarts the three-year reevaluation clock. A date written in plan.toml's
``[dates]`` always wins for the referral and the eligibility (docs/assessments.md).
"""

from __future__ import annotations

from datetime import date

from msgspec import Struct
from msgspec.structs import replace

from caseterm.model.records import Assessment, Consent, Evaluation, Referral, Student


def completed(evaluation: Evaluation) -> date | None:
    """When an evaluation was done: its report, or for a review of existing data without
    new tests the meeting that decided (34 CFR 300.305(a), (d))."""
    if evaluation.report is not None:
        return evaluation.report
    return evaluation.meeting if evaluation.existing_data_only else None


def with_evaluation_dates(student: Student) -> Student:
    """The student with plan dates filled from the evaluation records: ``referral`` (the
    latest referral), ``eligibility`` (the first initial evaluation decided), and
    ``evaluation`` (the later of the plan's and the latest evaluation completed)."""
    dates = student.plan.dates
    found: dict[str, date] = {}
    if dates.referral is None and student.referrals:
        found["referral"] = max(r.date for r in student.referrals)
    decided = [
        e.meeting
        for e in student.evaluations
        if e.kind == "initial" and e.decision != "pending" and e.meeting is not None
    ]
    if dates.eligibility is None and decided:
        found["eligibility"] = min(decided)
    done = [d for d in map(completed, student.evaluations) if d is not None]
    latest = max(done, default=None)
    if latest is not None and (dates.evaluation is None or latest > dates.evaluation):
        found["evaluation"] = latest
    if not found:
        return student
    return replace(student, plan=replace(student.plan, dates=replace(dates, **found)))


class EvaluationStatus(Struct, frozen=True, gc=False):
    """One evaluation and what belongs to it: its referral, consents and assessments."""

    evaluation: Evaluation
    referral: Referral | None
    consents: tuple[Consent, ...]
    assessments: tuple[Assessment, ...]
    areas_without_assessment: tuple[str, ...]
    """Areas of the plan with no assessment recorded yet."""
    completed: date | None


def evaluation_status(student: Student) -> list[EvaluationStatus]:
    """Each evaluation of the student, oldest first, with its parts."""
    out = []
    for e in sorted(student.evaluations, key=lambda e: (e.date, e.id)):
        referral = next((r for r in student.referrals if r.id == e.referral), None)
        purpose = "evaluation" if e.kind == "initial" else "reevaluation"
        consents = tuple(
            c
            for c in student.consents
            if c.purpose == purpose and (referral is None or c.date >= referral.date)
        )
        assessments = tuple(
            sorted((a for a in student.assessments if a.evaluation == e.id), key=lambda a: a.date)
        )
        covered = {a.area.casefold() for a in assessments}
        missing = tuple(a.name for a in e.areas if a.name.casefold() not in covered)
        out.append(
            EvaluationStatus(
                e,
                referral,
                consents,
                assessments,
                () if e.existing_data_only else missing,
                completed(e),
            )
        )
    return out


def open_referrals(student: Student) -> tuple[Referral, ...]:
    """Referrals no evaluation names yet."""
    named = {e.referral for e in student.evaluations}
    return tuple(r for r in student.referrals if r.id not in named)
