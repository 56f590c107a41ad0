"""ABC events, fidelity checks and the safety plan: abc, fidelity, safety."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from caseterm.cli import common
from caseterm.cli.behavior_args import iso, many, one_student, reader, writer
from caseterm.display import safe_text
from caseterm.model import behavior
from caseterm.model.records import Student
from caseterm.store.actions import behavior_changes as changes


def registrars() -> dict[str, Callable[[argparse._SubParsersAction[Any]], None]]:
    """Each command of this module and the function adding its parser."""
    return {
        "abc": _register_abc,
        "fidelity": _register_fidelity,
        "safety": _register_safety,
    }


# --- abc and fidelity ------------------------------------------------------------------


def _register_abc(sub: argparse._SubParsersAction[Any]) -> None:
    abc = sub.add_parser("abc", help="antecedent-behaviour-consequence events")
    actions = abc.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="record an ABC event")
    add.add_argument("student", metavar="STUDENT")
    add.add_argument("--behavior", required=True, help="the behaviour (as named in the BIP)")
    add.add_argument("--antecedent", default="", help="what happened just before")
    add.add_argument("--consequence", default="", help="what happened just after")
    add.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    add.add_argument("--time", metavar="HH:MM")
    add.add_argument("--setting", default="")
    add.add_argument("--activity", default="")
    add.add_argument("--intensity", help="1 (mild) to 5 (severe)")
    add.add_argument("--observer", default="")
    add.add_argument("--session", default="", help="the observation session's id")
    add.add_argument("--note", default="")
    writer(add)
    add.set_defaults(handler=run_abc_add)
    reader(actions, "list", "ABC events and their summary").set_defaults(handler=run_abc_list)


def run_abc_add(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    values = {
        "date": common.date_arg("--date", args.date, common.today_of(args)),
        "time": args.time,
        "behavior": args.behavior,
        "antecedent": args.antecedent,
        "consequence": args.consequence,
        "setting": args.setting,
        "activity": args.activity,
        "intensity": args.intensity,
        "observer": args.observer,
        "observation": args.session,
        "note": args.note,
    }
    return common.report_saved(changes.add_abc(root, args.student, values, not args.no_commit))


def abc_data(student: Student) -> dict[str, Any]:
    """What ``abc list --json`` prints: the events and their summary."""
    summary = behavior.abc_summary(student.abc_events)
    return {
        "events": [
            {
                "id": e.id,
                "date": e.date.isoformat(),
                "time": None if e.time is None else e.time.strftime("%H:%M"),
                "behavior": e.behavior,
                "antecedent": e.antecedent,
                "consequence": e.consequence,
                "setting": e.setting,
                "activity": e.activity,
                "intensity": e.intensity,
                "observer": e.observer,
            }
            for e in student.abc_events
        ],
        "summary": abc_summary_json(summary),
    }


def abc_summary_json(summary: behavior.AbcSummary) -> dict[str, Any]:
    """An ABC summary as JSON: each ranking as a list of {text, count}."""

    def ranked(items: Sequence[tuple[str, int]]) -> list[dict[str, Any]]:
        return [{"text": text, "count": count} for text, count in items]

    return {
        "events": summary.events,
        "antecedents": ranked(summary.antecedents),
        "consequences": ranked(summary.consequences),
        "by_hour": ranked(summary.by_hour),
        "by_setting": ranked(summary.by_setting),
    }


def run_abc_list(args: argparse.Namespace) -> int:
    _loaded, student = one_student(args)
    data = abc_data(student)
    if args.json:
        common.print_json(data)
        return 0
    out = common.table(
        f"ABC events of {student.id}",
        ["date", "time", "behaviour", "antecedent", "consequence", "setting", "intensity"],
    )
    for e in data["events"]:
        out.add_row(
            *(
                common.cell(e[k])
                for k in (
                    "date",
                    "time",
                    "behavior",
                    "antecedent",
                    "consequence",
                    "setting",
                    "intensity",
                )
            )
        )
    common.console().print(out)
    summary = data["summary"]
    for key, title in (
        ("antecedents", "Most frequent antecedents"),
        ("consequences", "Most frequent consequences"),
    ):
        top = ", ".join(f"{r['text']} ({r['count']})" for r in summary[key][:3])
        print(f"{title}: {safe_text(top) if top else '-'}")
    return 0


def _register_fidelity(sub: argparse._SubParsersAction[Any]) -> None:
    fidelity = sub.add_parser("fidelity", help="fidelity checks of a BIP")
    actions = fidelity.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="score the BIP's strategies in one observation")
    add.add_argument("student", metavar="STUDENT")
    many(add, "--implemented", "a strategy carried out")
    many(add, "--missed", "a strategy not carried out")
    add.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    add.add_argument("--observer", default="")
    add.add_argument("--bip", default="", help="the BIP's id (default: the latest)")
    add.add_argument("--session", default="", help="the observation session's id")
    add.add_argument("--note", default="")
    writer(add)
    add.set_defaults(handler=run_fidelity_add)
    reader(actions, "list", "fidelity checks").set_defaults(handler=run_fidelity_list)


def run_fidelity_add(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    values = {
        "date": common.date_arg("--date", args.date, common.today_of(args)),
        "observer": args.observer,
        "bip": args.bip,
        "observation": args.session,
        "implemented": args.implemented,
        "missed": args.missed,
        "note": args.note,
    }
    saved = changes.add_fidelity(root, args.student, values, not args.no_commit)
    return common.report_saved(saved)


def fidelity_rows(student: Student) -> list[dict[str, Any]]:
    """What ``fidelity list --json`` prints."""
    return [
        {
            "id": c.id,
            "date": c.date.isoformat(),
            "observer": c.observer,
            "bip": c.bip,
            "implemented": list(c.implemented),
            "missed": list(c.missed),
            "percent": None if c.percent is None else round(c.percent, 1),
        }
        for c in student.fidelity_checks
    ]


def run_fidelity_list(args: argparse.Namespace) -> int:
    _loaded, student = one_student(args)
    columns: dict[str, common.Column] = {
        "date": "date",
        "observer": "observer",
        "implemented": lambda row: f"{row['percent']:g}%",
        "missed": lambda row: "; ".join(row["missed"]),
    }
    common.print_rows(
        fidelity_rows(student), args.json, f"Fidelity checks of {student.id}", columns
    )
    if args.json:
        return 0
    mean = behavior.mean_fidelity(student)
    print(f"Mean: {mean:.0f}% implemented" if mean is not None else "No fidelity checks")
    return 0


# --- safety ----------------------------------------------------------------------------

SAFETY_OPTIONS = {
    "triggers": "--trigger",
    "warning_signs": "--warning-sign",
    "deescalation": "--step",
    "contacts": "--contact",
    "safe_spaces": "--safe-space",
}


def _register_safety(sub: argparse._SubParsersAction[Any]) -> None:
    safety = sub.add_parser("safety", help="the individual crisis/safety plan")
    actions = safety.add_subparsers(dest="action", metavar="ACTION", required=True)
    put = actions.add_parser(
        "set", help="create or change the safety plan (each list given replaces the old one)"
    )
    put.add_argument("student", metavar="STUDENT")
    for option in SAFETY_OPTIONS.values():
        many(put, option, option.removeprefix("--").replace("-", " ") + "; '' clears the list")
    put.add_argument("--restrictions", help="restrictions")
    put.add_argument("--medical", help="medical notes")
    put.add_argument("--note")
    put.add_argument("--review", metavar="YYYY-MM-DD", help="review date")
    writer(put)
    put.set_defaults(handler=run_safety_set)
    reader(actions, "show", "safety plan").set_defaults(handler=run_safety_show)


def run_safety_set(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    lists: dict[str, tuple[str, ...]] = {}
    for key, option in SAFETY_OPTIONS.items():
        given = getattr(args, option.removeprefix("--").replace("-", "_"))
        if given is not None:
            lists[key] = tuple(v for v in given if v)
    texts = {k: getattr(args, k) for k in changes.SAFETY_TEXTS if getattr(args, k) is not None}
    change = changes.SafetyChange(
        lists=lists,
        texts=texts,
        review=common.optional_date("--review", args.review, common.today_of(args)),
    )
    return common.report_saved(changes.set_safety(root, args.student, change, not args.no_commit))


def safety_data(student: Student, today: date) -> dict[str, Any]:
    """What ``safety show --json`` prints."""
    plan = student.safety
    if plan is None:
        return {"student": student.id, "name": student.name, "safety_plan": False}
    return {
        "student": student.id,
        "name": student.name,
        "safety_plan": behavior.has_safety_plan(student),
        "triggers": list(plan.triggers),
        "warning_signs": list(plan.warning_signs),
        "deescalation": list(plan.deescalation),
        "contacts": list(plan.contacts),
        "safe_spaces": list(plan.safe_spaces),
        "restrictions": plan.restrictions,
        "medical": plan.medical,
        "review": iso(plan.review),
        "review_overdue": behavior.safety_due(plan, today),
        "note": plan.note,
    }


def run_safety_show(args: argparse.Namespace) -> int:
    _loaded, student = one_student(args)
    today = common.today_of(args)
    if args.json:
        common.print_json(safety_data(student, today))
        return 0
    if student.safety is None or not behavior.has_safety_plan(student):
        print(f"{student.id} has no safety plan")
        return 0
    out = common.table(f"SAFETY PLAN: {student.name}", ["", ""])
    out.show_header = False
    for heading, text in behavior.safety_lines(student.safety):
        out.add_row(common.cell(heading), common.cell(text))
    common.console().print(out)
    if behavior.safety_due(student.safety, today):
        print("The review date has passed: review the plan")
    return 0
