"""``caseterm`` command line: argument parsing, dispatch and exit statuses.

Exit statuses: 0 done; 1 problems found or the change could not be saved; 2 bad input
(nothing written). Textual is imported only when the TUI is opened.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from caseterm import __version__
from caseterm.cli import (
    caseload,
    completion,
    due,
    export,
    imports,
    minutes,
    progress,
    records,
    report,
    sharing,
    students,
)
from caseterm.model.fields import FieldError
from caseterm.store import layout
from caseterm.store.driver import ensure_for_caseload
from caseterm.store.errors import InputError, NotSaved
from caseterm.store.git import GitError
from caseterm.store.save import CommitFailed

Register = Callable[["argparse._SubParsersAction[Parser]"], None]
MODULES: tuple[Register, ...] = (
    caseload.register,
    students.register,
    records.register,
    due.register,
    progress.register,
    minutes.register,
    report.register,
    export.register,
    imports.register,
    sharing.register,
    completion.register,
)


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> Parser:
    parser = Parser(
        prog="caseterm",
        description="Special-education caseloads as TOML files in git. "
        "Without a command, opens the terminal UI.",
    )
    parser.add_argument("--version", action="version", version=f"caseterm {__version__}")
    parser.add_argument(
        "-C",
        dest="root",
        metavar="DIR",
        type=Path,
        default=None,
        help=f"caseload folder (default: ${layout.ENV_CASELOAD}, else the current folder)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for register in MODULES:
        register(sub)
    return parser


def _open_tui(args: argparse.Namespace) -> int:
    from caseterm.tui.launch import open_tui

    return int(open_tui(args.root))


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.root is None:
        args.root = layout.default_root()
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if args.command != "merge-driver":
        warning = ensure_for_caseload(args.root)
        if warning:
            print(f"caseterm: warning: {warning}", file=sys.stderr)
    try:
        if handler is None:
            return _open_tui(args)
        return handler(args)
    except (InputError, FieldError) as error:
        print(f"caseterm: {error}", file=sys.stderr)
        return 2
    except (NotSaved, CommitFailed, GitError) as error:
        print(f"caseterm: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        return 1
    except KeyboardInterrupt:
        return 130
