"""Helpers for driving the TUI in tests: a fixed clock, waiting for workers, reading cells."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from rich.console import Console
from rich.text import Text
from textual import events
from textual.pilot import Pilot
from textual.widgets import Button, DataTable, Input, Select, Static
from textual.worker import WorkerCancelled

from caseterm.tui.app import CasetermApp
from caseterm.tui.screens.form_modal import FormScreen
from caseterm.tui.screens.student import TABS, StudentScreen
from tests.conftest import TODAY


class SteadyApp(CasetermApp):
    """The app as tests run it: a notification stays until the test reads it (Textual
    drops it after 5 s of wall-clock time, which a busy machine can spend between a save
    and the check)."""

    NOTIFICATION_TIMEOUT = 3600


def make_app(root: Path) -> CasetermApp:
    """The app on ``root`` with the clock fixed at TODAY and no file polling."""
    return SteadyApp(root, today=lambda: TODAY, watch_seconds=0)


Opened = list[tuple[str, str]]


def app_for(root: Path, opened: Opened, monkeypatch: pytest.MonkeyPatch) -> CasetermApp:
    """The app on ``root`` as of TODAY; opening a student is recorded, not done."""
    app = make_app(root)
    monkeypatch.setattr(app, "open_student", lambda sid, tab="overview": opened.append((sid, tab)))
    return app


async def settle(pilot: Pilot[None]) -> None:
    """Let every worker (load, save, history) finish and the screen refresh."""
    for _ in range(3):
        with contextlib.suppress(WorkerCancelled):
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def open_student(pilot: Pilot[None], student_id: str, tab: str = "overview") -> StudentScreen:
    """The student's screen, opened at ``tab`` as another screen opens it."""
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, CasetermApp)
    app.open_student(student_id, tab)
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, StudentScreen)
    return screen


async def student_tab(pilot: Pilot[None], student_id: str, tab: str) -> StudentScreen:
    """The student's screen, opened, then ``tab`` shown by its number key (7 for
    "records"), as a user moves to it."""
    screen = await open_student(pilot, student_id)
    number = next(n for n, (key, _label, _file) in enumerate(TABS, start=1) if key == tab)
    await pilot.press(str(number))
    await settle(pilot)
    return screen


def column(table: DataTable[object], index: int) -> list[str]:
    """The plain text of one column, top to bottom."""
    out = []
    for row in range(table.row_count):
        cell = table.get_row_at(row)[index]
        out.append(getattr(cell, "plain", str(cell)))
    return out


def static_text(widget: Static, width: int = 120) -> str:
    """What a Static shows, as plain text."""
    content = widget.content
    if isinstance(content, str):
        return content
    if isinstance(content, Text):
        return content.plain
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(content)
    return console.export_text()


def type_ahead(app: CasetermApp, *keys: str) -> None:
    """Queue ``keys`` at once, as a fast typist or a slow machine delivers them: no key
    waits for the previous one to be handled."""
    for key in keys:
        char = key if len(key) == 1 else None
        app.post_message(events.Key(key, char))


async def open_form(pilot: Pilot[None], key: str) -> FormScreen:
    """Press ``key`` and return the form it opens."""
    await pilot.press(key)
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    return form


def fill_form(form: FormScreen, **values: str) -> None:
    """Set fields by name (``__`` stands for ``.`` in a field's name)."""
    for name, value in values.items():
        widget = form.query_one(f"#field-{name.replace('__', '.')}")
        assert isinstance(widget, (Input, Select))
        widget.value = value


def form_problem(form: FormScreen) -> str:
    """The form's one-line message about a bad field."""
    return static_text(form.query_one("#form-problem", Static))


async def submit_form(pilot: Pilot[None]) -> None:
    """Click Save, as a user does. Textual ignores a click on a button while its last
    click's effect shows (``-active``, 0.2 s), so a second Save waits for it to end."""
    button = pilot.app.screen.query_one("#form-submit", Button)
    for _ in range(100):
        if not button.has_class("-active"):
            break
        await pilot.pause(0.05)
    await pilot.click("#form-submit")
    await settle(pilot)


async def notified(pilot: Pilot[None], text: str, rounds: int = 20) -> list[str]:
    """The app's notifications once one holds ``text`` (or after ``rounds`` settles: a
    save's worker may still be running after the first)."""
    for _ in range(rounds):
        messages = [str(n.message) for n in pilot.app._notifications]
        if any(text in m for m in messages):
            break
        await settle(pilot)
    return messages
