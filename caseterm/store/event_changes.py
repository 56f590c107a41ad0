"""Changes that add the records of compliance round two: removals and absences.

Like ``store.changes``: check the input (one-line ``InputError`` naming the field), append
one record to the student's file (created on first use) and make one commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from caseterm.model import vocab
from caseterm.store import layout
from caseterm.store.atomic import read_text
from caseterm.store.changes import _append, _choice, _text, require_student
from caseterm.store.errors import InputError
from caseterm.store.ids import new_id
from caseterm.store.save import FileEdit, Saved, save


@dataclass(frozen=True)
class NewRemoval:
    """What ``add_removal`` needs."""

    on: date
    days: int
    kind: str = "oss"
    reason: str = ""
    pattern: bool | None = None
    decided: date | None = None
    manifestation: bool | None = None
    note: str = ""


def add_removal(root: Path, student_id: str, new: NewRemoval, commit: bool = True) -> Saved:
    """Record a disciplinary removal in ``discipline.toml``."""
    require_student(root, student_id)
    if not 1 <= new.days <= vocab.MAX_REMOVAL_DAYS:
        raise InputError(
            f"--days: {new.days} is not a whole number of school days from 1 to "
            f"{vocab.MAX_REMOVAL_DAYS}"
        )
    kind = _choice("--kind", new.kind, tuple(vocab.REMOVAL_KINDS))
    fields: dict[str, object] = {
        "id": new_id(),
        "date": new.on,
        "days": new.days,
        "kind": kind,
        "reason": _text("--reason", new.reason, 400),
        "pattern": new.pattern,
        "decided": new.decided,
        "manifestation": new.manifestation,
        "note": _text("--note", new.note),
    }
    path = layout.student_file(root, student_id, layout.DISCIPLINE_FILE)
    noun = "day" if new.days == 1 else "days"
    message = f"{student_id}: {kind} removal {new.on.isoformat()} ({new.days} school {noun})"
    return save(root, [_append(root, path, "removal", fields)], message, commit)


@dataclass(frozen=True)
class NewAbsence:
    """What ``add_absence`` needs."""

    on: date
    to: date | None = None
    reason: str = ""
    note: str = ""


def add_absence(root: Path, student_id: str, new: NewAbsence, commit: bool = True) -> Saved:
    """Record a day (or days) the student was absent in ``attendance.toml``."""
    require_student(root, student_id)
    if new.to is not None and new.to < new.on:
        raise InputError(f"--to: {new.to.isoformat()} is before --date {new.on.isoformat()}")
    to = new.to if new.to != new.on else None
    fields: dict[str, object] = {
        "id": new_id(),
        "date": new.on,
        "to": to,
        "reason": _text("--reason", new.reason, 200),
        "note": _text("--note", new.note),
    }
    path = layout.student_file(root, student_id, layout.ATTENDANCE_FILE)
    through = f" to {to.isoformat()}" if to is not None else ""
    message = f"{student_id}: absent {new.on.isoformat()}{through}"
    return save(root, [_append(root, path, "absence", fields)], message, commit)


def decide_removal(
    root: Path,
    student_id: str,
    removal_id: str,
    pattern: bool | None = None,
    decided: date | None = None,
    manifestation: bool | None = None,
    commit: bool = True,
) -> Saved:
    """Record decisions on a removal: the pattern decision, the date of the placement
    decision, the manifestation finding (only those given change)."""
    from caseterm.store import edit

    require_student(root, student_id)
    fields = {
        key: value
        for key, value in (
            ("pattern", pattern),
            ("decided", decided),
            ("manifestation", manifestation),
        )
        if value is not None
    }
    if not fields:
        raise InputError("--pattern, --decided or --manifestation: give at least one")
    path = layout.student_file(root, student_id, layout.DISCIPLINE_FILE)
    before = read_text(path) or ""
    try:
        after = edit.update_record(before, "removal", removal_id, fields)
    except KeyError:
        raise InputError(
            f"ID: no removal '{removal_id}' in {layout.relative(root, path)}; "
            f"see caseterm removal list {student_id}"
        ) from None
    what = ", ".join(f"{key} {_said(value)}" for key, value in fields.items())
    message = f"{student_id}: removal {removal_id}: {what}"
    return save(root, [FileEdit(path, before, after)], message, commit)


def _said(value: object) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value.isoformat() if isinstance(value, date) else str(value)
