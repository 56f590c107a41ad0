"""``caseterm`` command line: argument parsing, dispatch and exit statuses.

Exit statuses: ``EXIT_STATUSES`` (also in ``caseterm --help``). Textual is imported only
when the TUI is opened.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, NoReturn, TypeAlias, cast

from caseterm import __version__
from caseterm.cli import once
from caseterm.store.infra import layout

MODULES = (
    "caseload",
    "students",
    "records",
    "events",
    "behavior",
    "observe",
    "behavior_notes",
    "assess",
    "mtss",
    "due",
    "progress",
    "minutes",
    "schedule",
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
    "edit": "records",
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
    "assess": "assess",
    "mtss": "mtss",
    "due": "due",
    "progress": "progress",
    "minutes": "minutes",
    "schedule": "schedule",
    "today": "schedule",
    "week": "schedule",
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
module offers ``registrars()`` (command -> function adding its parser), so that only the
command being run is built, or ``register(sub)`` adding all of its commands."""

Registrar: TypeAlias = "Callable[[argparse._SubParsersAction[Any]], None]"


def register_module(
    module: ModuleType, sub: argparse._SubParsersAction[Any], command: str | None = None
) -> None:
    """Add ``module``'s parsers to ``sub``: only ``command``'s when the module can."""
    registrars: Callable[[], dict[str, Registrar]] | None = getattr(module, "registrars", None)
    if registrars is None:
        module.register(sub)
    elif command is None:
        for add in dict.fromkeys(registrars().values()):
            add(sub)
    else:
        registrars()[command](sub)


EXIT_STATUSES = """\
exit status:
  0    done (check: no problems; conflicts: none left)
  1    problems found (check, conflicts), or the command could not finish: git, the
       network, the disk (full, read-only); the message says what to do
  2    bad input: an option, value, student or file that is not accepted; nothing written
  130  interrupted (Ctrl-C)"""


class Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit status 2; an option given twice is an error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, action in once.ACTIONS.items():
            self.register("action", name, action)

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")

    def _get_formatter(self) -> argparse.HelpFormatter:
        """The usual formatter, told the terminal's width: argparse would import
        ``shutil`` for it (~2 ms on every command), as it makes a formatter for each
        argument added."""
        formatter_class = cast("type[argparse.HelpFormatter]", self.formatter_class)
        return formatter_class(prog=self.prog, width=terminal_columns() - 2)


def terminal_columns() -> int:
    """``shutil.get_terminal_size().columns``: ``$COLUMNS``, else the width of the
    terminal on standard output, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


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
        description="Special-education caseloads as TOML files in git.\n"
        "Without a command, opens the terminal UI.",
        epilog=EXIT_STATUSES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
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
            register_module(importlib.import_module(f"caseterm.cli.{name}"), sub)
        return parser
    register_module(importlib.import_module(f"caseterm.cli.{COMMANDS[command]}"), sub, command)
    return parser


def _open_tui(args: argparse.Namespace) -> int:
    from caseterm.tui.launch import open_tui

    return int(open_tui(args.root))


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; everything it writes passes ``safe_text`` (cli/terminal.py).

    Without ``argv`` this is the process's own command line (the ``caseterm`` script,
    ``python -m caseterm``): the modules imported for it live until the process ends, so
    the garbage collector is told to leave them be (``gc.freeze``) once the command is
    parsed, and everything at the end, when the interpreter's last collections would walk
    every object only to free them at exit (~7 ms of a write command)."""
    process = argv is None
    argv = sys.argv[1:] if argv is None else argv
    try:
        if command_word(argv) is None:
            return _run(argv, process)
        from caseterm.cli.terminal import safe_output

        with safe_output():
            return _run(argv, process)
    finally:
        if process:
            gc.freeze()


def parse(argv: Sequence[str], freeze: bool = False) -> argparse.Namespace:
    """The command line parsed. The garbage collector is paused meanwhile: the command's
    modules are imported now, thousands of long-lived objects and no garbage, which a
    collection would only walk; with ``freeze``, they are left out of every later one."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return build_parser(argv).parse_args(argv)
    finally:
        if freeze:
            gc.freeze()
        if collecting:
            gc.enable()


def _run(argv: Sequence[str], process: bool) -> int:
    args = parse(argv, freeze=process)
    from caseterm.model.fields import FieldError
    from caseterm.store.infra.driver import ensure_for_caseload
    from caseterm.store.infra.errors import InputError, NotSaved
    from caseterm.store.infra.git import GitError
    from caseterm.store.infra.save import CommitFailed

    if args.root is None:
        args.root = layout.default_root()
    handler: Callable[[argparse.Namespace], int] | None = getattr(args, "handler", None)
    if args.command != "merge-driver":
        warning = ensure_for_caseload(args.root)
        if warning:
            print(f"caseterm: warning: {warning}", file=sys.stderr)
    collecting = gc.isenabled()
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
    except OSError as error:
        from caseterm.store.infra.errors import os_error_message

        print(f"caseterm: {os_error_message(error)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as error:
        if os.environ.get("CASETERM_DEBUG"):
            raise
        print(
            f"caseterm: internal error: {type(error).__name__}: {error} (nothing more was "
            "changed; CASETERM_DEBUG=1 shows the traceback; please report it)",
            file=sys.stderr,
        )
        return 1
    finally:
        if collecting:  # a read command pauses it (``cli.reading``)
            gc.enable()
