"""Assessments and MTSS on paper: the CSV of every score, the evaluation summary (scores
with their ranges, progress monitoring across tiers) and the MTSS meeting sheet, in
Markdown or HTML. Every text from the files is escaped by the display rule first.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from html import escape as _html_escape
from typing import Any

from msgspec.structs import replace

from caseterm.display import safe_text
from caseterm.model import mtss, scores
from caseterm.model.assess_vocab import SLD_CRITERIA, TIER_SUGGESTIONS, RangeScheme
from caseterm.model.evaluation import evaluation_status
from caseterm.model.records import (
    Assessment,
    Goal,
    Intervention,
    Phase,
    Score,
    Settings,
    Student,
)
from caseterm.model.vocab import DISABILITIES
from caseterm.reports.csvout import Cell
from caseterm.reports.exports import Span
from caseterm.store import kinds

ASSESSMENT_HEADER: tuple[str, ...] = kinds.RECORD["assessment"].columns.export


def _round(value: float | None, places: int) -> float | None:
    return None if value is None else round(value, places)


@dataclass(frozen=True, slots=True)
class ScoreRow:
    """One score with what the normal curve says of it (None for raw and equivalents)."""

    assessment: Assessment
    score: Score
    z: float | None
    percentile: float | None
    computed_range: str

    def as_json(self) -> dict[str, Any]:
        s = self.score
        return {
            "name": s.name,
            "kind": s.kind,
            "value": s.value,
            "composite": s.composite,
            "ci_low": s.ci_low,
            "ci_high": s.ci_high,
            "ci_level": s.ci_level,
            "range": s.range,
            "z": _round(self.z, 2),
            "percentile": _round(self.percentile, 1),
            "computed_range": self.computed_range,
        }


def score_rows(assessment: Assessment, scheme: RangeScheme = "wechsler") -> list[ScoreRow]:
    out = []
    for s in assessment.scores:
        found = scores.converted(s.value, s.kind, scheme)
        out.append(
            ScoreRow(
                assessment,
                s,
                None if found is None else found.z,
                None if found is None else found.percentile,
                "" if found is None else found.range,
            )
        )
    return out


def assessment_json(a: Assessment, scheme: RangeScheme = "wechsler") -> dict[str, Any]:
    """What ``assess show --json`` prints for one assessment."""
    return {
        "id": a.id,
        "date": a.date.isoformat(),
        "instrument": a.instrument,
        "type": a.type,
        "examiner": a.examiner,
        "area": a.area,
        "evaluation": a.evaluation,
        "note": a.note,
        "scores": [row.as_json() for row in score_rows(a, scheme)],
    }


def assessment_rows(
    students: Iterable[Student], span: Span | None = None, scheme: RangeScheme = "wechsler"
) -> Iterator[Sequence[Cell]]:
    """One CSV row per score (an assessment without scores: one row without a score)."""
    for student in students:
        for a in sorted(student.assessments, key=lambda a: (a.date, a.id)):
            if span is not None and a.date not in span:
                continue
            head: list[Cell] = [
                a.id,
                student.id,
                student.name,
                a.date,
                a.instrument,
                a.type,
                a.examiner,
                a.area,
            ]
            rows = score_rows(a, scheme)
            if not rows:
                yield [*head, *([None] * (len(ASSESSMENT_HEADER) - len(head)))]
            for r in rows:
                s = r.score
                yield [
                    *head,
                    s.name,
                    s.composite,
                    s.kind,
                    s.value,
                    s.ci_low,
                    s.ci_high,
                    s.ci_level,
                    s.range,
                    _round(r.z, 2),
                    _round(r.percentile, 1),
                    r.computed_range,
                ]


# --- documents ---------------------------------------------------------------------------


def _e(text: object) -> str:
    return _html_escape(safe_text(str(text)))


def _md(text: object) -> str:
    """Text for a Markdown table cell: the display rule, pipes and markup escaped."""
    out = safe_text(str(text)).replace("\\", "\\\\")
    for c in "|*_`[]<>#":
        out = out.replace(c, "\\" + c)
    return out.replace("\n", " ")


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}" if float(value).is_integer() else f"{value:.1f}"


def _ci(s: Score) -> str:
    if s.ci_low is None or s.ci_high is None:
        return ""
    level = f" ({s.ci_level}%)" if s.ci_level else ""
    return f"{_num(s.ci_low)}-{_num(s.ci_high)}{level}"


@dataclass(frozen=True, slots=True)
class Doc:
    """A document built once, written as Markdown or HTML."""

    title: str
    blocks: list[tuple[str, Any]]
    """("h2", text), ("p", text), ("table", (header, rows)), ("svg", markup)."""


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> tuple[str, Any]:
    return ("table", (tuple(header), [tuple(r) for r in rows]))


def _pm_blocks(student: Student, settings: Settings, today: date) -> list[tuple[str, Any]]:
    """Each monitored goal's data with the interventions as phases: PM across tiers."""
    from caseterm.reports.report_data import goal_report
    from caseterm.reports.svg import goal_svg

    blocks: list[tuple[str, Any]] = []
    monitored = {i.goal for i in student.interventions if i.goal}
    for index, goal in enumerate(g for g in student.goals if g.id in monitored):
        steps = sorted(
            (i for i in student.interventions if i.goal == goal.id), key=lambda i: i.start
        )
        phased = _with_interventions(goal, steps)
        report = goal_report(
            phased, student.points_for(goal.id), today, settings, student.profile.first_name
        )
        blocks.append(("h3", f"{goal.area or goal.id}: {goal.measure or goal.unit}"))
        blocks.append(("svg", goal_svg(report, f"pm{index}")))
        rows = []
        for h in mtss.history(student, today):
            if h.goal == goal.id:
                rows.append(
                    (
                        f"Tier {h.tier}",
                        h.program,
                        f"{h.start.isoformat()} to {h.end.isoformat() if h.end else 'now'}",
                        h.points,
                        h.below,
                        _num(h.slope),
                        _num(h.target_slope),
                    )
                )
        blocks.append(
            _table(
                ("tier", "intervention", "dates", "points", "below aimline", "trend/wk", "aim/wk"),
                rows,
            )
        )
    return blocks


