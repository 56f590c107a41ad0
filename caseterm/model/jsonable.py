"""Plain JSON-ready values from records (dates as YYYY-MM-DD, tuples as lists)."""

from __future__ import annotations

import dataclasses
from datetime import date, time
from typing import Any

from caseterm.model.records import Source


def jsonable(value: Any) -> Any:
    """Convert records, dates and tuples recursively; drops ``source`` fields."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: jsonable(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if not isinstance(getattr(value, f.name), Source)
        }
    if isinstance(value, date | time):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
