"""Each edit operation keeps every unrelated byte: checked as exact unified diffs."""

from __future__ import annotations

import difflib
from datetime import date
from pathlib import Path

from caseterm.store.actions import changes
from caseterm.store.actions.changes import parse_assignment

PLAN = """\
#:schema ../../.caseterm/schemas/plan.schema.json
# Ava's plan — edited by hand.
[dates]
consent   = 2023-09-01     # aligned on purpose
plan_meeting = 2025-09-15

[plan]
lre = "RC80"
accommodations = [
    "Extended time (1.5x)",   # keep this comment
    "Preferential seating",
]

# Reading services
[[service]]
id = "01m0000000000001"
service = "reading"
minutes = 120
per = "week"
start = 2025-09-16
"""

GOALS = """\
#:schema ../../.caseterm/schemas/goals.schema.json

[[goal]]
id = "reading-fluency"   # ORF
statement = "Read 90 wcpm."
target = 90
target_date = 2026-06-01

[[goal]]
id = "math"
statement = "Math facts."
target = 40
target_date = 2026-06-01
"""

DATA = """\
#:schema ../../.caseterm/schemas/data.schema.json
# fall probes

[[point]]
id = "01m0000000000002"
goal = "reading-fluency"
date = 2025-09-20
value = 44
"""


def _diff(before: str, after: str) -> list[str]:
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [line for line in lines if not line.startswith(("---", "+++"))]


def _student(caseload: Path) -> Path:
    changes.add_student(caseload, {"id": "ava-m", "first_name": "Ava", "last_name": "Martinez"})
    folder = caseload / "students/ava-m"
    (folder / "plan.toml").write_text(PLAN)
    (folder / "goals.toml").write_text(GOALS)
    (folder / "data.toml").write_text(DATA)
    return folder


def test_plan_date_change_touches_one_line(caseload: Path) -> None:
    folder = _student(caseload)
    change = parse_assignment(changes.PLAN_FIELDS, "plan_meeting=2026-09-14")
    changes.set_plan(caseload, "ava-m", [change], commit=False)
    assert _diff(PLAN, (folder / "plan.toml").read_text()) == [
        "@@ -5 +5 @@",
        "-plan_meeting = 2025-09-15",
        "+plan_meeting = 2026-09-14",
    ]


def test_new_plan_date_is_added_to_its_table(caseload: Path) -> None:
    folder = _student(caseload)
    change = parse_assignment(changes.PLAN_FIELDS, "evaluation=2023-10-20")
    changes.set_plan(caseload, "ava-m", [change], commit=False)
    assert _diff(PLAN, (folder / "plan.toml").read_text()) == [
        "@@ -5,0 +6 @@",
        "+evaluation = 2023-10-20",
    ]


def test_accommodation_added_and_removed(caseload: Path) -> None:
    folder = _student(caseload)
    add = parse_assignment(changes.PLAN_FIELDS, "accommodations+=Read-aloud for math")
    drop = parse_assignment(changes.PLAN_FIELDS, "accommodations-=Preferential seating")
    changes.set_plan(caseload, "ava-m", [add, drop], commit=False)
    assert _diff(PLAN, (folder / "plan.toml").read_text()) == [
        "@@ -11 +11 @@",
        '-    "Preferential seating",',
        '+    "Read-aloud for math",',
    ]


def test_removing_a_field_deletes_only_its_line(caseload: Path) -> None:
    folder = _student(caseload)
    change = parse_assignment(changes.PLAN_FIELDS, "lre=")
    changes.set_plan(caseload, "ava-m", [change], commit=False)
    assert _diff(PLAN, (folder / "plan.toml").read_text()) == ["@@ -8 +7,0 @@", '-lre = "RC80"']


def test_data_point_is_appended_at_the_end(caseload: Path) -> None:
    folder = _student(caseload)
    changes.add_data_point(
        caseload, "ava-m", "reading-fluency", 52, date(2025, 9, 27), "cold read", commit=False
    )
    after = (folder / "data.toml").read_text()
    assert after.startswith(DATA)
    added = after[len(DATA) :].splitlines()
    assert added[0] == ""
    assert added[1] == "[[point]]"
    assert added[2].startswith('id = "') and len(added[2]) == len('id = ""') + 16
    assert added[3:] == [
        'goal = "reading-fluency"',
        "date = 2025-09-27",
        "value = 52",
        'note = "cold read"',
    ]


def test_prescription_amendment_is_appended_to_the_plan(caseload: Path) -> None:
    folder = _student(caseload)
    new = {
        "service": "reading",
        "minutes": 90,
        "per": "week",
        "start": date(2026, 1, 5),
        "name": "Reading",
    }
    changes.add_prescription(caseload, "ava-m", new, commit=False)
    after = (folder / "plan.toml").read_text()
    assert after.startswith(PLAN)
    assert 'minutes = 90\nper = "week"' in after[len(PLAN) :]


def test_phase_is_added_to_its_goal_only(caseload: Path) -> None:
    folder = _student(caseload)
    changes.add_phase(
        caseload, "ava-m", "reading-fluency", date(2025, 10, 6), "Repeated reading", commit=False
    )
    assert _diff(GOALS, (folder / "goals.toml").read_text()) == [
        "@@ -8,0 +9,4 @@",
        "+[[goal.phase]]",
        "+start = 2025-10-06",
        '+label = "Repeated reading"',
        "+",
    ]


def test_removing_a_record_removes_only_its_block(caseload: Path) -> None:
    folder = _student(caseload)
    changes.remove_record(caseload, "ava-m", "point", "01m0000000000002", commit=False)
    assert _diff(DATA, (folder / "data.toml").read_text()) == [
        "@@ -4,5 +3,0 @@",
        "-[[point]]",
        '-id = "01m0000000000002"',
        '-goal = "reading-fluency"',
        "-date = 2025-09-20",
        "-value = 44",
    ]


def test_profile_correction_touches_one_line(caseload: Path) -> None:
    folder = _student(caseload)
    before = (folder / "student.toml").read_text()
    change = parse_assignment(changes.PROFILE_FIELDS, "last_name=Martínez")
    changes.set_profile(caseload, "ava-m", [change], commit=False)
    assert _diff(before, (folder / "student.toml").read_text()) == [
        "@@ -4 +4 @@",
        '-last_name = "Martinez"',
        '+last_name = "Martínez"',
    ]


def test_session_log_appends(caseload: Path) -> None:
    folder = _student(caseload)
    before = (folder / "sessions.toml").read_text()
    new = {"service": "reading", "minutes": 30, "date": date(2025, 9, 22), "note": "fluency drills"}
    changes.log_session(caseload, "ava-m", new, commit=False)
    after = (folder / "sessions.toml").read_text()
    assert after.startswith(before)
    assert after[len(before) :].count("[[session]]") == 1
