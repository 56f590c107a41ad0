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
