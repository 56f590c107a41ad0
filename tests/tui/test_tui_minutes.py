"""The minutes screen on the sample caseload as of 2026-11-25."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from caseterm.store.actions import changes
from caseterm.tui.app import CasetermApp
from caseterm.tui.minute_cells import FIXED, week_window
from caseterm.tui.screens.minutes import SCROLLBAR, MinutesScreen
from caseterm.tui.widgets.minute_table import MinuteTable
from tests.tui_support import Opened, app_for


async def settle(app: CasetermApp, pilot: Pilot[None], *keys: str) -> None:
    """Press ``keys``, then wait for the workers (loading, reconciling) and a refresh."""
    for key in keys or (None,):
        if key is not None:
            await pilot.press(key)
        await app.workers.wait_for_complete()
        await pilot.pause()


async def open_minutes(app: CasetermApp, pilot: Pilot[None]) -> MinutesScreen:
    await settle(app, pilot)
    await settle(app, pilot, "m")
    screen = app.screen
    assert isinstance(screen, MinutesScreen)
    return screen


def text_of(screen: MinutesScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def headers(table: MinuteTable) -> list[str]:
    return [str(column.label) for column in table.ordered_columns]


def cell(table: MinuteTable, row: str, column: int) -> str:
    """The text of a row's cell; columns are numbered over every week, shown or not."""
    return str(table.get_cell(row, f"c{column}"))


