"""``caseterm minutes``: were the service minutes in the plans delivered, or why not?"""

from __future__ import annotations

import argparse
import re
from datetime import date
from typing import Any

from caseterm.cli import common
from caseterm.cli.reading import load_summaries, pick_student
from caseterm.model.attendance import absent_unlogged
from caseterm.model.calendar import caseload_school_days
from caseterm.model.minutes import (
    Period,
    ServiceMinutes,
    caseload_minutes,
    month_of,
    student_minutes,
    week_of,
)
from caseterm.model.records import Caseload
from caseterm.store.infra.errors import InputError
from caseterm.store.infra.summary import MINUTES

_MONTH = re.compile(r"(\d{4})-(\d{2})")


def register(sub: argparse._SubParsersAction[Any]) -> None:
    minutes = sub.add_parser(
        "minutes",
        help="service minutes required, delivered, excused, owed (default: this week)",
        description="Reconcile service minutes over a week, a month or any range, counted "
        "through today. Without a period option: the week containing today.",
    )
    which = minutes.add_mutually_exclusive_group()
    which.add_argument("--week", metavar="DATE", help="the Monday-Sunday week containing DATE")
    which.add_argument("--month", metavar="YYYY-MM", help="a calendar month")
    which.add_argument("--from", dest="first", metavar="DATE", help="first day (with --to)")
    minutes.add_argument("--to", dest="last", metavar="DATE", help="last day (with --from)")
    minutes.add_argument("--student", metavar="ID", help="only this student")
    common.add_json(minutes)
    common.add_today(minutes)
    minutes.set_defaults(handler=run_minutes)


def parse_month(field: str, text: str) -> Period:
    """A YYYY-MM month."""
    match = _MONTH.fullmatch(text)
    if match is None or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1:
        raise InputError(f"{field}: {text!r} is not a month; use YYYY-MM, e.g. 2026-11")
    return month_of(date(int(match[1]), int(match[2]), 1))


def period_of(args: argparse.Namespace, today: date) -> Period:
    """The period the options name (default: this week)."""
    if args.last is not None and args.first is None:
        raise InputError("--to: give --from DATE too, e.g. --from 2026-11-01 --to 2026-11-30")
    if args.first is not None:
        if args.last is None:
            raise InputError("--from: give --to DATE too, e.g. --from 2026-11-01 --to 2026-11-30")
        first = common.date_arg("--from", args.first, today)
        last = common.date_arg("--to", args.last, today)
        if last < first:
            raise InputError(f"--to: {last} is before --from {first}; use a later date")
        return Period(first, last)
    if args.month is not None:
        return parse_month("--month", args.month)
    return week_of(common.date_arg("--week", args.week, today))


def minutes_json(row: ServiceMinutes, absent: list[date] | None = None) -> dict[str, Any]:
    """The stable JSON form of one row (docs/json-and-csv.md); ``absent``:
    the school days the student was absent with no session of the service logged."""
    return {
        "student": row.student,
        "service": row.service,
        "name": row.name,
        "from": row.period.first.isoformat(),
        "to": row.period.last.isoformat(),
        "through": row.through.isoformat() if row.through else None,
        "required": row.required,
        "required_period": row.required_period,
        "delivered": row.delivered,
        "excused": row.excused,
        "owed": row.owed,
        "unaccounted": row.unaccounted,
        "compliance_pct": row.compliance_pct,
        "over_delivered": row.over_delivered,
        "medicaid_units": row.medicaid_units,
        "sessions": row.sessions,
        "estimated": row.estimated,
        "made_up_after": [d.isoformat() for d in row.made_up_after],
        "absent_unlogged": [d.isoformat() for d in absent or ()],
    }


def run_minutes(args: argparse.Namespace) -> int:
    today = common.today_of(args)
    period = period_of(args, today)
    loaded = load_summaries(
        args, today, points=False, sessions=(period.first, period.last), details=MINUTES
    )
    caseload = loaded.caseload
    if args.student is not None:
        student = pick_student(loaded, "--student", args.student)
        days = caseload_school_days(caseload)
        rows = student_minutes(student, period, caseload.settings, days, today)
    else:
        rows = caseload_minutes(caseload, period, today)
    absent = _absent(caseload, rows, today)
    if args.json:
        common.print_json([minutes_json(r, absent.get((r.student, r.service))) for r in rows])
        return 0
    _print_table(rows, period, today)
    for (who, service), unlogged in absent.items():
        if unlogged:
            when = ", ".join(f"{d:%m-%d}" for d in unlogged)
            print(f"{who} {service}: student absent, no session logged on {when}")
    return 0


def _absent(
    caseload: Caseload, rows: list[ServiceMinutes], today: date
) -> dict[tuple[str, str], list[date]]:
    """School days each row's student was absent with no session of its service logged,
    in the row's period through today."""
    students = {s.id: s for s in caseload.students if s.absences}
    if not students:
        return {}
    days = caseload_school_days(caseload)
    out: dict[tuple[str, str], list[date]] = {}
    for row in rows:
        student = students.get(row.student)
        if student is not None:
            last = min(row.period.last, row.through or row.period.last, today)
            found = absent_unlogged(student, row.service, row.period.first, last, days)
            out[(row.student, row.service)] = found
    return out


def _print_table(rows: list[ServiceMinutes], period: Period, today: date) -> None:
    out = common.console()
    through = (
        f", counted through {today.isoformat()}" if period.first <= today < period.last else ""
    )
    title = f"Service minutes {period.label}{through}"
    if not rows:
        out.print(f"{title}: no services prescribed or logged.", markup=False)
        return
    table = common.table(
        title,
        ["student", "service", "required", "delivered", "excused", "owed", "unacct.", "%"],
    )
    for row in rows:
        pct = "" if row.compliance_pct is None else f"{row.compliance_pct:g}%"
        compliance = common.cell(pct)
        if row.compliance_pct is not None and row.compliance_pct < 100:
            compliance.stylize("yellow" if row.compliance_pct >= 90 else "bold red")
        table.add_row(
            common.cell(row.student),
            common.cell(row.service + (" (estimated)" if row.estimated else "")),
            common.cell(row.required),
            common.cell(row.delivered),
            common.cell(row.excused),
            common.cell(row.owed),
            common.cell(row.unaccounted),
            compliance,
        )
    for column in table.columns[2:]:
        column.justify = "right"
    out.print(table)
    over = [f"{r.student} {r.service} +{r.over_delivered}" for r in rows if r.over_delivered]
    if over:
        out.print(f"Delivered beyond the requirement (not in %): {', '.join(over)}", markup=False)
    for row in rows:
        if row.made_up_after:
            when = ", ".join(f"{d:%m-%d}" for d in row.made_up_after)
            out.print(
                f"{row.student} {row.service}: missed minutes made up on {when}", markup=False
            )
    out.print(
        "% = delivered / (delivered + missing minutes not excused), at most 100 "
        "(docs/progress-and-minutes.md); unacct. = required minutes with no session logged.",
        style="dim",
    )
