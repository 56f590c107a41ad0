"""Changes to ``behavior.toml``: FBAs, BIPs, observation sessions (one at a time or
imported from CSV), ABC events, fidelity checks and the safety plan.

A new record's values come by their keys in the file and are checked as its kind
declares them (``store.kinds``, ``store.actions.inputs``); the model's decoder then checks
the record as it will be written (a completion before the start, a behaviour's data that
does not fit its method, a target named twice), so a bad value is a one-line
``InputError`` naming the field. Each change writes the student's file (created on first
use) and makes one commit.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

from caseterm.model import behavior_vocab as bv
from caseterm.model.decode_behavior import decode_behavior
from caseterm.model.fields import FieldError, parse_date, parse_time
from caseterm.store import kinds
from caseterm.store.actions import inputs
from caseterm.store.actions.changes import _item, _new_file_text, _text, require_student
from caseterm.store.actions.inputs import Values, day_text
from caseterm.store.infra import layout
from caseterm.store.infra.atomic import read_text
from caseterm.store.infra.errors import InputError
from caseterm.store.infra.save import FileEdit, Saved, save
from caseterm.store.infra.tomltext import append_block

Fields = inputs.Fields


def _check(table: str, record: Fields) -> None:
    """Decode one record as it would be written; the first problem becomes an input error
    naming the field."""
    _found, problems = decode_behavior({table: [_plain(record)]}, layout.BEHAVIOR_FILE)
    if problems:
        problem = problems[0]
        where = [str(p) for p in problem.path[2:] if isinstance(p, str)]
        prefix = ".".join(where[:-1]) if len(where) > 1 else ""
        message = problem.message
        if prefix:  # behavior.count: ...; behavior: unknown key 'x'; ...
            named = message.startswith(f"{where[-1]}:")
            message = f"{prefix}.{message}" if named else f"{prefix}: {message}"
        raise InputError(message)


def _plain(value: object) -> Any:
    """A value as the file will hold it: empty fields of a table left out, tuples as
    lists."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items() if v not in (None, "", (), [])}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _edits(root: Path, student_id: str, records: Sequence[tuple[str, Fields]]) -> list[FileEdit]:
    """The edits appending ``records`` ((table, fields), each checked by the decoder) to
    the student's ``behavior.toml`` in this order."""
    for table, fields in records:
        _check(table, fields)
    (table, first), *rest = records
    edits = inputs.append_edits(root, student_id, table, first)
    text = edits[0].after
    for table, fields in rest:
        text = append_block(text, inputs.block(table, fields))
    return [edits[0]._replace(after=text), *edits[1:]]


def _append(
    root: Path,
    student_id: str,
    records: Sequence[tuple[str, Fields]],
    message: str,
    commit: bool,
) -> Saved:
    """Append ``records`` as one commit; the result names the first record's id."""
    saved = save(root, _edits(root, student_id, records), message, commit)
    return saved._replace(record_id=str(records[0][1]["id"]))


def _clock(value: object) -> str:
    return f"{value:%H:%M}" if isinstance(value, time) else str(value)


# --- FBA and BIP -----------------------------------------------------------------------


def add_fba(root: Path, student_id: str, values: Values, commit: bool = True) -> Saved:
    """Record a functional behaviour assessment; ``values["target"]`` are the target
    behaviours (name and operational definition)."""
    require_student(root, student_id)
    fields = inputs.new_fields("fba", values)
    message = f"{student_id}: FBA started {day_text(fields['started'])} ({fields['status']})"
    return _append(root, student_id, [("fba", fields)], message, commit)


def add_bip(root: Path, student_id: str, values: Values, commit: bool = True) -> Saved:
    """Record a behaviour intervention plan (its adoption starts a phase of the data);
    ``values["target"]`` are the target behaviours (name, replacement, method, goal)."""
    require_student(root, student_id)
    fields = inputs.new_fields("bip", values)
    adopted, review = fields["adopted"], fields["review"]
    if isinstance(review, date) and isinstance(adopted, date) and review < adopted:
        raise InputError(f"--review: {review} is before --adopted {adopted}")
    message = f"{student_id}: BIP adopted {day_text(adopted)}"
    return _append(root, student_id, [("bip", fields)], message, commit)


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


