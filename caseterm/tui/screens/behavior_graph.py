"""A student's behaviour data, one behaviour at a time: each session's figure with phase
lines (baseline, BIP, BIP changes), the aimline of the goal the behaviour feeds, the latest
phase's trend, and level / trend / variability per phase as text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header, Static

from caseterm.display import safe_text
from caseterm.model import behavior
from caseterm.model.progress import goal_progress
from caseterm.model.records import Student
from caseterm.tui.host import host_of
from caseterm.tui.state import State
from caseterm.tui.widgets.footer import KeysFooter
from caseterm.tui.widgets.plot import PlotData, plot_text

LEGEND = "● session  · aimline  * trend (latest phase)  ┊ phase change  level = median"


@dataclass(frozen=True)
class BehaviorView:
    """What the screen shows of one behaviour."""

    title: str
    plot: PlotData
    phases: tuple[str, ...]


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}"


def behavior_view(student: Student, name: str, today: date) -> BehaviorView:
    """The graph and per-phase lines of ``name`` (x in weeks from the first session)."""
    data = behavior.measures(student, name)
    target = behavior.bip_target(student, name)
    method = data[0].method if data else (target.method if target else "frequency")
    unit = behavior.UNITS[method]
    first = data[0].date if data else today
    points = tuple(((m.date - first).days / 7, m.value) for m in data)
    last_x = max((x for x, _ in points), default=0.0)
    phases = tuple(
        (p.start - first).days / 7
        for p in behavior.phase_starts(student)
        if p.start != date.min and p.start >= first
    )
    summaries = behavior.phase_summaries(student, name)
    aim = None
    aim_text = ""
    goal = next((g for g in student.goals if target and g.id == target.goal), None)
    if goal is not None:
        progress = goal_progress(goal, behavior.goal_points(student), today)
        if progress.aimline is not None and progress.start is not None:
            offset = (progress.start - first).days / 7
            left = max(0.0, offset)
            right = max(last_x, left + 1)
            aim = (
                (left, progress.aimline.at(left - offset)),
                (right, progress.aimline.at(right - offset)),
            )
            aim_text = f" · aim {goal.target:g} by {goal.target_date.isoformat()}"
    trend = None
    latest = next((s for s in reversed(summaries) if s.sessions >= 2), None)
    if latest is not None and latest.trend is not None and summaries[-1] is latest:
        inside = [m for m in data if latest.start is None or m.date >= latest.start]
        x0 = (inside[0].date - first).days / 7
        x1 = (inside[-1].date - first).days / 7
        trend = ((x0, latest.trend.at(0.0)), (x1, latest.trend.at(x1 - x0)))
    lines = []
    for s in summaries:
        if not s.sessions:
            lines.append(f"{s.label}: no sessions")
            continue
        slope = "—" if s.trend is None else f"{s.trend.slope:+.1f}/wk"
        lines.append(
            f"{s.label}: n={s.sessions} · level {_number(s.median)} (mean {_number(s.mean)})"
            f" · trend {slope} · range {_number(s.low)}-{_number(s.high)}"
        )
    title = f"{name} ({method}, {unit}){aim_text}"
    plot = PlotData(
        points=points,
        aimline=aim,
        trend=trend,
        phases=phases,
        unit=unit,
        x_left=first.isoformat() if data else "",
        x_right=data[-1].date.isoformat() if data else "",
    )
    return BehaviorView(safe_text(title), plot, tuple(safe_text(line) for line in lines))


class BehaviorPlot(Static):
    """The plot, redrawn to its own size."""

    def __init__(self) -> None:
        super().__init__()
        self.data: PlotData | None = None

    def show(self, data: PlotData) -> None:
        self.data = data
        self._draw()

    def on_resize(self) -> None:
        self._draw()

    def _draw(self) -> None:
        if self.data is not None and self.size.width:
            self.update(plot_text(self.data, self.size.width, self.size.height))


class BehaviorGraphScreen(Screen[None]):
    """Every behaviour of one student, one at a time; [ and ] switch."""

    HELP_TITLE = "Behaviour graph"

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back", id="behavior.back"),
        Binding("left_square_bracket,left", "step(-1)", "Previous", id="behavior.previous"),
        Binding("right_square_bracket,right", "step(1)", "Next behaviour", id="behavior.next"),
    ]

    DEFAULT_CSS = """
    BehaviorGraphScreen BehaviorPlot { height: 1fr; padding: 0 1; }
    BehaviorGraphScreen .line { height: auto; padding: 0 1; }
    """

    def __init__(self, student_id: str) -> None:
        super().__init__()
        self.student_id = student_id
        self.index = 0
        self.student: Student | None = None
        self.today = date.min

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="behavior-title", classes="line", markup=False)
        yield BehaviorPlot()
        yield Static("", id="behavior-phases", classes="line", markup=False)
        yield Static(Text(LEGEND, style="dim"), classes="line")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.sub_title = f"behaviour of {self.student_id}"
        host_of(self).show_current(self)

    def show_state(self, state: State) -> None:
        self.student = state.loaded.caseload.student(self.student_id)
        self.today = state.today
        self._draw()

    def action_step(self, step: int) -> None:
        names = behavior.behavior_names(self.student) if self.student else []
        if names:
            self.index = (self.index + step) % len(names)
            self._draw()

    def _draw(self) -> None:
        title = self.query_one("#behavior-title", Static)
        names = behavior.behavior_names(self.student) if self.student else []
        if self.student is None or not names:
            title.update(f"{self.student_id}: no BIP targets and no observation sessions")
            return
        name = names[self.index % len(names)]
        view = behavior_view(self.student, name, self.today)
        count = f"[{self.index % len(names) + 1}/{len(names)}] "
        title.update(count + view.title)
        self.query_one(BehaviorPlot).show(view.plot)
        self.query_one("#behavior-phases", Static).update("\n".join(view.phases))
