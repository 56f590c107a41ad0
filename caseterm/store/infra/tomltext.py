"""TOML text: the one parser that defines "valid", positions of keys, and new records.

Reading uses rtoml (about 10x faster than tomllib, 90x faster than tomlkit; see the
docs/benchmarks.md). tomlkit is only used where existing text must be edited in
place (``store.edit``). New records are appended as text rendered here, so an append
never rewrites a byte of what was already in the file.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from functools import cache
from typing import Any

import rtoml

KeyPath = tuple[str | int, ...]

_POSITION = r"\s*at line (\d+) column (\d+)\s*$"


class TomlSyntaxError(Exception):
    """The text is not valid TOML; line and column are 1-based."""

    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.column = column
        self.message = message

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"


def parse(text: str) -> dict[str, Any]:
    """Parse TOML text, raising ``TomlSyntaxError`` with its position."""
    try:
        data: dict[str, Any] = rtoml.loads(text)
        return data
    except rtoml.TomlParsingError as error:
        message = str(error).strip()
        match = re.search(_POSITION, message)
        if match is None:
            first = message.splitlines()[0] if message else "invalid TOML"
            raise TomlSyntaxError(1, 1, f"invalid TOML: {first}") from None
        detail = message[: match.start()].strip().splitlines()
        text_line = detail[-1] if detail else "invalid TOML"
        raise TomlSyntaxError(
            int(match.group(1)), int(match.group(2)), f"invalid TOML: {text_line}"
        ) from None


# --- positions -----------------------------------------------------------------------


@cache
def _line_forms() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A table header's and a key's line (compiled when first needed: ~0.2 ms that an
    append never spends)."""
    header = re.compile(r"^\s*(\[\[?)\s*([A-Za-z0-9_.\- ]+?)\s*\]\]?\s*(#.*)?$")
    return header, re.compile(r"^\s*([A-Za-z0-9_\-]+)\s*=\s*")


def _resolve(names: Sequence[str], current: KeyPath) -> KeyPath:
    """Give a header's dotted names the array indices of the table we are inside."""
    out: list[str | int] = []
    position = 0
    for name in names:
        out.append(name)
        if position < len(current) and current[position] == name:
            position += 1
            if position < len(current) and isinstance(current[position], int):
                out.append(current[position])
                position += 1
        else:
            position = len(current)
    return tuple(out)


def locate(text: str, path: KeyPath) -> tuple[int, int]:
    """Best line and column for a key path such as ``("point", 3, "value")``.

    Finds the key's own line when it is written as ``key = value`` inside its table, else
    the table's header, else line 1. Good enough for the flat tables caseterm writes and
    for hand-edited files in the same shape.
    """
    key = path[-1] if path and isinstance(path[-1], str) else None
    table = path[:-1] if key is not None else path
    current: KeyPath = ()
    counters: dict[KeyPath, int] = {}
    best = (1, 1)
    header_form, key_form = _line_forms()
    for number, line in enumerate(text.splitlines(), start=1):
        header = header_form.match(line)
        if header:
            names = [n.strip() for n in header.group(2).split(".")]
            if header.group(1) == "[[":
                parent = _resolve(names[:-1], current)
                array = (*parent, names[-1])
                counters[array] = counters.get(array, -1) + 1
                current = (*array, counters[array])
            else:
                current = _resolve(names, current)
            if current == table:
                best = (number, 1)
            elif key is not None and current == path:
                return number, 1
            continue
        if current == table and key is not None:
            match = key_form.match(line)
            if match and match.group(1) == key:
                return number, match.end() + 1
    return best


# --- rendering new records -----------------------------------------------------------

_ESCAPES: dict[int, str] = {code: f"\\u{code:04x}" for code in (*range(0x20), 0x7F)}
_ESCAPES.update({ord(c): "\\" + e for c, e in zip('"\\\b\t\n\f\r', '"\\btnfr', strict=True)})
"""How a basic string writes what TOML does not take as it is: as
``json.dumps(text, ensure_ascii=False)`` does (a short escape, else ``\\u00XX``), and DEL
escaped too; without importing ``json`` (~1 ms on every write command)."""


def value_text(value: object) -> str:
    """One TOML 1.0 value: string, integer, float, boolean, date, time or list of these."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} cannot be written to TOML")
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, str):
        return '"' + value.translate(_ESCAPES) + '"'
    if isinstance(value, datetime):
        raise ValueError("caseterm writes dates, not date-times")
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def table_text(header: str, fields: Mapping[str, object], array: bool = True) -> str:
    """A ``[[header]]`` (or ``[header]``) block, skipping empty optional fields."""
    brackets = ("[[", "]]") if array else ("[", "]")
    lines = [f"{brackets[0]}{header}{brackets[1]}"]
    for key, value in fields.items():
        if value is None or value == "" or value == () or value == []:
            continue
        lines.append(f"{key} = {value_text(value)}")
    return "\n".join(lines) + "\n"


def append_block(text: str, block: str) -> str:
    """Append a block after existing text, separated by one blank line."""
    if not text.strip():
        return text + block
    if not text.endswith("\n"):
        text += "\n"
    if not text.endswith("\n\n"):
        text += "\n"
    return text + block
