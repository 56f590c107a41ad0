"""One function per change a user can make. The CLI and the TUI both call these.

Every function checks its input (raising ``InputError`` with a one-line message that names
the field and the accepted form), builds the new file text, and hands it to ``save``, which
writes atomically and makes exactly one commit. ``store.edit`` (tomlkit, ~13 ms to
import) is imported only by the changes that edit existing text, so appends stay fast.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, time
from pathlib import Path
from typing import TYPE_CHECKING

from msgspec import structs

from caseterm.model import vocab
from caseterm.model.decode import decode_plan, decode_settings
from caseterm.model.fields import (
    BOUNDS,
    MAX_PRESCRIBED_MINUTES,
    SHORT_TEXT,
    FieldError,
    check_choice,
    check_field_text,
    check_goal_value,
    check_minutes,
    check_number,
    check_slug,
    check_text,
    parse_date,
)
from caseterm.model.records import Goal, Session, Student
from caseterm.model.validate import plan_dates_problem
from caseterm.store import kinds
from caseterm.store.actions import inputs
from caseterm.store.actions.inputs import Values
from caseterm.store.infra import git, layout
from caseterm.store.infra.atomic import read_text, refuse_links
from caseterm.store.infra.errors import InputError
from caseterm.store.infra.ids import new_id
from caseterm.store.infra.load import load_goals, load_student
from caseterm.store.infra.save import NO_REPO_WARNING, FileEdit, Saved, save
from caseterm.store.infra.tomltext import TomlSyntaxError, append_block, parse, table_text

if TYPE_CHECKING:
    from caseterm.store.infra import edit


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def check_student_id(student_id: str) -> str:
    try:
        return check_slug("student", student_id)
    except FieldError as error:
        raise InputError(str(error)) from None


def require_student(root: Path, student_id: str) -> None:
    """Input error unless ``student_id`` is a valid id of a student in this caseload."""
    check_student_id(student_id)
    refuse_links(layout.student_file(root, student_id, layout.PROFILE_FILE), root)
    if not layout.student_file(root, student_id, layout.PROFILE_FILE).is_file():
        raise InputError(
            f"student: no student '{student_id}' in this caseload; see caseterm student list"
        )


def open_student(
    root: Path, student_id: str, files: Sequence[kinds.StudentFile] = kinds.STUDENT_FILES
) -> Student:
    """The student with ``student_id`` (input errors if the id is bad or unknown); with
    ``files``, only the records of those files are read."""
    require_student(root, student_id)
    student, _problems = load_student(root, student_id, files)
    return student


def _text(field_name: str, value: str) -> str:
    """``value`` checked as the text field named by the option ``field_name``."""
    key = field_name.removeprefix("--").replace("-", "_")
    try:
        return check_field_text(field_name, key, value)
    except FieldError as error:
        raise InputError(str(error)) from None


def _item(field_name: str, value: str) -> str:
    try:
        return check_text(field_name, value, SHORT_TEXT)
    except FieldError as error:
        raise InputError(str(error)) from None


def _choice(field_name: str, value: str, choices: Sequence[vocab.Code]) -> vocab.Code:
    try:
        return check_choice(field_name, value, choices)
    except FieldError as error:
        raise InputError(str(error)) from None


def _append(root: Path, path: Path, header: str, fields: dict[str, object]) -> FileEdit:
    before = read_text(path)
    text = before if before is not None else _new_file_text(root, path)
    return FileEdit(path, before, append_block(text, table_text(header, fields)))


def _added(saved: Saved, fields: dict[str, object]) -> Saved:
    """``saved`` naming the id of the record it appended (``caseterm`` prints it)."""
    return replace(saved, record_id=str(fields["id"]))


def _new_file_text(root: Path, path: Path) -> str:
    return layout.schema_line(root, path, path.name)


def _student_file(root: Path, student_id: str, name: str) -> Path:
    return layout.student_file(root, student_id, name)


# --- students ------------------------------------------------------------------------


def add_student(root: Path, values: Values, commit: bool = True) -> Saved:
    """Create ``students/<id>/`` with its profile and empty plan, goal and log files."""
    edits = student_edits(root, values)
    plan = inputs.one("student", "plan_type", values.get("plan_type") or "IEP")
    return save(root, edits, f"{values['id']}: add student ({plan})", commit)


def student_edits(root: Path, values: Values) -> list[FileEdit]:
    """The new files of a new student (checked; nothing written)."""
    fields = inputs.checked("student", values)
    student_id = str(fields.pop("id"))
    if layout.student_dir(root, student_id).exists():
        raise InputError(f"student: '{student_id}' already exists; choose another id")
    family = fields.pop("family")
    profile = table_text("student", fields, array=False)
    for relative in family:  # type: ignore[attr-defined]
        profile += "\n" + table_text("family", relative)
    edits = []
    for student_file in kinds.STUDENT_FILES:
        if not student_file.created:
            continue
        path = _student_file(root, student_id, student_file.name)
        body = profile if student_file is kinds.PROFILE else student_file.body
        edits.append(FileEdit(path, None, _new_file_text(root, path) + body))
    return edits


@dataclass(frozen=True)
class FieldSpec:
    """An editable field: where it lives, what kind of value, which codes are allowed."""

    path: tuple[str, ...]
    kind: str
    choices: tuple[str, ...] = ()


PROFILE_FIELDS: dict[str, FieldSpec] = {
    "first_name": FieldSpec(("student", "first_name"), "name"),
    "last_name": FieldSpec(("student", "last_name"), "text"),
    "birth_date": FieldSpec(("student", "birth_date"), "date"),
    "grade": FieldSpec(("student", "grade"), "choice", vocab.GRADES),
    "school": FieldSpec(("student", "school"), "text"),
    "plan_type": FieldSpec(("student", "plan_type"), "choice", vocab.PLAN_TYPES),
    "disabilities": FieldSpec(("student", "disabilities"), "list", tuple(vocab.DISABILITIES)),
    "case_manager": FieldSpec(("student", "case_manager"), "text"),
    "note": FieldSpec(("student", "note"), "text"),
}

_PLAN_DATES = (
    "referral",
    "consent",
    "evaluation",
    "eligibility",
    "plan_meeting",
    "plan_start",
    "plan_end",
    "safeguards_notice",
    "medicaid_consent",
    "medicaid_notice",
    "transfer_of_rights",
    "lea_notification",
)

PLAN_FIELDS: dict[str, FieldSpec] = {
    **{key: FieldSpec(("dates", key), "date") for key in _PLAN_DATES},
    "lre": FieldSpec(("plan", "lre"), "choice", tuple(vocab.LRE_SETTINGS)),
    "accommodations": FieldSpec(("plan", "accommodations"), "list"),
    "modifications": FieldSpec(("plan", "modifications"), "list"),
    "reevaluation_waived": FieldSpec(("plan", "reevaluation_waived"), "bool"),
    "note": FieldSpec(("plan", "note"), "text"),
    "transition.date": FieldSpec(("transition", "date"), "date"),
    "transition.education": FieldSpec(("transition", "education"), "text"),
    "transition.employment": FieldSpec(("transition", "employment"), "text"),
    "transition.independent_living": FieldSpec(("transition", "independent_living"), "text"),
    "transition.courses": FieldSpec(("transition", "courses"), "list"),
    "transition.agencies": FieldSpec(("transition", "agencies"), "list"),
    "transition.note": FieldSpec(("transition", "note"), "text"),
    "behavior_plan.adopted": FieldSpec(("behavior_plan", "adopted"), "date"),
    "behavior_plan.review": FieldSpec(("behavior_plan", "review"), "date"),
    "behavior_plan.target_behaviors": FieldSpec(("behavior_plan", "target_behaviors"), "list"),
    "behavior_plan.note": FieldSpec(("behavior_plan", "note"), "text"),
    "exit.date": FieldSpec(("exit", "date"), "date"),
    "exit.reason": FieldSpec(("exit", "reason"), "choice", tuple(vocab.EXIT_REASONS)),
    "exit.summary_of_performance": FieldSpec(("exit", "summary_of_performance"), "date"),
    "exit.note": FieldSpec(("exit", "note"), "text"),
    "esy.decided": FieldSpec(("esy", "decided"), "date"),
    "esy.eligible": FieldSpec(("esy", "eligible"), "bool"),
    "esy.note": FieldSpec(("esy", "note"), "text"),
}


def parse_assignment(fields: dict[str, FieldSpec], text: str) -> edit.Assignment:
    """``FIELD=VALUE`` (empty VALUE removes), ``FIELD+=ITEM`` or ``FIELD-=ITEM`` for lists."""
    from caseterm.store.infra import edit

    name, op, value = _split_assignment(text)
    spec = fields.get(name)
    if spec is None:
        raise InputError(f"FIELD: unknown field '{name}'; use one of {', '.join(fields)}")
    if spec.kind == "list":
        if op == "=" and value:
            raise InputError(f"{name}: add one item with {name}+=ITEM, remove with {name}-=ITEM")
        if op != "=" and spec.choices:
            _choice(name, value, spec.choices)
        return edit.Assignment(spec.path, op, _item(name, value) if op != "=" else None)
    if op != "=":
        raise InputError(f"{name}: is not a list; set it with {name}=VALUE")
    if value == "":
        if spec.kind == "name":
            raise InputError(f"{name}: must not be empty")
        return edit.Assignment(spec.path, "=", None)
    return edit.Assignment(spec.path, "=", _typed(name, spec, value))


def _split_assignment(text: str) -> tuple[str, str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise InputError(f"FIELD=VALUE: {text!r} has no '='; write e.g. consent=2026-09-01")
    op = "="
    if name.endswith(("+", "-")):
        op = name[-1] + "="
        name = name[:-1]
    return name.strip(), op, value.strip()


def _typed(name: str, spec: FieldSpec, value: str) -> object:
    try:
        if spec.kind == "date":
            return parse_date(name, value)
        if spec.kind == "bool":
            if value not in ("true", "false"):
                raise FieldError(name, f"{value!r} is not allowed; use true or false")
            return value == "true"
        if spec.kind == "choice":
            return check_choice(name, value, spec.choices)
        return check_field_text(name, spec.path[-1], value)
    except FieldError as error:
        raise InputError(str(error)) from None


def set_profile(
    root: Path, student_id: str, changes: Sequence[edit.Assignment], commit: bool = True
) -> Saved:
    """Change fields of ``[student]`` in ``student.toml`` (typo fixes, grade, case manager)."""
    require_student(root, student_id)
    return _assign(root, student_id, layout.PROFILE_FILE, changes, "student", commit)


def set_plan(
    root: Path, student_id: str, changes: Sequence[edit.Assignment], commit: bool = True
) -> Saved:
    """Change plan dates, placement, accommodations, transition or BIP in ``plan.toml``."""
    require_student(root, student_id)
    return _assign(root, student_id, layout.PLAN_FILE, changes, "plan", commit)


def _assign(
    root: Path,
    student_id: str,
    file_name: str,
    changes: Sequence[edit.Assignment],
    what: str,
    commit: bool,
) -> Saved:
    from caseterm.store.infra import edit

    if not changes:
        raise InputError(f"{what} set: give at least one FIELD=VALUE")
    assigned = [change.path for change in changes if change.op == "="]
    twice = next((path for i, path in enumerate(assigned) if path in assigned[:i]), None)
    if twice is not None:
        raise InputError(f"{_key(twice)} given twice; give each FIELD=VALUE once")
    path = _student_file(root, student_id, file_name)
    before = read_text(path)
    text = before if before is not None else _new_file_text(root, path)
    try:
        after = edit.apply(text, changes)
    except (TypeError, ValueError) as error:
        raise InputError(f"{what} set: {error}") from None
    if after == before:
        raise InputError(f"{what} set: nothing changed")
    if file_name == layout.PLAN_FILE:
        _check_plan_dates(after)
    summary = ", ".join(_describe(change) for change in changes)
    return save(
        root, [FileEdit(path, before, after)], f"{student_id}: set {what} {summary}", commit
    )


def _check_plan_dates(text: str) -> None:
    """Refuse a plan whose dates ``check`` would report as out of order."""
    try:
        data = parse(text)
    except TomlSyntaxError:
        return
    plan, _problems = decode_plan(data, layout.PLAN_FILE)
    found = plan_dates_problem(plan.dates)
    if found is not None:
        raise InputError(f"{found[0]}: {found[1]}")


def _key(path: tuple[str, ...]) -> str:
    """The FIELD name of a key path, as ``plan set``/``student set`` take it."""
    return ".".join(path[1:]) if path[0] in ("dates", "plan", "student") else ".".join(path)


def _describe(change: edit.Assignment) -> str:
    key = _key(change.path)
    if change.value is None:
        return f"{key} removed"
    value = change.value
    shown = value.isoformat() if isinstance(value, date) else str(value)
    if isinstance(value, bool):
        shown = "true" if value else "false"
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{key}{change.op}{shown}"


# --- goals and data ------------------------------------------------------------------


def add_goal(root: Path, student_id: str, values: Values, commit: bool = True) -> Saved:
    """Append a measurable annual goal to ``goals.toml``."""
    student = open_student(root, student_id, (kinds.GOALS,))
    fields = inputs.checked("goal", values)
    unit = str(fields["unit"] or "")
    try:
        for key in ("target", "baseline"):
            if fields[key] is not None:
                check_goal_value(f"--{key}", float(fields[key]), unit)  # type: ignore[arg-type]
    except FieldError as error:
        raise InputError(str(error)) from None
    goal_id = str(fields["id"])
    if student.goal(goal_id) is not None:
        raise InputError(f"goal: '{goal_id}' already exists for {student_id}; choose another id")
    start, end = fields["start_date"], fields["target_date"]
    if isinstance(start, date) and isinstance(end, date) and start >= end:
        raise InputError("--target-date: must be after --start (YYYY-MM-DD)")
    if fields["aggregate"] == "mean":
        fields["aggregate"] = None
    message = f"{student_id}: add goal {goal_id}"
    return inputs.append(root, student_id, "goal", fields, message, commit)


def add_phase(
    root: Path, student_id: str, goal_id: str, start: date, label: str, commit: bool = True
) -> Saved:
    """Start a new intervention phase on a goal (trend lines restart from it)."""
    from caseterm.store.infra import edit

    goal = _goal(root, student_id, goal_id)
    path = _student_file(root, student_id, layout.GOALS_FILE)
    before = read_text(path) or ""
    phase: dict[str, object] = {"start": start}
    if label:
        phase["label"] = _text("--label", label)
    after = edit.append_subrecord(before, "goal", goal.id, "phase", phase)
    message = f"{student_id}: start phase on goal {goal_id} from {start.isoformat()}"
    return save(root, [FileEdit(path, before, after)], message, commit)


def unknown_goal(student_id: str, goals: Sequence[Goal], goal_id: str) -> str:
    """Why ``goal_id`` is not one of the student's goals, or ``""`` when it is."""
    if any(g.id == goal_id for g in goals):
        return ""
    known = ", ".join(g.id for g in goals) or "none yet (caseterm goal add)"
    return f"goal: '{goal_id}' is not a goal of {student_id}; use one of {known}"