async def test_november_rows_totals_shortfalls_and_this_week(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(sample_copy, [], monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_minutes(app, pilot)
        title = text_of(screen, "#minutes-title")
        assert title == (
            "Service minutes · November 2026 · through Wed Nov 25 · 31 services, 15 short"
        )
        table = screen.query_one(MinuteTable)
        names = headers(table)
        assert [n.strip() for n in names[:FIXED]] == ["Student", "Service", "Month", "Owed"]
        assert names[FIXED:] == ["◀Nov 9", "Nov 16", "Nov 23*▶"], "3 whole weeks fit in 80"
        assert cell(table, "amara-k/math", 0).strip() == "Amara Kowalcz…"
        assert cell(table, "amara-k/math", 2) == "30/288!", "required through today, as the CLI"
        assert cell(table, "amara-k/math", FIXED + 1) == "30/72!"
        assert cell(table, "delphine-r/executive-function", FIXED + 1) == "60/48 "
        assert cell(table, "lucia-v/speech", FIXED + 1) == "30/48e", "missed minutes excused"
        assert cell(table, "esperanza-t/speech", 0).strip() == "", "name on the first row only"
        assert cell(table, "sum.delivered", 2) == "13040"
        assert cell(table, "sum.required", 2) == "13967", "caseterm minutes --month 2026-11"
        assert cell(table, "sum.short", 2) == "15"
        detail = text_of(screen, "#minutes-detail")
        assert detail.startswith("Amara Kowalczyk-Diallo · Specialized math instruction\n")
        assert "Week of Nov 23: 0/36 min to Nov 25 (0%)" in detail
        assert "unaccounted 36" in detail
        assert "! short so far" in text_of(screen, "#minutes-legend")
        widths = sum(column.get_render_width(table) for column in table.ordered_columns)
        assert widths <= 80 - SCROLLBAR, "no column is cut at the right edge"


async def test_weeks_slide_by_whole_columns_and_the_detail_follows(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(sample_copy, [], monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_minutes(app, pilot)
        table = screen.query_one(MinuteTable)
        await settle(app, pilot, "right")
        assert headers(table)[FIXED:] == ["◀Nov 16", "Nov 23*", "Nov 30"]
        assert "Week of Nov 30: 18 min required; not started yet" in text_of(
            screen, "#minutes-detail"
        )
        await settle(app, pilot, "left", "left", "left")
        assert headers(table)[FIXED:] == ["◀Nov 9", "Nov 16", "Nov 23*▶"]
        await settle(app, pilot, "left")
        assert headers(table)[FIXED:] == ["Nov 2", "Nov 9", "Nov 16▶"]
        await settle(app, pilot, "left")
        assert "November 2026: 30/288 min to Nov 25" in text_of(screen, "#minutes-detail")
        await settle(app, pilot, "down")
        assert text_of(screen, "#minutes-detail").startswith("Delphine Rautio-Banks")


async def test_all_weeks_fit_at_100_columns(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(sample_copy, [], monkeypatch)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_minutes(app, pilot)
        names = headers(screen.query_one(MinuteTable))
        assert names[FIXED:] == ["Nov 2", "Nov 9", "Nov 16", "Nov 23*", "Nov 30"]


async def test_previous_month_shows_owed_make_ups(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(sample_copy, [], monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_minutes(app, pilot)
        await settle(app, pilot, "left_square_bracket")
        assert text_of(screen, "#minutes-title").startswith("Service minutes · October 2026 ·")
        table = screen.query_one(MinuteTable)
        assert cell(table, "kenji-o/speech", 2) == "90/126!"
        assert cell(table, "kenji-o/speech", 3) == "30"
        assert cell(table, "sum.delivered", 3) == "30", "owed minutes added up"
        await settle(app, pilot, "right_square_bracket", "right_square_bracket")
        assert text_of(screen, "#minutes-title").startswith("Service minutes · December 2026 ·")
        await settle(app, pilot, "t")
        assert "November 2026" in text_of(screen, "#minutes-title")


async def test_p_switches_to_reporting_periods_and_brackets_step_through_them(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(sample_copy, [], monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_minutes(app, pilot)
        await settle(app, pilot, "p")
        title = text_of(screen, "#minutes-title")
        assert title.startswith("Service minutes · Q2 (Oct 19 to Jan 15) · through Wed Nov 25")
        table = screen.query_one(MinuteTable)
        assert headers(table)[2].strip() == "Q2"
        assert screen.sheet is not None and len(screen.sheet.grid.weeks) == 13
        assert "Nov 23*" in "".join(headers(table)), "the cursor stays on this week"
        await settle(app, pilot, "right_square_bracket")
        assert "Q3 (Jan 19 to Mar 19)" in text_of(screen, "#minutes-title")
        await settle(app, pilot, "left_square_bracket", "left_square_bracket")
        await settle(app, pilot, "left_square_bracket")
        assert "Q1 (Aug 17 to Oct 16)" in text_of(screen, "#minutes-title")
        await settle(app, pilot, "p")
        assert "November 2026" in text_of(screen, "#minutes-title")


async def test_s_shows_only_short_or_owing_rows_and_enter_opens_services(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: Opened = []
    app = app_for(sample_copy, opened, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_minutes(app, pilot)
        table = screen.query_one(MinuteTable)
        assert table.row_count == 31 + 3
        await settle(app, pilot, "s")
        assert table.row_count == 15 + 3
        assert screen.sheet is not None
        assert all(row.short or row.total.owed for row in screen.sheet.rows.values())
        assert text_of(screen, "#minutes-title").endswith("15 short · short only")
        await settle(app, pilot, "down", "enter")
        assert opened == [("esperanza-t", "services")]
        await settle(app, pilot, "s")
        assert table.row_count == 31 + 3
        await settle(app, pilot, "escape")
        assert not isinstance(app.screen, MinutesScreen)


async def test_a_reload_redraws_the_minutes_and_keeps_the_cursor(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(sample_copy, [], monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_minutes(app, pilot)
        table = screen.query_one(MinuteTable)
        await settle(app, pilot, "down")
        session = {"service": "executive-function", "minutes": 45, "date": date(2026, 11, 24)}
        changes.log_session(sample_copy, "delphine-r", session, commit=False)
        app.reload()
        await settle(app, pilot)  # the load
        await settle(app, pilot)  # the minutes of what it loaded
        assert cell(table, "delphine-r/executive-function", 2) == "255/192 "
        assert cell(table, "delphine-r/executive-function", FIXED + 3) == "75/24 "
        assert text_of(screen, "#minutes-detail").startswith("Delphine Rautio-Banks")
        assert "Week of Nov 23: 75/24 min" in text_of(screen, "#minutes-detail")


def test_week_window_keeps_the_wanted_week_and_fills_the_room() -> None:
    widths = [10, 10, 12, 10, 8]
    assert week_window(widths, 32, 0, 0) == (0, 3)
    assert week_window(widths, 32, 0, 3) == (1, 4)
    assert week_window(widths, 32, 1, 4) == (2, 5)
    assert week_window(widths, 32, 4, 4) == (2, 5), "a window at the end takes in earlier weeks"
    assert week_window(widths, 5, 0, 2) == (2, 3), "at least the wanted week"
    assert week_window(widths, 100, 3, 1) == (0, 5)
    assert week_window([], 30, 0, 0) == (0, 0)
