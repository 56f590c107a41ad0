"""The CLI imports only the module of the command it runs; write commands stay light."""

from __future__ import annotations

import argparse
import importlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from caseterm.cli.main import COMMANDS, MODULES, command_word, register_module
from tests.conftest import git_log, git_status


def test_every_command_is_mapped_to_the_module_that_registers_it() -> None:
    found: dict[str, str] = {}
    for name in MODULES:
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        register_module(importlib.import_module(f"caseterm.cli.{name}"), sub)
        found.update(dict.fromkeys(sub.choices, name))
    assert found == COMMANDS


def test_modules_with_registrars_can_build_one_command_alone() -> None:
    for command, name in COMMANDS.items():
        module = importlib.import_module(f"caseterm.cli.{name}")
        if not hasattr(module, "registrars"):
            continue
        parser = argparse.ArgumentParser()
        sub = parser.add_subparsers()
        register_module(module, sub, command)
        assert command in sub.choices
        assert len(sub.choices) <= 3


@pytest.mark.parametrize(
    ("argv", "word"),
    [
        (["-C", "dir", "data", "add", "x"], "data"),
        (["-Cdir", "student", "list"], "student"),
        (["check"], "check"),
        (["--help"], None),
        (["--version"], None),
        (["-C", "dir"], None),
        ([], None),
    ],
)
def test_command_word(argv: list[str], word: str | None) -> None:
    assert command_word(argv) == word


PROBE = """
import sys
from caseterm.cli.main import main
heavy = set(sys.argv[1].split(","))
code = main(sys.argv[2:])
found = sorted(m for m in sys.modules if m.split(".")[0] in heavy or m in heavy)
import json  # after the modules are listed: the probe's own import is not the command's
print(json.dumps([code, found]))
"""


def imported(heavy: tuple[str, ...], *argv: str) -> tuple[int, list[str], str]:
    """Run caseterm with ``argv`` in a new process: its exit status, the modules of
    ``heavy`` (or in their packages) it imported, and its stderr."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE, ",".join(heavy), *argv],
        capture_output=True,
        text=True,
        check=True,
    )
    code, modules = json.loads(done.stdout.splitlines()[-1])
    return code, modules, done.stderr


def test_data_add_imports_no_ui_and_no_editing_library(cli, caseload: Path) -> None:
    assert cli("-C", caseload, "student", "add", "ava-m", "--first-name", "Ava").code == 0
    args = ["goal", "add", "ava-m", "fluency", "--statement", "Read", "--target", "90"]
    assert cli("-C", caseload, *args, "--target-date", "2027-06-01").code == 0
    heavy = (
        "textual",
        "rich",
        "tomlkit",
        "dateutil",
        "importlib.resources",
        "caseterm.cli.students",
        "caseterm.store.actions.setup",
        "caseterm.store.infra.merge",
    )
    code, modules, err = imported(
        heavy, "-C", str(caseload), "data", "add", "ava-m", "fluency", "50"
    )
    assert code == 0, err
    assert modules == []
    assert git_log(caseload)[0] == "ava-m: add data point for goal fluency (50)"


def test_edits_that_need_tomlkit_still_work(cli, caseload: Path) -> None:
    assert cli("-C", caseload, "student", "add", "ava-m", "--first-name", "Ava").code == 0
    result = cli("-C", caseload, "plan", "set", "ava-m", "lre=RC80", "accommodations+=Breaks")
    assert result.code == 0, result.err
    result = cli("-C", caseload, "student", "set", "ava-m", "grade=4")
    assert result.code == 0, result.err
    args = ["goal", "add", "ava-m", "fluency", "--statement", "Read", "--target", "90"]
    assert cli("-C", caseload, *args, "--target-date", "2027-06-01").code == 0
    result = cli("-C", caseload, "goal", "phase", "ava-m", "fluency", "--date", "2026-11-02")
    assert result.code == 0, result.err
    assert cli("-C", caseload, "data", "add", "ava-m", "fluency", "50").code == 0
    text = (caseload / "students/ava-m/data.toml").read_text()
    point_id = text.split('id = "')[1].split('"')[0]
    result = cli("-C", caseload, "remove", "ava-m", "point", point_id)
    assert result.code == 0, result.err
    assert git_log(caseload)[0] == f"ava-m: remove point {point_id}"
    assert "[[point]]" not in (caseload / "students/ava-m/data.toml").read_text()
    assert 'lre = "RC80"' in (caseload / "students/ava-m/plan.toml").read_text()
    assert git_status(caseload) == ""


def test_help_and_unknown_commands_still_list_every_command(cli) -> None:
    result = cli("--help")
    assert result.code == 0
    for command in COMMANDS:
        assert command in result.out
    result = cli("nonsense")
    assert result.code == 2
    assert "invalid choice" in result.err


LEAN = (
    "caseterm.model.records",
    "caseterm.model.decode",
    "caseterm.store.infra.load",
    "msgspec",
    "dataclasses",
    "inspect",
    "json",
    "shutil",
)


@pytest.mark.parametrize(
    "command",
    [
        ["data", "add", "amara-k", "math-computation", "5", "--date", "2026-11-20"],
        ["service", "log", "amara-k", "math", "30", "--date", "2026-11-20"],
    ],
)
def test_a_data_point_or_session_builds_no_records(sample_copy: Path, command: list[str]) -> None:
    """The goals or plan of a well-formed student, and the appended file, are checked a
    column at a time: no record class, loader, ``msgspec``, ``dataclasses`` (nor the
    ``inspect`` both import, ~5 ms) or ``json`` is imported."""
    code, modules, err = imported(LEAN, "-C", str(sample_copy), *command)
    assert (code, modules) == (0, []), err
    assert git_status(sample_copy) == ""
