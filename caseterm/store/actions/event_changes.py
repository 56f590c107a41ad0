"""Changes that add the records of compliance round two: removals, absences, consents
and prior written notices.

Each new record's values are checked as its kind declares (``store.actions.inputs``);
what is checked here needs more than one value. One record, one commit.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from caseterm.model import vocab
from caseterm.store import kinds
from caseterm.store.actions import inputs
from caseterm.store.actions.changes import _choice, require_student
from caseterm.store.actions.inputs import Values, day_text
from caseterm.store.infra import layout
from caseterm.store.infra.atomic import read_text
from caseterm.store.infra.errors import InputError
from caseterm.store.infra.save import FileEdit, Saved, save


def add_removal(root: Path, student_id: str, values: Values, commit: bool = True) -> Saved:
    """Record a disciplinary removal in ``discipline.toml``."""
    require_student(root, student_id)
    fields = inputs.new_fields("removal", values)
    days = fields["days"]
    noun = "day" if days == 1 else "days"
    on = day_text(fields["date"])
    message = f"{student_id}: {fields['kind']} removal {on} ({days} school {noun})"
    return inputs.append(root, student_id, "removal", fields, message, commit)


def add_absence(root: Path, student_id: str, values: Values, commit: bool = True) -> Saved:
    """Record a day (or days) the student was absent in ``attendance.toml``."""
    require_student(root, student_id)
    fields = inputs.new_fields("absence", values)
    on, to = fields["date"], fields["to"]
    if isinstance(to, date) and isinstance(on, date):
        if to < on:
            raise InputError(f"--to: {to.isoformat()} is before --date {on.isoformat()}")
        if to == on:
            fields["to"] = to = None
    through = f" to {day_text(to)}" if to is not None else ""
    message = f"{student_id}: absent {day_text(on)}{through}"
    return inputs.append(root, student_id, "absence", fields, message, commit)


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


def add_consent(root: Path, student_id: str, values: Values, commit: bool = True) -> Saved:
    """Record a consent asked for (and its answer, if in) in ``consent.toml``."""
    require_student(root, student_id)
    fields = inputs.new_fields("consent", values)
    on, response, responded = fields["date"], str(fields["response"]), fields["responded"]
    assert isinstance(on, date)
    fields["responded"] = _responded(
        on, response, responded if isinstance(responded, date) else None
    )
    message = f"{student_id}: {fields['purpose']} consent asked {on.isoformat()} ({response})"
    return inputs.append(root, student_id, "consent", fields, message, commit)


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


def add_notice(root: Path, student_id: str, values: Values, commit: bool = True) -> Saved:
    """Record a prior written notice given to the family in ``consent.toml``."""
    require_student(root, student_id)
    fields = inputs.new_fields("notice", values)
    message = (
        f"{student_id}: prior written notice {day_text(fields['date'])} "
        f"({fields['action']} {fields['subject']})"
    )
    return inputs.append(root, student_id, "notice", fields, message, commit)
