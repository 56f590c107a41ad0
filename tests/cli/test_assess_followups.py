"""Follow-ups to issue 16: ``mtss list`` for a student already referred, and ``remove``
of one assessment."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_assess_cli import TODAY, Cli, _mtss_student, ok
from tests.conftest import git_log, git_status


def test_mtss_list_says_referred_with_the_date_instead_of_refer(caseload: Path, cli: Cli) -> None:
    _mtss_student(cli, caseload)
    (row,) = json.loads(ok(cli("-C", caseload, "mtss", "list", "--json", *TODAY)).out)
    assert (row["suggestion"], row["referred"]) == ("refer", None)
    ok(cli("-C", caseload, "assess", "refer", "zoe-q", "--date", "2026-11-10", "--by", "parent"))
    (row,) = json.loads(ok(cli("-C", caseload, "mtss", "list", "--json", *TODAY)).out)
    assert (row["suggestion"], row["referred"]) == ("referred", "2026-11-10")
    assert row["detail"].startswith("referred 2026-11-10; ")
    text = ok(cli("-C", caseload, "mtss", "list", *TODAY)).out
    (zoe,) = [line for line in text.splitlines() if "Zoe" in line]
    assert zoe.split()[-2:] == ["referred", "2026-11-10"]
    shown = json.loads(ok(cli("-C", caseload, "mtss", "show", "zoe-q", "--json", *TODAY)).out)
    assert shown["intervention_plans"][0]["suggestion"] == "referred"


def _add_assessment(cli: Cli, root: Path, instrument: str, day: str) -> None:
    ok(cli("-C", root, "assess", "add", "zoe-q", "--instrument", instrument, "--date", day,
           "--area", "reading", "--score", "Total=standard:85"))  # fmt: skip


def test_remove_one_assessment_leaves_the_other_in_one_commit(caseload: Path, cli: Cli) -> None:
    ok(cli("-C", caseload, "student", "add", "zoe-q", "--first-name", "Zoe", "--plan", "MTSS"))
    _add_assessment(cli, caseload, "WIAT-4", "2026-11-12")
    _add_assessment(cli, caseload, "KTEA-3", "2026-11-13")
    rows = json.loads(ok(cli("-C", caseload, "assess", "show", "zoe-q", "--json")).out)
    gone = next(r["id"] for r in rows if r["instrument"] == "WIAT-4")
    before = git_log(caseload)
    ok(cli("-C", caseload, "remove", "zoe-q", "assessment", gone))
    log = git_log(caseload)
    assert len(log) == len(before) + 1 and log[1:] == before
    text = (caseload / "students" / "zoe-q" / "evaluation.toml").read_text()
    assert gone not in text and "WIAT-4" not in text and "KTEA-3" in text
    rows = json.loads(ok(cli("-C", caseload, "assess", "show", "zoe-q", "--json")).out)
    assert [r["instrument"] for r in rows] == ["KTEA-3"]
    assert git_status(caseload) == ""


def test_remove_an_unknown_assessment_is_one_line_and_writes_nothing(
    caseload: Path, cli: Cli
) -> None:
    ok(cli("-C", caseload, "student", "add", "zoe-q", "--first-name", "Zoe", "--plan", "MTSS"))
    _add_assessment(cli, caseload, "WIAT-4", "2026-11-12")
    path = caseload / "students" / "zoe-q" / "evaluation.toml"
    before, content = git_log(caseload), path.read_bytes()
    result = cli("-C", caseload, "remove", "zoe-q", "assessment", "no-such-id")
    assert result.code == 2
    assert "no-such-id" in result.err and result.err.count("\n") == 1, result.err
    assert git_log(caseload) == before and path.read_bytes() == content
    assert git_status(caseload) == ""
