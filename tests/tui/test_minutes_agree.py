"""The TUI and the CLI show the same month's minutes (issue 10, item 5): the student's
Services tab, the minutes screen and ``caseterm minutes`` all read ``minutes.reconcile``
and show required minutes counted through today."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import DataTable

from caseterm.tui.screens.student import StudentScreen
from tests.conftest import TODAY
from tests.tui_support import make_app, settle


async def test_services_tab_month_figure_and_percent_match_the_cli(cli, sample_copy: Path) -> None:
    result = cli(
        "-C",
        sample_copy,
        "minutes",
        "--month",
        "2026-11",
        "--student",
        "amara-k",
        "--json",
        "--today",
        TODAY.isoformat(),
    )
    (math,) = [r for r in json.loads(result.out) if r["service"] == "math"]
    assert (math["delivered"], math["required"], math["compliance_pct"]) == (30, 288, 10.4)
    app = make_app(sample_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.open_student("amara-k", "services")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudentScreen)
        table = screen.query_one("#services-table", DataTable)
        row = table.get_row("math")
        month, percent = (getattr(row[n], "plain", str(row[n])) for n in (3, 5))
        assert (month, percent) == ("30/288!", "10%")
