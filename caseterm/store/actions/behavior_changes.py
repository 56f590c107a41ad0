"""Changes to ``behavior.toml``: FBAs, BIPs, observation sessions (one at a time or
imported from CSV), ABC events, fidelity checks and the safety plan.

Like ``store.changes``: check the input (one-line ``InputError`` naming the field), write
the student's file (created on first use) and make one commit.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, time
from pathlib import Path
from typing import Any

from caseterm.model import behavior_vocab as bv
from caseterm.model.decode_behavior import decode_behavior
from caseterm.model.fields import FieldError, parse_date, parse_time
from caseterm.store import kinds
from caseterm.store.actions.changes import _item, _new_file_text, _text, require_student
from caseterm.store.infra import layout
from caseterm.store.infra.atomic import read_text
from caseterm.store.infra.errors import InputError
from caseterm.store.infra.ids import new_id
from caseterm.store.infra.save import FileEdit, Saved, save
from caseterm.store.infra.tomltext import append_block, table_text

Fields = dict[str, Any]


def _check(table: str, record: Fields, subs: Mapping[str, Sequence[Fields]] = {}) -> None:
    """Decode one record as it would be written; the first problem becomes an input error
    naming the field."""
    data = _plain(record)
    data.update({k: [_plain(v) for v in vs] for k, vs in subs.items() if vs})
    _found, problems = decode_behavior({table: [data]}, layout.BEHAVIOR_FILE)
    if problems:
        problem = problems[0]
        where = [str(p) for p in problem.path[2:] if isinstance(p, str)]
        prefix = ".".join(where[:-1]) if len(where) > 1 else ""
        message = problem.message
        raise InputError(f"{prefix}.{message}" if prefix else message)


def _plain(fields: Mapping[str, Any]) -> Fields:
    """The fields as the file will hold them: empty ones left out, tuples as lists."""
    return {
        k: list(v) if isinstance(v, tuple) else v
        for k, v in fields.items()
        if v not in (None, "", (), [])
    }


def _block(table: str, record: Fields, subs: Mapping[str, Sequence[Fields]] = {}) -> str:
    text = table_text(table, record)
    for sub, entries in subs.items():
        for entry in entries:
            text += "\n" + table_text(f"{table}.{sub}", entry)
    return text


def _append_record(
    root: Path,
    student_id: str,
    table: str,
    record: Fields,
    message: str,
    subs: Mapping[str, Sequence[Fields]] = {},
    commit: bool = True,
    after: str = "",
) -> Saved:
    require_student(root, student_id)
    _check(table, record, subs)
    path = layout.student_file(root, student_id, layout.BEHAVIOR_FILE)
    before = read_text(path)
    text = before if before is not None else _new_file_text(root, path)
    edit = FileEdit(path, before, append_block(text, _block(table, record, subs) + after))
    return save(root, [edit], message, commit)


# --- FBA and BIP -----------------------------------------------------------------------


@dataclass(frozen=True)
class NewFba:
    """What ``add_fba`` needs; ``targets`` are (name, operational definition)."""

    started: date
    concern: str = ""
    status: str = "in-progress"
    targets: tuple[tuple[str, str], ...] = ()
    indirect: tuple[str, ...] = ()
    direct: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()
    setting_events: tuple[str, ...] = ()
    antecedents: tuple[str, ...] = ()
    summary: str = ""
    consent: date | None = None
    completed: date | None = None
    note: str = ""


def add_fba(root: Path, student_id: str, new: NewFba, commit: bool = True) -> Saved:
    """Record a functional behaviour assessment."""
    record: Fields = {
        "id": new_id(),
        "started": new.started,
        "status": new.status,
        "concern": _text("--concern", new.concern),
        "functions": new.functions,
        "indirect": new.indirect,
        "direct": new.direct,
        "setting_events": new.setting_events,
        "antecedents": new.antecedents,
        "summary": _text("--summary", new.summary),
        "consent": new.consent,
        "completed": new.completed,
        "note": _text("--note", new.note),
    }
    targets = [{"name": name, "definition": definition} for name, definition in new.targets]
    message = f"{student_id}: FBA started {new.started.isoformat()} ({new.status})"
    return _append_record(root, student_id, "fba", record, message, {"target": targets}, commit)


@dataclass(frozen=True)
class NewBip:
    """What ``add_bip`` needs; ``targets`` are (name, replacement, method, goal)."""

    adopted: date
    fba: str = ""
    targets: tuple[tuple[str, str, str, str], ...] = ()
    prevention: tuple[str, ...] = ()
    teaching: tuple[str, ...] = ()
    response: tuple[str, ...] = ()
    reinforcement: str = ""
    crisis: str = ""
    implementers: tuple[str, ...] = ()
    review: date | None = None
    note: str = ""


def add_bip(root: Path, student_id: str, new: NewBip, commit: bool = True) -> Saved:
    """Record a behaviour intervention plan (its adoption starts a phase of the data)."""
    if new.review is not None and new.review < new.adopted:
        raise InputError(f"--review: {new.review} is before --adopted {new.adopted}")
    record: Fields = {
        "id": new_id(),
        "adopted": new.adopted,
        "fba": new.fba,
        "prevention": new.prevention,
        "teaching": new.teaching,
        "response": new.response,
        "reinforcement": _text("--reinforcement", new.reinforcement),
        "crisis": _text("--crisis", new.crisis),
        "implementers": new.implementers,
        "review": new.review,
        "note": _text("--note", new.note),
    }
    targets = [
        {"name": name, "replacement": replacement, "method": method, "goal": goal}
        for name, replacement, method, goal in new.targets
    ]
    message = f"{student_id}: BIP adopted {new.adopted.isoformat()}"
    return _append_record(root, student_id, "bip", record, message, {"target": targets}, commit)


def revise_bip(
    root: Path,
    student_id: str,
    bip_id: str,
    revised: date | None = None,
    review: date | None = None,
    commit: bool = True,
) -> Saved:
    """Record a change to a BIP (a new phase) and/or its next review date."""
    from caseterm.store.infra import edit

    require_student(root, student_id)
    if revised is None and review is None:
        raise InputError("--revised or --review: give at least one")
    path = layout.student_file(root, student_id, layout.BEHAVIOR_FILE)
    before = read_text(path) or ""
    data, _ = decode_behavior(_parsed(before), layout.BEHAVIOR_FILE)
    bip = next((b for b in data.bips if b.id == bip_id), None)
    if bip is None:
        raise InputError(f"ID: no BIP '{bip_id}' for {student_id}; see caseterm bip show")
    fields: Fields = {}
    if revised is not None:
        if revised < bip.adopted:
            raise InputError(f"--revised: {revised} is before the adoption ({bip.adopted})")
        fields["revised"] = sorted({*bip.revised, revised})
    if review is not None:
        fields["review"] = review
    after = edit.update_record(before, "bip", bip_id, fields)
    what = ", ".join(
        part
        for part in (
            f"revised {revised.isoformat()}" if revised else "",
            f"review {review.isoformat()}" if review else "",
        )
        if part
    )
    return save(root, [FileEdit(path, before, after)], f"{student_id}: BIP {what}", commit)


def _parsed(text: str) -> dict[str, Any]:
    from caseterm.store.infra.tomltext import TomlSyntaxError, parse

    try:
        return parse(text)
    except TomlSyntaxError as error:
        raise InputError(f"{layout.BEHAVIOR_FILE}: {error}; fix the file first") from None


# --- observation sessions --------------------------------------------------------------


@dataclass(frozen=True)
class NewObservation:
    """One session; ``behaviors`` are the ``[[observation.behavior]]`` tables' fields."""

    on: date
    start: time
    end: time
    observer: str = ""
    setting: str = ""
    activity: str = ""
    behaviors: tuple[Fields, ...] = ()
    note: str = ""


