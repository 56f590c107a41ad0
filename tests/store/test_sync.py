"""``caseterm clone`` and ``caseterm sync`` against a bare remote in a temp folder."""

from __future__ import annotations

import json
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import rtoml

from caseterm.store.actions import sync as sync_module
from caseterm.store.actions.setup import init_caseload
from caseterm.store.actions.sync import SyncError, sync, sync_status
from tests.conftest import TODAY, git_log, git_status
from tests.sharing import (
    Cli,
    Team,
    be,
    data_add,
    git,
    ok,
    session_log,
    shared_caseload,
)

DATA = "students/ava-m/data.toml"
SESSIONS = "students/ava-m/sessions.toml"
PLAN = "students/ava-m/plan.toml"


@pytest.fixture
def team(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Team:
    return shared_caseload(tmp_path, cli, monkeypatch)


def records(root: Path, name: str, table: str) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = rtoml.loads((root / name).read_text()).get(table, [])
    return data


def remote_log(team: Team) -> list[str]:
    return git(team.remote, "log", "--format=%s", "main").stdout.splitlines()


def test_clone_checks_out_main_and_makes_files_private(team: Team) -> None:
    assert (team.bob / "students" / "ava-m" / "student.toml").is_file()
    assert git(team.bob, "branch", "--show-current").stdout == "main\n"
    assert (team.bob / PLAN).stat().st_mode & 0o777 == 0o600
    assert (team.bob / "students").stat().st_mode & 0o777 == 0o700


def test_two_co_teachers_adding_data_and_sessions_never_conflict(
    team: Team, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    be(monkeypatch, "Alice Rivera")
    data_add(cli, team.alice, 51, "2026-11-16")
    session_log(cli, team.alice, 30, "2026-11-16")
    be(monkeypatch, "Bob Osei")
    data_add(cli, team.bob, 61, "2026-11-16")
    session_log(cli, team.bob, 20, "2026-11-16")
    ok(cli("-C", team.bob, "plan", "set", "ava-m", "accommodations+=Breaks"))
    be(monkeypatch, "Alice Rivera")
    ok(cli("-C", team.alice, "plan", "set", "ava-m", "consent=2026-09-01"))
    assert ok(cli("-C", team.alice, "sync")).out == "Sent 3 commits to origin/main\n"
    be(monkeypatch, "Bob Osei")
    synced = ok(cli("-C", team.bob, "sync"))
    assert synced.out.splitlines()[0].startswith("Received 3 changes (merged [")
    assert synced.out.splitlines()[1] == "Sent 4 commits to origin/main"
    be(monkeypatch, "Alice Rivera")
    assert ok(cli("-C", team.alice, "sync")).out == "Received 3 changes\n"
    for root in (team.alice, team.bob):
        assert sorted(p["value"] for p in records(root, DATA, "point")) == [51, 61]
        assert sorted(s["minutes"] for s in records(root, SESSIONS, "session")) == [20, 30]
        plan = rtoml.loads((root / PLAN).read_text())
        assert plan["plan"]["accommodations"] == ["Breaks"]
        assert str(plan["dates"]["consent"]) == "2026-09-01"
        assert ok(cli("check", root)).out == ""
        assert cli("-C", root, "conflicts").out == "No conflicts\n"
    for name in (DATA, SESSIONS, PLAN):
        assert (team.alice / name).read_text() == (team.bob / name).read_text()
    assert git_log(team.bob)[0] == "Sync with origin: merge 3 changes by Alice Rivera"


def test_same_field_edits_stop_the_sync_with_one_conflict_then_resolve(
    team: Team, cli: Cli
) -> None:
    ok(cli("-C", team.alice, "plan", "set", "ava-m", "consent=2026-09-02"))
    ok(cli("-C", team.alice, "sync"))
    ok(cli("-C", team.bob, "plan", "set", "ava-m", "consent=2026-09-03"))
    stopped = cli("-C", team.bob, "sync")
    assert stopped.code == 1
    assert stopped.err.splitlines() == [
        f"caseterm: warning: {PLAN}: 1 conflict (dates.consent); both values are kept in the "
        "file: see caseterm conflicts",
        f"caseterm: sync stopped on conflicts in {PLAN}; nothing was sent: see caseterm "
        "conflicts, resolve each (caseterm resolve), then caseterm sync",
    ]
    assert remote_log(team)[0] == "ava-m: set plan consent=2026-09-02"
    busy = cli("-C", team.bob, "sync")
    assert busy.code == 1
    assert "a merge is in progress" in busy.err
    assert (
        len([c for c in cli("-C", team.bob, "conflicts").out.splitlines() if "resolve" in c]) == 1
    )
    ok(cli("-C", team.bob, "resolve", PLAN, "dates.consent", "--ours"))
    ok(cli("-C", team.bob, "sync"))
    ok(cli("-C", team.alice, "sync"))
    for root in (team.alice, team.bob):
        assert str(rtoml.loads((root / PLAN).read_text())["dates"]["consent"]) == "2026-09-03"


def test_no_remote_says_how_to_add_one(caseload: Path, cli: Cli) -> None:
    result = cli("-C", caseload, "sync")
    assert result.code == 1
    assert result.err == (
        "caseterm: sync: no remote to sync with: add one with git remote add origin URL "
        "(docs/sharing.md)\n"
    )


def test_offline_keeps_the_local_commit_and_says_so(caseload: Path, cli: Cli) -> None:
    git(caseload, "remote", "add", "origin", "http://127.0.0.1:9/caseload.git")
    ok(cli("-C", caseload, "student", "add", "ava-m", "--first-name", "Ava"))
    result = cli("-C", caseload, "sync")
    assert result.code == 1
    assert result.err.startswith("caseterm: sync: cannot reach the remote (")
    assert "your work is committed here, sync again later" in result.err
    assert len(result.err.splitlines()) == 1
    assert git_log(caseload)[0] == "ava-m: add student (IEP)"


@pytest.mark.parametrize(
    ("ssh_says", "expected"),
    [
        ("git@school.example: Permission denied (publickey).", "refused your credentials"),
        ("ssh: connect to host school.example port 22: Network is unreachable", "cannot reach"),
    ],
)
def test_ssh_failures_get_one_clear_line(
    caseload: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch, ssh_says: str, expected: str
) -> None:
    monkeypatch.setenv("GIT_SSH_COMMAND", f"sh -c 'echo \"{ssh_says}\" >&2; exit 255' --")
    git(caseload, "remote", "add", "origin", "ssh://git@school.example/room114.git")
    result = cli("-C", caseload, "sync")
    assert result.code == 1
    assert expected in result.err
    assert ssh_says.rstrip(".") in result.err
    assert len(result.err.splitlines()) == 1


def test_a_remote_address_with_no_repository(caseload: Path, cli: Cli, tmp_path: Path) -> None:
    git(caseload, "remote", "add", "origin", str(tmp_path / "missing.git"))
    result = cli("-C", caseload, "sync")
    assert result.code == 1
    assert "no repository at the remote's address" in result.err


def test_clone_of_a_bad_address_fails_with_one_line(cli: Cli, tmp_path: Path) -> None:
    result = cli("clone", tmp_path / "missing.git", tmp_path / "copy")
    assert result.code == 1
    assert result.err.startswith("caseterm: clone: no repository at the remote's address")


def test_a_rejected_push_is_retried_after_merging_again(
    team: Team, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_add(cli, team.alice, 51, "2026-11-16")
    data_add(cli, team.bob, 61, "2026-11-17")
    real = sync_module._network
    pushes: list[str] = []

    def racing(
        repo: Path | None, args: list[str], cwd: Path | None = None, interactive: bool = True
    ) -> str:
        if args[0] == "push" and repo == team.alice and not pushes:
            pushes.append("bob pushed first")
            sync(team.bob)
        if args[0] == "push":
            pushes.append(str(repo))
        return real(repo, args, cwd, interactive)

    monkeypatch.setattr(sync_module, "_network", racing)
    report = sync(team.alice)
    assert report.sent > 0
    assert pushes[0] == "bob pushed first"
    assert pushes.count(str(team.alice)) == 2, "rejected once, then pushed"
    git(team.bob, "pull", "--quiet", "--no-rebase")
    for root in (team.alice, team.bob):
        assert sorted(p["value"] for p in records(root, DATA, "point")) == [51, 61]


def test_pushes_rejected_every_time_stop_after_a_bounded_number(
    team: Team, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_add(cli, team.alice, 51, "2026-11-16")
    calls: list[str] = []

    def rejecting(
        repo: Path | None, args: list[str], cwd: Path | None = None, interactive: bool = True
    ) -> str:
        calls.append(args[0])
        if args[0] == "push":
            raise SyncError("rejected", "the remote refused the push: non-fast-forward")
        return ""

    monkeypatch.setattr(sync_module, "_network", rejecting)
    result = cli("-C", team.alice, "sync")
    assert result.code == 1
    assert "push was rejected 3 times" in result.err
    assert calls.count("push") == 3
    assert git_log(team.alice)[0].startswith("ava-m: add data point"), "local commit kept"


def test_valid_hand_edits_are_committed_and_sent(team: Team, cli: Cli) -> None:
    plan = team.alice / PLAN
    plan.write_text(plan.read_text().replace("[plan]\n", '[plan]\nnote = "typed by hand"\n'))
    new_student = team.alice / "students" / "ben-k"
    new_student.mkdir()
    (new_student / "student.toml").write_text('[student]\nfirst_name = "Ben"\n')
    (team.alice / "scratch.txt").write_text("not part of the caseload")
    synced = ok(cli("-C", team.alice, "sync"))
    assert "committed your hand edits" in synced.out
    assert remote_log(team)[0] == (
        f"Hand edits: {PLAN}, students/ben-k/student.toml (committed by caseterm sync)"
    )
    assert git_status(team.alice) == "?? scratch.txt\n"


def test_an_invalid_hand_edit_stops_the_sync_and_sends_nothing(team: Team, cli: Cli) -> None:
    plan = team.alice / PLAN
    broken = plan.read_text().replace("[dates]\n", "[dates]\nconsent = 2026-02-30\n")
    plan.write_text(broken)
    before = remote_log(team)
    result = cli("-C", team.alice, "sync")
    assert result.code == 1
    assert result.err.startswith(f"caseterm: sync: {PLAN}:")
    assert "invalid TOML: invalid date" in result.err
    assert result.err.endswith(
        "fix this hand edit (caseterm check) and sync again; nothing was synced\n"
    )
    assert remote_log(team) == before
    assert plan.read_text() == broken


def test_status_counts_commits_and_keeps_the_sync_time_out_of_the_work_tree(
    team: Team, cli: Cli
) -> None:
    moment = datetime(2026, 11, 25, 15, 30, tzinfo=UTC)
    sync(team.bob, now=moment)
    data_add(cli, team.alice, 51, "2026-11-16")
    ok(cli("-C", team.alice, "sync"))
    data_add(cli, team.bob, 61, "2026-11-17")
    data_add(cli, team.bob, 62, "2026-11-18")
    git(team.bob, "fetch", "--quiet")
    status = sync_status(team.bob)
    assert (status.upstream, status.ahead, status.behind) == ("origin/main", 2, 1)
    assert status.last_sync == moment
    assert (team.bob / ".git" / "caseterm" / "last-sync").is_file()
    assert git_status(team.bob) == ""
    shown = json.loads(ok(cli("-C", team.bob, "sync", "--status", "--json")).out)
    assert shown["ahead"] == 2
    assert shown["behind"] == 1
    assert shown["last_sync"] == "2026-11-25T15:30:00+00:00"


def test_first_sync_publishes_a_new_caseload_to_an_empty_remote(tmp_path: Path, cli: Cli) -> None:
    remote = tmp_path / "remote.git"
    subprocess.run(["git", "init", "-q", "--bare", str(remote)], check=True)
    root = tmp_path / "mine"
    init_caseload(root, "Room 9", TODAY)
    git(root, "remote", "add", "origin", str(remote))
    assert ok(cli("-C", root, "sync")).out == "Sent 1 commit to origin/main\n"
    assert git(root, "rev-parse", "--abbrev-ref", "main@{upstream}").stdout == "origin/main\n"
    assert ok(cli("-C", root, "sync")).out == "Up to date with origin/main\n"


def test_a_merge_that_breaks_a_cross_file_rule_is_reported_after_sync(team: Team, cli: Cli) -> None:
    plan = rtoml.loads((team.alice / PLAN).read_text())
    ok(cli("-C", team.alice, "remove", "ava-m", "service", plan["service"][0]["id"]))
    ok(cli("-C", team.alice, "sync"))
    session_log(cli, team.bob, 20, "2026-11-17")
    synced = cli("-C", team.bob, "sync")
    assert synced.code == 0
    assert synced.err.startswith(f"caseterm: warning: {SESSIONS}:")
    assert "service 'reading' is not prescribed in plan.toml" in synced.err
