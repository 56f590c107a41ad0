"""Attendance (issue 13, item 11): absences extend Texas's 45-school-day clock (TEC
29.004(a)(1)) and the minutes view names absent days without a logged session."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from msgspec.structs import replace

from caseterm.model.attendance import absent_unlogged
from caseterm.model.compliance import student_absences, student_deadlines
from caseterm.model.records import Absence, Prescription, Session
from caseterm.store.infra.profiles import read_profile
from tests.builders import clock, days, student
from tests.conftest import git_log, git_status

TX = read_profile("texas")[0]


def _evaluation_due(*absences: Absence) -> date:
    s = replace(student(consent=date(2026, 10, 1)), absences=absences)
    (item,) = [d for d in student_deadlines(s, clock(TX)) if d.kind == "initial-evaluation"]
    return item.due


def test_three_school_days_absent_extend_the_texas_clock_by_three() -> None:
    """Consent 2026-10-01: the 45th school day is 2026-12-08. Absent Oct 5-7 (one record,
    three school days): 48 school days, 2026-12-11. Absent Sat Oct 3 to Mon Oct 5 counts
    one school day only: no extension."""
    assert _evaluation_due() == date(2026, 12, 8)
    assert _evaluation_due(Absence("a", date(2026, 10, 5), date(2026, 10, 7))) == date(2026, 12, 11)
    weekend = Absence("w", date(2026, 10, 3), date(2026, 10, 5))
    assert _evaluation_due(weekend) == date(2026, 12, 8)
    two_more = (weekend, Absence("b", date(2026, 10, 6)), Absence("c", date(2026, 11, 25)))
    assert _evaluation_due(*two_more) == date(2026, 12, 8), "Nov 25 is closed: 2 school days"


def test_absences_expand_ranges_without_duplicates() -> None:
    s = replace(
        student(),
        absences=(
            Absence("a", date(2027, 2, 26), date(2027, 3, 2)),
            Absence("b", date(2027, 3, 1)),
        ),
    )
    assert student_absences(s) == (
        date(2027, 2, 26),
        date(2027, 2, 27),
        date(2027, 2, 28),
        date(2027, 3, 1),
        date(2027, 3, 2),
    )


def test_absent_days_without_a_session_of_the_service() -> None:
    """Absent Mon Nov 16 - Wed Nov 18; a 'student-absent' session is logged on the 16th:
    the 17th and 18th are absent days with no session of reading logged."""
    s = replace(
        student(),
        plan=replace(
            student().plan,
            services=(Prescription("p", "reading", 90, "week", date(2026, 8, 17)),),
        ),
        sessions=(Session("s", "reading", date(2026, 11, 16), 30, "student-absent"),),
        absences=(Absence("a", date(2026, 11, 16), date(2026, 11, 18)),),
    )
    found = absent_unlogged(s, "reading", date(2026, 11, 16), date(2026, 11, 22), days())
    assert found == [date(2026, 11, 17), date(2026, 11, 18)]


def _student(cli, caseload: Path) -> Path:
    assert cli("-C", caseload, "student", "add", "ava-m", "--first-name", "Ava").code == 0
    return caseload / "students/ava-m"


def test_absence_add_list_and_minutes(cli, caseload: Path) -> None:
    folder = _student(cli, caseload)
    add = ("absence", "add", "ava-m", "--date", "2026-11-16", "--to", "2026-11-18")
    assert cli("-C", caseload, *add, "--reason", "flu").code == 0
    assert git_log(caseload)[0] == "ava-m: absent 2026-11-16 to 2026-11-18"
    text = (folder / "attendance.toml").read_text(encoding="utf-8")
    assert 'date = 2026-11-16\nto = 2026-11-18\nreason = "flu"\n' in text
    listed = json.loads(cli("-C", caseload, "absence", "list", "ava-m", "--json").out)
    assert [(a["date"], a["to"], a["school_days"]) for a in listed] == [
        ("2026-11-16", "2026-11-18", 3)
    ]
    assert "3 school days absent in all" in cli("-C", caseload, "absence", "list", "ava-m").out
    service = ("service", "add", "ava-m", "reading", "90", "--per", "week", "--start", "2026-09-01")
    assert cli("-C", caseload, *service).code == 0
    week = ("minutes", "--week", "2026-11-16", "--today", "2026-11-25", "--student", "ava-m")
    (row,) = json.loads(cli("-C", caseload, *week, "--json").out)
    assert row["absent_unlogged"] == ["2026-11-16", "2026-11-17", "2026-11-18"]
    assert (
        "student absent, no session logged on 11-16, 11-17, 11-18" in cli("-C", caseload, *week).out
    )
    assert cli("check", caseload).out == ""


def test_bad_absence_input_exits_2_and_writes_nothing(cli, caseload: Path) -> None:
    folder = _student(cli, caseload)
    for args, field in (
        (("--date", "2026-11-18", "--to", "2026-11-16"), "--to"),
        (("--date", "18/11/2026"), "--date"),
    ):
        result = cli("-C", caseload, "absence", "add", "ava-m", *args)
        assert (result.code, result.err.split(":")[:2]) == (2, ["caseterm", f" {field}"])
    assert not (folder / "attendance.toml").exists()
    assert git_status(caseload) == ""


def test_check_reports_a_range_that_ends_before_it_starts(cli, caseload: Path) -> None:
    folder = _student(cli, caseload)
    (folder / "attendance.toml").write_text(
        '[[absence]]\nid = "a1"\ndate = 2026-11-18\nto = 2026-11-16\n'
    )
    result = cli("check", caseload)
    assert result.code == 1
    assert "attendance.toml:4:6: to: must be on or after date (2026-11-18)" in result.out


def test_import_absences_from_an_attendance_export(cli, caseload: Path, tmp_path: Path) -> None:
    """US dates are read, a one-day run loses its 'to', a bad row stops the whole file, a
    second import of the same rows adds nothing."""
    folder = _student(cli, caseload)
    good = tmp_path / "absences.csv"
    good.write_text(
        "student,date,to,reason\nava-m,11/16/2026,11/18/2026,flu\nava-m,2026-12-01,2026-12-01,\n",
        encoding="utf-8",
    )
    bad = tmp_path / "bad.csv"
    bad.write_text("student,date,to\nava-m,2026-12-03,2026-12-02\nzed-q,2026-12-03,\n")
    result = cli("-C", caseload, "import", "absences", bad)
    assert result.code == 2
    assert "bad.csv:2: to: 2026-12-02 is before date 2026-12-03" in result.err
    assert "bad.csv:3: student: no student 'zed-q'" in result.err
    assert not (folder / "attendance.toml").exists()
    assert cli("-C", caseload, "import", "absences", good).code == 0
    assert git_log(caseload)[0] == "Import 2 absences for 1 student from absences.csv"
    listed = json.loads(cli("-C", caseload, "absence", "list", "ava-m", "--json").out)
    assert [(a["date"], a["to"], a["school_days"]) for a in listed] == [
        ("2026-11-16", "2026-11-18", 3),
        ("2026-12-01", None, 1),
    ]
    again = cli("-C", caseload, "import", "absences", good)
    assert again.code == 0 and git_log(caseload)[0].startswith("Import 2 absences")
    assert len(json.loads(cli("-C", caseload, "absence", "list", "ava-m", "--json").out)) == 2
