"""``schedule add`` and ``schedule remove``: a slot of schedule.toml added or removed in
one commit, each field checked with a one-line message (exit 2, nothing written), and two
co-teachers adding different slots merge cleanly (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import rtoml

from tests.cli.test_schedule_cli import GROUP, week  # noqa: F401 (the fixture)
from tests.conftest import git_log, git_status
from tests.sharing import Cli, be, git, ok, shared_caseload


def _slots(root: Path) -> list[dict[str, Any]]:
    data = rtoml.loads((root / "schedule.toml").read_text(encoding="utf-8"))
    found: list[dict[str, Any]] = data.get("slot", [])
    return found


def test_schedule_add_appends_one_slot_in_one_commit_and_prints_its_id(
    week: Path,  # noqa: F811
    cli: Any,
) -> None:
    before = git_log(week)
    result = cli("-C", week, "schedule", "add", "ben-k", "cy-d", "speech",
                 "--days", "tue,thu", "--start", "10:00", "--minutes", "30",
                 "--provider", "Ms. Rivera", "--location", "Room 114", "--setting", "push-in",
                 "--from", "2026-12-01", "--to", "2027-06-04", "--weeks", "1,3",
                 "--note", "Small group")  # fmt: skip
    assert result.code == 0, result.err
    new_id = result.out.splitlines()[-1].removeprefix("id: ")
    assert git_log(week) == [
        "schedule: add slot speech Tue, Thu 10:00-10:30 for ben-k, cy-d (group of 2)",
        *before,
    ]
    assert git_status(week) == ""
    slot = _slots(week)[-1]
    assert slot["id"] == new_id
    assert {k: v for k, v in slot.items() if k not in ("id", "start", "end")} == {
        "service": "speech",
        "students": ["ben-k", "cy-d"],
        "days": ["tue", "thu"],
        "weeks": [1, 3],
        "provider": "Ms. Rivera",
        "location": "Room 114",
        "setting": "push-in",
        "from": rtoml.loads("d = 2026-12-01")["d"],
        "to": rtoml.loads("d = 2027-06-04")["d"],
        "note": "Small group",
    }
    assert (slot["start"].isoformat(), slot["end"].isoformat()) == ("10:00:00", "10:30:00")
    shown = json.loads(cli("-C", week, "schedule", "show", "--json").out)
    assert [s["minutes"] for s in shown if s["id"] == new_id] == [30]
    assert ok(cli("check", week)).out == ""


def test_schedule_add_creates_the_file_when_there_is_none(week: Path, cli: Any) -> None:  # noqa: F811
    git(week, "rm", "-q", "schedule.toml")
    git(week, "commit", "-qm", "no schedule")
    result = cli("-C", week, "schedule", "add", "ava-m", "reading", "--days", "mon",
                 "--days", "wed", "--start", "08:30", "--end", "09:00")  # fmt: skip
    assert result.code == 0, result.err
    text = (week / "schedule.toml").read_text(encoding="utf-8")
    assert text.startswith("#:schema ./.caseterm/schemas/schedule.schema.json\n\n[[slot]]\n")
    assert _slots(week)[0]["days"] == ["mon", "wed"]
    assert git_status(week) == ""
    assert (week / "schedule.toml").stat().st_mode & 0o777 == 0o600


BAD = [
    (["--days", "tue,xyz"], "--days: 'xyz' is not a weekday; use mon, tue, wed, thu, fri, sat"),
    (["--days", ""], "--days: name at least one weekday"),
    (["--start", "9am"], "--start: '9am' is not a time; use HH:MM, e.g. 14:30"),
    (["--end", "08:00"], "--end: must be after --start (HH:MM, e.g. 09:30)"),
    (["--minutes", "0"], "--minutes: 0 does not fit; use 1 to"),
    (["--minutes", "ten"], "--minutes: 'ten' is not a whole number of minutes"),
    (["--setting", "inside"], "--setting: 'inside' is not allowed; use one of pull-out"),
    (["--provider", "Dr. Who"], "--provider: 'Dr. Who' is not in the [[provider]] list"),
    (["--from", "2026-02-30"], "--from: '2026-02-30' is not a real date"),
    (["--from", "2026-12-01", "--to", "2026-11-01"], "--to: must not be before --from"),
    (["--weeks", "1,7"], "--weeks: 7 is not a week of the month; use 1 to 5"),
    (["--note", "a\x1b[2Jb"], "--note: contains control character U+001B"),
]


@pytest.mark.parametrize(
    ("options", "message"), BAD, ids=[b[0][0] + str(i) for i, b in enumerate(BAD)]
)
def test_a_bad_field_is_named_exit_2_and_nothing_written(
    week: Path,  # noqa: F811
    cli: Any,
    options: list[str],
    message: str,
) -> None:
    args = {"--days": "mon", "--start": "10:00", "--end": "10:30"}
    for name, value in zip(options[::2], options[1::2], strict=True):
        args[name] = value
    if "--minutes" in args:
        del args["--end"]
    before = (week / "schedule.toml").read_bytes()
    flat = [x for pair in args.items() for x in pair]
    result = cli("-C", week, "schedule", "add", "ava-m", "speech", *flat)
    assert result.code == 2
    assert message in result.err
    assert len(result.err.strip().splitlines()) == 1
    assert (week / "schedule.toml").read_bytes() == before
    assert git_log(week)[0] == "schedule" and git_status(week) == ""


@pytest.mark.parametrize(
    ("words", "message"),
    [
        (["zed-q", "speech"], "student: no student 'zed-q' in this caseload"),
        (["ava-m", "ot"], "SERVICE: 'ot' is not prescribed for ava-m; use one of reading, speech"),
        (["ben-k", "reading"], "SERVICE: 'reading' is not prescribed for ben-k"),
        (["speech"], "STUDENT SERVICE: give the student(s) and the service id"),
    ],
)
def test_students_and_service_are_checked_against_the_caseload(
    week: Path,  # noqa: F811
    cli: Any,
    words: list[str],
    message: str,
) -> None:
    before = (week / "schedule.toml").read_bytes()
    result = cli("-C", week, "schedule", "add", *words, "--days", "mon", "--start", "10:00",
                 "--end", "10:30")  # fmt: skip
    assert result.code == 2 and message in result.err
    assert (week / "schedule.toml").read_bytes() == before
    assert git_log(week)[0] == "schedule"


def test_start_and_end_are_required(week: Path, cli: Any) -> None:  # noqa: F811
    result = cli("-C", week, "schedule", "add", "ava-m", "speech", "--days", "mon")
    assert result.code == 2 and "--start: give the slot's start time as HH:MM" in result.err
    result = cli("-C", week, "schedule", "add", "ava-m", "speech", "--days", "mon",
                 "--start", "10:00")  # fmt: skip
    assert result.code == 2 and "--end: give the slot's end as HH:MM" in result.err
    assert git_log(week)[0] == "schedule"


def test_schedule_remove_takes_the_slot_and_its_exceptions_in_one_commit(
    week: Path,  # noqa: F811
    cli: Any,
) -> None:
    result = cli("-C", week, "schedule", "remove", "speech-group")
    assert result.code == 0, result.err
    assert git_log(week)[:2] == [
        "schedule: remove slot speech-group (speech ava-m, ben-k, cy-d, dee-e) and its exception",
        "schedule",
    ]
    assert [s["id"] for s in _slots(week)] == ["ava-reading"]
    data = rtoml.loads((week / "schedule.toml").read_text(encoding="utf-8"))
    assert "exception" not in data
    assert git_status(week) == ""
    assert ok(cli("check", week)).out == ""


def test_schedule_remove_of_an_unknown_id_writes_nothing(week: Path, cli: Any) -> None:  # noqa: F811
    before = (week / "schedule.toml").read_bytes()
    result = cli("-C", week, "schedule", "remove", "nope")
    assert result.code == 2
    assert result.err.strip() == (
        "caseterm: ID: no slot 'nope' in schedule.toml; see caseterm schedule show --json"
    )
    result = cli("-C", week, "schedule", "remove", "../x")
    assert result.code == 2 and "ID: '../x' is not a valid id" in result.err
    assert (week / "schedule.toml").read_bytes() == before
    assert git_log(week)[0] == "schedule"


def test_two_co_teachers_adding_slots_at_once_merge_cleanly(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = shared_caseload(tmp_path, cli, monkeypatch)
    be(monkeypatch, "Alice Rivera")
    ok(cli("-C", team.alice, "schedule", "add", "ava-m", "reading", "--days", "mon,wed",
           "--start", "09:00", "--end", "09:30"))  # fmt: skip
    ok(cli("-C", team.alice, "sync"))
    be(monkeypatch, "Bob Osei")
    added = ok(cli("-C", team.bob, "schedule", "add", "ava-m", "reading", "--days", "fri",
                   "--start", "13:00", "--end", "13:30"))  # fmt: skip
    bob_id = added.out.splitlines()[-1].removeprefix("id: ")
    ok(cli("-C", team.bob, "sync"))
    slots = _slots(team.bob)
    assert sorted(s["days"] for s in slots) == [["fri"], ["mon", "wed"]]
    assert bob_id in [s["id"] for s in slots]
    assert ok(cli("check", team.bob)).out == ""
    assert git_status(team.bob) == ""
    be(monkeypatch, "Alice Rivera")
    ok(cli("-C", team.alice, "sync"))
    assert _slots(team.alice) == slots
    # Both add to the schedule they now share: the merge driver takes each slot by id.
    ok(cli("-C", team.alice, "schedule", "add", "ava-m", "reading", "--days", "tue",
           "--start", "10:00", "--end", "10:30"))  # fmt: skip
    ok(cli("-C", team.alice, "sync"))
    be(monkeypatch, "Bob Osei")
    ok(cli("-C", team.bob, "schedule", "add", "ava-m", "reading", "--days", "thu",
           "--start", "11:00", "--end", "11:30"))  # fmt: skip
    ok(cli("-C", team.bob, "sync"))
    assert sorted(s["days"] for s in _slots(team.bob)) == [
        ["fri"],
        ["mon", "wed"],
        ["thu"],
        ["tue"],
    ]
    assert ok(cli("check", team.bob)).out == ""
    assert "<<<<<<<" not in (team.bob / "schedule.toml").read_text(encoding="utf-8")
