"""Symbolic links in a shared caseload are never followed: not by clone, reads or writes."""

from __future__ import annotations

import shutil
import stat
from pathlib import Path

import pytest

from tests.sharing import Cli, git, ok, shared_caseload, student_with_goal_and_service


def test_clone_does_not_change_the_mode_of_a_linked_outside_file(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "bin-x"
    outside.write_text("#!/bin/sh\n")
    outside.chmod(0o755)
    team = shared_caseload(tmp_path, cli, monkeypatch)
    (team.alice / "notes.sh").symlink_to(outside)
    git(team.alice, "add", "notes.sh")
    git(team.alice, "commit", "--quiet", "-m", "link")
    git(team.alice, "push", "--quiet", "origin", "main")
    ok(cli("clone", team.remote, tmp_path / "carol"))
    assert (tmp_path / "carol" / "notes.sh").is_symlink()
    assert stat.S_IMODE(outside.stat().st_mode) == 0o755


@pytest.fixture
def linked_folder(caseload: Path, cli: Cli, tmp_path: Path) -> Path:
    """``students/evil`` is a link to a valid student folder outside the caseload."""
    student_with_goal_and_service(cli, caseload)
    outside = tmp_path / "outside"
    shutil.copytree(caseload / "students" / "ava-m", outside)
    (caseload / "students" / "evil").symlink_to(outside, target_is_directory=True)
    return outside


def _snapshot(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text() for p in sorted(folder.iterdir())}


def test_a_linked_student_folder_is_a_problem_and_never_written(
    caseload: Path, cli: Cli, linked_folder: Path
) -> None:
    before = _snapshot(linked_folder)
    checked = cli("-C", caseload, "check")
    assert checked.code == 1
    assert "students/evil" in checked.out
    assert "symbolic link" in checked.out
    added = cli("-C", caseload, "data", "add", "evil", "rf", "50", "--date", "2026-11-20")
    assert added.code == 2, added.err
    assert added.err.startswith("caseterm: ")
    assert "symbolic link" in added.err
    assert len(added.err.strip().splitlines()) == 1
    assert "Traceback" not in added.err
    assert _snapshot(linked_folder) == before


def test_a_linked_student_file_is_a_problem_and_never_written(
    caseload: Path, cli: Cli, tmp_path: Path
) -> None:
    student_with_goal_and_service(cli, caseload)
    data = caseload / "students" / "ava-m" / "data.toml"
    outside = tmp_path / "outside.toml"
    outside.write_text(data.read_text() if data.exists() else "")
    data.unlink(missing_ok=True)
    data.symlink_to(outside)
    before = outside.read_text()
    checked = cli("-C", caseload, "check")
    assert checked.code == 1
    assert "students/ava-m/data.toml" in checked.out
    assert "symbolic link" in checked.out
    added = cli("-C", caseload, "data", "add", "ava-m", "rf", "50", "--date", "2026-11-20")
    assert added.code == 2, added.err
    assert "symbolic link" in added.err
    assert outside.read_text() == before


def test_sync_refuses_a_linked_student_file_as_a_hand_edit(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = shared_caseload(tmp_path, cli, monkeypatch)
    data = team.bob / "students" / "ava-m" / "student.toml"
    secret = tmp_path / "secret.toml"
    secret.write_text(data.read_text())
    data.unlink()
    data.symlink_to(secret)
    result = cli("-C", team.bob, "sync")
    assert result.code == 1
    assert "symbolic link" in result.err
    assert "nothing was synced" in result.err
    assert git(team.bob, "status", "--porcelain").stdout.strip().startswith("T")


async def test_the_tui_does_not_open_a_linked_file_in_the_editor(
    caseload: Path, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.tui_support import make_app, settle

    student_with_goal_and_service(cli, caseload)
    data = caseload / "students" / "ava-m" / "log.toml"
    outside = tmp_path / "outside.toml"
    outside.write_text(data.read_text())
    data.unlink()
    data.symlink_to(outside)
    marker = tmp_path / "editor-ran"
    monkeypatch.setenv("VISUAL", f"touch {marker}")
    app = make_app(caseload)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        app.edit_file("ava-m", "log.toml")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
    assert not marker.exists()
    assert any("symbolic link" in m for m in messages)
    assert not any("another window" in m for m in messages)
