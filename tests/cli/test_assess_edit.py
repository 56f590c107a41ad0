"""``caseterm assess edit``: an assessment or one of its scores corrected in place, scores
added; one commit each; bad input refused with one line, exit 2 and nothing written; a
file changed on disk meanwhile is never overwritten."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from caseterm.store.infra import edit
from tests.conftest import Result, git_log, git_status

Cli = Any
TODAY = ("--today", "2026-11-25")


def ok(result: Result) -> Result:
    assert result.code == 0, result.err
    return result


@pytest.fixture
def assessed(caseload: Path, cli: Cli) -> tuple[Path, str]:
    """Ava with one WISC-V: a composite with its interval and range, and a subtest."""
    ok(cli("-C", caseload, "student", "add", "ava-m", "--first-name", "Ava", "--grade", "4"))
    ok(cli("-C", caseload, "assess", "add", "ava-m", "--instrument", "WISC-V", "--date",
           "2026-10-20", "--examiner", "I. Ferreira", "--score",
           "Full Scale IQ=standard:94:89-99@95:composite", "--range", "Full Scale IQ=Average",
           "--score", "Coding=scaled:6"))  # fmt: skip
    shown = json.loads(ok(cli("-C", caseload, "assess", "show", "ava-m", "--json")).out)
    return caseload, shown[0]["id"]


def _file(root: Path) -> str:
    return (root / "students/ava-m/evaluation.toml").read_text()


def _scores(cli: Cli, root: Path) -> dict[str, dict[str, Any]]:
    shown = json.loads(ok(cli("-C", root, "assess", "show", "ava-m", "--json")).out)
    return {s["name"]: s for s in shown[0]["scores"]}


def test_a_score_is_corrected_in_place_keeping_its_reported_range(
    assessed: tuple[Path, str], cli: Cli
) -> None:
    root, aid = assessed
    before = len(git_log(root))
    result = ok(cli("-C", root, "assess", "edit", "ava-m", aid, "--score",
                    "Full Scale IQ=standard:96:91-101@90:composite"))  # fmt: skip
    message = "ava-m: edit assessment WISC-V 2026-10-20 (Full Scale IQ standard 96)"
    assert message in result.out
    assert git_log(root)[0] == message and len(git_log(root)) == before + 1
    assert git_status(root) == ""
    text = _file(root)
    assert text.count("[[assessment]]") == 1 and text.count("[[assessment.score]]") == 2
    assert (
        'name = "Full Scale IQ"\nkind = "standard"\nvalue = 96\ncomposite = true\n'
        'ci_low = 91\nci_high = 101\nci_level = 90\nrange = "Average"\n'
    ) in text
    fsiq = _scores(cli, root)["Full Scale IQ"]
    assert (fsiq["value"], fsiq["percentile"], fsiq["range"]) == (96, 39.5, "Average")


def test_a_new_value_keeps_the_interval_and_composite_mark_unless_given_again(
    assessed: tuple[Path, str], cli: Cli
) -> None:
    root, aid = assessed
    ok(cli("-C", root, "assess", "edit", "ava-m", aid, "--score", "Full Scale IQ=standard:96"))
    assert (
        'name = "Full Scale IQ"\nkind = "standard"\nvalue = 96\ncomposite = true\n'
        'ci_low = 89\nci_high = 99\nci_level = 95\nrange = "Average"\n'
    ) in _file(root)
    fsiq = _scores(cli, root)["Full Scale IQ"]
    assert (fsiq["composite"], fsiq["ci_low"], fsiq["ci_high"]) == (True, 89, 99)
    ok(cli("-C", root, "assess", "edit", "ava-m", aid, "--score",
           "Full Scale IQ=standard:96:no-interval:subtest"))  # fmt: skip
    assert ('name = "Full Scale IQ"\nkind = "standard"\nvalue = 96\nrange = "Average"\n') in _file(
        root
    )
    assert "ci_low" not in _file(root) and "composite" not in _file(root)
    assert git_log(root)[0] == (
        "ava-m: edit assessment WISC-V 2026-10-20 (Full Scale IQ standard 96)"
    )
    assert git_status(root) == ""


def test_fields_ranges_and_a_new_score_in_one_commit(assessed: tuple[Path, str], cli: Cli) -> None:
    root, aid = assessed
    before = len(git_log(root))
    ok(cli("-C", root, "assess", "edit", "ava-m", aid, "--date", "2026-10-21", "--note",
           "Retested after a fire drill", "--range", "Coding=Low Average", "--add-score",
           "Symbol Search=scaled:8", "--examiner", ""))  # fmt: skip
    assert git_log(root)[0] == (
        "ava-m: edit assessment WISC-V 2026-10-21 (date 2026-10-21, examiner removed, "
        "note Retested after a fire drill, Coding scaled 6, new score Symbol Search scaled 8)"
    )
    assert len(git_log(root)) == before + 1
    text = _file(root)
    assert "examiner" not in text and 'note = "Retested after a fire drill"' in text
    assert 'name = "Coding"\nkind = "scaled"\nvalue = 6\nrange = "Low Average"\n' in text
    assert text.rstrip().endswith('name = "Symbol Search"\nkind = "scaled"\nvalue = 8')
    assert list(_scores(cli, root)) == ["Full Scale IQ", "Coding", "Symbol Search"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--score", "Reading=standard:90"), "--score: no score 'Reading' in assessment"),
        (("--score", "Coding=scaled:abc"), "--score: 'Coding=scaled:abc' is not NAME=KIND"),
        (("--score", "Coding=scaled:6:composite:no-interval"), "--score: 'Coding=scaled:6:c"),
        (("--score", "Coding=bogus:4"), "--score: 'bogus' is not allowed; use one of standard"),
        (("--score", "Coding=scaled:999999"), "--score: 999999"),
        (("--add-score", "Coding=scaled:7"), "--add-score: assessment"),
        (("--range", "Nope=Low"), "--range: no score 'Nope'"),
        (("--type", "guesswork"), "--type: 'guesswork' is not allowed; use one of"),
        (("--date", "2026-02-30"), "--date: '2026-02-30' is not a real date"),
        (("--instrument", ""), "--instrument: must not be empty"),
        (("--note", "bell\x07"), "--note"),
        ((), "edit: give at least one of --date"),
        (("--examiner", "I. Ferreira"), "edit: nothing changed in assessment"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    assessed: tuple[Path, str], cli: Cli, args: tuple[str, ...], message: str
) -> None:
    root, aid = assessed
    before, log = _file(root), git_log(root)
    result = cli("-C", root, "assess", "edit", "ava-m", aid, *args)
    assert result.code == 2
    assert result.err.startswith(f"caseterm: {message}"), result.err
    assert len(result.err.strip().splitlines()) == 1
    assert _file(root) == before and git_log(root) == log and git_status(root) == ""


def test_an_unknown_student_or_assessment_id_is_exit_2(
    assessed: tuple[Path, str], cli: Cli
) -> None:
    root, aid = assessed
    result = cli("-C", root, "assess", "edit", "ava-m", "01nope", "--note", "x")
    assert result.code == 2
    assert result.err == (
        "caseterm: ID: no assessment '01nope' for ava-m; see caseterm assess show\n"
    )
    assert cli("-C", root, "assess", "edit", "nobody-x", aid, "--note", "x").code == 2


def test_a_file_changed_on_disk_meanwhile_is_not_overwritten(
    assessed: tuple[Path, str], cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    root, aid = assessed
    path = root / "students/ava-m/evaluation.toml"
    log = git_log(root)
    real = edit.update_subrecord

    def co_teacher_saves_first(*args: Any, **kwargs: Any) -> str:
        path.write_text(path.read_text() + "# a co-teacher's edit\n")
        return real(*args, **kwargs)

    monkeypatch.setattr(edit, "update_subrecord", co_teacher_saves_first)
    result = cli("-C", root, "assess", "edit", "ava-m", aid, "--score", "Coding=scaled:7")
    assert result.code == 1 and "changed on disk" in result.err
    assert path.read_text().endswith("# a co-teacher's edit\n")
    assert "value = 6" in path.read_text() and git_log(root) == log
