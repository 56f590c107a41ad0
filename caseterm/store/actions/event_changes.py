"""Changes that add the records of compliance round two: removals, absences, consents
and prior written notices.

Like ``store.changes``: check the input (one-line ``InputError`` naming the field), append
one record to the student's file (created on first use) and make one commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from caseterm.model import vocab
from caseterm.store import kinds
from caseterm.store.actions.changes import _append, _choice, _text, require_student
from caseterm.store.infra import layout
from caseterm.store.infra.atomic import read_text
from caseterm.store.infra.errors import InputError
from caseterm.store.infra.ids import new_id
from caseterm.store.infra.save import FileEdit, Saved, save


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


def _appended(root: Path, path: Path, table: str, fields: dict[str, object]) -> list[FileEdit]:
    """The edit appending one record; with the file's JSON Schema when the file is new and
    the caseload (made before this kind existed) lacks it, so editors validate it too."""
    edits = [_append(root, path, table, fields)]
    schema = root / layout.SCHEMA_DIR / kinds.SCHEMA_FOR[path.name]
    if edits[0].before is None and schema.parent.is_dir() and not schema.exists():
        shipped = resources.files("caseterm.schemas").joinpath(schema.name)
        edits.append(FileEdit(schema, None, shipped.read_text(encoding="utf-8")))
    return edits


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
        "reason": _text("--reason", new.reason),
        "pattern": new.pattern,
        "decided": new.decided,
        "manifestation": new.manifestation,
        "note": _text("--note", new.note),
    }
    path = layout.student_file(root, student_id, layout.DISCIPLINE_FILE)
    noun = "day" if new.days == 1 else "days"
    message = f"{student_id}: {kind} removal {new.on.isoformat()} ({new.days} school {noun})"
    return save(root, _appended(root, path, "removal", fields), message, commit)


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
        "reason": _text("--reason", new.reason),
        "note": _text("--note", new.note),
    }
    path = layout.student_file(root, student_id, layout.ATTENDANCE_FILE)
    through = f" to {to.isoformat()}" if to is not None else ""
    message = f"{student_id}: absent {new.on.isoformat()}{through}"
    return save(root, _appended(root, path, "absence", fields), message, commit)


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
    from caseterm.store.infra import edit

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


@dataclass(frozen=True)
class NewConsent:
    """What ``add_consent`` needs."""

    on: date
    purpose: str
    response: str = "pending"
    responded: date | None = None
    note: str = ""


def add_consent(root: Path, student_id: str, new: NewConsent, commit: bool = True) -> Saved:
    """Record a consent asked for (and its answer, if in) in ``consent.toml``."""
    require_student(root, student_id)
    purpose = _choice("--purpose", new.purpose, tuple(vocab.CONSENT_PURPOSES))
    response = _choice("--response", new.response, vocab.CONSENT_RESPONSES)
    responded = _responded(new.on, response, new.responded)
    fields: dict[str, object] = {
        "id": new_id(),
        "date": new.on,
        "purpose": purpose,
        "response": response,
        "responded": responded,
        "note": _text("--note", new.note),
    }
    path = layout.student_file(root, student_id, layout.CONSENT_FILE)
    message = f"{student_id}: {purpose} consent asked {new.on.isoformat()} ({response})"
    return save(root, _appended(root, path, "consent", fields), message, commit)


def _responded(asked: date, response: str, responded: date | None) -> date | None:
    if response == "pending":
        if responded is not None:
            raise InputError("--responded: a pending consent has no answer date yet")
        return None
    if responded is None:
        raise InputError(f"--responded: give the date of the answer with --response {response}")
    if responded < asked:
        raise InputError(f"--responded: {responded.isoformat()} is before it was asked ({asked})")
    return responded


def answer_consent(
    root: Path,
    student_id: str,
    consent_id: str,
    response: str,
    responded: date,
    commit: bool = True,
) -> Saved:
    """Record the parent's answer to a consent asked for earlier."""
    from caseterm.store.infra import edit
    from caseterm.store.infra.load import load_student

    require_student(root, student_id)
    answer = _choice("--response", response, vocab.CONSENT_RESPONSES[1:])
    path = layout.student_file(root, student_id, layout.CONSENT_FILE)
    student, _problems = load_student(root, student_id, [kinds.CONSENT])
    asked = next((c for c in student.consents if c.id == consent_id), None)
    if asked is None:
        raise InputError(
            f"ID: no consent '{consent_id}' in {layout.relative(root, path)}; "
            f"see caseterm consent list {student_id}"
        )
    _responded(asked.date, answer, responded)
    before = read_text(path) or ""
    fields = {"response": answer, "responded": responded}
    after = edit.update_record(before, "consent", consent_id, fields)
    message = f"{student_id}: {asked.purpose} consent {answer} {responded.isoformat()}"
    return save(root, [FileEdit(path, before, after)], message, commit)


@dataclass(frozen=True)
class NewNotice:
    """What ``add_notice`` needs."""

    on: date
    action: str
    subject: str
    description: str = ""
    note: str = ""


def add_notice(root: Path, student_id: str, new: NewNotice, commit: bool = True) -> Saved:
    """Record a prior written notice given to the family in ``consent.toml``."""
    require_student(root, student_id)
    action = _choice("--action", new.action, vocab.NOTICE_ACTIONS)
    subject = _choice("--subject", new.subject, tuple(vocab.NOTICE_SUBJECTS))
    fields: dict[str, object] = {
        "id": new_id(),
        "date": new.on,
        "action": action,
        "subject": subject,
        "description": _text("--description", new.description),
        "note": _text("--note", new.note),
    }
    path = layout.student_file(root, student_id, layout.CONSENT_FILE)
    message = f"{student_id}: prior written notice {new.on.isoformat()} ({action} {subject})"
    return save(root, _appended(root, path, "notice", fields), message, commit)
