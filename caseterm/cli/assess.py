"""Assessment and evaluation commands: ``caseterm assess`` (scores, conversions, referrals,
evaluations from plan to eligibility decision, the evaluation summary)."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from caseterm.cli import common
from caseterm.cli.behavior_args import iso, many, one_student, pairs, reader, writer
from caseterm.model import assess_vocab as av
from caseterm.model import scores
from caseterm.model.fields import FieldError, parse_number
from caseterm.model.records import Student
from caseterm.model.vocab import DISABILITIES
from caseterm.store.actions import assess_changes as changes
from caseterm.store.infra.errors import InputError

SCORE_FORM = "NAME=KIND:VALUE[:LOW-HIGH[@LEVEL]][:composite], e.g. 'Reading=standard:85:80-91@95'"
EDIT_SCORE_FORM = (
    "NAME=KIND:VALUE[:LOW-HIGH[@LEVEL]|:no-interval][:composite|:subtest], "
    "e.g. 'Reading=standard:87'"
)
EVALUATION_KINDS = ("initial-evaluation", "assessment-plan", "initial-iep", "reevaluation")
"""The deadlines ``assess status`` shows with the process."""


def registrars() -> dict[str, Callable[[argparse._SubParsersAction[Any]], None]]:
    """Each command of this module and the function adding its parser."""
    return {"assess": _register}


def _register(sub: argparse._SubParsersAction[Any]) -> None:
    assess = sub.add_parser(
        "assess",
        help="assessments and scores, referrals, evaluations and eligibility",
        description="Assessments with their scores (converted on the normal curve), "
        "referrals for evaluation, evaluation plans, reports and eligibility decisions "
        "(students/ID/evaluation.toml).",
    )
    actions = assess.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="record an assessment with its scores")
    add.add_argument("student", metavar="STUDENT")
    add.add_argument("--instrument", required=True, help='the test, e.g. "WISC-V"')
    add.add_argument("--date", metavar="YYYY-MM-DD", help="when given (default: today)")
    add.add_argument(
        "--type",
        default="norm-referenced",
        help=", ".join(av.ASSESSMENT_TYPES) + " (default first)",
    )
    add.add_argument("--examiner", default="")
    add.add_argument("--area", default="", help="area assessed (an area of the evaluation plan)")
    add.add_argument("--evaluation", default="", metavar="ID", help="the evaluation it is part of")
    many(
        add,
        "--score",
        f"{SCORE_FORM}; KIND: {', '.join(av.SCORE_KINDS)}",
    )
    many(add, "--range", "NAME=descriptive range as the report gives it")
    add.add_argument("--note", default="")
    writer(add)
    add.set_defaults(handler=run_add)

    fix = actions.add_parser(
        "edit",
        help="correct an assessment or one of its scores in place, or add scores to it",
        description="Change fields of an assessment (assess show --json gives its id) and "
        "correct or add scores, each value checked as with assess add; an empty text "
        "removes it. One commit.",
    )
    fix.add_argument("student", metavar="STUDENT")
    fix.add_argument("assessment", metavar="ID")
    fix.add_argument("--date", metavar="YYYY-MM-DD")
    fix.add_argument("--instrument")
    fix.add_argument("--type", help=", ".join(av.ASSESSMENT_TYPES))
    fix.add_argument("--examiner", metavar="TEXT")
    fix.add_argument("--area", metavar="TEXT")
    fix.add_argument("--note", metavar="TEXT", help="empty removes the note")
    many(
        fix,
        "--score",
        f"correct the score NAME: {EDIT_SCORE_FORM} replaces its kind and value, and its "
        "interval and composite mark only when given (:no-interval removes the interval, "
        ":subtest the composite mark; its reported range stays unless --range gives one)",
    )
    many(fix, "--range", "NAME=descriptive range of a score (empty removes it)")
    many(fix, "--add-score", f"add a score: {SCORE_FORM}")
    writer(fix)
    fix.set_defaults(handler=run_edit)

    show = reader(actions, "show", "assessments and scores")
    show.add_argument("--scheme", default="wechsler", choices=av.RANGE_SCHEMES)
    show.set_defaults(handler=run_show)

    convert = actions.add_parser("convert", help="a score on every normal-curve scale")
    convert.add_argument("value", metavar="VALUE")
    convert.add_argument("--kind", default="standard", choices=av.NORMED_KINDS)
    convert.add_argument("--scheme", default="wechsler", choices=av.RANGE_SCHEMES)
    common.add_json(convert)
    convert.set_defaults(handler=run_convert)

    refer = actions.add_parser("refer", help="record a referral for evaluation (starts clocks)")
    refer.add_argument("student", metavar="STUDENT")
    refer.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    refer.add_argument("--by", default="teacher", choices=av.REFERRAL_SOURCES)
    refer.add_argument("--concern", default="")
    many(refer, "--area", "an area of concern")
    refer.add_argument("--note", default="")
    writer(refer)
    refer.set_defaults(handler=run_refer)

    opened = actions.add_parser("open", help="open an evaluation with its plan")
    opened.add_argument("student", metavar="STUDENT")
    opened.add_argument("--kind", default="initial", choices=av.EVALUATION_KINDS)
    opened.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    opened.add_argument("--referral", default="", metavar="ID", help="the referral it answers")
    many(opened, "--area", "AREA=who assesses it, e.g. 'cognitive=school psychologist'")
    opened.add_argument(
        "--existing-data-only",
        action="store_true",
        help="a reevaluation on a review of existing data, without new tests (300.305)",
    )
    opened.add_argument("--note", default="")
    writer(opened)
    opened.set_defaults(handler=run_open)

    update = actions.add_parser("update", help="report date, eligibility meeting and decision")
    update.add_argument("student", metavar="STUDENT")
    update.add_argument("evaluation", metavar="ID")
    update.add_argument("--report", metavar="YYYY-MM-DD", help="date of the evaluation report")
    update.add_argument("--meeting", metavar="YYYY-MM-DD", help="date of the eligibility meeting")
    update.add_argument("--decision", choices=av.DECISIONS)
    many(update, "--considered", f"a category considered: {', '.join(DISABILITIES)}")
    many(update, "--category", "a category the student is eligible under")
    update.add_argument("--sld", choices=tuple(av.SLD_CRITERIA), help="SLD: rti or psw")
    writer(update)
    update.set_defaults(handler=run_update)

    reader(actions, "status", "referrals, evaluations and their clocks").set_defaults(
        handler=run_status
    )

    report = actions.add_parser("report", help="the evaluation summary (Markdown or HTML)")
    report.add_argument("student", metavar="STUDENT")
    report.add_argument("--format", default="md", choices=("md", "html"))
    report.add_argument("--scheme", default="wechsler", choices=av.RANGE_SCHEMES)
    report.add_argument("-o", dest="output", metavar="FILE", type=Path)
    common.add_today(report)
    report.set_defaults(handler=run_report)


# --- add, show, convert ----------------------------------------------------------------

_SCORE = re.compile(
    r"(?P<kind>[a-z-]+):(?P<value>[-+]?[0-9.]+)"
    r"(?::(?P<low>[-+]?[0-9.]+)-(?P<high>[-+]?[0-9.]+)(?:@(?P<level>[0-9]+))?"
    r"|(?P<drop>:no-interval))?"
    r"(?::(?P<mark>composite|subtest))?"
)


def _number(option: str, text: str) -> float:
    try:
        return parse_number(option, text)
    except FieldError as error:
        raise InputError(str(error)) from None


def parse_score(text: str, ranges: dict[str, str], option: str = "--score") -> dict[str, Any]:
    """One --score (or ``option``) option of a new score: its values by their keys in the
    file, each checked by the store."""
    score = _score(text, option, SCORE_FORM)
    blank = {"composite": False, "ci_low": None, "ci_high": None, "ci_level": None}
    return {**blank, **score, "range": ranges.get(score["name"], "")}


def parse_correction(text: str) -> dict[str, Any]:
    """One ``assess edit --score``: the name, kind and value, and the interval and
    composite mark only when given (``:no-interval`` and ``:subtest`` remove them)."""
    return _score(text, "--score", EDIT_SCORE_FORM)


def _score(text: str, option: str, form: str) -> dict[str, Any]:
    name, _sep, rest = text.rpartition("=")
    found = _SCORE.fullmatch(rest.strip())
    if not name.strip() or found is None:
        raise InputError(f"{option}: {text[:60]!r} is not {form}")
    score: dict[str, Any] = {"name": name.strip(), "kind": found["kind"], "value": found["value"]}
    if found["low"] is not None:
        score.update(ci_low=found["low"], ci_high=found["high"], ci_level=found["level"])
    elif found["drop"]:
        score.update(ci_low=None, ci_high=None, ci_level=None)
    if found["mark"]:
        score["composite"] = found["mark"] == "composite"
    return score


def run_add(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    ranges = dict(pairs("--range", args.range, "NAME=range"))
    values = {
        "date": common.date_arg("--date", args.date, today),
        "instrument": args.instrument,
        "type": args.type,
        "examiner": args.examiner,
        "area": args.area,
        "evaluation": args.evaluation,
        "score": [parse_score(s, ranges) for s in args.score or ()],
        "note": args.note,
    }
    saved = changes.add_assessment(root, args.student, values, not args.no_commit)
    return common.report_saved(saved)


def run_edit(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    ranges = pairs("--range", args.range, "NAME=range")
    added = tuple(parse_score(s, dict(ranges), "--add-score") for s in args.add_score or ())
    fresh = {a["name"] for a in added}
    fix = changes.AssessmentEdit(
        on=common.optional_date("--date", args.date, today),
        instrument=args.instrument,
        type=args.type,
        examiner=args.examiner,
        area=args.area,
        note=args.note,
        scores=tuple(parse_correction(s) for s in args.score or ()),
        ranges=tuple((name, text) for name, text in ranges if name not in fresh),
        added=added,
    )
    saved = changes.edit_assessment(root, args.student, args.assessment, fix, not args.no_commit)
    return common.report_saved(saved)


def assessments_json(student: Student, scheme: av.RangeScheme) -> list[dict[str, Any]]:
    from caseterm.reports.assessments import assessment_json

    return [
        assessment_json(a, scheme)
        for a in sorted(student.assessments, key=lambda a: (a.date, a.id))
    ]


def run_show(args: argparse.Namespace) -> int:
    _loaded, student = one_student(args)
    rows = assessments_json(student, args.scheme)
    if args.json:
        common.print_json(rows)
        return 0
    out = common.console()
    if not rows:
        out.print(common.cell(f"{student.id}: no assessments"))
    for row in rows:
        title = f"{row['date']} {row['instrument']} ({row['type']})"
        if row["examiner"]:
            title += f", {row['examiner']}"
        table = common.table(title, ["score", "kind", "value", "CI", "z", "pct", "range"])
        for s in row["scores"]:
            ci = "" if s["ci_low"] is None else f"{s['ci_low']:g}-{s['ci_high']:g}"
            table.add_row(
                common.cell(("" if s["composite"] else "  ") + s["name"]),
                common.cell(s["kind"]),
                common.cell(f"{s['value']:g}"),
                common.cell(ci),
                common.cell("" if s["z"] is None else f"{s['z']:+.2f}"),
                common.cell(
                    "" if s["percentile"] is None else scores.percentile_text(s["percentile"])
                ),
                common.cell(s["range"] or s["computed_range"]),
            )
        out.print(table)
    return 0


def run_convert(args: argparse.Namespace) -> int:
    kind: av.NormedKind = args.kind
    value = _number("VALUE", args.value)
    if kind == "percentile" and not 0 <= value <= 100:
        raise InputError("VALUE: a percentile rank is from 0 to 100")
    z = scores.to_z(value, kind)
    result = {
        "kind": kind,
        "value": value,
        "z": round(z, 3),
        "standard": round(scores.from_z(z, "standard"), 1),
        "scaled": round(scores.from_z(z, "scaled"), 1),
        "t": round(scores.from_z(z, "t"), 1),
        "percentile": round(scores.percentile(z), 1),
        "range": scores.descriptive_range(scores.from_z(z, "standard"), args.scheme),
        "scheme": args.scheme,
    }
    if args.json:
        common.print_json(result)
        return 0
    pct = scores.percentile_text(scores.percentile(z))
    print(
        f"z {result['z']:+.2f}  standard {result['standard']:g}  scaled {result['scaled']:g}  "
        f"T {result['t']:g}  percentile {pct}  {result['range']} ({args.scheme})"
    )
    return 0


# --- referrals and evaluations ---------------------------------------------------------


def run_refer(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    values = {
        "date": common.date_arg("--date", args.date, today),
        "referred_by": args.by,
        "concern": args.concern,
        "areas": args.area or [],
        "note": args.note,
    }
    saved = changes.add_referral(root, args.student, values, not args.no_commit)
    return common.report_saved(saved)


def run_open(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    areas = []
    for text in args.area or ():
        name, _sep, who = text.partition("=")
        areas.append({"name": name, "assessor": who})
    values = {
        "date": common.date_arg("--date", args.date, today),
        "kind": args.kind,
        "referral": args.referral,
        "area": areas,
        "existing_data_only": args.existing_data_only,
        "note": args.note,
    }
    saved = changes.add_evaluation(root, args.student, values, not args.no_commit)
    return common.report_saved(saved)


def run_update(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    update = changes.EvaluationUpdate(
        report=common.optional_date("--report", args.report, today),
        meeting=common.optional_date("--meeting", args.meeting, today),
        decision=args.decision,
        considered=None if args.considered is None else tuple(args.considered),
        categories=None if args.category is None else tuple(args.category),
        sld_criteria=args.sld,
    )
    saved = changes.update_evaluation(
        root, args.student, args.evaluation, update, not args.no_commit
    )
    return common.report_saved(saved)


def status_json(student: Student, deadlines: Sequence[Any]) -> dict[str, Any]:
    """What ``assess status --json`` prints."""
    from caseterm.cli.due import deadline_json
    from caseterm.model.evaluation import evaluation_status, open_referrals

    def referral(r: Any) -> dict[str, Any]:
        return {
            "id": r.id,
            "date": r.date.isoformat(),
            "referred_by": r.referred_by,
            "concern": r.concern,
            "areas": list(r.areas),
            "tier": r.tier,
            "history": [
                {
                    "intervention": h.intervention,
                    "program": h.program,
                    "tier": h.tier,
                    "start": h.start.isoformat(),
                    "end": iso(h.end),
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
                for h in r.history
            ],
        }

    evaluations = []
    for status in evaluation_status(student):
        e = status.evaluation
        evaluations.append(
            {
                "id": e.id,
                "date": e.date.isoformat(),
                "kind": e.kind,
                "referral": e.referral,
                "areas": [{"name": a.name, "assessor": a.assessor} for a in e.areas],
                "areas_without_assessment": list(status.areas_without_assessment),
                "assessments": [a.id for a in status.assessments],
                "consents": [
                    {"id": c.id, "date": c.date.isoformat(), "response": c.response}
                    for c in status.consents
                ],
                "existing_data_only": e.existing_data_only,
                "report": iso(e.report),
                "meeting": iso(e.meeting),
                "decision": e.decision,
                "considered": list(e.considered),
                "categories": list(e.categories),
                "sld_criteria": e.sld_criteria,
                "completed": iso(status.completed),
            }
        )
    return {
        "student": student.id,
        "referrals": [referral(r) for r in student.referrals],
        "open_referrals": [r.id for r in open_referrals(student)],
        "evaluations": evaluations,
        "deadlines": [deadline_json(d) for d in deadlines],
    }


def run_status(args: argparse.Namespace) -> int:
    from caseterm.model.calendar import caseload_school_days
    from caseterm.model.compliance import Clock, student_deadlines

    loaded, student = one_student(args)
    today = common.today_of(args)
    caseload = loaded.caseload
    clock = Clock(caseload.settings, loaded.rules, caseload_school_days(caseload), today)
    deadlines = [d for d in student_deadlines(student, clock) if d.kind in EVALUATION_KINDS]
    data = status_json(student, deadlines)
    if args.json:
        common.print_json(data)
        return 0
    out = common.console()
    for r in data["referrals"]:
        carried = f", {len(r['history'])} interventions carried" if r["history"] else ""
        out.print(
            common.cell(
                f"referral {r['id']} {r['date']} by {r['referred_by']}: {r['concern']}{carried}"
            )
        )
    for e in data["evaluations"]:
        out.print(common.cell(f"{e['kind']} evaluation {e['id']} opened {e['date']}"))
        for key in ("report", "meeting"):
            if e[key]:
                out.print(common.cell(f"  {key} {e[key]}"))
        out.print(common.cell(f"  decision {e['decision']} {' '.join(e['categories'])}".rstrip()))
        if e["areas_without_assessment"]:
            out.print(common.cell("  still to assess: " + ", ".join(e["areas_without_assessment"])))
    if not data["referrals"] and not data["evaluations"]:
        out.print(common.cell(f"{student.id}: no referrals or evaluations"))
    for d in data["deadlines"]:
        out.print(common.cell(f"{d['title']}: due {d['due']} ({d['status']}) {d['detail']}"))
    return 0


def run_report(args: argparse.Namespace) -> int:
    from caseterm.cli.export import _emit
    from caseterm.reports import assessments as docs

    loaded, student = one_student(args)
    today = common.today_of(args)
    doc = docs.evaluation_summary(student, loaded.caseload.settings, today, args.scheme)
    text = docs.html(doc) if args.format == "html" else docs.markdown(doc)
    _emit(args.output, text, "the evaluation summary")
    return 0
