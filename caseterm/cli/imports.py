"""``caseterm import``: students, data points, sessions, absences, removals and screening
scores from a spreadsheet (CSV)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from caseterm.cli import common
from caseterm.cli.progressbar import progress_bar
from caseterm.store.actions import event_imports, imports

ROWS = {
    "points": imports.POINTS,
    "sessions": imports.SESSIONS,
    "absences": event_imports.ABSENCES,
    "removals": event_imports.REMOVALS,
    "screenings": event_imports.SCREENINGS,
}
"""The record kinds added to existing students, row by row (``imports.import_rows``)."""

KINDS: dict[str, tuple[str, Sequence[str]]] = {
    "students": ("students", imports.STUDENT_COLUMNS),
    **{kind: (spec.noun, spec.columns) for kind, spec in ROWS.items()},
}
"""What ``import KIND`` adds, and the columns it reads."""
SHOWN_PROBLEMS = 100


def register(sub: argparse._SubParsersAction[Any]) -> None:
    parser = sub.add_parser(
        "import",
        help="add students, data points or sessions from a CSV file (one commit)",
        description="Every row is checked first; if any is bad, each problem is listed as "
        "FILE:ROW: message and nothing is written (exit 2). Rows already in the caseload "
        "are skipped. The whole import is one commit.",
    )
    kinds = parser.add_subparsers(dest="kind", metavar="KIND", required=True)
    for kind, (noun, columns) in KINDS.items():
        one = kinds.add_parser(kind, help=f"{noun}; columns: {', '.join(columns)}")
        one.add_argument("file", metavar="FILE", type=Path, help="a CSV file (UTF-8)")
        one.add_argument(
            "--dry-run",
            action="store_true",
            help="check and say what would be added; write nothing",
        )
        common.add_no_commit(one)
        one.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    noun, _columns = KINDS[args.kind]
    commit = not args.no_commit
    try:
        with progress_bar(f"Checking {args.file.name}") as tick:
            if args.kind == "students":
                done = imports.import_students(root, args.file, args.dry_run, commit, tick)
            else:
                spec = ROWS[args.kind]
                done = imports.import_rows(root, args.file, spec, args.dry_run, commit, tick)
    except imports.ImportProblems as error:
        for line in error.problems[:SHOWN_PROBLEMS]:
            print(line, file=sys.stderr)
        hidden = len(error.problems) - SHOWN_PROBLEMS
        if hidden > 0:
            print(f"... and {hidden} more", file=sys.stderr)
        count = len(error.problems)
        print(
            f"caseterm: {count} problem{'s' if count != 1 else ''} in {args.file}; "
            "nothing was imported",
            file=sys.stderr,
        )
        return 2
    students = len(done.by_student)
    skipped = f"; {done.skipped} rows already in the caseload, skipped" if done.skipped else ""
    if args.dry_run:
        print(
            f"Would add {done.added} {noun} for {students} "
            f"student{'s' if students != 1 else ''}{skipped} (dry run: nothing written)"
        )
        for student, count in done.by_student.items():
            print(f"  {student}: {count}")
        return 0
    if done.saved is None:
        print(f"Nothing to add: every row of {args.file} is already in the caseload")
        return 0
    common.report_saved(done.saved)
    if skipped:
        print(skipped.removeprefix("; ").capitalize())
    return 0
