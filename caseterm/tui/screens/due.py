"""Due: every open deadline of the caseload, overdue first; filter by text and kind,
enter opens the student. The same deadlines ``caseterm due`` lists (``student_deadlines``
through the caseload overview)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, Select, Static

from caseterm.display import safe_text
from caseterm.model.compliance import KINDS, Deadline
from caseterm.tui.focus import focus_now, in_open_list, steady, takes_text
from caseterm.tui.host import host_of
from caseterm.tui.state import State
from caseterm.tui.widgets.footer import KeysFooter


def when_text(item: Deadline) -> str:
    """``37d late``, ``today``, ``in 5d``: a word, not a colour, says which side it is."""
    if item.days_left < 0:
        return f"{-item.days_left}d late"
    return "today" if item.days_left == 0 else f"in {item.days_left}d"


def open_items(state: State) -> list[Deadline]:
    """Every deadline not done, overdue first (oldest first), then the soonest."""
    items = [d for d in state.overview.deadlines if d.status != "done"]
    return sorted(items, key=lambda d: (d.due, d.student, d.kind, d.about))


class DueScreen(Screen[None]):
    """The caseload's to-do list of deadlines."""

    CSS_PATH = "../due.tcss"
    HELP_TITLE = "Due"
    BINDINGS = [
        Binding("escape", "back", "Back", priority=True, id="due.back"),
        Binding("enter", "open", "Open student", priority=True, id="due.open"),
        Binding("slash", "filter", "Filter", key_display="/", id="due.filter"),
        Binding("k", "kind", "Kind", id="due.kind"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.items: list[Deadline] = []
        self.names: dict[str, str] = {}
        self.filter_text = ""
        self.kind: str = ""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="due-filters"):
            yield steady(
                Input(placeholder="filter: student or item", id="due-filter", compact=True)
            )
            yield Select[str]([], prompt="all kinds", allow_blank=True, id="due-kind", compact=True)
        yield DataTable(id="due-table", cursor_type="row", zebra_stripes=True)
        yield Static("", id="due-status", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#due-table", DataTable)
        for key, label, width in (
            ("due", "due", 10),
            ("when", "when", 9),
            ("status", "status", 8),
            ("student", "student", 20),
            ("item", "item", 40),
        ):
            table.add_column(label, key=key, width=width)
        focus_now(table)
        host_of(self).show_current(self)

    def show_state(self, state: State) -> None:
        self.items = open_items(state)
        self.names = {s.id: s.name for s in state.loaded.caseload.students}
        kinds = sorted({d.kind for d in self.items}, key=lambda k: KINDS.get(k, k))
        select = self.query_one("#due-kind", Select)
        with self.prevent(Select.Changed):
            select.set_options([(KINDS.get(k, k), k) for k in kinds])
            if self.kind in kinds:
                select.value = self.kind
            else:
                self.kind = ""
        self._fill()

    def _shown(self) -> list[Deadline]:
        needle = self.filter_text.casefold()
        out = []
        for item in self.items:
            if self.kind and item.kind != self.kind:
                continue
            text = f"{item.student} {self.names.get(item.student, '')} {item.label}".casefold()
            if needle and needle not in text:
                continue
            out.append(item)
        return out

    def _fill(self) -> None:
        table = self.query_one("#due-table", DataTable)
        table.clear()
        shown = self._shown()
        for index, item in enumerate(shown):
            late = item.status == "overdue"
            label = item.label + (" (estimated)" if item.estimated else "")
            table.add_row(
                Text(item.due.isoformat()),
                Text(when_text(item), style="bold" if late else ""),
                Text(item.status, style="bold reverse" if late else ""),
                Text(safe_text(self.names.get(item.student, item.student))),
                Text(safe_text(label)),
                key=f"{index}:{item.student}",
            )
        overdue = sum(1 for d in shown if d.status == "overdue")
        count = (
            f"{len(shown)} of {len(self.items)}"
            if len(shown) != len(self.items)
            else str(len(shown))
        )
        self.query_one("#due-status", Static).update(
            f"{count} open deadlines · {overdue} overdue · enter: open the student"
        )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open":
            return isinstance(self.focused, (DataTable, Input))
        if action in ("filter", "kind"):
            return not takes_text(self.focused)
        if action == "back":
            return not in_open_list(self.focused)
        return True

    @on(Input.Changed, "#due-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        self._fill()

    @on(Select.Changed, "#due-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        self.kind = "" if event.value is Select.NULL else str(event.value)
        self._fill()
        focus_now(self.query_one("#due-table", DataTable))

    def action_filter(self) -> None:
        focus_now(self.query_one("#due-filter", Input))

    def action_kind(self) -> None:
        focus_now(self.query_one("#due-kind", Select))

    def action_open(self) -> None:
        """Enter: from the filter to the list (at once, so a second enter typed ahead
        opens the student), or open the student of the chosen row."""
        table = self.query_one("#due-table", DataTable)
        if isinstance(self.focused, Input):
            focus_now(table)
            return
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key is not None:
                host_of(self).open_student(str(key).split(":", 1)[1])

    def action_back(self) -> None:
        if self.focused is not self.query_one("#due-table", DataTable):
            focus_now(self.query_one("#due-table", DataTable))
            return
        self.dismiss()
