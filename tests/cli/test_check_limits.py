"""``caseterm check`` reports what the CLI refuses: control characters, oversize text, lists
and files, plans that end before they start, negative counts."""

from __future__ import annotations

from pathlib import Path

import pytest

from caseterm.model.fields import MAX_FILE_BYTES
from caseterm.store.infra.load import load_caseload
from tests.cli.test_bad_input import _tree
from tests.conftest import git_log


@pytest.fixture
def ava(cli, caseload: Path) -> Path:
    c = ("-C", caseload)
    assert cli(*c, "student", "add", "ava-m", "--first-name", "Ava").code == 0
    args = ("--statement", "Read", "--target", "90", "--target-date", "2027-06-01")
    assert cli(*c, "goal", "add", "ava-m", "reading-fluency", *args, "--unit", "wcpm").code == 0
    assert cli(*c, "data", "add", "ava-m", "reading-fluency", "40", "--note", "cold").code == 0
    return caseload / "students/ava-m"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, text
    path.write_text(text.replace(old, new))


def _check(cli, folder: Path) -> list[str]:
    result = cli("-C", folder.parent.parent, "check")
    assert result.code == 1, result
    return list(result.out.splitlines())


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("data.toml", 'note = "cold"', 'note = "a\\u001b]52;c;aGk=\\u0007"', "U+001B"),
        ("data.toml", 'note = "cold"', 'note = "over\\rwrite"', "U+000D"),
        ("data.toml", 'note = "cold"', 'note = "x\\u009b31m"', "U+009B"),
        ("student.toml", 'first_name = "Ava"', 'first_name = "A\\nva"', "U+000A"),
        ("student.toml", 'first_name = "Ava"', 'first_name = "A\\tva"', "U+0009"),
        ("goals.toml", 'unit = "wcpm"', 'unit = "wc\\u0000pm"', "U+0000"),
    ],
)
def test_control_characters_in_hand_edited_text(
    cli, ava: Path, file: str, old: str, new: str, expected: str
) -> None:
    _edit(ava / file, old, new)
    lines = _check(cli, ava)
    assert any(f"ava-m/{file}:" in line and expected in line for line in lines), lines


def test_newlines_and_tabs_are_fine_in_a_note(cli, ava: Path) -> None:
    _edit(ava / "data.toml", 'note = "cold"', 'note = "line one\\n\\tline two"')
    result = cli("-C", ava.parent.parent, "check")
    assert (result.code, result.out) == (0, "")


def test_control_characters_in_a_key(cli, ava: Path) -> None:
    _edit(ava / "data.toml", 'note = "cold"', 'note = "cold"\n"k\\u001b]0;owned\\u0007" = 1')
    lines = _check(cli, ava)
    assert any("data.toml:" in line and "U+001B" in line for line in lines), lines


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("data.toml", 'note = "cold"', 'note = "' + "n" * 10_001 + '"', "keep it to 10000"),
        (
            "student.toml",
            'first_name = "Ava"',
            'first_name = "' + "A" * 201 + '"',
            "keep it to 200",
        ),
        (
            "plan.toml",
            "[plan]\n",
            "[plan]\naccommodations = [" + ", ".join(['"x"'] * 101) + "]\n",
            "101 items; keep it to 100",
        ),
        ("plan.toml", "[plan]\n", '[plan]\naccommodations = ["' + "x" * 201 + '"]\n', "to 200"),
    ],
)
def test_oversize_text_and_lists(
    cli, ava: Path, file: str, old: str, new: str, expected: str
) -> None:
    _edit(ava / file, old, new)
    lines = _check(cli, ava)
    assert any(f"ava-m/{file}:" in line and expected in line for line in lines), lines


def test_a_file_over_the_cap_is_not_parsed(cli, ava: Path) -> None:
    data = ava / "data.toml"
    pad = "# " + "x" * 1000 + "\n"
    data.write_text(data.read_text() + pad * (MAX_FILE_BYTES // len(pad) + 1))
    lines = _check(cli, ava)
    assert lines == [
        f"{ava.parent.parent.as_posix()}/students/ava-m/data.toml:1:1: file is 5.0 MB; caseterm "
        "reads files up to 5 MB, so it was not read (see what grew: git log -p)"
    ]
    loaded = load_caseload(ava.parent.parent)
    student = loaded.caseload.students[0]
    assert student.broken and student.points == ()


def test_plan_end_before_plan_start_is_a_problem(cli, ava: Path) -> None:
    _edit(
        ava / "plan.toml", "[dates]\n", "[dates]\nplan_start = 2026-09-16\nplan_end = 2026-09-01\n"
    )
    lines = _check(cli, ava)
    assert any(
        "plan.toml:4:" in line and "plan_end 2026-09-01 is not after plan_start 2026-09-16" in line
        for line in lines
    ), lines


def test_a_negative_count_is_a_problem(cli, ava: Path) -> None:
    _edit(ava / "data.toml", "value = 40", "value = -40")
    lines = _check(cli, ava)
    assert any(
        "data.toml:" in line and "-40 is below 0; a goal measured in 'wcpm'" in line
        for line in lines
    ), lines


def test_a_change_that_would_grow_a_file_past_the_cap_is_refused(cli, ava: Path) -> None:
    root = ava.parent.parent
    data = ava / "data.toml"
    text = data.read_text()
    data.write_text(text + "#" * (MAX_FILE_BYTES - len(text.encode()) - 10) + "\n")
    assert cli("-C", root, "data", "add", "ava-m", "reading-fluency", "41", "--no-commit").code == 2
    before_tree, before_log = _tree(root), git_log(root)
    result = cli("-C", root, "data", "add", "ava-m", "reading-fluency", "41")
    assert result.code == 2
    assert result.err.strip() == (
        "caseterm: students/ava-m/data.toml: the change would make the file 5.0 MB; "
        "caseterm reads files up to 5 MB"
    )
    assert (_tree(root), git_log(root)) == (before_tree, before_log)


def test_a_contact_for_an_unknown_period_is_a_problem(cli, ava: Path) -> None:
    root = ava.parent.parent
    assert (
        cli("-C", root, "contact", "add", "ava-m", "--method", "phone", "--period", "Q1").code == 0
    )
    _edit(ava / "log.toml", 'period = "Q1"', 'period = "NOPE"')
    lines = _check(cli, ava)
    assert any(
        "log.toml:" in line
        and "period 'NOPE' is not a reporting period in caseterm.toml (Q1, " in line
        for line in lines
    ), lines


def test_sub_records_have_a_cap(cli, ava: Path) -> None:
    phases = "".join(f"\n[[goal.phase]]\nstart = 2026-10-{1 + i % 28:02d}\n" for i in range(101))
    goals = ava / "goals.toml"
    goals.write_text(goals.read_text() + phases)
    lines = _check(cli, ava)
    assert any(
        "goals.toml:" in line and "phase: 101 tables; keep it to 100" in line for line in lines
    )
