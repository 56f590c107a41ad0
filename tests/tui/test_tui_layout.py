"""The layout uses the terminal: columns grow with it, the footer keeps help and quit."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static
from textual.widgets._footer import FooterKey

from caseterm.tui.app import CasetermApp
from caseterm.tui.screens.calendar import CalendarScreen
from caseterm.tui.screens.caseload import CaseloadScreen
from caseterm.tui.screens.minutes import MinutesScreen
from caseterm.tui.screens.problems import ProblemsScreen
from caseterm.tui.screens.student import StudentScreen
from caseterm.tui.widgets.footer import KeysFooter
from tests.tui_support import column, make_app, settle, static_text


def _row(table: DataTable[object], name: str) -> list[str]:
    index = next(n for n, cell in enumerate(column(table, 0)) if cell.startswith(name[:19]))
    return [getattr(cell, "plain", str(cell)) for cell in table.get_row_at(index)]


async def test_names_and_deadlines_use_the_width_of_a_wide_terminal(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#students", DataTable)
        names = column(table, 0)
        assert "Delphine Rautio-Banks" in names, "21 characters: not cut at 20"
        assert "Tobias Castellanos-Reid" in names
        assert not any(name.endswith("…") for name in names), names
        elias = _row(table, "Elias Fairweather")
        assert elias[3] == "in 15d Meeting: reevaluation meeting", "the deadline is not cut"
        assert table.columns[table.ordered_columns[0].key].width >= 23


async def test_columns_are_cut_again_when_the_terminal_is_resized(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#students", DataTable)
        assert "Delphine Rautio-Ban…" in column(table, 0), "80 columns: cut to fit"
        await pilot.press("end")
        last = table.cursor_row
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert "Delphine Rautio-Banks" in column(table, 0)
        assert table.cursor_row == last, "the cursor stays on its student"
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert "Delphine Rautio-Ban…" in column(table, 0)
        widest = max(len(name) for name in column(table, 0))
        assert widest == 20


async def _caseload(app: CasetermApp, pilot: Pilot[None]) -> None:
    await settle(pilot)


async def _student_tab(app: CasetermApp, pilot: Pilot[None], tab: str) -> None:
    app.open_student("kenji-o", tab)
    await settle(pilot)
    assert isinstance(app.screen, StudentScreen)


async def _key(pilot: Pilot[None], key: str) -> None:
    await pilot.press(key)
    await settle(pilot)


TABS = ("overview", "goals", "data", "services", "log", "history")


@pytest.mark.parametrize(
    "where", ["caseload", *(f"student:{t}" for t in TABS), "calendar", "minutes", "problems"]
)
async def test_the_footer_shows_help_and_quit_at_80_columns_on_every_screen(
    sample_copy: Path, where: str
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        kind: type[object] = CaseloadScreen
        if where.startswith("student:"):
            await _student_tab(app, pilot, where.removeprefix("student:"))
            kind = StudentScreen
        elif where != "caseload":
            key, kind = {
                "calendar": ("c", CalendarScreen),
                "minutes": ("m", MinutesScreen),
                "problems": ("!", ProblemsScreen),
            }[where]
            await _key(pilot, key)
        assert isinstance(app.screen, kind)
        footer = app.screen.query_one(KeysFooter)
        keys = {
            k.action: k.key
            for k in footer.query(FooterKey)
            if k.region.width and k.region.x >= 0 and k.region.right <= 80
        }
        assert {"help", "app.help"} & set(keys), keys
        quit_key = keys.get("quit") or keys.get("app.quit")
        # In a text field (the Data tab's Value) q is typed: ctrl+q quits there.
        assert quit_key == ("ctrl+q" if where == "student:data" else "q"), keys


async def test_ctrl_q_quits_from_a_text_field(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _student_tab(app, pilot, "data")
        await pilot.press("q")
        await settle(pilot)
        assert app.is_running, "q is typed into the field"
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert not app.is_running


@pytest.mark.parametrize(
    ("where", "selector"),
    [("goals", "GoalsPane .hint"), ("minutes", "#minutes-legend")],
)
async def test_legends_never_use_a_mark_as_their_separator(
    sample_copy: Path, where: str, selector: str
) -> None:
    """`· · few data` read as a separator and a mark: each entry is a mark, a blank and its
    words, and entries are apart by two blanks, so the `·` mark stands alone."""
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        if where == "goals":
            await _student_tab(app, pilot, "goals")
        else:
            await _key(pilot, "m")
        legends = [str(w.render()) for w in app.screen.query(selector)]
        legend = next(text for text in legends if "·" in text)
        entries = legend.strip().split("  ")
        assert len(entries) == 5, entries
        for entry in entries:
            mark, _, words = entry.partition(" ")
            assert len(mark) == 1 and words and "·" not in words, entry
        assert "· few data" in entries or "· not started" in entries


def _bottom_line(app: CasetermApp) -> str:
    strips = app.screen._compositor.render_strips()
    return "".join(segment.text for segment in strips[-1])


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_the_caseload_footer_is_not_cut_mid_word(
    sample_copy: Path, size: tuple[int, int]
) -> None:
    """At 80 and 100 columns Textual cut the footer ("o Obser▏^p palette"): it now holds
    the everyday keys, each whole, with help, quit and the palette hint."""
    app = make_app(sample_copy)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeysFooter)
        line = _bottom_line(app)
        keys = [k for k in footer.query(FooterKey) if k.display]
        palette = next(k for k in keys if k.has_class("-command-palette"))
        assert line.rstrip().endswith("^p palette"), line
        for key in keys:
            if key is palette:
                continue
            assert key.region.right <= palette.region.x, (key.description, line)
            assert str(key.render()).strip() in line, (str(key.render()), line)
        shown = [k.description for k in keys if k is not palette]
        assert shown[:2] == ["Help", "Quit"]
        assert {"Open", "Filter", "Due", "Calendar", "Minutes"} <= set(shown), shown
        assert "Obser" not in line and "Safety" not in line


async def test_keys_left_out_of_the_caseload_footer_stay_bound_and_in_help_and_palette(
    sample_copy: Path,
) -> None:
    from caseterm.tui.screens.help import HelpScreen
    from caseterm.tui.screens.safety import SafetyScreen

    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        titles = [c.title for c in app.get_system_commands(screen)]
        for title in ("Safety plan", "Observe", "Sort", "Behaviour graph"):
            assert title in titles, titles
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = static_text(app.screen.query_one("#help-keys", Static), 80)
        for words in ("Safety", "Observe", "Sort"):
            assert words in text, words
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, SafetyScreen), "y still opens the safety plan"


def _footer_is_whole(app: CasetermApp) -> list[str]:
    """The footer's shown keys, each checked to be drawn whole left of the palette key."""
    footer = app.screen.query_one(KeysFooter)
    line = _bottom_line(app)
    keys = [k for k in footer.query(FooterKey) if k.display]
    palette = next(k for k in keys if k.has_class("-command-palette"))
    assert line.rstrip().endswith("^p palette"), line
    shown = []
    for key in keys:
        if key is palette:
            continue
        assert key.region.right <= palette.region.x, (key.description, line)
        assert str(key.render()).strip() in line, (str(key.render()), line)
        shown.append(key.description)
    assert shown[:2] == ["Help", "Quit"], shown
    return shown


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40)], ids=lambda s: f"{s[0]}")
@pytest.mark.parametrize(
    "where", [*(f"student:{t}" for t in (*TABS, "records")), "calendar", "minutes", "today"]
)
async def test_no_footer_key_is_cut_mid_word_on_any_screen(
    sample_copy: Path, where: str, size: tuple[int, int]
) -> None:
    """Textual's footer cut the last key that did not fit ("! Pr", "f A", "m Minu"): a key
    that does not fit whole is left out (F1 lists every key)."""
    app = make_app(sample_copy)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        if where.startswith("student:"):
            await _student_tab(app, pilot, where.removeprefix("student:"))
        else:
            await _key(pilot, {"calendar": "c", "minutes": "m", "today": "T"}[where])
        _footer_is_whole(app)


async def test_footer_keys_come_back_when_the_terminal_widens(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await _student_tab(app, pilot, "overview")
        narrow = _footer_is_whole(app)
        assert "Problems" not in narrow, narrow
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        wide = _footer_is_whole(app)
        assert "Problems" in wide and len(wide) > len(narrow), wide
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert _footer_is_whole(app) == narrow
