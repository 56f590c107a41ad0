"""The week grid: a adds a slot at the selected day and time, x removes the selected
cell's slot after a confirmation; each is ``schedule add`` / ``schedule remove``'s store
function (one commit); bad input is refused with the CLI's words and writes nothing
(issue 15)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import rtoml
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from caseterm.tui.app import CasetermApp
from caseterm.tui.screens.confirm import ConfirmScreen
from caseterm.tui.screens.form_modal import FormScreen
from caseterm.tui.screens.week import WeekScreen
from tests.conftest import git_log, git_status
from tests.tui.test_tui_today import MONDAY, week  # noqa: F401 (the fixture)
from tests.tui_support import SteadyApp, column, fill_form, settle, static_text


def _slots(root: Path) -> list[dict[str, Any]]:
    data = rtoml.loads((root / "schedule.toml").read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = data.get("slot", [])
    return found


async def _grid(app: CasetermApp, pilot: Pilot[None]) -> WeekScreen:
    await settle(pilot)
    app.action_week_grid()
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, WeekScreen)
    return screen


async def _select(pilot: Pilot[None], screen: WeekScreen, at: str, weekday: int) -> None:
    table = screen.query_one("#week-table", DataTable)
    table.move_cursor(row=column(table, 0).index(at), column=weekday + 1)
    await settle(pilot)


async def _press(pilot: Pilot[None], key: str) -> None:
    await pilot.press(key)
    await settle(pilot)


async def test_a_adds_a_slot_at_the_selected_day_and_time_in_one_commit(
    week: Path,  # noqa: F811
) -> None:
    app = SteadyApp(week, today=lambda: MONDAY, watch_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(app, pilot)
        await _select(pilot, screen, "10:00", 1)  # Tuesday 10:00
        await _press(pilot, "a")
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-days", Input).value == "tue"
        assert form.query_one("#field-start", Input).value == "10:00"
        assert form.query_one("#field-end", Input).value == "10:30"
        fill_form(form, students="ben-k cy-d", service="speech", days="tue, thu")
        fill_form(form, provider="Ms. Rivera", location="Room 114", setting="push-in")
        before = len(git_log(week))
        await pilot.click("#form-submit")
        await settle(pilot)
        assert git_log(week)[0] == (
            "schedule: add slot speech Tue, Thu 10:00-10:30 for ben-k, cy-d (group of 2)"
        )
        assert len(git_log(week)) == before + 1
        assert git_status(week) == ""
        slot = _slots(week)[-1]
        assert (slot["students"], slot["days"], slot["provider"], slot["setting"]) == (
            ["ben-k", "cy-d"],
            ["tue", "thu"],
            "Ms. Rivera",
            "push-in",
        )
        assert app.screen is screen
        table = screen.query_one("#week-table", DataTable)
        ten = column(table, 0).index("10:00")
        assert column(table, 2)[ten] == "speech 2 students"
        assert column(table, 4)[ten] == "speech 2 students"


async def test_bad_slot_values_are_refused_and_nothing_is_written(
    week: Path,  # noqa: F811
) -> None:
    app = SteadyApp(week, today=lambda: MONDAY, watch_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(app, pilot)
        await _select(pilot, screen, "10:00", 1)
        await _press(pilot, "a")
        form = app.screen
        assert isinstance(form, FormScreen)
        problem = form.query_one("#form-problem", Static)
        fill_form(form, service="speech")
        await pilot.pause()
        fill_form(form, students="Ben K")
        await pilot.pause()
        assert static_text(problem).startswith("STUDENT: 'Ben' is not a valid id")
        fill_form(form, students="ben-k")
        await pilot.pause()
        fill_form(form, days="funday")
        await pilot.pause()
        assert static_text(problem).startswith("--days: 'funday' is not a weekday; use mon,")
        fill_form(form, days="tue")
        await pilot.pause()
        fill_form(form, start="25:00")
        await pilot.pause()
        assert static_text(problem) == "--start: '25:00' is not a time; use HH:MM, e.g. 14:30"
        await pilot.click("#form-submit")
        await settle(pilot)
        assert app.screen is form and isinstance(form, FormScreen)
        # What only the store can judge: the end before the start.
        fill_form(form, start="10:00")
        await pilot.pause()
        fill_form(form, end="09:00")
        await pilot.pause()
        await pilot.click("#form-submit")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert "--end: must be after --start (HH:MM, e.g. 09:30)" in messages
        assert git_log(week)[0] == "schedule" and git_status(week) == ""


async def test_x_removes_the_selected_slot_after_a_yes(week: Path) -> None:  # noqa: F811
    app = SteadyApp(week, today=lambda: MONDAY, watch_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(app, pilot)
        await _select(pilot, screen, "09:00", 0)  # Monday 09:00: the speech group
        await _press(pilot, "x")
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert "speech Mon, Wed 09:00-09:30 ava-m, ben-k, cy-d, dee-e" in confirm.question
        await _press(pilot, "n")
        assert git_log(week)[0] == "schedule"
        await _press(pilot, "x")
        await _press(pilot, "y")
        assert git_log(week)[:2] == [
            "schedule: remove slot speech-group (speech ava-m, ben-k, cy-d, dee-e) and its "
            "exception",
            "schedule",
        ]
        assert git_status(week) == ""
        assert [s["id"] for s in _slots(week)] == ["ava-reading"]
        table = screen.query_one("#week-table", DataTable)
        assert column(table, 1)[column(table, 0).index("09:00")] == ""


async def test_x_on_a_cell_of_two_slots_asks_which(week: Path) -> None:  # noqa: F811
    app = SteadyApp(week, today=lambda: MONDAY, watch_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(app, pilot)
        await _select(pilot, screen, "09:15", 0)  # the group and Ava's reading at once
        await _press(pilot, "x")
        form = app.screen
        assert isinstance(form, FormScreen)
        fill_form(form, slot="ava-reading")
        await pilot.click("#form-submit")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await _press(pilot, "y")
        assert git_log(week)[0] == "schedule: remove slot ava-reading (reading ava-m)"
        assert [s["id"] for s in _slots(week)] == ["speech-group"]


async def test_x_on_an_empty_cell_says_so(week: Path) -> None:  # noqa: F811
    app = SteadyApp(week, today=lambda: MONDAY, watch_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(app, pilot)
        await _select(pilot, screen, "14:00", 4)
        await _press(pilot, "x")
        assert app.screen is screen
        assert any("No slot in the selected cell" in n.message for n in app._notifications)
        assert git_log(week)[0] == "schedule"


async def test_a_hostile_schedule_shows_escaped_in_the_forms(week: Path) -> None:  # noqa: F811
    from tests.cli.test_schedule_cli import HOSTILE

    (week / "schedule.toml").write_text(HOSTILE, encoding="utf-8")
    app = SteadyApp(week, today=lambda: MONDAY, watch_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _grid(app, pilot)
        await _select(pilot, screen, "09:00", 0)
        await _press(pilot, "a")
        form = app.screen
        assert isinstance(form, FormScreen)
        labels = [
            str(label) for label, _value in form.query_one("#field-provider", Select)._options
        ]
        assert all("\x1b" not in label and "\x07" not in label for label in labels)
        assert any("\\x1b]0;pwned\\x07Rivera" in label for label in labels)
        await _press(pilot, "escape")
        await _press(pilot, "x")
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        assert "\x1b" not in confirm.question and "\x9b" not in confirm.question
        await _press(pilot, "n")
        assert git_log(week)[0] == "schedule"
