"""The calendar's model (model.agenda): items by day, closures, the weeks of a month."""

from __future__ import annotations

from datetime import date, time

from msgspec.structs import replace

from caseterm.model.minutes import month_of, week_of
from caseterm.model.records import BehaviorPlan, Meeting, Profile, Student
from caseterm.model.views.agenda import (
    AgendaItem,
    agenda_items,
    between,
    by_day,
    closures,
    month_weeks,
    worst_status,
)
from caseterm.model.views.overview import StudentOverview, student_overview
from caseterm.model.vocab import DeadlineStatus
from tests.builders import CALENDAR, TODAY, clock, student


def overview_of(*students: Student) -> list[StudentOverview]:
    c = clock()
    return [student_overview(s, c, week_of(TODAY), month_of(TODAY)) for s in students]


def test_month_weeks_cover_the_month_monday_to_sunday() -> None:
    november = month_weeks(date(2026, 11, 25))
    assert len(november) == 6, "Sun Nov 1 needs the week of Oct 26; Mon Nov 30 a sixth"
    assert november[0][0] == date(2026, 10, 26) and november[0][6] == date(2026, 11, 1)
    assert november[-1][0] == date(2026, 11, 30) and november[-1][6] == date(2026, 12, 6)
    february = month_weeks(date(2027, 2, 14))
    assert len(february) == 4
    assert february[0][0] == date(2027, 2, 1) and february[-1][6] == date(2027, 2, 28)
    assert all(len(week) == 7 and week[0].weekday() == 0 for week in november + february)


def test_closures_name_each_closed_day_in_range() -> None:
    found = closures([CALENDAR], date(2026, 11, 1), date(2026, 12, 22))
    assert found[date(2026, 11, 25)] == "Thanksgiving break"
    assert found[date(2026, 11, 27)] == "Thanksgiving break"
    assert found[date(2026, 12, 21)] == "Winter break"
    assert date(2026, 12, 23) not in found, "clipped to the range"
    assert date(2026, 11, 24) not in found
    assert closures([], date.min, date.max) == {}


def test_meetings_come_from_the_log_with_their_time_and_once_only() -> None:
    """A scheduled meeting is listed as a meeting (with its time), not also as the
    compliance clock's "Scheduled meeting" item; held and cancelled ones are left out."""
    s = replace(
        student("ava-m", plan_meeting=date(2025, 12, 2)),
        profile=Profile(first_name="Ava", last_name="Martinez", birth_date=date(2016, 3, 14)),
        meetings=(
            Meeting(
                "m1",
                date(2026, 11, 30),
                "annual-review",
                status="scheduled",
                time=time(15, 15),
                location="Room 12",
            ),
            Meeting("m2", date(2026, 11, 2), "progress", status="held"),
            Meeting("m3", date(2026, 11, 3), "progress", status="cancelled"),
            Meeting("m4", date(2026, 11, 20), "eligibility", status="scheduled"),
        ),
    )
    items = agenda_items(overview_of(s), TODAY, 30)
    meetings = [i for i in items if i.is_meeting]
    assert [(m.day, m.label, m.time, m.status) for m in meetings] == [
        (date(2026, 11, 20), "Meeting: eligibility determination", None, "overdue"),
        (date(2026, 11, 30), "Meeting: annual IEP review", time(15, 15), "due-soon"),
    ]
    assert meetings[1].detail == "Room 12" and meetings[1].days_left == 5
    assert meetings[1].name == "Ava Martinez" and meetings[1].student == "ava-m"
    assert not [i for i in items if i.kind == "meeting" and not i.is_meeting]
    assert all(i.status != "done" for i in items), "done deadlines are not on the calendar"
    assert items == sorted(items, key=lambda i: i.day)
    review = next(i for i in items if i.kind == "annual-review")
    assert review.day == date(2026, 12, 1) and review.label == "Annual IEP review"


def test_deadlines_carry_status_days_left_and_rule() -> None:
    s = student("ben-k", behavior_plan=BehaviorPlan(review=date(2026, 11, 20)))
    (item,) = [i for i in agenda_items(overview_of(s), TODAY, 30) if i.kind == "bip-review"]
    assert (item.status, item.days_left, item.label) == ("overdue", -5, "Behavior plan review")
    assert item.rule


def _item(day: int, status: DeadlineStatus, name: str = "A") -> AgendaItem:
    return AgendaItem(date(2026, 12, day), "x", name, "bip-review", "Review", status, day - 25)


def test_grouping_and_the_most_pressing_status() -> None:
    items = [_item(1, "upcoming"), _item(1, "overdue", "B"), _item(3, "due-soon")]
    grouped = by_day(items)
    assert [len(v) for v in grouped.values()] == [2, 1]
    assert worst_status(grouped[date(2026, 12, 1)]) == "overdue"
    assert worst_status([]) is None
    assert between(items, date(2026, 12, 2), date(2026, 12, 3)) == [items[2]]
