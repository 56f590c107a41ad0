"""Decoder of ``behavior.toml``: FBAs, BIPs, observation sessions, ABC events, fidelity
checks and the safety plan.

Same contract as ``model.decode``: never raise, report each bad field as a ``KeyProblem``
naming the accepted form, keep a record while it still makes sense.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from caseterm.model import behavior_vocab as bv
from caseterm.model.decode import (
    KeyProblem,
    Reader,
    _check_count,
    _check_time,
    _records,
    _unique_ids,
)
from caseterm.model.fields import MAX_ITEMS
from caseterm.model.records import (
    AbcEvent,
    Bip,
    BipTarget,
    Fba,
    FidelityCheck,
    Observation,
    ObservedBehavior,
    SafetyPlan,
    Source,
    TargetBehavior,
)


@dataclass(frozen=True, slots=True)
class BehaviorFile:
    """Everything ``behavior.toml`` holds."""

    fbas: tuple[Fba, ...] = ()
    bips: tuple[Bip, ...] = ()
    observations: tuple[Observation, ...] = ()
    abc_events: tuple[AbcEvent, ...] = ()
    fidelity_checks: tuple[FidelityCheck, ...] = ()
    safety: SafetyPlan | None = None


def _whole_list(r: Reader, key: str, maximum: int) -> tuple[int, ...]:
    value = r._get(key, False)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= maximum for v in value
    ):
        r._report(key, f"{key}: use a list of whole numbers from 0 to {maximum}, e.g. [2, 0, 1]")
        return ()
    return tuple(value)


def _dates(r: Reader, key: str) -> tuple[dt.date, ...]:
    value = r._get(key, False)
    if value is None:
        return ()
    if not isinstance(value, list) or not all(
        isinstance(v, dt.date) and not isinstance(v, dt.datetime) for v in value
    ):
        r._report(key, f"{key}: use a list of bare dates, e.g. [2026-11-02, 2026-12-07]")
        return ()
    if len(value) > MAX_ITEMS:
        r._report(key, f"{key}: {len(value)} items; keep it to {MAX_ITEMS}")
    return tuple(sorted(value))


def _episodes(r: Reader, key: str) -> tuple[tuple[int, int], ...]:
    value = r._get(key, False)
    if value is None:
        return ()
    form = f"{key}: use [start, stop] pairs of seconds from the session's start, e.g. [[30, 95]]"
    if not isinstance(value, list):
        r._report(key, form)
        return ()
    out: list[tuple[int, int]] = []
    for pair in value:
        ok = (
            isinstance(pair, list)
            and len(pair) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in pair)
            and 0 <= pair[0] <= pair[1] <= bv.MAX_SECONDS
        )
        if not ok:
            r._report(key, form + f" (stop not before start, at most {bv.MAX_SECONDS})")
            return ()
        out.append((pair[0], pair[1]))
    return tuple(out)


def _marks(r: Reader, key: str) -> tuple[bool, ...]:
    value = r._get(key, False)
    if value is None:
        return ()
    if (
        not isinstance(value, str)
        or len(value) > bv.MAX_INTERVALS
        or any(c not in "01" for c in value)
    ):
        r._report(key, f'{key}: one 1 (occurred) or 0 per interval, e.g. "0110"')
        return ()
    return tuple(c == "1" for c in value)


def _unique_names(r: Reader, table: str, records: tuple[Any, ...], what: str) -> None:
    """Nested records merge by ``name``: each name once per record."""
    seen: set[str] = set()
    for index, record in enumerate(records):
        if record.name in seen:
            r.problems.append(
                KeyProblem(
                    (*r.path, table, index, "name"),
                    f"name: '{record.name}' is {what} twice; give each once",
                )
            )
        seen.add(record.name)


def _observed(r: Reader) -> ObservedBehavior:
    method = r.required_choice("method", tuple(bv.METHODS))
    counts = _whole_list(r, "counts", bv.MAX_SECONDS)
    interval = r._checked(
        "interval",
        method in bv.INTERVAL_METHODS,
        lambda f, v: _positive(f, v, bv.MAX_INTERVAL_SECONDS),
    )
    count_value = r._checked("count", False, lambda f, v: _positive(f, v, bv.MAX_COUNT, 0))
    behavior = ObservedBehavior(
        name=r.slug("name", required=True),
        method=method,
        count=sum(counts) if counts and count_value is None else (count_value or 0),
        counts=counts,
        episodes=_episodes(r, "episodes"),
        latencies=_whole_list(r, "latencies", bv.MAX_SECONDS),
        interval=interval or 0,
        marks=_marks(r, "marks"),
    )
    if counts and count_value is not None and count_value != sum(counts):
        r._report("count", f"count: {count_value} is not the sum of counts ({sum(counts)})")
    if method in bv.INTERVAL_METHODS and not behavior.marks:
        r._report("marks", f'marks: give one 1 or 0 per interval for method = "{method}"')
    return behavior


def _positive(field: str, value: Any, maximum: int, minimum: int = 1) -> int:
    return _check_count(field, value, minimum, maximum)


def decode_behavior(data: Mapping[str, Any], file: str) -> tuple[BehaviorFile, list[KeyProblem]]:
    """``behavior.toml``: the student's behaviour-support records."""
    problems: list[KeyProblem] = []
    root = Reader(data, (), problems)

    def fba(r: Reader) -> Fba:
        record = Fba(
            id=r.slug("id", required=True),
            started=r.required_date("started"),
            concern=r.text("concern"),
            status=r.choice("status", bv.FBA_STATUSES, "in-progress"),
            targets=_records(
                r.tables("target"),
                lambda t: TargetBehavior(
                    name=t.slug("name", required=True), definition=t.text("definition")
                ),
            ),
            indirect=r.texts("indirect"),
            direct=r.texts("direct"),
            functions=r.texts("functions", tuple(bv.FUNCTIONS)),
            setting_events=r.texts("setting_events"),
            antecedents=r.texts("antecedents"),
            summary=r.text("summary"),
            consent=r.date("consent"),
            completed=r.date("completed"),
            note=r.text("note"),
            source=Source(file, "fba", int(r.path[-1])),
        )
        _unique_names(r, "target", record.targets, "a target")
        if record.completed is not None and record.completed < record.started:
            r._report("completed", f"completed: must be on or after started ({record.started})")
        return record

    def bip(r: Reader) -> Bip:
        record = Bip(
            id=r.slug("id", required=True),
            adopted=r.required_date("adopted"),
            fba=r.text("fba"),
            targets=_records(
                r.tables("target"),
                lambda t: BipTarget(
                    name=t.slug("name", required=True),
                    replacement=t.text("replacement"),
                    method=t.choice("method", tuple(bv.METHODS), "frequency"),
                    goal=t.slug("goal"),
                ),
            ),
            prevention=r.texts("prevention"),
            teaching=r.texts("teaching"),
            response=r.texts("response"),
            reinforcement=r.text("reinforcement"),
            crisis=r.text("crisis"),
            implementers=r.texts("implementers"),
            review=r.date("review"),
            revised=_dates(r, "revised"),
            note=r.text("note"),
            source=Source(file, "bip", int(r.path[-1])),
        )
        _unique_names(r, "target", record.targets, "a target")
        if any(d < record.adopted for d in record.revised):
            r._report("revised", f"revised: dates must be on or after adopted ({record.adopted})")
        return record

    def observation(r: Reader) -> Observation:
        start = r._checked("start", True, _check_time)
        end = r._checked("end", True, _check_time)
        record = Observation(
            id=r.slug("id", required=True),
            date=r.required_date("date"),
            start=start or dt.time(0),
            end=end or dt.time(0),
            observer=r.text("observer"),
            setting=r.text("setting"),
            activity=r.text("activity"),
            behaviors=_records(r.tables("behavior"), _observed),
            note=r.text("note"),
            source=Source(file, "observation", int(r.path[-1])),
        )
        _unique_names(r, "behavior", record.behaviors, "measured")
        if start is not None and end is not None and record.minutes <= 0:
            r._report("end", f"end: must be after start ({start.isoformat()})")
            r.failed = True
        seconds = record.minutes * 60
        for i, b in enumerate(record.behaviors):
            late = [s for pair in b.episodes for s in pair if s > seconds]
            if late:
                path = (*r.path, "behavior", i, "episodes")
                problems.append(KeyProblem(path, "episodes: a stop is after the session's end"))
            if b.marks and b.interval and len(b.marks) * b.interval > seconds + b.interval:
                path = (*r.path, "behavior", i, "marks")
                problems.append(KeyProblem(path, "marks: more intervals than the session is long"))
        return record

    def abc(r: Reader) -> AbcEvent:
        return AbcEvent(
            id=r.slug("id", required=True),
            date=r.required_date("date"),
            behavior=r.text("behavior", required=True),
            antecedent=r.text("antecedent"),
            consequence=r.text("consequence"),
            time=r.time("time"),
            setting=r.text("setting"),
            activity=r.text("activity"),
            intensity=r._checked("intensity", False, lambda f, v: _positive(f, v, bv.INTENSITY[1])),
            observer=r.text("observer"),
            observation=r.text("observation"),
            note=r.text("note"),
            source=Source(file, "abc", int(r.path[-1])),
        )

    def fidelity(r: Reader) -> FidelityCheck:
        return FidelityCheck(
            id=r.slug("id", required=True),
            date=r.required_date("date"),
            observer=r.text("observer"),
            bip=r.text("bip"),
            observation=r.text("observation"),
            implemented=r.texts("implemented"),
            missed=r.texts("missed"),
            note=r.text("note"),
            source=Source(file, "fidelity", int(r.path[-1])),
        )

    fbas = _records(root.tables("fba"), fba)
    bips = _records(root.tables("bip"), bip)
    observations = _records(root.tables("observation"), observation)
    events = _records(root.tables("abc"), abc)
    checks = _records(root.tables("fidelity"), fidelity)
    for records in (fbas, bips, observations, events, checks):
        _unique_ids(records, problems)
    safety = None
    s = root.table("safety")
    if s is not None:
        safety = SafetyPlan(
            triggers=s.texts("triggers"),
            warning_signs=s.texts("warning_signs"),
            deescalation=s.texts("deescalation"),
            contacts=s.texts("contacts"),
            safe_spaces=s.texts("safe_spaces"),
            restrictions=s.text("restrictions"),
            medical=s.text("medical"),
            review=s.date("review"),
            note=s.text("note"),
        )
        s.unknown_keys()
    root.unknown_keys()
    return BehaviorFile(fbas, bips, observations, events, checks, safety), problems
