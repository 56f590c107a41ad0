"""Live observation in the TUI: a 20-minute partial-interval session of two behaviours
driven by keys with the clock injected (no sleeping), typed-ahead keys, a quick ABC note
that does not stop the clock, one record and one commit, and recovery from the journal."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from caseterm.store.infra import journal
from caseterm.tui.app import CasetermApp
from caseterm.tui.screens.observe import ObserveScreen
from caseterm.tui.screens.observe_finish import FinishScreen
from caseterm.tui.screens.observe_recover import RecoverScreen
from caseterm.tui.widgets.form import Form
from tests.conftest import TODAY, git_log, git_status
from tests.tui_support import make_app, settle, type_ahead


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = datetime.combine(TODAY, datetime.min.time()).replace(hour=9)

    def __call__(self) -> datetime:
        return self.now

    def advance_to(self, seconds: float) -> None:
        start = datetime.combine(TODAY, datetime.min.time()).replace(hour=9)
        self.now = start + timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> FakeClock:
    fake = FakeClock()
    monkeypatch.setattr("caseterm.tui.screens.observe.default_clock", lambda: fake)
    return fake


async def open_setup(pilot: Pilot[None], student: str = "marcus") -> Form:
    await settle(pilot)
    await pilot.press("slash", *student, "enter", "o")
    await settle(pilot)
    return pilot.app.screen.query_one(Form)


async def start_session(pilot: Pilot[None], **values: str) -> ObserveScreen:
    form = await open_setup(pilot)
    await pilot.press(*"D. Achterhof")
    for name, value in values.items():
        form.set_value(name, value)
    await pilot.pause()
    form.submit()
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, ObserveScreen)
    return screen


def current(app: CasetermApp) -> object:
    """The screen on top (a function, so a type check does not narrow ``app.screen``)."""
    return app.screen


def timer_running(screen: ObserveScreen) -> bool:
    """Whether the clock's tick timer runs (it must stop while paused: no idle ticking)."""
    timer: Any = screen.timer
    return timer is not None and bool(timer._active.is_set())


def behavior_text(root: Path, student: str = "marcus-d") -> str:
    return (root / "students" / student / "behavior.toml").read_text(encoding="utf-8")


def screen_text(app: CasetermApp) -> str:
    from textual.widgets import Static

    from tests.tui_support import static_text

    return "\n".join(static_text(w) for w in app.screen.query(Static))


