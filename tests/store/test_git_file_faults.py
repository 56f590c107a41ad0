"""Git and file-system faults end in one clear line and leave nothing behind unnoticed."""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import rtoml

from tests.conftest import git_log, git_status, run_process
from tests.sharing import (
    Cli,
    data_add,
    ok,
    shared_caseload,
    student_with_goal_and_service,
)

DATA = "students/ava-m/data.toml"
ADD = ("data", "add", "ava-m", "rf", "51", "--date", "2026-11-16")


@pytest.fixture
def student(caseload: Path, cli: Cli) -> Path:
    student_with_goal_and_service(cli, caseload)
    return caseload


def _points(root: Path) -> list[int]:
    path = root / DATA
    return [p["value"] for p in rtoml.loads(path.read_text()).get("point", [])]


def _one_line(err: str) -> None:
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("caseterm: ")


def test_a_stale_index_lock_is_named_and_the_retry_commits_once(student: Path, cli: Cli) -> None:
    lock = student / ".git" / "index.lock"
    lock.write_text("")
    failed = cli("-C", student, *ADD)
    assert failed.code == 1
    _one_line(failed.err)
    assert f"rm {lock}" in failed.err
    assert _points(student) == [51], "the point is on disk"
    lock.unlink()
    again = ok(cli("-C", student, *ADD))
    assert "not added a second time" in again.err
    assert _points(student) == [51]
    assert git_log(student)[0].startswith("ava-m: add data point")
    assert git_status(student) == ""


def test_after_a_failed_commit_the_next_other_change_commits_it_first(
    student: Path, cli: Cli
) -> None:
    lock = student / ".git" / "index.lock"
    lock.write_text("")
    assert cli("-C", student, *ADD).code == 1
    lock.unlink()
    ok(cli("-C", student, "data", "add", "ava-m", "rf", "60", "--date", "2026-11-17"))
    assert _points(student) == [51, 60]
    assert [line.split(" (")[0] for line in git_log(student)[:2]] == [
        "ava-m: add data point for goal rf",
        "ava-m: add data point for goal rf",
    ]
    assert git_status(student) == ""


