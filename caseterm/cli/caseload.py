"""Caseload-wide commands: ``init``, ``demo``, ``check``."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from caseterm.cli import common
from caseterm.cli.students import print_student_list
from caseterm.model.jsonable import jsonable
from caseterm.store import caseload
from caseterm.store.actions.setup import copy_demo, init_caseload, sample_caseload_dir
from caseterm.store.infra.errors import InputError


def registrars() -> dict[str, Callable[[argparse._SubParsersAction[Any]], None]]:
    """Each command of this module and the function adding its parser."""
    return {
        "init": _register_init,
        "demo": _register_demo,
        "check": _register_check,
    }


def _register_init(sub: argparse._SubParsersAction[Any]) -> None:
    init = sub.add_parser("init", help="create a caseload repository in DIR")
    init.add_argument("dir", metavar="DIR", type=Path, help="folder to create (or an empty one)")
    init.add_argument("--name", default="", help="a name for the caseload, e.g. 'Room 114'")
    init.add_argument("--profile", default="federal", help="state rule profile (default: federal)")
    common.add_today(init)
    init.set_defaults(handler=run_init)


def _register_demo(sub: argparse._SubParsersAction[Any]) -> None:
    demo = sub.add_parser("demo", help="copy the fictional sample caseload and open it")
    demo.add_argument("dir", metavar="DIR", type=Path, nargs="?", help="new folder for the copy")
    demo.add_argument(
        "--print", action="store_true", help="print the caseload summary instead of the TUI"
    )
    demo.set_defaults(handler=run_demo)


def _register_check(sub: argparse._SubParsersAction[Any]) -> None:
    check = sub.add_parser(
        "check", help="validate every file; silent and exit 0 when clean, else exit 1"
    )
    check.add_argument("dir", metavar="DIR", type=Path, nargs="?", help="caseload (default -C)")
    check.add_argument(
        "--schedule",
        action="store_true",
        help="also check the schedule against the plans (as caseterm schedule check does)",
    )
    common.add_today(check)
    common.add_json(check)
    check.set_defaults(handler=run_check)


def run_init(args: argparse.Namespace) -> int:
    saved = init_caseload(args.dir, args.name, common.today_of(args), args.profile)
    print(f"Created caseload in {args.dir}")
    return common.report_saved(saved)


def run_demo(args: argparse.Namespace) -> int:
    source = sample_caseload_dir()
    if source is None:
        raise InputError("demo: the sample caseload is missing; reinstall caseterm")
    dest = args.dir or Path(tempfile.mkdtemp(prefix="caseterm-demo-"))
    copy_demo(source, dest)
    print(f"Demo caseload (fictional students) copied to {dest}", file=sys.stderr)
    if args.print or not sys.stdout.isatty():
        repo = caseload.open(dest)
        print_student_list(
            repo.frame.settings.name, repo.summaries_with(points=False, sessions=False).values()
        )
        return 0
    from caseterm.tui.launch import open_tui

    return int(open_tui(dest))


def run_check(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.dir or args.root)
    today = common.today_of(args)
    loaded = caseload.open(root, today).full()
    found = list(loaded.problems)
    if args.schedule:
        from caseterm.store.actions.schedule import findings

        found += [x.problem for x in findings(loaded, today)]
    problems = sorted(found, key=lambda p: (p.file, p.line, p.column))
    if args.json:
        common.print_json(jsonable(problems))
        return 1 if problems else 0
    prefix = "" if root == Path() else f"{root.as_posix().rstrip('/')}/"
    for problem in problems:
        print(f"{prefix}{problem}")
    return 1 if problems else 0
