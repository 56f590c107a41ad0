"""The safety plan one key from the caseload, the behaviour graph with its phases, and a
hostile journal offered back without a crash or an escape sequence."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Static

from caseterm.store.infra import journal
from caseterm.tui.screens.behavior_graph import BehaviorGraphScreen
from caseterm.tui.screens.observe_recover import RecoverScreen
from caseterm.tui.screens.safety import SafetyScreen
from tests.conftest import git_log
from tests.tui_support import make_app, settle, static_text


def shown(app: object) -> str:
    screen = app.screen  # type: ignore[attr-defined]
    return "\n".join(static_text(w) for w in screen.query(Static))


async def test_the_safety_plan_is_one_key_from_the_caseload(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"kenji", "enter")
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, SafetyScreen)
        text = shown(app)
        assert "SAFETY PLAN · Kenji Oyelaran-Sato" in text
        assert "Triggers:" in text and "Who to call:" in text
        await pilot.press("escape", "escape", "home", "y")
        await settle(pilot)
        assert "No safety plan on file." in shown(app)


async def test_the_behaviour_graph_shows_each_phase(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"marcus", "enter", "b")
        await settle(pilot)
        assert isinstance(app.screen, BehaviorGraphScreen)
        text = shown(app)
        assert "[1/2] call-out (frequency, per hour)" in text
        assert "baseline: n=3 · level 14.0 (mean 15.3)" in text
        assert "BIP 2026-09-28: n=6" in text and "BIP change 2026-10-26: n=7" in text
        assert text.count("┊") >= 2
        await pilot.press("right_square_bracket")
        assert "[2/2] leave-area (partial-interval, % of intervals)" in shown(app)


async def test_a_hostile_journal_is_shown_escaped_and_saving_it_fails_cleanly(
    sample_copy: Path,
) -> None:
    header = {
        "student": "nobody\x1b]52;c;AAAA\x07",
        "date": "2025-11-03",
        "start": "09:00:00",
        "behaviors": [["\x1b[31mred\x1b[0m", "frequency"]],
        "interval": 10,
        "length": 0,
        "observer": "\x9b2J",
        "bell": True,
    }
    opened = journal.Journal.create(sample_copy, "hostile", header)
    opened.append({"at": 10**6, "kind": "key", "behavior": 0})
    opened.append({"at": 5, "kind": "key", "behavior": 0})
    opened.close()
    (opened.path.parent / "torn.jsonl").write_text(json.dumps(header)[:30])
    commits = len(git_log(sample_copy))
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, RecoverScreen)
        text = shown(app)
        assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
        assert "(frequency): 1" in text
        await pilot.press("s")
        await settle(pilot)
    assert len(git_log(sample_copy)) == commits
    assert journal.unfinished(sample_copy)  # kept: nothing was saved


async def test_a_safety_plan_is_marked_on_the_caseload_row(sample_copy: Path) -> None:
    from textual.widgets import DataTable

    from tests.tui_support import column

    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#students", DataTable)
        marked = {
            name
            for name, due in zip(column(table, 0), column(table, 3), strict=True)
            if due.startswith("⚑")
        }
    assert marked == {"Kenji Oyelaran-Sato", "Marcus Delacroix-We…"}
