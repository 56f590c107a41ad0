"""Student screen: every tab shows the student; saves go through the store and commit."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Select, Sparkline, Static

from caseterm.tui.app import CasetermApp
from caseterm.tui.focus import focus_now
from caseterm.tui.screens.goal_graph import GoalGraph, GoalGraphScreen
from caseterm.tui.screens.student import StudentScreen
from caseterm.tui.widgets.goals import GoalCard
from tests.conftest import git_log, git_status
from tests.tui_support import column, make_app, open_student, settle, static_text


async def test_overview_shows_profile_plan_services_and_family(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_student(pilot, "lucia-v")
        text = static_text(screen.query_one("#overview-body", Static))
        assert "SLI (Speech or language impairment)" in text
        assert "plan meeting" in text and "2026-01-22" in text
        assert "speech" in text and "/week" in text
        assert "Spanish" in text


async def test_goals_tab_shows_sparkline_numbers_and_decision(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_student(pilot, "lucia-v", "goals")
        cards = list(screen.query(GoalCard))
        assert [c.progress.goal.id for c in cards] == ["articulation-r"]
        card = cards[0]
        assert card.has_focus
        shown = " ".join(static_text(s) for s in card.query(Static))
        assert "▲ raise goal" in shown
        assert "trend +" in shown and "vs aim +" in shown
        assert "last " in shown and "pts)" in shown
        assert len(card.query_one(Sparkline).data or []) == card.progress.points


async def test_adding_a_data_point_from_the_keyboard_commits_and_redraws(
    sample_copy: Path,
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_student(pilot, "theo-b", "goals")
        before = screen.query(GoalCard).first().progress.points
        goal_id = screen.query(GoalCard).first().progress.goal.id
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.focused, Input) and app.focused.id == "field-value"
        await pilot.press(*"61", "enter", "enter", "enter")
        await settle(pilot)
        assert git_log(sample_copy)[0] == f"theo-b: add data point for goal {goal_id} (61 wcpm)"
        assert git_status(sample_copy) == ""
        data = (sample_copy / "students/theo-b/data.toml").read_text()
        assert data.rstrip().endswith("date = 2026-11-25\nvalue = 61")
        await pilot.press("escape", "2")
        await settle(pilot)
        card = screen.query(GoalCard).first()
        assert card.progress.points == before + 1
        assert card.query_one(Sparkline).data[-1] == 61  # type: ignore[index]
        assert column(screen.query_one("#recent-points", DataTable), 2)[0] == "61"


async def test_bad_value_is_refused_with_the_reason_and_nothing_written(
    sample_copy: Path,
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_student(pilot, "theo-b", "data")
        await pilot.press(*"lots")
        assert "value: 'lots' is not a number" in static_text(
            screen.query_one("#form-problem", Static)
        )
        await pilot.press("enter", "enter", "enter")
        await settle(pilot)
        assert git_log(sample_copy) == ["sample"]
        date_input = screen.query_one("#field-date", Input)
        date_input.value = "2026-02-30"
        await pilot.pause()
        assert "is not a real date" in static_text(screen.query_one("#form-problem", Static))


async def test_graph_screen_draws_points_aimline_and_phase(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_student(pilot, "ines-b", "goals")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, GoalGraphScreen)
        drawn = static_text(app.screen.query_one(GoalGraph), 100)
        assert drawn.count("●") == app.screen.progress.points
        assert "·" in drawn and "*" in drawn and "┊" in drawn
        assert "2026-" in drawn


async def test_logging_a_missed_session_and_its_make_up(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_student(pilot, "kenji-o", "services")
        services = screen.query_one("#services-table", DataTable)
        assert "speech" in column(services, 0)
        await pilot.press("l")
        await settle(pilot)
        form = app.screen
        form.query_one("#field-service", Select).value = "speech"
        form.query_one("#field-status", Select).value = "makeup"
        await pilot.pause()
        missed = form.query_one("#field-makeup_for", Select)
        options = [value for label, value in missed._options if "speech" in str(label)]
        missed.value = options[0]
        form.query_one("#field-date", Input).value = "2026-11-24"
        await pilot.click("#form-submit")
        await settle(pilot)
        assert git_log(sample_copy)[0] == "kenji-o: log speech session 2026-11-24 (30 min, makeup)"
        text = (sample_copy / "students/kenji-o/sessions.toml").read_text()
        assert f'makeup_for = "{options[0]}"' in text
        sessions = screen.query_one("#sessions-table", DataTable)
        assert column(sessions, 3)[0] == "makeup"


async def test_scheduling_a_meeting_and_logging_a_contact(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_student(pilot, "theo-b", "log")
        await pilot.press("a")
        await settle(pilot)
        app.screen.query_one("#field-date", Input).value = "2026-12-09"
        app.screen.query_one("#field-kind", Select).value = "progress"
        app.screen.query_one("#field-status", Select).value = "scheduled"
        app.screen.query_one("#field-participants", Input).value = "M. Quintero-Hale, R. Brannigan"
        await pilot.click("#form-submit")
        await settle(pilot)
        assert git_log(sample_copy)[0] == "theo-b: scheduled progress meeting 2026-12-09"
        log = screen.query_one("#log-table", DataTable)
        row = column(log, 0).index("2026-12-09")
        assert column(log, 2)[row] == "scheduled"
        await pilot.press("f")
        await settle(pilot)
        app.screen.query_one("#field-note", Input).value = "[red]Called about reading[/red]"
        await pilot.click("#form-submit")
        await settle(pilot)
        assert git_log(sample_copy)[0] == "theo-b: log phone contact 2026-11-25 (general)"
        assert "[red]Called about reading[/red]" in column(log, 4)


async def test_escape_cancels_a_form_without_writing(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_student(pilot, "theo-b", "log")
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, StudentScreen)
        assert git_log(sample_copy) == ["sample"]


async def test_history_tab_lists_commits_and_shows_a_diff(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_student(pilot, "theo-b", "data")
        await pilot.press(*"58", "enter", "enter", "enter")
        await settle(pilot)
        await pilot.press("escape", "6")
        await settle(pilot)
        history = screen.query_one("#history-table", DataTable)
        assert column(history, 3)[0].startswith("theo-b: add data point")
        assert column(history, 2)[0] == "Jordan Rivera"
        assert column(history, 3)[1] == "sample"
        await pilot.press("enter")
        await settle(pilot)
        diff = static_text(app.screen.query_one("#diff-body", Static), 100)
        assert "+value = 58" in diff


@pytest.mark.skipif(sys.platform == "win32", reason="uses a shell script as $EDITOR")
async def test_editor_edit_is_validated_then_committed(
    sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nsed -i "s/^lre = .*/lre = \\"RC79TO40\\"/" "$1"\n')
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("VISUAL", str(editor))
    monkeypatch.setattr(CasetermApp, "suspend", lambda self: contextlib.nullcontext())
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_student(pilot, "theo-b")
        await pilot.press("e")
        await settle(pilot)
        assert git_log(sample_copy)[0] == "theo-b: edit plan.toml by hand"
        text = static_text(app.screen.query_one("#overview-body", Static))
        assert "RC79TO40" in text


async def test_editor_edit_that_breaks_the_file_is_not_committed(
    sample_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\necho "minutes = oops" >> "$1"\n')
    editor.chmod(editor.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("VISUAL", str(editor))
    monkeypatch.setattr(CasetermApp, "suspend", lambda self: contextlib.nullcontext())
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_student(pilot, "theo-b", "services")
        await pilot.press("e")
        await settle(pilot)
        assert git_log(sample_copy) == ["sample"]
        assert "sessions.toml" in git_status(sample_copy)
        head = static_text(screen.query_one("#student-head", Static))
        assert "problem" in head
    assert os.environ["VISUAL"] == str(editor)


async def test_graph_axis_ends_at_the_last_point_when_data_runs_past_the_target(
    sample_copy: Path,
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_student(pilot, "tobias-c", "goals")
        card = next(c for c in screen.query(GoalCard) if c.progress.goal.id == "vocational-task")
        progress = card.progress
        last = progress.days[-1].date
        assert last > progress.goal.target_date
        focus_now(card)
        await pilot.press("enter")
        await settle(pilot)
        drawn = static_text(app.screen.query_one(GoalGraph), 100)
        assert last.isoformat() in drawn
        assert progress.goal.target_date.isoformat() not in drawn.splitlines()[-1]


async def test_meeting_kind_has_no_default_and_fits_the_plan(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_student(pilot, "theo-b", "log")
        await pilot.press("a")
        await settle(pilot)
        kind = app.screen.query_one("#field-kind", Select)
        assert kind.value is Select.NULL
        offered = [str(value) for _label, value in kind._options if value is not Select.NULL]
        assert "annual-review" in offered and "ifsp-review" not in offered
        await pilot.click("#form-submit")
        await settle(pilot)
        assert "Kind: choose one" in static_text(app.screen.query_one("#form-problem", Static))
        assert git_log(sample_copy) == ["sample"]
