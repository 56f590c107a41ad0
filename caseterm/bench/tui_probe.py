"""Run one app headless until its caseload table is drawn, then exit (timed from outside).

``python -m caseterm.bench.tui_probe caseterm ROOT`` opens caseterm on ROOT;
``python -m caseterm.bench.tui_probe bare [ROWS]`` opens a bare Textual app with the same
widgets (header, hidden filter, table with the same columns, status line, footer) and
ROWS plain rows (default none).
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header, Input, Static

from caseterm.store.infra.watch import Fingerprint
from caseterm.tui.app import CasetermApp
from caseterm.tui.overview_rows import COLUMNS
from caseterm.tui.state import State

TODAY = date(2026, 11, 25)


def _drawn() -> None:
    """End the process at once: the frame in question is drawn (an orderly exit would
    first wait for the loading worker, which may still be computing figures)."""
    os._exit(0)


class ReadyCaseterm(CasetermApp):
    """caseterm that quits as soon as the first rows have been drawn (on a large caseload:
    names, grades and plans, with the figures still being computed)."""

    def _show(self, state: State, stamp: Fingerprint) -> None:
        super()._show(state, stamp)
        self.call_after_refresh(_drawn)


class CompleteCaseterm(CasetermApp):
    """caseterm that quits once the rows with every figure have been drawn."""

    def _show(self, state: State, stamp: Fingerprint) -> None:
        super()._show(state, stamp)
        if not state.pending:
            self.call_after_refresh(_drawn)


class BareApp(App[None]):
    """The caseload screen's widgets with plain rows: the floor."""

    def __init__(self, rows: int = 0) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(id="filter")
        yield DataTable(id="students", cursor_type="row")
        yield Static("", id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False
        table = self.query_one("#students", DataTable)
        for key, label, width in COLUMNS:
            table.add_column(label, key=key, width=width)
        for i in range(self.rows):
            table.add_row(f"Student {i}", "4", "IEP", "in 5d Report", "0/36", "●▲", "7d")
        table.focus()
        self.call_after_refresh(_drawn)


def main(argv: list[str]) -> int:
    app: App[None]
    if argv[:1] == ["caseterm"] and len(argv) == 2:
        app = ReadyCaseterm(Path(argv[1]), today=lambda: TODAY, watch_seconds=0)
    elif argv[:1] == ["complete"] and len(argv) == 2:
        app = CompleteCaseterm(Path(argv[1]), today=lambda: TODAY, watch_seconds=0)
    elif argv[:1] == ["bare"] and len(argv) <= 2:
        app = BareApp(int(argv[1]) if len(argv) == 2 else 0)
    else:
        usage = "caseterm ROOT | complete ROOT | bare [ROWS]"
        print(f"usage: python -m caseterm.bench.tui_probe {usage}", file=sys.stderr)
        return 2
    app.run(headless=True)
    return app.return_code or 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