def unprescribed_service(student: Student, service: str, field: str = "SERVICE") -> str:
    """Why ``service`` is not prescribed for the student, or ``""`` when it is."""
    services = sorted({p.service for p in student.plan.services})
    if service in services:
        return ""
    known = ", ".join(services) or "none yet (caseterm service add)"
    return f"{field}: '{service}' is not prescribed for {student.id}; use one of {known}"


def _goal(root: Path, student_id: str, goal_id: str) -> Goal:
    """The student's goal ``goal_id``; only ``goals.toml`` is read (not the logs)."""
    require_student(root, student_id)
    goals, problems = load_goals(root, student_id)
    problem = unknown_goal(student_id, goals, goal_id)
    if problem and problems:
        raise InputError(f"goal: cannot read the goals: {problems[0]} (caseterm check lists all)")
    if problem:
        raise InputError(problem)
    return next(g for g in goals if g.id == goal_id)


def add_data_point(
    root: Path,
    student_id: str,
    goal_id: str,
    value: float,
    on: date,
    note: str = "",
    commit: bool = True,
) -> Saved:
    """Append one progress-monitoring data point to ``data.toml``."""
    goal = _goal(root, student_id, goal_id)
    try:
        value = check_goal_value(
            "VALUE", check_number("VALUE", value, BOUNDS["point.value"]), goal.unit
        )
    except FieldError as error:
        raise InputError(str(error)) from None
    fields: dict[str, object] = {
        "id": new_id(),
        "goal": goal_id,
        "date": on,
        "value": value,
        "note": _text("--note", note),
    }
    path = _student_file(root, student_id, layout.DATA_FILE)
    unit = f" {goal.unit}" if goal.unit else ""
    message = f"{student_id}: add data point for goal {goal_id} ({_fmt(value)}{unit})"
    return _added(save(root, [_append(root, path, "point", fields)], message, commit), fields)


