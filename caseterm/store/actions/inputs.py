"""New records from plain values, checked against their kind's declared inputs.

The CLI and the TUI forms give a new record's values by their keys in the file
(``{"date": ..., "kind": "iep-annual"}``); ``checked`` turns them into the record's
fields, each checked as its ``kinds.Input`` declares, with a one-line ``InputError``
naming the option (``--kind: 'x' is not allowed; use one of ...``). ``append`` writes the
record to the student's file as one commit. An action function adds only what is its
own: the checks that need the student's other records, and the commit message.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, time
from importlib import import_module
from pathlib import Path
from typing import Any

from caseterm.model import fields as checks
from caseterm.model.fields import FieldError
from caseterm.store.infra import layout
from caseterm.store.infra.atomic import read_text
from caseterm.store.infra.errors import InputError
from caseterm.store.infra.ids import new_id
from caseterm.store.infra.save import FileEdit, Saved, save
from caseterm.store.infra.tomltext import append_block, table_text
from caseterm.store.kinds import CASELOAD_INPUTS, RECORD, SCHEMA_FOR, Input, RecordKind

Values = Mapping[str, object]
"""A new record's values by their keys in the file."""
Fields = dict[str, object]


def checked(kind: RecordKind | str, values: Values) -> Fields:
    """The record's fields from ``values``, in the order its kind declares them: each
    checked, a missing one given its default. A key the kind does not declare is a
    programming error (``TypeError``), not an input error. ``kind`` may also name a
    table of a caseload file (``"slot"``, ``kinds.CASELOAD_INPUTS``)."""
    if isinstance(kind, str) and kind in CASELOAD_INPUTS:
        return _checked(kind, CASELOAD_INPUTS[kind], values)
    kind = RECORD[kind] if isinstance(kind, str) else kind
    return _checked(kind.table, kind.inputs, values)


def one(kind: RecordKind | str, key: str, value: object) -> object:
    """``value`` checked as the input ``key`` of ``kind`` alone."""
    kind = RECORD[kind] if isinstance(kind, str) else kind
    spec = next(i for i in kind.inputs if i.key == key)
    try:
        return _value(kind.table, spec, value)
    except FieldError as error:
        raise InputError(str(error)) from None


def _checked(table: str, inputs: Sequence[Input], values: Values) -> Fields:
    try:
        return _fields(table, inputs, values)
    except FieldError as error:
        raise InputError(str(error)) from None


def _fields(table: str, inputs: Sequence[Input], values: Values, name: str = "") -> Fields:
    """Each input's value checked (numbers within ``table``'s bounds); a key no input
    declares is a ``TypeError`` naming ``name`` (default ``table``)."""
    unknown = set(values).difference(i.key for i in inputs)
    if unknown:
        raise TypeError(f"{name or table}: no input {', '.join(sorted(unknown))}")
    return {i.key: _value(table, i, values.get(i.key, i.default)) for i in inputs}


def day_text(value: object) -> str:
    """A checked date as ``YYYY-MM-DD`` (anything else as its text), for commit messages."""
    return value.isoformat() if isinstance(value, date) else str(value)


def _empty(value: object) -> bool:
    return value is None or value == "" or value == () or value == []


def _value(table: str, spec: Input, value: object) -> object:
    option = spec.named
    if isinstance(value, str):
        value = value.strip()
    if _empty(value):
        if spec.required:
            raise FieldError(option, f"must not be empty; give the {spec.key.replace('_', ' ')}")
        return None if spec.form not in ("rows", "tables") else ()
    return _FORMS[spec.form](table, spec, value)


def _text(table: str, spec: Input, value: object) -> str:
    return checks.check_field_text(spec.named, spec.key, value)


def _item(table: str, spec: Input, value: object) -> str:
    return checks.check_text(spec.named, value, checks.SHORT_TEXT)


def _items(table: str, spec: Input, value: object) -> list[str]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise FieldError(spec.named, f"{value!r:.40} is not a list")
    if len(value) > checks.MAX_ITEMS:
        raise FieldError(spec.named, f"{len(value)} items; keep it to {checks.MAX_ITEMS}")
    return [checks.check_text(spec.named, v, checks.SHORT_TEXT) for v in value]


