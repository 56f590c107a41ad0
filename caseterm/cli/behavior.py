"""Behaviour-support commands: fba, bip (with the review report) and behavior (per phase)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from caseterm.cli import common
from caseterm.cli.behavior_args import iso, many, one_student, pairs, reader, writer
from caseterm.model import behavior
from caseterm.model import behavior_vocab as bv
from caseterm.model.records import Student
from caseterm.store.actions import behavior_changes as changes
from caseterm.store.infra.errors import InputError


def registrars() -> dict[str, Callable[[argparse._SubParsersAction[Any]], None]]:
    """Each command of this module and the function adding its parser."""
    return {
        "fba": _register_fba,
        "bip": _register_bip,
        "behavior": _register_behavior,
    }


# --- fba -------------------------------------------------------------------------------


def _register_fba(sub: argparse._SubParsersAction[Any]) -> None:
    fba = sub.add_parser("fba", help="functional behaviour assessments")
    actions = fba.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="record an FBA")
    add.add_argument("student", metavar="STUDENT")
    add.add_argument("--started", metavar="YYYY-MM-DD", help="start date (default: today)")
    add.add_argument("--concern", default="", help="the referral concern")
    add.add_argument("--status", default="in-progress", help=", ".join(bv.FBA_STATUSES))
    many(add, "--target", "NAME=operational definition")
    many(add, "--indirect", "an indirect assessment used")
    many(add, "--direct", "a direct observation used")
    many(add, "--function", f"hypothesized function: {', '.join(bv.FUNCTIONS)}")
    many(add, "--setting-event", "a setting event")
    many(add, "--antecedent", "an antecedent")
    add.add_argument("--summary", default="", help="summary statement")
    add.add_argument("--consent", metavar="YYYY-MM-DD", help="date of the parent's consent")
    add.add_argument("--completed", metavar="YYYY-MM-DD", help="date completed")
    add.add_argument("--note", default="")
    writer(add)
    add.set_defaults(handler=run_fba_add)
    reader(actions, "show", "FBAs").set_defaults(handler=run_fba_show)


def run_fba_add(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    targets = pairs("--target", args.target, "NAME=definition")
    values = {
        "started": common.date_arg("--started", args.started, today),
        "status": args.status,
        "concern": args.concern,
        "functions": args.function,
        "indirect": args.indirect,
        "direct": args.direct,
        "setting_events": args.setting_event,
        "antecedents": args.antecedent,
        "summary": args.summary,
        "consent": common.optional_date("--consent", args.consent, today),
        "completed": common.optional_date("--completed", args.completed, today),
        "note": args.note,
        "target": [{"name": name, "definition": text} for name, text in targets],
    }
    return common.report_saved(changes.add_fba(root, args.student, values, not args.no_commit))


def fba_rows(student: Student) -> list[dict[str, Any]]:
    """What ``fba show --json`` prints."""
    return [
        {
            "id": f.id,
            "started": f.started.isoformat(),
            "status": f.status,
            "concern": f.concern,
            "targets": [{"name": t.name, "definition": t.definition} for t in f.targets],
            "indirect": list(f.indirect),
            "direct": list(f.direct),
            "functions": list(f.functions),
            "setting_events": list(f.setting_events),
            "antecedents": list(f.antecedents),
            "summary": f.summary,
            "consent": iso(f.consent),
            "completed": iso(f.completed),
        }
        for f in student.fbas
    ]


def _print_blocks(title: str, blocks: list[list[tuple[str, str]]]) -> None:
    out = common.console()
    out.print(common.cell(title))
    if not blocks:
        out.print(common.cell("  (none)"))
    for block in blocks:
        table = common.table(None, ["", ""])
        table.show_header = False
        for key, value in block:
            if value:
                table.add_row(common.cell(key), common.cell(value))
        out.print(table)


def run_fba_show(args: argparse.Namespace) -> int:
    _loaded, student = one_student(args)
    rows = fba_rows(student)
    if args.json:
        common.print_json(rows)
        return 0
    blocks = [
        [
            ("FBA", f"{row['id']} started {row['started']} ({row['status']})"),
            ("concern", row["concern"]),
            *[(f"target {t['name']}", t["definition"]) for t in row["targets"]],
            ("indirect", "; ".join(row["indirect"])),
            ("direct", "; ".join(row["direct"])),
            ("function", ", ".join(row["functions"])),
            ("setting events", "; ".join(row["setting_events"])),
            ("antecedents", "; ".join(row["antecedents"])),
            ("summary", row["summary"]),
            ("consent", row["consent"] or ""),
            ("completed", row["completed"] or ""),
        ]
        for row in rows
    ]
    _print_blocks(f"FBAs of {student.id}", blocks)
    return 0


# --- bip -------------------------------------------------------------------------------


def _register_bip(sub: argparse._SubParsersAction[Any]) -> None:
    bip = sub.add_parser("bip", help="behaviour intervention plans")
    actions = bip.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="record a BIP (its adoption starts a phase)")
    add.add_argument("student", metavar="STUDENT")
    add.add_argument("--adopted", metavar="YYYY-MM-DD", help="adoption date (default: today)")
    add.add_argument("--fba", default="", help="the id of the FBA it rests on")
    many(add, "--target", f"NAME=METHOD, method one of {', '.join(bv.METHODS)}")
    many(add, "--replacement", "NAME=replacement behaviour")
    many(add, "--goal", "NAME=GOAL: a decrease goal fed by the observations")
    many(add, "--prevention", "a prevention strategy")
    many(add, "--teaching", "a teaching strategy")
    many(add, "--response", "a response strategy")
    add.add_argument("--reinforcement", default="")
    add.add_argument("--crisis", default="", help="crisis procedures")
    many(add, "--implementer", "who implements the plan")
    add.add_argument("--review", metavar="YYYY-MM-DD", help="next review date")
    add.add_argument("--note", default="")
    writer(add)
    add.set_defaults(handler=run_bip_add)
    revise = actions.add_parser("revise", help="record a change to a BIP or its review date")
    revise.add_argument("student", metavar="STUDENT")
    revise.add_argument("bip_id", metavar="ID", help="the BIP's id (bip show)")
    revise.add_argument("--revised", metavar="YYYY-MM-DD", help="date of the change (new phase)")
    revise.add_argument("--review", metavar="YYYY-MM-DD", help="next review date")
    writer(revise)
    revise.set_defaults(handler=run_bip_revise)
    reader(actions, "show", "BIPs").set_defaults(handler=run_bip_show)
    review = actions.add_parser(
        "review", help="BIP review report: data per phase, fidelity, IOA, ABC (HTML or md)"
    )
    review.add_argument("student", metavar="STUDENT")
    review.add_argument("--format", choices=("html", "md"), help="html (default, or -o's suffix)")
    review.add_argument("-o", dest="output", metavar="FILE", type=Path, help="default: stdout")
    common.add_today(review)
    review.set_defaults(handler=run_bip_review)


def run_bip_add(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    methods = dict(pairs("--target", args.target, "NAME=METHOD, e.g. elopement=frequency"))
    replacements = dict(pairs("--replacement", args.replacement, "NAME=text"))
    goals = dict(pairs("--goal", args.goal, "NAME=GOAL"))
    for option, given in (("--replacement", replacements), ("--goal", goals)):
        stray = [name for name in given if name not in methods]
        if stray:
            raise InputError(f"{option}: {stray[0]!r} is not a --target of this BIP")
    values = {
        "adopted": common.date_arg("--adopted", args.adopted, today),
        "fba": args.fba,
        "prevention": args.prevention,
        "teaching": args.teaching,
        "response": args.response,
        "reinforcement": args.reinforcement,
        "crisis": args.crisis,
        "implementers": args.implementer,
        "review": common.optional_date("--review", args.review, today),
        "note": args.note,
        "target": [
            {
                "name": name,
                "replacement": replacements.get(name, ""),
                "method": method,
                "goal": goals.get(name, ""),
            }
            for name, method in methods.items()
        ],
    }
    return common.report_saved(changes.add_bip(root, args.student, values, not args.no_commit))


def run_bip_revise(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    saved = changes.revise_bip(
        root,
        args.student,
        args.bip_id,
        common.optional_date("--revised", args.revised, today),
        common.optional_date("--review", args.review, today),
        not args.no_commit,
    )
    return common.report_saved(saved)


def bip_rows(student: Student) -> list[dict[str, Any]]:
    """What ``bip show --json`` prints (a plan.toml ``[behavior_plan]`` shows as a BIP)."""
    return [
        {
            "id": b.id,
            "adopted": b.adopted.isoformat(),
            "fba": b.fba,
            "targets": [
                {"name": t.name, "replacement": t.replacement, "method": t.method, "goal": t.goal}
                for t in b.targets
            ],
            "prevention": list(b.prevention),
            "teaching": list(b.teaching),
            "response": list(b.response),
            "reinforcement": b.reinforcement,
            "crisis": b.crisis,
            "implementers": list(b.implementers),
            "review": iso(b.review),
            "revised": [d.isoformat() for d in b.revised],
            "note": b.note,
        }
        for b in behavior.bips(student)
    ]


def run_bip_show(args: argparse.Namespace) -> int:
    _loaded, student = one_student(args)
    rows = bip_rows(student)
    if args.json:
        common.print_json(rows)
        return 0
    blocks = [
        [
            ("BIP", f"{row['id']} adopted {row['adopted']}"),
            ("FBA", row["fba"]),
            *[
                (f"target {t['name']}", f"{t['method']}; replacement: {t['replacement']}")
                for t in row["targets"]
            ],
            ("prevention", "; ".join(row["prevention"])),
            ("teaching", "; ".join(row["teaching"])),
            ("response", "; ".join(row["response"])),
            ("reinforcement", row["reinforcement"]),
            ("crisis", row["crisis"]),
            ("implementers", ", ".join(row["implementers"])),
            ("revised", ", ".join(row["revised"])),
            ("review", row["review"] or ""),
        ]
        for row in rows
    ]
    _print_blocks(f"BIPs of {student.id}", blocks)
    return 0


def run_bip_review(args: argparse.Namespace) -> int:
    from caseterm.reports.bip_review import bip_review, render_html, render_markdown
    from caseterm.store.infra.atomic import read_text, write_atomic

    _loaded, student = one_student(args)
    review = bip_review(student, common.today_of(args))
    if review is None:
        raise InputError(f"STUDENT: {student.id} has no BIP (caseterm bip add)")
    fmt = args.format
    if fmt is None:
        suffix = args.output.suffix.lower() if args.output is not None else ""
        fmt = "md" if suffix in (".md", ".markdown") else "html"
    text = render_html(review) if fmt == "html" else render_markdown(review)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    if args.output.is_dir():
        raise InputError(f"-o: {args.output} is a folder; name a file")
    write_atomic(args.output, text, read_text(args.output))
    print(f"Wrote the BIP review of {student.id} to {args.output}")
    return 0


def _register_behavior(sub: argparse._SubParsersAction[Any]) -> None:
    parser = sub.add_parser("behavior", help="behaviour data per phase: level, trend, range")
    parser.add_argument("student", metavar="STUDENT")
    parser.add_argument("--behavior", dest="name", help="one behaviour (default: all)")
    common.add_json(parser)
    common.add_today(parser)
    parser.set_defaults(handler=run_behavior)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def behavior_data(student: Student, names: Sequence[str]) -> dict[str, Any]:
    """What ``behavior --json`` prints: per behaviour, each session's figure and each
    phase's level, trend and range; the mean fidelity and the safety-plan flag."""
    out: dict[str, Any] = {
        "student": student.id,
        "name": student.name,
        "safety_plan": behavior.has_safety_plan(student),
        "fidelity_percent": _round(behavior.mean_fidelity(student)),
        "behaviors": [],
    }
    for name in names:
        data = behavior.measures(student, name)
        target = behavior.bip_target(student, name)
        out["behaviors"].append(
            {
                "name": name,
                "method": data[0].method if data else (target.method if target else None),
                "unit": data[0].unit if data else None,
                "sessions": [
                    {
                        "id": m.observation,
                        "date": m.date.isoformat(),
                        "observer": m.observer,
                        "value": _round(m.value),
                    }
                    for m in data
                ],
                "phases": [
                    {
                        "label": p.label,
                        "start": iso(p.start),
                        "sessions": p.sessions,
                        "median": _round(p.median),
                        "mean": _round(p.mean),
                        "trend_per_week": _round(p.trend.slope) if p.trend else None,
                        "low": _round(p.low),
                        "high": _round(p.high),
                        "range": _round(p.range),
                    }
                    for p in behavior.phase_summaries(student, name)
                ],
            }
        )
    return out


