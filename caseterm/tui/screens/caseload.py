"""Home screen: one row per student, filterable and sortable; enter opens the student."""

from __future__ import annotations

from functools import partial
from itertools import repeat
from operator import contains
from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import Reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable, Header, Input, Static
from textual.widgets.data_table import ColumnKey

from caseterm.display import safe_text
from caseterm.model.mtss import tier_on
from caseterm.store.actions.assess_changes import refer_from_mtss
from caseterm.tui.focus import focus_now, steady, takes_text
from caseterm.tui.host import host_of
from caseterm.tui.overview_rows import COLUMNS, NARROWEST, Row, rows_for, widths_for
from caseterm.tui.screens.form_modal import FormScreen
from caseterm.tui.state import State
from caseterm.tui.widgets.caseload_table import CaseloadTable
from caseterm.tui.widgets.filter_box import FilterBox
from caseterm.tui.widgets.footer import KeysFooter
from caseterm.tui.widgets.form import date_field, text_field

PLAN_FILTERS = ("", "IEP", "504", "IFSP", "MTSS", "T1", "T2", "T3")
"""What ``t`` cycles through: everyone, each plan type, each MTSS tier."""
PLAN_FILTER_NAMES = {
    "": "all",
    "IEP": "IEP",
    "504": "504",
    "IFSP": "IFSP",
    "MTSS": "MTSS (every tier)",
    "T1": "MTSS Tier 1",
    "T2": "MTSS Tier 2",
    "T3": "MTSS Tier 3",
}


def _plan_matches(plan: str, wanted: str) -> bool:
    """Whether a row's plan column (a plan type, or an MTSS tier ``T1``-``T3``) is wanted."""
    if not wanted or plan == wanted:
        return True
    return wanted == "MTSS" and plan in ("T1", "T2", "T3")


