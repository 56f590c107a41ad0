"""The deadlines ``due`` lists are built slot by slot (``compliance._deadline``): the same
frozen ``Deadline`` its constructor makes."""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

import pytest

from caseterm.model import compliance
from caseterm.model.compliance import Deadline


def test_a_deadline_built_slot_by_slot_is_the_one_its_constructor_makes() -> None:
    values: tuple[Any, ...] = (
        "amara-k",
        "annual-review",
        date(2026, 3, 2),
        -4,
        "overdue",
        "34 CFR 300.324(b)(1)",
        date(2026, 1, 1),
        date(2026, 2, 1),
        True,
        "by a year after the meeting",
        "Q2",
        date(2026, 2, 15),
    )
    built = compliance._deadline(*values)
    made = Deadline(*values)
    assert built == made
    assert hash(built) == hash(made)
    assert dataclasses.astuple(built) == values
    with pytest.raises(dataclasses.FrozenInstanceError):
        built.status = "done"  # type: ignore[misc]
