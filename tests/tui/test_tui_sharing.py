"""Sharing from the TUI: the status line shows ahead/behind, S syncs in a worker, x lists
conflicts and resolves them by choosing a side or typing a value."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Static

from caseterm.tui.screens.conflicts import ConflictsScreen
from tests.conftest import git_log
from tests.sharing import Cli, be, data_add, git, ok, shared_caseload
from tests.tui_support import column, make_app, settle, static_text


def _status(app) -> str:
    return static_text(app.screen.query_one("#caseload-status", Static))


async def test_status_shows_ahead_and_sync_sends_and_receives(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = shared_caseload(tmp_path, cli, monkeypatch)
    be(monkeypatch, "Alice Rivera")
    data_add(cli, team.alice, 50, "2026-11-16")
    be(monkeypatch, "Bob Osei")
    data_add(cli, team.bob, 52, "2026-11-17")
    ok(cli("-C", team.bob, "sync"))
    be(monkeypatch, "Alice Rivera")
    app = make_app(team.alice)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "↑1 ↓0" in _status(app)
        await pilot.press("S")
        await settle(pilot)
        await settle(pilot)
        assert "↑0 ↓0" in _status(app)
        assert "synced never" not in _status(app)
    git(team.bob, "pull", "--quiet", "--no-rebase")
    for root in (team.alice, team.bob):
        data = (root / "students/ava-m/data.toml").read_text()
        assert "value = 50" in data and "value = 52" in data


async def test_conflicts_are_listed_and_resolved_by_choice(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = shared_caseload(tmp_path, cli, monkeypatch)
    be(monkeypatch, "Bob Osei")
    ok(cli("-C", team.bob, "plan", "set", "ava-m", "consent=2026-09-03", "lre=RC39"))
    ok(cli("-C", team.bob, "sync"))
    be(monkeypatch, "Alice Rivera")
    ok(cli("-C", team.alice, "plan", "set", "ava-m", "consent=2026-09-02", "lre=RC80"))
    result = cli("-C", team.alice, "sync")
    assert "conflict" in (result.out + result.err)
    app = make_app(team.alice)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert "merge stopped on conflicts: press x" in _status(app)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConflictsScreen)
        table = app.screen.query_one("#conflicts-table", DataTable)
        assert column(table, 1) == ["dates.consent", "plan.lre"]
        assert column(table, 2) == ["2026-09-02", '"RC80"']
        assert column(table, 3) == ["2026-09-03", '"RC39"']
        await pilot.press("t")
        await settle(pilot)
        assert column(table, 1) == ["plan.lre"]
        await pilot.press("v")
        await settle(pilot)
        box = app.screen.query_one("#field-value", Input)
        box.value = "RC79TO40"
        await pilot.press("enter")
        await settle(pilot)
        await settle(pilot)
        assert table.row_count == 0
    plan = (team.alice / "students/ava-m/plan.toml").read_text()
    assert "consent = 2026-09-03" in plan and 'lre = "RC79TO40"' in plan
    assert "conflict" not in plan
    assert (
        git_log(team.alice)[0].startswith("Sync with origin") or "Merge" in git_log(team.alice)[0]
    )
    assert git(team.alice, "status", "--porcelain").stdout == ""
