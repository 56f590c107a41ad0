"""The read commands, process start to exit, against bare floors on the same files.

Cold (no summary index: a fresh, empty cache folder per run) against a Python process
that reads and parses every file with rtoml, caseterm's parser: the cost of decoding,
checking and indexing on top of parsing. Warm (index present, nothing changed) against
``cat`` of every file to /dev/null: the index must answer faster than the files can be
read. One changed student against warm: only that student is read again. Peak memory of
``due --json`` is measured in MiB (shown in the ms columns, against a limit).
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

from caseterm.bench.load import caseload_files
from caseterm.bench.measure import Context, Row, median_ms, side_by_side

COLD_TARGET = 1.5
WARM_TARGET = 1.0
CHANGED_TARGET = 1.2
RSS_LIMIT_MIB = 300.0
TARGET_SIZE = 5000
"""Warm targets apply to the district-sized caseload; smaller ones are shown for reference."""
TODAY = "2026-03-02"
COMMANDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("student list", ("student", "list", "--json")),
    ("due", ("due", "--json", "--today", TODAY)),
    ("minutes", ("minutes", "--json", "--today", TODAY)),
)

RTOML_FLOOR = """\
import os
import sys

import rtoml

root = sys.argv[1]
paths = [os.path.join(root, "caseterm.toml")]
calendar = os.path.join(root, "calendar")
paths += sorted(os.path.join(calendar, n) for n in os.listdir(calendar) if n.endswith(".toml"))
students = os.path.join(root, "students")
for folder in sorted(os.listdir(students)):
    for name in sys.argv[2:]:
        paths.append(os.path.join(students, folder, name))
for path in paths:
    try:
        with open(path, encoding="utf-8") as handle:
            rtoml.loads(handle.read())
    except FileNotFoundError:
        pass
"""

PEAK_RSS = """\
import resource
import subprocess
import sys

subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def _run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:7])}... failed: {done.stderr.strip()[-300:]}")
    return done.stdout


def bench_reads(ctx: Context) -> list[Row]:
    """Cold, warm and one-changed runs of student list, due and minutes; due's memory."""
    from caseterm.store import kinds

    root = ctx.caseload.root
    rtoml_script = ctx.workdir / "floor_rtoml_parse.py"
    rtoml_script.write_text(RTOML_FLOOR, encoding="utf-8")
    listing = ctx.workdir / f"files-{ctx.size}.list"
    listing.write_bytes(b"\0".join(str(p).encode() for p in caseload_files(root)))
    parse = [ctx.python, str(rtoml_script), str(root), *kinds.STUDENT_FILE_NAMES]
    cat = ["xargs", "-0", "-a", str(listing), "cat"]
    base_env = dict(ctx.env)
    warm_env = {**base_env, "XDG_CACHE_HOME": str(ctx.workdir / f"cache-{ctx.size}")}
    cold_runs = ctx.runs  # a single cold run at 5,000 moved by 40% with the machine's load
    rows: list[Row] = []
    targeted = ctx.size >= TARGET_SIZE
    warm_runs = ctx.runs_for(targeted)

    def caseterm(args: tuple[str, ...]) -> list[str]:
        return [ctx.python, "-m", "caseterm", "-C", str(root), *args]

    warm_cache = Path(warm_env["XDG_CACHE_HOME"])

    def cold(args: tuple[str, ...]) -> None:
        cache = tempfile.mkdtemp(prefix="cold-cache-", dir=ctx.workdir)
        try:
            _run(caseterm(args), {**base_env, "XDG_CACHE_HOME": cache})
            if not warm_cache.exists():
                # The index a cold run wrote is the warm rows' index: building it again
                # would cost one more cold read (the slowest thing the bench runs).
                Path(cache).rename(warm_cache)
        finally:
            shutil.rmtree(cache, ignore_errors=True)

    def floor_cat() -> None:
        subprocess.run(cat, stdout=subprocess.DEVNULL, check=True)

    floor_cat()  # the files in the page cache for every row (a parse would add seconds)
    for name, args in COMMANDS:
        mine_cpu: list[float] = []
        floor_cpu: list[float] = []
        mine, floor = side_by_side(
            cold_runs,
            partial(_skip, _cpu_into, mine_cpu, cold, args),
            partial(_skip, _cpu_into, floor_cpu, _run, parse, base_env),
        )
        rows.append(
            Row(
                ctx.size,
                f"cold {name} vs rtoml read+parse",
                median_ms(mine),
                median_ms(floor),
                COLD_TARGET,
                cold_runs,
                "no index: every file decoded, index written",
            )
        )
        if name == "due":
            rows.append(
                Row(
                    ctx.size,
                    "cold due, CPU time of all its processes",
                    median_ms(mine_cpu),
                    median_ms(floor_cpu),
                    None,
                    cold_runs,
                    "floor: the rtoml parse's CPU time (one process)",
                )
            )
    for name, args in COMMANDS:
        command = caseterm(args)
        _run(command, warm_env)
        mine, floor = side_by_side(
            warm_runs, partial(_skip, _run, command, warm_env), partial(_skip, floor_cat)
        )
        rows.append(
            Row(
                ctx.size,
                f"warm {name} vs cat of the files",
                median_ms(mine),
                median_ms(floor),
                WARM_TARGET if targeted else None,
                warm_runs,
                "index present, nothing changed",
            )
        )
    due = caseterm(COMMANDS[1][1])
    changed, warm_due = side_by_side(
        warm_runs,
        partial(_change_one, root, due, warm_env),
        partial(_skip, _run, due, warm_env),
    )
    rows.append(
        Row(
            ctx.size,
            "warm due, one student changed, vs warm due",
            median_ms(changed),
            median_ms(warm_due),
            CHANGED_TARGET if targeted else None,
            warm_runs,
            "includes rewriting one file",
        )
    )
    if targeted:
        rows.append(_peak_rss(ctx, due, warm_env, parse))
    return rows


def _skip(action: Callable[..., object], *args: object) -> object:
    """``action(*args)``, called as ``side_by_side`` calls: with the run number last."""
    return action(*args[:-1])


def _cpu_into(into: list[float], action: Callable[..., object], *args: object) -> None:
    """Run ``action(*args)`` and append the CPU seconds (user and system) of the child
    processes it waited for: a cold build runs on worker processes, so its wall time
    alone would hide the work done."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    action(*args)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    into.append(
        after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime,
    )


def _change_one(root: Path, command: list[str], env: dict[str, str], number: int) -> None:
    folders = sorted(p for p in (root / "students").iterdir() if p.is_dir())
    log = folders[(number * 7919) % len(folders)] / "log.toml"
    log.write_text(log.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _run(command, env)


def _peak_rss(ctx: Context, command: list[str], env: dict[str, str], floor: list[str]) -> Row:
    script = ctx.workdir / "peak_rss.py"
    script.write_text(PEAK_RSS, encoding="utf-8")
    mine = float(_run([ctx.python, str(script), *command], env)) / 1024
    base = float(_run([ctx.python, str(script), *floor], env)) / 1024
    return Row(
        ctx.size,
        "peak RSS of warm due --json, MiB (not ms)",
        mine,
        base,
        None,
        1,
        "floor: the rtoml parse process",
        limit_ms=RSS_LIMIT_MIB,
    )
