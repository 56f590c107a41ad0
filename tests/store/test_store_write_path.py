"""The write path kept lean: validation, atomic writes, one git commit per change."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from caseterm.store.infra import git
from caseterm.store.infra.atomic import write_atomic
from caseterm.store.infra.errors import InputError
from caseterm.store.infra.ids import new_id
from caseterm.store.infra.save import FileEdit, validate_edit
from tests.conftest import git_log, git_status

POINT = '[[point]]\nid = "{id}"\ngoal = "fluency"\ndate = 2026-11-20\nvalue = {value}\n'


def _data_file(caseload: Path) -> Path:
    folder = caseload / "students/ava-m"
    folder.mkdir(parents=True)
    return folder / "data.toml"


def _head(repo: Path) -> str:
    return git.run(repo, "rev-parse", "HEAD").strip()


def test_a_clean_append_is_accepted(caseload: Path) -> None:
    path = _data_file(caseload)
    before = POINT.format(id="a1", value=50)
    validate_edit(caseload, FileEdit(path, before, before + "\n" + POINT.format(id="a2", value=52)))


def test_an_edit_that_adds_a_problem_is_refused(caseload: Path) -> None:
    path = _data_file(caseload)
    before = POINT.format(id="a1", value=50)
    after = before + "\n" + POINT.format(id="a1", value='"52"')
    with pytest.raises(InputError, match="would make the file invalid"):
        validate_edit(caseload, FileEdit(path, before, after))


def test_an_edit_that_keeps_an_old_problem_is_accepted(caseload: Path) -> None:
    path = _data_file(caseload)
    before = POINT.format(id="a1", value=50) + 'mood = "typo key"\n'
    validate_edit(caseload, FileEdit(path, before, before + "\n" + POINT.format(id="a2", value=5)))


def test_an_edit_of_a_broken_file_says_fix_it_first(caseload: Path) -> None:
    path = _data_file(caseload)
    before = "[[point]\nvalue = \n"
    with pytest.raises(InputError, match="fix the file first"):
        validate_edit(caseload, FileEdit(path, before, before + POINT.format(id="a2", value=5)))


def test_a_new_file_is_validated_against_an_empty_one(caseload: Path) -> None:
    path = _data_file(caseload)
    validate_edit(caseload, FileEdit(path, None, POINT.format(id="a1", value=5)))
    with pytest.raises(InputError, match="would make the file invalid"):
        validate_edit(caseload, FileEdit(path, None, "[[point]]\nvalue = 5\n"))


def test_commit_of_a_tracked_file_returns_the_new_head(caseload: Path) -> None:
    path = caseload / "caseterm.toml"
    path.write_text(path.read_text() + "\n# a note\n")
    sha = git.commit(caseload, [path], "edit settings")
    assert len(sha) == 40
    assert sha == _head(caseload)
    assert git_log(caseload)[0] == "edit settings"
    assert git_status(caseload) == ""


def test_commit_adds_new_files_and_records_removals(caseload: Path) -> None:
    new = caseload / "students/ava-m/data.toml"
    new.parent.mkdir(parents=True)
    new.write_text(POINT.format(id="a1", value=5))
    old = next((caseload / "calendar").glob("*.toml"))
    old.unlink()
    sha = git.commit(caseload, [new, old], "add and remove")
    assert sha == _head(caseload)
    files = git.run(caseload, "show", "--name-status", "--format=", "HEAD").split("\n")
    assert sorted(f for f in files if f) == sorted(
        ["A\tstudents/ava-m/data.toml", f"D\tcalendar/{old.name}"]
    )
    assert git_status(caseload) == ""


def test_commit_leaves_other_staged_changes_out(caseload: Path) -> None:
    other = caseload / ".gitignore"
    other.write_text(other.read_text() + "scratch/\n")
    git.run(caseload, "add", ".gitignore")
    path = caseload / "caseterm.toml"
    path.write_text(path.read_text() + "\n# a note\n")
    git.commit(caseload, [path], "only settings")
    assert git.run(caseload, "show", "--name-only", "--format=", "HEAD").split() == [
        "caseterm.toml"
    ]
    assert git_status(caseload) == "M  .gitignore\n"


def test_commit_failure_is_a_git_error(caseload: Path) -> None:
    with pytest.raises(git.GitError):
        git.commit(caseload, [caseload / "caseterm.toml"], "nothing changed")


def test_atomic_write_is_private_and_leaves_no_temp_file(tmp_path: Path) -> None:
    path = tmp_path / "data.toml"
    write_atomic(path, "a = 1\n", None)
    write_atomic(path, "a = 2\n", "a = 1\n")
    assert path.read_text() == "a = 2\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["data.toml"]


def test_ids_are_16_characters_and_sort_by_time() -> None:
    first, second = new_id(1_700_000_000_000), new_id(1_700_000_000_001)
    assert len(first) == len(second) == 16
    assert first[:10] < second[:10]
    assert len({new_id() for _ in range(200)}) == 200
