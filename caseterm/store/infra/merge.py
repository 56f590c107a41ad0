"""Three-way merge of parsed caseload documents (plain dicts), record by record.

Arrays of tables are merged by a key (``id`` for records, ``start`` for goal phases and
closures, ``name`` for reporting periods and people), tables field by field, lists of plain
values as sets that keep their order. Whatever cannot be merged becomes a ``Conflict`` and
the result keeps "ours" there. ``store.mergetext`` writes the result back into the text.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Final

from caseterm.store.kinds import merge_keys


class _Missing:
    """A value that is not there: a removed field or record, or one never written."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Final = _Missing()
CONFLICT_KEY = "conflict"

Path = tuple[str, ...]

KEY_FIELDS: dict[Path, str | None] = {**merge_keys(), (CONFLICT_KEY,): None}
"""The field that identifies a record in each array of tables; None: the whole record.

Arrays not listed are keyed by ``id`` when their records have one. A record without its
key field is identified by its whole content.
"""


@dataclass(frozen=True, slots=True)
class Conflict:
    """A place both sides changed differently. Values are ``MISSING`` when absent."""

    path: Path
    base: Any
    ours: Any
    theirs: Any


# --- equality and keys ---------------------------------------------------------------


def canon(value: Any) -> Any:
    """A hashable form in which two values are equal only if TOML would write them alike."""
    if value is MISSING:
        return ("missing",)
    if isinstance(value, bool):
        return ("bool", value)
    if isinstance(value, int):
        return ("int", value)
    if isinstance(value, float):
        return ("float", repr(value) if math.isnan(value) else value)
    if isinstance(value, str):
        return ("str", value)
    if isinstance(value, datetime | date | time):
        return (type(value).__name__, value.isoformat())
    if isinstance(value, Mapping):
        return ("table", tuple(sorted((str(k), canon(v)) for k, v in value.items())))
    if isinstance(value, Sequence):
        return ("list", tuple(canon(v) for v in value))
    return ("other", repr(value))


def same(a: Any, b: Any) -> bool:
    return bool(canon(a) == canon(b))


def _segment(value: Any) -> str | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, int):
        return str(value)
    if isinstance(value, date | time):
        return value.isoformat()
    return None


def key_field(shape: Path) -> str | None:
    """The key field of the array of tables at ``shape`` (names only, no record keys)."""
    return KEY_FIELDS.get(shape, "id")


def record_keys(records: Sequence[Any], field: str | None) -> list[str]:
    """One unique key per record: its key field, else a digest of its content.

    A key seen again in the same list gets ``#2``, ``#3``... so duplicates (a merge made
    without caseterm) are kept apart rather than merged away.
    """
    keys: list[str] = []
    seen: dict[str, int] = {}
    for record in records:
        key = None
        if field is not None and isinstance(record, Mapping):
            key = _segment(record.get(field))
        if key is None:
            digest = hashlib.sha1(repr(canon(record)).encode()).hexdigest()[:12]
            key = f"~{digest}"
        count = seen.get(key, 0) + 1
        seen[key] = count
        keys.append(key if count == 1 else f"{key}#{count}")
    return keys


def keyed(records: Sequence[Any], field: str | None) -> dict[str, Any]:
    return dict(zip(record_keys(records, field), records, strict=True))


# --- paths as text -------------------------------------------------------------------

_BARE = re.compile(r"[A-Za-z0-9_-]+")


def path_text(path: Path) -> str:
    """``point.01m8987ft3yeq0hd.value``; segments other than bare keys are quoted as in TOML."""
    return ".".join(p if _BARE.fullmatch(p) else json.dumps(p, ensure_ascii=False) for p in path)


def parse_path(text: str) -> Path:
    """The inverse of ``path_text``; ValueError when the text is not a dotted key path."""
    segments: list[str] = []
    position = 0
    while position < len(text):
        if text[position] == '"':
            end = position + 1
            while end < len(text) and text[end] != '"':
                end += 2 if text[end] == "\\" else 1
            if end >= len(text):
                raise ValueError(f"unclosed quote in {text!r}")
            segments.append(json.loads(text[position : end + 1]))
            position = end + 1
        else:
            match = _BARE.match(text, position)
            if match is None:
                raise ValueError(f"{text!r} is not a path like point.ID.value")
            segments.append(match.group())
            position = match.end()
        if position < len(text):
            if text[position] != ".":
                raise ValueError(f"{text!r} is not a path like point.ID.value")
            position += 1
            if position == len(text):
                raise ValueError(f"{text!r} ends with '.'")
    if not segments:
        raise ValueError("empty path")
    return tuple(segments)


