"""Goals tab: per goal a sparkline with its numbers, baseline → target, trend vs aimline,
the decision and the projected date. Enter opens the full graph; a adds a data point."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Sparkline, Static

from caseterm.display import safe_text
from caseterm.model.progress import GoalProgress
from caseterm.model.records import Student
from caseterm.tui.colours import YELLOW
from caseterm.tui.focus import focus_now
from caseterm.tui.marks import DECISION_WORDS, LEGEND, decision_mark
from caseterm.tui.state import State
from caseterm.tui.widgets.requests import OpenGoalGraph


def _num(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:.0f}" if abs(value) >= 100 or value == int(value) else f"{value:.1f}"


def _slope(value: float | None) -> str:
    return "—" if value is None else f"{value:+.2f}/wk"


def goal_header(p: GoalProgress) -> Text:
    """``reading-fluency (reading)  43 → 90 wcpm by 2027-06-01``."""
    g = p.goal
    unit = f" {g.unit}" if g.unit else ""
    text = Text(safe_text(g.id), style="bold")
    if g.area:
        text.append(f" ({safe_text(g.area)})")
    text.append(f"  {_num(p.baseline)} → {_num(g.target)}{safe_text(unit)}")
    text.append(f" by {g.target_date.isoformat()}")
    if g.direction == "decrease":
        text.append("  ↓ decrease")
    return text


def goal_numbers(p: GoalProgress) -> Text:
    """The numbers the sparkline cannot show: range, last value, slopes."""
    values = [d.value for d in p.days]
    if not values:
        return Text("no data yet", style="dim")
    text = Text(f"{_num(min(values))}–{_num(max(values))}, last {_num(values[-1])}")
    text.append(f" ({p.points} pts)")
    return text


def goal_verdict(p: GoalProgress) -> Text:
    """Trend against aimline, decision, projected date, staleness and mastery."""
    text = decision_mark(p.decision, p.stale) + Text(" ")
    text.append(DECISION_WORDS.get(p.decision, p.decision), style="bold")
    aim = p.aimline.slope if p.aimline else None
    trend = p.trend.slope if p.trend else None
    text.append(f" · trend {_slope(trend)} vs aim {_slope(aim)}")
    if p.projected_date is not None:
        text.append(f" · reaches target {p.projected_date.isoformat()}")
    elif p.trend is not None:
        text.append(" · trend never reaches the target")
    if p.stale and p.last_date is not None:
        text.append(f" · stale: last data {p.last_date.isoformat()}", style=YELLOW)
    if p.mastery.status in ("met", "not-met"):
        text.append(f" · mastery {p.mastery.status}")
    return text


class GoalCard(Vertical, can_focus=True):
    """One goal: header, sparkline with numbers, verdict. Focusable."""

    DEFAULT_CSS = """
    GoalCard { height: auto; padding: 0 1; margin: 0 0 1 0; border-left: blank; }
    GoalCard:focus { border-left: thick $accent; background: $boost; }
    GoalCard Horizontal { height: 1; }
    GoalCard Sparkline { width: 24; height: 1; margin: 0 1 0 0; }
    GoalCard .numbers { width: 1fr; }
    """

    def __init__(self, progress: GoalProgress) -> None:
        super().__init__()
        self.progress = progress

    def compose(self) -> ComposeResult:
        p = self.progress
        yield Static(goal_header(p))
        with Horizontal():
            yield Sparkline([d.value for d in p.days] or [0.0], summary_function=max)
            yield Static(goal_numbers(p), classes="numbers")
        yield Static(goal_verdict(p))
        if p.goal.statement:
            yield Static(Text(safe_text(p.goal.statement), style="dim"))


class GoalsPane(VerticalScroll):
    """Every goal of the student; up/down to move, enter for the graph, a to add data."""

    HELP_TITLE = "Goals tab"
    BINDINGS = [
        Binding("down,j", "move(1)", "Next goal", show=False, id="goals.next"),
        Binding("up,k", "move(-1)", "Previous goal", show=False, id="goals.previous"),
        Binding("enter", "graph", "Graph", id="goals.graph"),
        Binding("a", "add_point", "Add data point", id="goals.add_point"),
    ]

    def compose(self) -> ComposeResult:
        yield Static(LEGEND, classes="hint")
        yield Vertical(id="goal-cards")

    def show(self, student: Student, state: State) -> None:
        view = state.overview.student(student.id)
        progress = view.progress if view is not None else ()
        self.call_later(self._rebuild, progress, self._focused_goal())

    async def _rebuild(self, progress: tuple[GoalProgress, ...], focused: str | None) -> None:
        holder = self.query_one("#goal-cards", Vertical)
        await holder.remove_children()
        if not progress:
            await holder.mount(Static("No goals yet: add one with caseterm goal add."))
            return
        await holder.mount_all(GoalCard(p) for p in progress)
        now = self.screen.focused
        if focused is not None:
            self._refocus(focused)
        elif now is None or now is self:
            self.focus_default()

    def focus_default(self) -> None:
        cards = self._cards()
        focus_now(cards[0] if cards else self)

    def _refocus(self, goal_id: str) -> None:
        for card in self.query(GoalCard):
            if card.progress.goal.id == goal_id:
                focus_now(card)

    def _focused_goal(self) -> str | None:
        focused = self.screen.focused if self.is_mounted else None
        return focused.progress.goal.id if isinstance(focused, GoalCard) else None

    def _cards(self) -> list[GoalCard]:
        return list(self.query(GoalCard))

    def action_move(self, step: int) -> None:
        cards = self._cards()
        if not cards:
            return
        focused = self.screen.focused
        index = cards.index(focused) if isinstance(focused, GoalCard) else -1
        target = cards[max(0, min(len(cards) - 1, index + step))]
        focus_now(target)
        target.scroll_visible()

    def _current(self) -> GoalCard | None:
        focused = self.screen.focused
        if isinstance(focused, GoalCard):
            return focused
        cards = self._cards()
        return cards[0] if cards else None

    def action_graph(self) -> None:
        card = self._current()
        if card is not None:
            self.post_message(OpenGoalGraph(card.progress))

    def action_add_point(self) -> None:
        card = self._current()
        screen = self.screen
        if card is not None and hasattr(screen, "show_data_entry"):
            screen.show_data_entry(card.progress.goal.id)
