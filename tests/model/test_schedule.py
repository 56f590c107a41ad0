"""The schedule's recurrence and checks, with dates worked by hand on the 2026-27 calendar
of ``tests/builders.py`` (Thanksgiving Nov 25-27, winter break Dec 21-Jan 1, MLK Jan 18)."""

from __future__ import annotations

from datetime import date, time

import pytest
from msgspec.structs import replace

from caseterm.model.records import Plan, Prescription, Session, Student
from caseterm.model.schedule import (
    Provider,
    Schedule,
    SchoolDay,
    Slot,
    SlotException,
    check_schedule,
    decode_schedule,
    occurrences,
    scheduled_sessions,
)
from tests.builders import days, student

MON, TUE, WED, THU, FRI = range(5)


def slot(slot_id: str = "s1", **fields: object) -> Slot:
    base = Slot(
        id=slot_id,
        service="speech",
        students=("ava-m",),
        days=(MON, WED),
        start=time(9, 0),
        end=time(9, 30),
        provider="Ms. Rivera",
    )
    return replace(base, **fields)


def dates(schedule: Schedule, first: date, last: date) -> list[date]:
    return [o.date for o in occurrences(schedule, days(), first, last)]


def test_a_weekly_slot_skips_thanksgiving() -> None:
    """Mon/Wed from Nov 16 to Dec 4: 16, 18, 23, (25 closed), 30, Dec 2."""
    schedule = Schedule(slots=(slot(),))
    assert dates(schedule, date(2026, 11, 16), date(2026, 12, 4)) == [
        date(2026, 11, 16),
        date(2026, 11, 18),
        date(2026, 11, 23),
        date(2026, 11, 30),
        date(2026, 12, 2),
    ]


def test_effective_dates_bound_the_slot() -> None:
    schedule = Schedule(slots=(slot(first=date(2026, 11, 18), last=date(2026, 11, 30)),))
    assert dates(schedule, date(2026, 11, 16), date(2026, 12, 4)) == [
        date(2026, 11, 18),
        date(2026, 11, 23),
        date(2026, 11, 30),
    ]


def test_winter_break_leaves_no_occurrence() -> None:
    schedule = Schedule(slots=(slot(),))
    assert dates(schedule, date(2026, 12, 21), date(2027, 1, 1)) == []
    assert dates(schedule, date(2027, 1, 4), date(2027, 1, 6)) == [
        date(2027, 1, 4),
        date(2027, 1, 6),
    ]


def test_cancelled_and_moved_occurrences() -> None:
    """Nov 18 cancelled; Nov 23 moved to Tue Nov 24 at 10:00 (same 30 minutes)."""
    schedule = Schedule(
        slots=(slot(),),
        exceptions=(
            SlotException("e1", "s1", date(2026, 11, 18)),
            SlotException("e2", "s1", date(2026, 11, 23), "moved", date(2026, 11, 24), time(10, 0)),
        ),
    )
    found = occurrences(schedule, days(), date(2026, 11, 16), date(2026, 11, 30))
    assert [(o.date, o.start, o.end, o.moved_from) for o in found] == [
        (date(2026, 11, 16), time(9, 0), time(9, 30), None),
        (date(2026, 11, 24), time(10, 0), time(10, 30), date(2026, 11, 23)),
        (date(2026, 11, 30), time(9, 0), time(9, 30), None),
    ]
    # The moved occurrence shows on its new day even when its old day is outside the range.
    only_24 = occurrences(schedule, days(), date(2026, 11, 24), date(2026, 11, 24))
    assert [(o.date, o.moved_from) for o in only_24] == [(date(2026, 11, 24), date(2026, 11, 23))]


def test_weeks_of_the_month_skip_closures_too() -> None:
    """Mondays in weeks 1 and 3: Dec 7 and (Dec 21, winter break); Jan 4 and (Jan 18, MLK)."""
    schedule = Schedule(slots=(slot(days=(MON,), weeks=(1, 3)),))
    assert dates(schedule, date(2026, 12, 1), date(2027, 1, 31)) == [
        date(2026, 12, 7),
        date(2027, 1, 4),
    ]


