"""``caseterm due``, ``progress`` and ``minutes`` on a realistic caseload built with the
store's change functions (the same path the CLI and the TUI use)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from caseterm.store.actions import changes
from tests.conftest import TODAY

WORKED = (42, 44, 43, 47, 49, 48, 52, 53, 55)
FIRST_PROBE = date(2026, 9, 7)


def _plan(root: Path, student_id: str, *assignments: str) -> None:
    parsed = [changes.parse_assignment(changes.PLAN_FIELDS, a) for a in assignments]
    changes.set_plan(root, student_id, parsed, commit=False)


@pytest.fixture
def caseload4(caseload: Path) -> Path:
    """Four students: an IEP with data and minutes, a 16-year-old without a transition
    plan, a 504 plan and a Part C toddler. Calendar: caseterm init's 2026-27 year."""
    root = caseload
    changes.add_student(
        root,
        {
            "id": "ava-m",
            "first_name": "Ava",
            "last_name": "Martinez",
            "birth_date": date(2016, 3, 14),
            "grade": "4",
        },
        commit=False,
    )
    _plan(
        root,
        "ava-m",
        "plan_meeting=2026-09-15",
        "plan_start=2026-09-16",
        "plan_end=2027-09-14",
        "evaluation=2023-10-20",
        "safeguards_notice=2026-09-15",
        "medicaid_consent=2024-09-10",
        "medicaid_notice=2025-09-15",
    )
    changes.add_goal(
        root,
        "ava-m",
        {
            "id": "reading-fluency",
            "statement": "Ava will read 70 wcpm.",
            "target": 70,
            "target_date": FIRST_PROBE + timedelta(weeks=30),
            "unit": "wcpm",
            "mastery": "3 consecutive sessions at or below prompt level 1",
        },
        commit=False,
    )
    for week, value in enumerate(WORKED):
        changes.add_data_point(
            root,
            "ava-m",
            "reading-fluency",
            value,
            FIRST_PROBE + timedelta(weeks=week),
            commit=False,
        )
    changes.add_prescription(
        root,
        "ava-m",
        {
            "service": "reading",
            "minutes": 120,
            "per": "week",
            "start": date(2026, 9, 16),
            "name": "Reading",
        },
        commit=False,
    )
    for day, status in ((16, "delivered"), (17, "provider-absent"), (18, "student-absent")):
        changes.log_session(
            root,
            "ava-m",
            {"service": "reading", "minutes": 30, "date": date(2026, 11, day), "status": status},
            commit=False,
        )
    changes.add_contact(
        root,
        "ava-m",
        {
            "date": date(2026, 11, 5),
            "method": "mail",
            "purpose": "progress-report",
            "period": "Q1",
        },
        commit=False,
    )
    changes.add_student(
        root,
        {"id": "sam-k", "first_name": "Sam", "last_name": "K", "birth_date": date(2010, 5, 2)},
        commit=False,
    )
    _plan(root, "sam-k", "plan_meeting=2026-01-20", "plan_end=2027-01-19", "evaluation=2024-01-10")
    changes.add_student(
        root,
        {"id": "lia-p", "first_name": "Lia", "last_name": "P", "plan_type": "504"},
        commit=False,
    )
    _plan(root, "lia-p", "plan_meeting=2026-03-10")
    changes.add_student(
        root,
        {
            "id": "noah-b",
            "first_name": "Noah",
            "last_name": "B",
            "birth_date": date(2024, 5, 20),
            "plan_type": "IFSP",
        },
        commit=False,
    )
    _plan(root, "noah-b", "referral=2026-11-02")
    return root


def run_json(cli, *args: object) -> list[dict[str, object]]:
    result = cli(*args, "--json", "--today", TODAY.isoformat())
    assert result.code == 0, result.err
    data: list[dict[str, object]] = json.loads(result.out)
    return data


# --- due ---------------------------------------------------------------------------------


def test_due_json_lists_each_students_deadlines(cli, caseload4: Path) -> None:
    items = run_json(cli, "-C", caseload4, "due")
    by = {(i["student"], i["kind"], i["about"]): i for i in items}
    assert by["sam-k", "transition-plan", ""] == {
        "student": "sam-k",
        "kind": "transition-plan",
        "title": "Transition plan in the IEP",
        "about": "",
        "due": "2026-05-02",
        "days_left": -207,
        "status": "overdue",
        "rule": "34 CFR 300.320(b)",
        "earliest": None,
        "recommended": "2026-01-20",
        "done": None,
        "estimated": False,
        "detail": "in the IEP in effect when the student turns 16 (2026-05-02); best "
        "written at the meeting of 2026-01-20, else by amendment before the birthday",
    }
    assert by["ava-m", "medicaid-notice", ""]["due"] == "2026-09-14"
    assert by["lia-p", "504-review", ""]["due"] == "2027-03-09"
    assert by["noah-b", "ifsp-initial", ""]["due"] == "2026-12-17"
    assert by["noah-b", "part-c-transition", ""]["earliest"] == "2026-08-20"
    assert ("ava-m", "progress-report", "Q1") not in by, "done items are hidden by default"
    assert [i["due"] for i in items] == sorted(str(i["due"]) for i in items)


