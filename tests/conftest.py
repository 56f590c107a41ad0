"""Shared fixtures: private git identity, temporary caseloads, running the CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from caseterm.cli.main import main
from caseterm.store.actions.setup import init_caseload

TODAY = date(2026, 11, 25)
REPO_ROOT = Path(__file__).resolve().parent.parent
SAMPLE = REPO_ROOT / "sample_caseload"


@pytest.fixture(autouse=True)
def git_identity(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets its own HOME and git identity; the developer's config is never read."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Jordan Rivera")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "jrivera@lincoln.example")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Jordan Rivera")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "jrivera@lincoln.example")
    monkeypatch.delenv("CASETERM_CASELOAD", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "120")


@pytest.fixture
def caseload(tmp_path: Path) -> Path:
    """A fresh, empty caseload repository (school year 2026-27) with one commit."""
    root = tmp_path / "caseload"
    init_caseload(root, "Test caseload", TODAY)
    return root


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """The sample caseload copied to a temp folder and committed as a fresh repository."""
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "sample"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)
    return root


@dataclass
class Result:
    """What a CLI run printed and returned."""

    code: int
    out: str
    err: str


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Iterator[object]:
    """Run ``caseterm ARGS`` in-process: ``cli("-C", dir, "data", "add", ...)``."""

    def run(*args: object) -> Result:
        try:
            code = main([str(a) for a in args])
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    yield run


def run_process(*args: object, cwd: Path | None = None) -> Result:
    """Run the real ``python -m caseterm ARGS`` in a subprocess."""
    done = subprocess.run(
        [sys.executable, "-m", "caseterm", *(str(a) for a in args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=dict(os.environ),
        check=False,
    )
    return Result(done.returncode, done.stdout, done.stderr)


def git_log(repo: Path, *args: str) -> list[str]:
    """``git log --format=%s`` lines (newest first) of a test repository."""
    out = subprocess.run(
        ["git", "-C", str(repo), "log", "--format=%s", *args],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return out.splitlines()


def git_status(repo: Path) -> str:
    """``git status --porcelain`` of a test repository (empty when clean)."""
    return subprocess.run(
        ["git", "-C", str(repo), "status", "--porcelain"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
