"""Snapshots of the main screens at 80x24 and 100x30, as of 2026-11-25.

Update them after an intended change with ``pytest --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from tests.tui_support import make_app, settle

SIZES = [(80, 24), (100, 30)]


def _student(student_id: str, tab: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        pilot.app.open_student(student_id, tab)  # type: ignore[attr-defined]
        await settle(pilot)

    return run_before


def _keys(*keys: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


SCREENS: dict[str, Callable[[Pilot[None]], Awaitable[None]]] = {
    "caseload": _keys(),
    "overview": _student("marcus-d", "overview"),
    "goals": _student("marcus-d", "goals"),
    "data": _student("lucia-v", "data"),
    "services": _student("kenji-o", "services"),
    "meetings": _student("tobias-c", "log"),
    "records": _student("marcus-d", "records"),
    "evaluation": _student("zofia-p", "evaluation"),
    "calendar": _keys("c", "down"),
    "minutes": _keys("m"),
    "today": _keys("T", *["right_square_bracket"] * 5),  # Thanksgiving to Monday Nov 30
    "due": _keys("d"),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(
    snap_compare: Any,
    sample_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    screen: str,
    size: tuple[int, int],
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = make_app(sample_copy)
    assert snap_compare(app, terminal_size=size, run_before=SCREENS[screen])


@pytest.mark.parametrize("screen", ["caseload", "calendar"])
def test_wide_screen(
    snap_compare: Any, sample_copy: Path, monkeypatch: pytest.MonkeyPatch, screen: str
) -> None:
    """120x40: whole names and deadlines; calendar cells list their items."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = make_app(sample_copy)
    assert snap_compare(app, terminal_size=(120, 40), run_before=SCREENS[screen])


def test_goal_graph(snap_compare: Any, sample_copy: Path) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _student("ines-b", "goals")(pilot)
        await pilot.press("enter")
        await settle(pilot)

    assert snap_compare(make_app(sample_copy), terminal_size=(100, 30), run_before=run_before)


@pytest.mark.parametrize("screen", ["caseload", "goals", "calendar"])
def test_screen_without_colour(
    snap_compare: Any, sample_copy: Path, monkeypatch: pytest.MonkeyPatch, screen: str
) -> None:
    """NO_COLOR: default foreground everywhere; the cursor row in reverse video."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(sample_copy)
    assert snap_compare(app, terminal_size=(80, 24), run_before=SCREENS[screen])
