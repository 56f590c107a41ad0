"""CSV text that opens cleanly in a spreadsheet.

Dates are ISO (YYYY-MM-DD), numbers plain, booleans ``true``/``false``. Text cells that a
spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return) get a leading ``'``, which spreadsheets show as text and hide; numbers
are written by caseterm itself and keep their sign. ``store.imports`` removes that quote
again, so exported files import back unchanged.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date

from caseterm.store.infra.csvtable import FORMULA_STARTS

BOM = "\ufeff"

Cell = str | int | float | bool | date | None


def neutralise(text: str) -> str:
    """``text`` with a leading ``'`` if a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def cell_text(value: Cell) -> str:
    """One cell as text: ISO dates, plain numbers, true/false, neutralised text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, date):
        return value.isoformat()
    return neutralise(value)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Cell]], bom: bool = False) -> str:
    """The CSV text of ``rows`` under ``header`` (CRLF line ends, as spreadsheets write)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([cell_text(value) for value in row])
    return (BOM if bom else "") + out.getvalue()
