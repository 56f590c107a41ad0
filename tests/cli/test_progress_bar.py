"""The progress bar of a long read: on a terminal only, and its refresh thread only from
the first tick, so the work can fork worker processes before (``parallel_read``)."""

from __future__ import annotations

import io
import sys
import threading

import pytest

from caseterm.cli.progressbar import progress_bar
from caseterm.cli.terminal import SafeStream
from tests.cli.test_terminal_escapes import _Terminal


def test_the_bar_starts_its_thread_at_the_first_tick_and_shows_the_count(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    raw = _Terminal()
    monkeypatch.setattr(sys, "stderr", SafeStream(raw))
    before = threading.active_count()
    with progress_bar("Indexing the caseload") as tick:
        assert threading.active_count() == before, "no thread before the first tick"
        assert raw.getvalue() == ""
        tick(1, 300)
        assert threading.active_count() == before + 1, "Rich refreshes from a thread"
        tick(300, 300)
    assert "Indexing the caseload" in raw.getvalue()
    assert "300/300" in raw.getvalue()


def test_off_a_terminal_the_bar_shows_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = io.StringIO()
    monkeypatch.setattr(sys, "stderr", raw)
    before = threading.active_count()
    with progress_bar("Indexing the caseload") as tick:
        tick(1, 2)
        assert threading.active_count() == before
    assert raw.getvalue() == ""
