"""A live observation session: what each key did, replayed into one session's figures.

Pure: the screen reads the clock and passes the seconds observed (pauses left out); the
journal (``store.infra.journal``) keeps the same events as JSON lines, so a session
killed mid-way is rebuilt by replaying them (``LiveSession.from_journal``).

Keys per method (one key per behaviour): frequency counts one occurrence; duration starts
an episode, the next press stops it; latency marks the cue, the next press the response;
whole-interval and partial-interval score the current interval; momentary time sampling
scores the interval whose end was last prompted (the observer looks at the prompt).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from caseterm.model import behavior_vocab as bv

INTERVAL_METHODS = bv.INTERVAL_METHODS
KINDS = ("key", "undo", "pause", "resume", "tick", "abc")
MAX_BEHAVIORS = 9
"""One digit key each."""


@dataclass(frozen=True, slots=True)
class LiveBehavior:
    """A behaviour recorded in the session and its method."""

    name: str
    method: str


@dataclass(frozen=True, slots=True)
class LiveSetup:
    """What the session records, chosen before it starts."""

    student: str
    day: date
    start: time
    behaviors: tuple[LiveBehavior, ...]
    interval: int = 10
    """Seconds per interval for the interval methods (and the prompt)."""
    length: int = 0
    """Planned seconds; the clock stops there (0: until finished)."""
    observer: str = ""
    setting: str = ""
    activity: str = ""
    bell: bool = True

    @property
    def has_intervals(self) -> bool:
        return any(b.method in INTERVAL_METHODS for b in self.behaviors)


@dataclass(frozen=True, slots=True)
class AbcNote:
    """A quick ABC entry made during the session."""

    behavior: str
    antecedent: str = ""
    consequence: str = ""
    intensity: int | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class LiveEvent:
    """One thing that happened, ``at`` seconds observed from the start."""

    at: float
    kind: str
    behavior: int = -1
    abc: AbcNote | None = None


@dataclass
class Tally:
    """One behaviour's record so far."""

    count: int = 0
    episodes: list[tuple[int, int]] = field(default_factory=list)
    open_since: int | None = None
    """Duration: the open episode's start; latency: the cue's second."""
    latencies: list[int] = field(default_factory=list)
    marks: set[int] = field(default_factory=set)


class Stopwatch:
    """Seconds observed, with pauses left out; ``now`` values come from the caller."""

    def __init__(self, base: float = 0.0) -> None:
        self.base = base
        self.since: datetime | None = None

    @property
    def running(self) -> bool:
        return self.since is not None

    def read(self, now: datetime) -> float:
        if self.since is None:
            return self.base
        return self.base + max(0.0, (now - self.since).total_seconds())

    def start(self, now: datetime) -> None:
        if self.since is None:
            self.since = now

    def stop(self, now: datetime) -> None:
        self.base = self.read(now)
        self.since = None


