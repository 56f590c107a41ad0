"""The schedule's checks against the caseload, located in ``schedule.toml`` for the faces.

``caseterm schedule check``, ``caseterm check --schedule`` and the TUI call
``findings``; it returns data and never prints. ``log_occurrence`` logs one scheduled
session (the TUI's Today screen and ``caseterm schedule log``). ``add_slot`` and
``remove_slot`` change the slots of ``schedule.toml`` (``caseterm schedule add`` and
``schedule remove``, the week grid's ``a`` and ``x``): one change, one commit each.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path

from caseterm.model import vocab
from caseterm.model.calendar import caseload_school_days
from caseterm.model.fields import FieldError, check_slug
from caseterm.model.records import Problem
from caseterm.model.schedule import DAY_NAMES, EMPTY, Finding, Schedule, Slot, check_schedule
from caseterm.store.actions import inputs
from caseterm.store.infra import layout
from caseterm.store.infra.atomic import read_text, refuse_links
from caseterm.store.infra.errors import InputError
from caseterm.store.infra.ids import new_id
from caseterm.store.infra.load import Loaded
from caseterm.store.infra.save import FileEdit, Saved, save
from caseterm.store.infra.tomltext import TomlSyntaxError, append_block, locate, parse, table_text


@dataclass(frozen=True, slots=True)
class Located:
    """A finding and where it points in ``schedule.toml``."""

    finding: Finding
    problem: Problem


def findings(loaded: Loaded, today: date) -> list[Located]:
    """Every finding about the caseload's schedule as of ``today``, with its line."""
    schedule = loaded.schedule or EMPTY
    if not schedule.slots:
        return []
    days = caseload_school_days(loaded.caseload)
    found = check_schedule(schedule, loaded.caseload.students, days, today)
    path = loaded.root / layout.SCHEDULE_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    out = []
    for finding in found:
        line, column = locate(text, finding.path) if finding.path else (1, 1)
        problem = Problem(layout.SCHEDULE_FILE, line, column, finding.message, finding.student)
        out.append(Located(finding, problem))
    return sorted(out, key=lambda x: (x.problem.line, x.problem.column, x.problem.message))


def log_occurrence(
    root: Path,
    slot: Slot,
    on: date,
    status: str = "delivered",
    minutes: int | None = None,
    note: str = "",
    absent: Sequence[str] = (),
    makeup_for: str = "",
    commit: bool = True,
) -> Saved:
    """Log one scheduled session of ``slot`` on ``on`` for every student in it: a group
    slot is one group session (one id, all its students' files, one commit).

    ``absent`` students get ``student-absent`` while the others get ``status``;
    ``minutes`` defaults to the slot's length; ``makeup_for`` makes it a make-up of a
    missed session (for a group, the missed group session's shared id)."""
    from caseterm.store.actions.changes import log_group_session, log_session

    unknown = [s for s in absent if s not in slot.students]
    if unknown:
        raise InputError(f"--absent: {unknown[0]} is not in slot {slot.id}")
    values = {
        "service": slot.service,
        "minutes": slot.minutes if minutes is None else minutes,
        "date": on,
        "status": "makeup" if makeup_for else status,
        "makeup_for": makeup_for,
        "provider": slot.provider,
        "group": slot.group,
        "note": note,
    }
    statuses = dict.fromkeys(absent, "student-absent")
    if slot.group:
        return log_group_session(root, slot.students, values, commit, statuses)
    if statuses:
        values["status"] = "student-absent"
    return log_session(root, slot.students[0], values, commit)


# --- slots: add and remove ---------------------------------------------------------------

Values = Mapping[str, object]
"""A new slot's values by their keys in ``schedule.toml`` (``from``, ``to``: the first
and last day in effect, None: always, open; ``days``: weekday names mon ... sun)."""


DAYS_FORM = "mon, tue, wed, thu, fri, sat or sun, e.g. mon,wed"


