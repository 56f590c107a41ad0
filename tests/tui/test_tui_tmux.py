"""End to end in a real terminal: tmux runs ``python -m caseterm``; every key is followed by
a wait for the screen it should lead to (never a fixed sleep), and the process must be idle
once the keys are handled."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import git_log, git_status


class Terminal:
    """One tmux session on a private server socket."""

    def __init__(self, command: list[str], cwd: Path, size: tuple[int, int] = (80, 24)) -> None:
        assert shutil.which("tmux"), "tmux is needed for the end-to-end test"
        self.socket = f"caseterm-test-{uuid.uuid4().hex[:8]}"
        self.name = "caseterm"
        width, height = size
        self._tmux(
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            str(width),
            "-y",
            str(height),
            "-c",
            str(cwd),
            shlex.join(command),
        )

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return done.stdout

    def keys(self, *keys: str) -> None:
        """Send keys at once, as a typist ahead of a busy machine would."""
        for key in keys:
            self._tmux("send-keys", "-t", self.name, key)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, *texts: str, gone: str = "", seconds: float = 60) -> str:
        """Poll the screen until every text shows (and ``gone`` does not)."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            shown = self.screen()
            if all(t in shown for t in texts) and not (gone and gone in shown):
                return shown
            time.sleep(0.1)
        raise AssertionError(f"{texts!r} never appeared; the screen shows:\n{self.screen()}")

    def pid(self) -> int:
        return int(self._tmux("list-panes", "-t", self.name, "-F", "#{pane_pid}").strip())

    def cpu_share(self, seconds: float = 3.0) -> float:
        """The app's CPU time over ``seconds`` of wall time, as a share of one core."""
        stat = Path(f"/proc/{self.pid()}/stat")

        def ticks() -> int:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            return int(fields[11]) + int(fields[12])

        before, start = ticks(), time.monotonic()
        time.sleep(seconds)
        used = ticks() - before
        return used / os.sysconf("SC_CLK_TCK") / (time.monotonic() - start)

    def idle_share(self, windows: int = 4) -> float:
        """The lowest CPU share over up to ``windows`` windows of 3 s, stopping at the first
        under ``IDLE_SHARE``. On a busy machine the app may still be finishing its last
        redraw when the first window starts; a loop that spins never gets under it."""
        lowest = 1.0
        for _ in range(windows):
            lowest = min(lowest, self.cpu_share())
            if lowest < IDLE_SHARE:
                break
        return lowest

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def open_terminal(root: Path, size: tuple[int, int] = (80, 24)) -> Terminal:
    """caseterm on ``root`` in a fresh tmux session of ``size``."""
    env_line = {k: v for k, v in os.environ.items() if k.startswith(("GIT_", "HOME", "XDG_"))}
    command = [
        "env",
        "-u",
        "COLUMNS",
        "-u",
        "LINES",
        *(f"{k}={v}" for k, v in env_line.items()),
        "TERM=xterm-256color",
        sys.executable,
        "-m",
        "caseterm",
        "-C",
        str(root),
    ]
    return Terminal(command, root, size)


@pytest.fixture
def terminal(sample_copy: Path) -> Iterator[Terminal]:
    term = open_terminal(sample_copy)
    try:
        yield term
    finally:
        term.close()


IDLE_SHARE = 0.2
"""An idle app uses well under a fifth of a core (a refresh loop spinning uses all of it)."""


def test_add_a_data_point_from_the_keyboard(terminal: Terminal, sample_copy: Path) -> None:
    screen = terminal.wait_for("23 students")
    assert "Next deadline" in screen and "Amara Kowalczyk" in screen
    terminal.keys("Down", "Down", "Down", "Enter")
    terminal.wait_for("Esperanza Tzul Ixcoy  grade 10")
    terminal.keys("3", "4", "7", "Enter", "Enter", "Enter")
    shown = terminal.wait_for("Saved (commit")
    assert "esperanza-t: add data point for goal" in shown
    assert git_log(sample_copy)[0] == (
        "esperanza-t: add data point for goal functional-reading (47 % accuracy)"
    )
    assert git_status(sample_copy) == ""
    terminal.keys("Escape")
    terminal.wait_for("Edit file")  # escape then a key at once would read as alt+key
    terminal.keys("2")
    terminal.wait_for("last 47")
    assert terminal.idle_share() < IDLE_SHARE


def test_tab_keys_with_pauses_show_their_pane_and_leave_the_app_idle(
    terminal: Terminal,
) -> None:
    terminal.wait_for("23 students")
    terminal.keys("Down", "Down", "Enter")
    terminal.wait_for("Elias Fairweather  grade 10")
    for key, text in (("2", "▲ raise goal"), ("4", "l: log a session"), ("1", "Profile")):
        terminal.keys(key)
        terminal.wait_for(text)
    terminal.keys("5")
    terminal.wait_for("a: add a meeting", gone="l: log a session")
    assert terminal.idle_share() < IDLE_SHARE
    terminal.keys("2", "4", "1", "5", "6", "2", "1", "4")
    terminal.wait_for("l: log a session", gone="Profile")
    assert terminal.idle_share() < IDLE_SHARE
