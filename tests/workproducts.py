"""A small caseload for the report, export and import tests, built with the store's change
functions (the path the CLI and the TUI use). School year 2026-27, Q1 = Aug 17 - Oct 31."""

from __future__ import annotations

import subprocess
from datetime import date, time, timedelta
from pathlib import Path

from caseterm.store.actions import changes

HOSTILE_NAME = "<script>alert(1)</script>[bold]Zoe"
HOSTILE_NOTE = "<script>alert('x')</script> [bold]loud[/bold] =HYPERLINK(\"http://x\")"
FIRST_PROBE = date(2026, 9, 7)
RISING = (42, 44, 43, 47, 49, 48, 52, 53, 55)
FLAT = (20, 21, 20, 19, 20, 21, 20, 19)


def build(root: Path) -> Path:
    """Three students: ava-m (two goals, minutes, a meeting), zoe-q (a hostile name and
    note), sam-k (no goals)."""
    changes.add_student(
        root,
        {
            "id": "ava-m",
            "first_name": "Ava",
            "last_name": "Martinez",
            "birth_date": date(2016, 3, 14),
            "grade": "4",
            "school": "Lincoln Elementary",
            "disabilities": ("SLD",),
            "case_manager": "J. Rivera",
        },
        commit=False,
    )
    plan = [
        "plan_meeting=2026-09-15",
        "plan_start=2026-09-16",
        "plan_end=2027-09-14",
        "evaluation=2024-10-20",
        "medicaid_consent=2024-09-10",
    ]
    changes.set_plan(
        root,
        "ava-m",
        [changes.parse_assignment(changes.PLAN_FIELDS, a) for a in plan],
        commit=False,
    )
    changes.add_goal(
        root,
        "ava-m",
        {
            "id": "reading-fluency",
            "statement": "Given a grade-4 passage, Ava will read 70 wcpm.",
            "target": 70,
            "target_date": FIRST_PROBE + timedelta(weeks=30),
            "area": "reading",
            "unit": "wcpm",
        },
        commit=False,
    )
    changes.add_goal(
        root,
        "ava-m",
        {
            "id": "math-facts",
            "statement": "Ava will answer 90 facts correctly in 2 minutes.",
            "target": 90,
            "target_date": date(2027, 6, 1),
            "area": "math",
            "unit": "facts",
            "baseline": 20,
            "start_date": FIRST_PROBE,
        },
        commit=False,
    )
    for week, value in enumerate(RISING):
        changes.add_data_point(
            root,
            "ava-m",
            "reading-fluency",
            value,
            FIRST_PROBE + timedelta(weeks=week),
            note="cold read" if week == 0 else "",
            commit=False,
        )
    for week, value in enumerate(FLAT):
        changes.add_data_point(
            root, "ava-m", "math-facts", value, FIRST_PROBE + timedelta(weeks=week), commit=False
        )
    changes.add_phase(
        root, "ava-m", "math-facts", date(2026, 10, 5), "Added flash cards", commit=False
    )
    changes.add_prescription(
        root,
        "ava-m",
        {
            "service": "reading",
            "minutes": 120,
            "per": "week",
            "start": date(2026, 9, 16),
            "name": "Reading instruction",
        },
        commit=False,
    )
    for day, minutes, status in (
        (16, 30, "delivered"),
        (17, 23, "delivered"),
        (18, 30, "provider-absent"),
        (19, 7, "delivered"),
    ):
        changes.log_session(
            root,
            "ava-m",
            {
                "service": "reading",
                "minutes": minutes,
                "date": date(2026, 11, day),
                "status": status,
                "provider": "J. R.",
            },
            commit=False,
        )
    changes.add_meeting(
        root,
        "ava-m",
        {
            "date": date(2026, 12, 3),
            "kind": "progress",
            "status": "scheduled",
            "time": time(15, 30),
            "location": "Room 114",
        },
        commit=False,
    )
    changes.add_student(
        root,
        {"id": "zoe-q", "first_name": HOSTILE_NAME, "last_name": "=Quinn", "grade": "2"},
        commit=False,
    )
    changes.add_goal(
        root,
        "zoe-q",
        {
            "id": "speech",
            "statement": "Zoe will produce /r/ in 80% of trials.",
            "target": 80,
            "target_date": date(2027, 5, 1),
        },
        commit=False,
    )
    for offset, value in enumerate((30, 35, 40)):
        changes.add_data_point(
            root,
            "zoe-q",
            "speech",
            value,
            date(2026, 10, 1) + timedelta(days=7 * offset),
            note=HOSTILE_NOTE,
            commit=False,
        )
    changes.add_contact(
        root,
        "zoe-q",
        {"date": date(2026, 10, 2), "method": "phone", "note": "hello"},
        commit=False,
    )
    changes.add_student(
        root,
        {"id": "sam-k", "first_name": "Sam", "last_name": "Kim", "plan_type": "504"},
        commit=False,
    )
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True)
    subprocess.run(["git", "-C", str(root), "commit", "-qm", "test caseload"], check=True)
    return root
