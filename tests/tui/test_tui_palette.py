"""The command palette finds the everyday tasks (log, add, due) and not Textual's Keys."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, TabbedContent

from caseterm.tui.app import CasetermApp
from caseterm.tui.screens.caseload import CaseloadScreen
from caseterm.tui.screens.form_modal import FormScreen
from caseterm.tui.screens.student import StudentScreen
from tests.tui_support import make_app, settle


async def search(app: CasetermApp, pilot: Pilot[None], text: str) -> list[str]:
    """Open the palette, type ``text`` and wait until the hits stop changing."""
    await pilot.press("ctrl+p")
    await settle(pilot)
    assert isinstance(app.screen, CommandPalette)
    await pilot.press(*text)
    results = app.screen.query_one(CommandList)
    hits: list[str] = []
    steady = 0
    for _ in range(400):
        await pilot.pause()
        now = [str(results.get_option_at_index(n).prompt) for n in range(results.option_count)]
        steady = steady + 1 if now == hits and now else 0
        hits = now
        if steady >= 20 and not app.screen.query_one("LoadingIndicator").display:
            break
    return hits


def titles(app: CasetermApp) -> list[str]:
    return [command.title for command in app.get_system_commands(app.screen)]


async def test_the_palette_has_no_keys_command_and_finds_log_and_add(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert "Keys" not in titles(app), "F1 (Help) lists the keys; Textual's Keys panel is out"
        assert "Help" in titles(app)
        hits = await search(app, pilot, "log")
        assert any(hit.startswith("Log a session") for hit in hits), hits
        assert any(hit.startswith("Log a family contact") for hit in hits), hits
        await pilot.press("escape")
        await settle(pilot)
        hits = await search(app, pilot, "add")
        assert any(hit.startswith("Add a data point") for hit in hits), hits
        assert any(hit.startswith("Add a meeting") for hit in hits), hits


async def _run(app: CasetermApp, pilot: Pilot[None], title: str) -> None:
    hits = await search(app, pilot, title.lower())
    assert hits and hits[0].startswith(title), hits
    await pilot.press("enter")
    await settle(pilot)


async def test_log_a_session_opens_the_highlighted_students_session_form(
    sample_copy: Path,
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        table = app.screen.query_one("#students", DataTable)
        await pilot.press("down", "down", "down")
        highlighted = app.screen.highlighted_student()
        assert highlighted == "esperanza-t" and table.cursor_row == 3
        await _run(app, pilot, "Log a session")
        assert isinstance(app.screen, FormScreen), [str(n.message) for n in app._notifications]
        assert app.screen.title_text == "Log a service session"
        student = app.screen_stack[-2]
        assert isinstance(student, StudentScreen)
        assert student.student_id == highlighted
        assert student.query_one("#student-tabs", TabbedContent).active == "services"


@pytest.mark.parametrize(
    ("title", "tab", "form"),
    [("Add a meeting", "log", "Add a meeting"), ("Add a data point", "data", None)],
)
async def test_add_commands_act_on_the_student_on_screen(
    sample_copy: Path, title: str, tab: str, form: str | None
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.open_student("kenji-o", "overview")
        await settle(pilot)
        await _run(app, pilot, title)
        if form is not None:
            assert isinstance(app.screen, FormScreen), app.screen
            assert app.screen.title_text == form
            student = app.screen_stack[-2]
        else:
            student = app.screen
            assert isinstance(app.focused, Input) and app.focused.id == "field-value"
        assert isinstance(student, StudentScreen) and student.student_id == "kenji-o"
        assert student.query_one("#student-tabs", TabbedContent).active == tab
        assert sum(isinstance(s, StudentScreen) for s in app.screen_stack) == 1


async def test_a_student_command_without_a_student_says_so(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        calendar = app.screen
        await _run(app, pilot, "Log a session")
        assert app.screen is calendar
        assert any("Open a student" in str(n.message) for n in app._notifications)
