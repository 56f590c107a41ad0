"""Decoders of ``evaluation.toml`` (assessments, referrals, evaluations) and ``mtss.toml``
(tiers, interventions, screenings).

Same contract as ``model.decode``: never raise, report each bad field as a ``KeyProblem``
naming the accepted form, keep a record while it still makes sense.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from caseterm.model import assess_vocab as av
from caseterm.model import vocab
from caseterm.model.decode import KeyProblem, Reader, _records, _unique_ids
from caseterm.model.fields import BOUNDS, check_whole
from caseterm.model.records import (
    Assessment,
    Evaluation,
    EvaluationArea,
    Intervention,
    InterventionHistory,
    Referral,
    Score,
    Screening,
    Source,
    TierChange,
)

MAX_RECORDS = 1_000
"""Records of one kind in one file (a student's whole school career, with room)."""


@dataclass(frozen=True, slots=True)
class EvaluationFile:
    """Everything ``evaluation.toml`` holds."""

    assessments: tuple[Assessment, ...] = ()
    referrals: tuple[Referral, ...] = ()
    evaluations: tuple[Evaluation, ...] = ()


@dataclass(frozen=True, slots=True)
class MtssFile:
    """Everything ``mtss.toml`` holds."""

    tiers: tuple[TierChange, ...] = ()
    interventions: tuple[Intervention, ...] = ()
    screenings: tuple[Screening, ...] = ()


def _whole(r: Reader, key: str, bounds_key: str) -> int | None:
    """An optional whole number within ``BOUNDS[bounds_key]``."""
    bounds = BOUNDS[bounds_key]
    return r._checked(key, False, lambda f, v: check_whole(f, v, bounds))


def _tier(r: Reader, table: str, required: bool) -> av.Tier | None:
    bounds = BOUNDS[f"{table}.tier"]
    value = r._checked("tier", required, lambda f, v: check_whole(f, v, bounds))
    return av.TIER_OF.get(value)


def _unique(r: Reader, table: str, names: list[str], what: str) -> None:
    """Nested records merge by ``what``: each value once per record."""
    seen: set[str] = set()
    for index, name in enumerate(names):
        if name in seen:
            r.problems.append(
                KeyProblem(
                    (*r.path, table, index), f"{what}: '{name}' is given twice; give it once"
                )
            )
        seen.add(name)


def _ordered(r: Reader, first: str, first_value: Any, key: str, value: Any) -> None:
    if first_value is not None and value is not None and value < first_value:
        r._report(key, f"{key}: must be on or after {first} ({first_value})")


def decode_evaluation(
    data: Mapping[str, Any], file: str
) -> tuple[EvaluationFile, list[KeyProblem]]:
    """``evaluation.toml``: the student's assessments, referrals and evaluations."""
    problems: list[KeyProblem] = []
    root = Reader(data, (), problems)

    def score(r: Reader) -> Score:
        record = Score(
            name=r.text("name", required=True),
            kind=r.required_choice("kind", av.SCORE_KINDS),
            value=r.number("value", BOUNDS["assessment.value"], required=True) or 0.0,
            composite=r.flag("composite"),
            ci_low=r.number("ci_low", BOUNDS["assessment.ci_low"]),
            ci_high=r.number("ci_high", BOUNDS["assessment.ci_high"]),
            ci_level=_whole(r, "ci_level", "assessment.ci_level"),
            range=r.text("range"),
        )
        if record.kind == "percentile" and not 0 <= record.value <= 100:
            r._report("value", "value: a percentile rank is from 0 to 100")
        if (record.ci_low is None) != (record.ci_high is None):
            r._report("ci_low", "ci_low, ci_high: give both ends of the confidence interval")
        elif (
            record.ci_low is not None
            and record.ci_high is not None
            and not record.ci_low <= record.value <= record.ci_high
        ):
            r._report("ci_low", "ci_low, ci_high: the interval must hold the score")
        return record

    def assessment(r: Reader) -> Assessment:
        record = Assessment(
            id=r.slug("id", required=True),
            date=r.required_date("date"),
            instrument=r.text("instrument", required=True),
            type=r.choice("type", av.ASSESSMENT_TYPES, "norm-referenced"),
            examiner=r.text("examiner"),
            area=r.text("area"),
            evaluation=r.text("evaluation"),
            scores=_records(r.tables("score", MAX_RECORDS), score),
            note=r.text("note"),
            source=Source(file, "assessment", int(r.path[-1])),
        )
        _unique(r, "score", [s.name for s in record.scores], "name")
        return record

    def history(r: Reader) -> InterventionHistory:
        return InterventionHistory(
            intervention=r.text("intervention", required=True),
            program=r.text("program", required=True),
            tier=_tier(r, "referral", True) or 1,
            start=r.required_date("start"),
            end=r.date("end"),
            frequency=_whole(r, "frequency", "referral.frequency"),
            minutes=_whole(r, "minutes", "referral.minutes"),
            goal=r.text("goal"),
            points=_whole(r, "points", "referral.points") or 0,
            below=_whole(r, "below", "referral.below") or 0,
            baseline=r.number("baseline", BOUNDS["referral.baseline"]),
            last=r.number("last", BOUNDS["referral.last"]),
            slope=r.number("slope", BOUNDS["referral.slope"]),
            target_slope=r.number("target_slope", BOUNDS["referral.target_slope"]),
        )

    def referral(r: Reader) -> Referral:
        record = Referral(
            id=r.slug("id", required=True),
            date=r.required_date("date"),
            referred_by=r.choice("referred_by", av.REFERRAL_SOURCES, "teacher"),
            concern=r.text("concern"),
            areas=r.texts("areas"),
            tier=_tier(r, "referral", False),
            history=_records(r.tables("history", MAX_RECORDS), history),
            note=r.text("note"),
            source=Source(file, "referral", int(r.path[-1])),
        )
        _unique(r, "history", [h.intervention for h in record.history], "intervention")
        return record

    def evaluation(r: Reader) -> Evaluation:
        record = Evaluation(
            id=r.slug("id", required=True),
            date=r.required_date("date"),
            kind=r.choice("kind", av.EVALUATION_KINDS, "initial"),
            referral=r.text("referral"),
            areas=_records(
                r.tables("area", MAX_RECORDS),
                lambda a: EvaluationArea(
                    name=a.text("name", required=True), assessor=a.text("assessor")
                ),
            ),
            existing_data_only=r.flag("existing_data_only"),
            report=r.date("report"),
            meeting=r.date("meeting"),
            decision=r.choice("decision", av.DECISIONS, "pending"),
            considered=vocab.only(r.texts("considered", vocab.DISABILITIES), vocab.DISABILITIES),
            categories=vocab.only(r.texts("categories", vocab.DISABILITIES), vocab.DISABILITIES),
            sld_criteria=r.choice("sld_criteria", av.SLD_CRITERIA, ""),
            note=r.text("note"),
            source=Source(file, "evaluation", int(r.path[-1])),
        )
        _unique(r, "area", [a.name for a in record.areas], "name")
        _ordered(r, "date", record.date, "report", record.report)
        _ordered(r, "date", record.date, "meeting", record.meeting)
        if record.decision == "eligible" and not record.categories:
            r._report("categories", 'categories: an "eligible" decision names its categories')
        if record.decision != "eligible" and record.categories:
            r._report("categories", 'categories: only with decision = "eligible"')
        if record.decision != "pending" and record.meeting is None:
            r._report("meeting", "meeting: give the date of the eligibility meeting")
        if record.sld_criteria and "SLD" not in (*record.considered, *record.categories):
            r._report("sld_criteria", 'sld_criteria: only when "SLD" is considered')
        if record.existing_data_only and record.kind != "reevaluation":
            r._report(
                "existing_data_only",
                "existing_data_only: a review of existing data alone is for a reevaluation "
                "(34 CFR 300.305(d))",
            )
        return record

    assessments = _records(root.tables("assessment", MAX_RECORDS), assessment)
    referrals = _records(root.tables("referral", MAX_RECORDS), referral)
    evaluations = _records(root.tables("evaluation", MAX_RECORDS), evaluation)
    for records in (assessments, referrals, evaluations):
        _unique_ids(records, problems)
    root.unknown_keys()
    return EvaluationFile(assessments, referrals, evaluations), problems


def decode_mtss(data: Mapping[str, Any], file: str) -> tuple[MtssFile, list[KeyProblem]]:
    """``mtss.toml``: the student's tiers of support, interventions and screenings."""
    problems: list[KeyProblem] = []
    root = Reader(data, (), problems)

    def tier(r: Reader) -> TierChange:
        return TierChange(
            id=r.slug("id", required=True),
            date=r.required_date("date"),
            tier=_tier(r, "tier", True) or 1,
            note=r.text("note"),
            source=Source(file, "tier", int(r.path[-1])),
        )

    def intervention(r: Reader) -> Intervention:
        record = Intervention(
            id=r.slug("id", required=True),
            program=r.text("program", required=True),
            tier=_tier(r, "intervention", True) or 2,
            start=r.required_date("start"),
            end=r.date("end"),
            group=r.text("group"),
            frequency=_whole(r, "frequency", "intervention.frequency"),
            minutes=_whole(r, "minutes", "intervention.minutes"),
            interventionist=r.text("interventionist"),
            area=r.text("area"),
            goal=r.text("goal"),
            note=r.text("note"),
            source=Source(file, "intervention", int(r.path[-1])),
        )
        _ordered(r, "start", record.start, "end", record.end)
        return record

    def screening(r: Reader) -> Screening:
        return Screening(
            id=r.slug("id", required=True),
            date=r.required_date("date"),
            season=r.required_choice("season", av.SEASONS),
            measure=r.text("measure", required=True),
            score=r.number("score", BOUNDS["screening.score"], required=True) or 0.0,
            percentile=r.number("percentile", BOUNDS["screening.percentile"]),
            grade=r.choice("grade", vocab.GRADES, ""),
            note=r.text("note"),
            source=Source(file, "screening", int(r.path[-1])),
        )

    tiers = _records(root.tables("tier", MAX_RECORDS), tier)
    interventions = _records(root.tables("intervention", MAX_RECORDS), intervention)
    screenings = _records(root.tables("screening", MAX_RECORDS), screening)
    for records in (tiers, interventions, screenings):
        _unique_ids(records, problems)
    root.unknown_keys()
    return MtssFile(tiers, interventions, screenings), problems
