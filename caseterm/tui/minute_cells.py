"""Cells of the minutes screen, formatted from the engine's minute grid.

A cell reads ``delivered/required`` for its week, required counted through today as in
``caseterm minutes`` (a week not started shows the whole week's requirement, dim); a
shortfall so far ends in ``!`` (and is bold yellow), a week whose missing minutes are all
excused ends in ``e``. Weeks with nothing required and nothing logged show ``—``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from rich.text import Text

from caseterm.display import safe_text
from caseterm.model.minutes import Period, ServiceMinutes
from caseterm.model.views.minute_grid import GridRow, MinuteGrid, Sums
from caseterm.tui.colours import LATE, SOON

SHORT = "!"
EXCUSED = "e"
SHORT_STYLE = SOON
LEGEND = "! short so far  e rest excused  · not started  — nothing due  * this week"
"""Each mark and its words; entries are apart by two blanks, since ``·`` is a mark here."""


def minutes_cell(m: ServiceMinutes, short: bool) -> Text:
    """``delivered/required`` of one week or of the whole period (``short``: flag it)."""
    if m.required_period == 0 and m.delivered == 0 and m.excused == 0 and m.owed == 0:
        return Text("—", style="dim", justify="right")
    if m.through is None:
        return Text(f"·/{m.required_period}", style="dim", justify="right")
    text = Text(f"{m.delivered}/{m.required}", justify="right")
    if short:
        text.append(SHORT)
        text.stylize(SHORT_STYLE)
    elif m.delivered < m.required and m.excused:
        text.append(EXCUSED)
    else:
        text.append(" ")
    return text


def owed_cell(minutes: int) -> Text:
    """Make-up minutes owed, blank when none."""
    return Text(str(minutes) if minutes else "", style=LATE, justify="right")


def week_name(week: Period) -> str:
    """``Nov 23``: the week's first weekday."""
    day = week.first
    while day.weekday() >= 5 and day < week.last:
        day += timedelta(days=1)
    return f"{day:%b} {day.day}"


def week_label(week: Period, today: date) -> Text:
    """The week's name, with ``*`` after this week's."""
    text = Text(week_name(week), justify="right")
    if week.first <= today <= week.last:
        text.append("*", style="bold")
    return text


NAME_WIDTH = 14
SERVICE_WIDTH = 11


def fit(text: str, width: int) -> Text:
    """``text`` shown literally, cut to ``width`` cells with an ellipsis."""
    cell = Text(safe_text(text), no_wrap=True)
    cell.truncate(width, overflow="ellipsis")
    return cell


def row_cells(row: GridRow, first_of_student: bool) -> list[Text]:
    """The name (on a student's first row only), service, total, owed, then each week."""
    name = Text(" ") + fit(row.name if first_of_student else "", NAME_WIDTH)
    cells = [name, fit(row.service, SERVICE_WIDTH)]
    cells += [minutes_cell(row.total, row.short), owed_cell(row.total.owed)]
    weeks = [minutes_cell(m, short) for m, short in zip(row.weeks, row.short_weeks, strict=True)]
    if row.monthly:
        for cell in weeks:
            cell.stylize("dim")
    return cells + weeks


def sums_rows(grid: MinuteGrid) -> list[tuple[str, list[Text]]]:
    """Three rows under the students: minutes delivered, required (through today, or in
    all for a week not started), and short services."""
    total = grid.sums()
    columns: list[Sums] = [total, *grid.week_sums()]

    def numbers(values: list[int], style: str = "") -> list[Text]:
        return [Text(str(v) if v else "", style=style, justify="right") for v in values]

    delivered = numbers([s.delivered for s in columns])
    required = numbers([s.required or s.required_period for s in columns])
    short = numbers([s.short for s in columns], SHORT_STYLE)
    return [
        (
            "sum.delivered",
            [
                Text(" All students", style="bold"),
                Text("delivered"),
                delivered[0],
                owed_cell(total.owed),
                *delivered[1:],
            ],
        ),
        ("sum.required", [Text(""), Text("required"), required[0], Text(""), *required[1:]]),
        ("sum.short", [Text(""), Text(f"short ({SHORT})"), short[0], Text(""), *short[1:]]),
    ]