def _observation_fields(new: NewObservation, record_id: str) -> Fields:
    if not new.behaviors:
        raise InputError("behavior: give at least one behaviour measured in the session")
    return {
        "id": record_id,
        "date": new.on,
        "start": new.start,
        "end": new.end,
        "observer": _text("--observer", new.observer),
        "setting": _text("--setting", new.setting),
        "activity": _text("--activity", new.activity),
        "note": _text("--note", new.note),
    }


def record_observation(
    root: Path,
    student_id: str,
    new: NewObservation,
    commit: bool = True,
    abc: Sequence[NewAbc] = (),
) -> Saved:
    """Record one observation session with every behaviour measured in it, and the ABC
    events noted during it (linked to it by ``observation``), in one commit."""
    record_id = new_id()
    record = _observation_fields(new, record_id)
    names = ", ".join(str(b.get("name", "")) for b in new.behaviors)
    message = (
        f"{student_id}: observation {new.on.isoformat()} {new.start:%H:%M}-{new.end:%H:%M} "
        f"({names})"
    )
    if abc:
        message += f" with {len(abc)} ABC event{'s' if len(abc) > 1 else ''}"
    events = [_abc_fields(replace(a, observation=record_id)) for a in abc]
    for event in events:
        _check("abc", event)
    return _append_record(
        root,
        student_id,
        "observation",
        record,
        message,
        {"behavior": new.behaviors},
        commit,
        after="".join("\n" + table_text("abc", e) for e in events),
    )


