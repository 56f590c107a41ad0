"""Every number in the files has a finite, documented range: the CLI refuses what is out of
it, ``check`` reports it, and a hostile hand-edited value never crashes a command."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.test_bad_input import _tree
from tests.conftest import git_log


@pytest.fixture
def goal(cli, caseload: Path) -> Path:
    c = ("-C", caseload)
    assert cli(*c, "student", "add", "ava-m", "--first-name", "Ava").code == 0
    args = ("--statement", "Read", "--target", "90", "--target-date", "2027-06-01")
    assert cli(*c, "goal", "add", "ava-m", "reading-fluency", *args, "--unit", "wcpm").code == 0
    for day, value in (("2026-09-01", "40"), ("2026-09-08", "44"), ("2026-09-15", "47")):
        assert cli(*c, "data", "add", "ava-m", "reading-fluency", value, "--date", day).code == 0
    return caseload


def _refused(cli, root: Path, *args: str) -> str:
    before_tree, before_log = _tree(root), git_log(root)
    result = cli("-C", root, *args)
    assert result.code == 2, result
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert _tree(root) == before_tree
    assert git_log(root) == before_log
    return str(lines[0])


@pytest.mark.parametrize("value", ["1e308", "1000000001", "-1000000001"])
def test_data_add_refuses_a_value_out_of_range(cli, goal: Path, value: str) -> None:
    line = _refused(cli, goal, "data", "add", "ava-m", "reading-fluency", value)
    assert "VALUE:" in line
    assert "-1000000000 to 1000000000" in line


def test_goal_add_refuses_a_target_out_of_range(cli, goal: Path) -> None:
    args = ("--statement", "x", "--target", "99999999999", "--target-date", "2027-06-01")
    line = _refused(cli, goal, "goal", "add", "ava-m", "math", *args)
    assert "--target:" in line and "-1000000000 to 1000000000" in line


def test_the_bounds_are_accepted(cli, goal: Path) -> None:
    # wcpm cannot be negative, so the lower bound is tried on a goal without a unit
    args = ("--statement", "x", "--target", "-1000000000", "--target-date", "2027-06-01")
    assert cli("-C", goal, "goal", "add", "ava-m", "score", *args).code == 0
    assert cli("-C", goal, "data", "add", "ava-m", "score", "1000000000").code == 0
    assert cli("-C", goal, "data", "add", "ava-m", "score", "-1000000000").code == 0


def _hand_edit_value(root: Path, value: str) -> Path:
    data = root / "students/ava-m/data.toml"
    text = data.read_text()
    data.write_text(text.replace("value = 47", f"value = {value}"))
    return data


@pytest.mark.parametrize("value", ["1.7e308", "-1.7e308", "1e10", "inf", "nan"])
def test_check_reports_a_hand_edited_value_out_of_range(cli, goal: Path, value: str) -> None:
    data = _hand_edit_value(goal, value)
    line_no = data.read_text().splitlines().index(f"value = {value}") + 1
    result = cli("-C", goal, "check")
    assert result.code == 1
    problem = f"students/ava-m/data.toml:{line_no}:9: value: "
    assert any(problem in line for line in result.out.splitlines()), result.out
    assert "-1000000000 to 1000000000" in result.out


@pytest.mark.parametrize("value", ["1.7e308", "-1.7e308"])
def test_progress_and_report_survive_a_hostile_value(
    cli, goal: Path, tmp_path: Path, value: str
) -> None:
    _hand_edit_value(goal, value)
    result = cli("-C", goal, "progress", "ava-m", "--today", "2026-11-25")
    assert result.code in (0, 1), result
    assert "Traceback" not in result.err
    assert "reading-fluency" in result.out
    out = tmp_path / "report.html"
    result = cli("-C", goal, "report", "ava-m", "--today", "2026-11-25", "-o", out)
    assert result.code in (0, 1), result
    assert out.is_file()


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("sessions.toml", "minutes = 30", "minutes = 99999999999999999", "use 0 to 600"),
        ("goals.toml", "target = 90", "target = 1e300", "-1000000000 to 1000000000"),
        ("goals.toml", "target = 90", "target = 90\nbaseline = -1e12", "baseline:"),
        ("plan.toml", "minutes = 120", "minutes = 10001", "use 0 to 2400"),
    ],
)
def test_check_reports_other_numbers_out_of_range(
    cli, goal: Path, file: str, old: str, new: str, expected: str
) -> None:
    c = ("-C", goal)
    assert cli(*c, "service", "add", "ava-m", "reading", "120", "--start", "2026-09-01").code == 0
    assert cli(*c, "service", "log", "ava-m", "reading", "30", "--date", "2026-09-02").code == 0
    path = goal / "students/ava-m" / file
    text = path.read_text()
    assert text.count(old) == 1
    path.write_text(text.replace(old, new))
    result = cli(*c, "check")
    assert result.code == 1
    assert expected in result.out, result.out


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("stale_days = 14", "stale_days = 100000000000"),
        ("school_year_start = 2026-08-17", "school_year_start = 0001-01-01"),
        ("school_year_end = 2027-06-12", "school_year_end = 9999-12-31"),
    ],
)
def test_settings_numbers_and_dates_have_a_range(cli, caseload: Path, old: str, new: str) -> None:
    settings = caseload / "caseterm.toml"
    text = settings.read_text()
    if old.startswith("stale_days") and old not in text:
        text = text.replace("[caseload]\n", "[caseload]\nstale_days = 14\n")
    assert text.count(old) == 1, text
    settings.write_text(text.replace(old, new))
    result = cli("-C", caseload, "check")
    assert result.code == 1
    assert "caseterm.toml:" in result.out


def test_far_plan_dates_are_a_problem_and_due_still_answers(cli, goal: Path) -> None:
    c = ("-C", goal)
    plan = goal / "students/ava-m/plan.toml"
    plan.write_text(
        plan.read_text().replace(
            "[dates]\n", "[dates]\nplan_meeting = 9999-12-31\nconsent = 9999-12-30\n"
        )
    )
    result = cli(*c, "check")
    assert result.code == 1
    assert "1900-01-01 to 2199-12-31" in result.out
    result = cli(*c, "due", "--all", "--today", "2026-11-25")
    assert result.code in (0, 1), result
    assert "Traceback" not in result.err


def test_rule_overrides_have_a_range_and_due_still_answers(cli, goal: Path) -> None:
    c = ("-C", goal)
    dates = ("consent=2026-09-01", "evaluation=2026-09-05", "plan_meeting=2026-09-09")
    assert cli(*c, "plan", "set", "ava-m", *dates).code == 0
    settings = goal / "caseterm.toml"
    settings.write_text(
        settings.read_text()
        + "\n[rules]\nevaluation_days = 100000000000\nreevaluation_years = 99999999\n"
    )
    result = cli(*c, "check")
    assert result.code == 1
    assert "rules.evaluation_days: 100000000000 is not a whole number from 1 to 3650" in result.out
    assert "rules.reevaluation_years: 99999999 is not a whole number from 1 to 30" in result.out
    result = cli(*c, "due", "--all", "--today", "2026-11-25")
    assert result.code in (0, 1), result
    assert "Traceback" not in result.err


def test_progress_report_and_show_at_the_bounds(cli, goal: Path, tmp_path: Path) -> None:
    c = ("-C", goal)
    args = ("--statement", "x", "--target", "1000000000", "--target-date", "2027-06-01")
    assert cli(*c, "goal", "add", "ava-m", "score", *args).code == 0
    values = ("-1000000000", "1000000000", "0.0000001", "-1000000000", "1000000000", "-0.5")
    for week, value in enumerate(values):
        day = f"2026-09-{1 + 7 * (week % 4):02d}" if week < 4 else f"2026-10-{1 + week:02d}"
        assert cli(*c, "data", "add", "ava-m", "score", value, "--date", day).code == 0
    assert cli(*c, "check").code == 0
    today = ("--today", "2026-11-25")
    result = cli(*c, "progress", "ava-m", *today)
    assert result.code == 0, result
    assert "score" in result.out
    for fmt in ("html", "md"):
        out = tmp_path / f"report.{fmt}"
        assert cli(*c, "report", "ava-m", *today, "--format", fmt, "-o", out).code == 0
        assert out.stat().st_size > 0
    assert cli(*c, "student", "show", "ava-m", *today).code == 0
    assert cli(*c, "progress", "ava-m", *today, "--json").code == 0
