"""The caseload screen and MTSS: tiers on the rows, the plan/tier filter, and a Tier 3
student referred from the TUI whose 60-day clock then appears in ``caseterm due``."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input, Static

from caseterm.tui.screens.caseload import CaseloadScreen
from caseterm.tui.screens.form_modal import FormScreen
from tests.conftest import git_log
from tests.tui_support import column, make_app, settle, static_text


async def test_rows_show_tiers_and_t_filters_by_plan_type_then_tier(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#students", DataTable)
        plans = dict(zip(column(table, 0), column(table, 2), strict=True))
        assert (plans["Uma Achterberg"], plans["Wesley Lindqvist"]) == ("T2", "T3")
        status = app.screen.query_one("#caseload-status", Static)
        await pilot.press("t")
        assert set(column(table, 2)) == {"IEP"}
        assert "· plan: IEP" in static_text(status)
        await pilot.press("t", "t", "t")
        assert set(column(table, 2)) == {"T2", "T3"}
        assert "5 of 23 students" in static_text(status)
        await pilot.press("t", "t", "t")
        assert column(table, 0) == ["Wesley Lindqvist", "Yara Santangelo", "Zofia Pereira-Nakam…"]
        await pilot.press("t")
        assert table.row_count == 23 and "plan:" not in static_text(status)


async def test_a_tier_3_student_is_referred_from_the_caseload_and_shows_in_due(
    sample_copy: Path, cli: Any
) -> None:
    def due() -> list[dict[str, Any]]:
        out = cli("-C", sample_copy, "due", "--student", "wes-l", "--json", "--today", "2026-11-25")
        items: list[dict[str, Any]] = json.loads(out.out)
        return items

    assert not [d for d in due() if d["kind"] == "initial-evaluation"]
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#students", DataTable)
        table.move_cursor(row=column(table, 0).index("Uma Achterberg"))
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen), "Tier 2: no referral form"
        assert git_log(sample_copy) == ["sample"]
        table.move_cursor(row=column(table, 0).index("Wesley Lindqvist"))
        await pilot.press("R")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        app.screen.query_one("#field-concern", Input).value = "Flat fluency at Tier 2 and 3"
        await pilot.click("#form-submit")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        assert git_log(sample_copy)[0] == (
            "wes-l: referral for evaluation 2026-11-25, 2 interventions carried"
        )
    (item,) = [d for d in due() if d["kind"] == "initial-evaluation"]
    assert (item["due"], item["status"]) == ("2027-01-24", "upcoming")
    assert item["detail"].startswith("consent to evaluate not given yet")


async def test_escape_cancels_the_referral(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#students", DataTable)
        table.move_cursor(row=column(table, 0).index("Wesley Lindqvist"))
        await pilot.press("R")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        assert git_log(sample_copy) == ["sample"]
