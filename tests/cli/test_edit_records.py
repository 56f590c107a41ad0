"""Corrections from the CLI (issue 10 item 9): adds print the new record's id, ``student
show --ids`` lists ids, ``edit`` corrects a record in one commit and refuses bad input."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest


def _commits(root: Path) -> int:
    out = subprocess.run(
        ["git", "-C", str(root), "rev-list", "--count", "HEAD"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout)


def _subject(root: Path) -> str:
    out = subprocess.run(
        ["git", "-C", str(root), "log", "-1", "--format=%s"],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


@pytest.fixture
def ava(cli, caseload: Path) -> Path:
    c = ("-C", caseload)
    assert cli(*c, "student", "add", "ava-m", "--first-name", "Ava").code == 0
    goal = ("goal", "add", "ava-m", "fluency", "--statement", "Read 90 wcpm")
    assert (
        cli(*c, *goal, "--target", "90", "--target-date", "2027-05-01", "--unit", "wcpm").code == 0
    )
    assert cli(*c, "service", "add", "ava-m", "speech", "60", "--start", "2026-09-01").code == 0
    return caseload


def _added_id(out: str) -> str:
    lines = out.strip().splitlines()
    assert lines[-1].startswith("id: "), out
    return lines[-1].removeprefix("id: ")


def test_every_add_prints_the_id_of_what_it_added(cli, ava: Path) -> None:
    c = ("-C", ava)
    added = [
        cli(*c, "data", "add", "ava-m", "fluency", "52", "--date", "2026-11-20"),
        cli(*c, "service", "log", "ava-m", "speech", "30", "--date", "2026-11-20"),
        cli(*c, "meeting", "add", "ava-m", "--kind", "progress", "--date", "2026-11-20"),
        cli(*c, "contact", "add", "ava-m", "--method", "phone", "--date", "2026-11-20"),
    ]
    files = ["data.toml", "sessions.toml", "log.toml", "log.toml"]
    for result, name in zip(added, files, strict=True):
        assert result.code == 0, result.err
        record_id = _added_id(result.out)
        assert f'id = "{record_id}"' in (ava / "students/ava-m" / name).read_text()
    shown = cli(*c, "student", "show", "ava-m", "--ids", "--today", "2026-11-25")
    for result in added:
        assert _added_id(result.out) in shown.out


def test_edit_corrects_a_point_in_one_commit(cli, ava: Path) -> None:
    c = ("-C", ava)
    point = _added_id(cli(*c, "data", "add", "ava-m", "fluency", "520", "--date", "2026-11-20").out)
    before = _commits(ava)

    result = cli(*c, "edit", "point", "ava-m", point, "--value", "52", "--note", "typo")

    assert result.code == 0, result.err
    assert _subject(ava) == f"ava-m: edit point {point} (value=52, note=typo)"
    assert _commits(ava) == before + 1
    text = (ava / "students/ava-m/data.toml").read_text()
    assert "value = 52\n" in text and 'note = "typo"' in text and "520" not in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--value", "abc"], "caseterm: --value: 'abc' is not a number"),
        (["--date", "2026-13-01"], "caseterm: --date:"),
        (["--goal", "nope"], "caseterm: goal: 'nope' is not a goal of ava-m; use one of fluency"),
        (["--note", "bad\x1b[2Jnote"], "caseterm: --note:"),
        ([], "caseterm: edit: give at least one field to change"),
        (["--value", "52"], "caseterm: edit: nothing changed in point"),
    ],
)
def test_edit_refuses_bad_input_with_one_line_and_writes_nothing(
    cli, ava: Path, args: list[str], message: str
) -> None:
    c = ("-C", ava)
    point = _added_id(cli(*c, "data", "add", "ava-m", "fluency", "52", "--date", "2026-11-20").out)
    path = ava / "students/ava-m/data.toml"
    text, commits = path.read_text(), _commits(ava)

    result = cli(*c, "edit", "point", "ava-m", point, *args)

    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert result.err.startswith(message), result.err
    assert "\x1b" not in result.err
    assert path.read_text() == text and _commits(ava) == commits


def test_edit_of_an_unknown_id_names_the_file(cli, ava: Path) -> None:
    result = cli("-C", ava, "edit", "session", "ava-m", "01kzzzzzzzzzzzzz", "--minutes", "30")
    assert result.code == 2
    assert result.err.strip() == (
        "caseterm: ID: no session '01kzzzzzzzzzzzzz' in students/ava-m/sessions.toml"
    )


def test_edit_turns_a_session_into_a_make_up_only_for_a_missed_one(cli, ava: Path) -> None:
    c = ("-C", ava)
    log = ("service", "log", "ava-m", "speech")
    missed = _added_id(
        cli(*c, *log, "60", "--date", "2026-11-16", "--status", "provider-absent").out
    )
    later = _added_id(cli(*c, *log, "60", "--date", "2026-11-18").out)
    other = _added_id(cli(*c, *log, "60", "--date", "2026-11-19").out)

    fixed = cli(*c, "edit", "session", "ava-m", later, "--status", "makeup", "--makeup-for", missed)
    again = cli(*c, "edit", "session", "ava-m", other, "--status", "makeup", "--makeup-for", missed)
    wrong = cli(*c, "edit", "session", "ava-m", other, "--makeup-for", later)

    assert fixed.code == 0, fixed.err
    assert _subject(ava) == f"ava-m: edit session {later} (status=makeup, makeup_for={missed})"
    assert again.code == 2 and "is already made up" in again.err
    assert wrong.code == 2
    assert wrong.err.strip() == (
        "caseterm: --makeup-for: only a make-up session (--status makeup) links another"
    )


def test_a_meeting_kind_of_another_plan_is_refused(cli, ava: Path) -> None:
    c = ("-C", ava)
    path = ava / "students/ava-m/log.toml"
    text = path.read_text()

    result = cli(*c, "meeting", "add", "ava-m", "--kind", "ifsp-review", "--date", "2026-11-20")

    assert result.code == 2
    assert result.err.strip().splitlines() == [
        "caseterm: --kind: ifsp-review is for a student with an IFSP, and ava-m has an IEP; "
        "use one of initial-iep, annual-review, eligibility, reevaluation, amendment, "
        "transition, progress, manifestation, mtss, other"
    ]
    assert path.read_text() == text