def _student(student_id: str, *services: Prescription) -> Student:
    return replace(student(student_id), plan=Plan(services=services))


def rx(service: str, minutes: int, per: str = "week", end: date | None = None) -> Prescription:
    return Prescription(f"p-{service}", service, minutes, per, date(2026, 8, 17), end)  # type: ignore[arg-type]


TODAY = date(2026, 11, 30)


def codes(schedule: Schedule, *students: Student) -> list[tuple[str, str]]:
    return [(f.code, f.student) for f in check_schedule(schedule, students, days(), TODAY)]


def test_scheduled_minutes_match_short_and_over() -> None:
    """60 min/week: a Mon/Wed 30-minute slot matches; Mon alone is short; adding Fri over."""
    ava = _student("ava-m", rx("speech", 60))
    assert codes(Schedule(slots=(slot(),)), ava) == []
    short = check_schedule(Schedule(slots=(slot(days=(MON,)),)), [ava], days(), TODAY)
    assert [(f.code, f.scheduled, f.required) for f in short] == [("short", 30, 60)]
    assert "scheduled 30 min a week, short of the 60 min/week" in short[0].message
    over = Schedule(slots=(slot(days=(MON, WED, FRI)),))
    assert codes(over, ava) == [("over", "ava-m")]


def test_a_prescription_with_no_slot_is_short() -> None:
    ava = _student("ava-m", rx("speech", 60), rx("ot", 30))
    assert codes(Schedule(slots=(slot(),)), ava) == [("short", "ava-m")]


def test_monthly_minutes_count_four_weeks_or_the_weeks_named() -> None:
    """60 min/month: a 30-minute slot in weeks 1 and 3 matches; every week is 120, over."""
    ben = _student("ben-k", rx("ot", 60, "month"))
    monthly = slot(service="ot", students=("ben-k",), days=(TUE,), weeks=(1, 3))
    assert codes(Schedule(slots=(monthly,)), ben) == []
    weekly = replace(monthly, weeks=())
    assert codes(Schedule(slots=(weekly,)), ben) == [("over", "ben-k")]


def test_a_group_slot_counts_for_each_student() -> None:
    group = slot(students=("ava-m", "ben-k", "cy-d", "dee-e"))
    kids = [_student(s, rx("speech", 60)) for s in group.students]
    assert codes(Schedule(slots=(group,)), *kids) == []


def test_double_bookings_of_students_and_providers() -> None:
    a = slot("a")
    b = slot(
        "b", service="ot", provider="Mr. Chen", days=(WED,), start=time(9, 15), end=time(9, 45)
    )
    c = slot("c", students=("ben-k",), days=(MON,), start=time(9, 20), end=time(9, 50))
    found = check_schedule(Schedule(slots=(a, b, c)), [], days(), TODAY)
    booked = [(f.code, f.student) for f in found if f.code.endswith("double-booked")]
    assert booked == [("student-double-booked", "ava-m"), ("provider-double-booked", "")]
    assert "ava-m: in slots a and b at once (Wed 09:00-09:30 and 09:15-09:45)" in found[0].message


def test_back_to_back_and_consult_slots_are_no_double_booking() -> None:
    a = slot("a")
    after = slot("b", provider="Mr. Chen", start=time(9, 30), end=time(10, 0))
    consult = slot("c", provider="Mr. Chen", setting="consult")
    found = check_schedule(Schedule(slots=(a, after, consult)), [], days(), TODAY)
    assert not [f for f in found if f.code == "student-double-booked"]


def test_provider_days_school_day_and_ended_services() -> None:
    ava = _student("ava-m", rx("speech", 60, end=date(2026, 11, 20)))
    schedule = Schedule(
        school_day=SchoolDay(time(8, 0), time(15, 0)),
        providers=(Provider("Ms. Rivera", days=(MON, TUE)),),
        slots=(
            slot(),
            slot("late", students=("ben-k",), days=(TUE,), start=time(14, 45), end=time(15, 15)),
            slot("sat", students=("ben-k",), days=(5,), provider=""),
        ),
    )
    found = check_schedule(schedule, [ava, _student("ben-k", rx("speech", 30))], days(), TODAY)
    messages = [f"{f.code}: {f.message}" for f in found]
    assert "provider-day: slot s1: Ms. Rivera does not work here on Wed" in messages
    assert "school-day: slot late: 14:45-15:15 is outside the school day (08:00-15:00)" in messages
    assert "school-day: slot sat: Sat is not a school weekday" in messages
    assert "ended-service: slot s1: ava-m's speech service ended 2026-11-20" in messages


