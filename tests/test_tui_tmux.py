"""End to end in a real terminal: tmux runs ``python -m caseterm``, keys add a data point."""

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
    """One tmux session on a private server socket, 80x24."""

    def __init__(self, command: list[str], cwd: Path) -> None:
        assert shutil.which("tmux"), "tmux is needed for the end-to-end test"
        self.socket = f"caseterm-test-{uuid.uuid4().hex[:8]}"
        self.name = "caseterm"
        shell_command = shlex.join(command)
        self._tmux(
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            "80",
            "-y",
            "24",
            "-c",
            str(cwd),
            shell_command,
        )

    def _tmux(self, *args: str) -> str:
        done = subprocess.run(
            ["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True
        )
        return done.stdout

    def keys(self, *keys: str) -> None:
        for key in keys:
            self._tmux("send-keys", "-t", self.name, key)
            time.sleep(0.15)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def wait_for(self, text: str, seconds: float = 20) -> str:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            shown = self.screen()
            if text in shown:
                return shown
            time.sleep(0.2)
        raise AssertionError(f"{text!r} never appeared; the screen shows:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def terminal(sample_copy: Path) -> Iterator[Terminal]:
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
        str(sample_copy),
    ]
    term = Terminal(command, sample_copy)
    try:
        yield term
    finally:
        term.close()


def test_add_a_data_point_from_the_keyboard(terminal: Terminal, sample_copy: Path) -> None:
    screen = terminal.wait_for("18 students")
    assert "Next deadline" in screen and "Amara Kowalczyk" in screen
    terminal.keys("Down", "Down", "Down", "Enter")
    terminal.wait_for("Esperanza Tzul Ixcoy  grade 10")
    terminal.keys("3")
    terminal.wait_for("Add point")
    terminal.keys("4", "7", "Enter", "Enter", "Enter")
    shown = terminal.wait_for("Saved (commit")
    assert "esperanza-t: add data point for goal" in shown
    assert git_log(sample_copy)[0] == (
        "esperanza-t: add data point for goal functional-reading (47 % accuracy)"
    )
    assert git_status(sample_copy) == ""
    terminal.keys("Escape", "2")
    terminal.wait_for("last 47")
    terminal.keys("Escape", "Escape", "q")
