"""Student commands: ``student add|list|show|set`` and ``plan set``."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from caseterm.cli import common
from caseterm.cli.progressbar import progress_bar
from caseterm.display import safe_text
from caseterm.model import vocab
from caseterm.model.jsonable import jsonable
from caseterm.model.records import Student
from caseterm.store.actions import changes
from caseterm.store.infra.errors import InputError

if TYPE_CHECKING:
    from caseterm.store.infra.summary import Summary


def registrars() -> dict[str, Callable[[argparse._SubParsersAction[Any]], None]]:
    """Each command of this module and the function adding its parser."""
    return {
        "student": _register_student,
        "plan": _register_plan,
    }


def _register_student(sub: argparse._SubParsersAction[Any]) -> None:
    student = sub.add_parser("student", help="add, list, show or correct students")
    actions = student.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = actions.add_parser("add", help="add a student to the caseload")
    add.add_argument("id", metavar="ID", help="short id, e.g. ava-m (lowercase, digits, '-')")
    add.add_argument("--first-name", required=True)
    add.add_argument("--last-name", default="")
    add.add_argument("--birth-date", metavar="YYYY-MM-DD")
    add.add_argument(
        "--grade",
        default="",
        choices=vocab.GRADES,
        metavar="GRADE",
        help=f"one of {', '.join(vocab.GRADES)}",
    )
    add.add_argument("--school", default="")
    add.add_argument(
        "--plan",
        default="IEP",
        choices=vocab.PLAN_TYPES,
        help="IEP, 504, IFSP or MTSS (default IEP)",
    )
    add.add_argument(
        "--disability",
        action="append",
        default=[],
        choices=tuple(vocab.DISABILITIES),
        metavar="CODE",
        help=f"EDFacts code, repeatable: {', '.join(vocab.DISABILITIES)}",
    )
    add.add_argument("--case-manager", default="")
    add.add_argument(
        "--family",
        action="append",
        default=[],
        metavar="NAME[|RELATIONSHIP[|PHONE]]",
        help="a family contact, repeatable, e.g. 'Maria Lopez|mother|555-0142'",
    )
    common.add_today(add)
    common.add_no_commit(add)
    add.set_defaults(handler=run_add)

    listing = actions.add_parser("list", help="list the caseload's students")
    common.add_json(listing)
    listing.set_defaults(handler=run_list)

    show = actions.add_parser("show", help="show one student's profile and plan")
    show.add_argument("id", metavar="ID")
    show.add_argument(
        "--ids",
        action="store_true",
        help="also list data points, sessions, meetings and contacts with their ids "
        "(for caseterm edit and remove)",
    )
    common.add_json(show)
    common.add_today(show)
    show.set_defaults(handler=run_show)

    setp = actions.add_parser("set", help="correct profile fields: FIELD=VALUE ...")
    setp.add_argument("id", metavar="ID")
    setp.add_argument(
        "assignments",
        nargs="+",
        metavar="FIELD=VALUE",
        help=f"fields: {', '.join(changes.PROFILE_FIELDS)}; lists take FIELD+=X / FIELD-=X",
    )
    common.add_no_commit(setp)
    setp.set_defaults(handler=run_set_profile)


def _register_plan(sub: argparse._SubParsersAction[Any]) -> None:
    plan = sub.add_parser("plan", help="change a student's plan")
    plan_actions = plan.add_subparsers(dest="action", metavar="ACTION", required=True)
    plan_set = plan_actions.add_parser(
        "set", help="set plan dates and fields: FIELD=VALUE, FIELD+=ITEM, FIELD-=ITEM"
    )
    plan_set.add_argument("id", metavar="STUDENT")
    plan_set.add_argument(
        "assignments",
        nargs="+",
        metavar="FIELD=VALUE",
        help=f"fields: {', '.join(changes.PLAN_FIELDS)}; an empty VALUE removes the field",
    )
    common.add_no_commit(plan_set)
    plan_set.set_defaults(handler=run_set_plan)


def _family(text: str) -> dict[str, str]:
    parts = [p.strip() for p in text.split("|")]
    if len(parts) > 3 or not parts[0]:
        raise InputError("--family: use NAME[|RELATIONSHIP[|PHONE]], e.g. 'Maria Lopez|mother'")
    return dict(zip(("name", "relationship", "phone"), parts, strict=False))


def run_add(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    values = {
        "id": args.id,
        "first_name": args.first_name,
        "last_name": args.last_name,
        "birth_date": common.optional_date("--birth-date", args.birth_date, today),
        "grade": args.grade,
        "school": args.school,
        "plan_type": args.plan,
        "disabilities": args.disability,
        "case_manager": args.case_manager,
        "family": [_family(f) for f in args.family],
    }
    return common.report_saved(changes.add_student(root, values, commit=not args.no_commit))


def student_row(summary: Summary) -> dict[str, Any]:
    """One student's line of ``student list`` (docs/json-and-csv.md)."""
    p = summary.profile
    return {
        "id": summary.id,
        "name": summary.name,
        "grade": p.grade,
        "plan_type": p.plan_type,
        "disabilities": list(p.disabilities),
        "school": p.school,
        "case_manager": p.case_manager,
        "goals": summary.goal_count,
        "broken": summary.broken,
    }


