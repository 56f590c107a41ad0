"""Plain JSON-ready values from records (dates as YYYY-MM-DD, tuples as lists)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, time
from typing import Any

from msgspec import Struct

from caseterm.model.records import Source


def jsonable(value: Any) -> Any:
    """Convert records (and the views' dataclasses), dates and tuples recursively; drops
    ``source`` fields."""
    if isinstance(value, Struct):
        return _fields(value, value.__struct_fields__)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _fields(value, (f.name for f in dataclasses.fields(value)))
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _fields(value: object, names: Iterable[str]) -> dict[str, Any]:
    return {
        name: jsonable(getattr(value, name))
        for name in names
        if not isinstance(getattr(value, name), Source)
    }
