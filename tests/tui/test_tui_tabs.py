"""Tab keys on the student screen: any order, with or without pauses, typed ahead; the
shown pane, the underlined tab and the focus always agree."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from textual.widgets import ContentSwitcher, Input, TabbedContent, Tabs

from caseterm.tui.screens.caseload import CaseloadScreen
from caseterm.tui.screens.form_modal import FormScreen
from caseterm.tui.screens.student import TABS, StudentScreen
from tests.tui_support import make_app, open_student, settle, type_ahead

KEYS = {str(n): key for n, (key, _label, _file) in enumerate(TABS, start=1)}


def shown_tab(screen: StudentScreen) -> tuple[str, str, str, list[str]]:
    """The active tab, the pane the switcher shows, the underlined tab, displayed panes."""
    tabs = screen.query_one("#student-tabs", TabbedContent)
    underlined = screen.query_one(Tabs).active.removeprefix("--content-tab-")
    displayed = [str(p.id) for p in screen.query("TabPane") if p.display]
    return tabs.active, str(screen.query_one(ContentSwitcher).current), underlined, displayed


def assert_on(screen: StudentScreen, key: str) -> None:
    assert shown_tab(screen) == (key, key, key, [key])
    focused = screen.focused
    assert focused is not None, "a widget of the shown tab has the focus"
    assert screen.query_one(f"TabPane#{key}") in focused.ancestors_with_self


def _order(seed: int, length: int = 30) -> list[str]:
    rng = random.Random(seed)
    order = list(KEYS) * 2
    rng.shuffle(order)
    return order + [rng.choice(list(KEYS)) for _ in range(length - len(order))]


@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("pause", [True, False], ids=["pauses", "no-pauses"])
async def test_every_tab_key_in_any_order_shows_its_pane(
    sample_copy: Path, seed: int, pause: bool
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_student(pilot, "marcus-d")
        for key in _order(seed):
            if isinstance(screen.focused, Input):
                await pilot.press("escape")
                focused: object = screen.focused
                assert isinstance(focused, Tabs), "escape leaves the form for the tabs"
            await pilot.press(key)
            if pause:
                await settle(pilot)
                await pilot.pause(0.05)
            assert shown_tab(screen)[:3] == (KEYS[key],) * 3
        await settle(pilot)
        assert_on(screen, KEYS[key])


@pytest.mark.parametrize("seed", [4, 5])
async def test_tab_keys_typed_ahead_end_on_the_last_tab(sample_copy: Path, seed: int) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_student(pilot, "marcus-d")
        order = [k for k in _order(seed) if k != "3"] + ["2"]
        type_ahead(app, *order)
        await settle(pilot)
        await pilot.pause(0.2)
        await settle(pilot)
        assert_on(screen, "goals")


async def test_keys_typed_after_a_tab_key_reach_the_form(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_student(pilot, "lucia-v")
        type_ahead(app, "3", "4", "7")
        await settle(pilot)
        assert_on(screen, "data")
        assert screen.query_one("#field-value", Input).value == "47"
        type_ahead(app, "escape", "4", "l")
        await settle(pilot)
        assert screen.query_one("#field-value", Input).value == "47"
        assert isinstance(app.screen, FormScreen)
        assert app.screen.title_text == "Log a service session"


async def test_keys_typed_after_slash_and_escape_reach_the_filter_then_the_list(
    sample_copy: Path,
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, CaseloadScreen)
        type_ahead(app, "slash", *"marcus")
        await settle(pilot)
        assert screen.query_one("#filter", Input).value == "marcus"
        type_ahead(app, "escape", "s")
        await settle(pilot)
        assert screen.query_one("#filter", Input).value == ""
        assert screen.sort_column == 1, "s after escape sorts instead of typing into the filter"


async def test_keys_typed_after_opening_a_student_reach_its_tabs(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        type_ahead(app, "enter", "5")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StudentScreen)
        assert_on(screen, "log")
