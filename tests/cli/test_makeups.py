"""Make-ups from the CLI: one missed session is made up once (issue 10, item 6)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path


def _commits(root: Path) -> int:
    out = subprocess.run(
        ["git", "-C", str(root), "rev-list", "--count", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout)


def test_a_second_make_up_for_a_session_already_made_up_is_refused(cli, caseload: Path) -> None:
    c = ("-C", caseload)
    cli(*c, "student", "add", "ava-m", "--first-name", "Ava")
    cli(*c, "service", "add", "ava-m", "speech", "60", "--start", "2026-09-01")
    log = ("service", "log", "ava-m", "speech")
    cli(*c, *log, "60", "--date", "2026-11-16", "--status", "provider-absent")
    path = caseload / "students/ava-m/sessions.toml"
    missed = path.read_text().split('id = "')[1].split('"')[0]
    part = cli(*c, *log, "30", "--date", "2026-11-17", "--makeup-for", missed)
    rest = cli(*c, *log, "30", "--date", "2026-11-18", "--makeup-for", missed)
    assert (part.code, rest.code) == (0, 0), part.err + rest.err
    text, commits = path.read_text(), _commits(caseload)

    again = cli(*c, *log, "30", "--date", "2026-11-19", "--makeup-for", missed)

    assert again.code == 2
    assert again.err.strip().splitlines() == [
        f"caseterm: --makeup-for: session '{missed}' (60 min) is already made up; "
        "name a missed session not yet made up"
    ]
    assert path.read_text() == text and _commits(caseload) == commits
    minutes = cli(*c, "minutes", "--student", "ava-m", "--week", "2026-11-16", "--json")
    (row,) = json.loads(minutes.out)
    assert (row["delivered"], row["owed"]) == (60, 0)


def test_a_make_up_in_december_settles_november_and_says_when(cli, caseload: Path) -> None:
    """Issue 13: missed 2026-11-23, made up 2026-12-01: November owes nothing and says
    "made up on 12-01"; December's minutes do not count it again."""
    c = ("-C", caseload)
    cli(*c, "student", "add", "ava-m", "--first-name", "Ava")
    cli(*c, "service", "add", "ava-m", "speech", "60", "--start", "2026-09-01")
    log = ("service", "log", "ava-m", "speech", "60")
    cli(*c, *log, "--date", "2026-11-23", "--status", "provider-absent")
    path = caseload / "students/ava-m/sessions.toml"
    missed = path.read_text().split('id = "')[1].split('"')[0]
    assert cli(*c, *log, "--date", "2026-12-01", "--makeup-for", missed).code == 0
    today = ("--today", "2026-12-04")

    november = cli(*c, "minutes", "--month", "2026-11", *today, "--json")
    december = cli(*c, "minutes", "--month", "2026-12", *today, "--json")
    table = cli(*c, "minutes", "--month", "2026-11", *today)

    (nov,) = json.loads(november.out)
    (dec,) = json.loads(december.out)
    assert (nov["owed"], nov["made_up_after"]) == (0, ["2026-12-01"])
    assert (dec["delivered"], dec["over_delivered"], dec["sessions"]) == (0, 0, 1)
    assert "ava-m speech: missed minutes made up on 12-01" in table.out
