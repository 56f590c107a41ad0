"""A Rich progress bar on stderr for work that can take more than a second.

Shown only when stderr is a terminal, so scripts and pipes get clean output; Rich is
imported only then.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol


class Ticker(Protocol):
    """Reports progress: ``done`` of ``total`` steps."""

    def __call__(self, done: int, total: int) -> None: ...


def _silent(done: int, total: int) -> None:
    return None


@contextmanager
def progress_bar(description: str) -> Iterator[Ticker]:
    """Yield a ticker that moves a progress bar (nothing off a terminal)."""
    if not sys.stderr.isatty():
        yield _silent
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    from caseterm.cli.terminal import safe_console

    with Progress(*columns, console=safe_console(stderr=True), transient=True) as progress:
        task = progress.add_task(description, total=None)

        def tick(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        yield tick