def test_a_read_only_caseload_is_one_line_and_exit_1(
    student: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_open = os.open

    def read_only(path: object, flags: int, *args: int, **kw: object) -> int:
        if flags & os.O_CREAT:
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", read_only)
    before = (student / DATA).read_bytes() if (student / DATA).exists() else None
    result = cli("-C", student, *ADD)
    assert result.code == 1
    _one_line(result.err)
    assert "read-only" in result.err
    after = (student / DATA).read_bytes() if (student / DATA).exists() else None
    assert after == before


def test_a_full_disk_is_one_line_exit_1_and_leaves_no_temp_file(
    student: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    result = cli("-C", student, *ADD)
    assert result.code == 1
    _one_line(result.err)
    assert "disk is full" in result.err
    folder = student / "students" / "ava-m"
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]


def test_stale_temp_files_of_killed_saves_are_removed_at_the_next_write(
    student: Path, cli: Cli
) -> None:
    folder = student / "students" / "ava-m"
    old = folder / ".data.toml.0123456789ab.tmp"
    fresh = folder / ".data.toml.ba9876543210.tmp"
    for path in (old, fresh):
        path.write_text("half a save")
    hour_ago = time.time() - 3600
    os.utime(old, (hour_ago, hour_ago))
    ok(cli("-C", student, *ADD))
    assert not old.exists()
    assert fresh.exists(), "a save in progress elsewhere is left alone"


@pytest.fixture
def fifo(tmp_path: Path) -> Iterator[tuple[Path, list[str]]]:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    received: list[str] = []

    def read() -> None:
        with path.open(encoding="utf-8") as handle:
            received.append(handle.read())

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    yield path, received
    reader.join(timeout=60)


def test_output_to_a_fifo_is_written_not_read(
    sample_copy: Path, cli: Cli, fifo: tuple[Path, list[str]]
) -> None:
    path, received = fifo
    ok(cli("-C", sample_copy, "export", "students", "-o", path))
    deadline = time.monotonic() + 60
    while not received and time.monotonic() < deadline:
        time.sleep(0.05)
    assert received and received[0].lstrip("\ufeff").startswith("id,")
    assert stat.S_ISFIFO(path.stat().st_mode)


def test_output_to_dev_stdout(sample_copy: Path) -> None:
    done = run_process("-C", sample_copy, "export", "students", "-o", "/dev/stdout")
    assert done.code == 0, done.err
    assert "amara-k" in done.out


def test_a_push_refused_by_a_server_hook_keeps_its_reason_and_is_retried(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = shared_caseload(tmp_path, cli, monkeypatch)
    tries = tmp_path / "tries"
    hook = team.remote / "hooks" / "pre-receive"
    hook.write_text(
        f"#!/bin/sh\necho x >> {tries}\necho 'Caseload frozen for the audit' >&2\nexit 1\n"
    )
    hook.chmod(0o755)
    data_add(cli, team.alice, 51, "2026-11-16")
    result = cli("-C", team.alice, "sync")
    assert result.code == 1
    _one_line(result.err)
    assert "Caseload frozen for the audit" in result.err
    assert "hook declined" in result.err
    assert len(tries.read_text().splitlines()) == 3


def test_a_remote_rejected_ref_update_is_a_rejection() -> None:
    from caseterm.store.actions.sync import _classify

    error = _classify(
        "push",
        "To /srv/caseload.git\n ! [remote rejected] HEAD -> main (failed to update ref)\n"
        "error: failed to push some refs to '/srv/caseload.git'\n",
    )
    assert error.kind == "rejected"
    assert "failed to update ref" in str(error)


def test_files_git_rewrites_during_sync_are_private_again(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = shared_caseload(tmp_path, cli, monkeypatch)
    data_add(cli, team.alice, 51, "2026-11-16")
    ok(cli("-C", team.alice, "student", "add", "ben-t", "--first-name", "Ben", "--last-name", "T"))
    ok(cli("-C", team.alice, "sync"))
    data_add(cli, team.bob, 61, "2026-11-17")
    previous = os.umask(0o022)
    try:
        ok(cli("-C", team.bob, "sync"))
    finally:
        os.umask(previous)
    for name in (DATA, "students/ben-t/student.toml"):
        assert stat.S_IMODE((team.bob / name).stat().st_mode) == 0o600, name
    assert stat.S_IMODE((team.bob / "students" / "ben-t").stat().st_mode) == 0o700


def test_exit_statuses_are_in_help(cli: Cli) -> None:
    out = cli("--help").out
    for line in ("exit status:", "  0 ", "  1 ", "  2 ", "  130 "):
        assert line in out


def test_files_a_plain_git_pull_wrote_are_private_after_the_next_sync(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = shared_caseload(tmp_path, cli, monkeypatch)
    data_add(cli, team.alice, 51, "2026-11-16")
    ok(cli("-C", team.alice, "sync"))
    previous = os.umask(0o022)
    try:
        pulled = subprocess.run(
            ["git", "-C", str(team.bob), "pull", "--quiet", "--no-rebase"],
            capture_output=True,
            check=False,
        )
    finally:
        os.umask(previous)
    assert pulled.returncode == 0
    assert stat.S_IMODE((team.bob / DATA).stat().st_mode) == 0o644
    ok(cli("-C", team.bob, "sync"))
    assert stat.S_IMODE((team.bob / DATA).stat().st_mode) == 0o600


def test_an_unexpected_error_is_one_line_not_a_traceback(
    student: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    from caseterm.store.actions import changes

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(changes, "add_data_point", broken)
    result = cli("-C", student, *ADD)
    assert result.code == 1
    _one_line(result.err)
    assert "internal error: RuntimeError: boom" in result.err


def test_a_failed_change_discarded_by_hand_is_added_again_by_the_retry(
    student: Path, cli: Cli
) -> None:
    lock = student / ".git" / "index.lock"
    lock.write_text("")
    assert cli("-C", student, *ADD).code == 1
    lock.unlink()
    subprocess.run(["git", "-C", str(student), "checkout", "--", DATA], check=True)
    again = ok(cli("-C", student, *ADD))
    assert "not added a second time" not in again.err
    assert _points(student) == [51]
    assert git_status(student) == ""
