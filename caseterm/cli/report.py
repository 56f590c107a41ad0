"""``caseterm report``: family progress reports for a reporting period, HTML or Markdown."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

from caseterm.cli import common
from caseterm.cli.progressbar import progress_bar
from caseterm.cli.reading import load_for_answers, pick_student
from caseterm.store.infra.atomic import make_private_dirs, write_output
from caseterm.store.infra.errors import InputError

FORMATS = ("html", "md")
SUFFIXES = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md"}


def register(sub: argparse._SubParsersAction[Any]) -> None:
    report = sub.add_parser(
        "report",
        help="family progress report for a reporting period (HTML or Markdown)",
        description="A progress report per goal: baseline, current performance, where the "
        "goal line is, whether progress is enough to meet the goal, and a graph. Computed "
        "as of the period's end (or today if earlier). Default period: the one containing "
        "today, else the latest that has ended.",
    )
    report.add_argument("student", metavar="STUDENT", nargs="?", help="the student's id")
    report.add_argument("--all", action="store_true", help="every student with goals")
    report.add_argument("--period", metavar="NAME", help="reporting period, e.g. Q1")
    report.add_argument(
        "--format", choices=FORMATS, help="html (default; or from -o's suffix) or md"
    )
    report.add_argument(
        "-o",
        dest="output",
        metavar="PATH",
        type=Path,
        help="file to write (default: standard output); with --all a folder "
        "(default: progress-reports-PERIOD)",
    )
    common.add_today(report)
    report.set_defaults(handler=run_report)


def file_part(name: str) -> str:
    """A period name made safe for a file name: ``Fall 2026`` -> ``Fall-2026``."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-.") or "period"


def _format(args: argparse.Namespace) -> str:
    if args.format:
        return str(args.format)
    if args.output is not None and not args.all:
        return SUFFIXES.get(args.output.suffix.lower(), "html")
    return "html"


def _write(path: Path, text: str) -> None:
    if path.is_dir():
        raise InputError(f"-o: {path} is a folder; name a file, or use --all for a folder")
    write_output(path, text)


def run_report(args: argparse.Namespace) -> int:
    from caseterm.reports import html, markdown
    from caseterm.reports.report_data import pick_period, reportable, source_of, student_report

    if args.all == (args.student is not None):
        raise InputError("STUDENT: name one student, or give --all for every student")
    today = common.today_of(args)
    with progress_bar("Reading the caseload") as tick:
        loaded = load_for_answers(args, today, tick)
    settings = loaded.caseload.settings
    period = pick_period(settings.reporting_periods, args.period, today)
    source = source_of(loaded.root)
    fmt = _format(args)
    render = html.render if fmt == "html" else markdown.render
    if not args.all:
        student = pick_student(loaded, "STUDENT", args.student)
        if not student.goals:
            raise InputError(f"STUDENT: {student.id} has no goals to report on (caseterm goal add)")
        text = render(student_report(student, settings, period, today, source))
        if args.output is None:
            sys.stdout.write(text)
            return 0
        _write(args.output, text)
        print(f"Wrote the {period.name} progress report of {student.id} to {args.output}")
        _hint(student.id, period.name)
        return 0
    with_goals, without = reportable(loaded.caseload.students)
    folder = args.output or Path(f"progress-reports-{file_part(period.name)}")
    if folder.exists() and not folder.is_dir():
        raise InputError(f"-o: {folder} is a file; with --all name a folder")
    make_private_dirs(folder)
    with progress_bar(f"{period.name} reports") as tick:
        for done, student in enumerate(with_goals, start=1):
            text = render(student_report(student, settings, period, today, source))
            _write(folder / f"{student.id}-{file_part(period.name)}.{fmt}", text)
            tick(done, len(with_goals))
    print(f"Wrote {len(with_goals)} {period.name} progress reports ({fmt}) to {folder}")
    if without:
        names = ", ".join(s.id for s in without)
        print(f"No goals recorded, no report: {names}", file=sys.stderr)
    _hint("STUDENT", period.name)
    return 0


def _hint(student: str, period: str) -> None:
    print(
        f"When a report goes home, log it: caseterm contact add {student} --method note-home "
        f"--purpose progress-report --period {period}",
        file=sys.stderr,
    )
