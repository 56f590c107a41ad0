"""Spreadsheet rows of a caseload: students, data points, sessions (with Medicaid units)
and deadlines. Columns that ``caseterm import`` reads come first, with the same names."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from caseterm.model import vocab
from caseterm.model.calendar import SchoolDays
from caseterm.model.compliance import Deadline
from caseterm.model.discipline import counted_removals
from caseterm.model.minutes import medicaid_units
from caseterm.model.records import Student
from caseterm.reports.csvout import Cell
from caseterm.store import kinds
from caseterm.store.actions import imports

STUDENT_HEADER = imports.STUDENT_COLUMNS
POINT_HEADER = kinds.RECORD["point"].columns.export if kinds.RECORD["point"].columns else ()
SESSION_HEADER = kinds.RECORD["session"].columns.export if kinds.RECORD["session"].columns else ()
REMOVAL_HEADER = kinds.RECORD["removal"].columns.export
ABSENCE_HEADER = kinds.RECORD["absence"].columns.export
CONSENT_HEADER = kinds.RECORD["consent"].columns.export
NOTICE_HEADER = kinds.RECORD["notice"].columns.export
DEADLINE_HEADER = (
    "student",
    "name",
    "kind",
    "item",
    "due",
    "days_left",
    "status",
    "earliest",
    "done",
    "estimated",
    "rule",
    "detail",
)


@dataclass(frozen=True, slots=True)
class Span:
    """Dates to include, both ends included (None: no limit)."""

    first: date | None = None
    last: date | None = None

    def __contains__(self, day: date) -> bool:
        return (self.first is None or day >= self.first) and (self.last is None or day <= self.last)


def student_rows(students: Iterable[Student]) -> Iterator[Sequence[Cell]]:
    """The roster, in the columns ``caseterm import students`` reads."""
    for s in students:
        p = s.profile
        yield (
            s.id,
            p.first_name,
            p.last_name,
            p.birth_date,
            p.grade,
            p.school,
            p.plan_type,
            ";".join(p.disabilities),
            p.case_manager,
        )


def point_rows(students: Iterable[Student], span: Span = Span()) -> Iterator[Sequence[Cell]]:
    """Every data point in ``span``, by student then date."""
    for s in students:
        units = {g.id: g.unit for g in s.goals}
        for p in s.points:
            if p.date in span:
                yield (p.id, s.id, s.name, p.goal, units.get(p.goal, ""), p.date, p.value, p.note)


def session_rows(students: Iterable[Student], span: Span = Span()) -> Iterator[Sequence[Cell]]:
    """Every logged session in ``span`` with its Medicaid units: 15-minute units under the
    8-minute rule for delivered and make-up sessions, 0 for missed ones."""
    for s in students:
        names = {p.service: p.label for p in s.plan.services}
        consent = s.plan.dates.medicaid_consent
        for x in s.sessions:
            if x.date not in span:
                continue
            units = medicaid_units(x.minutes) if x.status in vocab.DELIVERED_STATUSES else 0
            yield (
                x.id,
                s.id,
                s.name,
                x.service,
                names.get(x.service, ""),
                x.date,
                x.minutes,
                x.status,
                x.makeup_for,
                x.provider,
                x.group,
                x.note,
                units,
                consent,
                x.group_size or "",
            )


def removal_rows(
    students: Iterable[Student], year: tuple[date, date], limit: int, span: Span = Span()
) -> Iterator[Sequence[Cell]]:
    """Every removal in ``span``, with the school days removed in the school year ``year``
    through it (empty for a removal outside that year)."""
    for s in students:
        totals = {c.removal.id: c.total for c in counted_removals(s, *year, limit)}
        for r in s.removals:
            if r.date not in span:
                continue
            yield (
                r.id,
                s.id,
                s.name,
                r.date,
                r.days,
                r.kind,
                r.reason,
                r.pattern,
                r.decided,
                r.manifestation,
                totals.get(r.id),
                r.note,
            )


def absence_rows(
    students: Iterable[Student], days: SchoolDays, span: Span = Span()
) -> Iterator[Sequence[Cell]]:
    """Every absence that begins in ``span``, with the school days it covers."""
    for s in students:
        for a in s.absences:
            if a.date not in span:
                continue
            count = days.school_days_between(a.date, a.to or a.date)
            yield (a.id, s.id, s.name, a.date, a.to, count, a.reason, a.note)


def consent_rows(students: Iterable[Student], span: Span = Span()) -> Iterator[Sequence[Cell]]:
    """Every consent asked for in ``span``, with its answer."""
    for s in students:
        for c in s.consents:
            if c.date in span:
                yield (c.id, s.id, s.name, c.purpose, c.date, c.response, c.responded, c.note)


def notice_rows(students: Iterable[Student], span: Span = Span()) -> Iterator[Sequence[Cell]]:
    """Every prior written notice given in ``span``."""
    for s in students:
        for n in s.notices:
            if n.date in span:
                yield (n.id, s.id, s.name, n.date, n.action, n.subject, n.description, n.note)


def deadline_rows(
    items: Iterable[Deadline], names: dict[str, str], span: Span = Span()
) -> Iterator[Sequence[Cell]]:
    """Deadlines whose due date is in ``span``, with the rule each comes from."""
    for d in items:
        if d.due not in span:
            continue
        yield (
            d.student,
            names.get(d.student, d.student),
            d.kind,
            d.label,
            d.due,
            d.days_left,
            d.status,
            d.earliest,
            d.done,
            d.estimated,
            d.rule,
            d.detail,
        )