# --- services ------------------------------------------------------------------------


def add_prescription(root: Path, student_id: str, values: Values, commit: bool = True) -> Saved:
    """Prescribe a service (or amend one from ``start``) in ``plan.toml``."""
    require_student(root, student_id)
    fields = inputs.new_fields("service", values)
    per, minutes = str(fields["per"]), fields["minutes"]
    try:
        check_minutes("MINUTES", minutes, MAX_PRESCRIBED_MINUTES[per])
    except FieldError as error:
        raise InputError(str(error)) from None
    if minutes == 0:
        raise InputError(f"MINUTES: prescribe at least 1 minute per {per}")
    start, end = fields["start"], fields["end"]
    assert isinstance(start, date)
    if isinstance(end, date) and end < start:
        raise InputError("--end: must not be before --start (YYYY-MM-DD)")
    esy = "ESY " if fields["esy"] else ""
    service = fields["service"]
    message = f"{student_id}: prescribe {esy}{service} {minutes} min/{per} from {start.isoformat()}"
    return inputs.append(root, student_id, "service", fields, message, commit)


def log_session(root: Path, student_id: str, values: Values, commit: bool = True) -> Saved:
    """Append a service session (delivered, missed, or a make-up) to ``sessions.toml``."""
    fields = _session_fields(root, student_id, inputs.new_fields("session", values), 0)
    message = (
        f"{student_id}: log {fields['service']} session {_day(fields)} "
        f"({fields['minutes']} min, {fields['status']})"
    )
    return inputs.append(root, student_id, "session", fields, message, commit)


