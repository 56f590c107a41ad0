"""Every key binding has an id; the command palette offers students and actions."""

from __future__ import annotations

import importlib
import pkgutil
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.command import CommandPalette
from textual.widget import Widget
from textual.widgets import Static

import caseterm.tui
from caseterm.tui.app import CasetermApp
from caseterm.tui.screens.student import StudentScreen
from tests.tui_support import make_app, settle


def _classes_with_bindings() -> list[type]:
    found: list[type] = [CasetermApp]
    for info in pkgutil.walk_packages(caseterm.tui.__path__, "caseterm.tui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and value.__module__ == module.__name__
                and issubclass(value, Widget)
                and "BINDINGS" in vars(value)
            ):
                found.append(value)
    return found


def test_every_binding_has_an_id() -> None:
    classes = _classes_with_bindings()
    assert len(classes) >= 8
    for cls in classes:
        for binding in vars(cls)["BINDINGS"]:
            assert isinstance(binding, Binding), f"{cls.__name__}: use Binding(..., id=...)"
            assert binding.id, f"{cls.__name__}: binding {binding.key!r} has no id"
    ids = [b.id for cls in classes for b in vars(cls)["BINDINGS"]]
    assert len(ids) == len(set(ids)), "binding ids are unique"


async def test_command_palette_jumps_to_a_student(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"open marcus")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StudentScreen)
        assert app.screen.student_id == "marcus-d"


async def test_command_palette_lists_every_app_action(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        for action in ("Calendar", "Minutes", "Problems", "Sync", "Conflicts", "Help", "Reload"):
            assert action in titles
        assert sum(title.startswith("Open ") for title in titles) == 23


@pytest.mark.parametrize(
    ("keys", "screen_name", "owners"),
    [
        ((), "CaseloadScreen", ("CaseloadScreen",)),
        (("enter",), "StudentScreen", ("StudentScreen",)),
        (("enter", "2"), "StudentScreen", ("StudentScreen", "GoalsPane")),
        (("enter", "4"), "StudentScreen", ("StudentScreen", "ServicesPane")),
        (("c",), "CalendarScreen", ("CalendarScreen",)),
        (("m",), "MinutesScreen", ("MinutesScreen",)),
        (("!",), "ProblemsScreen", ("ProblemsScreen",)),
    ],
)
async def test_f1_lists_the_keys_that_work_where_the_user_is(
    sample_copy: Path, keys: tuple[str, ...], screen_name: str, owners: tuple[str, ...]
) -> None:
    from caseterm.tui.screens.help import HelpScreen
    from tests.tui_support import static_text

    classes = {cls.__name__: cls for cls in _classes_with_bindings()}
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        assert type(app.screen).__name__ == screen_name
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        shown = static_text(app.screen.query_one("#help-keys", Static), 80)
        lines = shown.splitlines()
        under = app.screen_stack[-2]
        for owner in (*owners, "CasetermApp"):
            node = app if owner == "CasetermApp" else None
            if node is None:
                found = [n for n in (under, *under.query("*")) if type(n).__name__ == owner]
                node = found[0]
            for binding in vars(classes[owner])["BINDINGS"]:
                if binding.description and node.check_action(binding.action, ()) is not False:
                    assert any(binding.description in line for line in lines), (
                        owner,
                        binding.description,
                    )
        sections = shown.split("\n\n") if "\n\n" in shown else [shown]
        titles = [line.strip() for line in lines if line.strip() and not line.startswith("   ")]
        assert titles.count("Everywhere") == 1, titles
        assert "Anywhere" in titles
        assert not any("Goals tab" in title for title in titles) or "GoalsPane" in owners
        for section in sections:
            entries = [line for line in section.splitlines() if line.startswith("   ")]
            assert len(entries) == len(set(entries)), section
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_opening_the_same_screen_twice_does_not_stack(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        depth = len(app.screen_stack)
        await pilot.press("c")
        await settle(pilot)
        assert len(app.screen_stack) == depth
