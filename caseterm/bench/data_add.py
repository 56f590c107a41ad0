"""``caseterm data add`` and ``service log``, process start to commit, against a minimal
append-and-commit.

Both sides are fresh processes of the same interpreter with the same environment, one
after the other on the same student's ``data.toml``; each repetition uses another student
(three times ``Context.runs`` of them).
The floor appends the same text, then runs ``git commit -- FILE``: the least any tool must
do to record a data point or a session in git.
"""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

from caseterm.bench.generate import GeneratedStudent
from caseterm.bench.measure import Context, Row, median_ms, side_by_side
from caseterm.store.infra import layout
from caseterm.store.infra.ids import new_id
from caseterm.store.infra.tomltext import table_text

TARGET = 1.5
RUNS_FACTOR = 3
"""A run takes ~0.1 s, so three times the repetitions: medians of a noisy machine settle
(with ``--quick``, at the largest size only: the smaller caseloads' writes cost the same
git work on smaller repositories and get the quick run's 3)."""
FIRST_DATE = date(2026, 5, 4)

FLOOR_SCRIPT = """\
import subprocess
import sys

root, rel, block, message = sys.argv[1:5]
with open(f"{root}/{rel}", "a", encoding="utf-8") as handle:
    handle.write(block)
subprocess.run(
    ["git", "-C", root, "commit", "--quiet", "--no-verify", "-m", message, "--", rel], check=True
)
"""


def _run(command: list[str], ctx: Context) -> None:
    done = subprocess.run(command, env=dict(ctx.env), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:6])}... failed: {done.stderr.strip()}")


def bench_data_add(ctx: Context) -> list[Row]:
    """``data add`` and ``service log`` against the floor script, on different students."""
    script = ctx.workdir / "floor_append_commit.py"
    script.write_text(FLOOR_SCRIPT, encoding="utf-8")
    return [_data_add(ctx, script), _service_log(ctx, script)]


def _runs(ctx: Context) -> int:
    if ctx.quick and ctx.sizes and ctx.size < max(ctx.sizes):
        return ctx.runs
    return ctx.runs * RUNS_FACTOR


def _picks(ctx: Context, runs: int, salt: int) -> list[GeneratedStudent]:
    students = ctx.caseload.students
    return [students[(i * 7919 + salt) % len(students)] for i in range(runs + 1)]


def _data_add(ctx: Context, script: Path) -> Row:
    root = str(ctx.caseload.root)
    runs = _runs(ctx)
    picks = _picks(ctx, runs, 1)

    def subject(i: int) -> None:
        student = picks[i]
        day = FIRST_DATE + timedelta(days=i % 5)
        command = [ctx.python, "-m", "caseterm", "-C", root, "data", "add", student.id]
        _run([*command, student.goals[0], str(40 + i), "--date", day.isoformat()], ctx)

    def floor(i: int) -> None:
        student = picks[i]
        day = FIRST_DATE + timedelta(days=i % 5)
        fields = {"id": new_id(), "goal": student.goals[0], "date": day, "value": 40 + i}
        block = "\n" + table_text("point", fields)
        rel = f"{layout.STUDENTS_DIR}/{student.id}/{layout.DATA_FILE}"
        message = f"{student.id}: add data point for goal {student.goals[0]} ({40 + i})"
        _run([ctx.python, str(script), root, rel, block, message], ctx)

    subject(runs)
    floor(runs)
    mine, base = side_by_side(runs, subject, floor)
    return Row(
        ctx.size,
        "data add (process start to commit)",
        median_ms(mine),
        median_ms(base),
        TARGET,
        runs,
        "floor: python append + git commit -- FILE",
    )


def _service_log(ctx: Context, script: Path) -> Row:
    root = str(ctx.caseload.root)
    runs = _runs(ctx)
    picks = [s for s in _picks(ctx, runs * 2, 3) if s.services][: runs + 1]

    def subject(i: int) -> None:
        student = picks[i]
        day = FIRST_DATE + timedelta(days=i % 5)
        command = [ctx.python, "-m", "caseterm", "-C", root, "service", "log", student.id]
        _run([*command, student.services[0], "30", "--date", day.isoformat()], ctx)

    def floor(i: int) -> None:
        student = picks[i]
        day = FIRST_DATE + timedelta(days=i % 5)
        service = student.services[0]
        fields = {"id": new_id(), "service": service, "date": day, "minutes": 30}
        block = "\n" + table_text("session", fields)
        rel = f"{layout.STUDENTS_DIR}/{student.id}/{layout.SESSIONS_FILE}"
        message = f"{student.id}: log {service} session {day.isoformat()} (30 min, delivered)"
        _run([ctx.python, str(script), root, rel, block, message], ctx)

    subject(runs)
    floor(runs)
    mine, base = side_by_side(runs, subject, floor)
    return Row(
        ctx.size,
        "service log (process start to commit)",
        median_ms(mine),
        median_ms(base),
        TARGET,
        runs,
        "floor: python append + git commit -- FILE",
    )
