"""Changes to ``evaluation.toml`` (assessments, referrals, evaluations) and ``mtss.toml``
(tiers, interventions, screenings), shared by the CLI and the TUI.

A new record's values are given by their keys in the file and checked as its kind's
``kinds.Input`` declarations say (``store.actions.inputs``); each function adds only its
own checks (the evaluation or goal named exists, an end after the start) and its commit
message, then writes the student's file (created on first use) as one commit.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from caseterm.model import assess_vocab as av
from caseterm.model import mtss, vocab
from caseterm.model.decode import KeyProblem
from caseterm.model.decode_assess import decode_evaluation, decode_mtss
from caseterm.store import kinds
from caseterm.store.actions import inputs
from caseterm.store.actions.changes import (
    _choice,
    _item,
    open_student,
    require_student,
)
from caseterm.store.actions.inputs import day_text
from caseterm.store.infra import layout
from caseterm.store.infra.atomic import read_text
from caseterm.store.infra.errors import InputError
from caseterm.store.infra.save import FileEdit, Saved, save
from caseterm.store.infra.tomltext import TomlSyntaxError, parse

Values = inputs.Values

Fields = dict[str, Any]
Decoder = Callable[[Mapping[str, Any], str], tuple[Any, list[KeyProblem]]]
DECODERS: dict[str, Decoder] = {
    layout.EVALUATION_FILE: decode_evaluation,
    layout.MTSS_FILE: decode_mtss,
}


def _plain(fields: Mapping[str, Any]) -> Fields:
    """The fields as the file will hold them: empty ones left out, tuples as lists."""
    return {
        k: list(v) if isinstance(v, tuple) else v
        for k, v in fields.items()
        if v is not None and v != "" and v != () and v != []
    }


def _is_rows(value: object) -> bool:
    return isinstance(value, tuple | list) and bool(value) and isinstance(value[0], Mapping)


def _check(
    file: str, table: str, record: Fields, subs: Mapping[str, Sequence[Fields]] | None = None
) -> None:
    """Decode one record as it would be written (its sub-tables are its ``rows`` values,
    or ``subs``); the first problem becomes an input error naming the field."""
    data = _plain({k: v for k, v in record.items() if not _is_rows(v)})
    data.update({k: [_plain(r) for r in v] for k, v in record.items() if _is_rows(v)})
    data.update({k: [_plain(v) for v in vs] for k, vs in (subs or {}).items() if vs})
    _found, problems = DECODERS[file]({table: [data]}, file)
    if problems:
        problem = problems[0]
        where = [str(p) for p in problem.path[2:] if isinstance(p, str)]
        prefix = ".".join(where[:-1]) if len(where) > 1 else ""
        raise InputError(f"{prefix}.{problem.message}" if prefix else problem.message)


def _append(
    root: Path, student_id: str, kind: str, fields: Fields, message: str, commit: bool
) -> Saved:
    """Append one new record (``inputs.new_fields``) once it decodes as it will be read."""
    _check(kinds.RECORD[kind].file, kinds.RECORD[kind].table, fields)
    return inputs.append(root, student_id, kind, fields, message, commit)


def _records_of(root: Path, student_id: str, file: str) -> tuple[str, Any]:
    """The file's text and its decoded records."""
    require_student(root, student_id)
    text = read_text(layout.student_file(root, student_id, file)) or ""
    try:
        data = parse(text)
    except TomlSyntaxError as error:
        raise InputError(f"{file}: {error}; fix the file first") from None
    found, _problems = DECODERS[file](data, file)
    return text, found


def _update(
    root: Path,
    student_id: str,
    file: str,
    table: str,
    record_id: str,
    fields: Fields,
    message: str,
    commit: bool,
) -> Saved:
    from caseterm.store.infra import edit

    path = layout.student_file(root, student_id, file)
    before = read_text(path) or ""
    plain = {k: list(v) if isinstance(v, tuple) else v for k, v in fields.items()}
    try:
        after = edit.update_record(before, table, record_id, plain)
    except KeyError:
        raise InputError(f"ID: no {table} '{record_id}' for {student_id}") from None
    return save(root, [FileEdit(path, before, after)], message, commit)


