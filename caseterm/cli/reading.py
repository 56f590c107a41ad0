"""Loading a caseload for the read commands that answer questions (due, progress, minutes)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date

from caseterm.cli import common
from caseterm.model.fields import DAYS_AHEAD, FieldError, check_slug, parse_whole
from caseterm.model.records import Student
from caseterm.store.errors import InputError
from caseterm.store.load import Loaded, load_caseload


def load_for_answers(
    args: argparse.Namespace, today: date, progress: Callable[[int, int], None] | None = None
) -> Loaded:
    """The caseload at ``args.root``; problems are mentioned once on stderr, not fatal."""
    root = common.require_caseload(args.root)
    loaded = load_caseload(root, today, progress)
    if loaded.problems:
        count = len(loaded.problems)
        noun = "problem" if count == 1 else "problems"
        print(
            f"caseterm: {count} {noun} in the caseload's files; answers cover what loaded "
            "(caseterm check lists them)",
            file=sys.stderr,
        )
    return loaded


def pick_student(loaded: Loaded, field: str, student_id: str) -> Student:
    """The student ``student_id``, or an input error naming ``field``."""
    check_slug(field, student_id)
    student = loaded.caseload.student(student_id)
    if student is None:
        raise InputError(
            f"{field}: no student '{student_id}' in this caseload; see caseterm student list"
        )
    return student


def whole_number(field: str, text: str, example: str) -> int:
    """A whole number of days from 0 to 3650 given on the command line, in ASCII digits."""
    try:
        return parse_whole(field, text, DAYS_AHEAD)
    except FieldError:
        raise InputError(
            f"{field}: {text!r} is not a whole number of days; use e.g. {example} "
            f"(0 to {DAYS_AHEAD.high})"
        ) from None