def detail(row: GridRow, m: ServiceMinutes, span: str) -> Text:
    """Two lines about one cell: whose service it is, then its minutes over ``span``."""
    text = Text()
    text.append(safe_text(row.name), style="bold")
    text.append(f" · {safe_text(m.name)}")
    if row.monthly:
        text.append(" · per month: weeks are not judged on their own", style="dim")
    text.append(f"\n{span}: ")
    if m.through is None:
        text.append(f"{m.required_period} min required; not started yet")
        return text
    short = m.delivered + m.excused < m.required
    text.append(f"{m.delivered}/{m.required} min", style=SHORT_STYLE if short else "")
    if m.through < m.period.last:
        text.append(f" to {m.through:%b} {m.through.day}")
    if m.compliance_pct is not None:
        text.append(f" ({m.compliance_pct:g}%)")
    text.append(f" · excused {m.excused} · ")
    text.append(f"owed {m.owed}", style=LATE if m.owed else "")
    text.append(f" · unaccounted {m.unaccounted}")
    if m.required_period != m.required:
        text.append(f" · {m.required_period} in all")
    if m.over_delivered:
        text.append(f" · {m.over_delivered} over")
    if m.made_up_after:
        text.append(" · made up on " + ", ".join(f"{d:%m-%d}" for d in m.made_up_after))
    if m.estimated:
        text.append(" (estimated)")
    return text


def sums_detail(sums: Sums, span: str) -> Text:
    """Two lines about one column of the totals."""
    text = Text("All students", style="bold")
    text.append(f"\n{span}: {sums.delivered}/{sums.required} min")
    text.append(f" · excused {sums.excused} · owed {sums.owed} · ")
    text.append(f"{sums.short} short", style=SHORT_STYLE if sums.short else "")
    if sums.required_period != sums.required:
        text.append(f" · {sums.required_period} in all")
    return text


def week_window(widths: list[int], room: int, first: int, keep: int) -> tuple[int, int]:
    """The weeks ``[start, stop)`` to show: from ``first`` (moved as little as needed so
    that week ``keep`` is shown) as many as fit in ``room`` cells, at least one; a window
    that reaches the last week takes in earlier weeks while they fit."""
    count = len(widths)
    if count == 0:
        return 0, 0
    keep = max(0, min(keep, count - 1))
    start = max(0, min(first, keep))
    while True:
        stop, used = start, 0
        while stop < count and used + widths[stop] <= room:
            used += widths[stop]
            stop += 1
        stop = max(stop, start + 1)
        if keep < stop:
            break
        start += 1
    if stop == count:
        used = sum(widths[start:stop])
        while start > 0 and used + widths[start - 1] <= room:
            start -= 1
            used += widths[start]
    return start, stop


FIXED = 4
"""Student, service, the period's total and owed: the columns that never slide."""


@dataclass(frozen=True)
class Sheet:
    """Everything the minutes table shows, formatted (in a worker) from one grid."""

    grid: MinuteGrid
    rows: dict[str, GridRow]
    """The rows shown, by row key (``student/service``); the totals rows are not here."""
    cells: list[tuple[str, list[Text]]]
    """Every row's key and cells: the students' rows, then the totals."""
    headers: list[Text]
    widths: list[int]
    """Each column's width, one blank included (the table has no cell padding)."""


def sheet_of(grid: MinuteGrid, total_header: str, short_only: bool) -> Sheet:
    """The rows (only those short or owing, with ``short_only``), headers and widths."""
    rows: dict[str, GridRow] = {}
    cells: list[tuple[str, list[Text]]] = []
    previous = ""
    for row in grid.rows:
        if short_only and not (row.short or row.total.owed):
            continue
        key = f"{row.student}/{row.service}"
        rows[key] = row
        cells.append((key, row_cells(row, row.student != previous)))
        previous = row.student
    cells += sums_rows(grid)
    headers = [
        Text(" Student"),
        Text("Service"),
        Text(total_header, justify="right"),
        Text("Owed", justify="right"),
        *(week_label(week, grid.today) for week in grid.weeks),
    ]
    # One blank between columns; a week's header may get a ◀ or ▶ sign.
    widths = [
        1 + max([header.cell_len + 1] + [row[n].cell_len for _key, row in cells])
        for n, header in enumerate(headers)
    ]
    widths[:2] = [NAME_WIDTH + 2, SERVICE_WIDTH + 1]
    return Sheet(grid, rows, cells, headers, widths)
