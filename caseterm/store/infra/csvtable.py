"""Reading a spreadsheet's CSV file: its header and rows, numbered as the spreadsheet shows
them (the header is row 1).

UTF-8 with or without a byte-order mark; comma, semicolon or tab separated (Excel writes
semicolons in locales whose decimal mark is a comma). Cells are trimmed, and the ``'``
that spreadsheets and ``caseterm export`` put before text starting with ``= + - @`` is
removed. Empty rows are skipped.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from caseterm.store.infra.errors import InputError

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_SEPARATORS = (",", ";", "\t")


@dataclass(frozen=True, slots=True)
class Row:
    """One data row: its spreadsheet row number and its cells by column name."""

    number: int
    cells: dict[str, str]

    def get(self, column: str) -> str:
        return self.cells.get(column, "")


@dataclass(frozen=True, slots=True)
class Table:
    """A CSV file's normalised column names and its non-empty rows."""

    file: str
    header: tuple[str, ...]
    rows: tuple[Row, ...]
    problems: tuple[str, ...] = ()
    """``file:row: message`` for rows that could not be split into cells."""


def column_name(text: str) -> str:
    """``First Name`` -> ``first_name``: case, spaces and hyphens do not matter."""
    return re.sub(r"[\s\-]+", "_", text.strip().lstrip("\ufeff").strip()).casefold()


def unquote(cell: str) -> str:
    """A trimmed cell without the ``'`` that keeps spreadsheets from running formulas."""
    text = cell.strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def _separator(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in _SEPARATORS}
    best = max(_SEPARATORS, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def parse_table(text: str, file: str) -> Table:
    """The table in CSV ``text`` (``file`` names it in messages)."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise InputError(f"{file}:1: the file is empty; the first row names the columns")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_separator(text.split("\n")[0]))
    try:
        header_cells = next(reader)
    except csv.Error as error:
        raise InputError(f"{file}:1: {error}") from None
    header = tuple(column_name(c) for c in header_cells)
    rows: list[Row] = []
    problems: list[str] = []
    number = 1
    while True:
        number += 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(f"{file}:{number}: cannot read the row: {error}")
            continue
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
            problems.append(
                f"{file}:{number}: {len(cells)} cells but {len(header)} columns; "
                "quote cells that contain the separator"
            )
            continue
        rows.append(Row(number, {name: unquote(c) for name, c in zip(header, cells, strict=False)}))
    return Table(file=file, header=header, rows=tuple(rows), problems=tuple(problems))


def read_table(path: Path) -> Table:
    """The table in the CSV file at ``path``."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"FILE: {path} does not exist") from None
    except OSError as error:
        raise InputError(f"FILE: cannot read {path}: {error.strerror}") from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(
            f"FILE: {path} is not UTF-8 text; save it as 'CSV UTF-8' (Excel) or "
            "'Text CSV' with UTF-8 (LibreOffice)"
        ) from None
    return parse_table(text, str(path))


def check_header(
    table: Table, required: Sequence[str], optional: Sequence[str], ignored: Sequence[str]
) -> list[str]:
    """``file:1: message`` for each unknown, repeated or missing column."""
    known = (*required, *optional)
    problems = []
    seen: set[str] = set()
    for name in table.header:
        if name in seen and name:
            problems.append(f"{table.file}:1: column '{name}' appears twice")
        seen.add(name)
        if name not in known and name not in ignored:
            shown = name or "(empty)"
            problems.append(
                f"{table.file}:1: unknown column '{shown}'; the columns are {', '.join(known)}"
            )
    for name in required:
        if name not in seen:
            problems.append(
                f"{table.file}:1: missing column '{name}'; required: {', '.join(required)}"
            )
    return problems
