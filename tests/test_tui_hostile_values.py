"""The TUI starts on a caseload whose files hold numbers at the edge of what a float can."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from caseterm.tui.screens.caseload import CaseloadScreen
from tests.tui_support import column, make_app, settle


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