def _disabilities(option: str, codes: Sequence[str]) -> list[str]:
    return [_choice(option, c, tuple(vocab.DISABILITIES)) for c in codes]


# --- assessments ---------------------------------------------------------------------


def add_assessment(root: Path, student_id: str, values: Values, commit: bool = True) -> Saved:
    """Record an assessment with its composite and subtest scores (``score``: a list of
    each score's values by their keys in the file)."""
    require_student(root, student_id)
    fields = inputs.new_fields("assessment", values)
    evaluation = fields["evaluation"]
    if evaluation:
        _before, found = _records_of(root, student_id, layout.EVALUATION_FILE)
        if evaluation not in {e.id for e in found.evaluations}:
            raise InputError(f"--evaluation: no evaluation '{evaluation}' for {student_id}")
    scores = fields["score"]
    assert isinstance(scores, tuple)
    count = f"{len(scores)} score{'s' if len(scores) != 1 else ''}"
    message = (
        f"{student_id}: assessment {fields['instrument']} {day_text(fields['date'])} ({count})"
    )
    return _append(root, student_id, "assessment", fields, message, commit)


def _scores(values: Sequence[Values], option: str) -> tuple[Fields, ...]:
    """New or corrected scores as the file holds them, each value checked as the
    assessment's ``score`` input declares it (``option`` names them in messages)."""
    return inputs.checked_rows("assessment", "score", values, option)


def _score_of(s: Any) -> Fields:
    """A decoded score as the file holds it."""
    return {
        "name": s.name,
        "kind": s.kind,
        "value": s.value,
        "composite": s.composite or None,
        "ci_low": s.ci_low,
        "ci_high": s.ci_high,
        "ci_level": s.ci_level,
        "range": s.range,
    }


def _written(value: Any) -> Any:
    """How an edited value is written: None and "" remove the key; 94.0 is written 94."""
    if value is False or value == "":
        return None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return int(value)
    return value


def _score_text(s: Fields) -> str:
    value = s["value"]
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{s['name']} {s['kind']} {shown}"


@dataclass(frozen=True)
class AssessmentEdit:
    """A correction of an assessment: each field given (not None) replaces its value
    ("" removes an optional text). ``scores`` correct the scores their ``name`` names:
    each a mapping by the score's keys in the file (``kinds.SCORE_INPUTS``) where a key
    given replaces the value (None removes it) and a key left out keeps it, so a new
    value keeps the score's interval, composite mark and reported range; ``ranges`` set
    the reported range of scores ("" removes it); ``added`` are new scores' values."""

    on: date | None = None
    instrument: str | None = None
    type: str | None = None
    examiner: str | None = None
    area: str | None = None
    note: str | None = None
    scores: tuple[Values, ...] = ()
    ranges: tuple[tuple[str, str], ...] = ()
    added: tuple[Values, ...] = ()


