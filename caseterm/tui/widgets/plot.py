"""A progress graph drawn with text: data points, aimline, trend line and phase changes.

Works in any terminal and without colour: points are ``●``, the aimline ``·``, the trend
``*``, phase changes a ``┊`` column; the y axis is labelled with values and the unit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text

from caseterm.tui.colours import CYAN, GREEN, YELLOW

Point = tuple[float, float]


@dataclass(frozen=True)
class PlotData:
    """What to draw; x is in weeks from the aimline's start."""

    points: tuple[Point, ...]
    aimline: tuple[Point, Point] | None = None
    trend: tuple[Point, Point] | None = None
    phases: tuple[float, ...] = ()
    unit: str = ""
    x_left: str = ""
    x_right: str = ""
    y_extra: tuple[float, ...] = field(default=())


def _fmt(value: float) -> str:
    return f"{value:.0f}" if abs(value) >= 100 or value == int(value) else f"{value:.1f}"


def plot_text(data: PlotData, width: int, height: int) -> Text:
    """Render ``data`` into ``width`` x ``height`` cells (axis labels included)."""
    xs = [x for x, _ in data.points]
    ys = [y for _, y in data.points] + list(data.y_extra)
    for segment in (data.aimline, data.trend):
        if segment is not None:
            xs += [segment[0][0], segment[1][0]]
            ys += [segment[0][1], segment[1][1]]
    if not xs or not ys:
        return Text("no data yet")
    x0, x1 = min(xs), max(xs)
    y0, y1 = min(ys), max(ys)
    if x1 == x0:
        x1 = x0 + 1
    if y1 == y0:
        y0, y1 = y0 - 1, y1 + 1
    label_width = max(len(_fmt(y0)), len(_fmt(y1))) + 1
    cols = max(10, width - label_width - 1)
    rows = max(4, height - 2)
    grid = [[" "] * cols for _ in range(rows)]
    styles = [[""] * cols for _ in range(rows)]

    def cell(x: float, y: float) -> tuple[int, int]:
        col = round((x - x0) / (x1 - x0) * (cols - 1))
        row = rows - 1 - round((y - y0) / (y1 - y0) * (rows - 1))
        return min(max(row, 0), rows - 1), min(max(col, 0), cols - 1)

    def draw(a: Point, b: Point, char: str, style: str) -> None:
        steps = cols * 2
        for i in range(steps + 1):
            t = i / steps
            row, col = cell(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)
            if grid[row][col] == " ":
                grid[row][col], styles[row][col] = char, style

    for phase in data.phases:
        _, col = cell(phase, y0)
        for row in range(rows):
            grid[row][col], styles[row][col] = "┊", YELLOW
    if data.aimline is not None:
        draw(*data.aimline, "·", GREEN)
    if data.trend is not None:
        draw(*data.trend, "*", CYAN)
    for x, y in data.points:
        row, col = cell(x, y)
        grid[row][col], styles[row][col] = "●", "bold"

    out = Text()
    for index, chars in enumerate(grid):
        label = _fmt(y1) if index == 0 else _fmt(y0) if index == rows - 1 else ""
        out.append(label.rjust(label_width) + "┤")
        for char, style in zip(chars, styles[index], strict=True):
            out.append(char, style=style or None)
        out.append("\n")
    out.append(" " * label_width + "└" + "─" * cols + "\n")
    left, right = data.x_left, data.x_right
    gap = max(1, cols - len(left) - len(right))
    out.append(" " * (label_width + 1) + left + " " * gap + right)
    if data.unit:
        out.append(f"  ({data.unit})")
    return out