def codes(spec: Input) -> tuple[str, ...]:
    """The codes a ``choice`` input accepts (its ``choices`` list from ``caseterm.model``)."""
    module, name = spec.choices.rsplit(".", 1)
    return tuple(getattr(import_module(f"caseterm.model.{module}"), name))


def _choice(table: str, spec: Input, value: object) -> str:
    return checks.check_choice(spec.named, value, codes(spec))


def _codes(table: str, spec: Input, value: object) -> list[str]:
    return [checks.check_choice(spec.named, v, codes(spec)) for v in _items(table, spec, value)]


def _date(table: str, spec: Input, value: object) -> date:
    if isinstance(value, str):
        return checks.parse_date(spec.named, value)
    if not isinstance(value, date):
        raise FieldError(spec.named, f"{value!r:.40} is not a date; use {checks.DATE_FORM}")
    return checks.check_date(spec.named, value)


def _time(table: str, spec: Input, value: object) -> time:
    if isinstance(value, str):
        return checks.parse_time(spec.named, value)
    if not isinstance(value, time):
        raise FieldError(spec.named, f"{value!r:.40} is not a time; use HH:MM, e.g. 14:30")
    return value


def _number(table: str, spec: Input, value: object) -> float | int:
    bounds = checks.BOUNDS[spec.bounds or f"{table}.{spec.key}"]
    if isinstance(value, str):
        number = checks.parse_number(spec.named, value, bounds)
    else:
        number = checks.check_number(spec.named, value, bounds)
    return int(number) if number.is_integer() and abs(number) < 1e15 else number


def _whole(table: str, spec: Input, value: object) -> int:
    bounds = checks.BOUNDS[spec.bounds or f"{table}.{spec.key}"]
    if isinstance(value, str):
        return checks.parse_whole(spec.named, value, bounds)
    return checks.check_whole(spec.named, value, bounds)


def _wholes(table: str, spec: Input, value: object) -> list[int]:
    if isinstance(value, str) or not isinstance(value, Sequence):
        raise FieldError(spec.named, f"{value!r:.40} is not a list")
    if len(value) > checks.MAX_ITEMS:
        raise FieldError(spec.named, f"{len(value)} items; keep it to {checks.MAX_ITEMS}")
    bounds = checks.BOUNDS[spec.bounds or f"{table}.{spec.key}"]
    return [checks.check_whole(spec.named, v, bounds) for v in value]


def _minutes(table: str, spec: Input, value: object) -> int:
    most = checks.BOUNDS[spec.bounds or f"{table}.{spec.key}"].high
    if isinstance(value, str):
        return checks.parse_minutes(spec.named, value, most)
    return checks.check_minutes(spec.named, value, most)


def _slug(table: str, spec: Input, value: object) -> str:
    return checks.check_slug(spec.named, value)  # type: ignore[arg-type]


_YES_NO = {"yes": True, "no": False, True: True, False: False}


def _answer(table: str, spec: Input, value: object) -> bool:
    answer = _YES_NO.get(value) if isinstance(value, str | bool) else None
    if answer is None:
        raise FieldError(spec.named, f"{value!r:.40} is not allowed; use yes or no")
    return answer


def _flag(table: str, spec: Input, value: object) -> bool | None:
    return True if _answer(table, spec, value) else None


def _rows(table: str, spec: Input, value: object) -> tuple[Fields, ...]:
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise FieldError(spec.named, f"{value!r:.40} is not a list")
    if len(value) > checks.MAX_ITEMS:
        raise FieldError(spec.named, f"{len(value)} entries; keep it to {checks.MAX_ITEMS}")
    sub = f"{table}.{spec.key}"
    rows = []
    for row in value:
        if not isinstance(row, Mapping):
            raise TypeError(f"{sub}: each row is a mapping")
        parts = [p._replace(option=p.option or spec.named) for p in spec.parts]
        rows.append(_fields(table, parts, row, sub))
    return tuple(rows)


