"""MTSS commands: ``caseterm mtss`` (tiers, interventions, screening, the tier decision,
the below-benchmark list, the referral of a Tier 3 student and the meeting sheet)."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

from caseterm.cli import common
from caseterm.cli.behavior_args import iso, one_student, reader, writer
from caseterm.cli.reading import load_for_answers
from caseterm.model import assess_vocab as av
from caseterm.model import mtss
from caseterm.model.records import Settings, Student
from caseterm.store.actions import assess_changes as changes
from caseterm.store.infra.errors import InputError


def registrars() -> dict[str, Callable[[argparse._SubParsersAction[Any]], None]]:
    """Each command of this module and the function adding its parser."""
    return {"mtss": _register}


def _register(sub: argparse._SubParsersAction[Any]) -> None:
    top = sub.add_parser(
        "mtss",
        help="MTSS: tiers, interventions, screening, tier decisions, referral from Tier 3",
        description="Students with tiered support (plan type MTSS, or any student with a "
        "tier): students/ID/mtss.toml holds tiers, intervention plans and screening scores; "
        "progress monitoring uses the student's goals and data points.",
    )
    actions = top.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser(
        "list", help="students with a tier, their interventions and decision"
    )
    listing.add_argument("--tier", type=int, choices=av.TIERS, help="only this tier")
    common.add_json(listing)
    common.add_today(listing)
    listing.set_defaults(handler=run_list)

    reader(actions, "show", "tiers, interventions and screenings").set_defaults(handler=run_show)

    tier = actions.add_parser("tier", help="set a student's tier of support")
    tier.add_argument("student", metavar="STUDENT")
    tier.add_argument("tier", metavar="TIER", help="1, 2 or 3")
    tier.add_argument("--date", metavar="YYYY-MM-DD", help="from (default: today)")
    tier.add_argument("--note", default="")
    writer(tier)
    tier.set_defaults(handler=run_tier)

    plan = actions.add_parser("intervene", help="record an intervention plan")
    plan.add_argument("student", metavar="STUDENT")
    plan.add_argument("--program", required=True)
    plan.add_argument("--tier", required=True, help="1, 2 or 3")
    plan.add_argument("--start", metavar="YYYY-MM-DD", help="default: today")
    plan.add_argument("--end", metavar="YYYY-MM-DD")
    plan.add_argument("--group", default="")
    plan.add_argument("--frequency", metavar="N", help="sessions a week (1-35)")
    plan.add_argument("--minutes", metavar="N", help="minutes a session (1-600)")
    plan.add_argument("--interventionist", default="")
    plan.add_argument("--area", default="")
    plan.add_argument("--goal", default="", metavar="GOAL", help="the goal its data monitor")
    plan.add_argument("--note", default="")
    writer(plan)
    plan.set_defaults(handler=run_intervene)

    end = actions.add_parser("end", help="record the last day of an intervention")
    end.add_argument("student", metavar="STUDENT")
    end.add_argument("intervention", metavar="ID")
    end.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    writer(end)
    end.set_defaults(handler=run_end)

    screen = actions.add_parser("screen", help="record a screening (benchmark) score")
    screen.add_argument("student", metavar="STUDENT")
    screen.add_argument("--season", required=True, choices=av.SEASONS)
    screen.add_argument("--measure", required=True)
    screen.add_argument("--score", required=True)
    screen.add_argument("--percentile", help="national percentile, if reported")
    screen.add_argument("--grade", default="", help="grade at screening (default: the student's)")
    screen.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    screen.add_argument("--note", default="")
    writer(screen)
    screen.set_defaults(handler=run_screen)

    below = actions.add_parser("below", help="screening scores below the district's benchmark")
    below.add_argument("--season", choices=av.SEASONS)
    below.add_argument("--all-years", action="store_true", help="not only this school year")
    common.add_json(below)
    common.add_today(below)
    below.set_defaults(handler=run_below)

    refer = actions.add_parser(
        "refer", help="refer a Tier 3 student for evaluation with the intervention data"
    )
    refer.add_argument("student", metavar="STUDENT")
    refer.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    refer.add_argument("--concern", default="")
    refer.add_argument("--by", default="mtss-team", choices=av.REFERRAL_SOURCES)
    writer(refer)
    refer.set_defaults(handler=run_refer)

    sheet = actions.add_parser("sheet", help="the MTSS meeting sheet (Markdown or HTML)")
    sheet.add_argument("student", metavar="STUDENT")
    sheet.add_argument("--format", default="md", choices=("md", "html"))
    sheet.add_argument("-o", dest="output", metavar="FILE", type=Path)
    common.add_today(sheet)
    sheet.set_defaults(handler=run_sheet)


def _tier(option: str, text: str) -> int:
    tier = av.TIER_OF.get(int(text)) if text.isdigit() and len(text) == 1 else None
    if tier is None:
        raise InputError(f"{option}: {text[:20]!r} is not a tier; use 1, 2 or 3")
    return tier


# --- reads -----------------------------------------------------------------------------


def advice_json(student: Student, settings: Settings, today: date) -> dict[str, Any]:
    """One student's MTSS row (``mtss list --json``)."""
    active = mtss.active_interventions(student, today)
    advice = mtss.student_advice(student, settings, today)
    referred = mtss.referred_on(student, today)
    return {
        "student": student.id,
        "name": student.name,
        "grade": student.profile.grade,
        "plan_type": student.profile.plan_type,
        "tier": mtss.tier_on(student, today),
        "interventions": [i.program for i in active],
        "suggestion": None if advice is None else advice.suggestion,
        "detail": "" if advice is None else advice.detail,
        "below_aimline": 0 if advice is None else advice.below,
        "referred": iso(referred),
    }


