"""A live session's keys replayed into figures: each method, undo, pauses, the planned
length, and a journal's JSON (including hostile values) read back."""

from __future__ import annotations

import math
from datetime import date, time

import pytest

from caseterm.model.live import (
    AbcNote,
    LiveBehavior,
    LiveEvent,
    LiveSession,
    LiveSetup,
    event_from_json,
    event_json,
    setup_from_json,
    setup_json,
)

SETUP = LiveSetup(
    student="marcus-d",
    day=date(2026, 11, 25),
    start=time(9, 0),
    behaviors=(
        LiveBehavior("call-out", "frequency"),
        LiveBehavior("tantrum", "duration"),
        LiveBehavior("comply", "latency"),
        LiveBehavior("leave-area", "partial-interval"),
        LiveBehavior("on-task", "momentary"),
    ),
    interval=10,
    length=60,
)


def key(at: float, index: int) -> LiveEvent:
    return LiveEvent(at, "key", index)


def test_each_method_becomes_its_table() -> None:
    events = [
        key(1, 0),
        key(2, 0),
        key(5, 1),
        key(5, 4),  # before the first prompt: nothing
        key(12, 3),
        key(15, 3),
        key(17, 1),
        key(40, 1),  # still open at the end: stops at 60
        key(20, 2),  # a key journalled out of order keeps the order: at 40
        key(43, 2),
        key(45, 4),  # scores interval 4 (prompted at 40 s)
        LiveEvent(90, "tick"),  # past the planned length: clamped to 60
    ]
    session = LiveSession(SETUP, events)
    tables = {t["name"]: t for t in session.behavior_tables()}
    assert tables["call-out"]["count"] == 2
    assert tables["tantrum"]["episodes"] == [[5, 17], [40, 60]]
    assert tables["comply"]["latencies"] == [3]
    assert tables["leave-area"]["marks"] == "010000"
    assert tables["on-task"]["marks"] == "000100"
    assert session.seconds() == 60 and session.finished
    assert session.end_time() == time(9, 1)


def test_undo_takes_back_the_last_key_only() -> None:
    events = [key(1, 0), key(2, 1), key(3, 0), LiveEvent(4, "undo"), LiveEvent(5, "undo")]
    session = LiveSession(SETUP, events)
    assert session.tallies[0].count == 1
    assert session.tallies[1].open_since is None
    assert session.apply(LiveEvent(6, "undo")) == "undone: call-out"
    assert session.apply(LiveEvent(6, "undo")) == "nothing to undo"


def test_a_part_interval_counts_only_when_scored() -> None:
    setup = LiveSetup("a", date(2026, 1, 5), time(9), (LiveBehavior("x", "partial-interval"),))
    assert LiveSession(setup, [LiveEvent(25, "tick")]).behavior_tables()[0]["marks"] == "00"
    scored = LiveSession(setup, [key(21, 0), LiveEvent(25, "tick")])
    assert scored.behavior_tables()[0]["marks"] == "001"


def test_abc_notes_keep_the_moment_they_were_noted() -> None:
    note = AbcNote("call-out", "worksheet", "peers laughed", 3)
    session = LiveSession(SETUP, [LiveEvent(30, "tick"), LiveEvent(12, "abc", abc=note)])
    assert session.abc == [(12, note)]
    assert session.time_at(12) == time(9, 0, 12)


def test_the_journal_json_round_trips() -> None:
    note = AbcNote("call-out", "a", "c", None, "n")
    events = [
        key(1.5, 0),
        LiveEvent(2, "pause"),
        LiveEvent(2, "resume"),
        LiveEvent(3, "abc", -1, note),
    ]
    header = setup_json(SETUP)
    again = LiveSession.from_journal(header, [event_json(e) for e in events])
    assert again.setup == SETUP
    assert [(e.kind, e.behavior) for e in again.events] == [(e.kind, e.behavior) for e in events]
    assert again.abc == [(3, note)]


@pytest.mark.parametrize(
    "line",
    [
        {},
        {"at": "1", "kind": "key", "behavior": 0},
        {"at": math.inf, "kind": "key", "behavior": 0},
        {"at": 1e300, "kind": "key", "behavior": 0},
        {"at": True, "kind": "key", "behavior": 0},
        {"at": 1, "kind": "key", "behavior": 99},
        {"at": 1, "kind": "key", "behavior": True},
        {"at": 1, "kind": "explode"},
        {"at": 1, "kind": "abc", "abc": "text"},
        {"at": 1, "kind": "abc", "abc": {"behavior": 5}},
    ],
)
def test_a_line_that_is_not_an_event_is_skipped(line: dict[str, object]) -> None:
    assert event_from_json(line, 5) is None


@pytest.mark.parametrize(
    "change",
    [
        {"behaviors": []},
        {"behaviors": [["x", "juggling"]]},
        {"behaviors": [["x"] * 3]},
        {"behaviors": [[1, "frequency"]]},
        {"interval": 0},
        {"interval": 10**12},
        {"length": -1},
        {"date": "2026-13-01"},
        {"start": 9},
        {"observer": ["list"]},
    ],
)
def test_a_header_that_is_not_a_setup_is_refused(change: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        setup_from_json({**setup_json(SETUP), **change})


def test_hostile_abc_intensity_is_dropped() -> None:
    line = {"at": 1, "kind": "abc", "abc": {"behavior": "x", "intensity": 10**9}}
    event = event_from_json(line, 5)
    assert event is not None and event.abc is not None and event.abc.intensity is None
