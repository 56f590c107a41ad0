"""Two co-teachers edit the same week's schedule on their own machines; git merges
``schedule.toml`` record by record (slots by id, providers by name, exceptions by id),
and a true conflict on one field is kept for the user to choose."""

from __future__ import annotations

from pathlib import Path

import pytest
import rtoml

from tests.sharing import Cli, Team, be, git, ok, shared_caseload

BASE = """\
#:schema ./.caseterm/schemas/schedule.schema.json
[[provider]]
name = "Ms. Rivera"
days = ["mon", "wed"]

[[slot]]
id = "reading-am"
service = "reading"
students = ["ava-m"]
days = ["mon", "tue", "wed", "thu"]
start = 09:00:00
end = 09:30:00
provider = "Ms. Rivera"
location = "Room 114"
"""

ALICE_SLOT = """
[[slot]]
id = "reading-pm"
service = "reading"
students = ["ava-m"]
days = ["fri"]
start = 13:00:00
end = 13:30:00
"""

BOB_EXCEPTION = """
[[exception]]
id = "assembly"
slot = "reading-am"
date = 2026-12-02
"""


@pytest.fixture
def team(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Team:
    team = shared_caseload(tmp_path, cli, monkeypatch)
    be(monkeypatch, "Alice Rivera")
    (team.alice / "schedule.toml").write_text(BASE, encoding="utf-8")
    ok(cli("-C", team.alice, "sync"))  # a new schedule.toml is a hand edit sync commits
    subjects = git(team.alice, "log", "--format=%s").stdout.splitlines()
    assert "Hand edits: schedule.toml (committed by caseterm sync)" in subjects
    be(monkeypatch, "Bob Osei")
    ok(cli("-C", team.bob, "sync"))
    return team


def _edit(root: Path, old: str, new: str, append: str = "") -> None:
    path = root / "schedule.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new) + append, encoding="utf-8")
    git(root, "commit", "-qam", "edit the schedule")


def test_two_co_teachers_editing_the_same_week_merge_record_by_record(
    team: Team, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    be(monkeypatch, "Alice Rivera")
    _edit(team.alice, 'location = "Room 114"', 'location = "Library"', ALICE_SLOT)
    ok(cli("-C", team.alice, "sync"))
    be(monkeypatch, "Bob Osei")
    _edit(team.bob, 'days = ["mon", "wed"]', 'days = ["mon", "tue", "wed"]', BOB_EXCEPTION)
    pulled = git(team.bob, "pull", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode == 0, pulled.stderr + pulled.stdout
    data = rtoml.loads((team.bob / "schedule.toml").read_text(encoding="utf-8"))
    assert [s["id"] for s in data["slot"]] == ["reading-am", "reading-pm"]
    assert data["slot"][0]["location"] == "Library"
    assert data["provider"][0]["days"] == ["mon", "tue", "wed"]
    assert [e["id"] for e in data["exception"]] == ["assembly"]
    assert ok(cli("check", team.bob)).out == ""
    week = ok(cli("-C", team.bob, "schedule", "show", "--json")).out
    assert "reading-pm" in week


def test_the_same_field_changed_twice_is_a_conflict_to_resolve(
    team: Team, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    be(monkeypatch, "Alice Rivera")
    _edit(team.alice, "start = 09:00:00", "start = 09:05:00")
    ok(cli("-C", team.alice, "sync"))
    be(monkeypatch, "Bob Osei")
    _edit(team.bob, "start = 09:00:00", "start = 08:55:00")
    git(team.bob, "pull", "--no-rebase", "--no-edit", check=False)
    result = cli("check", team.bob)
    assert result.code == 1
    assert "unresolved merge conflict" in result.out and "schedule.toml" in result.out