# --- the merge -----------------------------------------------------------------------


def _is_records(*lists: Any) -> bool:
    items = [v for values in lists if isinstance(values, list) for v in values]
    return bool(items) and all(isinstance(v, dict) for v in items)


def _all_plain(*lists: Any) -> bool:
    return all(not isinstance(v, dict | list) for values in lists for v in values)


class _Merger:
    def __init__(self) -> None:
        self.conflicts: list[Conflict] = []

    def value(self, base: Any, ours: Any, theirs: Any, path: Path, shape: Path) -> Any:
        if same(ours, theirs):
            return ours
        if same(base, ours):
            return theirs
        if same(base, theirs):
            return ours
        if isinstance(ours, dict) and isinstance(theirs, dict):
            return self.table(base if isinstance(base, dict) else {}, ours, theirs, path, shape)
        if all(isinstance(v, list) or v is MISSING for v in (base, ours, theirs)):
            old, mine, other = (v if isinstance(v, list) else [] for v in (base, ours, theirs))
            if _is_records(old, mine, other):
                merged = self.records(old, mine, other, path, shape)
                return merged or MISSING
            if ours is not MISSING and theirs is not MISSING and _all_plain(old, mine, other):
                return _merge_set(old, mine, other)
        self.conflicts.append(Conflict(path, base, ours, theirs))
        return ours

    def table(
        self,
        base: dict[str, Any],
        ours: dict[str, Any],
        theirs: dict[str, Any],
        path: Path,
        shape: Path,
    ) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key in [*ours, *(k for k in theirs if k not in ours)]:
            if not path and key == CONFLICT_KEY:
                continue
            value = self.value(
                base.get(key, MISSING),
                ours.get(key, MISSING),
                theirs.get(key, MISSING),
                (*path, key),
                (*shape, key),
            )
            if value is not MISSING:
                out[key] = value
        return out

    def records(
        self, base: list[Any], ours: list[Any], theirs: list[Any], path: Path, shape: Path
    ) -> list[Any]:
        field = key_field(shape)
        old, mine, other = keyed(base, field), keyed(ours, field), keyed(theirs, field)
        out: list[Any] = []
        for key in [*mine, *(k for k in other if k not in mine)]:
            value = self.value(
                old.get(key, MISSING),
                mine.get(key, MISSING),
                other.get(key, MISSING),
                (*path, key),
                shape,
            )
            if value is not MISSING:
                out.append(value)
        return out


def _merge_set(base: list[Any], ours: list[Any], theirs: list[Any]) -> list[Any]:
    """Ours' items in ours' order, less what theirs removed, then what theirs added."""
    old = {canon(v) for v in base}
    kept = {canon(v) for v in theirs}
    out = [v for v in ours if not (canon(v) in old and canon(v) not in kept)]
    present = {canon(v) for v in out}
    for v in theirs:
        if canon(v) not in old and canon(v) not in present:
            out.append(v)
            present.add(canon(v))
    return out


def merge_documents(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]
) -> tuple[dict[str, Any], list[Conflict]]:
    """Merge three parsed documents; the result keeps ours wherever there is a conflict.

    Records keep ours' order (which is base order plus what ours added, since caseterm
    appends), then theirs' new records in theirs' order. Existing ``[[conflict]]`` entries
    are merged like records; the new conflicts are returned, not added to the result.
    """
    merger = _Merger()
    merged = merger.table(base, ours, theirs, (), ())
    existing = merger.value(
        base.get(CONFLICT_KEY, MISSING),
        ours.get(CONFLICT_KEY, MISSING),
        theirs.get(CONFLICT_KEY, MISSING),
        (CONFLICT_KEY,),
        (CONFLICT_KEY,),
    )
    if existing is not MISSING:
        merged[CONFLICT_KEY] = existing
    return merged, merger.conflicts