def _day(fields: inputs.Fields) -> str:
    on = fields["date"]
    return on.isoformat() if isinstance(on, date) else str(on)


MAX_GROUP = 100
"""Students one group session may have (``fields.BOUNDS["session.group_size"]``)."""


def log_group_session(
    root: Path,
    student_ids: Sequence[str],
    values: Values,
    commit: bool = True,
    statuses: Mapping[str, str] | None = None,
) -> Saved:
    """Log one group session for several students: one session id shared by every
    student's entry, ``group_size`` recorded, all ``sessions.toml`` files in one commit.

    ``statuses`` gives a student a status other than ``values["status"]`` (one absent
    from the group). Each student's full minutes count for that student, as for any group
    session.
    """
    students = list(dict.fromkeys(student_ids))
    if len(students) < 2:
        raise InputError("STUDENT: a group session needs at least two different students")
    if len(students) > MAX_GROUP:
        raise InputError(f"STUDENT: {len(students)} students; a group has at most {MAX_GROUP}")
    shared = inputs.new_fields("session", values)
    edits: list[FileEdit] = []
    for student_id in students:
        own = dict(shared)
        if statuses and student_id in statuses:
            own["status"] = inputs.one("session", "status", statuses[student_id])
        fields = _session_fields(root, student_id, own, len(students))
        edits += inputs.append_edits(root, student_id, "session", fields)
    message = (
        f"log group {shared['service']} session {_day(shared)} ({shared['minutes']} min, "
        f"{len(students)} students): {', '.join(students)}"
    )
    return replace(save(root, edits, message, commit), record_id=str(shared["id"]))


