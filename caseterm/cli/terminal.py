"""Everything the CLI writes goes through ``safe_text`` (``caseterm.display``).

``main`` wraps ``sys.stdout`` and ``sys.stderr`` in ``SafeStream`` for the length of a
command, so no ``print`` can put a file's escape sequence on the terminal. Rich consoles
write to the real stream (their colours are escape sequences of ours) and apply the same
rule to every piece of text they render (``safe_console``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TextIO, cast

from caseterm.display import safe_text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderableType
    from rich.segment import Segment


class SafeStream(io.TextIOBase):
    """A text stream that writes ``safe_text`` of what it is given to ``raw``."""

    def __init__(self, raw: TextIO) -> None:
        super().__init__()
        self.raw = raw

    def write(self, text: str) -> int:
        self.raw.write(safe_text(text))
        return len(text)

    def flush(self) -> None:
        self.raw.flush()

    def isatty(self) -> bool:
        return self.raw.isatty()

    def fileno(self) -> int:
        return self.raw.fileno()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return getattr(self.raw, "encoding", None) or "utf-8"


def raw_stream(stream: TextIO) -> TextIO:
    """The stream under a ``SafeStream`` (for Rich), else ``stream`` itself."""
    return stream.raw if isinstance(stream, SafeStream) else stream


@contextmanager
def safe_output() -> Iterator[None]:
    """Wrap ``sys.stdout`` and ``sys.stderr`` in ``SafeStream`` while the block runs."""
    import sys

    saved = sys.stdout, sys.stderr
    sys.stdout = cast(TextIO, SafeStream(sys.stdout))
    sys.stderr = cast(TextIO, SafeStream(sys.stderr))
    try:
        yield
    finally:
        for stream in (sys.stdout, sys.stderr):
            stream.flush()
        sys.stdout, sys.stderr = saved


def safe_console(stderr: bool = False) -> Console:
    """A Rich console on the real stream that applies ``safe_text`` to every piece of text
    it renders (tables, live progress bars and all), never to its own escape codes."""
    import sys

    from rich.console import Console
    from rich.segment import Segment

    class SafeConsole(Console):
        def render(
            self, renderable: RenderableType, options: ConsoleOptions | None = None
        ) -> Iterable[Segment]:
            for segment in super().render(renderable, options):
                if segment.control or not segment.text:
                    yield segment
                else:
                    yield Segment(safe_text(segment.text), segment.style)

    return SafeConsole(
        file=raw_stream(sys.stderr if stderr else sys.stdout),
        stderr=stderr,
        highlight=False,
        soft_wrap=False,
    )