def checked_rows(
    kind: RecordKind | str, key: str, rows: Sequence[Values], option: str = ""
) -> tuple[Fields, ...]:
    """``rows`` checked as the parts of the kind's ``rows`` input ``key`` (e.g. an
    assessment's scores corrected or added later); ``option`` names them in messages."""
    kind = RECORD[kind] if isinstance(kind, str) else kind
    spec = next(i for i in kind.inputs if i.key == key)
    try:
        return _rows(kind.table, spec._replace(option=option or spec.option), rows)
    except FieldError as error:
        raise InputError(str(error)) from None


def _tables(table: str, spec: Input, value: object) -> tuple[Fields, ...]:
    """Sub-tables whose keys the kind's decoder checks (their shape depends on a value in
    them, as an observed behaviour's data depends on its method): here only a list of
    tables, copied."""
    if not isinstance(value, Sequence) or isinstance(value, str):
        raise FieldError(spec.named, f"{value!r:.40} is not a list of tables")
    if len(value) > checks.MAX_ITEMS:
        raise FieldError(spec.named, f"{len(value)} entries; keep it to {checks.MAX_ITEMS}")
    for row in value:
        if not isinstance(row, Mapping) or not all(isinstance(k, str) for k in row):
            raise FieldError(spec.named, f"{row!r:.40} is not a table of keys and values")
    return tuple(dict(row) for row in value)


_FORMS: dict[str, Callable[[str, Input, Any], object]] = {
    "text": _text,
    "item": _item,
    "items": _items,
    "choice": _choice,
    "codes": _codes,
    "date": _date,
    "time": _time,
    "number": _number,
    "whole": _whole,
    "wholes": _wholes,
    "minutes": _minutes,
    "slug": _slug,
    "flag": _flag,
    "answer": _answer,
    "rows": _rows,
    "tables": _tables,
}


def new_fields(kind: RecordKind | str, values: Values) -> Fields:
    """``checked`` fields with a new ``id`` first."""
    return {"id": new_id(), **checked(kind, values)}


def block(table: str, fields: Fields) -> str:
    """The TOML text of one record: its table, then each ``rows`` input's sub-tables."""
    plain = {k: v for k, v in fields.items() if not _is_rows(v)}
    text = table_text(table, plain)
    for key, value in fields.items():
        if _is_rows(value):
            for row in value:  # type: ignore[attr-defined]
                text += "\n" + table_text(f"{table}.{key}", row)
    return text


def _is_rows(value: object) -> bool:
    return isinstance(value, tuple) and bool(value) and isinstance(value[0], dict)


def append_edits(
    root: Path, student_id: str, kind: RecordKind | str, fields: Fields
) -> list[FileEdit]:
    """The edits appending one record to the student's file; the file, when new, starts
    with its schema line, and the caseload's schema folder gets the file's JSON Schema
    when it lacks it (a caseload made before the kind existed), so editors validate it."""
    kind = RECORD[kind] if isinstance(kind, str) else kind
    path = layout.student_file(root, student_id, kind.file)
    before = read_text(path)
    text = before if before is not None else layout.schema_line(root, path, path.name)
    edits = [FileEdit(path, before, append_block(text, block(kind.table, fields)))]
    schema = root / layout.SCHEMA_DIR / SCHEMA_FOR[path.name]
    if before is None and schema.parent.is_dir() and not schema.exists():
        from importlib import resources

        shipped = resources.files("caseterm.schemas").joinpath(schema.name)
        edits.append(FileEdit(schema, None, shipped.read_text(encoding="utf-8")))
    return edits


def append(
    root: Path,
    student_id: str,
    kind: RecordKind | str,
    fields: Fields,
    message: str,
    commit: bool = True,
) -> Saved:
    """Append one record (``fields``, from ``new_fields``) as one commit; the result
    names the record's id."""
    saved = save(root, append_edits(root, student_id, kind, fields), message, commit)
    return saved._replace(record_id=str(fields["id"]))
