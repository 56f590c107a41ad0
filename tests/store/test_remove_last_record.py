"""Removing a file's last record leaves the rest of the file as it was."""

from __future__ import annotations

from pathlib import Path

import rtoml

from tests.conftest import git_status
from tests.sharing import Cli, data_add, ok, student_with_goal_and_service


def test_removing_the_only_data_point_keeps_the_file_header(cli: Cli, caseload: Path) -> None:
    student_with_goal_and_service(cli, caseload)
    path = caseload / "students/ava-m/data.toml"
    empty = path.read_text()
    data_add(cli, caseload, 51, "2026-11-16")
    point_id = rtoml.loads(path.read_text())["point"][0]["id"]
    ok(cli("-C", caseload, "remove", "ava-m", "point", point_id))
    assert path.read_text().rstrip("\n") == empty.rstrip("\n")
    assert "point = []" not in path.read_text()
    assert git_status(caseload) == ""