def _with_interventions(goal: Goal, steps: Sequence[Intervention]) -> Goal:
    phases = {p.start: p for p in goal.phases}
    for i in steps:
        phases[i.start] = Phase(i.start, f"Tier {i.tier}: {i.program}")
    return replace(goal, phases=tuple(phases[d] for d in sorted(phases)))


def evaluation_summary(
    student: Student, settings: Settings, today: date, scheme: RangeScheme = "wechsler"
) -> Doc:
    """The evaluation summary: process dates, every score with its range, the MTSS
    history and the progress monitoring across tiers."""
    p = student.profile
    blocks: list[tuple[str, Any]] = [
        ("p", f"{student.name}, grade {p.grade or '?'}, {p.school}".rstrip(", ")),
        ("p", f"As of {today.isoformat()}. Descriptive ranges: {scheme} classification."),
    ]
    for status in evaluation_status(student):
        e = status.evaluation
        blocks.append(("h2", f"{e.kind.capitalize()} evaluation opened {e.date.isoformat()}"))
        facts = []
        if status.referral is not None:
            r = status.referral
            facts.append(f"Referral {r.date.isoformat()} by {r.referred_by}: {r.concern}")
        for c in status.consents:
            answered = f" {c.response} {c.responded.isoformat()}" if c.responded else " pending"
            facts.append(f"Consent ({c.purpose}) asked {c.date.isoformat()}:{answered}")
        if e.existing_data_only:
            facts.append("Review of existing data without new tests (34 CFR 300.305(d))")
        if e.report:
            facts.append(f"Evaluation report {e.report.isoformat()}")
        if e.meeting:
            facts.append(f"Eligibility meeting {e.meeting.isoformat()}: {e.decision}")
        if e.considered:
            facts.append(
                "Categories considered: " + ", ".join(DISABILITIES[c] for c in e.considered)
            )
        if e.categories:
            facts.append("Eligible under: " + ", ".join(DISABILITIES[c] for c in e.categories))
        if e.sld_criteria:
            facts.append("SLD criteria: " + SLD_CRITERIA[e.sld_criteria])
        blocks.extend(("p", f) for f in facts)
        if e.areas:
            blocks.append(
                _table(
                    ("area", "assessor", "assessed"),
                    [
                        (
                            a.name,
                            a.assessor,
                            "no" if a.name in status.areas_without_assessment else "yes",
                        )
                        for a in e.areas
                    ],
                )
            )
    blocks.append(("h2", "Scores"))
    rows = []
    for a in sorted(student.assessments, key=lambda a: (a.date, a.id)):
        for row in score_rows(a, scheme):
            s = row.score
            rows.append(
                (
                    a.instrument,
                    a.date.isoformat(),
                    ("" if s.composite else "  ") + s.name,
                    s.kind,
                    _num(s.value),
                    _ci(s),
                    "" if row.percentile is None else scores.percentile_text(row.percentile),
                    s.range or row.computed_range,
                )
            )
    blocks.append(
        _table(("instrument", "date", "score", "kind", "value", "CI", "percentile", "range"), rows)
    )
    history = mtss.history(student, today)
    if history:
        blocks.append(("h2", "Interventions (MTSS)"))
        blocks.append(
            _table(
                ("tier", "program", "start", "end", "sessions/wk", "min", "points", "below aim"),
                [
                    (
                        h.tier,
                        h.program,
                        h.start.isoformat(),
                        h.end.isoformat() if h.end else "",
                        h.frequency or "",
                        h.minutes or "",
                        h.points,
                        h.below,
                    )
                    for h in history
                ],
            )
        )
        blocks.append(("h2", "Progress monitoring across tiers"))
        blocks.extend(_pm_blocks(student, settings, today))
    return Doc(f"Evaluation summary: {student.name}", blocks)