class CaseloadScreen(Screen[None]):
    """The caseload at a glance: deadlines, minutes, goal status, fresh data."""

    BINDINGS = [
        Binding("enter", "open", "Open", priority=True, id="caseload.open"),
        Binding("slash", "filter", "Filter", key_display="/", id="caseload.filter"),
        Binding("s", "sort", "Sort", id="caseload.sort"),
        Binding("d", "app.due", "Due", id="caseload.due"),
        Binding("T", "app.today", "Today", show=False, id="caseload.today"),
        Binding("home", "jump(0)", "First student", show=False, priority=True, id="caseload.first"),
        Binding("end", "jump(-1)", "Last student", show=False, priority=True, id="caseload.last"),
        Binding("r", "reverse", "Reverse", show=False, id="caseload.reverse"),
        Binding(
            "escape", "clear_filter", "Clear filter", show=False, priority=True, id="caseload.clear"
        ),
        Binding("y", "safety", "Safety", id="caseload.safety"),
        Binding("o", "observe", "Observe", id="caseload.observe"),
        Binding("b", "behavior", "Behaviour", show=False, id="caseload.behavior"),
        Binding("t", "plan_filter", "Plan/tier", show=False, id="caseload.plan"),
        Binding("R", "refer", "Refer (Tier 3)", show=False, id="caseload.refer"),
    ]

    focused: Reactive[Widget | None] = Reactive(None, repaint=False)
    """As Textual's, without repainting the whole screen when focus moves (the filter box
    and back): the widgets that gain and lose focus repaint themselves."""

    FOOTER_ACTIONS = frozenset(("help", "quit", "open", "filter", "due", "calendar", "minutes"))
    """The everyday keys, all of them whole in the footer at 80 columns; the other keys
    stay bound and are in F1 help and in the command palette (``PALETTE``)."""
    PALETTE = (
        ("Sort", "Sort the caseload by the next column (s)", "sort"),
        ("Reverse the sort", "Sort the other way round (r)", "reverse"),
        ("Plan or tier filter", "Show one plan type or MTSS tier, then all (t)", "plan_filter"),
        ("Safety plan", "The highlighted student's safety plan (y)", "safety"),
        ("Observe", "Start an observation of the highlighted student (o)", "observe"),
        ("Behaviour graph", "The highlighted student's behaviour data (b)", "behavior"),
        ("Refer for evaluation", "Refer the highlighted Tier 3 student (R)", "refer"),
    )
    """Palette commands for the caseload keys the footer leaves out: title, help, action."""

    def __init__(self) -> None:
        super().__init__()
        self.state: State | None = None
        self.rows: list[Row] = []
        self.sort_column = 0
        self.sort_reverse = False
        self.filter_text = ""
        self.widths = NARROWEST
        self.plan_filter = ""
        self._ordered: list[Row] | None = None
        """``rows`` in the current sort order (kept until the rows or the order change)."""
        self._whole: list[tuple[str, tuple[Text, ...]]] = []
        """The table's rows of ``_ordered``, unfiltered (the same list while it is kept)."""
        self._texts: list[str] = []
        """The search texts of ``_ordered``, in the same order."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield steady(FilterBox(placeholder="filter: name, grade, plan, any text", id="filter"))
        yield CaseloadTable(id="students")
        yield Static("", id="caseload-status", markup=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False
        table = self.query_one("#students", CaseloadTable)
        self._add_columns(table)
        table.focus()
        host_of(self).show_current(self)

    def _add_columns(self, table: DataTable[Any]) -> None:
        for key, label, width in COLUMNS:
            table.add_column(label, key=key, width=self.widths.of(key, width))

    def show_state(self, state: State) -> None:
        self.state = state
        self._fit_columns()
        self.rows = rows_for(state, self.widths)
        self._ordered = None
        self._fill()

    def _fit_columns(self) -> None:
        """Names and deadlines take the room the terminal gives."""
        if self.state is None:
            return
        widths = widths_for(self.state.overview.students, self.app.size.width)
        if widths != self.widths:
            self.widths = widths
            columns = self.query_one("#students", DataTable).columns
            for key, _label, width in COLUMNS:
                columns[ColumnKey(key)].width = widths.of(key, width)

    def on_resize(self, _event: events.Resize) -> None:
        """Cut names and deadlines again for the new width."""
        before = self.widths
        self._fit_columns()
        if self.state is not None and self.widths != before:  # _fill redraws the table
            self.rows = rows_for(self.state, self.widths)
            self._ordered = None
            self._fill()

    def _fill(self) -> None:
        """Show the rows that match the filter in the sort order: the rows and their
        order are kept, so a key costs one pass over the students' search texts."""
        table = self.query_one("#students", CaseloadTable)
        if self._ordered is None:
            column = self.sort_column
            self._ordered = sorted(
                self.rows, key=lambda r: r.sort_keys[column], reverse=self.sort_reverse
            )
            self._whole = [(r.student_id, r.cells) for r in self._ordered]
            self._texts = [r.search_text for r in self._ordered]
        needle = self.filter_text.casefold()
        plan = self.plan_filter
        selected = self._selected_id()
        if plan:
            keep = [needle in r.search_text and _plan_matches(r.plan, plan) for r in self._ordered]
            table.show_rows(self._whole, selected, keep=keep)
        elif needle:
            # ``needle in text`` for each kept search text, in C (no Python step per row)
            table.show_rows(self._whole, selected, keep=map(contains, self._texts, repeat(needle)))
        else:
            table.show_rows(self._whole, selected, whole=True)
        shown_count = table.row_count
        label = COLUMNS[self.sort_column][1]
        arrow = "▼" if self.sort_reverse else "▲"
        total = len(self.rows)
        count = f"{shown_count} of {total}" if needle or plan else f"{total}"
        filt = f" · filter: {self.filter_text!r}" if needle else ""
        filt += f" · plan: {PLAN_FILTER_NAMES[self.plan_filter]}" if self.plan_filter else ""
        sync = f" · {self.state.sync_line}" if self.state is not None else ""
        # One line of fixed height and the screen's width: no layout pass per key.
        self.query_one("#caseload-status", Static).update(
            f"{count} students · sorted by {label} {arrow}{filt}{sync}", layout=False
        )

    def highlighted_student(self) -> str | None:
        """The id of the student under the cursor (the palette's student commands act on
        them)."""
        return self._selected_id()

    def _selected_id(self) -> str | None:
        table = self.query_one("#students", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return None if key.value is None else str(key.value)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "filter", "jump"):
            return not takes_text(self.focused)
        if action == "clear_filter":
            return self.query_one("#filter", Input).display
        return True

    def action_jump(self, row: int) -> None:
        table = self.query_one("#students", DataTable)
        if table.row_count:
            table.move_cursor(row=row % table.row_count)

    def action_open(self) -> None:
        student_id = self._selected_id()
        if student_id is not None:
            host_of(self).open_student(student_id)

    @on(DataTable.RowSelected, "#students")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            host_of(self).open_student(str(event.row_key.value))

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        focus_now(box)

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        text = event.value.strip()
        if text != self.filter_text:
            self.filter_text = text
            self._fill()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        focus_now(self.query_one("#students", DataTable))

    def action_clear_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.value = ""
        box.display = False
        self.filter_text = ""
        self._fill()
        focus_now(self.query_one("#students", DataTable))

    def action_plan_filter(self) -> None:
        """Show only one plan type, then only one MTSS tier, then everyone again."""
        index = PLAN_FILTERS.index(self.plan_filter) if self.plan_filter in PLAN_FILTERS else 0
        self.plan_filter = PLAN_FILTERS[(index + 1) % len(PLAN_FILTERS)]
        self._fill()

    def action_refer(self) -> None:
        """Refer the selected Tier 3 student for an evaluation, after a confirmation that
        also takes the concern (the store action carries the intervention data)."""
        student_id = self._selected_id()
        if student_id is None or self.state is None:
            return
        view = next((v for v in self.state.overview.students if v.student.id == student_id), None)
        if view is None:
            return
        student, today = view.student, self.state.today
        if tier_on(student, today) != 3:
            self.notify(
                safe_text(
                    f"{student.name} is not at Tier 3: a referral from MTSS is for a "
                    "Tier 3 student (caseterm assess refer records any other referral)."
                ),
                title="Not referred",
                severity="warning",
                markup=False,
            )
            return
        fields = [
            date_field("date", "Referral date", today),
            text_field("concern", "Concern"),
        ]
        title = safe_text(f"Refer {student.name} (Tier 3) for an evaluation?")
        self.app.push_screen(FormScreen(title, fields, "Refer"), partial(self._refer, student_id))

    def _refer(self, student_id: str, values: dict[str, Any] | None) -> None:
        if values is None:
            return
        app = host_of(self)
        root = app.root
        app.save(lambda: refer_from_mtss(root, student_id, values["date"], values["concern"]))

    def action_sort(self) -> None:
        self.sort_column = (self.sort_column + 1) % len(COLUMNS)
        self._ordered = None
        self._fill()

    def action_reverse(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self._ordered = None
        self._fill()

    @on(DataTable.HeaderSelected, "#students")
    def _header(self, event: DataTable.HeaderSelected) -> None:
        index = event.column_index
        if index == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        self.sort_column = index
        self._ordered = None
        self._fill()

    # --- behaviour support (screens of their own) ----------------------------------------

    def action_safety(self) -> None:
        from caseterm.tui.screens.safety import SafetyScreen

        student_id = self._selected_id()
        if student_id is not None:
            self.app.push_screen(SafetyScreen(student_id))

    def action_observe(self) -> None:
        from caseterm.tui.screens.observe_setup import start_observation

        student_id = self._selected_id()
        if student_id is not None:
            start_observation(self, student_id)

    def action_behavior(self) -> None:
        from caseterm.tui.screens.behavior_graph import BehaviorGraphScreen

        student_id = self._selected_id()
        if student_id is not None:
            self.app.push_screen(BehaviorGraphScreen(student_id))
