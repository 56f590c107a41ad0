"""Timing rows, medians, side-by-side runs against a floor, and the printed table."""

from __future__ import annotations

import gc
import statistics
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from caseterm.bench.generate import GeneratedCaseload


@dataclass(frozen=True, slots=True)
class Row:
    """One measure at one caseload size: caseterm's median against its floor's median."""

    size: int
    measure: str
    caseterm_ms: float
    floor_ms: float
    target: float | None
    runs: int
    note: str = ""
    limit_ms: float | None = None
    """An absolute target instead of a ratio (e.g. a keystroke under 50 ms)."""

    @property
    def ratio(self) -> float:
        return self.caseterm_ms / self.floor_ms if self.floor_ms > 0 else float("inf")

    @property
    def result(self) -> str:
        """``PASS``, ``OVER`` (above its target or limit) or ``ref`` (reference only)."""
        if self.limit_ms is not None:
            return "PASS" if self.caseterm_ms <= self.limit_ms else "OVER"
        if self.target is None:
            return "ref"
        return "PASS" if self.ratio <= self.target else "OVER"

    @property
    def goal(self) -> str:
        if self.limit_ms is not None:
            return f"< {self.limit_ms:g} ms"
        return f"<= {self.target:g}x" if self.target is not None else "-"


@dataclass(frozen=True)
class Context:
    """What a benchmark gets: a generated caseload, how often to run, where and with what."""

    caseload: GeneratedCaseload
    runs: int
    env: Mapping[str, str]
    workdir: Path
    python: str = sys.executable
    sizes: tuple[int, ...] = ()
    """Every size of this run, so a benchmark can do extra work on the first or last."""
    quick: bool = False
    """``--quick``: fewer repetitions (one for a reference-only row, see ``runs_for``),
    and the slow reference-only rows left out at the largest size (every targeted row is
    still measured against its floor)."""
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def size(self) -> int:
        return self.caseload.size

    def runs_for(self, targeted: bool) -> int:
        """Repetitions of a measure: ``runs``, but one for a reference-only row (no target
        at this size) with ``quick``: its ratio is shown, not judged, and each repetition
        of a whole process costs seconds at 500 and more."""
        return 1 if self.quick and not targeted else self.runs


Benchmark = Callable[[Context], list[Row]]


def timed(action: Callable[[], object]) -> float:
    """Seconds one call of ``action`` takes (garbage collected beforehand)."""
    gc.collect()
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def side_by_side(
    runs: int, subject: Callable[[int], object], floor: Callable[[int], object]
) -> tuple[list[float], list[float]]:
    """Time ``subject(i)`` and ``floor(i)`` in alternating order, so drift hits both alike."""
    mine: list[float] = []
    base: list[float] = []
    for i in range(runs):
        if i % 2 == 0:
            mine.append(timed(partial(subject, i)))
            base.append(timed(partial(floor, i)))
        else:
            base.append(timed(partial(floor, i)))
            mine.append(timed(partial(subject, i)))
    return mine, base


def median_ms(seconds: Sequence[float]) -> float:
    return statistics.median(seconds) * 1000


HEADERS = ("size", "measure", "caseterm ms", "floor ms", "runs", "ratio", "target", "result")


def _cells(row: Row) -> tuple[str, ...]:
    target = row.goal
    result = "OVER <<<" if row.result == "OVER" else row.result
    return (
        f"{row.size:,}",
        row.measure,
        f"{row.caseterm_ms:,.1f}",
        f"{row.floor_ms:,.1f}",
        str(row.runs),
        f"{row.ratio:.2f}x",
        target,
        result,
    )


def format_table(rows: Sequence[Row]) -> str:
    """A plain-text table, numbers right-aligned, over-target rows marked ``OVER <<<``."""
    cells = [HEADERS, *(_cells(r) for r in rows)]
    widths = [max(len(c[i]) for c in cells) for i in range(len(HEADERS))]
    lines = []
    for number, line in enumerate(cells):
        parts = [
            text.ljust(width) if i in (1, 6, 7) else text.rjust(width)
            for i, (text, width) in enumerate(zip(line, widths, strict=True))
        ]
        lines.append("  ".join(parts).rstrip())
        if number == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def summary(rows: Sequence[Row]) -> str:
    """One line: how many targeted rows passed, and which went over."""
    targeted = [r for r in rows if r.target is not None or r.limit_ms is not None]
    over = [r for r in targeted if r.result == "OVER"]
    if not over:
        return f"summary: all {len(targeted)} targeted measures within target"
    names = "; ".join(
        f"{r.measure} @ {r.size:,} ({r.caseterm_ms:.1f} ms, not {r.goal})"
        if r.limit_ms is not None
        else f"{r.measure} @ {r.size:,} ({r.ratio:.2f}x > {r.target:g}x)"
        for r in over
    )
    return f"summary: {len(targeted) - len(over)} of {len(targeted)} within target; OVER: {names}"