def _session_fields(
    root: Path, student_id: str, fields: inputs.Fields, group_size: int
) -> inputs.Fields:
    """A session's fields checked against the student's plan (and the missed session it
    makes up); ``group_size`` students (0: not a group session)."""
    needs = (kinds.PLAN, kinds.SESSIONS) if fields["makeup_for"] else (kinds.PLAN,)
    student = open_student(root, student_id, needs)
    problem = unprescribed_service(student, str(fields["service"]))
    if problem:
        raise InputError(problem)
    if fields["makeup_for"] and fields["status"] == "delivered":
        fields["status"] = "makeup"
    if fields["status"] == "makeup":
        _check_makeup(student, fields)
    elif fields["makeup_for"]:
        raise InputError("--makeup-for: only a make-up session (--status makeup) links another")
    note = fields.pop("note")
    fields["group"] = True if fields["group"] or group_size else None
    fields["group_size"] = group_size or None
    fields["note"] = note
    return fields


def _check_makeup(student: Student, fields: inputs.Fields) -> None:
    makeup_for, service = fields["makeup_for"], fields["service"]
    if not makeup_for:
        raise InputError("--makeup-for: a make-up session names the missed session's id")
    missed = next((s for s in student.sessions if s.id == makeup_for), None)
    if missed is None:
        raise InputError(
            f"--makeup-for: no session '{makeup_for}' for {student.id}; "
            f"caseterm student show {student.id} --ids lists the sessions and their ids"
        )
    if missed.status not in vocab.MISSED_STATUSES:
        raise InputError(
            f"--makeup-for: session '{missed.id}' was {missed.status}, not missed; "
            "only a missed session can be made up"
        )
    if missed.service != service:
        raise InputError(
            f"--makeup-for: session '{missed.id}' is for {missed.service}, not {service}"
        )
    from caseterm.model.minutes import open_missed  # with its calendar: ~4 ms per write

    if all(s.id != missed.id for s in open_missed(student.sessions)):
        raise InputError(
            f"--makeup-for: session '{missed.id}' ({missed.minutes} min) is already made up; "
            "name a missed session not yet made up"
        )


