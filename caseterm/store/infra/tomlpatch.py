"""Edit a tomlkit document until it holds a target value, touching only what differs.

Keys and records that stay the same keep their bytes (comments, order, blank lines);
changed values keep their trailing comment; new records are appended to their array of
tables, separated by a blank line. Callers check the result by parsing it again.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from typing import Any

import tomlkit
from tomlkit.container import Container, OutOfOrderTableProxy
from tomlkit.items import AoT, Array, InlineTable, Item, Table

from caseterm.store.infra.merge import Path, canon, key_field, record_keys, same

TableLike = Container | Table | InlineTable | OutOfOrderTableProxy


def to_item(value: Any, inline: bool = False) -> Item:
    """A tomlkit item for a plain value; ``inline`` writes tables as ``{...}``."""
    if not inline:
        item: Item = tomlkit.item(value)
        if isinstance(item, AoT):
            for table in item.body:
                blank_after(table)
        return item
    if isinstance(value, Mapping):
        inline_table = tomlkit.inline_table()
        for key, inner in value.items():
            inline_table[key] = to_item(inner, inline=True)
        return inline_table
    if isinstance(value, list):
        array = tomlkit.array()
        for inner in value:
            array.append(to_item(inner, inline=True))
        return array
    plain: Item = tomlkit.item(value)
    return plain


def blank_after(table: Table) -> None:
    """Make sure a table's text ends with a blank line, so the next header stands apart."""
    for _ in range(2):
        if table.as_string().endswith("\n\n"):
            return
        table.add(tomlkit.nl())


def _is_records(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, Mapping) for v in value)


def patch_table(
    table: TableLike, current: Mapping[str, Any], target: Mapping[str, Any], shape: Path = ()
) -> None:
    """Make ``table`` (whose plain value is ``current``) hold ``target``."""
    inline = isinstance(table, InlineTable)
    for key in [k for k in current if k not in target]:
        del table[key]
    for key, value in target.items():
        if key not in current:
            table[key] = to_item(value, inline)
            continue
        old = current[key]
        if same(old, value):
            continue
        item = table[key]
        if (
            isinstance(item, Table | InlineTable | OutOfOrderTableProxy)
            and isinstance(old, Mapping)
            and isinstance(value, Mapping)
        ):
            patch_table(item, old, value, (*shape, key))
        elif isinstance(item, AoT) and _is_records(old) and _is_records(value) and value:
            patch_records(item, old, value, (*shape, key))
        elif isinstance(item, Array) and not _is_records(value) and isinstance(value, list):
            patch_array(table, key, item, value)
        else:
            replace(table, key, value)


def replace(table: MutableMapping[str, Any], key: str, value: Any) -> None:
    """Set ``key`` to a new value, keeping the old value's trailing comment."""
    old = table[key]
    new = to_item(value, isinstance(table, InlineTable) or isinstance(old, Array | InlineTable))
    if (
        isinstance(old, Item)
        and not isinstance(old, Table | AoT)
        and not isinstance(new, Table | AoT)
    ):
        new.trivia.comment_ws = old.trivia.comment_ws
        new.trivia.comment = old.trivia.comment
    table[key] = new


def patch_array(table: MutableMapping[str, Any], key: str, array: Array, target: list[Any]) -> None:
    """Remove and append items so a list reaches ``target``, keeping its layout if it can."""
    wanted = [canon(v) for v in target]
    current = [canon(v) for v in array.unwrap()]
    for index in reversed(range(len(current))):
        if current[index] not in wanted:
            del array[index]
    have = [canon(v) for v in array.unwrap()]
    if have == wanted[: len(have)]:
        for value in target[len(have) :]:
            array.append(value)
    if [canon(v) for v in array.unwrap()] != wanted:
        replace(table, key, target)


def patch_records(aot: AoT, current: list[Any], target: list[Any], shape: Path) -> None:
    """Remove, edit and append records (matched by key) so the array holds ``target``."""
    field = key_field(shape)
    keys = record_keys(current, field)
    wanted = dict(zip(record_keys(target, field), target, strict=True))
    for index in reversed(range(len(keys))):
        if keys[index] not in wanted:
            del aot[index]
    kept = [(k, v) for k, v in zip(keys, current, strict=True) if k in wanted]
    for index, (key, old) in enumerate(kept):
        if not same(old, wanted[key]):
            patch_table(aot[index], old, wanted[key], shape)
    present = {k for k, _ in kept}
    for key, value in wanted.items():
        if key in present:
            continue
        if len(aot):
            blank_after(aot[-1])
        table = to_item(value)
        assert isinstance(table, Table)
        blank_after(table)
        aot.append(table)