def end_of(field: str, start: time, minutes: int) -> time:
    """The end of a slot of ``minutes`` from ``start`` (within the same day)."""
    total = start.hour * 60 + start.minute + minutes
    if minutes < 1 or total >= 24 * 60:
        most = 24 * 60 - 1 - (start.hour * 60 + start.minute)
        raise InputError(
            f"{field}: {minutes} does not fit; use 1 to {most} minutes from {start:%H:%M}"
        )
    return time(total // 60, total % 60)


def _checked(action: Callable[[], object]) -> object:
    try:
        return action()
    except FieldError as error:
        raise InputError(str(error)) from None


def _schedule_text(root: Path) -> tuple[Path, str | None, Schedule]:
    """``schedule.toml``, its text (None: no file yet) and what it holds; input error when
    the file cannot be read as TOML (a change would not know where to go)."""
    from caseterm.model.schedule import decode_schedule

    path = root / layout.SCHEDULE_FILE
    refuse_links(path, root)
    before = read_text(path)
    if before is None:
        return path, None, EMPTY
    try:
        data = parse(before)
    except TomlSyntaxError as error:
        raise InputError(
            f"{layout.SCHEDULE_FILE}:{error.line}:{error.column}: {error.message}; fix the "
            "file first (caseterm check lists all problems)"
        ) from None
    schedule, _problems = decode_schedule(data, layout.SCHEDULE_FILE)
    return path, before, schedule


def _days(names: object) -> tuple[str, ...]:
    if not names:
        raise InputError(f"--days: name at least one weekday: {DAYS_FORM}")
    assert isinstance(names, list)
    for name in names:
        if name not in vocab.WEEKDAYS:
            raise InputError(f"--days: {name!r} is not a weekday; use {DAYS_FORM}")
    return tuple(sorted(set(names), key=vocab.WEEKDAYS.index))


def _students(root: Path, students: object, service: str) -> tuple[str, ...]:
    from caseterm.store.actions.changes import open_student, unprescribed_service
    from caseterm.store.kinds import PLAN

    assert isinstance(students, list)
    kept = tuple(dict.fromkeys(students))
    for student_id in kept:
        student = open_student(root, student_id, (PLAN,))
        problem = unprescribed_service(student, service)
        if problem:
            raise InputError(problem)
    return kept


def add_slot(root: Path, values: Values, commit: bool = True) -> Saved:
    """Append one recurring slot to ``schedule.toml`` (created if missing) from its values
    by their keys in the file (``service``, ``students``, ``days``, ``start``, ``end``,
    ...; ``kinds.SCHEDULE`` declares them); the saved change names the new slot's id.
    Each value is checked with a one-line message naming it; a student must be in the
    caseload with the service in the plan, a provider must be in the ``[[provider]]``
    list when the file has one."""
    if not values.get("students"):
        raise InputError("STUDENT: name at least one student (several make a group)")
    if not values.get("days"):
        _days(())
    fields = inputs.checked("slot", values)
    service = str(fields["service"])
    students = _students(root, fields["students"], service)
    days = _days(fields["days"])
    start, end = fields["start"], fields["end"]
    assert isinstance(start, time) and isinstance(end, time)
    if end <= start:
        raise InputError("--end: must be after --start (HH:MM, e.g. 09:30)")
    first, last = fields["from"], fields["to"]
    if isinstance(first, date) and isinstance(last, date) and last < first:
        raise InputError("--to: must not be before --from (YYYY-MM-DD)")
    provider = fields["provider"]
    path, before, schedule = _schedule_text(root)
    if isinstance(provider, str) and schedule.providers and schedule.provider(provider) is None:
        names = ", ".join(p.name for p in schedule.providers)
        raise InputError(
            f"--provider: {provider!r} is not in the [[provider]] list of "
            f"{layout.SCHEDULE_FILE}; use one of {names}"
        )
    slot_id = new_id()
    weeks = fields["weeks"]
    fields = {
        "id": slot_id,
        **fields,
        "students": list(students),
        "days": list(days),
        "weeks": sorted(set(weeks)) if isinstance(weeks, list) else None,
        "start": start.replace(second=0, microsecond=0),
        "end": end.replace(second=0, microsecond=0),
    }
    text = before if before is not None else layout.schema_line(root, path, path.name)
    after = append_block(text, table_text("slot", fields))
    group = f" (group of {len(students)})" if len(students) > 1 else ""
    when = ", ".join(DAY_NAMES[vocab.WEEKDAYS.index(d)] for d in days)
    message = (
        f"schedule: add slot {service} {when} {start:%H:%M}-{end:%H:%M} for "
        f"{', '.join(students)}{group}"
    )
    saved = save(root, [FileEdit(path, before, after)], message, commit)
    return saved._replace(record_id=slot_id)


def remove_slot(root: Path, slot_id: str, commit: bool = True) -> Saved:
    """Remove one slot of ``schedule.toml`` by its id, with the exceptions that name it
    (they would name no slot)."""
    from caseterm.store.infra import edit

    _checked(lambda: check_slug("ID", slot_id))
    path, before, schedule = _schedule_text(root)
    slot = schedule.slot(slot_id)
    if before is None or slot is None:
        raise InputError(
            f"ID: no slot '{slot_id}' in {layout.SCHEDULE_FILE}; see caseterm schedule show --json"
        )
    after = edit.remove_record(before, "slot", slot_id)
    gone = [e.id for e in schedule.exceptions if e.slot == slot_id]
    for exception_id in gone:
        after = edit.remove_record(after, "exception", exception_id)
    also = ""
    if gone:
        also = " and its exception" if len(gone) == 1 else f" and its {len(gone)} exceptions"
    message = f"schedule: remove slot {slot_id} ({slot.service} {', '.join(slot.students)}){also}"
    return save(root, [FileEdit(path, before, after)], message, commit)
