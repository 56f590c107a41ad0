"""Part C details (issue 13, item 9): the LEA/SEA notification at least 90 days before
the third birthday (34 CFR 303.209(b)), the transition conference (303.209(c)), an IEP in
effect by the third birthday (300.124(b)), services in natural environments (303.344(d))."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from msgspec.structs import replace

from caseterm.model.compliance import Deadline, student_deadlines
from caseterm.model.records import Meeting, PlanDates, Student
from tests.builders import clock, student

TODAY = date(2026, 11, 25)


def toddler(born: date = date(2024, 3, 22), *meetings: Meeting, **dates: date) -> Student:
    s = student("mateo-i", "IFSP", born, referral=date(2025, 9, 2))
    plan = replace(s.plan, dates=replace(s.plan.dates, **dates))
    return replace(s, plan=plan, meetings=meetings)


def one(s: Student, kind: str) -> Deadline:
    (item,) = [d for d in student_deadlines(s, clock(today=TODAY)) if d.kind == kind]
    return item


def test_the_district_is_notified_90_days_before_the_third_birthday() -> None:
    """Born 2024-03-22: third birthday 2027-03-22; 90 days before is 2026-12-22
    (Feb 20 is 30 days before, Jan 21 60, Dec 22 90)."""
    item = one(toddler(), "lea-notification")
    assert (item.due, item.status, item.rule) == (
        date(2026, 12, 22),
        "due-soon",
        "34 CFR 303.209(b)(1)",
    )
    done = one(toddler(lea_notification=date(2026, 10, 20)), "lea-notification")
    assert (done.status, done.done) == ("done", date(2026, 10, 20))
    assert "lea_notification" in PlanDates.__struct_fields__


def test_the_transition_conference_counts_only_inside_its_window() -> None:
    """The window is 2026-06-22 (9 months before) to 2026-12-22 (90 days before): a
    meeting held in May 2026 is too early; one held Dec 16 is in time."""
    early = Meeting("m0", date(2026, 5, 20), "transition")
    item = one(toddler(date(2024, 3, 22), early), "transition-conference")
    assert (item.due, item.earliest, item.status, item.rule) == (
        date(2026, 12, 22),
        date(2026, 6, 22),
        "due-soon",
        "34 CFR 303.209(c)(1)",
    )
    scheduled = Meeting("m1", date(2026, 12, 16), "transition", status="scheduled")
    item = one(toddler(date(2024, 3, 22), scheduled), "transition-conference")
    assert "meeting scheduled 2026-12-16" in item.detail
    held = Meeting("m1", date(2026, 12, 16), "transition")
    item = one(toddler(date(2024, 3, 22), held), "transition-conference")
    assert (item.status, item.done) == ("done", date(2026, 12, 16))


def test_an_iep_in_effect_by_the_third_birthday() -> None:
    item = one(toddler(), "iep-by-third-birthday")
    assert (item.due, item.status, item.rule) == (
        date(2027, 3, 22),
        "upcoming",
        "34 CFR 300.124(b)",
    )
    iep = Meeting("m2", date(2027, 3, 10), "initial-iep")
    assert one(toddler(date(2024, 3, 22), iep), "iep-by-third-birthday").done == date(2027, 3, 10)
    late = Meeting("m3", date(2027, 3, 23), "initial-iep")
    assert one(toddler(date(2024, 3, 22), late), "iep-by-third-birthday").status == "upcoming"


def test_a_leap_day_toddler() -> None:
    """Born 2024-02-29: the third birthday is 2027-02-28 (no Feb 29 in 2027); 90 days
    before is 2026-11-30, already due soon on Nov 25; the conference window opens
    2026-05-28."""
    s = toddler(date(2024, 2, 29))
    assert (one(s, "lea-notification").due, one(s, "lea-notification").days_left) == (
        date(2026, 11, 30),
        5,
    )
    assert one(s, "transition-conference").earliest == date(2026, 5, 28)
    assert one(s, "iep-by-third-birthday").due == date(2027, 2, 28)


def test_check_asks_for_the_natural_environment_or_a_justification(cli, caseload: Path) -> None:
    add = ("student", "add", "mia-t", "--first-name", "Mia", "--plan", "IFSP")
    assert cli("-C", caseload, *add, "--birth-date", "2025-01-10").code == 0
    service = (
        "service",
        "add",
        "mia-t",
        "speech",
        "120",
        "--per",
        "month",
        "--start",
        "2026-10-01",
    )
    assert cli("-C", caseload, *service).code == 0
    result = cli("check", caseload)
    assert result.code == 1
    assert "setting: an IFSP service is given in the natural environment" in result.out
    plan = caseload / "students/mia-t/plan.toml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace(
            'setting = "special-education"',
            'setting = "other"\njustification = "Clinic: feeding therapy, as the family asked."',
        ),
        encoding="utf-8",
    )
    assert cli("check", caseload).out == ""
    assert cli("-C", caseload, *service, "--setting", "natural-environment").code == 0
    assert cli("check", caseload).out == ""


def test_the_calendar_export_carries_the_part_c_deadlines(
    cli, sample_copy: Path, tmp_path: Path
) -> None:
    from icalendar import Calendar

    out = tmp_path / "due.ics"
    assert cli("-C", sample_copy, "export", "ics", "-o", out, "--today", "2026-11-25").code == 0
    events = {str(e["uid"]): e for e in Calendar.from_ical(out.read_bytes()).walk("VEVENT")}
    conference = events["mateo-i.transition-conference@caseterm"]
    assert conference.decoded("dtstart").isoformat() == "2026-12-22"
    assert "Rule: 34 CFR 303.209(c)(1)" in str(conference["description"])
