"""Exit and extended school year (issue 13, item 10): the Summary of Performance due by
the exit date (34 CFR 300.305(e)(3)); ESY services counted as their own minutes (300.106)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from msgspec.structs import replace

from caseterm.model.compliance import Deadline, student_deadlines
from caseterm.model.minutes import required_minutes
from caseterm.model.records import Exit, Prescription, Student
from tests.builders import clock, days, student


def _sop(s: Student) -> list[Deadline]:
    return [d for d in student_deadlines(s, clock()) if d.kind == "summary-of-performance"]


def _leaving(**exit_fields: object) -> Student:
    s = student(birth=date(2008, 9, 2), plan_meeting=date(2026, 4, 20))
    return replace(s, plan=replace(s.plan, exit=Exit(**exit_fields)))  # type: ignore[arg-type]


def test_graduation_calls_for_a_summary_of_performance_by_the_exit_date() -> None:
    (sop,) = _sop(_leaving(date=date(2027, 6, 4), reason="graduation"))
    assert (sop.due, sop.status, sop.rule) == (date(2027, 6, 4), "upcoming", "34 CFR 300.305(e)(3)")
    assert "graduation with a regular high school diploma" in sop.detail
    given = _leaving(
        date=date(2027, 6, 4), reason="aging-out", summary_of_performance=date(2027, 5, 20)
    )
    (done,) = _sop(given)
    assert (done.status, done.done) == ("done", date(2027, 5, 20))


@pytest.mark.parametrize("reason", ["transfer", "not-eligible", "other"])
def test_other_exits_need_no_summary(reason: str) -> None:
    assert _sop(_leaving(date=date(2027, 1, 15), reason=reason)) == []


READING = Prescription("p1", "reading", 120, "week", date(2026, 8, 17))
ESY = Prescription("p2", "esy-reading", 120, "week", date(2027, 6, 21), date(2027, 7, 30), esy=True)


def test_esy_minutes_count_apart_over_summer_weekdays() -> None:
    """Jun 21 - Jul 30 2027 has 30 weekdays (6 weeks): 120 x 30 / 5 = 720 ESY minutes;
    Thu Jul 1 and Fri Jul 2: 120 x 2 / 5 = 48. The school-year service requires nothing
    in the summer (no school days)."""
    summer = (date(2027, 6, 7), date(2027, 8, 13))
    index = days()
    assert required_minutes((READING, ESY), "esy-reading", *summer, index) == 720
    assert required_minutes((READING, ESY), "reading", *summer, index) == 0
    thursday_friday = (date(2027, 7, 1), date(2027, 7, 2))
    assert required_minutes((READING, ESY), "esy-reading", *thursday_friday, index) == 48


def test_monthly_esy_minutes_across_a_leap_february() -> None:
    """60 a month from Mon 2028-02-14 to Tue 2028-02-29: 12 of February 2028's 21 weekdays
    (the 29th counted): 60 x 12 / 21."""
    esy = Prescription("p", "esy-ot", 60, "month", date(2028, 2, 14), date(2028, 2, 29), esy=True)
    got = required_minutes((esy,), "esy-ot", date(2028, 2, 1), date(2028, 3, 31), days())
    assert got == pytest.approx(60 * 12 / 21)


def _student(cli, caseload: Path) -> Path:
    assert cli("-C", caseload, "student", "add", "ava-m", "--first-name", "Ava").code == 0
    return caseload / "students/ava-m"


def test_exit_and_esy_through_the_commands(cli, caseload: Path) -> None:
    folder = _student(cli, caseload)
    leave = ("plan", "set", "ava-m", "exit.date=2027-06-04", "exit.reason=graduation")
    assert cli("-C", caseload, *leave).code == 0
    due = cli("-C", caseload, "due", "--json", "--student", "ava-m", "--today", "2026-11-25")
    (sop,) = [d for d in json.loads(due.out) if d["kind"] == "summary-of-performance"]
    assert (sop["due"], sop["rule"]) == ("2027-06-04", "34 CFR 300.305(e)(3)")
    esy = (
        "service", "add", "ava-m", "esy-reading", "120", "--per", "week", "--start",
        "2027-06-21", "--end", "2027-07-30", "--esy",
    )  # fmt: skip
    assert cli("-C", caseload, *esy).code == 0
    result = cli("check", caseload)
    assert result.code == 1
    assert "esy: an ESY service needs [esy] eligible = true" in result.out
    decided = ("plan", "set", "ava-m", "esy.decided=2027-04-20", "esy.eligible=true")
    assert cli("-C", caseload, *decided).code == 0
    assert cli("check", caseload).out == ""
    text = (folder / "plan.toml").read_text(encoding="utf-8")
    assert "[esy]\ndecided = 2027-04-20\neligible = true\n" in text
    minutes = ("minutes", "--json", "--from", "2027-06-21", "--to", "2027-07-30")
    (row,) = json.loads(cli("-C", caseload, *minutes, "--today", "2027-08-02").out)
    assert (row["service"], row["required"]) == ("esy-reading", 720)
    bad = cli("-C", caseload, "plan", "set", "ava-m", "exit.reason=dropout")
    assert bad.code == 2 and bad.err.startswith("caseterm: exit.reason: ")
