"""The TUI: time until the caseload screen is drawn, and time per keystroke in its list.

Start-up is measured as whole processes (``tui_probe``), from spawn to exit right after the
first frame with the caseload's rows, against a bare Textual app with the same widgets and
no data: the ratio is what loading and computing the caseload costs on top of Textual.
The sample caseload has the target (DESIGN: at most 1.5x); generated caseloads up to 500
students are shown for reference. Keystrokes are timed in-process on the 500-student
caseload as the CPU time from the key press to the next idle frame (Textual's test pilot
waits in 20 ms steps, so wall time would measure its sleeps), against the same keys on a
bare table of 500 plain rows; the target is absolute: under 50 ms.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING

from caseterm.bench.measure import Context, Row, median_ms, side_by_side
from caseterm.store.setup import sample_caseload_dir

if TYPE_CHECKING:
    from textual.app import App

START_TARGET = 1.5
KEY_LIMIT_MS = 50.0
KEYS = 60
LARGEST = 500


def _probe(ctx: Context, *args: str) -> None:
    command = [ctx.python, "-m", "caseterm.bench.tui_probe", *args]
    done = subprocess.run(command, env=dict(ctx.env), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"tui_probe {' '.join(args)} failed: {done.stderr.strip()[-300:]}")


def _start_row(ctx: Context, root: Path, label: str, target: float | None) -> Row:
    mine, floor = side_by_side(
        ctx.runs, lambda _: _probe(ctx, "caseterm", str(root)), lambda _: _probe(ctx, "bare")
    )
    return Row(ctx.size, label, median_ms(mine), median_ms(floor), target, ctx.runs)


def _sample_copy(ctx: Context) -> Path | None:
    source = sample_caseload_dir()
    if source is None:
        return None
    dest = ctx.workdir / "sample"
    if not dest.exists():
        shutil.copytree(source, dest)
    return dest


async def _keystrokes(root: Path | None, rows: int, keys: int) -> list[float]:
    """CPU seconds from each ``down`` key to the next idle frame."""
    from textual.widgets import DataTable

    from caseterm.bench.tui_probe import TODAY
    from caseterm.tui.app import CasetermApp

    if root is not None:
        app: App[None] = CasetermApp(root, today=lambda: TODAY, watch_seconds=0)
    else:
        app = _bare_table(rows)
    times: list[float] = []
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(200):
            await pilot.pause(0.05)
            tables = app.screen.query(DataTable)
            if tables and tables.first().row_count >= rows:
                break
        for _ in range(keys):
            started = time.process_time()
            await pilot.press("down")
            await pilot.pause()
            times.append(time.process_time() - started)
    return times


def _bare_table(rows: int) -> App[None]:
    from textual.app import App, ComposeResult
    from textual.widgets import DataTable

    class BareTable(App[None]):
        def compose(self) -> ComposeResult:
            yield DataTable(cursor_type="row")

        def on_mount(self) -> None:
            table = self.query_one(DataTable)
            table.add_columns("Student", "Gr", "Plan", "Next deadline", "Min/wk", "Goals", "Data")
            for i in range(rows):
                table.add_row(f"Student {i}", "4", "IEP", "in 5d Report", "0/36", "●▲", "7d")
            table.focus()

    return BareTable()


def bench_tui(ctx: Context) -> list[Row]:
    """Start-up against a bare app (sample: target; generated: reference); keystrokes."""
    if ctx.size > LARGEST:
        return []
    rows: list[Row] = []
    sample = _sample_copy(ctx) if ctx.size == min(ctx.sizes) else None
    if sample is not None:
        rows.append(_start_row(ctx, sample, "TUI ready, sample caseload (18)", START_TARGET))
    rows.append(_start_row(ctx, ctx.caseload.root, "TUI ready vs bare Textual app", None))
    if ctx.size == LARGEST or (ctx.size == max(ctx.sizes) and ctx.size < LARGEST):
        keys = min(KEYS, 10 * ctx.runs)
        mine = asyncio.run(_keystrokes(ctx.caseload.root, ctx.size, keys))
        floor = asyncio.run(_keystrokes(None, ctx.size, keys))
        rows.append(
            Row(
                ctx.size,
                "TUI keystroke in the caseload list (CPU)",
                median_ms(mine),
                median_ms(floor),
                None,
                keys,
                f"slowest {max(mine) * 1000:.1f} ms",
                limit_ms=KEY_LIMIT_MS,
            )
        )
    return rows