def edit_assessment(
    root: Path, student_id: str, assessment_id: str, fix: AssessmentEdit, commit: bool = True
) -> Saved:
    """Correct an assessment in place (its fields, a score, a range) or add scores to it:
    each value checked as when the assessment is added; one commit."""
    from caseterm.store.infra import edit

    text, found = _records_of(root, student_id, layout.EVALUATION_FILE)
    current = next((a for a in found.assessments if a.id == assessment_id), None)
    if current is None:
        raise InputError(
            f"ID: no assessment '{assessment_id[:40]}' for {student_id}; see caseterm assess show"
        )
    asked = {
        "date": fix.on,
        "instrument": fix.instrument,
        "type": fix.type,
        "examiner": fix.examiner,
        "area": fix.area,
        "note": fix.note,
    }
    fields: Fields = {}
    for key, value in asked.items():
        if value is not None:
            checked = inputs.one("assessment", key, value)
            fields[key] = "" if checked is None else checked
    if not (fields or fix.scores or fix.ranges or fix.added):
        raise InputError(
            "edit: give at least one of --date, --instrument, --type, --examiner, --area, "
            "--note, --score, --range, --add-score"
        )
    scores = {s.name: _score_of(s) for s in reversed(current.scores)}
    scores = dict(reversed(scores.items()))
    first = [n[:40] for n in scores][:6]
    names = ", ".join(first) + (", …" if len(scores) > 6 else "") if scores else "none"
    touched: dict[str, Fields] = {}
    for given in fix.scores:
        name = str(given.get("name", "")).strip()
        if name not in scores:
            raise InputError(
                f"--score: no score '{name[:40]}' in assessment {assessment_id} "
                f"(its scores: {names}); --add-score adds one"
            )
        (new,) = _scores([{**scores[name], **given, "name": name}], "--score")
        touched[name] = new
    for name, reported in fix.ranges:
        key = name.strip()
        if key not in scores:
            raise InputError(
                f"--range: no score '{key[:40]}' in assessment {assessment_id} "
                f"(its scores: {names})"
            )
        base = touched.get(key, dict(scores[key]))
        touched[key] = {**base, "range": _item("--range", reported)}
    added: list[Fields] = []
    for new in _scores(fix.added, "--add-score"):
        if new["name"] in scores or any(a["name"] == new["name"] for a in added):
            raise InputError(
                f"--add-score: assessment {assessment_id} already has a score "
                f"'{new['name'][:40]}'; --score corrects it"
            )
        added.append(new)
    merged: Fields = {
        "id": current.id,
        "date": current.date,
        "instrument": current.instrument,
        "type": current.type,
        "examiner": current.examiner,
        "area": current.area,
        "evaluation": current.evaluation,
        "note": current.note,
        **fields,
    }
    _check(
        layout.EVALUATION_FILE,
        "assessment",
        merged,
        {"score": [*(touched.get(n, s) for n, s in scores.items()), *added]},
    )
    changed = {k: v for k, v in fields.items() if v != getattr(current, k)}
    rescored = {
        n: s
        for n, s in touched.items()
        if {k: _written(v) for k, v in s.items()} != {k: _written(v) for k, v in scores[n].items()}
    }
    if not (changed or rescored or added):
        raise InputError(f"edit: nothing changed in assessment {assessment_id}")
    after = text
    try:
        if changed:
            written = {k: _written(v) for k, v in changed.items()}
            after = edit.update_record(after, "assessment", assessment_id, written)
        for name, score in rescored.items():
            written = {k: _written(v) for k, v in score.items() if k != "name"}
            after = edit.update_subrecord(
                after, "assessment", assessment_id, "score", ("name", name), written
            )
        for score in added:
            entry = {k: _written(v) for k, v in score.items()}
            entry = {k: v for k, v in entry.items() if v is not None}
            after = edit.append_subrecord(after, "assessment", assessment_id, "score", entry)
    except KeyError:
        raise InputError(
            f"ID: no assessment '{assessment_id[:40]}' for {student_id}; see caseterm assess show"
        ) from None
    what = [
        f"{k} {v.isoformat() if isinstance(v, date) else v}" if v != "" else f"{k} removed"
        for k, v in changed.items()
    ]
    what += [_score_text(s) for s in rescored.values()]
    what += [f"new score {_score_text(s)}" for s in added]
    day = changed.get("date", current.date)
    instrument = changed.get("instrument", current.instrument)
    message = f"{student_id}: edit assessment {instrument} {day.isoformat()} ({', '.join(what)})"
    path = layout.student_file(root, student_id, layout.EVALUATION_FILE)
    return save(root, [FileEdit(path, text, after)], message, commit)


# --- referrals and evaluations -------------------------------------------------------


