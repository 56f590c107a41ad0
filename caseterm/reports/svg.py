"""A goal's progress graph as inline SVG, readable when printed in black and white.

Series differ by marker shape and dash pattern, never by colour alone: measurements are
filled circles joined by a solid line, the goal line (aimline) is dashed and ends in an
open square at the goal, the trend is dotted, changes of instruction are dash-dot
vertical lines with their label. Every text from the files is escaped.
"""

from __future__ import annotations

import math
from datetime import date, timedelta
from html import escape as _html_escape

from caseterm.display import safe_text
from caseterm.reports.report_data import GoalReport
from caseterm.reports.words import long_date, number

WIDTH, HEIGHT = 640, 330
LEFT, RIGHT, TOP, BOTTOM = 58, 24, 34, 76
PLOT_W, PLOT_H = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
LABEL_CHARS = 44
POINT_CLASS = "point"
"""The class of each measurement's marker (one ``<circle>`` per day with data)."""


def escape(text: str) -> str:
    """Text for SVG: the display rule first, then XML escaping."""
    return _html_escape(safe_text(text))


def _nice_step(span: float, ticks: int = 5) -> float:
    raw = span / ticks if span > 0 else 1.0
    base = 10 ** math.floor(math.log10(raw))
    return float(next(m * base for m in (1, 2, 2.5, 5, 10) if m * base >= raw))


class _Scale:
    """Maps dates and values to SVG coordinates."""

    def __init__(self, first: date, last: date, low: float, high: float) -> None:
        self.first, self.last = first, max(last, first + timedelta(days=7))
        self.low, self.high = low, high if high > low else low + 1

    def x(self, day: date) -> float:
        span = (self.last - self.first).days
        return LEFT + PLOT_W * (day - self.first).days / span

    def y(self, value: float) -> float:
        return TOP + PLOT_H * (1 - (value - self.low) / (self.high - self.low))


