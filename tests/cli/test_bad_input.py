"""Bad input: one clear line naming the field and accepted form, exit 2, nothing changed."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.conftest import git_log


def _tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


@pytest.fixture
def ready(cli, caseload: Path) -> Path:
    c = ("-C", caseload)
    assert cli(*c, "student", "add", "ava-m", "--first-name", "Ava").code == 0
    assert (
        cli(
            *c,
            "goal",
            "add",
            "ava-m",
            "reading-fluency",
            "--statement",
            "Read",
            "--target",
            "90",
            "--target-date",
            "2027-06-01",
            "--unit",
            "wcpm",
        ).code
        == 0
    )
    assert cli(*c, "service", "add", "ava-m", "reading", "120", "--start", "2026-09-01").code == 0
    return caseload


CASES = {
    "impossible date": (
        ["data", "add", "ava-m", "reading-fluency", "52", "--date", "2026-02-30"],
        "--date: '2026-02-30' is not a real date; use YYYY-MM-DD",
    ),
    "date in another form": (
        ["data", "add", "ava-m", "reading-fluency", "52", "--date", "11/20/2026"],
        "--date: '11/20/2026' is not a real date",
    ),
    "non-numeric value": (
        ["data", "add", "ava-m", "reading-fluency", "fifty"],
        "VALUE: 'fifty' is not a number",
    ),
    "infinite value": (
        ["data", "add", "ava-m", "reading-fluency", "inf"],
        "VALUE: 'inf' is not a number",
    ),
    "unknown student": (
        ["data", "add", "zed-q", "reading-fluency", "52"],
        "student: no student 'zed-q'",
    ),
    "student id with slash": (
        ["data", "add", "../ava-m", "reading-fluency", "52"],
        "student: '../ava-m' is not a valid id; use lowercase",
    ),
    "student id with dots": (
        ["student", "add", "..", "--first-name", "X"],
        "student: '..' is not a valid id",
    ),
    "student id with path": (
        ["student", "add", "a/b", "--first-name", "X"],
        "student: 'a/b' is not a valid id",
    ),
    "unknown goal": (
        ["data", "add", "ava-m", "spelling", "52"],
        "goal: 'spelling' is not a goal of ava-m; use one of reading-fluency",
    ),
    "negative minutes": (
        ["service", "log", "ava-m", "reading", "-30"],
        "MINUTES: -30 is out of range; use 0 to 600 minutes",
    ),
    "impossible minutes": (
        ["service", "log", "ava-m", "reading", "900"],
        "MINUTES: 900 is out of range; use 0 to 600 minutes",
    ),
    "fractional minutes": (
        ["service", "log", "ava-m", "reading", "12.5"],
        "MINUTES: '12.5' is not a whole number of minutes",
    ),
    "unknown service": (
        ["service", "log", "ava-m", "speech", "30"],
        "SERVICE: 'speech' is not prescribed for ava-m; use one of reading",
    ),
    "unknown status": (
        ["service", "log", "ava-m", "reading", "30", "--status", "sick"],
        "argument --status: invalid choice: 'sick' (choose from 'delivered', 'makeup'",
    ),
    "make-up of nothing": (
        ["service", "log", "ava-m", "reading", "30", "--makeup-for", "nope"],
        "--makeup-for: no session 'nope' for ava-m",
    ),
    "negative prescription": (
        ["service", "add", "ava-m", "speech", "-10"],
        "MINUTES: -10 is out of range",
    ),
    "unknown plan field": (
        ["plan", "set", "ava-m", "consnet=2026-01-01"],
        "FIELD: unknown field 'consnet'; use one of referral, consent",
    ),
    "bad plan date": (
        ["plan", "set", "ava-m", "consent=2026-13-01"],
        "consent: '2026-13-01' is not a real date",
    ),
    "unknown LRE code": (
        ["plan", "set", "ava-m", "lre=MAINSTREAM"],
        "lre: 'MAINSTREAM' is not allowed; use one of RC80",
    ),
    "unknown disability": (
        ["student", "add", "bo-k", "--first-name", "Bo", "--disability", "XYZ"],
        "argument --disability: invalid choice: 'XYZ' (choose from 'AUT'",
    ),
    "unknown meeting kind": (
        ["meeting", "add", "ava-m", "--kind", "party"],
        "argument --kind: invalid choice: 'party' (choose from 'initial-iep'",
    ),
    "bad meeting time": (
        ["meeting", "add", "ava-m", "--kind", "other", "--time", "25:00"],
        "--time: '25:00' is not a time; use HH:MM",
    ),
    "control characters in a note": (
        ["data", "add", "ava-m", "reading-fluency", "5", "--note", "a\x1b[31mred"],
        "--note: contains control character U+001B; use plain text",
    ),
    "goal target not a number": (
        [
            "goal",
            "add",
            "ava-m",
            "math",
            "--statement",
            "x",
            "--target",
            "lots",
            "--target-date",
            "2027-06-01",
        ],
        "--target: 'lots' is not a number",
    ),
    "duplicate goal": (
        [
            "goal",
            "add",
            "ava-m",
            "reading-fluency",
            "--statement",
            "x",
            "--target",
            "1",
            "--target-date",
            "2027-06-01",
        ],
        "goal: 'reading-fluency' already exists for ava-m",
    ),
    "date given twice": (
        [
            "data",
            "add",
            "ava-m",
            "reading-fluency",
            "5",
            "--date",
            "2026-02-30",
            "--date",
            "2026-11-21",
        ],
        "--date given twice",
    ),
    "note given twice": (
        ["data", "add", "ava-m", "reading-fluency", "5", "--note", "a", "--note=b"],
        "--note given twice",
    ),
    "flag given twice": (
        ["service", "log", "ava-m", "reading", "30", "--group", "--group"],
        "--group given twice",
    ),
    "ISO week date": (
        ["data", "add", "ava-m", "reading-fluency", "5", "--date", "2026-W48-3"],
        "--date: '2026-W48-3' is not a real date; use YYYY-MM-DD",
    ),
    "compact date": (
        ["data", "add", "ava-m", "reading-fluency", "5", "--date", "20261120"],
        "--date: '20261120' is not a real date",
    ),
    "date with a time": (
        ["plan", "set", "ava-m", "consent=2026-11-20T10:00"],
        "consent: '2026-11-20T10:00' is not a real date",
    ),
    "date out of range": (
        ["data", "add", "ava-m", "reading-fluency", "5", "--date", "0001-01-01"],
        "--date: 0001-01-01 is out of range; use 1900-01-01 to 2199-12-31",
    ),
    "time without a colon": (
        ["meeting", "add", "ava-m", "--kind", "other", "--time", "1430"],
        "--time: '1430' is not a time; use HH:MM",
    ),
    "time with an offset": (
        ["meeting", "add", "ava-m", "--kind", "other", "--time", "14:30+05:00"],
        "--time: '14:30+05:00' is not a time; use HH:MM",
    ),
    "time with seconds": (
        ["meeting", "add", "ava-m", "--kind", "other", "--time", "14:30:15"],
        "--time: '14:30:15' is not a time",
    ),
    "Arabic-Indic digits": (
        ["data", "add", "ava-m", "reading-fluency", "\u0665\u0662"],
        "VALUE: '\u0665\u0662' is not a number; use digits",
    ),
    "full-width digits": (
        ["data", "add", "ava-m", "reading-fluency", "\uff15\uff12"],
        "VALUE: '\uff15\uff12' is not a number",
    ),
    "digits with underscore": (
        ["data", "add", "ava-m", "reading-fluency", "5_2"],
        "VALUE: '5_2' is not a number",
    ),
    "exponent": (
        ["data", "add", "ava-m", "reading-fluency", "1e3"],
        "VALUE: '1e3' is not a number",
    ),
    "huge value": (
        ["data", "add", "ava-m", "reading-fluency", "1e308"],
        "VALUE: '1e308' is not a number",
    ),
    "value out of range": (
        ["data", "add", "ava-m", "reading-fluency", "1000000000.5"],
        "VALUE: 1000000000.5 is out of range; use -1000000000 to 1000000000",
    ),
    "minutes in other digits": (
        ["service", "log", "ava-m", "reading", "\uff13\uff10"],
        "MINUTES: '\uff13\uff10' is not a whole number of minutes",
    ),
    "minutes with underscore": (
        ["service", "log", "ava-m", "reading", "3_0"],
        "MINUTES: '3_0' is not a whole number of minutes",
    ),
    "negative value on a wcpm goal": (
        ["data", "add", "ava-m", "reading-fluency", "-5"],
        "VALUE: -5 is below 0; a goal measured in 'wcpm' cannot be negative",
    ),
    "negative target on a percentage goal": (
        [
            "goal",
            "add",
            "ava-m",
            "math",
            "--statement",
            "x",
            "--unit",
            "% correct",
            "--target",
            "-80",
            "--target-date",
            "2027-06-01",
        ],
        "--target: -80 is below 0; a goal measured in '% correct' cannot be negative",
    ),
    "plan ends before it starts": (
        ["plan", "set", "ava-m", "plan_start=2026-09-16", "plan_end=2026-09-01"],
        "plan_end: plan_end 2026-09-01 is not after plan_start 2026-09-16",
    ),
    "unknown reporting period": (
        [
            "contact",
            "add",
            "ava-m",
            "--method",
            "phone",
            "--purpose",
            "progress-report",
            "--period",
            "NOPE",
        ],
        "--period: 'NOPE' is not a reporting period; use one of Q1, Q2, Q3, Q4",
    ),
    "name over 200 characters": (
        ["student", "add", "bo-k", "--first-name", "B" * 201],
        "--first-name: text is 201 characters; keep it to 200",
    ),
    "note over 10000 characters": (
        ["data", "add", "ava-m", "reading-fluency", "5", "--note", "n" * 10_001],
        "--note: text is 10001 characters; keep it to 10000",
    ),
    "tab in a name": (
        ["student", "add", "bo-k", "--first-name", "B\to"],
        "--first-name: contains control character U+0009",
    ),
    "carriage return in a note": (
        ["data", "add", "ava-m", "reading-fluency", "5", "--note", "a\rb"],
        "--note: contains control character U+000D",
    ),
    "plan field given twice": (
        ["plan", "set", "ava-m", "consent=2026-09-01", "consent=2026-09-02"],
        "consent given twice; give each FIELD=VALUE once",
    ),
    "profile field given twice": (
        ["student", "set", "ava-m", "grade=4", "grade=5"],
        "grade given twice",
    ),
    "history limit in other digits": (
        ["history", "ava-m", "--limit", "\u0663"],
        "--limit: '\u0663' is not a whole number from 1 to 1000000",
    ),
    "negative history limit": (
        ["history", "ava-m", "--limit", "-1"],
        "--limit: '-1' is not a whole number from 1 to 1000000",
    ),
    "days in other digits": (
        ["due", "--within", "\u0663\u0660"],
        "--within: '\u0663\u0660' is not a whole number of days; use e.g. 30 (0 to 3650)",
    ),
    "days beyond ten years": (
        ["due", "--within", "99999999999999"],
        "--within: '99999999999999' is not a whole number of days",
    ),
    "bad --today": (
        ["data", "add", "ava-m", "reading-fluency", "5", "--today", "soon"],
        "--today: 'soon' is not a real date",
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_bad_input_is_refused_with_one_line(cli, ready: Path, name: str) -> None:
    args, expected = CASES[name]
    before_tree, before_log = _tree(ready), git_log(ready)
    result = cli("-C", ready, *args)
    assert result.code == 2, result
    assert result.out == ""
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, result.err
    assert expected in lines[0]
    assert _tree(ready) == before_tree
    assert git_log(ready) == before_log


def test_argparse_errors_are_one_line_too(cli, ready: Path) -> None:
    result = cli("-C", ready, "data", "add", "ava-m")
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert "required" in result.err


def test_not_a_caseload(cli, tmp_path: Path) -> None:
    result = cli("-C", tmp_path, "student", "list")
    assert result.code == 2
    assert "is not a caseload (caseterm.toml missing)" in result.err


@pytest.mark.parametrize(
    "args",
    [
        ["service", "log", "ava-m", "reading", "9" * 5000],
        ["data", "add", "ava-m", "reading-fluency", "9" * 5000],
        ["history", "ava-m", "--limit", "9" * 5000],
        ["due", "--within", "9" * 5000],
    ],
    ids=["minutes", "value", "limit", "within"],
)
def test_a_number_of_thousands_of_digits_is_one_line_too(cli, ready: Path, args: list[str]) -> None:
    result = cli("-C", ready, *args)
    assert result.code == 2
    assert len(result.err.strip().splitlines()) == 1
    assert "Traceback" not in result.err


def test_data_add_names_a_broken_goals_file(cli, ready: Path) -> None:
    root = ready
    (ready / "students/ava-m/goals.toml").write_text("[[goal]\n")
    before_tree, before_log = _tree(root), git_log(root)
    result = cli("-C", root, "data", "add", "ava-m", "reading-fluency", "41")
    assert result.code == 2
    lines = result.err.strip().splitlines()
    assert len(lines) == 1
    assert "students/ava-m/goals.toml:1:" in lines[0]
    assert "none yet" not in lines[0]
    assert (_tree(root), git_log(root)) == (before_tree, before_log)
