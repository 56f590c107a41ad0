"""Behaviour records from plain values by their keys in the file, as a TUI form or an
import gives them (text for dates, times and numbers): each kind's declared inputs are
the order its records are written in, and a bad value is one line naming its option."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest

from caseterm.store import kinds
from caseterm.store.actions import behavior_changes as changes
from caseterm.store.actions.changes import add_student
from caseterm.store.infra.errors import InputError
from caseterm.store.infra.tomltext import parse
from tests.conftest import git_log, git_status

BEHAVIOUR_KINDS = ("fba", "bip", "observation", "abc", "fidelity")


@pytest.fixture
def ava(caseload: Path) -> Path:
    add_student(caseload, {"id": "ava-m", "first_name": "Ava", "last_name": "M"})
    return caseload


def _written(root: Path) -> dict[str, list[dict[str, object]]]:
    text = (root / "students/ava-m/behavior.toml").read_text(encoding="utf-8")
    return parse(text)


def test_every_behaviour_record_is_written_in_its_declared_order(ava: Path) -> None:
    changes.add_fba(
        ava,
        "ava-m",
        {
            "note": "n",
            "target": [{"definition": "runs off", "name": "elopement"}],
            "functions": ["escape"],
            "started": "2026-10-01",
        },
    )
    changes.add_bip(
        ava,
        "ava-m",
        {
            "review": "2027-02-01",
            "target": [{"goal": "", "method": "duration", "name": "elopement"}],
            "adopted": "2026-11-02",
            "prevention": ["first-then board"],
        },
    )
    saved = changes.record_observation(
        ava,
        "ava-m",
        {
            "behavior": [{"name": "elopement", "method": "frequency", "count": 2}],
            "end": "09:30",
            "start": "09:00",
            "date": "2026-11-16",
        },
        abc=[{"time": "09:10", "behavior": "elopement", "intensity": "3", "date": "2026-11-16"}],
    )
    changes.add_fidelity(ava, "ava-m", {"missed": ["praise"], "date": date(2026, 11, 16)})
    written = _written(ava)
    for kind in BEHAVIOUR_KINDS:
        declared = ["id", *(i.key for i in kinds.RECORD[kind].inputs)]
        for record in written[kind]:
            assert list(record) == [k for k in declared if k in record], kind
    (event,) = written["abc"]
    assert (event["observation"], event["time"], event["intensity"]) == (
        saved.record_id,
        time(9, 10),
        3,
    )
    assert written["bip"][0]["target"] == [{"name": "elopement", "method": "duration"}]
    assert git_log(ava)[:2] == [
        "ava-m: fidelity check 2026-11-16 (0% implemented)",
        "ava-m: observation 2026-11-16 09:00-09:30 (elopement) with 1 ABC event",
    ]


@pytest.mark.parametrize(
    ("kind", "values", "message"),
    [
        ("fba", {"started": "2026-10-01", "functions": ["control"]}, "--function: 'control'"),
        ("fba", {"started": "2026-10-01", "target": [{"name": "Run Off"}]}, "--target: "),
        ("bip", {"adopted": "2026-11-02", "target": [{"name": "a", "goal": "A"}]}, "--goal: "),
        ("bip", {"adopted": "2026-11-02", "review": "2026-11-01"}, "--review: "),
        ("abc", {"date": "2026-11-16", "behavior": " "}, "--behavior: must not be empty"),
        ("abc", {"date": "2026-11-16", "behavior": "hit", "intensity": 9}, "--intensity: '9' "),
        ("abc", {"date": "2026-11-16", "behavior": "hit", "time": "9am"}, "--time: '9am'"),
        ("fidelity", {"date": "2026-11-16"}, "--implemented or --missed: "),
        ("observation", {"date": "2026-11-16", "start": "09:00", "end": "09:30"}, "behavior: "),
        (
            "observation",
            {"date": "2026-11-16", "start": "09:00", "end": "09:30", "behavior": [["hit"]]},
            "behavior: ['hit'] is not a table",
        ),
        (
            "observation",
            {
                "date": "2026-11-16",
                "start": "09:00",
                "end": "09:30",
                "behavior": [{"name": "hit", "method": "whole-interval", "interval": 10}],
            },
            "behavior.marks: ",
        ),
    ],
)
def test_a_bad_value_is_one_line_naming_its_option_and_nothing_is_written(
    ava: Path, kind: str, values: dict[str, object], message: str
) -> None:
    add = {
        "fba": changes.add_fba,
        "bip": changes.add_bip,
        "abc": changes.add_abc,
        "fidelity": changes.add_fidelity,
        "observation": changes.record_observation,
    }[kind]
    with pytest.raises(InputError) as raised:
        add(ava, "ava-m", values)
    assert str(raised.value).startswith(message), str(raised.value)
    assert "\n" not in str(raised.value)
    assert not (ava / "students/ava-m/behavior.toml").exists()
    assert git_status(ava) == ""


def test_a_key_no_input_declares_is_a_programming_error(ava: Path) -> None:
    with pytest.raises(TypeError, match="abc: no input when"):
        changes.add_abc(ava, "ava-m", {"date": "2026-11-16", "behavior": "hit", "when": "now"})
