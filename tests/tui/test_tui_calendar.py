"""The calendar screen on the sample caseload as of 2026-11-25 (Thanksgiving break)."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from caseterm.store.actions import changes
from caseterm.tui.app import CasetermApp
from caseterm.tui.screens.calendar import CalendarScreen
from caseterm.tui.widgets.month_grid import MonthGrid
from tests.conftest import TODAY
from tests.tui_support import Opened, app_for


async def open_calendar(app: CasetermApp, pilot: Pilot[None]) -> CalendarScreen:
    await app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("c")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, CalendarScreen)
    return screen


def grid_text(screen: CalendarScreen) -> str:
    return screen.query_one(MonthGrid).render().plain


def static_text(screen: CalendarScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def agenda(screen: CalendarScreen) -> list[str]:
    options = screen.query_one("#agenda", OptionList)
    return [str(options.get_option_at_index(n).prompt) for n in range(options.option_count)]


def chosen(screen: CalendarScreen) -> date:
    return screen.query_one(MonthGrid).chosen


async def test_opens_on_today_with_shapes_for_overdue_soon_meetings_and_closures(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(sample_copy, [], monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_calendar(app, pilot)
        assert chosen(screen) == TODAY
        text = grid_text(screen)
        lines = text.splitlines()
        assert lines[0].strip() == "November 2026"
        assert lines[1].split() == ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"]
        assert "[25]*" in text, "today is chosen and starred"
        week_of_3rd = lines[lines.index(next(line for line in lines if " 3 " in line)) + 1]
        assert "!1" in week_of_3rd, "Tobias's annual review, overdue since Nov 3"
        assert "!2" in text, "Delphine's two overdue items on Nov 12"
        assert "◆1◷" in text, "Amara's meeting on Nov 30, due soon"
        assert text.count("off") == 4, "Veterans Day and the Thanksgiving break"
        counts = static_text(screen, "#calendar-counts")
        # Esperanza's transition plan can still be amended before her birthday (due soon,
        # not overdue); Elias's 504 reevaluation and its meeting are due within 30 days, as are
        # Zofia's evaluation and eligibility meeting and Uma's MTSS review.
        assert "! 6 overdue" in counts and "◆ 22 due in 30d" in counts
        assert "overdue" in static_text(screen, "#calendar-legend")
        title = static_text(screen, "#agenda-title")
        assert "Week of Mon Nov 23 · 0 items" in title
        assert "No school Wed–Fri: Thanksgiving break" in title, "Mon and Tue are school days"
        assert agenda(screen) == ["Nothing due and no meetings."]


async def test_days_off_show_off_and_no_marks(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(sample_copy, [], monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_calendar(app, pilot)
        await pilot.press("]")
        await pilot.pause()
        lines = grid_text(screen).splitlines()
        week = next(i for i, line in enumerate(lines) if line.split()[:2] == ["21", "22"])
        assert lines[week + 1].split() == ["off"] * 7, "winter break: off, no deadline marks"
        await pilot.press("t")
        await pilot.pause()
        for _ in range(4):
            await pilot.press("down")
        await pilot.pause()
        assert "No school: winter break" in static_text(screen, "#agenda-title").replace(
            "Winter", "winter"
        )


async def test_keys_move_by_day_week_and_month_and_t_comes_back(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(sample_copy, [], monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_calendar(app, pilot)
        steps = [
            ("right", date(2026, 11, 26)),
            ("h", date(2026, 11, 25)),
            ("l", date(2026, 11, 26)),
            ("left", date(2026, 11, 25)),
            ("down", date(2026, 12, 2)),
            ("k", date(2026, 11, 25)),
            ("j", date(2026, 12, 2)),
            ("up", date(2026, 11, 25)),
            ("right_square_bracket", date(2026, 12, 25)),
            ("left_square_bracket", date(2026, 11, 25)),
            ("pagedown", date(2026, 12, 25)),
            ("pagedown", date(2027, 1, 25)),
            ("pageup", date(2026, 12, 25)),
            ("t", TODAY),
        ]
        for key, expected in steps:
            await pilot.press(key)
            await pilot.pause()
            assert chosen(screen) == expected, key
        await pilot.press("pagedown")
        await pilot.pause()
        assert grid_text(screen).splitlines()[0].strip() == "December 2026"
        assert "Week of Mon Dec 21" in static_text(screen, "#agenda-title")


async def test_week_agenda_lists_date_student_item_days_left_and_enter_opens_the_log(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: Opened = []
    app = app_for(sample_copy, opened, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_calendar(app, pilot)
        await pilot.press("down")
        await pilot.pause()
        assert chosen(screen) == date(2026, 12, 2)
        assert "Week of Mon Nov 30 · 6 items" in static_text(screen, "#agenda-title")
        items = agenda(screen)
        assert items[0].splitlines() == [
            "◆ Mon Nov 30 15:15  in 5d",
            "  Amara Kowalczyk-Diallo",
            "  ◷ annual IEP review",
        ]
        assert "Annual IEP review" in items[1] and "in 6d" in items[1]
        options = screen.query_one("#agenda", OptionList)
        assert options.highlighted == 3, "the first item on or after the chosen day"
        assert "Delphine Rautio-Banks" in items[3]
        assert "Room 12" in static_text(screen, "#agenda-detail")
        await pilot.press("enter")
        await pilot.pause()
        assert options.has_focus
        await pilot.press("l", "j")
        await pilot.pause()
        assert chosen(screen) == date(2026, 12, 2), "day moves belong to the grid"
        await pilot.press("enter")
        await pilot.pause()
        assert opened == [("delphine-r", "log")]
        await pilot.press("escape")
        await pilot.pause()
        assert screen.query_one(MonthGrid).has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, CalendarScreen)


async def test_day_agenda_and_a_deadline_opens_the_overview(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: Opened = []
    app = app_for(sample_copy, opened, monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_calendar(app, pilot)
        for key in ("down", "left", "w"):
            await pilot.press(key)
        await pilot.pause()
        assert chosen(screen) == date(2026, 12, 1)
        assert "Tue Dec 1 · 2 items" in static_text(screen, "#agenda-title")
        items = agenda(screen)
        assert "Annual IEP review" in items[0]
        assert "Procedural safeguards notice" in items[1]
        await pilot.press("down")  # the grid has focus: moves a week, agenda follows
        await pilot.pause()
        assert "Tue Dec 8 · 3 items" in static_text(screen, "#agenda-title")
        items = agenda(screen)
        assert "◷ Section 504 plan review" in items[0], "timed meetings first"
        assert "Section 504 plan review" in items[1] and "◷" not in items[1]
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert opened == [("priya-n", "overview")]


async def test_overdue_items_say_how_late(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(sample_copy, [], monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_calendar(app, pilot)
        for key in ("left_square_bracket", "left", "left", "w"):
            await pilot.press(key)
        await pilot.pause()
        assert chosen(screen) == date(2026, 10, 23)
        items = agenda(screen)
        assert len(items) == 2
        assert all(item.startswith("! Fri Oct 23  33d late") for item in items)
        assert "Progress report Q1" in items[0]


async def test_text_from_files_is_shown_literally(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = sample_copy / "students" / "amara-k" / "student.toml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(
        text.replace('first_name = "Amara"', 'first_name = "[red]Amara[/red]"'), encoding="utf-8"
    )
    app = app_for(sample_copy, [], monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_calendar(app, pilot)
        await pilot.press("down")
        await pilot.pause()
        assert "[red]Amara[/red] Kowalczyk-Diallo" in agenda(screen)[0]


async def test_a_meeting_scheduled_meanwhile_appears_after_a_reload(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(sample_copy, [], monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_calendar(app, pilot)
        await pilot.press("right", "right", "right", "right", "right", "w")
        await pilot.pause()
        assert chosen(screen) == date(2026, 11, 30)
        assert "Mon Nov 30 · 1 item" in static_text(screen, "#agenda-title")
        meeting = {
            "date": date(2026, 11, 30),
            "kind": "progress",
            "status": "scheduled",
            "time": time(8, 0),
            "title": "Check-in",
        }
        changes.add_meeting(sample_copy, "theo-b", meeting, commit=False)
        app.reload()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert chosen(screen) == date(2026, 11, 30), "the chosen day stays"
        assert "Mon Nov 30 · 2 items" in static_text(screen, "#agenda-title")
        first = agenda(screen)[0]
        assert "08:00" in first and "Theo Brannigan" in first
        assert "◆2◷" in grid_text(screen)


@pytest.mark.parametrize(("size", "narrow", "wide"), [((60, 30), 1, 0), ((100, 30), 0, 1)])
async def test_the_agenda_goes_under_the_grid_when_narrow(
    sample_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    narrow: int,
    wide: int,
) -> None:
    app = app_for(sample_copy, [], monkeypatch)
    async with app.run_test(size=size) as pilot:
        screen = await open_calendar(app, pilot)
        assert (screen.has_class("-narrow"), screen.has_class("-wide")) == (narrow, wide)
        grid = screen.query_one(MonthGrid)
        agenda_box = screen.query_one("#agenda-box")
        if narrow:
            assert agenda_box.region.y >= grid.region.bottom
        else:
            assert agenda_box.region.x >= grid.region.right


def _shown_lines(widget: Static) -> list[str]:
    """The lines a widget shows on screen, as drawn (cut to its size)."""
    region = widget.region.reset_offset
    return ["".join(seg.text for seg in strip).rstrip() for strip in widget.render_lines(region)]


async def test_an_agenda_detail_shows_its_whole_citation_at_80_columns(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The detail was cut at three lines: "(34 CFR" without the section."""
    app = app_for(sample_copy, [], monkeypatch)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_calendar(app, pilot)
        await pilot.press("down", "enter")
        await pilot.pause()
        options = screen.query_one("#agenda", OptionList)
        cited = [n for n, item in enumerate(screen.shown) if item.rule and item.detail]
        assert cited, "the week of Nov 30 has a deadline with a citation"
        for index in cited:
            options.highlighted = index
            await pilot.pause()
            item = screen.shown[index]
            shown = " ".join(_shown_lines(screen.query_one("#agenda-detail", Static)))
            assert " ".join(shown.split()).endswith(f"({item.rule})"), shown


