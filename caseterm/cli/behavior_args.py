"""Argument helpers shared by the behaviour-support commands."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date, time
from typing import Any

from caseterm.cli import common
from caseterm.cli.reading import load_one
from caseterm.model.records import Student
from caseterm.store.infra.errors import InputError
from caseterm.store.infra.load import Loaded


def writer(parser: argparse.ArgumentParser) -> None:
    """Options of every command that writes: --today, --no-commit."""
    common.add_today(parser)
    common.add_no_commit(parser)


def reader(
    actions: argparse._SubParsersAction[Any], name: str, what: str
) -> argparse.ArgumentParser:
    """A read action taking STUDENT, --json and --today."""
    parser: argparse.ArgumentParser = actions.add_parser(name, help=f"show a student's {what}")
    parser.add_argument("student", metavar="STUDENT")
    common.add_json(parser)
    common.add_today(parser)
    return parser


def many(parser: argparse.ArgumentParser, flag: str, helptext: str) -> None:
    """A repeatable option (None when not given)."""
    parser.add_argument(flag, action="append", default=None, help=f"{helptext} (repeat for more)")


def pairs(option: str, values: Sequence[str] | None, form: str) -> list[tuple[str, str]]:
    """NAME=VALUE options as (name, value); an input error without '='."""
    out = []
    for value in values or ():
        name, sep, rest = value.partition("=")
        if not sep or not name:
            raise InputError(f"{option}: {value!r} has no '='; use {form}")
        out.append((name.strip(), rest.strip()))
    return out


def one_student(args: argparse.Namespace) -> tuple[Loaded, Student]:
    """Settings, calendars and the one student named by STUDENT."""
    loaded = load_one(args, common.today_of(args), "STUDENT", args.student)
    return loaded, loaded.caseload.students[0]


def iso(value: date | time | None) -> str | None:
    """A date or time in ISO form, or None."""
    return None if value is None else value.isoformat()