def _says(row: Mapping[str, Any]) -> str:
    """The "data say" cell: the suggestion, with the date for a student already referred."""
    if row["suggestion"] == "referred":
        return f"referred {row['referred']}"
    return str(row["suggestion"] or "")


def run_list(args: argparse.Namespace) -> int:
    today = common.today_of(args)
    loaded = load_for_answers(args, today)
    settings = loaded.caseload.settings
    rows = [
        advice_json(s, settings, today)
        for s in loaded.caseload.students
        if s.profile.plan_type == "MTSS" or s.tiers
    ]
    if args.tier is not None:
        rows = [r for r in rows if r["tier"] == args.tier]
    columns: dict[str, common.Column] = {
        "student": "name",
        "grade": "grade",
        "tier": lambda r: r["tier"] or "-",
        "interventions": lambda r: ", ".join(r["interventions"]),
        "data say": _says,
    }
    common.print_rows(rows, args.json, None, columns)
    return 0


def show_json(student: Student, settings: Settings, today: date) -> dict[str, Any]:
    """What ``mtss show --json`` prints."""
    return {
        **advice_json(student, settings, today),
        "tiers": [
            {"id": t.id, "date": t.date.isoformat(), "tier": t.tier, "note": t.note}
            for t in sorted(student.tiers, key=lambda t: t.date)
        ],
        "intervention_plans": [
            {
                "id": i.id,
                "program": i.program,
                "tier": i.tier,
                "start": i.start.isoformat(),
                "end": iso(i.end),
                "group": i.group,
                "frequency": i.frequency,
                "minutes": i.minutes,
                "interventionist": i.interventionist,
                "area": i.area,
                "goal": i.goal,
                "suggestion": (
                    a := mtss.intervention_advice(student, i, settings, today)
                ).suggestion,
                "points": a.points,
                "below_aimline": a.below,
                "detail": a.detail,
            }
            for i in sorted(student.interventions, key=lambda i: i.start)
        ],
        "screenings": [
            {
                "id": s.id,
                "date": s.date.isoformat(),
                "season": s.season,
                "measure": s.measure,
                "score": s.score,
                "percentile": s.percentile,
                "grade": s.grade or student.profile.grade,
            }
            for s in sorted(student.screenings, key=lambda s: s.date)
        ],
        "meetings": [
            {"id": m.id, "date": m.date.isoformat(), "status": m.status, "note": m.note}
            for m in student.meetings
            if m.kind == "mtss"
        ],
    }


