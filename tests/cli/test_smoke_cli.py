"""A first CLI session on a temporary caseload: one commit per write."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import git_log, git_status


def test_data_add_makes_one_commit(cli, caseload: Path) -> None:
    assert cli("-C", caseload, "student", "add", "ava-m", "--first-name", "Ava").code == 0
    result = cli(
        "-C",
        caseload,
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
    )
    assert result.code == 0, result.err
    result = cli(
        "-C", caseload, "data", "add", "ava-m", "reading-fluency", "52", "--date", "2026-11-20"
    )
    assert result.code == 0, result.err
    assert git_log(caseload)[0] == "ava-m: add data point for goal reading-fluency (52 wcpm)"
    assert git_status(caseload) == ""
    assert "value = 52" in (caseload / "students/ava-m/data.toml").read_text()
