"""Decoders of the event files added in compliance round two: discipline and attendance.

Same contract as ``model.decode``: never raise, report each bad field as a ``KeyProblem``
naming the accepted form, keep a record while it still makes sense.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from caseterm.model import vocab
from caseterm.model.decode import KeyProblem, Reader, _records, _unique_ids
from caseterm.model.records import Absence, Removal, Source


def decode_discipline(
    data: Mapping[str, Any], file: str
) -> tuple[tuple[Removal, ...], list[KeyProblem]]:
    """``discipline.toml``: disciplinary removals (suspensions)."""
    problems: list[KeyProblem] = []
    root = Reader(data, (), problems)

    def removal(r: Reader) -> Removal:
        return Removal(
            id=r.slug("id", required=True),
            date=r.required_date("date"),
            days=r.count("days", 1, vocab.MAX_REMOVAL_DAYS),
            kind=r.choice("kind", vocab.REMOVAL_KINDS, "oss"),
            reason=r.text("reason"),
            pattern=r.decision("pattern"),
            decided=r.date("decided"),
            manifestation=r.decision("manifestation"),
            note=r.text("note"),
            source=Source(file, "removal", int(r.path[-1])),
        )

    removals = _records(root.tables("removal"), removal)
    _unique_ids(removals, problems)
    root.unknown_keys()
    return removals, problems


def decode_attendance(
    data: Mapping[str, Any], file: str
) -> tuple[tuple[Absence, ...], list[KeyProblem]]:
    """``attendance.toml``: the days the student was absent."""
    problems: list[KeyProblem] = []
    root = Reader(data, (), problems)

    def absence(r: Reader) -> Absence:
        record = Absence(
            id=r.slug("id", required=True),
            date=r.required_date("date"),
            to=r.date("to"),
            reason=r.text("reason"),
            note=r.text("note"),
            source=Source(file, "absence", int(r.path[-1])),
        )
        if record.to is not None and record.to < record.date:
            r.problems.append(
                KeyProblem((*r.path, "to"), f"to: must be on or after date ({record.date})")
            )
        return record

    absences = _records(root.tables("absence"), absence)
    _unique_ids(absences, problems)
    root.unknown_keys()
    return absences, problems
