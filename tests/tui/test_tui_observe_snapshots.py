"""Snapshots at 80x24 of the live observation screen (clock injected, mid-session with an
interval prompt showing), the behaviour graph (phases, aimline, per-phase text) and the
safety plan. Update with ``pytest --snapshot-update`` and review the SVGs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui.test_tui_observe import FakeClock, start_session
from tests.tui_support import make_app, settle

GOAL = """
[[goal]]
id = "call-out-rate"
statement = "Marcus raises a hand instead of calling out: at most 4 call-outs an hour."
area = "behavior"
unit = "per hour"
baseline = 14
start_date = 2026-09-28
target = 4
target_date = 2027-02-09
direction = "decrease"
"""


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr("caseterm.tui.screens.observe.default_clock", lambda: fake)
    return fake


def test_observation_screen(
    snap_compare: Any, sample_copy: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)

    async def run_before(pilot: Pilot[None]) -> None:
        screen = await start_session(pilot, interval="15", length="20")
        for at, keys in ((20, "12"), (47, "1"), (301, "21")):
            clock.advance_to(at)
            screen.tick()
            await pilot.press(*keys)
        clock.advance_to(601)
        screen.tick()
        await settle(pilot)

    assert snap_compare(make_app(sample_copy), terminal_size=(80, 24), run_before=run_before)


def test_behaviour_graph(
    snap_compare: Any, sample_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    goals = sample_copy / "students" / "marcus-d" / "goals.toml"
    goals.write_text(goals.read_text(encoding="utf-8") + GOAL, encoding="utf-8")
    behavior = sample_copy / "students" / "marcus-d" / "behavior.toml"
    text = behavior.read_text(encoding="utf-8")
    behavior.write_text(
        text.replace('method = "frequency"\n', 'method = "frequency"\ngoal = "call-out-rate"\n', 1),
        encoding="utf-8",
    )

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("slash", *"marcus", "enter", "b")
        await settle(pilot)

    assert snap_compare(make_app(sample_copy), terminal_size=(80, 24), run_before=run_before)


def test_safety_plan(snap_compare: Any, sample_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press("slash", *"marcus", "enter", "y")
        await settle(pilot)

    assert snap_compare(make_app(sample_copy), terminal_size=(80, 24), run_before=run_before)
