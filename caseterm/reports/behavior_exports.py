"""Spreadsheet rows of behaviour data: one row per behaviour per observation session,
one row per ABC event, one per fidelity check (columns declared in ``store.kinds``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence

from caseterm.model.behavior import measure
from caseterm.model.records import Student
from caseterm.reports.csvout import Cell
from caseterm.reports.exports import Span
from caseterm.store import kinds

OBSERVATION_HEADER = kinds.RECORD["observation"].columns.export
ABC_HEADER = kinds.RECORD["abc"].columns.export
FIDELITY_HEADER = kinds.RECORD["fidelity"].columns.export
EVERY_DAY = Span()


def observation_rows(
    students: Iterable[Student], span: Span = EVERY_DAY
) -> Iterator[Sequence[Cell]]:
    """Each behaviour of each session in ``span`` with its figures."""
    for s in students:
        for o in s.observations:
            if o.date not in span:
                continue
            for observed in o.behaviors:
                m = measure(o, observed)
                yield (
                    o.id,
                    s.id,
                    s.name,
                    o.date,
                    o.start.strftime("%H:%M"),
                    o.end.strftime("%H:%M"),
                    round(m.minutes, 2),
                    o.observer,
                    o.setting,
                    o.activity,
                    m.behavior,
                    m.method,
                    m.count,
                    round(m.rate, 2),
                    m.total_seconds if m.method == "duration" else None,
                    None if m.percent is None else round(m.percent, 2),
                    None if m.mean_seconds is None or m.method != "latency" else m.mean_seconds,
                )


def abc_rows(students: Iterable[Student], span: Span = EVERY_DAY) -> Iterator[Sequence[Cell]]:
    """Every ABC event in ``span``."""
    for s in students:
        for e in s.abc_events:
            if e.date in span:
                yield (
                    e.id,
                    s.id,
                    s.name,
                    e.date,
                    None if e.time is None else e.time.strftime("%H:%M"),
                    e.behavior,
                    e.antecedent,
                    e.consequence,
                    e.setting,
                    e.activity,
                    e.intensity,
                    e.observer,
                    e.note,
                )


def fidelity_rows(students: Iterable[Student], span: Span = EVERY_DAY) -> Iterator[Sequence[Cell]]:
    """Every fidelity check in ``span``; strategies joined with "; "."""
    for s in students:
        for c in s.fidelity_checks:
            if c.date in span:
                yield (
                    c.id,
                    s.id,
                    s.name,
                    c.date,
                    c.observer,
                    c.bip,
                    c.observation,
                    None if c.percent is None else round(c.percent, 1),
                    "; ".join(c.implemented),
                    "; ".join(c.missed),
                    c.note,
                )
