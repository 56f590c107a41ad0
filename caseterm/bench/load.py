"""Loading a whole caseload against a bare read-and-parse of the same files.

Measured in-process, after one untimed warm-up pass, so the OS file cache is warm and the
modules are imported for both sides: the ratio is the cost of caseterm's work on top of
reading and parsing (decoding, checks, sorting), not interpreter start-up, which the
``data add`` benchmark measures.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import rtoml

from caseterm.bench.measure import Context, Row, median_ms, side_by_side
from caseterm.store import kinds
from caseterm.store.infra import layout
from caseterm.store.infra.load import load_caseload

TODAY = date(2026, 11, 25)


def caseload_files(root: Path) -> list[Path]:
    """Every file ``load_caseload`` reads, in its order (files a student lacks, such as
    ``discipline.toml`` before a first removal, are left out)."""
    files = [root / layout.SETTINGS_FILE, *sorted((root / layout.CALENDAR_DIR).glob("*.toml"))]
    for folder in sorted(p for p in (root / layout.STUDENTS_DIR).iterdir() if p.is_dir()):
        files.extend(
            folder / name for name in kinds.STUDENT_FILE_NAMES if (folder / name).is_file()
        )
    return files


def bare_parse(root: Path, loads: Callable[[str], dict[str, Any]]) -> int:
    """Read and parse every file of the caseload; the number of files."""
    files = caseload_files(root)
    for path in files:
        loads(path.read_text(encoding="utf-8"))
    return len(files)


def bench_load(ctx: Context) -> list[Row]:
    """``load_caseload`` (every record, as ``check`` reads) against rtoml (reference; left
    out at 5,000 with ``--quick``: the cold reads decode every file too)."""
    if ctx.quick and ctx.size >= 5000:
        return []
    root = ctx.caseload.root
    loaded = load_caseload(root, TODAY)
    if loaded.problems:
        raise RuntimeError(f"generated caseload has problems, e.g. {loaded.problems[0]}")
    bare_parse(root, rtoml.loads)

    def subject(_: int) -> object:
        return load_caseload(root, TODAY)

    runs = 1 if ctx.size >= 5000 else ctx.runs_for(False)
    mine, floor = side_by_side(runs, subject, lambda _: bare_parse(root, rtoml.loads))
    files = len(caseload_files(root))
    return [
        Row(
            ctx.size,
            "full load (check) vs rtoml read+parse, in-process",
            median_ms(mine),
            median_ms(floor),
            None,
            runs,
            f"{files:,} files",
        )
    ]
