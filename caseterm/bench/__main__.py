"""``python -m caseterm.bench [--quick] [--sizes 40,500,5000] [--runs N] [--only NAME]
[--keep]``."""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
from collections.abc import Sequence

from caseterm.bench.measure import format_table, summary
from caseterm.bench.run import BENCHMARKS, SIZES, benchmark_name, run


def _sizes(text: str) -> tuple[int, ...]:
    try:
        sizes = tuple(int(part) for part in text.split(","))
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: use sizes like 40,500,5000") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: sizes must be at least 1")
    return sizes


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m caseterm.bench",
        description="Time caseterm against bare floors on generated caseloads (medians).",
    )
    parser.add_argument("--sizes", type=_sizes, default=SIZES, help="default: 40,500,5000")
    parser.add_argument("--runs", type=int, default=None, help="repetitions of every measure")
    parser.add_argument("--keep", action="store_true", help="keep the generated caseloads")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="3 repetitions per targeted measure, 1 per reference-only row, and the slow "
        "reference rows skipped at 5,000 (make bench)",
    )
    names = [benchmark_name(b) for b in BENCHMARKS]
    parser.add_argument(
        "--only", action="append", choices=names, help="run only this benchmark (repeatable)"
    )
    args = parser.parse_args(argv)
    chosen = [b for b in BENCHMARKS if not args.only or benchmark_name(b) in args.only]
    started, load_before = time.monotonic(), os.getloadavg()[0]
    report = run(args.sizes, args.runs, chosen, keep=args.keep, quick=args.quick)
    wall = time.monotonic() - started
    print(f"caseterm benchmarks: Python {platform.python_version()}, {sys.platform}")
    for caseload in report.caseloads:
        print(
            f"caseload of {caseload.size:,}: {caseload.files:,} files, "
            f"{caseload.bytes_per_student / 1000:.1f} KB per student on average"
        )
    print()
    print(format_table(report.rows))
    print()
    print(summary(report.rows))
    print(took(wall, load_before, os.getloadavg()[0]))
    return 0


def took(wall: float, load_before: float, load_after: float) -> str:
    """How long the bench took, in wall time and CPU time (its own and its processes'),
    and the machine's load average before and after: on a shared machine the wall time
    depends on the others, the CPU time much less."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime
    return (
        f"took {_minutes(wall)} wall, {_minutes(cpu)} CPU "
        f"(load average {load_before:.1f} before, {load_after:.1f} after)"
    )


def _minutes(seconds: float) -> str:
    return f"{int(seconds // 60)} min {seconds % 60:.0f} s"


if __name__ == "__main__":
    raise SystemExit(main())
