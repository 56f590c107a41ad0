"""A Rich progress bar on stderr for work that can take more than a second.

Shown only when stderr is a terminal, so scripts and pipes get clean output; Rich is
imported only then.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Protocol


class Ticker(Protocol):
    """Reports progress: ``done`` of ``total`` steps."""

    def __call__(self, done: int, total: int) -> None: ...


def _silent(done: int, total: int) -> None:
    return None


@contextmanager
def progress_bar(description: str) -> Iterator[Ticker]:
    """Yield a ticker that moves a progress bar (nothing off a terminal).

    The bar, and Rich's refresh thread with it, starts at the first tick: work that forks
    worker processes (``store.infra.parallel_read``) does so before ticking, while the
    process is still single-threaded."""
    if not sys.stderr.isatty():
        yield _silent
        return
    with ExitStack() as stack:
        shown: list[Callable[[int, int], None]] = []

        def tick(done: int, total: int) -> None:
            if not shown:
                shown.append(_start(stack, description))
            shown[0](done, total)

        yield tick


def _start(stack: ExitStack, description: str) -> Callable[[int, int], None]:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from caseterm.cli.terminal import safe_console

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    progress = stack.enter_context(
        Progress(*columns, console=safe_console(stderr=True), transient=True)
    )
    task = progress.add_task(description, total=None)

    def update(done: int, total: int) -> None:
        progress.update(task, completed=done, total=total)

    return update