def run_show(args: argparse.Namespace) -> int:
    loaded, student = one_student(args)
    today = common.today_of(args)
    data = show_json(student, loaded.caseload.settings, today)
    if args.json:
        common.print_json(data)
        return 0
    out = common.console()
    out.print(common.cell(f"{data['name']}: tier {data['tier'] or '-'}"))
    plans = common.table("interventions", ["id", "tier", "program", "dates", "data say"])
    for i in data["intervention_plans"]:
        plans.add_row(
            common.cell(i["id"]),
            common.cell(i["tier"]),
            common.cell(i["program"]),
            common.cell(f"{i['start']} to {i['end'] or 'now'}"),
            common.cell(f"{i['suggestion']}: {i['detail']}"),
        )
    out.print(plans)
    screens = common.table("screening", ["date", "season", "measure", "score"])
    for s in data["screenings"]:
        screens.add_row(
            common.cell(s["date"]),
            common.cell(s["season"]),
            common.cell(s["measure"]),
            common.cell(f"{s['score']:g}"),
        )
    out.print(screens)
    return 0


def run_below(args: argparse.Namespace) -> int:
    today = common.today_of(args)
    loaded = load_for_answers(args, today)
    settings = loaded.caseload.settings
    since = None if args.all_years else settings.school_year_start
    rows = [
        {
            "student": b.student,
            "name": b.name,
            "grade": b.grade,
            "date": b.screening.date.isoformat(),
            "season": b.screening.season,
            "measure": b.screening.measure,
            "score": b.screening.score,
            "cut": b.benchmark.cut,
            "intensive": b.benchmark.intensive,
            "tier": b.tier,
            "suggested_tier": b.suggested,
        }
        for b in mtss.below_benchmark(loaded.caseload.students, settings, args.season, since)
    ]
    if not settings.benchmarks and not args.json:
        print("caseterm: no [[benchmark]] cut scores in caseterm.toml (see docs/assessments.md)")
    columns: dict[str, common.Column] = {
        "student": "name",
        "grade": "grade",
        "season": "season",
        "measure": "measure",
        "score": lambda r: f"{r['score']:g}",
        "cut": lambda r: f"{r['cut']:g}",
        "tier": lambda r: r["tier"] or "-",
        "suggested": lambda r: f"Tier {r['suggested_tier']}",
    }
    common.print_rows(rows, args.json, None, columns)
    return 0


# --- writes ----------------------------------------------------------------------------


def run_tier(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    saved = changes.set_tier(
        root,
        args.student,
        common.date_arg("--date", args.date, today),
        _tier("TIER", args.tier),
        args.note,
        not args.no_commit,
    )
    return common.report_saved(saved)


def run_intervene(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    values = {
        "program": args.program,
        "tier": _tier("--tier", args.tier),
        "start": common.date_arg("--start", args.start, today),
        "end": common.optional_date("--end", args.end, today),
        "group": args.group,
        "frequency": args.frequency,
        "minutes": args.minutes,
        "interventionist": args.interventionist,
        "area": args.area,
        "goal": args.goal,
        "note": args.note,
    }
    saved = changes.add_intervention(root, args.student, values, not args.no_commit)
    return common.report_saved(saved)


def run_end(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    end = common.date_arg("--date", args.date, today)
    saved = changes.end_intervention(root, args.student, args.intervention, end, not args.no_commit)
    return common.report_saved(saved)


def run_screen(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    values = {
        "date": common.date_arg("--date", args.date, today),
        "season": args.season,
        "measure": args.measure,
        "score": args.score,
        "percentile": args.percentile,
        "grade": args.grade,
        "note": args.note,
    }
    return common.report_saved(
        changes.add_screening(root, args.student, values, not args.no_commit)
    )


def run_refer(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    saved = changes.refer_from_mtss(
        root,
        args.student,
        common.date_arg("--date", args.date, today),
        args.concern,
        args.by,
        not args.no_commit,
    )
    return common.report_saved(saved)


def run_sheet(args: argparse.Namespace) -> int:
    from caseterm.cli.export import _emit
    from caseterm.reports import assessments as docs

    loaded, student = one_student(args)
    doc = docs.meeting_sheet(student, loaded.caseload.settings, common.today_of(args))
    text = docs.html(doc) if args.format == "html" else docs.markdown(doc)
    _emit(args.output, text, "the MTSS meeting sheet")
    return 0