# --- ABC events and fidelity checks ----------------------------------------------------


@dataclass(frozen=True)
class NewAbc:
    """What ``add_abc`` needs."""

    on: date
    behavior: str
    antecedent: str = ""
    consequence: str = ""
    at: time | None = None
    setting: str = ""
    activity: str = ""
    intensity: int | None = None
    observer: str = ""
    observation: str = ""
    note: str = ""


def add_abc(root: Path, student_id: str, new: NewAbc, commit: bool = True) -> Saved:
    """Record one antecedent-behaviour-consequence event."""
    record = _abc_fields(new)
    message = f"{student_id}: ABC event {new.on.isoformat()} ({new.behavior})"
    return _append_record(root, student_id, "abc", record, message, commit=commit)


def _abc_fields(new: NewAbc) -> Fields:
    low, high = bv.INTENSITY
    if new.intensity is not None and not low <= new.intensity <= high:
        raise InputError(f"--intensity: {new.intensity} is not a whole number from {low} to {high}")
    record: Fields = {
        "id": new_id(),
        "date": new.on,
        "time": new.at,
        "behavior": _text("--behavior", new.behavior),
        "antecedent": _text("--antecedent", new.antecedent),
        "consequence": _text("--consequence", new.consequence),
        "setting": _text("--setting", new.setting),
        "activity": _text("--activity", new.activity),
        "intensity": new.intensity,
        "observer": _text("--observer", new.observer),
        "observation": new.observation,
        "note": _text("--note", new.note),
    }
    if not new.behavior.strip():
        raise InputError("--behavior: name the behaviour, e.g. --behavior elopement")
    return record


@dataclass(frozen=True)
class NewFidelity:
    """What ``add_fidelity`` needs."""

    on: date
    implemented: tuple[str, ...] = ()
    missed: tuple[str, ...] = ()
    observer: str = ""
    bip: str = ""
    observation: str = ""
    note: str = ""


def add_fidelity(root: Path, student_id: str, new: NewFidelity, commit: bool = True) -> Saved:
    """Record a fidelity check: the BIP's strategies implemented and missed."""
    if not new.implemented and not new.missed:
        raise InputError("--implemented or --missed: score at least one strategy")
    record: Fields = {
        "id": new_id(),
        "date": new.on,
        "observer": _text("--observer", new.observer),
        "bip": new.bip,
        "observation": new.observation,
        "implemented": new.implemented,
        "missed": new.missed,
        "note": _text("--note", new.note),
    }
    scored = len(new.implemented) + len(new.missed)
    percent = round(100 * len(new.implemented) / scored)
    message = f"{student_id}: fidelity check {new.on.isoformat()} ({percent}% implemented)"
    return _append_record(root, student_id, "fidelity", record, message, commit=commit)


# --- safety plan -----------------------------------------------------------------------


SAFETY_LISTS = ("triggers", "warning_signs", "deescalation", "contacts", "safe_spaces")
SAFETY_TEXTS = ("restrictions", "medical", "note")