def print_student_list(title: str, summaries: Iterable[Summary]) -> None:
    out = common.table(title or None, ["id", "name", "grade", "plan", "disabilities", "goals", ""])
    for summary in summaries:
        row = student_row(summary)
        out.add_row(
            *(
                common.cell(v)
                for v in (
                    row["id"],
                    row["name"],
                    row["grade"],
                    row["plan_type"],
                    " ".join(row["disabilities"]),
                    row["goals"],
                    "problems (caseterm check)" if summary.broken else "",
                )
            )
        )
    common.console().print(out)


def run_list(args: argparse.Namespace) -> int:
    from caseterm.cli import reading

    with progress_bar("Indexing the caseload") as tick:
        repo = reading.open_caseload(args, date.today(), tick)
        summaries = repo.summaries_with(points=False, sessions=False).values()
    if args.json:
        common.print_json([student_row(s) for s in summaries])
        return 0
    print_student_list(repo.frame.settings.name, summaries)
    return 0


def run_show(args: argparse.Namespace) -> int:
    from caseterm.cli import reading

    repo = reading.open_caseload(args, common.today_of(args))
    student, problems = repo.student(args.id)
    if args.json:
        data = jsonable(student)
        data["problems"] = [str(p) for p in problems]
        common.print_json(data)
        return 0
    _print_student(student, common.today_of(args))
    if args.ids:
        _print_records(student)
    for problem in problems:
        print(f"problem: {safe_text(str(problem))}")
    return 0


def _print_student(student: Student, today: date) -> None:
    from rich.text import Text

    from caseterm.reports.overview import overview_renderable

    con = common.console()
    con.print(Text(safe_text(f"{student.name}  ({student.id})"), style="bold"))
    con.print(overview_renderable(student, today))
    if student.goals:
        goals = common.table("Goals", ["goal", "area", "target", "by", "points"])
        for g in student.goals:
            target = f"{g.target:g} {g.unit}".strip()
            goals.add_row(
                *(
                    common.cell(v)
                    for v in (g.id, g.area, target, g.target_date, len(student.points_for(g.id)))
                )
            )
        con.print(goals)
    counts = (
        f"{len(student.points)} data points, {len(student.sessions)} sessions, "
        f"{len(student.meetings)} meetings, {len(student.contacts)} contacts"
    )
    more = [
        f"{len(records)} {noun}"
        for records, noun in (
            (student.removals, "removals"),
            (student.absences, "absences"),
            (student.consents, "consents"),
            (student.notices, "prior written notices"),
        )
        if records
    ]
    con.print(Text(", ".join([counts, *more])))


def _print_records(student: Student) -> None:
    """Every data point, session, meeting and contact with its id, newest first."""
    con = common.console()
    rows: list[tuple[str, str, str, str]] = []
    for p in student.points:
        rows.append((p.date.isoformat(), "point", p.id, f"{p.goal} {p.value:g} {p.note}"))
    for s in student.sessions:
        about = f"{s.service} {s.minutes} min {s.status}"
        about += f" (makes up {s.makeup_for})" if s.makeup_for else ""
        rows.append((s.date.isoformat(), "session", s.id, f"{about} {s.note}"))
    for m in student.meetings:
        rows.append((m.date.isoformat(), "meeting", m.id, f"{m.kind} {m.status} {m.note}"))
    for c in student.contacts:
        rows.append((c.date.isoformat(), "contact", c.id, f"{c.method} {c.person} {c.note}"))
    if not rows:
        return
    table = common.table("Records", ["date", "kind", "id", "what"])
    for row in sorted(rows, key=lambda r: (r[0], r[2]), reverse=True):
        table.add_row(*(common.cell(v.strip()) for v in row))
    con.print(table)


def run_set_profile(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    assignments = [changes.parse_assignment(changes.PROFILE_FIELDS, a) for a in args.assignments]
    saved = changes.set_profile(root, args.id, assignments, commit=not args.no_commit)
    return common.report_saved(saved)


def run_set_plan(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    assignments = [changes.parse_assignment(changes.PLAN_FIELDS, a) for a in args.assignments]
    saved = changes.set_plan(root, args.id, assignments, commit=not args.no_commit)
    return common.report_saved(saved)
