"""The domain engine stays pure, and the answer commands never import Textual."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT

ENGINE = (
    "caseterm.model.calendar",
    "caseterm.model.dates",
    "caseterm.model.rules",
    "caseterm.model.compliance",
    "caseterm.model.progress",
    "caseterm.model.mastery",
    "caseterm.model.minutes",
)
FORBIDDEN = ("caseterm.store", "caseterm.cli", "caseterm.tui", "textual", "rich", "git")


def _modules_after(code: str) -> set[str]:
    script = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO_ROOT
    )
    return set(done.stdout.split())


def _loaded(modules: set[str], prefix: str) -> list[str]:
    return [m for m in modules if m == prefix or m.startswith(prefix + ".")]


def test_engine_imports_no_store_cli_tui_or_ui_libraries() -> None:
    modules = _modules_after("\n".join(f"import {name}" for name in ENGINE))
    assert {prefix: _loaded(modules, prefix) for prefix in FORBIDDEN} == {
        prefix: [] for prefix in FORBIDDEN
    }


def test_engine_reads_no_clock_and_no_files() -> None:
    """ "Today" is always a parameter; files are the store's business."""
    pattern = re.compile(r"date\.today\(|datetime\.now\(|\bopen\(|read_text\(|Path\(")
    model = REPO_ROOT / "caseterm" / "model"
    offenders = [
        f"{name}: {match.group()}"
        for name in ENGINE
        for match in pattern.finditer((model / f"{name.rsplit('.', 1)[1]}.py").read_text())
    ]
    assert offenders == []


def test_answer_commands_do_not_import_textual(caseload: Path) -> None:
    code = (
        "from caseterm.cli.main import main\n"
        f"for args in (['due'], ['minutes'], ['progress', 'x']):\n"
        f"    main(['-C', {str(caseload)!r}, *args, '--json', '--today', '2026-11-25'])"
    )
    modules = _modules_after(code)
    assert _loaded(modules, "textual") == []
