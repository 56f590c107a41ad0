"""The schedule's checks against the caseload, located in ``schedule.toml`` for the faces.

``caseterm schedule check``, ``caseterm check --schedule`` and the TUI call
``findings``; it returns data and never prints.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from caseterm.model.calendar import caseload_school_days
from caseterm.model.records import Problem
from caseterm.model.schedule import EMPTY, Finding, check_schedule
from caseterm.store.infra import layout
from caseterm.store.infra.load import Loaded
from caseterm.store.infra.tomltext import locate


@dataclass(frozen=True, slots=True)
class Located:
    """A finding and where it points in ``schedule.toml``."""

    finding: Finding
    problem: Problem


def findings(loaded: Loaded, today: date) -> list[Located]:
    """Every finding about the caseload's schedule as of ``today``, with its line."""
    schedule = loaded.schedule or EMPTY
    if not schedule.slots:
        return []
    days = caseload_school_days(loaded.caseload)
    found = check_schedule(schedule, loaded.caseload.students, days, today)
    path = loaded.root / layout.SCHEDULE_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = ""
    out = []
    for finding in found:
        line, column = locate(text, finding.path) if finding.path else (1, 1)
        problem = Problem(layout.SCHEDULE_FILE, line, column, finding.message, finding.student)
        out.append(Located(finding, problem))
    return sorted(out, key=lambda x: (x.problem.line, x.problem.column, x.problem.message))
