"""Reading and describing ``[[conflict]]`` entries written by the merge driver."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, time
from typing import Any

from caseterm.store.infra.tomltext import value_text

SIDES = ("ours", "theirs", "base")


def show_value(entry: Mapping[str, Any], side: str) -> str:
    """A side's value as TOML text; ``(removed)`` or ``(absent)`` when it has none."""
    if side in entry:
        return toml_text(entry[side])
    if side != "base" and "base" in entry:
        return "(removed)"
    return "(absent)"


def toml_text(value: Any) -> str:
    """Any parsed TOML value written back as one line of TOML."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{k} = {toml_text(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(toml_text(v) for v in value) + "]"
    if isinstance(value, date | time | str | int | float | bool):
        try:
            return value_text(value)
        except (TypeError, ValueError):
            return str(value)
    return str(value)


def describe(entry: object) -> str:
    """``dates.consent: ours 2026-09-02, theirs 2026-09-03 (base 2026-09-01)``."""
    if not isinstance(entry, Mapping):
        return "? (not a table: edit the [[conflict]] entry by hand)"
    path = entry.get("path", "?")
    base = f" (base {show_value(entry, 'base')})" if "base" in entry else ""
    return f"{path}: ours {show_value(entry, 'ours')}, theirs {show_value(entry, 'theirs')}{base}"
