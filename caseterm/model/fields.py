"""Field checks shared by the files' decoder and the CLI/TUI input forms.

Each check either returns the clean value or raises ``FieldError`` whose text names the
field and the accepted form, fit to be shown on one line.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import date, time

from caseterm.model.vocab import SLUG_FORM, STUDENT_ID

DATE_FORM = "YYYY-MM-DD, e.g. 2026-11-25"
MAX_SESSION_MINUTES = 600
MAX_PRESCRIBED_MINUTES = {"week": 2400, "month": 10_000}


class FieldError(ValueError):
    """A value that does not have the accepted form; ``str()`` is the one-line message."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def _show(value: object) -> str:
    text = value if isinstance(value, str) else repr(value)
    return repr(text[:40]) if isinstance(text, str) else str(text)


def parse_date(field: str, text: str) -> date:
    """A calendar date written as YYYY-MM-DD; rejects impossible dates like 2026-02-30."""
    try:
        if len(text) != 10:
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise FieldError(field, f"{_show(text)} is not a real date; use {DATE_FORM}") from None


def parse_time(field: str, text: str) -> time:
    """A clock time written as HH:MM (24-hour)."""
    try:
        parsed = time.fromisoformat(text)
    except ValueError:
        raise FieldError(field, f"{_show(text)} is not a time; use HH:MM, e.g. 14:30") from None
    return parsed.replace(microsecond=0)


def parse_number(field: str, text: str) -> float:
    """A finite decimal number such as 52 or 87.5."""
    try:
        value = float(text)
    except ValueError:
        raise FieldError(field, f"{_show(text)} is not a number; use e.g. 52 or 87.5") from None
    return check_number(field, value)


def check_number(field: str, value: object) -> float:
    """A finite int or float (booleans are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FieldError(field, f"{_show(value)} is not a number; use e.g. 52 or 87.5")
    if not math.isfinite(value):
        raise FieldError(field, f"{value} is not a finite number; use e.g. 52 or 87.5")
    return float(value)


def parse_minutes(field: str, text: str, maximum: int = MAX_SESSION_MINUTES) -> int:
    """Whole minutes from 0 to ``maximum``."""
    try:
        value = int(text)
    except ValueError:
        raise FieldError(
            field, f"{_show(text)} is not a whole number of minutes; use 0 to {maximum}"
        ) from None
    return check_minutes(field, value, maximum)


def check_minutes(field: str, value: object, maximum: int = MAX_SESSION_MINUTES) -> int:
    """Whole minutes already parsed from TOML."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(field, f"{_show(value)} is not a whole number of minutes")
    if value < 0 or value > maximum:
        raise FieldError(field, f"{value} is out of range; use 0 to {maximum} minutes")
    return value


def check_slug(field: str, text: str) -> str:
    """A student or goal id: a short slug that is safe as a folder name."""
    if not isinstance(text, str) or not STUDENT_ID.fullmatch(text):
        raise FieldError(field, f"{_show(text)} is not a valid id; use {SLUG_FORM}")
    return text


def check_choice(field: str, value: object, choices: Iterable[str]) -> str:
    """One of a closed list of codes."""
    options = tuple(choices)
    if not isinstance(value, str) or value not in options:
        raise FieldError(field, f"{_show(value)} is not allowed; use one of {', '.join(options)}")
    return value


def check_text(field: str, value: object, max_length: int = 4000) -> str:
    """Free text (names, notes): a string without control characters except newlines/tabs."""
    if not isinstance(value, str):
        raise FieldError(field, f"{_show(value)} is not text; write it in quotes")
    if len(value) > max_length:
        raise FieldError(field, f"text is {len(value)} characters; keep it under {max_length}")
    if any((ord(c) < 32 and c not in "\n\t") or c == "\x7f" for c in value):
        raise FieldError(field, "contains control characters; use plain text")
    return value