def _f(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _line(x1: float, y1: float, x2: float, y2: float, css: str, **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<line class="{css}" x1="{_f(x1)}" y1="{_f(y1)}" x2="{_f(x2)}" y2="{_f(y2)}"{extra}/>'


def _text(x: float, y: float, text: str, anchor: str = "start", **attrs: str) -> str:
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    return f'<text x="{_f(x)}" y="{_f(y)}" text-anchor="{anchor}"{extra}>{escape(text)}</text>'


def _short(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= LABEL_CHARS else flat[: LABEL_CHARS - 1] + "…"


def _domain(r: GoalReport) -> _Scale:
    progress, goal = r.progress, r.goal
    days = [m.date for m in r.measurements]
    first = progress.start or (days[0] if days else r.as_of)
    first = min([first, *days])
    last = max([goal.target_date, r.as_of, *days])
    values = [m.value for m in r.measurements] + [goal.target]
    values += [v for v in (progress.baseline, r.expected) if v is not None]
    if progress.trend is not None and progress.phase_days:
        values += [progress.trend.at(d.week) for d in progress.phase_days]
    top, bottom = max(values), min(values)
    low = 0.0 if bottom >= 0 else bottom
    step = _nice_step(top - low)
    if low < 0:
        low = math.floor(low / step) * step
    high = math.ceil(top * 1.04 / step) * step if top > 0 else step
    if ("%" in goal.unit or "percent" in goal.unit.casefold()) and top <= 100 < high:
        high = 100.0
    return _Scale(first, last, low, high)


def _month_ticks(scale: _Scale) -> list[date]:
    ticks = []
    day = date(scale.first.year, scale.first.month, 1)
    while day <= scale.last:
        if day >= scale.first:
            ticks.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    if len(ticks) > 8:
        ticks = ticks[::2]
    return ticks


def _axes(scale: _Scale, unit: str) -> list[str]:
    out = ['<g class="axes" font-size="11" fill="#000">']
    step = _nice_step(scale.high - scale.low)
    value = scale.low
    while value <= scale.high + step / 1000:
        y = scale.y(value)
        out.append(_line(LEFT, y, LEFT + PLOT_W, y, "grid", stroke="#bbb", stroke_width="0.5"))
        out.append(_text(LEFT - 6, y + 4, number(value, 0 if step >= 1 else 1), "end"))
        value += step
    ticks = _month_ticks(scale)
    for index, day in enumerate(ticks):
        x = scale.x(day)
        out.append(_line(x, TOP + PLOT_H, x, TOP + PLOT_H + 5, "tick", stroke="#000"))
        label = f"{day:%b} {day.year}" if index == 0 or day.month == 1 else f"{day:%b}"
        out.append(_text(x, TOP + PLOT_H + 18, label, "middle"))
    bottom = TOP + PLOT_H
    out.append(_line(LEFT, TOP, LEFT, bottom, "axis", stroke="#000"))
    out.append(_line(LEFT, bottom, LEFT + PLOT_W, bottom, "axis", stroke="#000"))
    if unit:
        middle = TOP + PLOT_H / 2
        out.append(_text(16, middle, unit, "middle", transform=f"rotate(-90 16 {_f(middle)})"))
    out.append("</g>")
    return out


def _phases(r: GoalReport, scale: _Scale) -> list[str]:
    out = []
    for phase in r.phases:
        x = scale.x(phase.start)
        out.append(
            _line(x, TOP - 4, x, TOP + PLOT_H, "phase", stroke="#000", stroke_dasharray="7 3 1 3")
        )
        label = _short(phase.label) if phase.label else "Instruction changed"
        out.append(_text(x + 3, TOP - 8, label, font_size="10", font_style="italic"))
    return out


def _as_of(r: GoalReport, scale: _Scale) -> list[str]:
    x = scale.x(r.as_of)
    return [
        _line(x, TOP, x, TOP + PLOT_H, "report-date", stroke="#666", stroke_dasharray="1 2"),
        _text(
            x - 3,
            TOP + PLOT_H - 5,
            f"report {r.as_of:%b} {r.as_of.day}",
            "end",
            font_size="9",
            fill="#333",
        ),
    ]


def _aimline(r: GoalReport, scale: _Scale) -> list[str]:
    progress, goal = r.progress, r.goal
    out = []
    gx, gy = scale.x(goal.target_date), scale.y(goal.target)
    if progress.baseline is not None and progress.start is not None:
        out.append(
            _line(
                scale.x(progress.start),
                scale.y(progress.baseline),
                gx,
                gy,
                "aimline",
                stroke="#000",
                stroke_width="1.5",
                stroke_dasharray="9 5",
            )
        )
    out.append(
        f'<rect class="goal-marker" x="{_f(gx - 5)}" y="{_f(gy - 5)}" width="10" height="10" '
        'fill="#fff" stroke="#000" stroke-width="1.5"/>'
    )
    out.append(_text(gx - 8, gy - 9, "goal", "end", font_size="10"))
    return out


def _trend(r: GoalReport, scale: _Scale) -> list[str]:
    progress = r.progress
    if progress.trend is None or not progress.phase_days:
        return []
    first, last = progress.phase_days[0], progress.phase_days[-1]
    return [
        _line(
            scale.x(first.date),
            scale.y(progress.trend.at(first.week)),
            scale.x(last.date),
            scale.y(progress.trend.at(last.week)),
            "trend",
            stroke="#000",
            stroke_width="2.2",
            stroke_dasharray="2 3",
        )
    ]


def _data(r: GoalReport, scale: _Scale) -> list[str]:
    starts = sorted(p.start for p in r.phases)
    segments: dict[int, list[str]] = {}
    for m in r.measurements:
        segment = sum(1 for s in starts if s <= m.date)
        segments.setdefault(segment, []).append(f"{_f(scale.x(m.date))},{_f(scale.y(m.value))}")
    out = [
        f'<polyline class="data-line" points="{" ".join(pts)}" fill="none" stroke="#000" '
        'stroke-width="1.2"/>'
        for pts in segments.values()
        if len(pts) > 1
    ]
    for m in r.measurements:
        out.append(
            f'<circle class="{POINT_CLASS}" cx="{_f(scale.x(m.date))}" '
            f'cy="{_f(scale.y(m.value))}" r="3.6" fill="#000">'
            f"<title>{escape(long_date(m.date))}: {escape(r.value(m.value))}</title></circle>"
        )
    return out


def _legend() -> list[str]:
    y = HEIGHT - 14
    out = ['<g class="legend" font-size="10">']
    x = LEFT
    out.append(f'<circle cx="{x + 4}" cy="{y - 3}" r="3.6" fill="#000"/>')
    out.append(_text(x + 12, y, "measurement"))
    x += 96
    out.append(_line(x, y - 3, x + 26, y - 3, "", stroke="#000", stroke_dasharray="9 5"))
    out.append(f'<rect x="{x + 28}" y="{y - 8}" width="10" height="10" fill="#fff" stroke="#000"/>')
    out.append(_text(x + 44, y, "goal line to the goal"))
    x += 160
    out.append(
        _line(
            x, y - 3, x + 26, y - 3, "", stroke="#000", stroke_width="2.2", stroke_dasharray="2 3"
        )
    )
    out.append(_text(x + 32, y, "trend"))
    x += 72
    out.append(_line(x + 6, y - 12, x + 6, y + 2, "", stroke="#000", stroke_dasharray="7 3 1 3"))
    out.append(_text(x + 14, y, "instruction changed"))
    out.append("</g>")
    return out


def _description(r: GoalReport) -> str:
    count = len(r.measurements)
    if not count:
        return "No measurements yet."
    values = [m.value for m in r.measurements]
    return (
        f"{count} measurements from {long_date(r.measurements[0].date)} to "
        f"{long_date(r.measurements[-1].date)}, between {r.value(min(values))} and "
        f"{r.value(max(values))}; goal {r.value(r.goal.target)} by "
        f"{long_date(r.goal.target_date)}."
    )


def goal_svg(r: GoalReport, ident: str) -> str:
    """The graph of one goal; ``ident`` makes its ids unique within the document."""
    scale = _domain(r)
    title = f"Progress graph: {r.goal.area or r.goal.id}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="100%" role="img" aria-labelledby="{ident}-title {ident}-desc" '
        'font-family="Helvetica, Arial, sans-serif" class="graph">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(_description(r))}</desc>',
        *_axes(scale, r.goal.unit),
        *_phases(r, scale),
        *_as_of(r, scale),
        *_aimline(r, scale),
        *_trend(r, scale),
        *_data(r, scale),
        *_legend(),
        "</svg>",
    ]
    return "\n".join(parts)
