"""Assessments, MTSS records and schedule slots are given their values by file key and
checked as the catalogue declares them (``kinds.Input``): the written text, the refusals
(one line naming the option, nothing written) and what a caller's form can rely on."""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from caseterm.store import kinds
from caseterm.store.actions import assess_changes as changes
from caseterm.store.actions import inputs
from caseterm.store.actions.schedule import add_slot
from caseterm.store.infra.errors import InputError
from tests.conftest import git_log, git_status

SCHEMAS = Path(__file__).parents[2] / "caseterm" / "schemas"


@pytest.fixture
def zoe(caseload: Path, cli: Any) -> Path:
    result = cli("-C", caseload, "student", "add", "zoe-q", "--first-name", "Zoe", "--plan", "MTSS")
    assert result.code == 0, result.err
    return caseload


def test_an_assessment_with_scores_is_written_in_the_file_order(zoe: Path) -> None:
    score = {"name": "FSIQ", "kind": "standard", "value": "94", "composite": True,
             "ci_low": 89, "ci_high": 99, "ci_level": 95, "range": "Average"}  # fmt: skip
    values = {"date": date(2026, 10, 20), "instrument": " WISC-V ", "score": [score]}
    saved = changes.add_assessment(zoe, "zoe-q", values)
    assert git_log(zoe)[0] == "zoe-q: assessment WISC-V 2026-10-20 (1 score)"
    text = (zoe / "students/zoe-q/evaluation.toml").read_text()
    assert text.endswith(
        f'[[assessment]]\nid = "{saved.record_id}"\ndate = 2026-10-20\ninstrument = "WISC-V"\n'
        'type = "norm-referenced"\n\n[[assessment.score]]\nname = "FSIQ"\nkind = "standard"\n'
        "value = 94\ncomposite = true\nci_low = 89\nci_high = 99\nci_level = 95\n"
        'range = "Average"\n'
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda r: changes.add_assessment(
                r,
                "zoe-q",
                {
                    "date": date(2026, 10, 1),
                    "instrument": "X",
                    "score": [{"name": " ", "kind": "standard", "value": 90}],
                },
            ),
            "--score: must not be empty; give the name",
        ),
        (
            lambda r: changes.add_assessment(r, "zoe-q", {"date": date(2026, 10, 1)}),
            "--instrument: must not be empty; give the instrument",
        ),
        (
            lambda r: changes.add_screening(
                r,
                "zoe-q",
                {"date": date(2026, 10, 1), "season": "fall", "measure": "", "score": 41},
            ),
            "--measure: must not be empty; give the measure",
        ),
        (
            lambda r: changes.add_intervention(
                r, "zoe-q", {"program": "", "tier": 2, "start": date(2026, 10, 1)}
            ),
            "--program: must not be empty; give the program",
        ),
        (
            lambda r: changes.add_intervention(
                r, "zoe-q", {"program": "X", "tier": 4, "start": date(2026, 10, 1)}
            ),
            "--tier: '4' is not a whole number from 1 to 3",
        ),
        (
            lambda r: changes.set_tier(r, "zoe-q", date(2026, 10, 1), 0),
            "TIER: '0' is not a whole number from 1 to 3",
        ),
    ],
)
def test_a_bad_value_is_refused_with_one_line_and_nothing_written(
    zoe: Path, call: object, message: str
) -> None:
    log = git_log(zoe)
    with pytest.raises(InputError) as refused:
        call(zoe)  # type: ignore[operator]
    assert str(refused.value) == message
    assert git_log(zoe) == log and git_status(zoe) == ""
    assert not (zoe / "students/zoe-q/evaluation.toml").exists()
    assert not (zoe / "students/zoe-q/mtss.toml").exists()


def test_a_corrected_score_keeps_what_the_correction_leaves_out(zoe: Path) -> None:
    score = {"name": "FSIQ", "kind": "standard", "value": 94, "composite": True,
             "ci_low": 89, "ci_high": 99, "ci_level": 95, "range": "Average"}  # fmt: skip
    saved = changes.add_assessment(
        zoe, "zoe-q", {"date": date(2026, 10, 20), "instrument": "WISC-V", "score": [score]}
    )
    fix = changes.AssessmentEdit(scores=({"name": "FSIQ", "kind": "standard", "value": 97},))
    changes.edit_assessment(zoe, "zoe-q", str(saved.record_id), fix)
    text = (zoe / "students/zoe-q/evaluation.toml").read_text()
    assert text.endswith(
        "value = 97\ncomposite = true\nci_low = 89\nci_high = 99\nci_level = 95\n"
        'range = "Average"\n'
    )
    fix = changes.AssessmentEdit(scores=({"name": "FSIQ", "composite": False, "ci_low": None,
                                          "ci_high": None, "ci_level": None},))  # fmt: skip
    changes.edit_assessment(zoe, "zoe-q", str(saved.record_id), fix)
    text = (zoe / "students/zoe-q/evaluation.toml").read_text()
    assert text.endswith('kind = "standard"\nvalue = 97\nrange = "Average"\n')


def _schema_keys(name: str, table: str) -> set[str]:
    schema = json.loads((SCHEMAS / name).read_text())
    item = schema["properties"][table]["items"]
    return set(item["properties"])


@pytest.mark.parametrize(
    "kind", ["assessment", "referral", "evaluation", "tier", "intervention", "screening"]
)
def test_every_declared_input_is_a_key_of_the_file(kind: str) -> None:
    record = kinds.RECORD[kind]
    keys = _schema_keys(kinds.SCHEMA_FOR[record.file], record.table)
    assert {i.key for i in record.inputs} <= keys
    assert "id" in keys


def test_the_slot_inputs_are_keys_of_schedule_toml() -> None:
    keys = _schema_keys(kinds.SCHEDULE.schema, "slot")
    assert {i.key for i in kinds.CASELOAD_INPUTS["slot"]} <= keys


def test_a_slot_goes_through_the_declared_inputs(caseload: Path, cli: Any) -> None:
    assert cli("-C", caseload, "student", "add", "ava-m", "--first-name", "Ava").code == 0
    assert cli("-C", caseload, "service", "add", "ava-m", "speech", "60", "--per", "week",
               "--start", "2026-09-01").code == 0  # fmt: skip
    values = {"service": "speech", "students": ["ava-m"], "days": ["mon"],
              "start": time(9), "end": time(9, 30)}  # fmt: skip
    fields = inputs.checked("slot", {**values, "weeks": [3, 1]})
    assert list(fields) == [i.key for i in kinds.CASELOAD_INPUTS["slot"]]
    assert fields["setting"] == "pull-out" and fields["weeks"] == [3, 1]
    for bad, message in (
        ({"weeks": [6]}, "--weeks: '6' is not a whole number from 1 to 5 (week of the month)"),
        ({"setting": "moon"}, "--setting: 'moon' is not allowed; use one of pull-out"),
        ({"students": []}, "STUDENT: name at least one student (several make a group)"),
        ({"days": ["funday"]}, "--days: 'funday' is not a weekday; use mon, tue"),
    ):
        with pytest.raises(InputError) as refused:
            add_slot(caseload, {**values, **bad})
        assert str(refused.value).startswith(message)
    assert (
        not (caseload / "schedule.toml").exists()
        or "[[slot]]" not in (caseload / "schedule.toml").read_text()
    )
