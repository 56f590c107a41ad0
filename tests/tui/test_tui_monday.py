"""Issue 10's "Done when": a full Monday in a real terminal at 80x24 and 120x40 — the due
list, a student, every tab, a data point, a group make-up session, a correction, a note
read in full, the calendar, the minutes, quit — with the right screen after every key
(waited for, never slept on) and the process idle afterwards."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import git_log, git_status
from tests.tui.test_tui_tmux import IDLE_SHARE, Terminal, open_terminal

NOTE = "Played a board game with two peers; asked to join twice without prompting"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_full_monday(sample_copy: Path, size: tuple[int, int]) -> None:
    term = open_terminal(sample_copy, size)
    try:
        _monday(term, sample_copy)
    finally:
        term.close()


def _press(term: Terminal, key: str, *texts: str, gone: str = "") -> str:
    term.keys(key)
    return term.wait_for(*texts, gone=gone, seconds=90)


def _monday(term: Terminal, root: Path) -> None:
    term.wait_for("23 students", seconds=90)
    # The to-do list: every open deadline, overdue first; find Kenji's and open him.
    shown = _press(term, "d", "open deadlines", "overdue")
    assert "d late" in shown
    _press(term, "/", "filter: student or item")
    for char in "Kenji":
        term.keys(char)
    term.wait_for("Kenji Oyelaran-Sato", "Medicaid annual notice", gone="Amara", seconds=90)
    term.keys("Enter")  # from the filter to the list
    _press(term, "Enter", "Kenji Oyelaran-Sato  grade")
    # Every tab, in an order of its own.
    _press(term, "2", "peer-initiations", gone="Profile")
    _press(term, "6", "enter: show what the commit changed")
    _press(term, "1", "SAFETY PLAN", "Medicaid annual notice")
    _press(term, "5", "a: add a meeting")
    _press(term, "4", "l: log a session")
    # A data point: the Data tab opens on Value.
    _press(term, "3", "Add point")
    term.keys("3", "Enter", "Enter", "Enter")
    term.wait_for("Saved (commit", seconds=90)
    assert git_log(root)[0].startswith("kenji-o: add data point for goal peer-initiations (3 ")
    # ... it was 4: edit it from the list of recent points.
    for _ in range(4):
        term.keys("Tab")
    _press(term, "E", "Edit data point")
    _press(term, "Tab", "Edit data point")
    term.keys("BSpace", "4", "Enter", "Enter", "Enter")
    term.wait_for("edit point", seconds=90)
    assert git_log(root)[0].endswith("(value=4)")
    # A group session that makes up the social-skills session missed on 11-02.
    _press(term, "4", "l: log a session")
    _press(term, "l", "Log a service session")
    _press(term, "Enter", "social-skills")  # the service list opens
    term.keys("Down")
    _press(term, "Enter", "Service      social-skills")
    _press(term, "Tab", "Log a service session")
    _press(term, "Tab", "Log a service session")
    _press(term, "Tab", "Log a service session")
    _press(term, "Enter", "student refused")  # the status list opens
    term.keys("Down")
    _press(term, "Enter", "make-up session (counts", gone="student refused")
    _press(term, "Tab", "— none —")
    _press(term, "Enter", "2026-11-02 academic")  # the missed sessions
    term.keys("Down")
    _press(term, "Enter", "2026-11-02 social-skills", gone="2026-11-02 academic")
    _press(term, "Tab", "Log a service session")
    _press(term, "Tab", "Log a service session")
    _press(term, "Enter", "yes, a group session")
    term.keys("Down")
    _press(term, "Enter", "Group?       yes, a group session")
    term.keys("Tab")
    _press(term, NOTE[0], f"Note         {NOTE[0]}")
    for char in NOTE[1:]:
        term.keys(char)
    term.wait_for("without", seconds=90)
    term.keys("Enter")
    term.wait_for("Saved (commit", "makeup", seconds=90)
    assert git_log(root)[0].startswith("kenji-o: log social-skills session")
    assert git_log(root)[0].endswith("(30 min, makeup)")
    text = (root / "students/kenji-o/sessions.toml").read_text().rsplit("[[session]]", 1)[1]
    assert 'makeup_for = "01m6f1256genf247"' in text and "group = true" in text
    # Read that session's note in full: the table cuts it, the detail does not.
    shown = _press(term, "Enter", "e: edit · x: remove · escape: close")
    assert "unprompting" not in shown
    assert "without prompting" in " ".join(shown.split())
    _press(term, "Escape", "l: log a session", gone="escape: close")
    # Back to the due list, the caseload, the calendar and the minutes.
    _press(term, "Escape", "open deadlines")
    _press(term, "Escape", "23 students", gone="open deadlines")
    _press(term, "c", "Mo", " item")
    _press(term, "Escape", "sorted by", gone="Day/week")
    _press(term, "m", "Service minutes · ")
    _press(term, "Escape", "23 students")
    assert git_status(root) == ""
    assert term.idle_share() < IDLE_SHARE
    pid = term.pid()
    term.keys("q")
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
        time.sleep(0.1)
    assert not Path(f"/proc/{pid}").exists()
