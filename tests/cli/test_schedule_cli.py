"""The week from the command line: group sessions, ``schedule check``, ``today``, ``week``,
``check --schedule`` and the schedule's exports (issue 15)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
import rtoml

from tests.conftest import git_log, git_status
from tests.sharing import git

GROUP = ("ava-m", "ben-k", "cy-d", "dee-e")

SCHEDULE = """\
#:schema ./.caseterm/schemas/schedule.schema.json
[school_day]
start = 08:00:00
end = 15:00:00

[[provider]]
name = "Ms. Rivera"
role = "speech-language pathologist"
days = ["mon", "tue", "wed", "thu"]

[[slot]]
id = "speech-group"
service = "speech"
students = ["ava-m", "ben-k", "cy-d", "dee-e"]
days = ["mon", "wed"]
start = 09:00:00
end = 09:30:00
provider = "Ms. Rivera"
location = "Room 114"

[[slot]]
id = "ava-reading"
service = "reading"
students = ["ava-m"]
days = ["mon", "tue", "wed", "thu"]
start = 09:15:00
end = 09:45:00
provider = "Mr. Okafor"
location = "Room 20"
setting = "push-in"

[[exception]]
id = "no-group-dec-2"
slot = "speech-group"
date = 2026-12-02
note = "assembly"
"""


@pytest.fixture
def week(caseload: Path, cli: Any) -> Path:
    """Four students with speech 60/week; Ava also reading 120/week; a schedule."""
    for student in GROUP:
        first = student.split("-")[0].title()
        assert cli("-C", caseload, "student", "add", student, "--first-name", first).code == 0
        assert cli("-C", caseload, "service", "add", student, "speech", "60",
                   "--start", "2026-09-01").code == 0  # fmt: skip
    assert cli("-C", caseload, "service", "add", "ava-m", "reading", "120",
               "--start", "2026-09-01").code == 0  # fmt: skip
    (caseload / "schedule.toml").write_text(SCHEDULE, encoding="utf-8")
    git(caseload, "add", "schedule.toml")
    git(caseload, "commit", "-qm", "schedule")
    return caseload


def sessions(root: Path, student: str) -> list[dict[str, Any]]:
    path = root / "students" / student / "sessions.toml"
    records: list[dict[str, Any]] = rtoml.loads(path.read_text(encoding="utf-8")).get("session", [])
    return records


def test_a_group_session_is_one_id_in_four_files_and_one_commit(week: Path, cli: Any) -> None:
    before = len(git_log(week))
    result = cli("-C", week, "service", "log", *GROUP, "speech", "30", "--group",
                 "--date", "2026-11-30", "--provider", "Ms. Rivera")  # fmt: skip
    assert result.code == 0, result.err
    logs = git_log(week)
    assert len(logs) == before + 1
    assert logs[0] == (
        "log group speech session 2026-11-30 (30 min, 4 students): ava-m, ben-k, cy-d, dee-e"
    )
    entries = [sessions(week, s)[0] for s in GROUP]
    assert len({e["id"] for e in entries}) == 1
    assert all(e["group"] is True and e["group_size"] == 4 for e in entries)
    assert all(e["minutes"] == 30 for e in entries)
    assert git_status(week) == ""


def test_several_students_without_group_is_refused(week: Path, cli: Any) -> None:
    result = cli("-C", week, "service", "log", "ava-m", "ben-k", "speech", "30")
    assert result.code == 2
    assert "add --group" in result.err
    assert sessions(week, "ava-m") == []


def test_a_group_with_an_unprescribed_student_writes_nothing(week: Path, cli: Any) -> None:
    cli("-C", week, "service", "add", "ava-m", "ot", "30", "--start", "2026-09-01")
    result = cli("-C", week, "service", "log", "ava-m", "ben-k", "ot", "30", "--group")
    assert result.code == 2 and "ben-k" in result.err
    assert sessions(week, "ava-m") == []


def test_minutes_count_a_group_session_in_full_for_each_student(week: Path, cli: Any) -> None:
    cli("-C", week, "service", "log", *GROUP, "speech", "30", "--group", "--date", "2026-11-30")
    cli("-C", week, "service", "log", "ava-m", "speech", "30", "--date", "2026-12-02")
    args = ("-C", week, "minutes", "--week", "2026-11-30", "--today", "2026-12-04", "--json")
    rows = {r["student"]: r for r in json.loads(cli(*args).out) if r["service"] == "speech"}
    assert {s: rows[s]["delivered"] for s in GROUP} == {
        "ava-m": 60,
        "ben-k": 30,
        "cy-d": 30,
        "dee-e": 30,
    }


def test_removing_a_group_session_removes_every_students_entry(week: Path, cli: Any) -> None:
    cli("-C", week, "service", "log", *GROUP, "speech", "30", "--group", "--date", "2026-11-30")
    cli("-C", week, "service", "log", "ben-k", "speech", "20", "--date", "2026-12-01")
    group_id = sessions(week, "ava-m")[0]["id"]
    result = cli("-C", week, "remove", "cy-d", "session", group_id)
    assert result.code == 0, result.err
    assert git_log(week)[0] == (
        f"cy-d: remove group session {group_id} (also from ava-m, ben-k, dee-e)"
    )
    assert [sessions(week, s) for s in ("ava-m", "cy-d", "dee-e")] == [[], [], []]
    assert [s["minutes"] for s in sessions(week, "ben-k")] == [20]


def test_blame_names_the_group(week: Path, cli: Any) -> None:
    cli("-C", week, "service", "log", *GROUP, "speech", "30", "--group", "--date", "2026-11-30")
    rows = json.loads(cli("-C", week, "blame", "dee-e", "--json").out)
    (session,) = [r for r in rows if r["kind"] == "session"]
    assert session["what"] == "speech 30 min delivered (group of 4)"


def test_the_sessions_export_carries_the_shared_id_and_group_size(
    week: Path, cli: Any, tmp_path: Path
) -> None:
    cli("-C", week, "service", "log", *GROUP, "speech", "30", "--group", "--date", "2026-11-30")
    out = tmp_path / "s.csv"
    assert cli("-C", week, "export", "sessions", "-o", out).code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert len({r["id"] for r in rows}) == 1
    assert [(r["student"], r["group_size"]) for r in rows] == [(s, "4") for s in GROUP]


def test_schedule_check_finds_a_double_booking_and_an_unlisted_provider(
    week: Path, cli: Any
) -> None:
    """Speech (2 x 30 = 60/week for each of the four) and Ava's reading (4 x 30 = 120/week)
    are exactly as prescribed; Ava is in the group and in reading at 09:15 on Mon and Wed."""
    result = cli("-C", week, "schedule", "check", "--today", "2026-11-30")
    assert result.code == 1
    assert result.out.splitlines() == [
        "schedule.toml:21:1: ava-m: in slots speech-group and ava-reading at once "
        "(Mon, Wed 09:00-09:30 and 09:15-09:45)",
        "schedule.toml:28:12: slot ava-reading: provider 'Mr. Okafor' is not in the "
        "[[provider]] list",
    ]
    data = json.loads(cli("-C", week, "schedule", "check", "--today", "2026-11-30", "--json").out)
    assert [f["code"] for f in data["findings"]] == ["student-double-booked", "unknown-provider"]
    assert data["problems"] == []


def test_schedule_check_reports_an_under_scheduled_prescription(week: Path, cli: Any) -> None:
    cli("-C", week, "service", "add", "ben-k", "ot", "30", "--start", "2026-09-01")
    data = json.loads(cli("-C", week, "schedule", "check", "--today", "2026-11-30", "--json").out)
    (short,) = [f for f in data["findings"] if f["code"] == "short"]
    assert (short["student"], short["service"]) == ("ben-k", "ot")
    assert (short["scheduled_minutes"], short["required_minutes"]) == (0, 30)


def test_check_stays_about_files_unless_asked_for_the_schedule(week: Path, cli: Any) -> None:
    assert cli("-C", week, "check").code == 0
    result = cli("-C", week, "check", "--schedule", "--today", "2026-11-30")
    assert result.code == 1
    assert "ava-m: in slots speech-group and ava-reading at once" in result.out


def test_check_reports_a_broken_schedule_file(week: Path, cli: Any) -> None:
    path = week / "schedule.toml"
    path.write_text(path.read_text().replace('setting = "push-in"', 'setting = "inside"'))
    result = cli("-C", week, "check")
    assert result.code == 1
    assert "schedule.toml:30:11: setting: 'inside' is not allowed" in result.out


def test_week_json_lists_sessions_with_status_and_the_cancelled_one_is_gone(
    week: Path, cli: Any
) -> None:
    cli("-C", week, "service", "log", *GROUP, "speech", "30", "--group", "--date", "2026-11-30")
    data = json.loads(cli("-C", week, "week", "--today", "2026-12-01", "--json").out)
    assert (data["from"], data["to"], data["today"]) == ("2026-11-30", "2026-12-06", "2026-12-01")
    group = [s for s in data["sessions"] if s["slot"] == "speech-group"]
    assert [s["date"] for s in group] == ["2026-11-30"]  # Dec 2 cancelled (assembly)
    assert group[0]["status"] == "delivered"
    assert group[0]["group_size"] == 4
    assert {s["status"] for s in group[0]["students"]} == {"delivered"}
    reading = [s["date"] for s in data["sessions"] if s["slot"] == "ava-reading"]
    assert reading == ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"]
    assert set(data) == {"from", "to", "today", "sessions", "deadlines", "observations_due",
                         "closures"}  # fmt: skip


def test_today_in_plain_text_skips_thanksgiving(week: Path, cli: Any) -> None:
    result = cli("-C", week, "today", "--today", "2026-11-25")
    assert result.code == 0
    assert "closed: Thanksgiving" in result.out or "No sessions scheduled." in result.out
    result = cli("-C", week, "today", "--today", "2026-11-30")
    assert "09:00-09:30  speech · Ms. Rivera · Room 114 · ava-m, ben-k, cy-d, dee-e (group of 4)" \
        " · not logged" in result.out  # fmt: skip


def test_today_for_one_provider(week: Path, cli: Any) -> None:
    data = json.loads(
        cli("-C", week, "today", "--today", "2026-11-30", "--provider", "Mr. Okafor", "--json").out
    )
    assert [s["slot"] for s in data["sessions"]] == ["ava-reading"]
    result = cli("-C", week, "today", "--provider", "Nobody")
    assert result.code == 2 and "--provider" in result.err


def test_schedule_export_ics_has_weekly_rules_and_exdates(week: Path, cli: Any) -> None:
    result = cli("-C", week, "schedule", "export", "--ics")
    assert result.code == 0
    text = result.out.replace("\r\n ", "")
    # From the first Monday of the school year to its last day (caseterm init's 2026-27).
    assert "DTSTART:20260817T090000\r\nDTEND:20260817T093000" in text
    assert "RRULE:FREQ=WEEKLY;UNTIL=20270612T235959;BYDAY=MO,WE\r\n" in text
    assert "EXDATE:20261202T090000" in text  # the cancelled occurrence
    assert "EXDATE:20261125T090000" in text  # Wednesday of the Thanksgiving break
    assert "EXDATE:20261130T" not in text
    assert "Thanksgiving" not in text  # closures are EXDATEs, not events
    assert text.count("BEGIN:VEVENT") == 2


def test_schedule_export_csv_for_the_front_office(week: Path, cli: Any, tmp_path: Path) -> None:
    out = tmp_path / "schedule.csv"
    assert cli("-C", week, "schedule", "export", "--csv", "-o", out).code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [(r["slot"], r["days"], r["start"], r["group_size"]) for r in rows] == [
        ("speech-group", "Mon Wed", "09:00", "4"),
        ("ava-reading", "Mon Tue Wed Thu", "09:15", ""),
    ]


def test_schedule_show_by_day(week: Path, cli: Any) -> None:
    result = cli("-C", week, "schedule", "show", "--student", "ben-k")
    assert result.out.splitlines()[0] == "Mon"
    data = json.loads(cli("-C", week, "schedule", "show", "--json").out)
    assert data[0]["days"] == ["mon", "wed"] and data[0]["group_size"] == 4


def test_schedule_log_writes_the_group_in_one_commit_with_one_absent(week: Path, cli: Any) -> None:
    before = len(git_log(week))
    result = cli("-C", week, "schedule", "log", "speech-group", "--date", "2026-11-30",
                 "--absent", "cy-d")  # fmt: skip
    assert result.code == 0, result.err
    assert len(git_log(week)) == before + 1
    statuses = {s: sessions(week, s)[0]["status"] for s in GROUP}
    assert statuses == {
        "ava-m": "delivered",
        "ben-k": "delivered",
        "cy-d": "student-absent",
        "dee-e": "delivered",
    }
    assert {sessions(week, s)[0]["provider"] for s in GROUP} == {"Ms. Rivera"}
    today = json.loads(cli("-C", week, "today", "--today", "2026-11-30", "--json").out)
    (group,) = [s for s in today["sessions"] if s["slot"] == "speech-group"]
    assert group["status"] == "delivered, student-absent"


def test_schedule_log_make_up_of_a_provider_absence(week: Path, cli: Any) -> None:
    cli("-C", week, "schedule", "log", "speech-group", "--date", "2026-11-30",
        "--status", "provider-absent")  # fmt: skip
    missed = sessions(week, "ava-m")[0]["id"]
    result = cli("-C", week, "schedule", "log", "speech-group", "--date", "2026-12-01",
                 "--makeup-for", missed)  # fmt: skip
    assert result.code == 0, result.err
    made = [sessions(week, s)[1] for s in GROUP]
    assert {(m["status"], m["makeup_for"]) for m in made} == {("makeup", missed)}


def test_schedule_log_of_an_unknown_slot_or_absentee_writes_nothing(week: Path, cli: Any) -> None:
    result = cli("-C", week, "schedule", "log", "nope")
    assert result.code == 2 and "SLOT: no slot 'nope'" in result.err
    result = cli("-C", week, "schedule", "log", "speech-group", "--absent", "zed-q")
    assert result.code == 2 and "--absent: zed-q is not in slot speech-group" in result.err
    assert all(sessions(week, s) == [] for s in GROUP)


HOSTILE = """\
[school_day]
start = 08:00:00
end = "late"

