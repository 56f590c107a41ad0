"""Loading a caseload for the read commands that answer questions (due, progress, minutes)."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable
from datetime import date

from caseterm.cli import common
from caseterm.cli.progressbar import progress_bar
from caseterm.model.fields import DAYS_AHEAD, FieldError, check_slug, parse_whole
from caseterm.model.records import Caseload, Problem, Student
from caseterm.store import caseload
from caseterm.store.infra.errors import InputError
from caseterm.store.infra.load import Loaded
from caseterm.store.infra.summary import Part


def open_caseload(
    args: argparse.Namespace, today: date, progress: Callable[[int, int], None] | None = None
) -> caseload.Repository:
    """The caseload at ``args.root`` (settings and calendars; summaries on first use)."""
    return caseload.open(common.require_caseload(args.root), today, progress)


def load_summaries(
    args: argparse.Namespace,
    today: date,
    points: bool = True,
    sessions: tuple[date, date] | None = (date.min, date.max),
    mention: bool = True,
    details: bool | frozenset[Part] = True,
) -> Loaded:
    """Every student from the summary index (only changed students are read, with a
    progress bar on a terminal); problems are mentioned once on stderr, not fatal.
    ``details``: the parts of the students to read (``caseload.Repository.loaded``)."""
    with progress_bar("Indexing the caseload") as tick:
        repo = open_caseload(args, today, tick)
        loaded = repo.loaded(points, sessions, details)
    _keep(loaded)
    if mention:
        mention_problems(loaded.problems)
    return loaded


def load_for_answers(
    args: argparse.Namespace, today: date, progress: Callable[[int, int], None] | None = None
) -> Loaded:
    """Every record of the caseload at ``args.root``; problems are mentioned once on
    stderr, not fatal."""
    loaded = open_caseload(args, today).full(progress)
    _keep(loaded)
    mention_problems(loaded.problems)
    return loaded


def _keep(_loaded: Loaded) -> None:
    """The caseload lives as long as the command and holds no cycles: the garbage
    collector is paused until the command ends (``cli.main`` enables it again), as it
    would otherwise walk all its objects whenever the answer's many small objects
    trigger a full pass (~0.2 s at 5,000 students)."""
    gc.disable()


def load_one(args: argparse.Namespace, today: date, field: str, student_id: str) -> Loaded:
    """Settings, calendars and one student's full records (no other student is read)."""
    repo = open_caseload(args, today)
    try:
        check_slug(field, student_id)
        student, problems = repo.student(student_id)
    except InputError:
        raise InputError(
            f"{field}: no student '{student_id}' in this caseload; see caseterm student list"
        ) from None
    mention_problems([*repo.frame_problems, *problems])
    frame = repo.frame
    one = Caseload(frame.settings, frame.calendars, (student,))
    return Loaded(repo.root, one, [*repo.frame_problems, *problems], frame.rules)


def mention_problems(problems: list[Problem]) -> None:
    """Say once on stderr that some files have problems (answers cover what loaded)."""
    if problems:
        count = len(problems)
        noun = "problem" if count == 1 else "problems"
        print(
            f"caseterm: {count} {noun} in the caseload's files; answers cover what loaded "
            "(caseterm check lists them)",
            file=sys.stderr,
        )


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
