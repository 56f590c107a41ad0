"""``python -m caseterm.bench [--quick] [--sizes 40,500,5000] [--runs N] [--only NAME]
[--keep]``."""

from __future__ import annotations

import argparse
import platform
import sys
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
        help="3 repetitions per measure, reference-only rows skipped at 5,000 (make bench)",
    )
    names = [benchmark_name(b) for b in BENCHMARKS]
    parser.add_argument(
        "--only", action="append", choices=names, help="run only this benchmark (repeatable)"
    )
    args = parser.parse_args(argv)
    chosen = [b for b in BENCHMARKS if not args.only or benchmark_name(b) in args.only]
    report = run(args.sizes, args.runs, chosen, keep=args.keep, quick=args.quick)
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
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
