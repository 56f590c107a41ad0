"""The typed vocabularies: one ``Literal`` alias each, and the runtime codes derived from it."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Collection
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any, Literal, get_args, get_origin

import pytest

from caseterm.model import compliance, dates, rules, vocab
from caseterm.model.decode import decode_sessions
from caseterm.model.fields import FieldError, check_choice
from caseterm.model.views import agenda, overview

LABELLED: dict[str, Collection[str]] = {
    "SessionStatus": vocab.SESSION_STATUSES,
    "MeetingKind": vocab.MEETING_KINDS,
    "Disability": vocab.DISABILITIES,
    "LreSetting": vocab.LRE_SETTINGS,
    "DeadlineKind": compliance.KINDS,
}


def _aliases(module: ModuleType) -> dict[str, Any]:
    return {n: v for n, v in vars(module).items() if get_origin(v) is Literal}


@pytest.mark.parametrize("name", sorted(LABELLED))
def test_labels_are_keyed_by_the_vocabulary(name: str) -> None:
    assert tuple(LABELLED[name]) == get_args(getattr(vocab, name))


@pytest.mark.parametrize("module", [vocab, rules, dates], ids=lambda m: m.__name__)
def test_every_vocabulary_has_its_runtime_codes(module: ModuleType) -> None:
    """Each alias has a module-level tuple (or dict of labels) holding exactly its codes."""
    runtime = [tuple(v) for v in vars(module).values() if isinstance(v, tuple | dict)]
    for name, alias in _aliases(module).items():
        assert get_args(alias) in runtime, name


def test_the_status_subsets_make_up_the_whole() -> None:
    assert tuple(vocab.SESSION_STATUSES) == vocab.DELIVERED_STATUSES + vocab.MISSED_STATUSES
    assert set(vocab.EXCUSABLE_STATUSES) | set(vocab.NEVER_EXCUSED) == set(vocab.MISSED_STATUSES)
    assert vocab.NEVER_EXCUSED == ("provider-absent",)
    assert sorted(overview.DECISION_ORDER) == sorted(vocab.DECISIONS)
    assert agenda.STATUS_ORDER == vocab.DEADLINE_STATUSES


def test_a_misspelt_code_is_rejected_by_the_derived_codes() -> None:
    """mypy rejects ``status="delivred"`` in code; files and input meet the same tuple."""
    assert not vocab.is_code("delivred", vocab.SESSION_STATUSES)
    with pytest.raises(FieldError, match="'delivred' is not allowed; use one of delivered"):
        check_choice("status", "delivred", vocab.SESSION_STATUSES)
    sessions, problems = decode_sessions(
        {
            "session": [
                {
                    "id": "s1",
                    "service": "reading",
                    "date": date(2026, 9, 1),
                    "minutes": 30,
                    "status": "delivred",
                }
            ]
        },
        "sessions.toml",
    )
    assert sessions[0].status == "delivered"
    assert [p.path for p in problems] == [("session", 0, "status")]


def test_mypy_rejects_a_misspelt_code_in_code(tmp_path: Path) -> None:
    """The records' fields are typed by their vocabulary, so a typo is a type error."""
    code = tmp_path / "typo.py"
    code.write_text(
        "from datetime import date\n"
        "from caseterm.model.records import Meeting, Session\n"
        'Session("s1", "reading", date(2026, 9, 1), 30, status="delivred")\n'
        'Meeting("m1", date(2026, 9, 1), kind="anual-review")\n'
        "def missed(s: Session) -> bool:\n"
        '    return s.status == "provider-absnt"\n',
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(code)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 1, done.stdout
    errors = [
        (line.split(":")[1], line.rsplit("[", 1)[1])
        for line in done.stdout.splitlines()
        if ": error:" in line
    ]
    assert errors == [("3", "arg-type]"), ("4", "arg-type]"), ("6", "comparison-overlap]")]
