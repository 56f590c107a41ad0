"""The caseload overview the TUI formats: next deadline, weekly minutes, worst goal."""

from __future__ import annotations

from datetime import date

from msgspec.structs import replace

from caseterm.model.records import (
    Caseload,
    DataPoint,
    Goal,
    Prescription,
    Session,
)
from caseterm.model.rules import FEDERAL
from caseterm.model.views.overview import caseload_overview
from tests.builders import CALENDAR, SETTINGS, student

MONDAY = date(2026, 11, 16)
TODAY = date(2026, 11, 20)


def _caseload() -> Caseload:
    speech = Prescription("p1", "speech", 60, "week", date(2026, 8, 17))
    ot = Prescription("p2", "ot", 30, "week", date(2026, 8, 17))
    sessions = (
        Session("s1", "speech", MONDAY, 90),
        Session("s2", "ot", MONDAY, 10),
    )
    goals = (
        Goal("reading", "Read", 90, date(2027, 6, 1), start_date=date(2026, 9, 1)),
        Goal("math", "Math", 40, date(2027, 6, 1)),
    )
    points = tuple(
        DataPoint(
            f"p{i}",
            "reading",
            date(2026, 9, 7) + (date(2026, 9, 14) - date(2026, 9, 7)) * i,
            float(30 + i),
        )
        for i in range(8)
    )
    ava = student(
        plan_meeting=date(2025, 11, 3),
        evaluation=date(2024, 1, 10),
        consent=date(2023, 9, 1),
    )
    ava = replace(
        ava,
        plan=replace(ava.plan, services=(speech, ot)),
        sessions=sessions,
        goals=goals,
        points=points,
    )
    return Caseload(settings=SETTINGS, calendars=(CALENDAR,), students=(ava,))


def test_weekly_minutes_count_only_toward_each_requirement() -> None:
    view = caseload_overview(_caseload(), FEDERAL, TODAY).students[0]
    assert view.week_required == 90
    assert view.week_delivered == 60 + 10, "90 speech minutes do not cover missing OT minutes"


def test_next_deadline_is_the_oldest_overdue_item() -> None:
    view = caseload_overview(_caseload(), FEDERAL, TODAY).students[0]
    nxt = view.next_deadline
    assert nxt is not None
    assert (nxt.kind, nxt.about, nxt.status) == ("progress-report", "Q1", "overdue")
    assert "annual-review" in {d.kind for d in view.open_deadlines if d.status == "overdue"}
    assert nxt.due == min(d.due for d in view.open_deadlines)


def test_worst_goal_and_days_since_data() -> None:
    view = caseload_overview(_caseload(), FEDERAL, TODAY).students[0]
    decisions = {p.goal.id: p.decision for p in view.progress}
    assert decisions["math"] == "insufficient-data"
    assert view.worst_decision in ("change-instruction", "insufficient-data")
    assert view.last_data == date(2026, 10, 26)
    assert view.days_since_data(TODAY) == 25