def test_due_all_shows_done_items(cli, caseload4: Path) -> None:
    items = run_json(cli, "-C", caseload4, "due", "--all", "--student", "ava-m")
    done = {(i["kind"], i["about"]): i["done"] for i in items if i["status"] == "done"}
    assert done == {
        ("progress-report", "Q1"): "2026-11-05",
        ("safeguards-notice", ""): "2026-09-15",
    }


def test_due_filters_within_and_overdue(cli, caseload4: Path) -> None:
    within = run_json(cli, "-C", caseload4, "due", "--within", "30")
    assert within and all(int(str(i["days_left"])) <= 30 for i in within)
    overdue = run_json(cli, "-C", caseload4, "due", "--overdue")
    assert {i["status"] for i in overdue} == {"overdue"}
    assert {(i["student"], i["kind"]) for i in overdue} >= {
        ("sam-k", "transition-plan"),
        ("ava-m", "medicaid-notice"),
        ("sam-k", "progress-report"),
    }


def test_due_table_for_people(cli, caseload4: Path) -> None:
    result = cli("-C", caseload4, "due", "--student", "sam-k", "--today", "2026-11-25")
    assert result.code == 0, result.err
    assert "Due as of 2026-11-25 (federal rules)" in result.out
    assert "Transition plan in the IEP" in result.out
    assert "\x1b[" not in result.out, "no colour without a terminal"


def test_due_follows_the_caseload_rule_profile(cli, caseload4: Path) -> None:
    """With rule_profile = "texas", consent 2026-10-01 is due on the 45th school day: the
    init calendar closes Nov 25-27 (and Labor Day, before), so 2026-12-08."""
    settings = caseload4 / "caseterm.toml"
    settings.write_text(
        settings.read_text().replace('rule_profile = "federal"', 'rule_profile = "texas"')
    )
    changes.add_student(
        caseload4, {"id": "eli-r", "first_name": "Eli", "last_name": "R"}, commit=False
    )
    _plan(caseload4, "eli-r", "consent=2026-10-01")
    items = run_json(cli, "-C", caseload4, "due", "--student", "eli-r")
    evaluation = next(i for i in items if i["kind"] == "initial-evaluation")
    assert (evaluation["due"], evaluation["rule"]) == ("2026-12-08", "TEC 29.004(a)")


# --- progress -------------------------------------------------------------------------------


def test_progress_json_worked_example(cli, caseload4: Path) -> None:
    [goal] = run_json(cli, "-C", caseload4, "progress", "ava-m", "reading-fluency")
    assert {k: goal[k] for k in (
        "goal", "points", "baseline", "target", "target_date", "aimline_slope_per_week",
        "trend_slope_per_week", "projected_date", "last3", "decision", "stale",
    )} == {
        "goal": "reading-fluency",
        "points": 9,
        "baseline": 43,
        "target": 70,
        "target_date": "2027-04-05",
        "aimline_slope_per_week": 0.9,
        "trend_slope_per_week": 1.6333,
        "projected_date": "2027-01-07",
        "last3": "above",
        "decision": "raise-goal",
        "stale": True,
    }  # fmt: skip
    assert goal["trend_intercept"] == 41.5778
    assert goal["mastery"] == {
        "criterion": "3 consecutive sessions at or below prompt level 1",
        "status": "not-met",
        "detail": "last 3: 52, 53, 55 (each must be at most 1)",
    }


def test_progress_table_for_people(cli, caseload4: Path) -> None:
    result = cli("-C", caseload4, "progress", "ava-m", "--today", "2026-11-25")
    assert result.code == 0, result.err
    words = " ".join(result.out.split())
    assert "raise-goal" in words
    assert "trend reaches the target 2027-01-07" in words
    assert "last data 2026-11-02 (stale)" in words


def test_progress_of_a_student_without_goals(cli, caseload4: Path) -> None:
    assert run_json(cli, "-C", caseload4, "progress", "sam-k") == []
    result = cli("-C", caseload4, "progress", "sam-k", "--today", "2026-11-25")
    assert "sam-k has no goals yet" in result.out


# --- minutes ------------------------------------------------------------------------------


