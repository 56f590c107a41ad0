"""``caseterm`` command line: argument parsing, dispatch and exit statuses.

Exit statuses: 0 done; 1 problems found or the change could not be saved; 2 bad input
(nothing written). Textual is imported only when the TUI is opened.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from caseterm import __version__
from caseterm.store import layout

MODULES = (
    "caseload",
    "students",
    "records",
    "events",
    "behavior",
    "observe",
    "behavior_notes",
    "due",
    "progress",
    "minutes",
    "report",
    "export",
    "imports",
    "sharing",
    "completion",
)
COMMANDS: dict[str, str] = {
    "init": "caseload",
    "demo": "caseload",
    "check": "caseload",
    "student": "students",
    "plan": "students",
    "goal": "records",
    "data": "records",
    "service": "records",
    "meeting": "records",
    "contact": "records",
    "remove": "records",
    "history": "records",
    "removal": "events",
    "absence": "events",
    "consent": "events",
    "notice": "events",
    "fba": "behavior",
    "bip": "behavior",
    "behavior": "behavior",
    "observe": "observe",
    "ioa": "observe",
    "abc": "behavior_notes",
    "fidelity": "behavior_notes",
    "safety": "behavior_notes",
    "due": "due",
    "progress": "progress",
    "minutes": "minutes",
    "report": "report",
    "export": "export",
    "import": "imports",
    "clone": "sharing",
    "sync": "sharing",
    "conflicts": "sharing",
    "resolve": "sharing",
    "blame": "sharing",
    "merge-driver": "sharing",
    "completion": "completion",
}
"""The CLI module that registers and runs each command; only that one is imported. A
module may offer ``register_one(sub, command)`` to build that command's parser alone."""


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


def command_word(argv: Sequence[str]) -> str | None:
    """The command in ``argv`` after the global options, or None (help, version, none)."""
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg == "-C":
            skip = True
        elif not arg.startswith("-"):
            return arg
        elif not arg.startswith("-C"):
            return None
    return None


def build_parser(argv: Sequence[str] | None = None) -> Parser:
    """The parser; given ``argv`` naming a known command, only that command's parser is built."""
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
    command = command_word(argv) if argv is not None else None
    if command not in COMMANDS:
        for name in MODULES:
            importlib.import_module(f"caseterm.cli.{name}").register(sub)
        return parser
    module = importlib.import_module(f"caseterm.cli.{COMMANDS[command]}")
    register_one: Callable[[argparse._SubParsersAction[Parser], str], None] | None = getattr(
        module, "register_one", None
    )
    if register_one is None:
        module.register(sub)
    else:
        register_one(sub, command)
    return parser


def _open_tui(args: argparse.Namespace) -> int:
    from caseterm.tui.launch import open_tui

    return int(open_tui(args.root))


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = build_parser(argv).parse_args(argv)
    from caseterm.model.fields import FieldError
    from caseterm.store.driver import ensure_for_caseload
    from caseterm.store.errors import InputError, NotSaved
    from caseterm.store.git import GitError
    from caseterm.store.save import CommitFailed

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
