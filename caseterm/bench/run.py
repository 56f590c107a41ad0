"""Generate the caseloads, run every benchmark on each, collect the rows."""

from __future__ import annotations

import compileall
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from caseterm.bench import data_add, load, reads, tui
from caseterm.bench.generate import GeneratedCaseload, generate, git_env
from caseterm.bench.measure import Benchmark, Context, Row

BENCHMARKS: tuple[Benchmark, ...] = (
    reads.bench_reads,
    load.bench_load,
    data_add.bench_data_add,
    tui.bench_tui,
)
SIZES = (40, 500, 5000)


def benchmark_name(benchmark: Benchmark) -> str:
    """A benchmark's short name: its module's, e.g. ``load`` or ``data_add``."""
    return benchmark.__module__.rsplit(".", 1)[-1]


def default_runs(size: int, quick: bool = False) -> int:
    """Repetitions per measure: fewer for big caseloads, whose runs take seconds, and
    fewer with ``quick``."""
    if quick:
        return 3
    return 7 if size <= 500 else 3


@dataclass
class Report:
    """Everything one benchmark run produced."""

    rows: list[Row] = field(default_factory=list)
    caseloads: list[GeneratedCaseload] = field(default_factory=list)


def compile_caseterm() -> None:
    """Write caseterm's bytecode, as any install or first run does.

    Without it (e.g. under ``PYTHONDONTWRITEBYTECODE``) every command would compile
    caseterm's sources again, which no user's installation does.
    """
    import caseterm

    compileall.compile_dir(Path(caseterm.__file__).parent, quiet=1)


def _say(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


def run(
    sizes: Sequence[int] = SIZES,
    runs: int | None = None,
    benchmarks: Sequence[Benchmark] = BENCHMARKS,
    progress: Callable[[str], None] = _say,
    keep: bool = False,
    quick: bool = False,
) -> Report:
    """Generate each caseload in a temporary folder and run ``benchmarks`` on it.

    ``runs`` overrides the repetitions of every measure (default: ``default_runs``). The
    folder is deleted afterwards unless ``keep``. ``quick``: see ``Context.quick``.
    """
    compile_caseterm()
    report = Report()
    workdir = Path(tempfile.mkdtemp(prefix="caseterm-bench-"))
    try:
        home = workdir / "home"
        home.mkdir(mode=0o700)
        env = git_env(home)
        for size in sizes:
            progress(f"generating {size:,} students ...")
            caseload = generate(workdir / f"caseload-{size}", size, env)
            # The kernel writes the new files out over the next ~30 s; left to run during
            # the first rows, it was timed with them (cold student list at 5,000: 1.63x,
            # against 1.26x for cold due right after; 1.15x and 1.24x after a sync).
            os.sync()
            report.caseloads.append(caseload)
            progress(
                f"  {caseload.files:,} files, {caseload.bytes_per_student / 1000:.1f} KB per "
                f"student, written and committed in {caseload.seconds:.1f} s"
            )
            ctx = Context(
                caseload,
                runs or default_runs(size, quick),
                env,
                workdir,
                sizes=tuple(sizes),
                quick=quick,
            )
            for benchmark in benchmarks:
                started = time.monotonic()
                for row in benchmark(ctx):
                    progress(
                        f"  {row.measure}: {row.caseterm_ms:,.1f} ms vs {row.floor_ms:,.1f} ms "
                        f"({row.ratio:.2f}x)"
                    )
                    report.rows.append(row)
                seconds = time.monotonic() - started
                progress(f"  ({benchmark_name(benchmark)} at {size:,}: {seconds:.0f} s)")
    finally:
        if keep:
            progress(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return report
