"""The Today screen: each scheduled session of the day logged with one key; a group is one
change and one commit across its students' files (issue 15)."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import rtoml
from textual.pilot import Pilot
from textual.widgets import DataTable, Static

from caseterm.tui.app import CasetermApp
from caseterm.tui.screens.today import TodayScreen
from tests.cli.test_schedule_cli import GROUP, SCHEDULE
from tests.conftest import git_log
from tests.sharing import git
from tests.tui_support import SteadyApp, column

MONDAY = date(2026, 11, 30)


@pytest.fixture
def week(caseload: Path, cli: Any) -> Path:
    for student in GROUP:
        assert cli("-C", caseload, "student", "add", student, "--first-name", "X").code == 0
        assert cli("-C", caseload, "service", "add", student, "speech", "60",
                   "--start", "2026-09-01").code == 0  # fmt: skip
    assert cli("-C", caseload, "service", "add", "ava-m", "reading", "120",
               "--start", "2026-09-01").code == 0  # fmt: skip
    (caseload / "schedule.toml").write_text(SCHEDULE, encoding="utf-8")
    git(caseload, "add", "schedule.toml")
    git(caseload, "commit", "-qm", "schedule")
    return caseload


def sessions(root: Path, student: str) -> list[dict[str, Any]]:
    path = root / "students" / student / "sessions.toml"
    found: list[dict[str, Any]] = rtoml.loads(path.read_text(encoding="utf-8")).get("session", [])
    return found


async def settle(app: CasetermApp, pilot: Pilot[None], *keys: str) -> None:
    for key in keys or (None,):
        if key is not None:
            await pilot.press(key)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()


async def open_today(app: CasetermApp, pilot: Pilot[None]) -> TodayScreen:
    await settle(app, pilot)
    await settle(app, pilot, "T")
    screen = app.screen
    assert isinstance(screen, TodayScreen)
    return screen


def title(screen: TodayScreen) -> str:
    return str(screen.query_one("#today-title", Static).render())


async def test_one_key_logs_a_four_student_group_in_one_commit(week: Path) -> None:
    app = SteadyApp(week, today=lambda: MONDAY, watch_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_today(app, pilot)
        table = screen.query_one(DataTable)
        assert column(table, 0) == ["09:00-09:30", "09:15-09:45"]
        assert title(screen) == "Today: 2 scheduled sessions, 0 logged"
        before = len(git_log(week))
        await settle(app, pilot, "d")
        assert len(git_log(week)) == before + 1
        files = subprocess.run(
            ["git", "-C", str(week), "show", "--name-only", "--format=", "HEAD"],
            capture_output=True, text=True, check=True,
        ).stdout.split()  # fmt: skip
        assert files == [f"students/{s}/sessions.toml" for s in GROUP]
        assert len({sessions(week, s)[0]["id"] for s in GROUP}) == 1
        assert column(table, 4)[0] == "delivered"
        assert title(screen) == "Today: 2 scheduled sessions, 1 logged"
        # Pressing again refuses to log the same session twice.
        await settle(app, pilot, "d")
        assert len(git_log(week)) == before + 1


async def test_provider_absent_then_a_make_up(week: Path) -> None:
    app = SteadyApp(week, today=lambda: MONDAY, watch_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_today(app, pilot)
        await settle(app, pilot, "down", "p")
        assert sessions(week, "ava-m")[0]["status"] == "provider-absent"
        table = screen.query_one(DataTable)
        assert column(table, 4) == ["not logged", "provider-absent"]
        await settle(app, pilot, "u")
        await settle(app, pilot, "enter", "enter", "enter")  # date, minutes, note: save
        made = sessions(week, "ava-m")
        assert [(m["status"], m.get("makeup_for", "")) for m in made] == [
            ("provider-absent", ""),
            ("makeup", made[0]["id"]),
        ]


async def test_days_step_and_thanksgiving_has_nothing(week: Path) -> None:
    app = SteadyApp(week, today=lambda: MONDAY, watch_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_today(app, pilot)
        await settle(app, pilot, "left_square_bracket")
        assert title(screen) == "Sun 2026-11-29: 0 scheduled sessions, 0 logged · no school"
        for _ in range(4):
            await settle(app, pilot, "left_square_bracket")
        assert title(screen).startswith("Wed 2026-11-25: 0 scheduled sessions")
        await settle(app, pilot, "t")
        assert title(screen) == "Today: 2 scheduled sessions, 0 logged"


async def test_week_grid_rows_of_time_columns_of_days_and_a_provider_filter(
    week: Path,
) -> None:
    from caseterm.tui.screens.week import WeekScreen

    app = SteadyApp(week, today=lambda: MONDAY, watch_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_today(app, pilot)
        await settle(app, pilot, "w")
        screen = app.screen
        assert isinstance(screen, WeekScreen)
        table = screen.query_one(DataTable)
        assert [str(c.label) for c in table.ordered_columns] == [
            "", "Mon 30", "Tue 01", "Wed 02", "Thu 03", "Fri 04",
        ]  # fmt: skip
        assert sum(c.get_render_width(table) for c in table.ordered_columns) <= 80
        times = column(table, 0)
        assert times[0] == "08:00" and times[-1] == "14:45"  # the school day, 15 min a row
        nine = times.index("09:00")
        assert column(table, 1)[nine] == "speech 4 students"
        assert column(table, 1)[nine + 1] == "2: speech, reading"  # Ava double-booked
        assert column(table, 3)[nine] == ""  # Wed Dec 2: the group is cancelled
        assert column(table, 3)[nine + 1] == "reading ava-m"
        title = str(screen.query_one("#week-title", Static).render())
        assert title == "Week of Mon 2026-11-30 · all providers · 5 sessions"
        await settle(app, pilot, "f")
        title = str(screen.query_one("#week-title", Static).render())
        assert title == "Week of Mon 2026-11-30 · Mr. Okafor · 4 sessions"
        assert column(table, 1)[nine] == ""
        await settle(app, pilot, "f", "f")
        assert "all providers" in str(screen.query_one("#week-title", Static).render())


async def test_a_hostile_schedule_shows_escaped_and_never_crashes(week: Path) -> None:
    from tests.cli.test_schedule_cli import HOSTILE

    (week / "schedule.toml").write_text(HOSTILE, encoding="utf-8")
    app = SteadyApp(week, today=lambda: MONDAY, watch_seconds=0)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_today(app, pilot)
        table = screen.query_one(DataTable)
        assert column(table, 2) == ["\\x1b[31mRed"]
        detail = str(screen.query_one("#today-detail", Static).render())
        assert "\x9b" not in detail and "\\x9b2J" in detail
        await settle(app, pilot, "w", "f", "right", "down")
        assert app.screen.query_one("#week-title", Static).render()
