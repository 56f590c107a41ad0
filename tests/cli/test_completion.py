"""``caseterm completion``: Tab completes commands, options, choices and student ids."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from caseterm import __version__
from caseterm.model import vocab
from caseterm.store.actions import changes


@pytest.fixture
def students(caseload: Path) -> Path:
    for student_id in ("ava-m", "amir-k", "ben-t"):
        changes.add_student(
            caseload, {"id": student_id, "first_name": "Test", "last_name": ""}, commit=False
        )
    return caseload


def _script(cli: Any, shell: str, tmp_path: Path) -> Path:
    result = cli("completion", shell)
    assert result.code == 0, result.err
    assert f"completion for caseterm {__version__}" in result.out
    path = tmp_path / f"caseterm.{shell}"
    path.write_text(result.out, encoding="utf-8")
    return path


def _bash(script: Path, *words: str) -> list[str]:
    program = (
        f"source {script}\n"
        'COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _caseterm\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        ["bash", "-c", program, "bash", *words], capture_output=True, text=True, check=True
    )
    return done.stdout.split()


def test_bash_completes_commands_options_choices_and_students(
    cli: Any, students: Path, tmp_path: Path
) -> None:
    script = _script(cli, "bash", tmp_path)
    assert _bash(script, "caseterm", "re") == ["remove", "removal", "report", "resolve"]
    assert _bash(script, "caseterm", "export", "") == [
        "ics",
        "sessions",
        "points",
        "deadlines",
        "students",
        "removals",
        "absences",
        "consents",
        "notices",
        "observations",
        "abc",
        "fidelity",
        "assessments",
    ]
    assert _bash(script, "caseterm", "report", "--format", "") == ["html", "md"]
    assert "--period" in _bash(script, "caseterm", "report", "--")
    assert _bash(script, "caseterm", "-C", str(students), "report", "a") == ["amir-k", "ava-m"]
    assert _bash(script, "caseterm", "-C", str(students), "export", "ics", "--student", "b") == [
        "ben-t"
    ]
    assert _bash(script, "caseterm", "-C", str(students), "student", "show", "") == [
        "amir-k",
        "ava-m",
        "ben-t",
    ]
    assert _bash(script, "caseterm", "completion", "") == ["bash", "zsh", "fish"]


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_script_is_valid_zsh(cli: Any, tmp_path: Path) -> None:
    script = _script(cli, "zsh", tmp_path)
    assert script.read_text().startswith("#compdef caseterm\n")
    subprocess.run(["zsh", "-n", str(script)], check=True)


def test_zsh_and_fish_scripts_cover_every_command(cli: Any, tmp_path: Path) -> None:
    zsh = _script(cli, "zsh", tmp_path).read_text()
    fish = _script(cli, "fish", tmp_path).read_text()
    for command in ("report", "export", "import", "completion", "due", "sync"):
        assert f"'{command}:" in zsh
        assert f"-a '{command}'" in fish


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish is not installed")
def test_fish_completes_commands_and_students(cli: Any, students: Path, tmp_path: Path) -> None:
    script = _script(cli, "fish", tmp_path)
    subprocess.run(["fish", "--no-execute", str(script)], check=True)

    def complete(line: str) -> list[str]:
        done = subprocess.run(
            ["fish", "--no-config", "-c", f"source {script}; complete -C {line!r}"],
            capture_output=True,
            text=True,
            check=True,
        )
        return [row.split("\t")[0] for row in done.stdout.splitlines()]

    assert complete("caseterm rep") == ["report"]
    assert complete(f"caseterm -C {students} report a") == ["amir-k", "ava-m"]
    assert complete("caseterm report --format ") == ["html", "md"]


def test_version(cli: Any) -> None:
    result = cli("--version")
    assert result.code == 0
    assert result.out.strip() == f"caseterm {__version__}"


def test_bash_completes_the_vocabularies_of_logging_commands(cli: Any, tmp_path: Path) -> None:
    script = _script(cli, "bash", tmp_path)
    assert _bash(script, "caseterm", "service", "log", "ava-m", "x", "1", "--status", "s") == [
        "student-absent",
        "student-refused",
        "school-closed",
    ]
    assert _bash(script, "caseterm", "meeting", "add", "ava-m", "--kind", "an") == ["annual-review"]
    assert _bash(script, "caseterm", "contact", "add", "ava-m", "--method", "") == list(
        vocab.CONTACT_METHODS
    )
    assert _bash(script, "caseterm", "student", "add", "bo-k", "--plan", "") == [
        "IEP",
        "504",
        "IFSP",
        "MTSS",
    ]


def test_bash_never_expands_a_student_folder_name(cli: Any, students: Path, tmp_path: Path) -> None:
    """A folder named ``$(touch${IFS}X)`` is skipped (not a student id), never run."""
    hostile = "$(touch${IFS}X)"
    (students / "students" / hostile).mkdir()
    (students / "students" / "a`touch Y`").mkdir()
    script = _script(cli, "bash", tmp_path)
    program = (
        f"source {script}\n"
        'COMP_WORDS=("$@"); COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _caseterm\n'
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    words = ["caseterm", "-C", str(students), "student", "show", ""]
    done = subprocess.run(
        ["bash", "-c", program, "bash", *words],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
    )
    assert done.stdout.split() == ["amir-k", "ava-m", "ben-t"]
    assert not (tmp_path / "X").exists()
    assert not (tmp_path / "Y").exists()