def _observation_fields(values: Values) -> Fields:
    fields = inputs.new_fields("observation", values)
    if not fields["behavior"]:
        raise InputError("behavior: give at least one behaviour measured in the session")
    return fields


def record_observation(
    root: Path,
    student_id: str,
    values: Values,
    commit: bool = True,
    abc: Sequence[Values] = (),
) -> Saved:
    """Record one observation session with every behaviour measured in it
    (``values["behavior"]``: the ``[[observation.behavior]]`` tables), and the ABC events
    noted during it (linked to it by ``observation``), in one commit."""
    require_student(root, student_id)
    fields = _observation_fields(values)
    events = [inputs.new_fields("abc", {**a, "observation": fields["id"]}) for a in abc]
    behaviors = fields["behavior"]
    assert isinstance(behaviors, tuple)
    names = ", ".join(str(b.get("name", "")) for b in behaviors)
    message = (
        f"{student_id}: observation {day_text(fields['date'])} "
        f"{_clock(fields['start'])}-{_clock(fields['end'])} ({names})"
    )
    if abc:
        message += f" with {len(abc)} ABC event{'s' if len(abc) > 1 else ''}"
    records = [("observation", fields), *(("abc", event) for event in events)]
    return _append(root, student_id, records, message, commit)


# --- ABC events and fidelity checks ----------------------------------------------------


def add_abc(root: Path, student_id: str, values: Values, commit: bool = True) -> Saved:
    """Record one antecedent-behaviour-consequence event."""
    require_student(root, student_id)
    fields = inputs.new_fields("abc", values)
    message = f"{student_id}: ABC event {day_text(fields['date'])} ({fields['behavior']})"
    return _append(root, student_id, [("abc", fields)], message, commit)


def add_fidelity(root: Path, student_id: str, values: Values, commit: bool = True) -> Saved:
    """Record a fidelity check: the BIP's strategies implemented and missed."""
    require_student(root, student_id)
    fields = inputs.new_fields("fidelity", values)
    implemented, missed = fields["implemented"] or [], fields["missed"] or []
    assert isinstance(implemented, list) and isinstance(missed, list)
    if not implemented and not missed:
        raise InputError("--implemented or --missed: score at least one strategy")
    percent = round(100 * len(implemented) / (len(implemented) + len(missed)))
    message = f"{student_id}: fidelity check {day_text(fields['date'])} ({percent}% implemented)"
    return _append(root, student_id, [("fidelity", fields)], message, commit)


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
Row = dict[str, Any]
"""A session's fields, or one behaviour's, as the CSV rows give them."""


@dataclass(frozen=True, slots=True)
class Imported:
    """What an import wrote."""

    sessions: int
    students: tuple[str, ...]
    saved: Saved | None


def parse_observation_csv(text: str) -> dict[tuple[str, str], tuple[Row, list[Row]]]:
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
    sessions: dict[tuple[str, str], tuple[Row, list[Row]]] = {}
    behaviors: dict[tuple[str, str, str, str], Row] = {}
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
    sessions: dict[tuple[str, str], tuple[Row, list[Row]]],
    behaviors: dict[tuple[str, str, str, str], Row],
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


def _finish(entry: Row, name: str) -> Row:
    method, rows = entry["method"], entry["rows"]
    out: Row = {"name": name, "method": method}
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
    by_student: dict[str, list[tuple[str, Fields]]] = {}
    for (student, label), (session, behaviors) in sessions.items():
        require_student(root, student)
        try:
            fields = _observation_fields({**session, "behavior": behaviors})
            _check("observation", fields)
        except InputError as error:
            raise InputError(f"CSV session {label!r} of {student}: {error}") from None
        by_student.setdefault(student, []).append(("observation", fields))
    edits: list[FileEdit] = []
    for student, records in by_student.items():
        edits += _edits(root, student, records)
    count = len(sessions)
    students = tuple(sorted(by_student))
    noun = "session" if count == 1 else "sessions"
    message = f"Import {count} observation {noun} ({', '.join(students)})"
    return Imported(count, students, save(root, edits, message, commit))
