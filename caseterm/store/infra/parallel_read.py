"""Reading many students' summaries on every core (a cold index build of a big caseload).

A cold build is CPU work in one process, ~2 ms per student: minutes of waiting at 5,000
students on one core. From ``PARALLEL_FROM`` students it is shared among worker
processes forked from this one, each running the same reader on a share of the students
and sending back their summaries, which this process gathers in the students' order.

Only a single-threaded process forks: a fork while another thread holds a lock (Rich's
refresh thread, Textual's driver) could deadlock the child. So the TUI, whose build runs
in a thread, reads in that thread as before, and the CLI's progress bar starts at its first
tick, after the workers are forked. A worker started by fork imports and runs nothing this
process has not. A share whose worker fails (killed, out of memory) is read again here.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from caseterm.store.infra.quickread import QuickReader, read_summary
from caseterm.store.infra.summary import Summary

Progress = Callable[[int, int], None]

PARALLEL_FROM = 100
"""From this many students to read, forking workers pays for itself: starting the pool
costs ~30 ms (measured at 40 students: 83-134 ms on two workers against 98 ms in one
process), reading a student ~2 ms."""
SHARES_PER_WORKER = 4
"""Tasks per worker: enough to keep every worker busy to the end and to move the progress
bar, few enough that sending tasks back costs little."""
MAX_WORKERS = 8


def worker_count() -> int:
    """The cores this process may run on (at most ``MAX_WORKERS``)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return min(cores, MAX_WORKERS)


def can_fork() -> bool:
    """True where forking workers is safe: a POSIX system and no other thread running."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


def read_summaries(
    root: Path, student_ids: list[str], periods: tuple[str, ...], progress: Progress | None
) -> Iterator[tuple[str, Summary]]:
    """Each student's summary (``quickread.read_summary``), in the order given; on worker
    processes when there are many students, cores to run them and no other thread."""
    workers = worker_count()
    if len(student_ids) < PARALLEL_FROM or workers < 2 or not can_fork():
        quick = QuickReader(root, periods)
        for done, student_id in enumerate(student_ids, start=1):
            if progress is not None:
                progress(done, len(student_ids))
            yield student_id, read_summary(root, student_id, periods, quick)
        return
    size = -(-len(student_ids) // (workers * SHARES_PER_WORKER))
    shares = [student_ids[i : i + size] for i in range(0, len(student_ids), size)]
    read = _on_workers(root, shares, periods, workers, progress)
    for share, summaries in zip(shares, read, strict=True):
        yield from zip(share, summaries, strict=True)


def _on_workers(
    root: Path,
    shares: list[list[str]],
    periods: tuple[str, ...],
    workers: int,
    progress: Progress | None,
) -> list[list[Summary]]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor, as_completed

    total = sum(len(share) for share in shares)
    results: dict[int, list[Summary]] = {}
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        pending = {
            pool.submit(read_share, root, share, periods): n for n, share in enumerate(shares)
        }
        done = 0
        for future in as_completed(pending):
            n = pending[future]
            try:
                results[n] = future.result()
            except Exception:  # a worker died (killed, out of memory): read its share here
                results[n] = read_share(root, shares[n], periods)
            done += len(shares[n])
            if progress is not None:
                progress(done, total)
    return [results[n] for n in range(len(shares))]


def read_share(root: Path, student_ids: list[str], periods: tuple[str, ...]) -> list[Summary]:
    """The summaries of a share of the students, in its order (what a worker runs)."""
    quick = QuickReader(root, periods)
    return [read_summary(root, student_id, periods, quick) for student_id in student_ids]
