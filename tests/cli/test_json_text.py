"""The CLI's JSON writer gives exactly the text of ``json.dumps(indent=2)``."""

from __future__ import annotations

import json
import math
from typing import Any

import pytest

from caseterm.cli.common import json_text

VALUES: list[Any] = [
    [],
    {},
    [{"a": 1, "b": [1, 2.5, None, True, False], "c": {"d": 'é\n"x\u0001'}, "e": {}, "f": []}],
    {"nested": [[[]], [{}], [[1]]], "big": 10**30, "small": 1e-7, "neg": -0.0},
    "just text",
    3,
    None,
    [("tuple", 1)],
    {1: "non-string key"},
    {"inf": math.inf},
    [{"flat": 'x\u2028"é', "n": None, "t": True, "f": 1.25, "i": -3, "nan": math.nan}],
    {"rows": [{"a": 1, "b": "c"}, {"a": 2, 3: "int key"}], "deeper": [[{"x": -math.inf}]]},
]


@pytest.mark.parametrize("value", VALUES)
def test_same_text_as_json_dumps(value: Any) -> None:
    assert json_text(value) == json.dumps(value, indent=2, ensure_ascii=False)


def _printed(value: Any, capsys: pytest.CaptureFixture[str]) -> str:
    from caseterm.cli.common import print_json

    print_json(value)
    return capsys.readouterr().out


@pytest.mark.parametrize(
    "value", [v for v in VALUES if "nan" not in repr(v) and "inf" not in repr(v)]
)
def test_printed_json_means_what_json_dumps_writes(
    value: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """``print_json`` (orjson, or ``json_text`` for what orjson refuses) gives the same
    values as ``json.dumps``, indented by 2, one newline at the end."""
    out = _printed(value, capsys)
    expected = json.dumps(value, indent=2, ensure_ascii=False)
    assert out.endswith("\n")
    assert json.loads(out) == json.loads(expected)
    assert out.count("\n") == expected.count("\n") + 1


def test_printed_json_of_plain_rows_is_json_dumps_text(capsys: pytest.CaptureFixture[str]) -> None:
    rows = [{"student": "ava-m", "due": "2026-03-02", "days_left": -3, "done": None, "x": 1.5}]
    assert _printed(rows, capsys) == json.dumps(rows, indent=2, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(
    "text", ["\x1b]52;c;aGk=\x07", "\x7f", "\x9b31m", "a\u202eb", "\u2028", "\u061c"]
)
def test_printed_json_escapes_what_the_display_rule_forbids(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = _printed([{"name": text, "é": "ok"}], capsys)
    assert json.loads(out) == [{"name": text, "é": "ok"}]
    assert not any(ch in out for ch in "\x1b\x07\x7f\x9b\u202e\u2028\u061c")


def test_printed_json_writes_null_for_not_a_number(capsys: pytest.CaptureFixture[str]) -> None:
    assert json.loads(_printed({"nan": math.nan, "inf": -math.inf}, capsys)) == {
        "nan": None,
        "inf": None,
    }