class LiveSession:
    """The session's setup and events; the tallies are replayed from the events."""

    def __init__(self, setup: LiveSetup, events: Iterable[LiveEvent] = ()) -> None:
        self.setup = setup
        self.events: list[LiveEvent] = []
        self.tallies = [Tally() for _ in setup.behaviors]
        self.done: list[LiveEvent] = []
        """Key events still in effect (an undo removes the last)."""
        self.abc: list[tuple[float, AbcNote]] = []
        self.paused = False
        self.elapsed = 0.0
        for event in events:
            self.apply(event)

    # --- events --------------------------------------------------------------------

    def clamp(self, seconds: float) -> float:
        """Seconds observed, stopped at the planned length."""
        length = self.setup.length
        return min(seconds, float(length)) if length else seconds

    def apply(self, event: LiveEvent) -> str:
        """Record ``event``; return what it did, for the status line ('' if nothing)."""
        if event.kind == "abc" and event.abc is not None:
            # noted at the moment `a` was pressed, journalled when the form closed
            at = self.clamp(max(event.at, 0.0))
            self.elapsed = max(self.elapsed, at)
            self.events.append(LiveEvent(at, event.kind, event.behavior, event.abc))
            self.abc.append((at, event.abc))
            return f"ABC event: {event.abc.behavior}"
        at = self.clamp(max(event.at, self.elapsed))
        event = LiveEvent(at, event.kind, event.behavior, event.abc)
        self.elapsed = at
        self.events.append(event)
        if event.kind == "pause":
            self.paused = True
            return "paused"
        if event.kind == "resume":
            self.paused = False
            return "running"
        if event.kind == "undo":
            return self._undo()
        if event.kind == "key" and 0 <= event.behavior < len(self.tallies):
            self.done.append(event)
            return self._press(event.behavior, at)
        return ""

    def _press(self, index: int, at: float) -> str:
        spec = self.setup.behaviors[index]
        tally = self.tallies[index]
        second = int(at)
        if spec.method == "frequency":
            tally.count += 1
            return f"{spec.name}: {tally.count}"
        if spec.method == "duration":
            if tally.open_since is None:
                tally.open_since = second
                return f"{spec.name}: episode started"
            tally.episodes.append((tally.open_since, second))
            tally.open_since = None
            return f"{spec.name}: episode stopped"
        if spec.method == "latency":
            if tally.open_since is None:
                tally.open_since = second
                return f"{spec.name}: cue given"
            tally.latencies.append(second - tally.open_since)
            tally.open_since = None
            return f"{spec.name}: latency {tally.latencies[-1]} s"
        scored = self.scored_interval(spec, at)
        if scored < 0:
            return f"{spec.name}: wait for the first prompt"
        tally.marks.add(scored)
        return f"{spec.name}: interval {scored + 1} scored"

    def scored_interval(self, spec: LiveBehavior, at: float) -> int:
        """The interval a key at ``at`` scores: the current one, or for momentary time
        sampling the one whose end was last prompted (-1 before the first prompt)."""
        current = self.interval_at(at)
        if spec.method == "momentary":
            return current - 1
        return current

    def _undo(self) -> str:
        if not self.done:
            return "nothing to undo"
        last = self.done.pop()
        keep = self.done
        self.tallies = [Tally() for _ in self.setup.behaviors]
        self.done = []
        for event in keep:
            self.done.append(event)
            self._press(event.behavior, event.at)
        return f"undone: {self.setup.behaviors[last.behavior].name}"

    # --- what the screen shows -----------------------------------------------------

    def interval_at(self, seconds: float) -> int:
        """The 0-based interval ``seconds`` fall in."""
        return int(seconds // max(1, self.setup.interval))

    def shown(self, index: int) -> str:
        """A behaviour's figure so far, short."""
        spec, tally = self.setup.behaviors[index], self.tallies[index]
        if spec.method == "frequency":
            return f"{tally.count}"
        if spec.method == "duration":
            total = sum(b - a for a, b in tally.episodes)
            state = f" · running since {clock_text(tally.open_since)}" if self._open(index) else ""
            return f"{len(tally.episodes)} episodes, {clock_text(total)}{state}"
        if spec.method == "latency":
            cue = " · cue given" if self._open(index) else ""
            return f"{len(tally.latencies)} responses{cue}"
        now = self.scored_interval(spec, self.elapsed)
        here = " · scored" if now in tally.marks else ""
        return f"{len(tally.marks)} of {max(0, now + 1)} intervals{here}"

    def _open(self, index: int) -> bool:
        return self.tallies[index].open_since is not None

    @property
    def keys_pressed(self) -> int:
        return len(self.done)

    @property
    def finished(self) -> bool:
        """The planned length is reached."""
        return bool(self.setup.length) and self.elapsed >= self.setup.length

    # --- the record ----------------------------------------------------------------

    def seconds(self) -> int:
        """Whole seconds observed (at least one)."""
        return max(1, int(self.elapsed))

    def behavior_tables(self) -> tuple[dict[str, Any], ...]:
        """The ``[[observation.behavior]]`` tables of the session as it stands: an open
        episode stops at the end, a cue without a response is dropped; interval methods
        count the whole intervals observed, and the last part-interval if it was scored."""
        end = self.seconds()
        out: list[dict[str, Any]] = []
        for spec, tally in zip(self.setup.behaviors, self.tallies, strict=True):
            entry: dict[str, Any] = {"name": spec.name, "method": spec.method}
            if spec.method == "frequency":
                entry["count"] = min(tally.count, bv.MAX_COUNT)
            elif spec.method == "duration":
                episodes = list(tally.episodes)
                if tally.open_since is not None:
                    episodes.append((tally.open_since, end))
                entry["episodes"] = [[min(a, end), min(b, end)] for a, b in episodes]
            elif spec.method == "latency":
                entry["latencies"] = list(tally.latencies)
            else:
                length = max(1, self.setup.interval)
                whole = end // length
                scored_last = spec.method != "momentary" and whole in tally.marks and end % length
                count = max(1, whole + (1 if scored_last else 0))
                entry["interval"] = length
                entry["marks"] = "".join("1" if i in tally.marks else "0" for i in range(count))
            out.append(entry)
        return tuple(out)

    def end_time(self) -> time:
        """The start plus the seconds observed (pauses left out)."""
        start = datetime.combine(self.setup.day, self.setup.start)
        return (start + timedelta(seconds=self.seconds())).time()

    def time_at(self, seconds: float) -> time:
        start = datetime.combine(self.setup.day, self.setup.start)
        return (start + timedelta(seconds=int(seconds))).time().replace(microsecond=0)

    # --- the journal's JSON --------------------------------------------------------

    def header(self) -> dict[str, Any]:
        return setup_json(self.setup)

    @classmethod
    def from_journal(
        cls, header: Mapping[str, Any], entries: Sequence[Mapping[str, Any]]
    ) -> LiveSession:
        """The session a journal holds; ValueError if its header is not one."""
        setup = setup_from_json(header)
        events = [e for e in (event_from_json(x, len(setup.behaviors)) for x in entries) if e]
        return cls(setup, events)


def clock_text(seconds: float | None) -> str:
    """``mm:ss`` (``h:mm:ss`` from an hour)."""
    whole = int(seconds or 0)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def setup_json(setup: LiveSetup) -> dict[str, Any]:
    return {
        "student": setup.student,
        "date": setup.day.isoformat(),
        "start": setup.start.strftime("%H:%M:%S"),
        "behaviors": [[b.name, b.method] for b in setup.behaviors],
        "interval": setup.interval,
        "length": setup.length,
        "observer": setup.observer,
        "setting": setup.setting,
        "activity": setup.activity,
        "bell": setup.bell,
    }


def _text(data: Mapping[str, Any], key: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or len(value) > 2000:
        raise ValueError(f"{key}: not a text")
    return value


def _whole(data: Mapping[str, Any], key: str, low: int, high: int) -> int:
    value = data.get(key, 0)
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{key}: not a whole number from {low} to {high}")
    return value


def setup_from_json(data: Mapping[str, Any]) -> LiveSetup:
    """A journal's header as a setup; ValueError naming the first bad key."""
    behaviors = data.get("behaviors")
    if not isinstance(behaviors, list) or not 1 <= len(behaviors) <= MAX_BEHAVIORS:
        raise ValueError("behaviors: not a list of 1 to 9 behaviours")
    found: list[LiveBehavior] = []
    for entry in behaviors:
        pair = isinstance(entry, list) and len(entry) == 2
        if not (pair and all(isinstance(x, str) for x in entry)):
            raise ValueError("behaviors: each is [name, method]")
        if entry[1] not in bv.METHODS or not entry[0] or len(entry[0]) > 200:
            raise ValueError("behaviors: unknown method or bad name")
        found.append(LiveBehavior(entry[0], entry[1]))
    return LiveSetup(
        student=_text(data, "student"),
        day=date.fromisoformat(_text(data, "date")),
        start=time.fromisoformat(_text(data, "start")),
        behaviors=tuple(found),
        interval=_whole(data, "interval", 1, bv.MAX_INTERVAL_SECONDS),
        length=_whole(data, "length", 0, bv.MAX_SECONDS),
        observer=_text(data, "observer"),
        setting=_text(data, "setting"),
        activity=_text(data, "activity"),
        bell=bool(data.get("bell", True)),
    )


def event_json(event: LiveEvent) -> dict[str, Any]:
    out: dict[str, Any] = {"at": round(event.at, 3), "kind": event.kind}
    if event.behavior >= 0:
        out["behavior"] = event.behavior
    if event.abc is not None:
        a = event.abc
        out["abc"] = {
            "behavior": a.behavior,
            "antecedent": a.antecedent,
            "consequence": a.consequence,
            "intensity": a.intensity,
            "note": a.note,
        }
    return out


def event_from_json(data: Mapping[str, Any], behaviors: int) -> LiveEvent | None:
    """One journal line as an event; None for a line that is not one (a torn write)."""
    try:
        at = data["at"]
        kind = data["kind"]
        if isinstance(at, bool) or not isinstance(at, int | float) or not math.isfinite(at):
            return None
        if kind not in KINDS or not 0 <= at <= bv.MAX_SECONDS:
            return None
        index = data.get("behavior", -1)
        if isinstance(index, bool) or not isinstance(index, int):
            return None
        if kind == "key" and not 0 <= index < behaviors:
            return None
        abc = None
        if kind == "abc":
            raw = data["abc"]
            intensity = raw.get("intensity")
            low, high = bv.INTENSITY
            if intensity is not None and (
                isinstance(intensity, bool)
                or not isinstance(intensity, int)
                or not low <= intensity <= high
            ):
                intensity = None
            abc = AbcNote(
                behavior=_text(raw, "behavior"),
                antecedent=_text(raw, "antecedent"),
                consequence=_text(raw, "consequence"),
                intensity=intensity,
                note=_text(raw, "note"),
            )
        return LiveEvent(float(at), kind, index, abc)
    except (KeyError, TypeError, AttributeError, ValueError):
        return None
