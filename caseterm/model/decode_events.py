"""Decoders of the files added in compliance round two: discipline, attendance, consent.

Same contract as ``model.decode``: never raise, report each bad field as a ``KeyProblem``
naming the accepted form, keep a record while it still makes sense.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from caseterm.model import vocab
from caseterm.model.decode import KeyProblem, Reader, _records, _unique_ids
from caseterm.model.records import Absence, Consent, Notice, Removal, Source


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


def decode_consent(
    data: Mapping[str, Any], file: str
) -> tuple[tuple[Consent, ...], tuple[Notice, ...], list[KeyProblem]]:
    """``consent.toml``: consents asked and answered, and prior written notices."""
    problems: list[KeyProblem] = []
    root = Reader(data, (), problems)

    def consent(r: Reader) -> Consent:
        record = Consent(
            id=r.slug("id", required=True),
            date=r.required_date("date"),
            purpose=r.required_choice("purpose", vocab.CONSENT_PURPOSES),
            response=r.choice("response", vocab.CONSENT_RESPONSES, "pending"),
            responded=r.date("responded"),
            note=r.text("note"),
            source=Source(file, "consent", int(r.path[-1])),
        )
        if record.response != "pending" and record.responded is None:
            r.problems.append(
                KeyProblem(
                    (*r.path, "response"),
                    f"responded: give the date of the answer with response = "
                    f'"{record.response}", e.g. responded = 2026-11-20',
                )
            )
        if record.responded is not None and record.responded < record.date:
            r.problems.append(
                KeyProblem(
                    (*r.path, "responded"),
                    f"responded: must be on or after the date asked ({record.date})",
                )
            )
        return record

    def notice(r: Reader) -> Notice:
        return Notice(
            id=r.slug("id", required=True),
            date=r.required_date("date"),
            action=r.required_choice("action", vocab.NOTICE_ACTIONS),
            subject=r.required_choice("subject", vocab.NOTICE_SUBJECTS),
            description=r.text("description"),
            note=r.text("note"),
            source=Source(file, "notice", int(r.path[-1])),
        )

    consents = _records(root.tables("consent"), consent)
    notices = _records(root.tables("notice"), notice)
    _unique_ids(consents, problems)
    _unique_ids(notices, problems)
    root.unknown_keys()
    return consents, notices, problems