def _history_fields(h: Any) -> Fields:
    return {
        "intervention": h.intervention,
        "program": h.program,
        "tier": h.tier,
        "start": h.start,
        "end": h.end,
        "frequency": h.frequency,
        "minutes": h.minutes,
        "goal": h.goal,
        "points": h.points,
        "below": h.below,
        "baseline": h.baseline,
        "last": h.last,
        "slope": h.slope,
        "target_slope": h.target_slope,
    }


def add_referral(root: Path, student_id: str, values: Values, commit: bool = True) -> Saved:
    """Record a referral for evaluation (it starts the evaluation clocks); ``history``
    carries interventions with their data (``refer_from_mtss``)."""
    require_student(root, student_id)
    fields = inputs.new_fields("referral", values)
    history = fields["history"]
    assert isinstance(history, tuple)
    plural = "s" if len(history) != 1 else ""
    carried = f", {len(history)} intervention{plural} carried" if history else ""
    message = f"{student_id}: referral for evaluation {day_text(fields['date'])}{carried}"
    return _append(root, student_id, "referral", fields, message, commit)


def refer_from_mtss(
    root: Path,
    student_id: str,
    on: date,
    concern: str = "",
    referred_by: str = "mtss-team",
    commit: bool = True,
) -> Saved:
    """Refer a Tier 3 student for evaluation, carrying each intervention with its
    progress-monitoring data into the referral (the data an SLD decision under response
    to intervention needs, 34 CFR 300.309(a)(2)(i), (b))."""
    student = open_student(root, student_id)
    tier = mtss.tier_on(student, on)
    if tier != 3:
        shown = f"tier {tier}" if tier is not None else "no tier"
        raise InputError(
            f"STUDENT: {student_id} has {shown} on {on.isoformat()}; an MTSS referral is for a "
            "Tier 3 student (caseterm assess refer records any other referral)"
        )
    areas = tuple(dict.fromkeys(i.area for i in student.interventions if i.area))
    values = {
        "date": on,
        "referred_by": referred_by,
        "concern": concern,
        "areas": areas,
        "tier": tier,
        "history": [_history_fields(h) for h in mtss.history(student, on)],
    }
    return add_referral(root, student_id, values, commit)


def add_evaluation(root: Path, student_id: str, values: Values, commit: bool = True) -> Saved:
    """Open an evaluation (or reevaluation) with its plan: areas (``area``: each
    ``name`` and ``assessor``) and who assesses each."""
    require_student(root, student_id)
    fields = inputs.new_fields("evaluation", values)
    referral = fields["referral"]
    if referral:
        _before, found = _records_of(root, student_id, layout.EVALUATION_FILE)
        if referral not in {r.id for r in found.referrals}:
            raise InputError(f"--referral: no referral '{referral}' for {student_id}")
    red = " (review of existing data)" if fields["existing_data_only"] else ""
    message = f"{student_id}: {fields['kind']} evaluation opened {day_text(fields['date'])}{red}"
    return _append(root, student_id, "evaluation", fields, message, commit)


@dataclass(frozen=True)
class EvaluationUpdate:
    report: date | None = None
    meeting: date | None = None
    decision: str | None = None
    considered: tuple[str, ...] | None = None
    categories: tuple[str, ...] | None = None
    sld_criteria: str | None = None


