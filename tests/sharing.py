"""Helpers for sharing tests: git in temp repositories, a bare remote with two clones."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from caseterm.store.actions.setup import init_caseload
from tests.conftest import TODAY, Result

Cli = Callable[..., Result]


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run git in a test repository (no editor ever opens)."""
    return subprocess.run(
        ["git", "-C", str(repo), "-c", "core.editor=true", *args],
        capture_output=True,
        text=True,
        check=check,
    )


def be(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    """Make the next commits by ``name`` (author and committer)."""
    email = f"{name.split()[0].lower()}@lincoln.example"
    for role in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{role}_NAME", name)
        monkeypatch.setenv(f"GIT_{role}_EMAIL", email)


def ok(result: Result) -> Result:
    assert result.code == 0, result.err + result.out
    return result


@dataclass
class Team:
    """A bare remote and two clones: the case manager's and a co-teacher's."""

    remote: Path
    alice: Path
    bob: Path


def student_with_goal_and_service(cli: Cli, root: Path, student: str = "ava-m") -> None:
    ok(cli("-C", root, "student", "add", student, "--first-name", "Ava", "--last-name", "M"))
    goal = ("rf", "--statement", "Read 90 wcpm", "--target", "90", "--target-date", "2027-06-01")
    ok(cli("-C", root, "goal", "add", student, *goal, "--unit", "wcpm"))
    ok(cli("-C", root, "service", "add", student, "reading", "120", "--start", "2026-09-01"))


def shared_caseload(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Team:
    """Alice creates a caseload with one student and pushes it; Bob clones it."""
    remote = tmp_path / "remote.git"
    subprocess.run(
        ["git", "init", "--quiet", "--bare", str(remote)], check=True, capture_output=True
    )
    alice, bob = tmp_path / "alice", tmp_path / "bob"
    be(monkeypatch, "Alice Rivera")
    init_caseload(alice, "Room 114", TODAY)
    student_with_goal_and_service(cli, alice)
    git(alice, "remote", "add", "origin", str(remote))
    ok(cli("-C", alice, "sync"))
    be(monkeypatch, "Bob Osei")
    ok(cli("clone", remote, bob))
    return Team(remote, alice, bob)


def data_add(cli: Cli, root: Path, value: int, day: str, student: str = "ava-m") -> Result:
    return ok(cli("-C", root, "data", "add", student, "rf", value, "--date", day))


def session_log(cli: Cli, root: Path, minutes: int, day: str, student: str = "ava-m") -> Result:
    return ok(cli("-C", root, "service", "log", student, "reading", minutes, "--date", day))
