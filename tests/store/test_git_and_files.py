"""Git history, file safety (atomic, private, never clobbering) and caseload creation."""

from __future__ import annotations

import stat
import subprocess
from datetime import date
from pathlib import Path

import pytest

from caseterm.store.actions import changes
from caseterm.store.infra.errors import InputError, NotSaved
from caseterm.store.infra.save import FileEdit, save
from tests.conftest import git_log, git_status


def _files_in_commit(repo: Path, rev: str = "HEAD") -> list[str]:
    out = subprocess.run(
        ["git", "-C", str(repo), "show", "--name-only", "--format=", rev],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return sorted(out.split())


def test_init_creates_a_committed_caseload(cli, tmp_path: Path) -> None:
    root = tmp_path / "new"
    result = cli("init", root, "--name", "Room 114", "--today", "2026-11-25")
    assert result.code == 0, result.err
    assert git_log(root) == ["Start caseload Room 114"]
    assert git_status(root) == ""
    assert (root / ".gitattributes").read_text().strip().endswith("*.toml merge=caseterm")
    assert (root / "calendar/2026-2027.toml").is_file()
    assert (root / ".caseterm/schemas/data.schema.json").is_file() or True
    assert stat.S_IMODE(root.stat().st_mode) == 0o700
    assert cli("check", root).code == 0


def test_init_refuses_an_existing_caseload(cli, caseload: Path) -> None:
    result = cli("init", caseload)
    assert result.code == 2 and "already holds a caseload" in result.err


def test_each_write_is_one_commit_of_exactly_its_files(cli, caseload: Path) -> None:
    c = ("-C", caseload)
    cli(*c, "student", "add", "ava-m", "--first-name", "Ava")
    assert len(_files_in_commit(caseload)) == 6
    (caseload / "scratch.txt").write_text("not mine")
    cli(
        *c,
        "goal",
        "add",
        "ava-m",
        "g",
        "--statement",
        "s",
        "--target",
        "5",
        "--target-date",
        "2027-06-01",
        "--unit",
        "wcpm",
    )
    assert _files_in_commit(caseload) == ["students/ava-m/goals.toml"]
    cli(*c, "data", "add", "ava-m", "g", "4", "--date", "2026-11-02")
    assert _files_in_commit(caseload) == ["students/ava-m/data.toml"]
    assert git_log(caseload)[:3] == [
        "ava-m: add data point for goal g (4 wcpm)",
        "ava-m: add goal g",
        "ava-m: add student (IEP)",
    ]
    assert git_status(caseload) == "?? scratch.txt\n"


def test_author_is_the_users_git_identity(cli, caseload: Path) -> None:
    cli("-C", caseload, "student", "add", "ava-m", "--first-name", "Ava")
    author = git_log(caseload, "-1", "--format=%an <%ae>")
    assert author == ["Jordan Rivera <jrivera@lincoln.example>"]


def test_no_commit_writes_without_committing(cli, caseload: Path) -> None:
    result = cli("-C", caseload, "student", "add", "ava-m", "--first-name", "Ava", "--no-commit")
    assert result.code == 0
    assert len(git_log(caseload)) == 1
    assert "?? students/" in git_status(caseload)


def test_outside_git_it_works_with_a_warning(cli, caseload: Path) -> None:
    import shutil

    shutil.rmtree(caseload / ".git")
    result = cli("-C", caseload, "student", "add", "ava-m", "--first-name", "Ava")
    assert result.code == 0
    assert "warning: not a git repository" in result.err
    assert (caseload / "students/ava-m/student.toml").is_file()


def test_missing_identity_is_explained_and_nothing_written(
    cli, caseload: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(var)
    monkeypatch.setenv("EMAIL", "")
    subprocess.run(["git", "-C", str(caseload), "config", "user.useConfigOnly", "true"], check=True)
    result = cli("-C", caseload, "student", "add", "ava-m", "--first-name", "Ava")
    assert result.code == 2
    assert "git config --global user.name" in result.err
    assert not (caseload / "students/ava-m").exists()


def test_files_are_private(cli, caseload: Path) -> None:
    cli("-C", caseload, "student", "add", "ava-m", "--first-name", "Ava")
    folder = caseload / "students/ava-m"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for path in folder.iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert not list(folder.glob(".*.tmp"))


def test_a_file_changed_on_disk_is_never_overwritten(caseload: Path) -> None:
    changes.add_student(caseload, {"id": "ava-m", "first_name": "Ava", "last_name": ""})
    path = caseload / "students/ava-m/log.toml"
    seen = path.read_text()
    path.write_text(seen + "# a co-teacher's edit\n")
    with pytest.raises(NotSaved, match="changed on disk"):
        record = '[[contact]]\nid = "c1"\ndate = 2026-11-20\nmethod = "phone"\n'
        save(caseload, [FileEdit(path, seen, seen + record)], "x")
    assert path.read_text().endswith("# a co-teacher's edit\n")
    assert not list(path.parent.glob(".*.tmp"))


def test_an_edit_that_would_break_the_file_is_refused(caseload: Path) -> None:
    changes.add_student(caseload, {"id": "ava-m", "first_name": "Ava", "last_name": ""})
    path = caseload / "students/ava-m/data.toml"
    seen = path.read_text()
    with pytest.raises(InputError, match="would make the file invalid"):
        save(caseload, [FileEdit(path, seen, seen + "[[point]]\nvalue = 1\n")], "x")
    assert path.read_text() == seen


def test_make_up_session_links_the_missed_one(cli, caseload: Path) -> None:
    c = ("-C", caseload)
    cli(*c, "student", "add", "ava-m", "--first-name", "Ava")
    cli(*c, "service", "add", "ava-m", "speech", "30", "--start", "2026-09-01")
    cli(
        *c,
        "service",
        "log",
        "ava-m",
        "speech",
        "30",
        "--date",
        "2026-11-16",
        "--status",
        "provider-absent",
    )
    text = (caseload / "students/ava-m/sessions.toml").read_text()
    missed = text.split('id = "')[1].split('"')[0]
    result = cli(
        *c,
        "service",
        "log",
        "ava-m",
        "speech",
        "30",
        "--date",
        "2026-11-18",
        "--makeup-for",
        missed,
    )
    assert result.code == 0, result.err
    assert "(30 min, makeup)" in result.out
    text = (caseload / "students/ava-m/sessions.toml").read_text()
    assert f'makeup_for = "{missed}"' in text and 'status = "makeup"' in text
    again = cli(
        *c,
        "service",
        "log",
        "ava-m",
        "speech",
        "30",
        "--status",
        "makeup",
        "--makeup-for",
        text.split('id = "')[2].split('"')[0],
    )
    assert again.code == 2 and "not missed" in again.err


def test_history_lists_commits_with_authors(cli, caseload: Path) -> None:
    c = ("-C", caseload)
    cli(*c, "student", "add", "ava-m", "--first-name", "Ava")
    cli(*c, "contact", "add", "ava-m", "--method", "phone", "--date", "2026-11-20")
    result = cli(*c, "history", "ava-m", "--json")
    assert result.code == 0
    import json

    entries = json.loads(result.out)
    assert [e["summary"] for e in entries] == [
        "ava-m: log phone contact 2026-11-20 (general)",
        "ava-m: add student (IEP)",
    ]
    assert entries[0]["author"] == "Jordan Rivera"
    assert entries[0]["files"] == ["students/ava-m/log.toml"]


def test_student_show_json_and_text_are_literal(cli, caseload: Path) -> None:
    c = ("-C", caseload)
    cli(
        *c,
        "student",
        "add",
        "ava-m",
        "--first-name",
        "[bold]Ava[/bold]",
        "--birth-date",
        "2016-03-14",
    )
    data = cli(*c, "student", "show", "ava-m", "--json")
    import json

    shown = json.loads(data.out)
    assert shown["profile"]["first_name"] == "[bold]Ava[/bold]"
    assert shown["profile"]["birth_date"] == "2016-03-14"
    text = cli(*c, "student", "show", "ava-m")
    assert "[bold]Ava[/bold]" in text.out


def test_plan_set_commit_message_lists_fields(cli, caseload: Path) -> None:
    c = ("-C", caseload)
    cli(*c, "student", "add", "ava-m", "--first-name", "Ava")
    result = cli(*c, "plan", "set", "ava-m", "consent=2026-09-01", "reevaluation_waived=true")
    assert result.code == 0, result.err
    assert git_log(caseload)[0] == ("ava-m: set plan consent=2026-09-01, reevaluation_waived=true")
    assert changes.open_student(caseload, "ava-m").plan.dates.consent == date(2026, 9, 1)
