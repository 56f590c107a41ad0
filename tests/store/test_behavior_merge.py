"""Two observers' sessions of the same period, recorded on two machines, merge under git
as two records (then IOA compares them); a removed session goes with its behaviours."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.sharing import Cli, Team, git, ok, shared_caseload

BEHAVIOR = "students/ava-m/behavior.toml"


@pytest.fixture
def team(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Team:
    return shared_caseload(tmp_path, cli, monkeypatch)


def _observe(cli: Cli, root: Path, observer: str, marks: str) -> None:
    ok(
        cli(
            "-C", root, "observe", "record", "ava-m", "--date", "2026-11-16", "--start", "09:00",
            "--end", "09:01", "--observer", observer, "--partial", f"hit=10:{marks}",
        )
    )  # fmt: skip


@pytest.mark.parametrize("file_exists", [True, False], ids=["shared file", "both create it"])
def test_two_observers_sessions_merge_and_agree(team: Team, cli: Cli, file_exists: bool) -> None:
    if file_exists:
        ok(cli("-C", team.alice, "safety", "set", "ava-m", "--trigger", "fire alarm"))
        ok(cli("-C", team.alice, "sync"))
        ok(cli("-C", team.bob, "sync"))
    _observe(cli, team.alice, "Ortiz", "011000")
    ok(cli("-C", team.alice, "sync"))
    _observe(cli, team.bob, "Lee", "010000")
    pulled = git(team.bob, "pull", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode == 0, pulled.stderr
    rows = json.loads(ok(cli("-C", team.bob, "observe", "list", "ava-m", "--json")).out)
    assert sorted(row["observer"] for row in rows) == ["Lee", "Ortiz"]
    assert ok(cli("check", team.bob)).out == ""
    first, second = (row["id"] for row in rows)
    result = cli("-C", team.bob, "ioa", "ava-m", "--session", first, "--session", second, "--json")
    (interval, *_rest) = json.loads(ok(result).out)["figures"]
    assert (interval["method"], interval["percent"]) == ("interval-by-interval", 83.3)


def test_remove_takes_a_session_with_its_behaviours(team: Team, cli: Cli) -> None:
    _observe(cli, team.alice, "Ortiz", "011000")
    _observe(cli, team.alice, "Lee", "010000")
    rows = json.loads(ok(cli("-C", team.alice, "observe", "list", "ava-m", "--json")).out)
    ok(cli("-C", team.alice, "remove", "ava-m", "observation", rows[0]["id"]))
    text = (team.alice / BEHAVIOR).read_text(encoding="utf-8")
    assert text.count("[[observation]]") == text.count("[[observation.behavior]]") == 1
    assert ok(cli("check", team.alice)).out == ""
