"""Reading many students' summaries on every core (a cold index build of a big caseload).

A cold build is CPU work, ~2 ms per student: minutes of waiting at 5,000 students on one
core. From ``PARALLEL_FROM`` students it is shared among worker processes forked from this
one, one per core, student *i* going to worker *i* mod *n*. Each runs the same reader and
writes each summary back through its own pipe, pickled; this process gathers them and
returns them in the order asked.

Only a single-threaded process forks: a fork while another thread holds a lock (Rich's
refresh thread, Textual's driver) could deadlock the child. So the TUI, whose build runs
in a thread, reads in that thread as before, and the CLI's progress bar starts at its
first tick, after the workers are forked. A worker imports and runs nothing this process
has not (no ``multiprocessing``: its imports alone cost ~30 ms). Students whose summary a
worker did not send (it died: killed, out of memory) are read here.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NoReturn

from caseterm.store.infra.quickread import QuickReader, read_summary
from caseterm.store.infra.summary import Summary

Progress = Callable[[int, int], None]

PARALLEL_FROM = 32
"""From this many students to read, forking workers pays for itself (measured on two
cores, medians of 10-12: 40 students 48 ms against 72 ms in one process; the sample's 23
students 24 ms against 23 ms)."""
MAX_WORKERS = 8
_LENGTH = 4
_PIPE_BYTES = 1 << 20
"""Asked of Linux for each pipe (default 64 KiB), so a worker seldom waits for this process."""


def worker_count() -> int:
    """The cores this process may run on (at most ``MAX_WORKERS``)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return min(cores, MAX_WORKERS)


def can_fork() -> bool:
    """True where forking workers is safe: a POSIX system other than macOS (whose system
    libraries may crash a forked child) and no other thread running."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


def read_summaries(
    root: Path, student_ids: list[str], periods: tuple[str, ...], progress: Progress | None
) -> Iterator[tuple[str, Summary]]:
    """Each student's summary (``quickread.read_summary``), in the order given; on worker
    processes when there are many students, cores to run them and no other thread."""
    workers = worker_count()
    if len(student_ids) >= PARALLEL_FROM and workers >= 2 and can_fork():
        found = _on_workers(root, student_ids, periods, workers, progress)
        yield from ((student_id, found[student_id]) for student_id in student_ids)
        return
    quick = QuickReader(root, periods)
    for done, student_id in enumerate(student_ids, start=1):
        if progress is not None:
            progress(done, len(student_ids))
        yield student_id, read_summary(root, student_id, periods, quick)


def _on_workers(
    root: Path,
    student_ids: list[str],
    periods: tuple[str, ...],
    workers: int,
    progress: Progress | None,
) -> dict[str, Summary]:
    import selectors

    shares = [student_ids[n::workers] for n in range(workers)]
    found: dict[str, Summary] = {}
    children: dict[int, int] = {}  # pipe end -> worker's pid
    pending: dict[int, bytearray] = {}  # pipe end -> bytes not yet taken
    try:
        for share in shares:
            try:  # out of files or processes: the shares not started are read here
                read_end, write_end = os.pipe()
            except OSError:
                break
            try:
                pid = os.fork()
            except OSError:
                os.close(read_end)
                os.close(write_end)
                break
            if pid == 0:
                _work(read_end, write_end, root, share, periods)
            os.close(write_end)
            _widen(read_end)
            children[read_end] = pid
            pending[read_end] = bytearray()
        with selectors.DefaultSelector() as selector:
            for read_end in children:
                selector.register(read_end, selectors.EVENT_READ)
            while pending:
                for key, _events in selector.select():
                    fd = int(key.fd)
                    buffer = pending[fd]
                    chunk = os.read(fd, _PIPE_BYTES)
                    if chunk:
                        before = len(found)
                        buffer += chunk
                        _take(buffer, found)
                        if progress is not None and len(found) > before:
                            progress(len(found), len(student_ids))
                    else:
                        selector.unregister(fd)
                        del pending[fd]
    finally:
        for read_end, pid in children.items():
            if read_end in pending:  # left early (an error, Ctrl-C): stop the worker
                os.kill(pid, signal.SIGKILL)
            os.close(read_end)
            with contextlib.suppress(ChildProcessError):  # reaped already (SIGCHLD ignored)
                os.waitpid(pid, 0)
    missing = [student_id for student_id in student_ids if student_id not in found]
    if missing:
        quick = QuickReader(root, periods)
        for student_id in missing:
            found[student_id] = read_summary(root, student_id, periods, quick)
            if progress is not None:
                progress(len(found), len(student_ids))
    return found


def _take(buffer: bytearray, found: dict[str, Summary]) -> None:
    """Move each whole summary at the start of ``buffer`` into ``found``."""
    start = 0
    while len(buffer) - start >= _LENGTH:
        size = int.from_bytes(buffer[start : start + _LENGTH], "little")
        end = start + _LENGTH + size
        if len(buffer) < end:
            break
        entry: Summary = pickle.loads(buffer[start + _LENGTH : end])
        found[entry.id] = entry
        start = end
    del buffer[:start]


def _work(
    read_end: int, write_end: int, root: Path, share: list[str], periods: tuple[str, ...]
) -> NoReturn:
    """A worker: send each summary of ``share``, then end without running anything of this
    process's exit (no buffers flushed, no handlers)."""
    code = 1
    try:
        os.close(read_end)
        quick = QuickReader(root, periods)
        with open(write_end, "wb", buffering=_PIPE_BYTES) as out:
            for student_id in share:
                data = pickle.dumps(
                    read_summary(root, student_id, periods, quick), pickle.HIGHEST_PROTOCOL
                )
                out.write(len(data).to_bytes(_LENGTH, "little"))
                out.write(data)
        code = 0
    finally:
        os._exit(code)


def _widen(fd: int) -> None:
    try:
        import fcntl

        fcntl.fcntl(fd, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    except (ImportError, AttributeError, OSError):
        return
