"""``caseterm due``: what is due, from every student's plan dates, age and logs."""

from __future__ import annotations

import argparse
from typing import Any

from caseterm.cli import common
from caseterm.cli.reading import load_summaries, pick_student, whole_number
from caseterm.model.compliance import Deadline, caseload_deadlines
from caseterm.model.records import Caseload
from caseterm.model.vocab import DeadlineStatus
from caseterm.store.infra.summary import DEADLINES

WIDE = 110
"""Terminal columns from which the table shows each item's rule citation."""
STATUS_STYLE: dict[DeadlineStatus, str] = {
    "overdue": "bold red",
    "due-soon": "yellow",
    "upcoming": "",
    "done": "green",
}


def register(sub: argparse._SubParsersAction[Any]) -> None:
    due = sub.add_parser(
        "due",
        help="compliance deadlines: reviews, evaluations, reports, notices, meetings",
        description="Deadlines from plan dates, ages, meetings and contacts, by the "
        "caseload's rule profile. Done items are hidden unless --all is given.",
    )
    due.add_argument("--within", metavar="DAYS", help="only items due within DAYS (and overdue)")
    due.add_argument("--overdue", action="store_true", help="only overdue items")
    due.add_argument("--student", metavar="ID", help="only this student")
    due.add_argument("--all", action="store_true", help="include items already done")
    common.add_json(due)
    common.add_today(due)
    due.set_defaults(handler=run_due)


def deadline_json(item: Deadline) -> dict[str, Any]:
    """The stable JSON form of one deadline (docs/json-and-csv.md, "caseterm due --json")."""
    return {
        "student": item.student,
        "kind": item.kind,
        "title": item.title,
        "about": item.about,
        "due": item.due.isoformat(),
        "days_left": item.days_left,
        "status": item.status,
        "rule": item.rule,
        "earliest": item.earliest.isoformat() if item.earliest else None,
        "recommended": item.recommended.isoformat() if item.recommended else None,
        "done": item.done.isoformat() if item.done else None,
        "estimated": item.estimated,
        "detail": item.detail,
    }


def select(
    items: list[Deadline],
    within: int | None = None,
    overdue: bool = False,
    include_done: bool = False,
) -> list[Deadline]:
    """The items the options ask for."""
    out = [d for d in items if include_done or d.status != "done"]
    if overdue:
        out = [d for d in out if d.status == "overdue"]
    if within is not None:
        out = [d for d in out if d.days_left <= within]
    return out


def run_due(args: argparse.Namespace) -> int:
    today = common.today_of(args)
    within = None if args.within is None else whole_number("--within", args.within, "30")
    loaded = load_summaries(args, today, points=False, sessions=None, details=DEADLINES)
    caseload = loaded.caseload
    if args.student is not None:
        student = pick_student(loaded, "--student", args.student)
        caseload = Caseload(caseload.settings, caseload.calendars, (student,))
    items = select(
        caseload_deadlines(caseload, loaded.rules, today), within, args.overdue, args.all
    )
    if args.json:
        common.print_json([deadline_json(d) for d in items])
        return 0
    _print_table(items, loaded.rules.name, today.isoformat())
    return 0


def _print_table(items: list[Deadline], profile: str, today: str) -> None:
    out = common.console()
    if not items:
        out.print(f"Nothing due as of {today} ({profile} rules).", markup=False)
        return
    wide = out.width >= WIDE
    columns = ["due", "days", "status", "student", "item", *(["rule"] if wide else [])]
    table = common.table(f"Due as of {today} ({profile} rules)", columns)
    table.columns[1].justify = "right"
    for item in items:
        status = common.cell(item.status)
        status.stylize(STATUS_STYLE.get(item.status, ""))
        label = item.label + (" (estimated)" if item.estimated else "")
        table.add_row(
            common.cell(item.due.isoformat()),
            common.cell(item.days_left),
            status,
            common.cell(item.student),
            common.cell(label),
            *([common.cell(item.rule)] if wide else []),
        )
    out.print(table)
    what = "how each date was reached" if wide else "each item's rule and how its date was reached"
    out.print(f"--json adds {what}.", style="dim")