def run_behavior(args: argparse.Namespace) -> int:
    _loaded, student = one_student(args)
    names = behavior.behavior_names(student)
    if args.name is not None:
        if args.name not in names:
            known = ", ".join(names) or "none recorded"
            raise InputError(
                f"--behavior: {args.name!r} is not a behaviour of {student.id}; known: {known}"
            )
        names = [args.name]
    data = behavior_data(student, names)
    if args.json:
        common.print_json(data)
        return 0
    if data["safety_plan"]:
        print(f"! {student.id} has a safety plan: caseterm safety show {student.id}")
    for b in data["behaviors"]:
        out = common.table(
            f"{b['name']} ({b['method'] or 'no data'}; {b['unit'] or ''})",
            ["phase", "sessions", "median", "mean", "trend/week", "range"],
        )
        for p in b["phases"]:
            out.add_row(
                common.cell(p["label"]),
                common.cell(p["sessions"]),
                common.cell(_show(p["median"])),
                common.cell(_show(p["mean"])),
                common.cell(_show(p["trend_per_week"], signed=True)),
                common.cell("" if p["low"] is None else f"{p['low']:g}-{p['high']:g}"),
            )
        common.console().print(out)
    if data["fidelity_percent"] is not None:
        print(f"Fidelity: {data['fidelity_percent']:.0f}% of the BIP implemented (mean of checks)")
    return 0


def _show(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:+g}" if signed else f"{value:g}"
