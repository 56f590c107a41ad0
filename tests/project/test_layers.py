"""Layer rules that need a running interpreter; the static ones are import-linter contracts.

The contracts in pyproject.toml (`[tool.importlinter]`, run by `make test`) say which
package may import which (docs/architecture.md). These tests check what only a fresh
interpreter shows: what a command actually loads, and that the model reads no clock.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO_ROOT

MODEL = REPO_ROOT / "caseterm" / "model"


def _modules_after(code: str) -> set[str]:
    script = f"{code}\nimport sys\nprint('\\n'.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=REPO_ROOT
    )
    return set(done.stdout.split())


def _loaded(modules: set[str], *prefixes: str) -> list[str]:
    return sorted(m for m in modules for p in prefixes if m == p or m.startswith(p + "."))


def _run_main(caseload: Path, *commands: list[str]) -> str:
    calls = "\n".join(
        f"assert main(['-C', {str(caseload)!r}, *{args!r}]) == 0, {args!r}" for args in commands
    )
    return f"from caseterm.cli.main import main\n{calls}\n"


def test_importing_caseterm_is_cheap() -> None:
    loaded = _modules_after("import caseterm")
    assert _loaded(loaded, "caseterm.model", "caseterm.store", "textual", "rich") == []


def test_cli_loads_renderers_and_icalendar_only_when_used() -> None:
    loaded = _modules_after("import caseterm.cli.main")
    assert _loaded(loaded, "caseterm.reports", "icalendar", "rich", "textual") == []


def test_every_model_module_loads_without_store_or_ui() -> None:
    imports = "\n".join(f"import caseterm.model.{p.stem}" for p in sorted(MODEL.glob("*.py")))
    loaded = _modules_after(imports)
    assert _loaded(loaded, "caseterm.store", "caseterm.cli", "caseterm.tui") == []
    assert _loaded(loaded, "textual", "rich", "git", "tomlkit") == []


def test_model_reads_no_clock_and_no_files() -> None:
    """ "Today" is always a parameter; files are the store's business."""
    pattern = re.compile(r"date\.today\(|datetime\.now\(|\bopen\(|read_text\(|Path\(")
    offenders = [
        f"{path.name}: {match.group()}"
        for path in sorted(MODEL.glob("*.py"))
        for match in pattern.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_cli_write_paths_do_not_import_textual(caseload: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("id,first_name\nava-m,Ava\n", encoding="utf-8")
    code = _run_main(
        caseload,
        ["import", "students", str(roster)],
        ["meeting", "add", "ava-m", "--kind", "other"],
    )
    loaded = _modules_after(code)
    assert _loaded(loaded, "textual", "caseterm.tui", "caseterm.reports") == []


def test_answer_commands_do_not_import_textual(caseload: Path) -> None:
    code = (
        "from caseterm.cli.main import main\n"
        f"for args in (['due'], ['minutes'], ['progress', 'x']):\n"
        f"    main(['-C', {str(caseload)!r}, *args, '--json', '--today', '2026-11-25'])"
    )
    assert _loaded(_modules_after(code), "textual", "caseterm.tui") == []
