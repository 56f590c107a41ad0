"""``caseterm check``: silent when clean, file:line:col when not; broken files still load."""

from __future__ import annotations

from pathlib import Path

from caseterm.store.infra.load import load_caseload


def _student(cli, caseload: Path) -> Path:
    assert cli("-C", caseload, "student", "add", "ava-m", "--first-name", "Ava").code == 0
    assert cli("-C", caseload, "student", "add", "ben-t", "--first-name", "Ben").code == 0
    return caseload / "students/ava-m"


def test_clean_caseload_prints_nothing(cli, caseload: Path) -> None:
    _student(cli, caseload)
    result = cli("check", caseload)
    assert (result.code, result.out, result.err) == (0, "", "")


def test_syntax_error_is_reported_with_line_and_column(cli, caseload: Path) -> None:
    folder = _student(cli, caseload)
    (folder / "data.toml").write_text(
        '[[point]]\nid = "a"\ngoal = "x"\ndate = 2026-11-20\nvalue = \n'
    )
    result = cli("-C", caseload, "check")
    assert result.code == 1
    assert result.out.startswith(f"{caseload.as_posix()}/students/ava-m/data.toml:5:9: ")
    assert "invalid TOML" in result.out


def test_field_problems_point_at_their_line(cli, caseload: Path) -> None:
    folder = _student(cli, caseload)
    (folder / "sessions.toml").write_text(
        '[[session]]\nid = "s1"\nservice = "reading"\ndate = 2026-11-20\n'
        'minutes = -5\nstatus = "sick"\nmintues = 3\n'
    )
    result = cli("check", caseload)
    lines = result.out.splitlines()
    assert result.code == 1
    prefix = f"{caseload.as_posix()}/students/ava-m/sessions.toml"
    assert f"{prefix}:5:11: minutes: -5 is out of range; use 0 to 600 minutes" in lines
    assert any(
        line.startswith(f"{prefix}:6:") and "'sick' is not allowed" in line for line in lines
    )
    assert any(
        line.startswith(f"{prefix}:7:") and "unknown key 'mintues'" in line for line in lines
    )


def test_impossible_date_in_a_file(cli, caseload: Path) -> None:
    folder = _student(cli, caseload)
    plan = folder / "plan.toml"
    plan.write_text(plan.read_text().replace("[dates]\n", "[dates]\nconsent = 2026-02-30\n"))
    result = cli("-C", caseload, "check", "--json")
    assert result.code == 1
    assert '"file": "students/ava-m/plan.toml"' in result.out
    assert '"line": 3' in result.out


def test_cross_file_problems(cli, caseload: Path) -> None:
    folder = _student(cli, caseload)
    (folder / "data.toml").write_text(
        '[[point]]\nid = "p1"\ngoal = "spelling"\ndate = 2026-11-20\nvalue = 3\n'
    )
    result = cli("-C", caseload, "check")
    assert "students/ava-m/data.toml:3:8: goal 'spelling' is not one of" in result.out


def test_broken_student_still_loads_and_is_marked(cli, caseload: Path) -> None:
    folder = _student(cli, caseload)
    (folder / "goals.toml").write_text("[[goal]\n")
    loaded = load_caseload(caseload)
    ids = [s.id for s in loaded.caseload.students]
    assert ids == ["ava-m", "ben-t"]
    ava, ben = loaded.caseload.students
    assert ava.broken and not ben.broken
    assert loaded.problems_for("ava-m")[0].file == "students/ava-m/goals.toml"
    listing = cli("-C", caseload, "student", "list")
    assert "problems (caseterm check)" in listing.out


def test_invalid_folder_name_is_a_problem(cli, caseload: Path) -> None:
    _student(cli, caseload)
    (caseload / "students" / "Bad Name").mkdir()
    result = cli("-C", caseload, "check")
    assert "students/Bad Name:1:1: folder name is not a valid student id" in result.out


def test_write_refused_while_file_is_broken(cli, caseload: Path) -> None:
    folder = _student(cli, caseload)
    cli(
        "-C",
        caseload,
        "goal",
        "add",
        "ava-m",
        "g",
        "--statement",
        "s",
        "--target",
        "1",
        "--target-date",
        "2027-01-01",
    )
    (folder / "data.toml").write_text("[[point]\n")
    result = cli("-C", caseload, "data", "add", "ava-m", "g", "3")
    assert result.code == 2
    assert "students/ava-m/data.toml:1:" in result.err and "fix the file first" in result.err
    assert (folder / "data.toml").read_text() == "[[point]\n"
