"""The inputs each record kind declares in the catalogue, and their one checker."""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest

from caseterm.model.fields import BOUNDS
from caseterm.store import kinds
from caseterm.store.actions import inputs
from caseterm.store.infra.errors import InputError
from caseterm.store.infra.tomltext import parse

DECLARED = [kind for kind in kinds.RECORDS if kind.inputs]
APPENDED = [kind for kind in DECLARED if kind.key is not None]
"""Kinds appended as a ``[[table]]`` (a student's profile is a file of its own)."""


def _sample(table: str, spec: kinds.Input) -> Any:
    """A value every form accepts for ``spec``."""
    if spec.form in ("number", "whole", "minutes"):
        bounds = BOUNDS[spec.bounds or f"{table}.{spec.key}"]
        return max(bounds.low, min(bounds.high, 1 if spec.form == "minutes" else bounds.low))
    if spec.form == "rows":
        return [{p.key: _sample(f"{table}", p) for p in spec.parts}]
    return {
        "text": "a note",
        "item": "an item",
        "items": ["one", "two"],
        "choice": inputs.codes(spec)[0] if spec.choices else "",
        "date": date(2026, 11, 30),
        "time": time(9, 45) if spec.key == "end" else time(9, 15),
        "slug": "a-slug",
        "flag": True,
        "answer": False,
    }[spec.form]


@pytest.mark.parametrize("kind", DECLARED, ids=[k.name for k in DECLARED])
def test_every_declared_input_is_one_the_checker_knows(kind: kinds.RecordKind) -> None:
    for spec in kind.inputs:
        assert spec.form in inputs._FORMS, (kind.name, spec.key)
        if spec.form == "choice":
            assert inputs.codes(spec), (kind.name, spec.key)
        if spec.form in ("number", "whole", "minutes"):
            assert (spec.bounds or f"{kind.table}.{spec.key}") in BOUNDS, (kind.name, spec.key)


@pytest.mark.parametrize("kind", APPENDED, ids=[k.name for k in APPENDED])
def test_a_record_written_from_its_inputs_is_read_back_without_problems(
    kind: kinds.RecordKind,
) -> None:
    required = {s.key: _sample(kind.table, s) for s in kind.inputs if s.required}
    fields = inputs.new_fields(kind, required)
    text = inputs.block(kind.table, fields)
    _found, problems = kinds.FILE[kind.file].decode(parse(text), kind.file)
    assert problems == [], text


def test_a_missing_required_value_names_its_option() -> None:
    with pytest.raises(InputError, match=r"^--kind: must not be empty; give the kind$"):
        inputs.checked("meeting", {"date": date(2026, 11, 30)})


def test_defaults_fill_what_is_not_given() -> None:
    fields = inputs.checked("meeting", {"date": date(2026, 11, 30), "kind": "progress"})
    assert fields["status"] == "held"
    assert fields["participants"] is None


def test_a_key_the_kind_does_not_declare_is_a_programming_error() -> None:
    with pytest.raises(TypeError, match="meeting: no input colour"):
        inputs.checked("meeting", {"date": date(2026, 11, 30), "kind": "progress", "colour": 1})


@pytest.mark.parametrize(
    ("kind", "values", "message"),
    [
        ("meeting", {"kind": "party"}, "--kind: 'party' is not allowed; use one of"),
        ("meeting", {"time": "2pm"}, "--time: '2pm' is not a time; use HH:MM"),
        ("meeting", {"date": "2026-02-30"}, "--date: '2026-02-30' is not a real date"),
        ("meeting", {"note": "ring\x1b[31m"}, "--note:"),
        ("meeting", {"participants": ["x"] * 101}, "--participant: 101 items; keep it to 100"),
        ("removal", {"days": "0"}, "--days: '0' is not a whole number from 1 to 180"),
        ("removal", {"pattern": "maybe"}, "--pattern: 'maybe' is not allowed; use yes or no"),
        ("goal", {"target": float("nan")}, "--target: nan is not a finite number"),
        ("goal", {"target": 1e300}, "--target: "),
        ("session", {"minutes": -30}, "MINUTES: -30 is out of range; use 0 to 600 minutes"),
        ("session", {"service": "../etc"}, "SERVICE: '../etc' is not a valid id"),
    ],
)
def test_a_bad_value_is_one_line_naming_its_option(
    kind: str, values: dict[str, Any], message: str
) -> None:
    spec = kinds.RECORD[kind]
    given = {s.key: _sample(spec.table, s) for s in spec.inputs if s.required}
    with pytest.raises(InputError) as raised:
        inputs.checked(kind, {**given, **values})
    assert message in str(raised.value)
    assert "\n" not in str(raised.value) and "\x1b" not in str(raised.value)


def test_yes_and_no_from_a_form_are_answers() -> None:
    given = {"date": date(2026, 11, 30), "days": 2}
    fields = inputs.checked("removal", {**given, "pattern": "yes", "manifestation": ""})
    assert fields["pattern"] is True
    assert fields["manifestation"] is None
