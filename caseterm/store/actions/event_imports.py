"""``caseterm import absences|removals|screenings``: days absent from an attendance
system's export, removals from a discipline system's, screening scores from a screening
system's (CSV).

Same contract as ``store.imports``: every row is checked first, each problem is named
``FILE:ROW: message`` and nothing is written unless all rows are good; rows already in the
caseload are skipped; the import is one commit.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date

from caseterm.model import assess_vocab as av
from caseterm.model import vocab
from caseterm.model.fields import BOUNDS, check_field_text, parse_number, parse_whole
from caseterm.model.records import Student
from caseterm.store.actions.imports import (
    RowImport,
    _Cells,
    _choice,
    _flag,
    spreadsheet_date,
)
from caseterm.store.infra import layout


def _key(on: date, to: date | None, reason: str, note: str) -> Hashable:
    return (on, to, reason, note)


def _read_absence(
    cells: _Cells, student: Student | None
) -> tuple[Hashable, dict[str, object]] | None:
    on = cells.check("date", spreadsheet_date)
    to = cells.check("to", spreadsheet_date) if cells.get("to").strip() else None
    reason = cells.check("reason", lambda c, v: check_field_text(c, "reason", v))
    note = cells.check("note", lambda c, v: check_field_text(c, "note", v))
    if on is not None and to is not None and to < on:
        cells.problem(f"to: {to.isoformat()} is before date {on.isoformat()}")
    if on is None or reason is None or note is None:
        return None
    last = None if to == on else to
    fields: dict[str, object] = {"date": on, "to": last, "reason": reason, "note": note}
    return _key(on, last, reason, note), fields


ABSENCES = RowImport(
    "absence",
    layout.ATTENDANCE_FILE,
    "absences",
    "absences",
    lambda s: ((a.id, _key(a.date, a.to, a.reason, a.note)) for a in s.absences),
    lambda table: _read_absence,
)


def _decision(cells: _Cells, column: str) -> bool | None:
    return cells.check(column, _flag) if cells.get(column).strip() else None


def _read_removal(
    cells: _Cells, student: Student | None
) -> tuple[Hashable, dict[str, object]] | None:
    on = cells.check("date", spreadsheet_date)
    days = cells.check("days", lambda c, v: parse_whole(c, v, BOUNDS["removal.days"]))
    kind = cells.check("kind", _choice(vocab.REMOVAL_KINDS), cells.get("kind") or "oss")
    reason = cells.check("reason", lambda c, v: check_field_text(c, "reason", v))
    note = cells.check("note", lambda c, v: check_field_text(c, "note", v))
    decided = cells.check("decided", spreadsheet_date) if cells.get("decided") else None
    pattern, manifestation = _decision(cells, "pattern"), _decision(cells, "manifestation")
    if on is None or days is None or kind is None:
        return None
    fields: dict[str, object] = {
        "date": on,
        "days": days,
        "kind": kind,
        "reason": reason,
        "pattern": pattern,
        "decided": decided,
        "manifestation": manifestation,
        "note": note,
    }
    return (on, days, kind, reason), fields


REMOVALS = RowImport(
    "removal",
    layout.DISCIPLINE_FILE,
    "removals",
    "removals",
    lambda s: ((r.id, (r.date, r.days, r.kind, r.reason)) for r in s.removals),
    lambda table: _read_removal,
)


def _optional(cells: _Cells, column: str, key: str) -> float | None:
    if not cells.get(column).strip():
        return None
    return cells.check(column, lambda c, v: parse_number(c, v, BOUNDS[key]))


def _read_screening(
    cells: _Cells, student: Student | None
) -> tuple[Hashable, dict[str, object]] | None:
    on = cells.check("date", spreadsheet_date)
    season = cells.check("season", _choice(av.SEASONS), cells.get("season").strip().lower())
    measure = cells.check("measure", lambda c, v: check_field_text(c, "measure", v.strip()))
    if measure is not None and not measure:
        cells.problem("measure: must not be empty")
        measure = None
    score = cells.check("score", lambda c, v: parse_number(c, v, BOUNDS["screening.score"]))
    percentile = _optional(cells, "percentile", "screening.percentile")
    grade = cells.check("grade", _choice(("", *vocab.GRADES)), cells.get("grade").strip())
    note = cells.check("note", lambda c, v: check_field_text(c, "note", v))
    if on is None or season is None or measure is None or score is None:
        return None
    fields: dict[str, object] = {
        "date": on,
        "season": season,
        "measure": measure,
        "score": score,
        "percentile": percentile,
        "grade": grade,
        "note": note,
    }
    return _screening_key(on, season, measure, score), fields


def _screening_key(on: date, season: str, measure: str, score: float) -> Hashable:
    return (on, season, measure.casefold(), score)


SCREENINGS = RowImport(
    "screening",
    layout.MTSS_FILE,
    "screening scores",
    "screenings",
    lambda s: ((x.id, _screening_key(x.date, x.season, x.measure, x.score)) for x in s.screenings),
    lambda table: _read_screening,
)
