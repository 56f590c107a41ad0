"""Data points and sessions of well-formed files, checked a column at a time.

The summary index needs of ``data.toml`` and ``sessions.toml`` only a few columns (date,
goal and value; date, service, minutes, status, make-up link), yet every record must be
checked as a full load checks it, since a summary carries the student's problems. Built
record by record, the two files are two thirds of a cold index build. Here each column
is pulled out of the parsed tables and checked whole (types, ranges, slugs, texts,
unique ids, the goals and services they name), in loops that run in C.

The answer is all or nothing: rows when the file is well formed and its records name
known goals and services, else None, and the caller reads the student the detailed way
(``model.decode`` and ``model.validate``), which reports every problem with its key path.
So nothing here writes a message: the problems are always the detailed reader's, and a
file accepted here is one the detailed reader accepts without a word (a test compares
both on every file it can make).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Mapping
from functools import partial
from itertools import chain, repeat
from operator import is_not, itemgetter
from re import Pattern
from typing import Any

from caseterm.model import vocab
from caseterm.model.fields import (
    _CONTROL,
    _CONTROL_BUT_LINES,
    BOUNDS,
    FIRST_DATE,
    LAST_DATE,
    LONG_TEXT,
    MAX_ITEMS,
    SHORT_TEXT,
)
from caseterm.model.records import Contact, Meeting, Source
from caseterm.model.vocab import STUDENT_ID, non_negative_unit

PointColumns = tuple[list[int], list[str], list[float]]
"""Date ordinals, goals, values (the summary's point columns)."""
SessionColumns = tuple[list[int], list[str], list[int], list[str], list[str], list[str]]
"""Date ordinals, services, minutes, statuses, makeup_for, and ids where a make-up names
the session or it is a make-up, else "" (the summary's session columns)."""

_TO_ORDINAL = dt.date.toordinal
_SLUG = STUDENT_ID.fullmatch
_SLUG_LINES = re.compile(f"(?:{STUDENT_ID.pattern}\n)*").fullmatch
_GET = dict.get
_PRESENT = partial(is_not, None)
_STR = frozenset((str,))
_NUMBERS = frozenset((int, float))
_INT = frozenset((int,))
_BOOL = frozenset((bool,))
_DATES = frozenset((dt.date,))
_DICTS = frozenset((dict,))
_VALUE = BOUNDS["point.value"]
_MINUTES = BOUNDS["session.minutes"]
_GROUP_SIZE = BOUNDS["session.group_size"]
_STATUSES = frozenset(vocab.SESSION_STATUSES)


class _Refused(Exception):
    """Something only the detailed reader can report."""


def _need(condition: object) -> None:
    if not condition:
        raise _Refused


class _Tables:
    """The array of tables ``name`` of a document (its only key), read a column at a
    time; counts the keys read, so that a key no column reads (unknown) is noticed."""

    def __init__(
        self, data: Mapping[str, Any], name: str, names: frozenset[str] | None = None
    ) -> None:
        _need(data.keys() <= (names or frozenset((name,))))
        items = data.get(name, [])
        _need(type(items) is list)
        _need(not items or set(map(type, items)) == _DICTS)
        self.items: list[dict[str, Any]] = items
        self.read = 0

    def required(self, key: str) -> list[Any]:
        """Every table's ``key`` (a table without it: KeyError)."""
        values = list(map(itemgetter(key), self.items))
        self.read += len(values)
        return values

    def optional(self, key: str) -> list[Any]:
        """Every table's ``key``, None where absent."""
        values = list(map(_GET, self.items, repeat(key)))
        self.read += len(values) - values.count(None)
        return values

    def no_other_keys(self) -> None:
        _need(sum(map(len, self.items)) == self.read)


def _unique_ids(values: list[Any]) -> None:
    """Slugs (``check_slug``), no two alike (``_unique_ids``)."""
    if values:
        lines = "\n".join(values) + "\n"
        _need(lines.count("\n") == len(values) and _SLUG_LINES(lines))
        _need(len(set(values)) == len(values))


def _slugs(values: list[Any]) -> set[str]:
    """The distinct values, each a slug (``check_slug``)."""
    distinct = set(values)
    _need(set(map(type, distinct)) <= _STR and all(map(_SLUG, distinct)))
    return distinct


def _dates(values: list[Any]) -> None:
    """Bare dates within the accepted range (``_check_date``, ``check_date``)."""
    if values:
        _need(set(map(type, values)) == _DATES)
        _need(min(values) >= FIRST_DATE and max(values) <= LAST_DATE)


def _wholes(values: list[Any], low: int, high: int) -> None:
    """Whole numbers (not booleans) from ``low`` to ``high`` (``check_minutes``,
    ``check_whole``)."""
    if values:
        _need(set(map(type, values)) == _INT)
        _need(low <= min(values) and max(values) <= high)


def _texts(values: list[Any], limit: int, control: Pattern[str]) -> list[str]:
    """Absent, or text of at most ``limit`` characters without control characters
    (``check_text``); "" where absent."""
    present = list(filter(_PRESENT, values))
    if not present:
        return [""] * len(values)
    _need(set(map(type, present)) == _STR)
    _need(max(map(len, present)) <= limit)
    _need(control.search("".join(present)) is None)
    return values if len(present) == len(values) else ["" if v is None else v for v in values]


def _short(values: list[Any]) -> list[str]:
    """Short texts (names, codes, links): one line, ``SHORT_TEXT`` characters."""
    return _texts(values, SHORT_TEXT, _CONTROL)


def _long(values: list[Any]) -> list[str]:
    """Long texts (notes): lines and tabs allowed, ``LONG_TEXT`` characters."""
    return _texts(values, LONG_TEXT, _CONTROL_BUT_LINES)


def _in_order(dates: list[Any], ids: list[Any], *others: list[Any]) -> tuple[list[Any], ...]:
    """The columns in date order, then id (as ``load`` sorts records; ids are unique), the
    dates as ordinals (the summary's form; rows that start with an int also sort ~10%
    faster than rows that start with a date)."""
    rows = sorted(zip(map(_TO_ORDINAL, dates), ids, *others, strict=True))
    if not rows:
        return ([], [], *([] for _ in others))
    return tuple(map(list, zip(*rows, strict=True)))


def point_columns(data: Mapping[str, Any], units: Mapping[str, str]) -> PointColumns | None:
    """The points of ``data.toml`` by column in date order (then id), or None when the
    detailed reader is needed: a problem in the file, or a point of a goal not in
    ``units`` (goal id to unit), or a negative value of a goal whose unit cannot be
    negative."""
    try:
        tables = _Tables(data, "point")
        ids = tables.required("id")
        goals = tables.required("goal")
        dates = tables.required("date")
        values = tables.required("value")
        _long(tables.optional("note"))
        tables.no_other_keys()
        _unique_ids(ids)
        _need(_slugs(goals) <= units.keys())
        _dates(dates)
        if values:
            _need(set(map(type, values)) <= _NUMBERS)
            total = sum(values)
            _need(total == total and -1e300 < total < 1e300)  # every value finite
            low = min(values)
            _need(_VALUE.low <= low and max(values) <= _VALUE.high)
            if low < 0:
                negative = {g for g, v in zip(goals, values, strict=True) if v < 0}
                _need(not any(non_negative_unit(units[g]) for g in negative))
    except (_Refused, KeyError, TypeError, ValueError, OverflowError):
        return None
    days, _, goals, values = _in_order(dates, ids, goals, values)
    return days, goals, list(map(float, values))


def session_columns(data: Mapping[str, Any], services: Collection[str]) -> SessionColumns | None:
    """The sessions of ``sessions.toml`` by column in date order (then id), or None when
    the detailed reader is needed: a problem in the file, or a session of a service not
    in ``services`` (the plan's)."""
    try:
        tables = _Tables(data, "session")
        ids = tables.required("id")
        kinds = tables.required("service")
        dates = tables.required("date")
        minutes = tables.required("minutes")
        statuses = tables.optional("status")
        makeups = _short(tables.optional("makeup_for"))
        _short(tables.optional("provider"))
        _long(tables.optional("note"))
        groups = list(filter(_PRESENT, tables.optional("group")))
        sizes = list(filter(_PRESENT, tables.optional("group_size")))
        tables.no_other_keys()
        _unique_ids(ids)
        _need(_slugs(kinds) <= set(services))
        _dates(dates)
        _wholes(minutes, _MINUTES.low, _MINUTES.high)
        _need(not groups or set(map(type, groups)) == _BOOL)
        _wholes(sizes, _GROUP_SIZE.low, _GROUP_SIZE.high)
        statuses = ["delivered" if s is None else s for s in statuses]
        _need(set(statuses) <= _STATUSES)
        named = set(makeups)
        named.discard("")
        if named or "makeup" in statuses:
            _need(named <= set(ids))
            _need(all(m for m, s in zip(makeups, statuses, strict=True) if s == "makeup"))
    except (_Refused, KeyError, TypeError, ValueError, OverflowError):
        return None
    days, ids, kinds, minutes, statuses, makeups = _in_order(
        dates, ids, kinds, minutes, statuses, makeups
    )
    if named or "makeup" in statuses:
        kept = [
            i if s == "makeup" or i in named else "" for i, s in zip(ids, statuses, strict=True)
        ]
    else:
        kept = [""] * len(ids)
    return days, kinds, minutes, statuses, makeups, kept


_LOG_TABLES = frozenset(("meeting", "contact"))
_KINDS = frozenset(vocab.MEETING_KINDS)
_MEETING_STATUSES = frozenset(vocab.MEETING_STATUSES)
_METHODS = frozenset(vocab.CONTACT_METHODS)
_PURPOSES = frozenset(vocab.CONTACT_PURPOSES)
_TIMES = frozenset((dt.time,))
_LISTS = frozenset((list,))


def log_records(
    data: Mapping[str, Any], file: str
) -> tuple[tuple[Meeting, ...], tuple[Contact, ...]] | None:
    """The meetings and contacts of ``log.toml`` in the file's order, or None when the
    detailed reader is needed (any problem in the file)."""
    try:
        meetings = _meetings(_Tables(data, "meeting", _LOG_TABLES), file)
        contacts = _contacts(_Tables(data, "contact", _LOG_TABLES), file)
    except (_Refused, KeyError, TypeError, ValueError, OverflowError):
        return None
    return meetings, contacts


def _meetings(tables: _Tables, file: str) -> tuple[Meeting, ...]:
    ids = tables.required("id")
    dates = tables.required("date")
    kinds = _codes(tables.optional("kind"), _KINDS, "other")
    statuses = _codes(tables.optional("status"), _MEETING_STATUSES, "held")
    times = tables.optional("time")
    present = list(filter(_PRESENT, times))
    _need(not present or set(map(type, present)) == _TIMES)
    titles = _short(tables.optional("title"))
    locations = _short(tables.optional("location"))
    participants = _lists(tables.optional("participants"))
    notes = _long(tables.optional("note"))
    tables.no_other_keys()
    _unique_ids(ids)
    _dates(dates)
    sources = map(Source, repeat(file), repeat("meeting"), range(len(ids)))
    return tuple(
        map(
            Meeting,
            ids,
            dates,
            kinds,
            statuses,
            times,
            titles,
            locations,
            participants,
            notes,
            sources,
        )
    )


def _contacts(tables: _Tables, file: str) -> tuple[Contact, ...]:
    ids = tables.required("id")
    dates = tables.required("date")
    methods = _codes(tables.optional("method"), _METHODS, "phone")
    persons = _short(tables.optional("person"))
    purposes = _codes(tables.optional("purpose"), _PURPOSES, "general")
    periods = _short(tables.optional("period"))
    notes = _long(tables.optional("note"))
    tables.no_other_keys()
    _unique_ids(ids)
    _dates(dates)
    sources = map(Source, repeat(file), repeat("contact"), range(len(ids)))
    return tuple(map(Contact, ids, dates, methods, persons, purposes, periods, notes, sources))


def _codes(values: list[Any], codes: frozenset[str], default: str) -> list[Any]:
    """Codes of ``codes`` (``check_choice``), ``default`` where absent."""
    values = [default if v is None else v for v in values]
    _need(set(values) <= codes)
    return values


def _lists(values: list[Any]) -> list[tuple[str, ...]]:
    """Lists of short texts (``Reader.texts``), () where absent."""
    present = list(filter(_PRESENT, values))
    if present:
        _need(set(map(type, present)) == _LISTS)
        _need(max(map(len, present)) <= MAX_ITEMS)
        _short(list(chain.from_iterable(present)))
    return [() if v is None else tuple(v) for v in values]
