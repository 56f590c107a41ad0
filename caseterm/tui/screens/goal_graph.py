"""One goal's graph, full size: data points, aimline, trend and phase changes."""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static

from caseterm.model.progress import GoalProgress
from caseterm.tui.widgets.footer import KeysFooter
from caseterm.tui.widgets.goals import goal_header, goal_verdict
from caseterm.tui.widgets.plot import PlotData, plot_text

LEGEND = "● data  · aimline  * trend (latest phase)  ┊ phase change"


def plot_data(p: GoalProgress) -> PlotData:
    """The graph of a goal's progress, x in weeks from its start."""
    points = tuple((d.week, d.value) for d in p.days)
    aim = None
    if p.aimline is not None and p.target_week is not None:
        aim = ((0.0, p.aimline.at(0.0)), (p.target_week, p.aimline.at(p.target_week)))
    trend = None
    if p.trend is not None and p.phase_days:
        first = p.phase_days[0].week
        last = max(p.phase_days[-1].week, points[-1][0] if points else first)
        trend = ((first, p.trend.at(first)), (last, p.trend.at(last)))
    phases: tuple[float, ...] = ()
    if p.start is not None:
        phases = tuple((ph.start - p.start).days / 7 for ph in p.goal.phases if ph.start >= p.start)
    ends = ([p.goal.target_date] if aim else []) + ([p.days[-1].date] if p.days else [])
    right = max(ends).isoformat() if ends else ""
    left = p.start.isoformat() if p.start else ""
    if p.start is not None and not aim and not points:
        right = (p.start + timedelta(weeks=1)).isoformat()
    return PlotData(
        points=points,
        aimline=aim,
        trend=trend,
        phases=phases,
        unit=p.goal.unit,
        x_left=left,
        x_right=right,
        y_extra=(p.goal.target,),
    )


class GoalGraph(Static):
    """Redraws the plot to its own size."""

    def __init__(self, progress: GoalProgress) -> None:
        super().__init__()
        self.progress = progress

    def on_resize(self) -> None:
        self.update(plot_text(plot_data(self.progress), self.size.width, self.size.height))


class GoalGraphScreen(Screen[None]):
    """The large graph of one goal; escape goes back."""

    HELP_TITLE = "Goal graph"
    BINDINGS = [Binding("escape", "app.pop_screen", "Back", id="graph.back")]

    DEFAULT_CSS = """
    GoalGraphScreen GoalGraph { height: 1fr; padding: 0 1; }
    GoalGraphScreen .line { height: auto; padding: 0 1; }
    """

    def __init__(self, progress: GoalProgress) -> None:
        super().__init__()
        self.progress = progress

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(goal_header(self.progress), classes="line")
        yield GoalGraph(self.progress)
        yield Static(goal_verdict(self.progress), classes="line")
        yield Static(Text(LEGEND, style="dim"), classes="line")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = f"{self.progress.student}: {self.progress.goal.id}"