async def test_cells_list_titles_when_there_is_room_and_markers_when_narrow(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(sample_copy, [], monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_calendar(app, pilot)
        grid = screen.query_one(MonthGrid)
        assert grid.shows_titles()
        text = grid_text(screen)
        assert "!Tobias" in text, "Tobias's annual review, overdue since Nov 3"
        assert "!1" not in text
        await pilot.press("down")
        await pilot.pause()
        text = grid_text(screen)
        assert "◆Amara" in text and "◷ annual" in text, "Amara's IEP meeting on Nov 30"
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        assert not grid.shows_titles()
        assert "◆1◷" in grid_text(screen), "narrow: a marker per day"


def _cell_lines(text: str, day: int) -> list[str]:
    """The lines of the cell of ``day`` (its column, from its number down to the next week)."""
    lines = text.splitlines()
    top = next(n for n, line in enumerate(lines) if f" {day:>2} " in f"{line} ")
    start = f"{lines[top]} ".index(f" {day:>2} ") + 1
    width = len(lines[1]) // 7 + 1
    cell = []
    for line in lines[top + 1 :]:
        part = line[start : start + width].rstrip()
        if part[:3].strip().isdigit():
            break
        cell.append(part)
    return cell


async def test_titles_wrap_in_a_cell_instead_of_being_cut_at_120_columns(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 120x40 a cell is 11 columns: "Annual I…" now reads "Annual IEP" / "review"."""
    app = app_for(sample_copy, [], monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_calendar(app, pilot)
        cell = [line.strip() for line in _cell_lines(grid_text(screen), 3) if line.strip()]
        assert cell[:3] == ["!Tobias", "Annual IEP", "review"], cell
        assert not any(line.endswith("…") for line in cell), cell


async def test_cells_grow_with_the_terminal(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = app_for(sample_copy, [], monkeypatch)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_calendar(app, pilot)
        grid = screen.query_one(MonthGrid)
        at_120 = grid._cell_width()
        await pilot.resize_terminal(180, 50)
        await pilot.pause()
        assert grid._cell_width() > at_120 + 5
        cell = [line.strip() for line in _cell_lines(grid_text(screen), 12) if line.strip()]
        assert "Annual IEP review" in cell, cell
