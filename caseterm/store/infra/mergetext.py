"""Merge three versions of a caseload TOML file into text that keeps ours' formatting.

The result is ours' text, edited in place (``store.tomlpatch``) to hold the merged data,
with one top-level ``[[conflict]]`` entry per conflict::

    [[conflict]]
    path = "point.01m8987ft3yeq0hd.value"
    ours = 52
    theirs = 55
    base = 50

A side without a value (the field or record was removed, or never written) has no key in
the entry. Every result is parsed again and compared with the merged data before it is
returned, so a mistake here fails loudly (``MergeFailed``) instead of losing data.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import tomlkit
from tomlkit.exceptions import TOMLKitError
from tomlkit.items import AoT, Table

from caseterm.store.infra.merge import (
    CONFLICT_KEY,
    MISSING,
    Conflict,
    canon,
    merge_documents,
    path_text,
)
from caseterm.store.infra.tomlpatch import blank_after, patch_table, to_item
from caseterm.store.infra.tomltext import TomlSyntaxError, parse


class MergeFailed(Exception):
    """The versions could not be merged by structure (e.g. one is not valid TOML)."""


@dataclass(frozen=True, slots=True)
class TextMerge:
    """The merged text and the conflicts recorded in it."""

    text: str
    conflicts: tuple[Conflict, ...]


def conflict_entry(conflict: Conflict) -> dict[str, Any]:
    """The plain ``[[conflict]]`` entry for a conflict; absent sides have no key."""
    entry: dict[str, Any] = {"path": path_text(conflict.path)}
    for side in ("ours", "theirs", "base"):
        value = getattr(conflict, side)
        if value is not MISSING:
            entry[side] = value
    return entry


def _side(label: str, text: str) -> dict[str, Any]:
    try:
        return parse(text)
    except TomlSyntaxError as error:
        raise MergeFailed(f"{label} is not valid TOML ({error})") from None


def _ending(text: str) -> str:
    """End a changed file with exactly one newline, as caseterm writes files."""
    return text.rstrip("\n") + "\n"


def merge_texts(base: str, ours: str, theirs: str) -> TextMerge:
    """Merge by structure; raises ``MergeFailed`` when that is not possible."""
    base_data = _side("the common ancestor", base)
    theirs_data = _side("theirs", theirs)
    ours_data = _side("ours", ours)
    try:
        doc = tomlkit.parse(ours)
    except TOMLKitError as error:
        raise MergeFailed(f"ours cannot be edited in place ({error})") from None
    merged, conflicts = merge_documents(base_data, ours_data, theirs_data)
    if canon(merged) == canon(ours_data) and not conflicts:
        return TextMerge(ours, ())
    expected = dict(merged)
    try:
        patch_table(doc, doc.unwrap(), merged)
        if conflicts:
            entries = [conflict_entry(c) for c in conflicts]
            _add_conflicts(doc, entries)
            expected[CONFLICT_KEY] = [*merged.get(CONFLICT_KEY, []), *entries]
        text = _ending(tomlkit.dumps(doc))
    except (TOMLKitError, TypeError, ValueError, KeyError, IndexError) as error:
        raise MergeFailed(f"the merged file could not be written ({error})") from None
    try:
        written = parse(text)
    except TomlSyntaxError as error:
        raise MergeFailed(f"the merged file would not be valid TOML ({error})") from None
    if canon(written) != canon(expected):
        raise MergeFailed("the merged file did not come out as merged (caseterm bug)")
    return TextMerge(text, tuple(conflicts))


def _add_conflicts(doc: tomlkit.TOMLDocument, entries: list[dict[str, Any]]) -> None:
    existing = doc.get(CONFLICT_KEY)
    if existing is None:
        _blank_at_end(doc)
        existing = tomlkit.aot()
        doc.append(CONFLICT_KEY, existing)
        existing = doc[CONFLICT_KEY]
    if not isinstance(existing, AoT):
        raise TypeError("the file's 'conflict' key is not an array of tables")
    for entry in entries:
        table = tomlkit.table()
        for key, value in entry.items():
            table[key] = to_item(value, inline=True)
        if len(existing):
            blank_after(existing[-1])
        assert isinstance(table, Table)
        existing.append(table)


def _blank_at_end(doc: tomlkit.TOMLDocument) -> None:
    """End the document with a blank line so that a new table stands apart."""
    if not doc.body or tomlkit.dumps(doc).endswith("\n\n"):
        return
    last = doc.body[-1][1]
    if isinstance(last, AoT) and len(last):
        blank_after(last[-1])
    elif isinstance(last, Table):
        blank_after(last)
    else:
        for _ in range(2):
            if not tomlkit.dumps(doc).endswith("\n\n"):
                doc.add(tomlkit.nl())