async def test_twenty_minute_partial_interval_session_is_one_record_and_one_commit(
    sample_copy: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(sample_copy)
    bells: list[int] = []
    monkeypatch.setattr(app, "bell", lambda: bells.append(1))
    commits = len(git_log(sample_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(pilot, b0="partial-interval", interval="10", length="20")
        assert "09:00:00" in screen_text(app)
        expected = {0: ["0"] * 120, 1: ["0"] * 120}
        for interval in range(120):
            clock.advance_to(interval * 10 + 4)
            screen.tick()
            keys = []
            if interval % 3 == 0:
                keys += ["1", "1"]  # twice in one interval is still one scored interval
                expected[0][interval] = "1"
            if interval % 5 == 2:
                keys.append("2")
                expected[1][interval] = "1"
            if keys:
                type_ahead(app, *keys)
                await pilot.pause()
        clock.advance_to(1200)
        screen.tick()
        await pilot.pause()
        assert "planned length reached" in screen_text(app)
        assert len(bells) >= 119
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FinishScreen)
        assert "20:00 observed" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(current(app), ObserveScreen | FinishScreen)
    log = git_log(sample_copy)
    assert len(log) == commits + 1
    assert log[0] == (
        f"marcus-d: observation {TODAY.isoformat()} 09:00-09:20 (call-out, leave-area)"
    )
    assert git_status(sample_copy) == ""
    text = behavior_text(sample_copy)
    assert f'marks = "{"".join(expected[0])}"' in text
    assert f'marks = "{"".join(expected[1])}"' in text
    assert 'observer = "D. Achterhof"' in text
    assert "end = 09:20:00" in text
    assert journal.unfinished(sample_copy) == []


async def test_keys_typed_ahead_all_count_in_order(sample_copy: Path, clock: FakeClock) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(pilot, length="0")
        clock.advance_to(30)
        type_ahead(app, "1", "1", "1", "2", "1", "u", "1")
        await settle(pilot)
        assert screen.session.tallies[0].count == 4  # 1 1 1 (2) 1, undo the last 1, 1
        assert screen.session.tallies[1].marks == {3}
        assert "call-out: 4" in screen_text(app)


async def test_pause_stops_the_clock_and_refuses_tallies(
    sample_copy: Path, clock: FakeClock
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(pilot, length="0")
        clock.advance_to(60)
        await pilot.press("p")
        assert not screen.stopwatch.running and not timer_running(screen)
        clock.advance_to(600)
        await pilot.press("1")
        assert screen.session.tallies[0].count == 0
        assert "PAUSED" in screen_text(app) and "01:00" in screen_text(app)
        await pilot.press("p")
        clock.advance_to(630)
        await pilot.press("1")
        assert screen.session.tallies[0].count == 1
        assert screen.elapsed() == 90


async def test_abc_note_does_not_stop_the_clock_and_joins_the_commit(
    sample_copy: Path, clock: FakeClock
) -> None:
    app = make_app(sample_copy)
    commits = len(git_log(sample_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(pilot, length="0")
        clock.advance_to(125)
        await pilot.press("a")
        await settle(pilot)
        await pilot.press("tab", *"worksheet handed out", "enter", *"peers laughed", "enter")
        await pilot.press("tab", "tab", "enter")
        await settle(pilot)
        clock.advance_to(200)
        await pilot.press("1")
        assert app.screen is screen
        assert screen.elapsed() == 200 and screen.session.tallies[0].count == 1
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
    assert len(git_log(sample_copy)) == commits + 1
    assert git_log(sample_copy)[0].endswith("with 1 ABC event")
    text = behavior_text(sample_copy)
    assert 'antecedent = "worksheet handed out"' in text
    assert "time = 09:02:05" in text


async def test_a_session_left_unfinished_is_offered_back_and_saved_as_is(
    sample_copy: Path, clock: FakeClock
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_session(pilot, length="0")
        clock.advance_to(42)
        type_ahead(app, "1", "1", "2")
        await settle(pilot)
    assert len(journal.unfinished(sample_copy)) == 1
    commits = len(git_log(sample_copy))
    again = make_app(sample_copy)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(again.screen, RecoverScreen)
        assert "call-out (frequency): 2" in screen_text(again)
        await pilot.press("s")
        await settle(pilot)
    assert len(git_log(sample_copy)) == commits + 1
    text = behavior_text(sample_copy)
    assert "count = 2" in text and "end = 09:00:42" in text
    assert journal.unfinished(sample_copy) == []


async def test_a_resumed_session_goes_on_from_its_tallies(
    sample_copy: Path, clock: FakeClock
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_session(pilot, length="0")
        clock.advance_to(50)
        type_ahead(app, "1", "1")
        await settle(pilot)
    clock.advance_to(5000)  # the app comes back much later: that gap is not observed
    again = make_app(sample_copy)
    async with again.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        screen = again.screen
        assert isinstance(screen, ObserveScreen) and screen.session.paused
        assert screen.session.tallies[0].count == 2
        await pilot.press("p")
        clock.advance_to(5010)
        await pilot.press("1")
        assert screen.session.tallies[0].count == 3
        assert screen.elapsed() == 60


async def test_discard_writes_nothing(sample_copy: Path, clock: FakeClock) -> None:
    app = make_app(sample_copy)
    commits = len(git_log(sample_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        await start_session(pilot, length="0")
        await pilot.press("1", "f")
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
    assert len(git_log(sample_copy)) == commits
    assert journal.unfinished(sample_copy) == []


async def test_app_keys_do_not_leave_a_running_session(sample_copy: Path, clock: FakeClock) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(pilot, length="0")
        await pilot.press("q", "c", "m")
        await settle(pilot)
        assert app.screen is screen and app.is_running


def _footer_keys(app: CasetermApp) -> dict[str, str]:
    from textual.widgets._footer import FooterKey

    return {k.description: k.key for k in app.screen.query(FooterKey) if k.display}


async def test_the_footer_offers_no_quit_while_a_session_runs(
    sample_copy: Path, clock: FakeClock
) -> None:
    """The footer showed "^q Quit" (and ctrl+q quit) while the session ran: quitting is
    left out of the footer and the palette, and ctrl+q is refused like q."""
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(pilot, length="0")
        keys = _footer_keys(app)
        assert "Quit" not in keys and keys.get("Finish") == "f", keys
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Quit" not in titles
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.is_running and app.screen is screen
        assert "finish the session first" in screen.message
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        assert not isinstance(current(app), ObserveScreen)
        assert _footer_keys(app).get("Quit") == "q", "back on the caseload: q quits"
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_a_refused_save_keeps_the_session_and_its_journal(
    sample_copy: Path, clock: FakeClock
) -> None:
    app = make_app(sample_copy)
    commits = len(git_log(sample_copy))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await start_session(pilot, length="0")
        clock.advance_to(30)
        await pilot.press("1")
        behavior = sample_copy / "students" / "marcus-d" / "behavior.toml"
        behavior.write_text("this is [ not TOML", encoding="utf-8")
        await pilot.press("f")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert current(app) is screen and not screen.saving
        assert "not saved" in screen_text(app)
    assert len(git_log(sample_copy)) == commits
    assert len(journal.unfinished(sample_copy)) == 1
