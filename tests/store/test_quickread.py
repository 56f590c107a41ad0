"""A cold index build reads well-formed students a column at a time; its summaries equal
those of a full load, and any student with anything to report is read the detailed way,
so the problems (file, line, column, message) are a full load's."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from caseterm.store import caseload
from caseterm.store.infra import quickread, summary
from caseterm.store.infra.load import _load_student, _Reader, load_caseload, student_ids
from caseterm.store.infra.quickread import QuickReader
from tests.conftest import TODAY

STUDENT = "amara-k"


def full_summary(root: Path, student_id: str, periods: tuple[str, ...]) -> summary.Summary:
    reader = _Reader(root)
    student = _load_student(reader, student_id, periods)
    return summary.summarise(student, reader.problems, None)


def same(a: summary.Summary, b: summary.Summary) -> bool:
    """Equal in everything a view reads (the details compared unpickled)."""
    fields = ("id", "profile", "goal_count", "points", "sessions", "problems", "broken")
    return a.records() == b.records() and all(getattr(a, f) == getattr(b, f) for f in fields)


def test_every_sample_student_is_read_by_column_alike(sample_copy: Path) -> None:
    periods = caseload.open(sample_copy, TODAY).frame.periods
    quick = QuickReader(sample_copy, periods)
    ids = student_ids(sample_copy)
    assert len(ids) > 20
    for student_id in ids:
        found = quick.summary(student_id)
        assert found is not None, student_id
        assert same(found, full_summary(sample_copy, student_id, periods)), student_id
        assert found.key == summary.student_key(sample_copy, student_id) or found.key is None


def _append(name: str, text: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        path = folder / name
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return change


def _link(folder: Path) -> None:
    target = folder.parent / "elias-f" / "data.toml"
    (folder / "data.toml").unlink()
    (folder / "data.toml").symlink_to(target)


def _folder_link(folder: Path) -> None:
    moved = folder.parent.parent / "elsewhere"
    folder.rename(moved)
    folder.symlink_to(moved, target_is_directory=True)


def _folder_for_file(folder: Path) -> None:
    (folder / "data.toml").unlink()
    (folder / "data.toml").mkdir()


def _replace(name: str, old: str, new: str) -> Callable[[Path], None]:
    def change(folder: Path) -> None:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


CHANGES: dict[str, Callable[[Path], Any]] = {
    "a linked file": _link,
    "a linked folder": _folder_link,
    "a file too big": lambda f: (f / "log.toml").write_bytes(b"#" * (5 * 1024 * 1024 + 1)),
    "not UTF-8": lambda f: (f / "log.toml").write_bytes(b'[[contact]]\nid = "\xff"\n'),
    "not TOML": _append("goals.toml", "\n[[goal]\n"),
    "a conflict left": _append("plan.toml", '\n[[conflict]]\npath = "plan.lre"\n'),
    "no profile": lambda f: (f / "student.toml").unlink(),
    "a folder named like a file": _folder_for_file,
    "an unknown key in the plan": _append("plan.toml", '\n[transition]\ncolour = "red"\n'),
    "a session of no prescribed service": _append(
        "sessions.toml",
        '\n[[session]]\nid = "odd-one"\nservice = "juggling"\ndate = 2026-10-01\nminutes = 5\n',
    ),
    "a point of no goal": _append(
        "data.toml",
        '\n[[point]]\nid = "odd-one"\ngoal = "juggling"\ndate = 2026-10-01\nvalue = 1\n',
    ),
    "a contact in no period": _append(
        "log.toml", '\n[[contact]]\nid = "odd-one"\ndate = 2026-10-01\nperiod = "Q9"\n'
    ),
    "a bad date in data": _replace("data.toml", "date = 20", "date = 18"),
    "a session's minutes as text": _replace("sessions.toml", "minutes = ", 'minutes = "1"\nx = '),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_student_with_a_problem_is_read_the_detailed_way(sample_copy: Path, change: str) -> None:
    folder = sample_copy / "students" / STUDENT
    CHANGES[change](folder)
    repo = caseload.open(sample_copy, TODAY, index=False)
    assert QuickReader(sample_copy, repo.frame.periods).summary(STUDENT) is None
    full = load_caseload(sample_copy, TODAY)
    assert repo.problems == full.problems
    assert any(p.student == STUDENT for p in full.problems), change
    broken = {s.id for s in full.caseload.students if s.broken}
    assert {s.id for s in repo.summaries.values() if s.broken} == broken


def test_a_caseload_whose_students_folder_is_a_link_is_read_the_detailed_way(
    sample_copy: Path, tmp_path: Path
) -> None:
    moved = tmp_path / "students-elsewhere"
    shutil.move(sample_copy / "students", moved)
    (sample_copy / "students").symlink_to(moved, target_is_directory=True)
    repo = caseload.open(sample_copy, TODAY, index=False)
    assert QuickReader(sample_copy, repo.frame.periods).summary(STUDENT) is None
    assert repo.problems == load_caseload(sample_copy, TODAY).problems


def test_goals_and_plan_are_read_before_the_points_and_sessions_naming_them() -> None:
    names = [name for name, _decode in quickread._FILES]
    assert names.index("goals.toml") < names.index("data.toml")
    assert names.index("plan.toml") < names.index("sessions.toml")
