"""The schedule's checks against the caseload, located in ``schedule.toml`` for the faces.

``caseterm schedule check``, ``caseterm check --schedule`` and the TUI call
``findings``; it returns data and never prints. ``log_occurrence`` logs one scheduled
session (the TUI's Today screen and ``caseterm schedule log``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from caseterm.model.calendar import caseload_school_days
from caseterm.model.records import Problem
from caseterm.model.schedule import EMPTY, Finding, Slot, check_schedule
from caseterm.store.infra import layout
from caseterm.store.infra.errors import InputError
from caseterm.store.infra.load import Loaded
from caseterm.store.infra.save import Saved
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


def log_occurrence(
    root: Path,
    slot: Slot,
    on: date,
    status: str = "delivered",
    minutes: int | None = None,
    note: str = "",
    absent: Sequence[str] = (),
    makeup_for: str = "",
    commit: bool = True,
) -> Saved:
    """Log one scheduled session of ``slot`` on ``on`` for every student in it: a group
    slot is one group session (one id, all its students' files, one commit).

    ``absent`` students get ``student-absent`` while the others get ``status``;
    ``minutes`` defaults to the slot's length; ``makeup_for`` makes it a make-up of a
    missed session (for a group, the missed group session's shared id)."""
    from caseterm.store.actions.changes import NewSession, log_group_session, log_session

    unknown = [s for s in absent if s not in slot.students]
    if unknown:
        raise InputError(f"--absent: {unknown[0]} is not in slot {slot.id}")
    new = NewSession(
        service=slot.service,
        minutes=slot.minutes if minutes is None else minutes,
        on=on,
        status="makeup" if makeup_for else status,
        makeup_for=makeup_for,
        provider=slot.provider,
        group=slot.group,
        note=note,
    )
    statuses = dict.fromkeys(absent, "student-absent")
    if slot.group:
        return log_group_session(root, slot.students, new, commit, statuses)
    if statuses:
        new = replace(new, status="student-absent")
    return log_session(root, slot.students[0], new, commit)
