"""Helpers shared by the CLI's commands: caseload lookup, dates, output."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from caseterm.display import safe_json, safe_text
from caseterm.model.fields import parse_date, parse_day
from caseterm.store.infra import layout
from caseterm.store.infra.errors import InputError

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from caseterm.store.infra.save import Saved


def require_caseload(root: Path) -> Path:
    """``root`` if it holds a caseload, else an input error saying how to get one."""
    if not (root / layout.SETTINGS_FILE).is_file():
        raise InputError(
            f"-C: {root} is not a caseload ({layout.SETTINGS_FILE} missing); "
            f"use -C DIR, set ${layout.ENV_CASELOAD}, or run caseterm init DIR"
        )
    return root


def today_of(args: argparse.Namespace) -> date:
    """``--today`` if given (for reproducible answers), else the system date."""
    given: str | None = getattr(args, "today", None)
    return parse_date("--today", given) if given else date.today()


def date_arg(field: str, text: str | None, today: date) -> date:
    """A date option: YYYY-MM-DD, ``today`` or ``yesterday``; None means today."""
    return today if text is None else parse_day(field, text, today)


def optional_date(field: str, text: str | None, today: date) -> date | None:
    return None if text is None else date_arg(field, text, today)


def add_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")


def add_today(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--today", metavar="YYYY-MM-DD", help="answer as of this date (default: the real date)"
    )


def add_no_commit(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--no-commit", action="store_true", help="write the files but make no git commit"
    )


def print_json(data: Any) -> None:
    """``data`` as JSON indented by 2 (what ``json.dump(indent=2)`` means), with the
    characters the display rule forbids escaped.

    Written by orjson (~30x faster than ``json``: ``due --json`` of a district is 12 MB);
    values orjson refuses (a non-string key, an integer past 64 bits) go to ``json_text``.
    The text is already safe, so it goes to the stream under ``SafeStream`` (which would
    scan all of it again)."""
    from caseterm.cli.terminal import raw_stream

    encoded = json_bytes(data)
    if encoded is None:
        sys.stdout.write(safe_json(json_text(data)) + "\n")
        return
    sys.stdout.flush()
    stream = raw_stream(sys.stdout)
    binary = getattr(stream, "buffer", None)
    if binary is not None and (stream.encoding or "").lower().replace("_", "-") in UTF8:
        stream.flush()
        binary.write(encoded + b"\n")  # the bytes as they are: no decode and encode again
        binary.flush()
        return
    stream.write(encoded.decode("utf-8") + "\n")


UTF8 = ("utf-8", "utf8")


_MAYBE_UNSAFE = (b"\x7f", b"\xc2", b"\xd8\x9c", b"\xe2\x80", b"\xe2\x81")
"""The UTF-8 lead bytes of every character the display rule escapes that a JSON writer
leaves as it is (DEL, C1 controls, bidi marks, U+2028/2029; the C0 controls are always
escaped by JSON): text without any of them needs no scan."""


def json_bytes(data: Any) -> bytes | None:
    """``data`` as UTF-8 JSON indented by 2 and made safe (``safe_json``), or None when
    orjson refuses a value. Not-a-number and infinities become ``null`` (valid JSON;
    ``json`` would write ``NaN``, which JSON parsers refuse)."""
    import orjson

    try:
        encoded = orjson.dumps(
            data,
            option=orjson.OPT_INDENT_2
            | orjson.OPT_PASSTHROUGH_DATACLASS
            | orjson.OPT_PASSTHROUGH_DATETIME,
        )
    except TypeError:  # orjson.JSONEncodeError is one
        return None
    if any(lead in encoded for lead in _MAYBE_UNSAFE):
        return safe_json(encoded.decode("utf-8")).encode("utf-8")
    return encoded


def json_text(data: Any) -> str:
    """The text of ``json.dumps(data, indent=2, ensure_ascii=False)`` (``cli.jsontext``:
    imported only for what orjson refuses, so that a command imports no ``json``)."""
    from caseterm.cli.jsontext import json_text as text

    return text(data)


def console() -> Console:
    """A Rich console: colour only on a terminal and when NO_COLOR is unset; all text it
    renders is shown by ``safe_text``'s rule."""
    from caseterm.cli.terminal import safe_console

    return safe_console()


NO_WRAP = frozenset({"date", "id"})
"""Columns never wrapped: a date or an id split over two lines is misread or mistyped."""


def table(title: str | None, columns: Sequence[str]) -> Table:
    from rich import box
    from rich.table import Table

    out = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    for column in columns:
        out.add_column(column, no_wrap=column in NO_WRAP)
    return out


Row = Mapping[str, Any]
Column = str | Callable[[Row], object]
"""A table column: the key of the row it shows, or a function of the row."""


def print_rows(
    rows: Sequence[Row], as_json: bool, title: str | None, columns: Mapping[str, Column]
) -> None:
    """``rows`` as JSON (``--json``), or as a table with a column per header of
    ``columns``."""
    if as_json:
        print_json(rows)
        return
    out = table(title, list(columns))
    for row in rows:
        out.add_row(
            *(cell(row[how] if isinstance(how, str) else how(row)) for how in columns.values())
        )
    console().print(out)


def cell(value: object) -> Text:
    """A table cell shown literally: no Rich markup, no terminal escapes."""
    from rich.text import Text

    return Text(safe_text("" if value is None else str(value)))


def report_saved(saved: Saved) -> int:
    """Say what a change did: the commit and its message (warnings to stderr)."""
    if saved.warning:
        print(f"caseterm: warning: {saved.warning}", file=sys.stderr)
    where = f"[{saved.commit[:8]}] " if saved.commit else ""
    print(f"{where}{saved.message}")
    if saved.record_id:
        print(f"id: {saved.record_id}")
    return 0