# --- meetings and contacts -----------------------------------------------------------


def add_meeting(root: Path, student_id: str, values: Values, commit: bool = True) -> Saved:
    """Log a meeting held, or schedule one, in ``log.toml``."""
    student = open_student(root, student_id, (kinds.PROFILE,))
    fields = inputs.new_fields("meeting", values)
    _check_meeting_kind(student, str(fields["kind"]))
    message = f"{student_id}: {fields['status']} {fields['kind']} meeting {_day(fields)}"
    return inputs.append(root, student_id, "meeting", fields, message, commit)


def _check_meeting_kind(student: Student, kind: str) -> None:
    """Refuse a kind of meeting that belongs to another kind of plan."""
    plan = student.profile.plan_type
    needs = vocab.MEETING_PLAN.get(kind, plan)  # type: ignore[call-overload]
    if needs != plan:
        fits = ", ".join(k for k in vocab.MEETING_KINDS if vocab.MEETING_PLAN.get(k, plan) == plan)
        raise InputError(
            f"--kind: {kind} is for a student with an {needs}, and {student.id} has an {plan}; "
            f"use one of {fits}"
        )


def _period_names(root: Path) -> tuple[str, ...]:
    """The names of the caseload's reporting periods (none if caseterm.toml is unreadable)."""
    text = read_text(root / layout.SETTINGS_FILE) or ""
    try:
        settings, _problems = decode_settings(parse(text), layout.SETTINGS_FILE)
    except TomlSyntaxError:
        return ()
    return tuple(p.name for p in settings.reporting_periods) if settings else ()


def add_contact(root: Path, student_id: str, values: Values, commit: bool = True) -> Saved:
    """Log a contact with the family in ``log.toml``."""
    require_student(root, student_id)
    fields = inputs.new_fields("contact", values)
    period = fields["period"]
    if period:
        periods = _period_names(root)
        if period not in periods:
            known = ", ".join(periods) or "none yet ([[reporting_period]] in caseterm.toml)"
            raise InputError(
                f"--period: {str(period)[:40]!r} is not a reporting period; use one of {known}"
            )
    message = f"{student_id}: log {fields['method']} contact {_day(fields)} ({fields['purpose']})"
    return inputs.append(root, student_id, "contact", fields, message, commit)


# --- corrections ---------------------------------------------------------------------


def remove_record(
    root: Path, student_id: str, table: str, record_id: str, commit: bool = True
) -> Saved:
    """Remove one logged record (data point, session, meeting, contact) by its id."""
    from caseterm.store.infra import edit

    require_student(root, student_id)
    file_name = kinds.REMOVABLE[table]
    path = _student_file(root, student_id, file_name)
    before = read_text(path) or ""
    try:
        after = edit.remove_record(before, table, record_id)
    except KeyError:
        raise InputError(f"ID: no {table} '{record_id}' in {layout.relative(root, path)}") from None
    edits = [FileEdit(path, before, after)]
    if table == "session" and _is_group(before, record_id):
        edits += _group_mates(root, student_id, record_id)
    if len(edits) > 1:
        others = ", ".join(e.path.parent.name for e in edits[1:])
        message = f"{student_id}: remove group session {record_id} (also from {others})"
    else:
        message = f"{student_id}: remove {table} {record_id}"
    return save(root, edits, message, commit)


def _is_group(text: str, session_id: str) -> bool:
    """Whether the session ``session_id`` of this ``sessions.toml`` text is a group's."""
    try:
        data = parse(text)
    except TomlSyntaxError:
        return False
    items = data.get("session", [])
    return isinstance(items, list) and any(
        isinstance(item, dict)
        and item.get("id") == session_id
        and (item.get("group") is True or bool(item.get("group_size")))
        for item in items
    )