[[provider]]
name = "Ms. \\u001b]0;pwned\\u0007Rivera"
days = ["mon", 7]

[[slot]]
id = "evil"
service = "speech"
students = ["ava-m", "ben-k"]
days = ["mon", "wed"]
weeks = [1e308]
start = 09:00:00
end = 09:30:00
provider = "\\u001b[31mRed"
location = "Room \\u009b2J"
note = "x"

[[slot]]
id = "huge"
service = "speech"
students = ["ava-m"]
days = ["tue"]
start = 09:00:00
end = 9223372036854775807

[[slot]]
service = "speech"

[[exception]]
id = "e1"
slot = "evil"
date = 9999-12-31
action = "moved"
moved_to = 0001-01-01
"""


@pytest.mark.parametrize(
    "command",
    [
        ("schedule", "show"),
        ("schedule", "show", "--json"),
        ("schedule", "check"),
        ("schedule", "check", "--json"),
        ("today", "--today", "2026-11-30"),
        ("week", "--today", "2026-11-30", "--json"),
        ("schedule", "export", "--ics"),
        ("schedule", "export", "--csv"),
        ("check",),
    ],
    ids=" ".join,
)
def test_a_hostile_schedule_never_crashes_nor_reaches_the_terminal(
    week: Path, cli: Any, command: tuple[str, ...]
) -> None:
    (week / "schedule.toml").write_text(HOSTILE, encoding="utf-8")
    result = cli("-C", week, *command)
    assert result.code in (0, 1), result.err
    assert "internal error" not in result.err
    for text in (result.out, result.err):
        assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
