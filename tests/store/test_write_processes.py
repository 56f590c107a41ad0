"""A change costs one git process: no ``git var``, no ``rev-parse``; the commit id printed
is the new HEAD, read from ``.git``."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from caseterm.store.actions import changes
from caseterm.store.infra.errors import InputError
from tests.conftest import TODAY


def head(root: Path) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


@pytest.fixture
def student(caseload: Path) -> Path:
    changes.add_student(caseload, {"id": "ava-m", "first_name": "Ava", "last_name": "M"})
    changes.add_prescription(
        caseload, "ava-m", {"service": "speech", "minutes": 30, "per": "week", "start": TODAY}
    )
    return caseload


@pytest.fixture
def git_calls(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    calls: list[list[str]] = []
    real = subprocess.run

    def run(args: Any, *rest: Any, **kwargs: Any) -> Any:
        if isinstance(args, list) and args and args[0] == "git":
            calls.append(list(args[3:]))
        return real(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "run", run)
    return calls


def test_service_log_is_one_git_commit_and_prints_the_new_head(
    cli, student: Path, git_calls: list[list[str]]
) -> None:
    result = cli("-C", student, "service", "log", "ava-m", "speech", "30", "--date", "2026-11-20")
    assert result.code == 0, result.err
    assert [c[0] for c in git_calls] == ["commit"]
    assert result.out.startswith(f"[{head(student)[:8]}] ava-m: log speech session")


def test_a_new_student_is_one_add_and_one_commit(
    caseload: Path, git_calls: list[list[str]]
) -> None:
    saved = changes.add_student(caseload, {"id": "noah-b", "first_name": "Noah", "last_name": "B"})
    assert [c[0] for c in git_calls] == ["add", "commit"]
    assert saved.commit == head(caseload)


def test_a_make_up_still_checks_the_missed_session(student: Path) -> None:
    missed = changes.log_session(
        student,
        "ava-m",
        {"service": "speech", "minutes": 30, "date": TODAY, "status": "student-absent"},
    )
    assert missed.commit
    with pytest.raises(InputError, match="no session 'nope'"):
        makeup = {"service": "speech", "minutes": 30, "date": TODAY, "makeup_for": "nope"}
        changes.log_session(student, "ava-m", makeup)