def test_a_slot_for_a_service_not_in_the_plan_or_an_unknown_student() -> None:
    ava = _student("ava-m", rx("reading", 60))
    found = codes(Schedule(slots=(slot(students=("ava-m", "zed-q")),)), ava)
    assert ("unprescribed", "ava-m") in found and ("unknown-student", "zed-q") in found


def test_logging_status_matches_sessions_of_the_day() -> None:
    group = slot(students=("ava-m", "ben-k"))
    sessions = {
        "ava-m": (Session("x1", "speech", date(2026, 11, 30), 30, group=True, group_size=2),),
        "ben-k": (Session("x1", "speech", date(2026, 11, 30), 30, "student-absent"),),
    }
    (today,) = scheduled_sessions(Schedule(slots=(group,)), sessions, days(), TODAY, TODAY)
    assert today.logged and today.missed
    assert today.status == "delivered, student-absent"
    (tomorrow,) = scheduled_sessions(
        Schedule(slots=(group,)), sessions, days(), date(2026, 12, 2), date(2026, 12, 2)
    )
    assert tomorrow.status == "not logged"


TEXT = """
[school_day]
start = 08:00:00
end = 15:00:00

[[provider]]
name = "Ms. Rivera"
days = ["mon", "wed"]

[[slot]]
id = "s1"
service = "speech"
students = ["ava-m", "ben-k"]
days = ["mon", "wed"]
start = 09:00:00
end = 09:30:00
provider = "Ms. Rivera"
setting = "push-in"

[[exception]]
id = "e1"
slot = "s1"
date = 2026-11-18
"""


def test_decode_reads_every_table() -> None:
    import rtoml

    schedule, problems = decode_schedule(rtoml.loads(TEXT), "schedule.toml")
    assert problems == []
    assert schedule.school_day == SchoolDay(time(8), time(15))
    assert schedule.providers[0].days == (MON, WED)
    (s1,) = schedule.slots
    assert (s1.students, s1.days, s1.setting, s1.group, s1.minutes) == (
        ("ava-m", "ben-k"),
        (MON, WED),
        "push-in",
        True,
        30,
    )
    assert schedule.exceptions[0].action == "cancelled"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("end = 09:30:00", "end = 08:30:00", "end: must be after start"),
        ("end = 09:30:00", "", "missing required key 'end'"),
        ('students = ["ava-m", "ben-k"]', "students = []", "students: a list of one or more"),
        ('students = ["ava-m", "ben-k"]', 'students = ["../x"]', "students: a list"),
        ('students = ["ava-m", "ben-k"]', "students = 1e308", "students: a list"),
        ('days = ["mon", "wed"]\nstart', 'days = ["xyz"]\nstart', "'xyz' is not allowed"),
        ('setting = "push-in"', 'setting = "\\u001b[31m"', "setting:"),
        ('slot = "s1"', 'slot = "s9"', "slot 's9' names no slot here"),
        ('id = "s1"', "id = 99999999999999999", "id:"),
        ('provider = "Ms. Rivera"', 'provider = "A\\u001b]0;x\\u0007"', "control character"),
    ],
)
def test_hostile_values_are_problems_not_crashes(old: str, new: str, expected: str) -> None:
    import rtoml

    assert TEXT.count(old) == 1
    schedule, problems = decode_schedule(rtoml.loads(TEXT.replace(old, new)), "schedule.toml")
    assert any(expected in p.message for p in problems), problems
    # Whatever loaded still recurs and checks without raising.
    occurrences(schedule, days(), date(2026, 11, 16), date(2026, 11, 30))
    check_schedule(schedule, [], days(), TODAY)
