"""``caseterm import absences|removals``: days absent from an attendance system's export,
removals from a discipline system's (CSV).

Same contract as ``store.imports``: every row is checked first, each problem is named
``FILE:ROW: message`` and nothing is written unless all rows are good; rows already in the
caseload are skipped; the import is one commit.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date
from pathlib import Path

from caseterm.model import vocab
from caseterm.model.fields import BOUNDS, check_field_text, parse_whole
from caseterm.store import kinds
from caseterm.store.actions.imports import (
    Imported,
    ImportProblems,
    Progress,
    _Appends,
    _Cells,
    _choice,
    _Dedup,
    _finish,
    _flag,
    _record_id,
    _Students,
    _students,
    _table,
    _ticker,
    spreadsheet_date,
)
from caseterm.store.infra import layout
from caseterm.store.infra.ids import new_id
from caseterm.store.infra.tomltext import table_text

_ABSENCE = kinds.RECORD["absence"].columns
ABSENCE_COLUMNS, ABSENCE_REQUIRED, ABSENCE_IGNORED = (
    _ABSENCE.read,
    _ABSENCE.required,
    _ABSENCE.ignored,
)


_REMOVAL = kinds.RECORD["removal"].columns
REMOVAL_COLUMNS, REMOVAL_REQUIRED, REMOVAL_IGNORED = (
    _REMOVAL.read,
    _REMOVAL.required,
    _REMOVAL.ignored,
)


def _key(on: date, to: date | None, reason: str, note: str) -> Hashable:
    return (on, to, reason, note)


def import_absences(
    root: Path,
    path: Path,
    dry_run: bool = False,
    commit: bool = True,
    progress: Progress | None = None,
) -> Imported:
    """Add absences (columns ``ABSENCE_COLUMNS``) to the students' attendance.toml."""
    table = _table(path, ABSENCE_REQUIRED, ABSENCE_COLUMNS[2:], ABSENCE_IGNORED)
    students = _Students(root)
    dedup = _Dedup(lambda s: ((a.id, _key(a.date, a.to, a.reason, a.note)) for a in s.absences))
    appends = _Appends()
    problems: list[str] = []
    skipped = 0
    tick = _ticker(progress, len(table.rows))
    for done, row in enumerate(table.rows, start=1):
        tick(done)
        cells = _Cells(table, row, problems)
        student = students.get(cells)
        on = cells.check("date", spreadsheet_date)
        to = cells.check("to", spreadsheet_date) if cells.get("to").strip() else None
        reason = cells.check("reason", lambda c, v: check_field_text(c, "reason", v))
        note = cells.check("note", lambda c, v: check_field_text(c, "note", v))
        record_id = _record_id(cells)
        if on is not None and to is not None and to < on:
            cells.problem(f"to: {to.isoformat()} is before date {on.isoformat()}")
        if student is None or on is None or reason is None or note is None or not cells.ok:
            continue
        last = None if to == on else to
        if dedup.seen(cells, student, record_id, _key(on, last, reason, note)):
            skipped += 1
            continue
        fields: dict[str, object] = {
            "id": record_id or new_id(),
            "date": on,
            "to": last,
            "reason": reason,
            "note": note,
        }
        target = layout.student_file(root, student.id, layout.ATTENDANCE_FILE)
        appends.add(target, student.id, table_text("absence", fields))
    if problems:
        raise ImportProblems(problems)
    message = f"Import {appends.total} absences for {_students(appends.counts)} from {path.name}"
    edits = appends.edits(root)
    return _finish(
        root, "absences", table, edits, appends.counts, skipped, message, dry_run, commit
    )


def _decision(cells: _Cells, column: str) -> bool | None:
    return cells.check(column, _flag) if cells.get(column).strip() else None


def import_removals(
    root: Path,
    path: Path,
    dry_run: bool = False,
    commit: bool = True,
    progress: Progress | None = None,
) -> Imported:
    """Add disciplinary removals (columns ``REMOVAL_COLUMNS``) to discipline.toml."""
    table = _table(path, REMOVAL_REQUIRED, REMOVAL_COLUMNS[3:], REMOVAL_IGNORED)
    students = _Students(root)
    dedup = _Dedup(lambda s: ((r.id, (r.date, r.days, r.kind, r.reason)) for r in s.removals))
    appends = _Appends()
    problems: list[str] = []
    skipped = 0
    tick = _ticker(progress, len(table.rows))
    for done, row in enumerate(table.rows, start=1):
        tick(done)
        cells = _Cells(table, row, problems)
        student = students.get(cells)
        on = cells.check("date", spreadsheet_date)
        days = cells.check("days", lambda c, v: parse_whole(c, v, BOUNDS["removal.days"]))
        kind = cells.check("kind", _choice(vocab.REMOVAL_KINDS), cells.get("kind") or "oss")
        reason = cells.check("reason", lambda c, v: check_field_text(c, "reason", v))
        note = cells.check("note", lambda c, v: check_field_text(c, "note", v))
        decided = cells.check("decided", spreadsheet_date) if cells.get("decided") else None
        pattern, manifestation = _decision(cells, "pattern"), _decision(cells, "manifestation")
        record_id = _record_id(cells)
        if student is None or on is None or days is None or kind is None or not cells.ok:
            continue
        if dedup.seen(cells, student, record_id, (on, days, kind, reason)):
            skipped += 1
            continue
        fields: dict[str, object] = {
            "id": record_id or new_id(),
            "date": on,
            "days": days,
            "kind": kind,
            "reason": reason,
            "pattern": pattern,
            "decided": decided,
            "manifestation": manifestation,
            "note": note,
        }
        target = layout.student_file(root, student.id, layout.DISCIPLINE_FILE)
        appends.add(target, student.id, table_text("removal", fields))
    if problems:
        raise ImportProblems(problems)
    message = f"Import {appends.total} removals for {_students(appends.counts)} from {path.name}"
    edits = appends.edits(root)
    counts = appends.counts
    return _finish(root, "removals", table, edits, counts, skipped, message, dry_run, commit)
