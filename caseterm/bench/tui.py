"""The TUI: time until the caseload screen is drawn, time per keystroke, peak memory.

Start-up is measured as whole processes (``tui_probe``), from spawn to exit right after the
first frame with the caseload's rows (summary index warm), against a bare Textual app with
the same widgets and as many plain rows: the ratio is what loading and computing the
caseload costs on top of Textual; the target applies at 5,000 students and to the sample
caseload. Keystrokes (down, a filter character, Esc) are timed in-process on the largest
caseload as the CPU time from the key press to the next idle frame (Textual's test pilot
waits in 20 ms steps, so wall time would measure its sleeps), against the same keys on a
bare table of as many plain rows; the target is absolute: under 50 ms. Peak memory of the
TUI process is in MiB against 300.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from caseterm.bench.measure import Context, Row, median_ms, side_by_side
from caseterm.store.actions.setup import sample_caseload_dir

if TYPE_CHECKING:
    from textual.app import App

START_TARGET = 1.5
KEY_LIMIT_MS = 50.0
RSS_LIMIT_MIB = 300.0
KEYS = 20
TARGET_SIZE = 5000
KEYSTROKES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("down", ("down",)),
    ("a filter character", ("slash", "q")),
    ("Esc (clear the filter)", ("escape",)),
)
"""What each timed key does; the keys before the last set it up (untimed). The filter
character is one that hides some of the rows of the generated caseload (``q``: about a
quarter at 5,000), so the filter and the Esc after it change the table."""


def _probe(ctx: Context, *args: str) -> None:
    command = [ctx.python, "-m", "caseterm.bench.tui_probe", *args]
    done = subprocess.run(command, env=dict(ctx.env), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"tui_probe {' '.join(args)} failed: {done.stderr.strip()[-300:]}")


def _start_row(
    ctx: Context,
    root: Path,
    label: str,
    target: float | None,
    rows: int,
    mode: str = "caseterm",
    runs: int | None = None,
) -> Row:
    runs = runs or ctx.runs_for(target is not None)
    _probe(ctx, mode, str(root))
    mine, floor = side_by_side(
        runs, lambda _: _probe(ctx, mode, str(root)), lambda _: _probe(ctx, "bare", str(rows))
    )
    return Row(ctx.size, label, median_ms(mine), median_ms(floor), target, runs, "warm index")


def _sample_copy(ctx: Context) -> Path | None:
    source = sample_caseload_dir()
    if source is None:
        return None
    dest = ctx.workdir / "sample"
    if not dest.exists():
        shutil.copytree(source, dest)
    return dest


async def _keystrokes(
    root: Path | None, rows: int, keys: int
) -> tuple[dict[str, list[float]], dict[str, int]]:
    """CPU seconds from each timed key to the next idle frame, and the rows shown after
    it, by key."""
    from textual.widgets import DataTable

    from caseterm.bench.tui_probe import TODAY
    from caseterm.tui.app import CasetermApp

    if root is not None:
        app: App[None] = CasetermApp(root, today=lambda: TODAY, watch_seconds=0)
    else:
        app = _bare_table(rows)
    times: dict[str, list[float]] = {name: [] for name, _keys in KEYSTROKES}
    shown: dict[str, int] = {}
    async with app.run_test(size=(80, 24)) as pilot:
        for _ in range(6000):
            await pilot.pause(0.05)
            tables = app.screen.query(DataTable)
            state = getattr(app, "state", None)
            if getattr(state, "pending", False):
                continue
            if tables and tables.first().row_count >= rows:
                break
        for _ in range(keys):
            for name, pressed in KEYSTROKES:
                for key in pressed[:-1]:
                    await pilot.press(key)
                await pilot.pause()
                started = time.process_time()
                await pilot.press(pressed[-1])
                await pilot.pause()
                times[name].append(time.process_time() - started)
                shown[name] = app.screen.query(DataTable).first().row_count
    return times, shown


@contextmanager
def _environment(ctx: Context) -> Iterator[None]:
    """The bench's cache and config folders for an app run in this process, as its
    processes get them: the index the probes left is warm there (without this, the app
    built a cold index of 5,000 students, minutes of the bench, in the user's own cache)."""
    names = ("HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME")
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update({name: ctx.env[name] for name in names if name in ctx.env})
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


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
    """Start-up against a bare app with as many plain rows; keystrokes and memory at the
    largest size."""
    rows: list[Row] = []
    sample = _sample_copy(ctx) if ctx.size == min(ctx.sizes) else None
    if sample is not None:
        rows.append(_start_row(ctx, sample, "TUI ready, sample caseload (18)", START_TARGET, 18))
    target = START_TARGET if ctx.size >= TARGET_SIZE else None
    label = "TUI first frame with rows vs bare app with as many rows"
    rows.append(_start_row(ctx, ctx.caseload.root, label, target, ctx.size))
    from caseterm.tui.app import PREVIEW_FROM

    if ctx.size >= PREVIEW_FROM and not (ctx.quick and ctx.size >= TARGET_SIZE):
        runs = 1 if ctx.size >= TARGET_SIZE else min(3, ctx.runs_for(False))
        label = "TUI rows with every figure vs bare app with as many rows"
        rows.append(_start_row(ctx, ctx.caseload.root, label, None, ctx.size, "complete", runs))
    if ctx.size == max(ctx.sizes):
        keys = min(KEYS, 3 * ctx.runs)
        with _environment(ctx):
            mine, shown = asyncio.run(_keystrokes(ctx.caseload.root, ctx.size, keys))
        floor, _shown = asyncio.run(_keystrokes(None, ctx.size, keys))
        for name, _pressed in KEYSTROKES:
            rows.append(
                Row(
                    ctx.size,
                    f"TUI key: {name} (CPU)",
                    median_ms(mine[name]),
                    median_ms(floor[name]),
                    None,
                    keys,
                    f"slowest {max(mine[name]) * 1000:.1f} ms; {shown[name]:,} rows after",
                    limit_ms=KEY_LIMIT_MS,
                )
            )
        rows.append(_peak_rss(ctx))
    return rows


def _peak_rss(ctx: Context) -> Row:
    from caseterm.bench.reads import PEAK_RSS

    script = ctx.workdir / "peak_rss.py"
    script.write_text(PEAK_RSS, encoding="utf-8")
    probe = [ctx.python, "-m", "caseterm.bench.tui_probe"]
    values = []
    for args in (["complete", str(ctx.caseload.root)], ["bare", str(ctx.size)]):
        done = subprocess.run(
            [ctx.python, str(script), *probe, *args],
            env=dict(ctx.env),
            capture_output=True,
            text=True,
            check=True,
        )
        values.append(float(done.stdout) / 1024)
    return Row(
        ctx.size,
        "peak RSS of the TUI with every figure, MiB (not ms)",
        values[0],
        values[1],
        None,
        1,
        "floor: the bare app with as many rows",
        limit_ms=RSS_LIMIT_MIB,
    )
