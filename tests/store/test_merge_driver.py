"""The merge driver under real git: merge, pull --rebase, cherry-pick, and its fallbacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import rtoml

from caseterm.store.infra import driver
from tests.conftest import run_process
from tests.sharing import Cli, Team, data_add, git, ok, session_log, shared_caseload

DATA = "students/ava-m/data.toml"
SESSIONS = "students/ava-m/sessions.toml"
PLAN = "students/ava-m/plan.toml"


@pytest.fixture
def team(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Team:
    return shared_caseload(tmp_path, cli, monkeypatch)


def values(root: Path) -> list[int]:
    return sorted(p["value"] for p in rtoml.loads((root / DATA).read_text())["point"])


def minutes(root: Path) -> list[int]:
    return sorted(s["minutes"] for s in rtoml.loads((root / SESSIONS).read_text())["session"])


def test_init_and_clone_install_the_driver_with_this_python(team: Team) -> None:
    for clone in (team.alice, team.bob):
        config = (clone / ".git" / "config").read_text()
        assert '[merge "caseterm"]' in config
        assert f"{sys.executable} -I -m caseterm merge-driver %O %A %B %P" in config
        assert "*.toml merge=caseterm" in (clone / ".gitattributes").read_text()


def test_any_command_installs_the_driver_in_a_plain_git_clone(
    team: Team, tmp_path: Path, cli: Cli
) -> None:
    plain = tmp_path / "plain"
    subprocess.run(["git", "clone", "-q", "-b", "main", str(team.remote), str(plain)], check=True)
    assert "merge-driver" not in (plain / ".git" / "config").read_text()
    ok(cli("-C", plain, "student", "list"))
    assert driver.is_installed(plain)
    assert "merge-driver" in git(plain, "config", "merge.caseterm.driver").stdout


def _concurrent_appends(team: Team, cli: Cli) -> None:
    data_add(cli, team.alice, 51, "2026-11-16")
    session_log(cli, team.alice, 30, "2026-11-16")
    ok(cli("-C", team.alice, "sync"))
    data_add(cli, team.bob, 61, "2026-11-17")
    session_log(cli, team.bob, 20, "2026-11-17")


def test_git_merge_keeps_both_sides_records(team: Team, cli: Cli) -> None:
    _concurrent_appends(team, cli)
    pulled = git(team.bob, "pull", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode == 0, pulled.stderr
    assert values(team.bob) == [51, 61]
    assert minutes(team.bob) == [20, 30]
    assert ok(cli("check", team.bob)).out == ""


def test_git_pull_rebase_keeps_both_sides_records(team: Team, cli: Cli) -> None:
    _concurrent_appends(team, cli)
    pulled = git(team.bob, "pull", "--rebase", check=False)
    assert pulled.returncode == 0, pulled.stderr
    assert values(team.bob) == [51, 61]
    assert minutes(team.bob) == [20, 30]
    log = git(team.bob, "log", "--format=%p", "-n", "3").stdout.split("\n")
    assert all(len(parents.split()) == 1 for parents in log if parents), "history is linear"
    assert ok(cli("check", team.bob)).out == ""


def test_git_cherry_pick_applies_one_commit_next_to_local_records(team: Team, cli: Cli) -> None:
    _concurrent_appends(team, cli)
    git(team.bob, "fetch", "--quiet")
    alices_point = git(team.bob, "log", "--format=%H", "-n", "1", "origin/main", "--", DATA)
    picked = git(team.bob, "cherry-pick", alices_point.stdout.strip(), check=False)
    assert picked.returncode == 0, picked.stderr
    assert values(team.bob) == [51, 61]
    assert minutes(team.bob) == [20]
    assert ok(cli("check", team.bob)).out == ""


def test_one_field_changed_two_ways_is_a_reported_conflict(team: Team, cli: Cli) -> None:
    ok(cli("-C", team.alice, "plan", "set", "ava-m", "consent=2026-09-02", "lre=RC80"))
    ok(cli("-C", team.alice, "sync"))
    ok(cli("-C", team.bob, "plan", "set", "ava-m", "consent=2026-09-03"))
    pulled = git(team.bob, "pull", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode != 0
    assert "dates.consent" in pulled.stderr
    assert "CONFLICT" in pulled.stdout
    assert git(team.bob, "status", "--porcelain").stdout == f"UU {PLAN}\n"
    plan = rtoml.loads((team.bob / PLAN).read_text())
    assert plan["plan"]["lre"] == "RC80", "the other field was merged"
    assert str(plan["dates"]["consent"]) == "2026-09-03", "ours stays in place"
    assert [(c["path"], str(c["ours"]), str(c["theirs"])) for c in plan["conflict"]] == [
        ("dates.consent", "2026-09-03", "2026-09-02")
    ]
    check = cli("check", team.bob)
    assert check.code == 1
    assert "unresolved merge conflict at dates.consent: ours 2026-09-03, theirs 2026-09-02" in (
        check.out
    )


def test_an_invalid_side_falls_back_to_git_markers_and_a_clear_check(team: Team, cli: Cli) -> None:
    data_add(cli, team.alice, 51, "2026-11-16")
    ok(cli("-C", team.alice, "sync"))
    broken = team.bob / DATA
    broken.write_text(broken.read_text() + "\n[[point]\nvalue = 1\n")
    git(team.bob, "commit", "--quiet", "-am", "hand edit gone wrong")
    pulled = git(team.bob, "pull", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode != 0
    assert "could not merge record by record: ours is not valid TOML" in pulled.stderr
    text = broken.read_text()
    assert "<<<<<<< ours" in text
    assert "value = 51" in text, "theirs is still in the file, between markers"
    check = cli("check", team.bob)
    marker_line = text.splitlines().index("<<<<<<< ours") + 1
    assert f"{DATA}:{marker_line}:1: git conflict marker '<<<<<<<' left by a line merge" in (
        check.out
    )
    listed = cli("-C", team.bob, "conflicts")
    assert f"{DATA}:{marker_line}: git's conflict markers" in listed.out


def test_without_the_driver_a_line_merge_leaves_markers_that_check_names(
    team: Team, cli: Cli
) -> None:
    data_add(cli, team.alice, 51, "2026-11-16")
    ok(cli("-C", team.alice, "sync"))
    data_add(cli, team.bob, 61, "2026-11-17")
    git(team.bob, "config", "--remove-section", "merge.caseterm")
    pulled = git(team.bob, "pull", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode != 0, "a plain line merge of two appends conflicts"
    check = run_process("check", team.bob)
    assert check.code == 1
    assert "git conflict marker '<<<<<<<'" in check.out
    assert "invalid TOML" not in check.out


def test_check_reports_duplicate_ids_left_by_a_union_merge(team: Team, cli: Cli) -> None:
    data_add(cli, team.bob, 61, "2026-11-17")
    path = team.bob / DATA
    text = path.read_text()
    path.write_text(text + "\n" + text[text.index("[[point]]") :])
    check = cli("check", team.bob)
    assert check.code == 1
    assert "duplicate id" in check.out


def test_the_driver_process_imports_no_cli_or_ui(tmp_path: Path) -> None:
    files = []
    for name, text in (("o", "a = 1\n"), ("a", "a = 1\nb = 2\n"), ("b", "a = 1\nc = 3\n")):
        files.append(tmp_path / name)
        files[-1].write_text(text)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "caseterm", "merge-driver", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert files[1].read_text() == "a = 1\nb = 2\nc = 3\n"
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines()}
    assert "caseterm.store.infra.driver" in imported
    for heavy in ("caseterm.cli.main", "caseterm.model.records", "textual", "rich", "argparse"):
        assert heavy not in imported


def test_driver_exit_status_and_message_on_a_conflict(tmp_path: Path) -> None:
    base, ours, theirs = (tmp_path / n for n in ("o", "a", "b"))
    base.write_text("[dates]\nconsent = 2026-09-01\n")
    ours.write_text("[dates]\nconsent = 2026-09-02\n")
    theirs.write_text("[dates]\nconsent = 2026-09-03\n")
    done = run_process("merge-driver", base, ours, theirs, "students/x/plan.toml")
    assert done.code == 1
    assert done.err == (
        "caseterm: students/x/plan.toml: 1 conflict (dates.consent); both values are kept "
        "in the file: see caseterm conflicts\n"
    )
    assert rtoml.loads(ours.read_text())["conflict"][0]["theirs"].isoformat() == "2026-09-03"
