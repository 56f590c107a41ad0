"""``caseterm/reports/`` sits between store and the faces (DESIGN.md section 2)."""

from __future__ import annotations

from pathlib import Path

from tests.test_layers import PACKAGE, _imports_of, _modules_after


def test_reports_never_import_the_faces() -> None:
    forbidden = ("caseterm.cli", "caseterm.tui", "textual")
    for path in sorted((PACKAGE / "reports").glob("*.py")):
        bad = {m for m in _imports_of(path) if m.startswith(forbidden)}
        assert not bad, f"{path.name} imports {bad}"


def test_model_and_store_never_import_reports() -> None:
    for folder in ("model", "store"):
        for path in sorted((PACKAGE / folder).glob("*.py")):
            bad = {m for m in _imports_of(path) if m.startswith("caseterm.reports")}
            assert not bad, f"{folder}/{path.name} imports {bad}"


def test_cli_loads_renderers_and_icalendar_only_when_used(tmp_path: Path) -> None:
    loaded = _modules_after("import caseterm.cli.main")
    heavy = {m for m in loaded if m.startswith(("caseterm.reports", "icalendar", "rich"))}
    assert not heavy


def test_import_write_path_does_not_import_textual(caseload: Path, tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("id,first_name\nava-m,Ava\n", encoding="utf-8")
    code = (
        "from caseterm.cli.main import main\n"
        f"rc = main(['-C', {str(caseload)!r}, 'import', 'students', {str(roster)!r}])\n"
        "assert rc == 0, rc\n"
    )
    loaded = _modules_after(code)
    assert not {m for m in loaded if m.split(".")[0] == "textual"}
    assert not {m for m in loaded if m.startswith(("caseterm.tui", "caseterm.reports"))}
