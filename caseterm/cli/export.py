"""``caseterm export``: deadlines for a calendar (iCalendar), spreadsheets (CSV)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from caseterm.cli import common
from caseterm.cli.progressbar import progress_bar
from caseterm.cli.reading import load_for_answers, pick_student, whole_number
from caseterm.model.calendar import caseload_school_days
from caseterm.model.compliance import caseload_deadlines
from caseterm.model.records import Caseload
from caseterm.store.infra.atomic import write_output
from caseterm.store.infra.errors import InputError
from caseterm.store.infra.load import Loaded

if TYPE_CHECKING:
    from caseterm.reports.csvout import Cell

TABLES = (
    "sessions",
    "points",
    "deadlines",
    "students",
    "removals",
    "absences",
    "consents",
    "notices",
    "observations",
    "abc",
    "fidelity",
    "assessments",
)


def register(sub: argparse._SubParsersAction[Any]) -> None:
    export = sub.add_parser(
        "export",
        help="deadlines as a calendar file; sessions, points, deadlines, students as CSV",
        description="Write an iCalendar file (ics) or a CSV spreadsheet to -o FILE or "
        "standard output. CSV files written with -o start with a UTF-8 byte-order mark so "
        "that Excel reads accented names correctly.",
    )
    kinds = export.add_subparsers(dest="kind", metavar="KIND", required=True)
    ics = kinds.add_parser("ics", help="open deadlines and scheduled meetings as an iCalendar file")
    ics.add_argument("--within", metavar="DAYS", help="only items due within DAYS (and overdue)")
    ics.add_argument(
        "--ids", action="store_true", help="name students by id, not by name (privacy)"
    )
    _common(ics)
    ics.set_defaults(handler=run_ics)
    helps = {
        "sessions": "logged service sessions with Medicaid units (8-minute rule)",
        "points": "progress-monitoring data points",
        "deadlines": "every compliance deadline with its rule and status",
        "students": "the roster, in the columns caseterm import students reads",
        "removals": "disciplinary removals with the school days removed in the year",
        "absences": "days absent, with the school days each record covers",
        "consents": "parental consents asked for and their answers",
        "notices": "prior written notices",
        "observations": "behaviour observation sessions, one row per behaviour with its figures",
        "abc": "ABC (antecedent-behaviour-consequence) events",
        "fidelity": "fidelity checks of BIPs: percent of the strategies implemented",
        "assessments": "assessment scores, one row per score, with z, percentile and range",
    }
    for kind in TABLES:
        table = kinds.add_parser(kind, help=helps[kind])
        if kind != "students":
            table.add_argument("--from", dest="first", metavar="DATE", help="first date")
            table.add_argument("--to", dest="last", metavar="DATE", help="last date")
        _common(table)
        table.set_defaults(handler=run_table)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--student", metavar="ID", help="only this student")
    parser.add_argument(
        "-o", dest="output", metavar="FILE", type=Path, help="default: standard output"
    )
    common.add_today(parser)


def _load(args: argparse.Namespace, today: date) -> Loaded:
    with progress_bar("Reading the caseload") as tick:
        return load_for_answers(args, today, tick)


def _caseload(args: argparse.Namespace, loaded: Loaded) -> Caseload:
    caseload = loaded.caseload
    if args.student is None:
        return caseload
    student = pick_student(loaded, "--student", args.student)
    return Caseload(caseload.settings, caseload.calendars, (student,))


def _emit(output: Path | None, text: str, what: str) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    if output.is_dir():
        raise InputError(f"-o: {output} is a folder; name a file")
    write_output(output, text)
    print(f"Wrote {what} to {output}", file=sys.stderr)


def run_ics(args: argparse.Namespace) -> int:
    from caseterm.reports.ics import calendar_text

    today = common.today_of(args)
    within = None if args.within is None else whole_number("--within", args.within, "30")
    loaded = _load(args, today)
    caseload = _caseload(args, loaded)
    deadlines = caseload_deadlines(caseload, loaded.rules, today)
    data = calendar_text(
        caseload.students,
        deadlines,
        today,
        name=caseload.settings.name,
        within=within,
        use_ids=args.ids,
    )
    text = data.decode("utf-8")
    events = text.count("BEGIN:VEVENT")
    _emit(args.output, text, f"{events} events")
    return 0


def run_table(args: argparse.Namespace) -> int:
    from caseterm.reports import exports
    from caseterm.reports.csvout import csv_text

    today = common.today_of(args)
    span = exports.Span()
    if args.kind != "students":
        first = common.optional_date("--from", args.first, today)
        last = common.optional_date("--to", args.last, today)
        if first is not None and last is not None and last < first:
            raise InputError(f"--to: {last} is before --from {first}; use a later date")
        span = exports.Span(first, last)
    loaded = _load(args, today)
    caseload = _caseload(args, loaded)
    students = caseload.students
    header: Sequence[str]
    rows: list[Sequence[Cell]]
    if args.kind == "sessions":
        header, rows = exports.SESSION_HEADER, list(exports.session_rows(students, span))
        units = sum(r[12] for r in rows if isinstance(r[12], int))
        what = f"{len(rows)} sessions ({units} Medicaid units)"
    elif args.kind == "points":
        header, rows = exports.POINT_HEADER, list(exports.point_rows(students, span))
        what = f"{len(rows)} data points"
    elif args.kind == "deadlines":
        names = {s.id: s.name for s in students}
        items = caseload_deadlines(caseload, loaded.rules, today)
        header, rows = exports.DEADLINE_HEADER, list(exports.deadline_rows(items, names, span))
        what = f"{len(rows)} deadlines"
    elif args.kind == "removals":
        settings = caseload.settings
        year = (settings.school_year_start, settings.school_year_end)
        limit = loaded.rules.removal_limit_school_days
        header = exports.REMOVAL_HEADER
        rows = list(exports.removal_rows(students, year, limit, span))
        what = f"{len(rows)} removals"
    elif args.kind == "absences":
        days = caseload_school_days(caseload)
        header, rows = exports.ABSENCE_HEADER, list(exports.absence_rows(students, days, span))
        what = f"{len(rows)} absences"
    elif args.kind == "consents":
        header, rows = exports.CONSENT_HEADER, list(exports.consent_rows(students, span))
        what = f"{len(rows)} consents"
    elif args.kind == "notices":
        header, rows = exports.NOTICE_HEADER, list(exports.notice_rows(students, span))
        what = f"{len(rows)} notices"
    elif args.kind in ("observations", "abc", "fidelity"):
        from caseterm.reports import behavior_exports as bx

        if args.kind == "observations":
            header, rows = bx.OBSERVATION_HEADER, list(bx.observation_rows(students, span))
            what = f"{len(rows)} observed behaviours"
        elif args.kind == "abc":
            header, rows = bx.ABC_HEADER, list(bx.abc_rows(students, span))
            what = f"{len(rows)} ABC events"
        else:
            header, rows = bx.FIDELITY_HEADER, list(bx.fidelity_rows(students, span))
            what = f"{len(rows)} fidelity checks"
    elif args.kind == "assessments":
        from caseterm.reports import assessments as ax

        header, rows = ax.ASSESSMENT_HEADER, list(ax.assessment_rows(students, span))
        what = f"{len(rows)} scores"
    else:
        header, rows = exports.STUDENT_HEADER, list(exports.student_rows(students))
        what = f"{len(rows)} students"
    _emit(args.output, csv_text(header, rows, bom=args.output is not None), what)
    return 0