def _group_mates(root: Path, student_id: str, session_id: str) -> list[FileEdit]:
    """The removal of group session ``session_id`` from the other students' files that
    hold it (a group session's entries share one id)."""
    from caseterm.store.infra import edit
    from caseterm.store.infra.load import folder_problem, student_ids

    edits: list[FileEdit] = []
    needle = f'"{session_id}"'
    for other in student_ids(root):
        if other == student_id or folder_problem(other) is not None:
            continue
        path = _student_file(root, other, layout.SESSIONS_FILE)
        refuse_links(path, root)
        before = read_text(path)
        if before is None or needle not in before or not _is_group(before, session_id):
            continue
        try:
            edits.append(FileEdit(path, before, edit.remove_record(before, "session", session_id)))
        except KeyError:
            continue
    return edits


def commit_hand_edit(root: Path, student_id: str, file_name: str) -> Saved:
    """Commit a student's file after a hand edit, if it changed and has no problems."""
    require_student(root, student_id)
    path = _student_file(root, student_id, file_name)
    rel = layout.relative(root, path)
    _student, problems = load_student(root, student_id)
    mine = [p for p in problems if p.file == rel]
    if mine:
        raise InputError(f"{mine[0]} (not committed: fix the file; caseterm check lists all)")
    repo = git.find_repo(root)
    if repo is None:
        return Saved(f"{student_id}: {file_name} checked", (path,), None, NO_REPO_WARNING)
    if not git.run(repo, "status", "--porcelain", "--", str(path.resolve())).strip():
        return Saved(f"{student_id}: {file_name} unchanged", (path,), None)
    if git.identity(repo) is None:
        raise InputError(git.IDENTITY_HELP)
    sha = git.commit(repo, [path], f"{student_id}: edit {file_name} by hand")
    return Saved(f"{student_id}: edit {file_name} by hand", (path,), sha)


EDITABLE: dict[str, tuple[str, ...]] = {
    "point": ("goal", "date", "value", "note"),
    "session": ("service", "date", "minutes", "status", "makeup_for", "provider", "group", "note"),
    "meeting": ("date", "time", "kind", "status", "title", "location", "participants", "note"),
    "contact": ("date", "method", "person", "purpose", "period", "note"),
}
"""The record kinds ``edit_record`` corrects, and the fields of each it may change."""

_EDIT_FILES: dict[str, tuple[kinds.StudentFile, ...]] = {
    "point": (kinds.GOALS, kinds.DATA),
    "session": (kinds.PLAN, kinds.SESSIONS),
    "meeting": (kinds.PROFILE, kinds.LOG),
    "contact": (kinds.LOG,),
}


def edit_record(
    root: Path,
    student_id: str,
    kind: str,
    record_id: str,
    values: dict[str, object],
    commit: bool = True,
) -> Saved:
    """Correct fields of one logged record (data point, session, meeting, contact) in
    place: each value is checked as when the record is added; an empty text removes it."""
    from caseterm.store.infra import edit

    if kind not in EDITABLE:
        raise InputError(f"KIND: {kind[:40]!r} cannot be edited; use one of {', '.join(EDITABLE)}")
    unknown = next((name for name in values if name not in EDITABLE[kind]), None)
    if unknown is not None:
        raise InputError(
            f"{unknown[:40]}: not a field of a {kind}; use one of {', '.join(EDITABLE[kind])}"
        )
    if not values:
        raise InputError(f"edit: give at least one field to change ({', '.join(EDITABLE[kind])})")
    student = open_student(root, student_id, _EDIT_FILES[kind])
    record_kind = kinds.RECORD[kind]
    records = getattr(student, record_kind.field)
    record = next((r for r in records if r.id == record_id), None)
    path = _student_file(root, student_id, record_kind.file)
    if record is None:
        raise InputError(f"ID: no {kind} '{record_id[:40]}' in {layout.relative(root, path)}")
    checked = {name: _checked(root, student, kind, name, value) for name, value in values.items()}
    changed = {k: v for k, v in checked.items() if v != getattr(record, k)}
    if not changed:
        raise InputError(f"edit: nothing changed in {kind} {record_id}")
    after_record = structs.replace(record, **changed)
    if kind == "point":
        goal = student.goal(after_record.goal)
        try:
            check_goal_value("--value", after_record.value, goal.unit if goal else "")
        except FieldError as error:
            raise InputError(str(error)) from None
    if isinstance(after_record, Session):
        _session_links(student, after_record, changed)
    before = read_text(path) or ""
    written = {k: _toml_value(v) for k, v in changed.items()}
    try:
        after = edit.update_record(before, record_kind.table, record_id, written)
    except KeyError:
        raise InputError(f"ID: no {kind} '{record_id}' in {layout.relative(root, path)}") from None
    summary = ", ".join(_change_text(k, v) for k, v in changed.items())
    message = f"{student_id}: edit {kind} {record_id} ({summary})"
    return save(root, [FileEdit(path, before, after)], message, commit)