def update_evaluation(
    root: Path, student_id: str, evaluation_id: str, update: EvaluationUpdate, commit: bool = True
) -> Saved:
    """Record the report date, the eligibility meeting and the decision of an evaluation."""
    _before, found = _records_of(root, student_id, layout.EVALUATION_FILE)
    current = next((e for e in found.evaluations if e.id == evaluation_id), None)
    if current is None:
        raise InputError(
            f"ID: no evaluation '{evaluation_id}' for {student_id}; see caseterm assess status"
        )
    fields: Fields = {}
    if update.report is not None:
        fields["report"] = update.report
    if update.meeting is not None:
        fields["meeting"] = update.meeting
    if update.decision is not None:
        fields["decision"] = _choice("--decision", update.decision, av.DECISIONS)
    if update.considered is not None:
        fields["considered"] = _disabilities("--considered", update.considered)
    if update.categories is not None:
        fields["categories"] = _disabilities("--category", update.categories)
    if update.sld_criteria is not None:
        fields["sld_criteria"] = _choice("--sld", update.sld_criteria, tuple(av.SLD_CRITERIA))
    if not fields:
        raise InputError("give at least one of --report, --meeting, --decision, --considered")
    merged = {
        "id": current.id,
        "date": current.date,
        "kind": current.kind,
        "existing_data_only": current.existing_data_only or None,
        "report": current.report,
        "meeting": current.meeting,
        "decision": current.decision,
        "considered": current.considered,
        "categories": current.categories,
        "sld_criteria": current.sld_criteria,
        **fields,
    }
    _check(layout.EVALUATION_FILE, "evaluation", merged, {})
    what = ", ".join(
        f"{k} {v.isoformat() if isinstance(v, date) else ' '.join(v) if isinstance(v, list) else v}"
        for k, v in fields.items()
    )
    message = f"{student_id}: evaluation {evaluation_id}: {what}"
    return _update(
        root,
        student_id,
        layout.EVALUATION_FILE,
        "evaluation",
        evaluation_id,
        fields,
        message,
        commit,
    )


# --- MTSS --------------------------------------------------------------------------------


def set_tier(
    root: Path, student_id: str, on: date, tier: int, note: str = "", commit: bool = True
) -> Saved:
    """Record the student's tier of support from ``on``."""
    require_student(root, student_id)
    fields = inputs.new_fields("tier", {"date": on, "tier": tier, "note": note})
    message = f"{student_id}: tier {fields['tier']} from {day_text(fields['date'])}"
    return _append(root, student_id, "tier", fields, message, commit)


def add_intervention(root: Path, student_id: str, values: Values, commit: bool = True) -> Saved:
    """Record an intervention plan (its goal's data points monitor it)."""
    require_student(root, student_id)
    fields = inputs.new_fields("intervention", values)
    start, end, goal = fields["start"], fields["end"], fields["goal"]
    if isinstance(end, date) and isinstance(start, date) and end < start:
        raise InputError(f"--end: {end} is before --start {start}")
    if goal:
        student = open_student(root, student_id, (kinds.GOALS,))
        if student.goal(str(goal)) is None:
            raise InputError(f"--goal: no goal '{goal}' for {student_id}; add it first")
    program = fields["program"]
    message = f"{student_id}: tier {fields['tier']} intervention {program} from {day_text(start)}"
    return _append(root, student_id, "intervention", fields, message, commit)


def end_intervention(
    root: Path, student_id: str, intervention_id: str, end: date, commit: bool = True
) -> Saved:
    """Record the last day of an intervention."""
    _before, found = _records_of(root, student_id, layout.MTSS_FILE)
    current = next((i for i in found.interventions if i.id == intervention_id), None)
    if current is None:
        raise InputError(f"ID: no intervention '{intervention_id}' for {student_id}")
    if end < current.start:
        raise InputError(f"--end: {end} is before the start ({current.start})")
    message = f"{student_id}: intervention {current.program} ended {end.isoformat()}"
    return _update(
        root,
        student_id,
        layout.MTSS_FILE,
        "intervention",
        intervention_id,
        {"end": end},
        message,
        commit,
    )


def add_screening(root: Path, student_id: str, values: Values, commit: bool = True) -> Saved:
    """Record a screening (benchmark) score."""
    require_student(root, student_id)
    fields = inputs.new_fields("screening", values)
    message = f"{student_id}: {fields['season']} screening {fields['measure']} {fields['score']:g}"
    return _append(root, student_id, "screening", fields, message, commit)
