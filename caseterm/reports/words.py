"""Numbers and dates written for families: "June 1, 2027", "52", "87.5"."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def long_date(day: date) -> str:
    """``June 1, 2027``."""
    return f"{day:%B} {day.day}, {day.year}"


def short_date(day: date) -> str:
    """``Jun 1``."""
    return f"{day:%b} {day.day}"


def places_for(values: Iterable[float]) -> int:
    """0 decimals when every value is whole, else 1."""
    return 0 if all(float(v).is_integer() for v in values) else 1


def number(value: float, places: int = 0) -> str:
    """``value`` rounded to ``places`` decimals, without a trailing ``.0``."""
    rounded = round(value, places)
    if float(rounded).is_integer():
        return str(int(rounded))
    return f"{rounded:.{places}f}"


def with_unit(value: float, unit: str, places: int = 0) -> str:
    """``52 wcpm``, ``80%``."""
    text = number(value, places)
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 measurement``, ``3 measurements``."""
    return f"{count} {word if count == 1 else (many or word + 's')}"
