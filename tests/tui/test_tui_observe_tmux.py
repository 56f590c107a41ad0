"""A live observation in a real terminal: keys typed at once, the clock ticking, pause
leaving the app idle, then the process killed mid-session and its tallies recovered on the
next start. Every step waits for the screen it should lead to (never a fixed sleep)."""

from __future__ import annotations

import os
import re
import signal
from pathlib import Path

from tests.conftest import git_log, git_status
from tests.tui.test_tui_tmux import IDLE_SHARE, open_terminal


def test_a_killed_session_is_recovered_with_its_tallies(sample_copy: Path) -> None:
    commits = len(git_log(sample_copy))
    term = open_terminal(sample_copy)
    try:
        term.wait_for("students ·", "Next deadline", seconds=120)
        term.keys("/", "marcus", "Enter")
        term.wait_for("filter: 'marcus'", seconds=120)
        term.keys("o")
        term.wait_for("Observe Marcus", "leave-area", seconds=120)
        term.keys("D. Achterhof", *["Tab"] * 9, "Enter")
        term.wait_for("observing marcus-d", "count each time", seconds=120)
        term.keys("1", "1", "2", "1")
        shown = term.wait_for("call-out: 3", seconds=120)
        assert re.search(r"1 +call-out +count each time +3", shown)
        term.wait_for("00:02", seconds=120)  # the clock runs in real time
        term.keys("p")
        term.wait_for("PAUSED", seconds=120)
        assert term.idle_share() < IDLE_SHARE  # paused: the clock's timer is stopped
        os.kill(term.pid(), signal.SIGKILL)
    finally:
        term.close()
    assert len(git_log(sample_copy)) == commits  # nothing committed by the killed process

    again = open_terminal(sample_copy)
    try:
        shown = again.wait_for("An observation was not finished", seconds=120)
        assert "call-out (frequency): 3" in shown
        assert "leave-area (partial-interval): 1 of" in shown
        again.keys("s")
        again.wait_for("Saved (commit", seconds=120)
    finally:
        again.close()
    log = git_log(sample_copy)
    assert len(log) == commits + 1
    assert log[0].startswith("marcus-d: observation ") and "(call-out, leave-area)" in log[0]
    assert git_status(sample_copy) == ""
    text = (sample_copy / "students" / "marcus-d" / "behavior.toml").read_text(encoding="utf-8")
    assert 'observer = "D. Achterhof"' in text and "count = 3" in text
