"""In-place edits of existing TOML text with tomlkit, keeping every unrelated byte."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import tomlkit
from tomlkit.container import Container
from tomlkit.items import AoT, Array, Table


@dataclass(frozen=True, slots=True)
class Assignment:
    """Set (``=``), append to a list (``+=``), remove from a list (``-=``) or delete a key.

    ``path`` is the table path then the key, e.g. ``("dates", "consent")``; ``value`` None
    with op ``=`` deletes the key.
    """

    path: tuple[str, ...]
    op: str
    value: Any


def _table(doc: Container | Table, names: Sequence[str]) -> Container | Table:
    current: Container | Table = doc
    for name in names:
        item = current.get(name)
        if item is None:
            new = tomlkit.table()
            current.add(name, new)
            item = current[name]
        if not isinstance(item, Table):
            raise TypeError(f"{'.'.join(names)} is not a table")
        current = item
    return current


def apply(text: str, assignments: Sequence[Assignment]) -> str:
    """Apply assignments to TOML text and return the new text."""
    doc = tomlkit.parse(text)
    for assignment in assignments:
        *tables, key = assignment.path
        table = _table(doc, tables)
        current = table.get(key)
        if assignment.op == "=":
            if assignment.value is None:
                if key in table:
                    del table[key]
            else:
                table[key] = assignment.value
        elif assignment.op == "+=":
            if current is None:
                table[key] = tomlkit.array()
                table[key].multiline(True)
                current = table[key]
            if not isinstance(current, Array):
                raise TypeError(f"{key} is not a list")
            if assignment.value not in current:
                current.append(assignment.value)
        elif assignment.op == "-=":
            if isinstance(current, Array) and assignment.value in current:
                current.remove(assignment.value)
        else:
            raise ValueError(f"unknown operation {assignment.op}")
    return tomlkit.dumps(doc)


def remove_record(text: str, table: str, record_id: str) -> str:
    """Remove the ``[[table]]`` entry whose ``id`` is ``record_id``."""
    doc = tomlkit.parse(text)
    records = doc.get(table)
    if not isinstance(records, AoT):
        raise KeyError(record_id)
    for index, record in enumerate(records):
        if record.get("id") == record_id:
            del records[index]
            if not records:
                del doc[table]
            return tomlkit.dumps(doc)
    raise KeyError(record_id)


def update_record(text: str, table: str, record_id: str, fields: dict[str, Any]) -> str:
    """Set (or, with None, delete) fields of the ``[[table]]`` entry with ``record_id``."""
    doc = tomlkit.parse(text)
    records = doc.get(table)
    if not isinstance(records, AoT):
        raise KeyError(record_id)
    for record in records:
        if record.get("id") == record_id:
            for key, value in fields.items():
                if value is None or value == "":
                    if key in record:
                        del record[key]
                else:
                    record[key] = value
            return tomlkit.dumps(doc)
    raise KeyError(record_id)


def append_subrecord(
    text: str, table: str, record_id: str, sub: str, fields: dict[str, Any]
) -> str:
    """Append a ``[[table.sub]]`` entry to the ``[[table]]`` entry with ``record_id``."""
    doc = tomlkit.parse(text)
    records = doc.get(table)
    if not isinstance(records, AoT):
        raise KeyError(record_id)
    for record in records:
        if record.get("id") == record_id:
            if sub not in record:
                record[sub] = tomlkit.aot()
            entry = tomlkit.table()
            for key, value in fields.items():
                entry[key] = value
            entry.add(tomlkit.nl())
            record[sub].append(entry)
            return tomlkit.dumps(doc)
    raise KeyError(record_id)


def update_subrecord(
    text: str,
    table: str,
    record_id: str,
    sub: str,
    key: tuple[str, Any],
    fields: dict[str, Any],
) -> str:
    """Set (or, with None or "", delete) fields of the first ``[[table.sub]]`` entry whose
    ``key[0]`` is ``key[1]``, in the ``[[table]]`` entry with ``record_id``."""
    doc = tomlkit.parse(text)
    records = doc.get(table)
    if not isinstance(records, AoT):
        raise KeyError(record_id)
    for record in records:
        if record.get("id") != record_id:
            continue
        entries = record.get(sub)
        if not isinstance(entries, AoT):
            raise KeyError(key[1])
        for entry in entries:
            if entry.get(key[0]) == key[1]:
                for name, value in fields.items():
                    if value is None or value == "":
                        if name in entry:
                            del entry[name]
                    else:
                        entry[name] = value
                return tomlkit.dumps(doc)
        raise KeyError(key[1])
    raise KeyError(record_id)
