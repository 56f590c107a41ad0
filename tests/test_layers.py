"""The layering rules of DESIGN.md section 2, checked in fresh interpreters."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import caseterm

PACKAGE = Path(caseterm.__file__).parent


def _modules_after(code: str) -> set[str]:
    script = code + "\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


def _imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_model_source_imports_nothing_above_it() -> None:
    forbidden = ("caseterm.store", "caseterm.cli", "caseterm.tui", "textual", "rich", "git")
    for path in sorted((PACKAGE / "model").glob("*.py")):
        bad = {m for m in _imports_of(path) if m.startswith(forbidden)}
        assert not bad, f"{path.name} imports {bad}"


def test_store_source_never_imports_the_ui() -> None:
    forbidden = ("caseterm.cli", "caseterm.tui", "textual", "rich")
    for path in sorted((PACKAGE / "store").rglob("*.py")):
        bad = {m for m in _imports_of(path) if m.startswith(forbidden)}
        assert not bad, f"{path.name} imports {bad}"


def test_importing_caseterm_is_cheap() -> None:
    loaded = _modules_after("import caseterm")
    assert not {m for m in loaded if m.startswith("caseterm.")}
    assert "textual" not in loaded and "rich" not in loaded


def test_model_loads_without_store_or_ui() -> None:
    imports = "\n".join(
        f"import caseterm.model.{p.stem}" for p in sorted((PACKAGE / "model").glob("*.py"))
    )
    loaded = _modules_after(imports)
    assert not {m for m in loaded if m.startswith(("caseterm.store", "caseterm.cli"))}
    assert not {m for m in loaded if m.split(".")[0] in ("textual", "rich", "git", "tomlkit")}


def test_cli_write_path_does_not_import_textual(caseload: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "caseterm",
            "-C",
            str(caseload),
            "student",
            "add",
            "ava-m",
            "--first-name",
            "Ava",
        ],
        check=True,
        capture_output=True,
    )
    code = (
        "from caseterm.cli.main import main\n"
        f"rc = main(['-C', {str(caseload)!r}, 'meeting', 'add', 'ava-m', '--kind', 'other'])\n"
        "assert rc == 0, rc\n"
    )
    loaded = _modules_after(code)
    assert not {m for m in loaded if m.split(".")[0] == "textual"}
    assert not {m for m in loaded if m.startswith("caseterm.tui")}
