"""The TUI starts on a caseload whose files hold numbers at the edge of what a float can."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from caseterm.tui.screens.caseload import CaseloadScreen
from caseterm.tui.screens.goal_graph import GoalGraph, GoalGraphScreen
from caseterm.tui.screens.student import StudentScreen
from tests.tui_support import column, make_app, settle, static_text


@pytest.mark.parametrize("value", ["1.7e308", "-1.7e308", "1e300", "inf", "nan"])
async def test_app_starts_on_a_hand_edited_huge_value(sample_copy: Path, value: str) -> None:
    data = sample_copy / "students/theo-b/data.toml"
    lines = data.read_text().splitlines(keepends=True)
    points = [i for i, line in enumerate(lines) if line.startswith("value = ")]
    for index in points[-2:]:
        lines[index] = f"value = {value}\n"
    data.write_text("".join(lines))
    app = make_app(sample_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        table = app.screen.query_one("#students", DataTable)
        assert "⚠ Theo Brannigan" in column(table, 0)


async def test_goals_and_graph_of_values_at_the_bounds(sample_copy: Path) -> None:
    data = sample_copy / "students/theo-b/data.toml"
    lines = data.read_text().splitlines(keepends=True)
    points = [i for i, line in enumerate(lines) if line.startswith("value = ")]
    for n, index in enumerate(points[-6:]):
        lines[index] = f"value = {(-1) ** n * 1_000_000_000}\n"
    data.write_text("".join(lines))
    app = make_app(sample_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_student("theo-b", "goals")
        await settle(pilot)
        assert isinstance(app.screen, StudentScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GoalGraphScreen)
        assert "●" in static_text(app.screen.query_one(GoalGraph), 100)
