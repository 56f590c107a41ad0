"""TOML text helpers: values written by caseterm read back identically; positions."""

from __future__ import annotations

import json
import tomllib
from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from caseterm.store.infra.tomltext import (
    TomlSyntaxError,
    append_block,
    locate,
    parse,
    table_text,
    value_text,
)

TRICKY = [
    "plain",
    'quote " inside',
    "back\\slash",
    "line\nbreak",
    "tab\there",
    "ünïcødé ✓",
    "[bold]markup[/bold]",
    "del\x7fchar",
    "",
    "'single'",
    '"""triple"""',
]


@pytest.mark.parametrize("text", TRICKY)
def test_strings_round_trip_through_both_parsers(text: str) -> None:
    doc = f"note = {value_text(text)}\n"
    assert parse(doc)["note"] == text
    assert tomllib.loads(doc)["note"] == text


def test_values_are_toml_1_0() -> None:
    block = table_text(
        "session",
        {
            "id": "x1",
            "date": date(2026, 11, 20),
            "at": time(14, 30),
            "minutes": 30,
            "value": 87.5,
            "whole": 52.0,
            "group": True,
            "tags": ["a", "b"],
            "empty": "",
        },
    )
    assert "empty" not in block
    assert "whole = 52\n" in block
    data = tomllib.loads(block)
    assert data["session"][0]["date"] == date(2026, 11, 20)
    assert data["session"][0]["at"] == time(14, 30)
    assert data["session"][0]["value"] == 87.5


def test_non_finite_numbers_are_refused() -> None:
    with pytest.raises(ValueError):
        value_text(float("nan"))


def test_append_keeps_existing_bytes() -> None:
    before = '# my data\n[[point]]\nid = "a"  # first\n'
    after = append_block(before, '[[point]]\nid = "b"\n')
    assert after.startswith(before)
    assert after == before + '\n[[point]]\nid = "b"\n'


def test_syntax_error_has_line_and_column() -> None:
    with pytest.raises(TomlSyntaxError) as error:
        parse("a = 1\nb = \n")
    assert error.value.line == 2
    assert error.value.column >= 4
    assert "invalid TOML" in error.value.message


def test_locate_finds_keys_in_arrays_and_nested_tables() -> None:
    text = (
        '[[goal]]\nid = "a"\n\n[[goal.phase]]\nstart = 2026-01-01\n\n'
        '[[goal]]\nid = "b"\ntarget = 5\n\n[[goal.phase]]\nstart = 2026-02-01\n'
        '[[goal.phase]]\nlabel = "x"\n'
    )
    assert locate(text, ("goal", 1, "target")) == (9, 10)
    assert locate(text, ("goal", 1, "phase", 1, "label"))[0] == 14
    assert locate(text, ("goal", 0, "phase", 0, "start"))[0] == 5
    assert locate(text, ("goal", 1, "missing"))[0] == 7
    assert locate(text, ("nothing",)) == (1, 1)


@given(st.text())
def test_strings_are_written_as_json_writes_them(text: str) -> None:
    """The escapes of a basic string are ``json.dumps``'s (what caseterm always wrote),
    with DEL escaped too."""
    assert value_text(text) == json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")