def meeting_sheet(student: Student, settings: Settings, today: date) -> Doc:
    """The MTSS meeting sheet: tier, interventions with their decision, screenings, the
    last meeting notes and the team's decision lines."""
    tier = mtss.tier_on(student, today)
    blocks: list[tuple[str, Any]] = [
        ("p", f"{student.name}, grade {student.profile.grade or '?'}; meeting {today.isoformat()}"),
        ("p", f"Current tier: {tier if tier is not None else 'none recorded'}"),
        ("h2", "Interventions"),
    ]
    rows = []
    for i in sorted(student.interventions, key=lambda i: i.start):
        advice = mtss.intervention_advice(student, i, settings, today)
        rows.append(
            (
                f"Tier {i.tier}",
                i.program,
                i.group,
                f"{i.frequency or '?'}x{i.minutes or '?'} min/wk",
                i.interventionist,
                f"{i.start.isoformat()} to {i.end.isoformat() if i.end else 'now'}",
                TIER_SUGGESTIONS[advice.suggestion] + f" ({advice.detail})",
            )
        )
    blocks.append(
        _table(("tier", "program", "group", "dose", "interventionist", "dates", "data say"), rows)
    )
    blocks.append(("h2", "Screening"))
    screen_rows = []
    for s in sorted(student.screenings, key=lambda s: s.date):
        bench = mtss.benchmark_for(settings, s.measure, s.grade or student.profile.grade, s.season)
        cut = "" if bench is None else _num(bench.cut)
        status = "" if bench is None else ("below" if s.score < bench.cut else "at/above")
        screen_rows.append((s.season, s.date.isoformat(), s.measure, _num(s.score), cut, status))
    blocks.append(_table(("season", "date", "measure", "score", "cut", "benchmark"), screen_rows))
    blocks.append(("h2", "Progress monitoring"))
    blocks.extend(_pm_blocks(student, settings, today))
    notes = sorted((m for m in student.meetings if m.kind == "mtss"), key=lambda m: m.date)
    if notes:
        last = notes[-1]
        blocks.append(("h2", f"Last MTSS meeting {last.date.isoformat()}"))
        blocks.append(("p", last.note or "(no notes)"))
    blocks.append(("h2", "Decision"))
    blocks.append(("p", "[ ] stay at this tier  [ ] move to tier __  [ ] refer for evaluation"))
    return Doc(f"MTSS meeting: {student.name}", blocks)


def markdown(doc: Doc) -> str:
    lines = [f"# {_md(doc.title)}", ""]
    for kind, value in doc.blocks:
        if kind in ("h2", "h3"):
            lines += [("## " if kind == "h2" else "### ") + _md(value), ""]
        elif kind == "p":
            lines += [_md(value), ""]
        elif kind == "table":
            header, rows = value
            lines.append("| " + " | ".join(header) + " |")
            lines.append("|" + "---|" * len(header))
            lines += ["| " + " | ".join(_md(c) for c in row) + " |" for row in rows]
            if not rows:
                lines.append("| " + " | ".join(["-"] * len(header)) + " |")
            lines.append("")
        # graphs are HTML only
    return "\n".join(lines)


STYLE = (
    "body{font-family:Helvetica,Arial,sans-serif;max-width:56rem;margin:2rem auto;}"
    "table{border-collapse:collapse;margin:.5rem 0 1rem}"
    "td,th{border:1px solid #999;padding:.2rem .5rem;text-align:left}"
)


def html(doc: Doc) -> str:
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{_e(doc.title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{_e(doc.title)}</h1>",
    ]
    for kind, value in doc.blocks:
        if kind in ("h2", "h3", "p"):
            parts.append(f"<{kind}>{_e(value)}</{kind}>")
        elif kind == "table":
            header, rows = value
            head = "".join(f"<th>{_e(h)}</th>" for h in header)
            body = "".join(
                "<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows
            )
            parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        elif kind == "svg":
            parts.append(f"<figure>{value}</figure>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