def test_minutes_json_for_a_week(cli, caseload4: Path) -> None:
    """Week of Nov 16 (5 school days, 120 required): delivered 30, student absent 30
    (excused), provider absent 30 (owed): unaccounted 30, compliance 30/90 = 33.3%."""
    [row] = run_json(cli, "-C", caseload4, "minutes", "--week", "2026-11-18")
    assert {k: row[k] for k in (
        "student", "service", "required", "delivered", "excused", "owed", "unaccounted",
        "compliance_pct",
    )} == {
        "student": "ava-m", "service": "reading", "required": 120, "delivered": 30,
        "excused": 30, "owed": 30, "unaccounted": 30, "compliance_pct": 33.3,
    }  # fmt: skip
    assert (row["from"], row["to"], row["medicaid_units"]) == ("2026-11-16", "2026-11-22", 2)


def test_minutes_for_a_month_and_a_range(cli, caseload4: Path) -> None:
    """November through the 25th: Nov 2-24 are 17 school days at 24 min = 408; the whole
    month adds Nov 30: 432 (Thanksgiving break Nov 25-27 is closed)."""
    [month] = run_json(cli, "-C", caseload4, "minutes", "--month", "2026-11")
    assert (month["required"], month["required_period"], month["through"]) == (
        408,
        432,
        "2026-11-25",
    )
    [span] = run_json(cli, "-C", caseload4, "minutes", "--from", "2026-11-02", "--to", "2026-11-06")
    assert (span["required"], span["delivered"], span["unaccounted"]) == (120, 0, 120)


def test_minutes_default_is_this_week(cli, caseload4: Path) -> None:
    [row] = run_json(cli, "-C", caseload4, "minutes", "--student", "ava-m")
    assert (row["from"], row["to"], row["required"]) == ("2026-11-23", "2026-11-29", 48)


def test_minutes_table_for_people(cli, caseload4: Path) -> None:
    result = cli("-C", caseload4, "minutes", "--week", "2026-11-18", "--today", "2026-11-25")
    assert result.code == 0, result.err
    assert "Service minutes 2026-11-16 to 2026-11-22" in result.out
    assert "33.3%" in result.out


# --- bad input and broken files ------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("due", "--within", "soon"), "caseterm: --within: 'soon' is not a whole number of days; "
         "use e.g. 30"),
        (("due", "--student", "Bad/Id"), "caseterm: --student: 'Bad/Id' is not a valid id"),
        (("due", "--student", "zed"), "caseterm: --student: no student 'zed' in this caseload"),
        (("progress", "zed"), "caseterm: STUDENT: no student 'zed' in this caseload"),
        (("progress", "ava-m", "math"), "caseterm: GOAL: 'math' is not a goal of ava-m "
         "(reading-fluency)"),
        (("minutes", "--month", "2026-13"), "caseterm: --month: '2026-13' is not a month; use "
         "YYYY-MM, e.g. 2026-11"),
        (("minutes", "--week", "2026-02-30"), "caseterm: --week: '2026-02-30' is not a real "
         "date; use YYYY-MM-DD"),
        (("minutes", "--from", "2026-11-10"), "caseterm: --from: give --to DATE too"),
        (("minutes", "--from", "2026-11-10", "--to", "2026-11-01"), "caseterm: --to: 2026-11-01 "
         "is before --from 2026-11-10"),
        (("minutes", "--week", "2026-11-10", "--month", "2026-11"), "argument --month: not "
         "allowed with argument --week"),
        (("due", "--today", "yesterday-ish"), "caseterm: --today: 'yesterday-ish' is not a real "
         "date"),
    ],
)  # fmt: skip
def test_bad_arguments_exit_2_with_one_line(
    cli, caseload4: Path, args: tuple[str, ...], message: str
) -> None:
    result = cli("-C", caseload4, *args)
    assert result.code == 2
    assert result.out == ""
    assert len(result.err.strip().splitlines()) == 1, result.err
    assert message in result.err


def test_commands_answer_for_what_loaded_and_point_to_check(cli, caseload4: Path) -> None:
    (caseload4 / "students/sam-k/plan.toml").write_text("[dates\nbroken = ")
    items = run_json(cli, "-C", caseload4, "due")
    assert {i["student"] for i in items} >= {"ava-m", "lia-p", "noah-b"}
    result = cli("-C", caseload4, "minutes", "--json", "--today", "2026-11-25")
    assert result.code == 0
    assert "caseterm check lists them" in result.err
    assert json.loads(result.out)[0]["student"] == "ava-m"


def test_outside_a_caseload_exit_2(cli, tmp_path: Path) -> None:
    result = cli("-C", tmp_path, "due")
    assert result.code == 2
    assert "is not a caseload" in result.err