@dataclass(frozen=True)
class SafetyChange:
    """Fields of the safety plan to set; None leaves a field as it is, an empty list or
    text clears it."""

    lists: dict[str, tuple[str, ...]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    review: date | None = None


def set_safety(root: Path, student_id: str, change: SafetyChange, commit: bool = True) -> Saved:
    """Create or change the student's safety plan (``[safety]``)."""
    import tomlkit

    require_student(root, student_id)
    if not change.lists and not change.texts and change.review is None:
        raise InputError("safety set: give at least one field, e.g. --trigger 'fire alarm'")
    for key, values in change.lists.items():
        for value in values:
            _item(f"--{key}", value)
    for key, value in change.texts.items():
        _text(f"--{key}", value)
    path = layout.student_file(root, student_id, layout.BEHAVIOR_FILE)
    before = read_text(path)
    text = before if before is not None else _new_file_text(root, path)
    _parsed(text)
    doc = tomlkit.parse(text)
    table = doc.get("safety")
    if table is None:
        table = tomlkit.table()
        doc.append("safety", table)
    updates: dict[str, Any] = {**change.lists, **change.texts}
    if change.review is not None:
        updates["review"] = change.review
    for key, value in updates.items():
        if value in ((), ""):
            if key in table:
                del table[key]
        else:
            table[key] = list(value) if isinstance(value, tuple) else value
    after = tomlkit.dumps(doc)
    names = ", ".join(sorted(updates))
    return save(
        root, [FileEdit(path, before, after)], f"{student_id}: safety plan ({names})", commit
    )


# --- CSV import ------------------------------------------------------------------------

COLUMNS = kinds.RECORD["observation"].columns


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import wrote."""

    sessions: int
    students: tuple[str, ...]
    saved: Saved | None


def parse_observation_csv(text: str) -> dict[tuple[str, str], tuple[Fields, list[Fields]]]:
    """Rows (one per interval, episode, trial or tally) grouped into sessions.

    Columns (``kinds.RECORD["observation"].columns``): student, session (any label
    shared by the rows of one session), date, start, end, observer, setting, activity,
    behavior, method, interval (seconds, interval methods), index (interval number from
    1, or the tally's interval for split frequency counts), value (count; 1/0 mark;
    start second of an episode; latency), stop (end second of an episode).
    """
    reader = csv.DictReader(io.StringIO(text))
    header = tuple(reader.fieldnames or ())
    missing = [c for c in COLUMNS.required if c not in header]
    if missing:
        raise InputError(f"CSV: missing column {missing[0]}; columns: {', '.join(COLUMNS.read)}")
    unknown = [c for c in header if c not in COLUMNS.read and c not in COLUMNS.ignored]
    if unknown:
        raise InputError(f"CSV: unknown column {unknown[0]!r}; columns: {', '.join(COLUMNS.read)}")
    sessions: dict[tuple[str, str], tuple[Fields, list[Fields]]] = {}
    behaviors: dict[tuple[str, str, str, str], Fields] = {}
    for number, row in enumerate(reader, start=2):
        try:
            _row(row, sessions, behaviors)
        except (FieldError, InputError) as error:
            raise InputError(f"CSV line {number}: {error}") from None
    for (student, label, name, _method), entry in behaviors.items():
        sessions[(student, label)][1].append(_finish(entry, name))
    return sessions


def _whole(field_name: str, text: str, maximum: int, minimum: int = 0) -> int:
    try:
        value = int(text)
    except ValueError:
        raise InputError(f"{field_name}: {text!r} is not a whole number") from None
    if not minimum <= value <= maximum:
        raise InputError(f"{field_name}: {value} is not from {minimum} to {maximum}")
    return value


def _row(
    row: dict[str, str],
    sessions: dict[tuple[str, str], tuple[Fields, list[Fields]]],
    behaviors: dict[tuple[str, str, str, str], Fields],
) -> None:
    get = {k: (v or "").strip() for k, v in row.items() if k}
    student, label = get["student"], get["session"]
    session = {
        "date": parse_date("date", get["date"]),
        "start": parse_time("start", get["start"]),
        "end": parse_time("end", get["end"]),
        "observer": get.get("observer", ""),
        "setting": get.get("setting", ""),
        "activity": get.get("activity", ""),
    }
    known = sessions.setdefault((student, label), (session, []))
    if known[0] != session:
        raise InputError(f"session {label!r}: rows disagree on date, times or observer")
    method = get["method"]
    if method not in bv.METHODS:
        raise InputError(f"method: {method!r} is not allowed; use one of {', '.join(bv.METHODS)}")
    name = get["behavior"]
    entry = behaviors.setdefault((student, label, name, method), {"method": method, "rows": []})
    value, index, stop = get.get("value", ""), get.get("index", ""), get.get("stop", "")
    if get.get("interval"):
        entry["interval"] = _whole("interval", get["interval"], bv.MAX_INTERVAL_SECONDS, 1)
    if method == "frequency":
        count = _whole("value", value or "1", bv.MAX_COUNT)
        entry["rows"].append((_whole("index", index, bv.MAX_INTERVALS, 1) if index else 0, count))
    elif method == "duration":
        start = _whole("value", value, bv.MAX_SECONDS)
        end = _whole("stop", stop, bv.MAX_SECONDS)
        if end < start:
            raise InputError(f"stop: {end} is before the episode's start ({start})")
        entry["rows"].append((start, end))
    elif method == "latency":
        entry["rows"].append((0, _whole("value", value, bv.MAX_SECONDS)))
    else:
        if value not in ("0", "1"):
            raise InputError(f"value: {value!r} is not a mark; use 1 (occurred) or 0")
        entry["rows"].append((_whole("index", index, bv.MAX_INTERVALS, 1), int(value)))


def _finish(entry: Fields, name: str) -> Fields:
    method, rows = entry["method"], entry["rows"]
    out: Fields = {"name": name, "method": method}
    if "interval" in entry:
        out["interval"] = entry["interval"]
    if method == "frequency":
        if any(index for index, _ in rows):
            size = max(index for index, _ in rows)
            counts = [0] * size
            for index, count in rows:
                counts[index - 1] += count
            out["counts"] = counts
        else:
            out["count"] = sum(count for _, count in rows)
    elif method == "duration":
        out["episodes"] = sorted([start, stop] for start, stop in rows)
    elif method == "latency":
        out["latencies"] = [value for _, value in rows]
    else:
        size = max(index for index, _ in rows)
        marks = ["0"] * size
        for index, mark in rows:
            marks[index - 1] = str(mark)
        out["marks"] = "".join(marks)
    return out


def import_observations(root: Path, text: str, commit: bool = True) -> Imported:
    """Import the sessions of a CSV file (one commit for all of them)."""
    sessions = parse_observation_csv(text)
    if not sessions:
        raise InputError("CSV: no rows")
    by_student: dict[str, list[str]] = {}
    for (student, label), (session, behaviors) in sessions.items():
        require_student(root, student)
        new = NewObservation(
            on=session["date"],
            start=session["start"],
            end=session["end"],
            observer=session["observer"],
            setting=session["setting"],
            activity=session["activity"],
            behaviors=tuple(behaviors),
        )
        record = _observation_fields(new, new_id())
        try:
            _check("observation", record, {"behavior": new.behaviors})
        except InputError as error:
            raise InputError(f"CSV session {label!r} of {student}: {error}") from None
        by_student.setdefault(student, []).append(
            _block("observation", record, {"behavior": new.behaviors})
        )
    edits: list[FileEdit] = []
    for student, blocks in by_student.items():
        path = layout.student_file(root, student, layout.BEHAVIOR_FILE)
        before = read_text(path)
        text_now = before if before is not None else _new_file_text(root, path)
        for block in blocks:
            text_now = append_block(text_now, block)
        edits.append(FileEdit(path, before, text_now))
    count = len(sessions)
    students = tuple(sorted(by_student))
    noun = "session" if count == 1 else "sessions"
    message = f"Import {count} observation {noun} ({', '.join(students)})"
    return Imported(count, students, save(root, edits, message, commit))