def _checked(root: Path, student: Student, kind: str, name: str, value: object) -> object:
    """``value`` of field ``name`` of a ``kind`` record, checked as when one is added."""
    option = "--" + name.replace("_", "-")
    try:
        if name == "date":
            if not isinstance(value, date):
                raise FieldError(option, "write a date as YYYY-MM-DD")
            return value
        if name == "value":
            return check_number(option, value, BOUNDS["point.value"])
        if name == "minutes":
            return check_minutes(option, value)
        if name == "time":
            if value is not None and not isinstance(value, time):
                raise FieldError(option, "write a time as HH:MM")
            return value
        if name == "group":
            if not isinstance(value, bool):
                raise FieldError(option, "use yes or no")
            return value
        if name == "participants":
            if isinstance(value, str) or not isinstance(value, (list, tuple)):
                raise FieldError(option, "give a list of names")
            return tuple(_item("--participant", str(p)) for p in value)
    except FieldError as error:
        raise InputError(str(error)) from None
    if not isinstance(value, str):
        raise InputError(f"{option}: give text")
    text = _text(option, value)
    if name == "goal":
        problem = unknown_goal(student.id, student.goals, text)
        if problem:
            raise InputError(problem)
    elif name == "service":
        problem = unprescribed_service(student, text, option)
        if problem:
            raise InputError(problem)
    elif name == "status":
        statuses = vocab.SESSION_STATUSES if kind == "session" else vocab.MEETING_STATUSES
        return _choice(option, text, tuple(statuses))
    elif name == "kind":
        meeting_kind = _choice(option, text, tuple(vocab.MEETING_KINDS))
        _check_meeting_kind(student, meeting_kind)
        return meeting_kind
    elif name == "method":
        return _choice(option, text, vocab.CONTACT_METHODS)
    elif name == "purpose":
        return _choice(option, text, vocab.CONTACT_PURPOSES)
    elif name == "period" and text:
        periods = _period_names(root)
        if text not in periods:
            known = ", ".join(periods) or "none yet ([[reporting_period]] in caseterm.toml)"
            raise InputError(
                f"{option}: {text[:40]!r} is not a reporting period; use one of {known}"
            )
    return text


def _session_links(student: Student, session: Session, changed: dict[str, object]) -> None:
    """Check a corrected session's make-up link; a session that is no longer a make-up
    drops it (added to ``changed``)."""
    if session.status == "makeup" and {"status", "makeup_for", "service"} & changed.keys():
        others = structs.replace(
            student, sessions=tuple(s for s in student.sessions if s.id != session.id)
        )
        _check_makeup(others, {"service": session.service, "makeup_for": session.makeup_for})
    elif changed.get("makeup_for"):
        raise InputError("--makeup-for: only a make-up session (--status makeup) links another")
    elif session.makeup_for:
        changed["makeup_for"] = ""


def _toml_value(value: object) -> object:
    """How a checked value is written: False, empty lists and None remove the key."""
    if value is False or value == ():
        return None
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _change_text(name: str, value: object) -> str:
    if value in (None, "", (), False) and name != "group":
        return f"{name} removed"
    if isinstance(value, (date, time)):
        shown = value.strftime("%H:%M") if isinstance(value, time) else value.isoformat()
    elif isinstance(value, bool):
        shown = "yes" if value else "no"
    elif isinstance(value, float):
        shown = _fmt(value)
    elif isinstance(value, tuple):
        shown = ", ".join(value)
    else:
        shown = str(value)
    if len(shown) > 40:
        shown = shown[:37] + "..."
    return f"{name}={shown}"
