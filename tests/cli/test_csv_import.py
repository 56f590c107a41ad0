"""``caseterm import``: spreadsheets in, every bad row named, nothing half-written."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path
from typing import Any

import pytest
from msgspec.structs import replace

from caseterm.model.records import NO_SOURCE, Student
from caseterm.store.actions import changes
from caseterm.store.actions.imports import POINTS, ImportProblems, import_rows
from caseterm.store.actions.setup import init_caseload
from caseterm.store.infra.load import load_caseload
from tests.conftest import TODAY, git_log
from tests.workproducts import HOSTILE_NAME, build


@pytest.fixture
def built(caseload: Path) -> Path:
    return build(caseload)


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    root = tmp_path / "fresh"
    init_caseload(root, "Fresh", TODAY)
    return root


def _tree(root: Path) -> dict[str, str]:
    """Every file of the caseload (git's own included) by content hash."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _same_plans(source: Path, target: Path) -> None:
    """Give the target's students the source's goals and services (CSV carries neither)."""
    for student in load_caseload(source).caseload.students:
        for g in student.goals:
            keys = ("id", "statement", "target", "target_date", "area", "measure", "unit",
                    "baseline", "start_date", "direction", "aggregate", "mastery")  # fmt: skip
            changes.add_goal(target, student.id, {k: getattr(g, k) for k in keys})
        for p in student.plan.services:
            fields = ("service", "minutes", "per", "start", "end", "name")
            changes.add_prescription(target, student.id, {k: getattr(p, k) for k in fields})


def _records(student: Student) -> tuple[Any, ...]:
    return (
        replace(student.profile, source=NO_SOURCE),
        [replace(p, source=NO_SOURCE) for p in student.points],
        [replace(s, source=NO_SOURCE) for s in student.sessions],
    )


def test_round_trip_through_csv_gives_the_same_records(
    built: Path, fresh: Path, cli: Any, tmp_path: Path
) -> None:
    files = {kind: tmp_path / f"{kind}.csv" for kind in ("students", "points", "sessions")}
    for kind, path in files.items():
        assert cli("-C", built, "export", kind, "-o", path).code == 0
    result = cli("-C", fresh, "import", "students", files["students"])
    assert result.code == 0, result.err
    assert "Import 3 students from students.csv" in result.out
    _same_plans(built, fresh)
    commits = len(git_log(fresh))
    for kind in ("points", "sessions"):
        result = cli("-C", fresh, "import", kind, files[kind])
        assert result.code == 0, result.err
    assert len(git_log(fresh)) == commits + 2
    assert git_log(fresh)[1] == "Import 20 data points for 2 students from points.csv"
    assert git_log(fresh)[0] == "Import 4 sessions for 1 student from sessions.csv"

    before = load_caseload(built).caseload
    after = load_caseload(fresh).caseload
    assert not load_caseload(fresh).problems
    assert [s.id for s in after.students] == [s.id for s in before.students]
    for old, new in zip(before.students, after.students, strict=True):
        assert _records(new) == _records(old)
    assert after.student("zoe-q").profile.first_name == HOSTILE_NAME  # type: ignore[union-attr]

    again = cli("-C", fresh, "import", "points", files["points"])
    assert again.code == 0
    assert "every row" in again.out and "already in the caseload" in again.out
    assert len(git_log(fresh)) == commits + 2


def test_bad_rows_are_named_and_nothing_changes(built: Path, cli: Any, tmp_path: Path) -> None:
    bad = tmp_path / "points.csv"
    bad.write_text(
        "student,goal,date,value,note\n"
        "ava-m,reading-fluency,2026-11-20,58,fine\n"
        "ava-m,reading-fluency,2026-02-30,58,\n"
        "ava-m,spelling,2026-11-20,58,\n"
        "ava-m,reading-fluency,2026-11-20,lots,\n"
        "nobody,reading-fluency,2026-11-20,3,\n"
        "Bad/Id,reading-fluency,2026-11-20,3,\n",
        encoding="utf-8",
    )
    tree, log = _tree(built), git_log(built)
    result = cli("-C", built, "import", "points", bad)
    assert result.code == 2
    lines = result.err.splitlines()
    assert lines[:5] == [
        f"{bad}:3: date: '2026-02-30' is not a real date; use YYYY-MM-DD, e.g. 2026-11-25",
        f"{bad}:4: goal: 'spelling' is not a goal of ava-m; use one of reading-fluency, math-facts",
        f"{bad}:5: value: 'lots' is not a number; use digits with an optional sign and "
        "decimal point, e.g. 52 or 87.5, from -1000000000 to 1000000000",
        f"{bad}:6: student: no student 'nobody' in this caseload; import the roster first "
        "(caseterm import students) or see caseterm student list",
        f"{bad}:7: student: 'Bad/Id' is not a valid id; use lowercase letters, digits and '-', "
        "starting with a letter or digit (e.g. ava-m)",
    ]
    assert lines[-1] == f"caseterm: 5 problems in {bad}; nothing was imported"
    assert _tree(built) == tree and git_log(built) == log


def test_headers_are_checked(built: Path, cli: Any, tmp_path: Path) -> None:
    bad = tmp_path / "sessions.csv"
    bad.write_text("Student,Service,Date,Minuets\nava-m,reading,2026-11-20,30\n", encoding="utf-8")
    result = cli("-C", built, "import", "sessions", bad)
    assert result.code == 2
    assert f"{bad}:1: unknown column 'minuets'; the columns are student, service" in result.err
    assert f"{bad}:1: missing column 'minutes'; required: student, service, date, minutes" in (
        result.err
    )


def test_sessions_import_checks_services_and_makeups(built: Path, cli: Any, tmp_path: Path) -> None:
    student = load_caseload(built).caseload.student("ava-m")
    assert student is not None
    delivered = next(s.id for s in student.sessions if s.status == "delivered")
    missed = next(s.id for s in student.sessions if s.status == "provider-absent")
    good = tmp_path / "good.csv"
    good.write_text(
        "student;service;date;minutes;status;makeup_for;group;note\n"
        f"ava-m;reading;2026-11-23;30;;{missed};yes;'=made up\n"
        "ava-m;reading;2026-11-24;25;delivered;;;\n",
        encoding="utf-8-sig",
    )
    dry = cli("-C", built, "import", "sessions", good, "--dry-run")
    assert dry.code == 0, dry.err
    assert "Would add 2 sessions for 1 student (dry run: nothing written)" in dry.out
    tree = _tree(built)
    assert cli("-C", built, "import", "sessions", good).code == 0
    assert _tree(built) != tree
    ava = load_caseload(built).caseload.student("ava-m")
    assert ava is not None
    makeup = next(s for s in ava.sessions if s.status == "makeup")
    assert (makeup.makeup_for, makeup.group, makeup.note) == (missed, True, "=made up")

    bad = tmp_path / "bad.csv"
    bad.write_text(
        "student,service,date,minutes,status,makeup_for\n"
        f"ava-m,reading,2026-11-23,30,makeup,{delivered}\n"
        "ava-m,speech,2026-11-23,30,,\n"
        "ava-m,reading,2026-11-23,900,,\n",
        encoding="utf-8",
    )
    result = cli("-C", built, "import", "sessions", bad)
    assert result.code == 2
    assert f"{bad}:2: makeup_for: session '{delivered}' was delivered, not missed" in result.err
    assert f"{bad}:3: service: 'speech' is not prescribed for ava-m; use one of reading" in (
        result.err
    )
    assert f"{bad}:4: minutes: 900 is out of range; use 0 to 600 minutes" in result.err


def test_students_import_reports_clashes(built: Path, cli: Any, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "id,first_name,last_name,grade,plan_type,disabilities\n"
        "new-one,Nia,Okafor,3,IEP,SLD;OHI\n"
        "ava-m,Ava,Again,4,IEP,\n"
        "new-one,Nia,Twice,3,IEP,\n"
        "new-two,Tom,,13,IEP,XYZ\n",
        encoding="utf-8",
    )
    result = cli("-C", built, "import", "students", roster)
    assert result.code == 2
    err = result.err
    assert f"{roster}:3: id: student 'ava-m' is already in the caseload" in err
    assert f"{roster}:4: id: 'new-one' is also on row 2" in err
    assert f"{roster}:5: grade: '13' is not allowed; use one of IT, PK, K, 1," in err
    assert f"{roster}:5: disabilities: 'XYZ' is not allowed; use EDFacts codes separated" in err
    assert not (built / "students" / "new-one").exists()


def test_store_function_reports_progress_and_raises_all_problems(
    built: Path, tmp_path: Path
) -> None:
    rows = "".join(f"ava-m,math-facts,2026-11-{d:02d},{d},\n" for d in range(1, 29))
    path = tmp_path / "many.csv"
    path.write_text("student,goal,date,value,note\n" + rows, encoding="utf-8")
    seen: list[tuple[int, int]] = []
    done = import_rows(built, path, POINTS, progress=lambda n, total: seen.append((n, total)))
    assert done.added == 28 and done.by_student == {"ava-m": 28}
    assert seen[-1] == (28, 28)
    path.write_text("student,goal,date,value,note\n" + rows.replace("2026-11", "2026-13"))
    with pytest.raises(ImportProblems) as caught:
        import_rows(built, path, POINTS)
    assert len(caught.value.problems) == 28


def test_one_commit_for_the_whole_import(built: Path, cli: Any, tmp_path: Path) -> None:
    path = tmp_path / "points.csv"
    path.write_text(
        "student,goal,date,value\n"
        "ava-m,math-facts,2026-11-20,25\n"
        "zoe-q,speech,2026-11-20,45\n"
        "ava-m,reading-fluency,2026-11-20,58\n",
        encoding="utf-8",
    )
    before = len(git_log(built))
    result = cli("-C", built, "import", "points", path)
    assert result.code == 0, result.err
    assert len(git_log(built)) == before + 1
    changed = subprocess.run(
        ["git", "-C", str(built), "show", "--name-only", "--format="],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert changed == ["students/ava-m/data.toml", "students/zoe-q/data.toml"]


def test_each_student_is_loaded_once_and_us_dates_are_read(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from caseterm.store.infra.load import load_student as real

    calls: list[str] = []

    def counting(root: Path, student_id: str) -> Any:
        calls.append(student_id)
        return real(root, student_id)

    monkeypatch.setattr("caseterm.store.actions.imports.load_student", counting)
    rows = "".join(f"ava-m,math-facts,11/{d}/2026,{d}\nzoe-q,speech,11/{d}/2026,{d}\n" for d in
                   range(1, 21))  # fmt: skip
    path = tmp_path / "us.csv"
    path.write_text("student,goal,date,value\n" + rows, encoding="utf-8")
    done = import_rows(built, path, POINTS, dry_run=True)
    assert done.by_student == {"ava-m": 20, "zoe-q": 20}
    assert sorted(calls) == ["ava-m", "zoe-q"]
    path.write_text("student,goal,date,value\nava-m,math-facts,2/30/2026,3\n", encoding="utf-8")
    with pytest.raises(ImportProblems, match=r"us.csv:2: date: '2/30/2026' is not a real date"):
        import_rows(built, path, POINTS)
