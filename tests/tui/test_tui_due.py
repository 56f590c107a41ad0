"""Due screen (issue 10 item 8): every open deadline of the caseload, overdue first,
filterable by kind and student; enter opens the student; the Overview lists its own."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import DataTable, Input, Select, Static

from caseterm.tui.screens.due import DueScreen
from caseterm.tui.screens.student import StudentScreen
from tests.conftest import TODAY
from tests.tui_support import column, make_app, settle, static_text


def _rows(table: DataTable[object]) -> list[tuple[str, str]]:
    """(due date, student id) per row, top to bottom."""
    keys = [str(row.key.value).split(":", 1)[1] for row in table.ordered_rows]
    return list(zip(column(table, 0), keys, strict=True))


async def test_d_lists_every_open_deadline_overdue_first_as_due_does(
    sample_copy: Path, cli
) -> None:
    expected = json.loads(cli("-C", sample_copy, "due", "--json", "--today", TODAY).out)
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DueScreen)
        table = screen.query_one("#due-table", DataTable)
        shown = _rows(table)
        assert sorted(shown) == sorted((d["due"], d["student"]) for d in expected)
        statuses = column(table, 2)
        overdue = statuses.count("overdue")
        assert overdue > 0 and statuses[:overdue] == ["overdue"] * overdue
        assert all(w.endswith("d late") for w in column(table, 1)[:overdue])
        assert f"{len(shown)} open deadlines · {overdue} overdue" in static_text(
            screen.query_one("#due-status", Static)
        )


async def test_due_filters_by_student_and_by_kind_and_enter_opens_the_student(
    sample_copy: Path,
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        table = screen.query_one("#due-table", DataTable)
        everyone = table.row_count
        await pilot.press("slash", *"Banks")
        await settle(pilot)
        assert 0 < table.row_count < everyone
        assert set(column(table, 3)) == {"Delphine Rautio-Banks"}
        await pilot.press("enter")  # back to the list, filter kept
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StudentScreen)
        assert app.screen.student_id == "delphine-r"
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        screen.query_one("#due-filter", Input).value = ""
        await settle(pilot)
        kind = screen.query_one("#due-kind", Select)
        kind.value = "progress-report"
        await settle(pilot)
        assert 0 < table.row_count < everyone
        assert all(label.startswith("Progress report") for label in column(table, 4))


async def test_overview_lists_the_students_open_deadlines(sample_copy: Path, cli) -> None:
    expected = json.loads(
        cli("-C", sample_copy, "due", "--student", "theo-b", "--json", "--today", TODAY).out
    )
    app = make_app(sample_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_student("theo-b")
        await settle(pilot)
        text = static_text(app.screen.query_one("#overview-body", Static))
        assert "Due" in text.splitlines()[0] or "\nDue" in text
        for item in expected:
            assert item["due"] in text
            assert item["title"] in text
