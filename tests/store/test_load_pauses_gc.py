"""Loading pauses the garbage collector and always puts it back as it was."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from caseterm.store.infra import load
from tests.conftest import TODAY


def test_the_collector_is_enabled_again_after_a_load(caseload: Path) -> None:
    assert gc.isenabled()
    loaded = load.load_caseload(caseload, TODAY)
    assert loaded.problems == []
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled(caseload: Path) -> None:
    gc.disable()
    try:
        load.load_caseload(caseload, TODAY)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_comes_back_when_loading_fails(
    caseload: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object) -> None:
        assert not gc.isenabled()
        raise OSError("disk gone")

    monkeypatch.setattr(load, "_load_caseload", broken)
    with pytest.raises(OSError, match="disk gone"):
        load.load_caseload(caseload, TODAY)
    assert gc.isenabled()
