"""Field checks shared by the files' decoder and the CLI/TUI input forms.

Each check either returns the clean value or raises ``FieldError`` whose text names the
field and the accepted form, fit to be shown on one line. The limits below are the one
definition of what a file may hold (docs/file-format.md, "Limits"; the JSON Schemas
repeat the numbers):
``caseterm check`` reports what the CLI and the TUI refuse.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from datetime import date, time, timedelta

from msgspec import Struct

from caseterm.model.vocab import SLUG_FORM, STUDENT_ID, Code, is_code, non_negative_unit

DATE_FORM = "YYYY-MM-DD, e.g. 2026-11-25"
FIRST_DATE = date(1900, 1, 1)
LAST_DATE = date(2199, 12, 31)
"""Every date in the files lies between these (so every interval is finite)."""

MAX_FILE_BYTES = 5 * 1024 * 1024
"""A file larger than this is not parsed (one problem; the student is marked broken)."""
LONG_TEXT = 10_000
"""Characters in a note, a goal statement or a transition-plan text (may span lines)."""
SHORT_TEXT = 200
"""Characters in any other text: names, school, provider, unit, period, list items."""
MAX_ITEMS = 100
"""Items in a list value (accommodations, participants, disabilities, ...)."""
MAX_KEY = 100
"""Characters in a key."""
LONG_TEXT_KEYS = frozenset(
    {"note", "statement", "education", "employment", "independent_living"}
    | {"concern", "summary", "definition", "reinforcement", "crisis", "restrictions", "medical"}
)

_NUMBER = re.compile(r"[-+]?[0-9]+(?:\.[0-9]+)?")
_WHOLE = re.compile(r"[-+]?[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME = re.compile(r"[0-9]{2}:[0-9]{2}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
NUMBER_FORM = "digits with an optional sign and decimal point, e.g. 52 or 87.5"


class Bounds(Struct, frozen=True, gc=False):
    """The accepted range of one number in the files, both ends included."""

    low: int
    high: int
    whole: bool = False
    unit: str = ""

    @property
    def form(self) -> str:
        return f"{self.low} to {self.high}{' ' + self.unit if self.unit else ''}"


MAX_VALUE = 1_000_000_000
VALUE = Bounds(-MAX_VALUE, MAX_VALUE)
SESSION_MINUTES = Bounds(0, 600, whole=True, unit="minutes")
BOUNDS: dict[str, Bounds] = {
    "point.value": VALUE,
    "goal.target": VALUE,
    "goal.baseline": VALUE,
    "session.minutes": SESSION_MINUTES,
    "session.group_size": Bounds(2, 100, whole=True, unit="students"),
    "service.minutes.week": Bounds(0, 2400, whole=True, unit="minutes"),
    "service.minutes.month": Bounds(0, 10_000, whole=True, unit="minutes"),
    "caseload.due_soon_days": Bounds(1, 365, whole=True, unit="days"),
    "caseload.stale_days": Bounds(1, 365, whole=True, unit="days"),
    "removal.days": Bounds(1, 180, whole=True, unit="school days"),
    "observation.count": Bounds(0, 10_000, whole=True, unit="occurrences"),
    "observation.interval": Bounds(1, 3600, whole=True, unit="seconds"),
    "observation.[]": Bounds(0, 36_000, whole=True, unit="seconds (or a count per interval)"),
    "abc.intensity": Bounds(1, 5, whole=True),
    "slot.[]": Bounds(1, 5, whole=True, unit="(week of the month)"),
    **{f"assessment.{key}": Bounds(-100_000, 100_000) for key in ("value", "ci_low", "ci_high")},
    "assessment.ci_level": Bounds(1, 99, whole=True, unit="percent"),
    "referral.tier": Bounds(1, 3, whole=True),
    "referral.frequency": Bounds(1, 35, whole=True, unit="sessions a week"),
    "referral.minutes": Bounds(1, 600, whole=True, unit="minutes"),
    "referral.points": Bounds(0, 100_000, whole=True),
    "referral.below": Bounds(0, 100_000, whole=True),
    **{f"referral.{key}": VALUE for key in ("baseline", "last", "slope", "target_slope")},
    "tier.tier": Bounds(1, 3, whole=True),
    "intervention.tier": Bounds(1, 3, whole=True),
    "intervention.frequency": Bounds(1, 35, whole=True, unit="sessions a week"),
    "intervention.minutes": Bounds(1, 600, whole=True, unit="minutes"),
    "screening.score": Bounds(-100_000, 100_000),
    "screening.percentile": Bounds(0, 100),
    "benchmark.cut": Bounds(-100_000, 100_000),
    "benchmark.intensive": Bounds(-100_000, 100_000),
    "mtss.below_aimline_points": Bounds(2, 20, whole=True, unit="points"),
}
"""Every number a file holds, by ``table.key``: the decoder, the CLI, the TUI and the JSON
Schemas (``minimum``/``maximum``, checked by tests) all use these."""

DAYS_AHEAD = Bounds(0, 3650, whole=True, unit="days")
"""A number of days given on the command line (``--within``)."""
COUNT = Bounds(1, 1_000_000, whole=True)
"""A count given on the command line (``--limit``)."""

MAX_SESSION_MINUTES = SESSION_MINUTES.high
MAX_PRESCRIBED_MINUTES = {per: BOUNDS[f"service.minutes.{per}"].high for per in ("week", "month")}


class FieldError(ValueError):
    """A value that does not have the accepted form; ``str()`` is the one-line message."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.detail = message


def _show(value: object) -> str:
    text = value if isinstance(value, str) else repr(value)
    return repr(text[:40]) if isinstance(text, str) else str(text)


def _plain_form(form: re.Pattern[str], text: str) -> bool:
    """``text`` has ``form`` and is short enough to convert (40 characters)."""
    return len(text) <= 40 and form.fullmatch(text) is not None


def _plain(value: float) -> str:
    return str(int(value)) if math.isfinite(value) and value.is_integer() else repr(value)


def check_date(field: str, value: date) -> date:
    """A date between FIRST_DATE and LAST_DATE."""
    if not FIRST_DATE <= value <= LAST_DATE:
        raise FieldError(
            field, f"{value.isoformat()} is out of range; use {FIRST_DATE} to {LAST_DATE}"
        )
    return value


def parse_date(field: str, text: str) -> date:
    """A calendar date written as YYYY-MM-DD; rejects impossible dates like 2026-02-30."""
    try:
        if not _DATE.fullmatch(text):
            raise ValueError
        parsed = date.fromisoformat(text)
    except ValueError:
        raise FieldError(field, f"{_show(text)} is not a real date; use {DATE_FORM}") from None
    return check_date(field, parsed)


def parse_day(field: str, text: str, today: date) -> date:
    """A date option as the CLI reads it: YYYY-MM-DD, ``today`` or ``yesterday``."""
    if text == "today":
        return today
    if text == "yesterday":
        return today - timedelta(days=1)
    try:
        return parse_date(field, text)
    except FieldError as error:
        raise FieldError(field, f"{error.detail} or today") from None


def parse_time(field: str, text: str) -> time:
    """A clock time written as HH:MM (24-hour)."""
    try:
        if not _TIME.fullmatch(text):
            raise ValueError
        return time.fromisoformat(text)
    except ValueError:
        raise FieldError(field, f"{_show(text)} is not a time; use HH:MM, e.g. 14:30") from None


def parse_number(field: str, text: str, bounds: Bounds = VALUE) -> float:
    """A plain decimal such as 52, -3 or 87.5 (ASCII digits; no exponent, no '_')."""
    if not _plain_form(_NUMBER, text):
        raise FieldError(
            field, f"{_show(text)} is not a number; use {NUMBER_FORM}, from {bounds.form}"
        )
    return check_number(field, float(text), bounds)


def check_number(field: str, value: object, bounds: Bounds = VALUE) -> float:
    """A finite int or float within ``bounds`` (booleans are not numbers here)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FieldError(field, f"{_show(value)} is not a number; use e.g. 52 or 87.5")
    if isinstance(value, float) and not math.isfinite(value):
        raise FieldError(field, f"{value} is not a finite number; use {bounds.form}")
    if not bounds.low <= value <= bounds.high:
        shown = value if isinstance(value, int) else _plain(value)
        raise FieldError(field, f"{shown} is out of range; use {bounds.form}")
    return float(value)


def parse_minutes(field: str, text: str, maximum: int = MAX_SESSION_MINUTES) -> int:
    """Whole minutes from 0 to ``maximum``, written in ASCII digits."""
    if not _plain_form(_WHOLE, text):
        raise FieldError(
            field, f"{_show(text)} is not a whole number of minutes; use 0 to {maximum}"
        )
    return check_minutes(field, int(text), maximum)


def parse_whole(field: str, text: str, bounds: Bounds) -> int:
    """A whole number within ``bounds`` written in ASCII digits (e.g. a count of days)."""
    if not _plain_form(_WHOLE, text) or not bounds.low <= int(text) <= bounds.high:
        raise FieldError(field, f"{_show(text)} is not a whole number from {bounds.form}")
    return int(text)


def check_minutes(field: str, value: object, maximum: int = MAX_SESSION_MINUTES) -> int:
    """Whole minutes already parsed from TOML."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise FieldError(field, f"{_show(value)} is not a whole number of minutes")
    if value < 0 or value > maximum:
        raise FieldError(field, f"{value} is out of range; use 0 to {maximum} minutes")
    return value


def check_whole(field: str, value: object, bounds: Bounds) -> int:
    """A whole number within ``bounds``."""
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not (bounds.low <= value <= bounds.high)
    ):
        raise FieldError(field, f"{_show(value)} is not a whole number from {bounds.form}")
    return value


def check_goal_value(field: str, value: float, unit: str) -> float:
    """A value of a goal measured in ``unit``: not below 0 when the unit cannot be."""
    if value < 0 and non_negative_unit(unit):
        raise FieldError(
            field, f"{_plain(value)} is below 0; a goal measured in {unit!r} cannot be negative"
        )
    return value


def check_slug(field: str, text: str) -> str:
    """A student or goal id: a short slug that is safe as a folder name."""
    if not isinstance(text, str) or not STUDENT_ID.fullmatch(text):
        raise FieldError(field, f"{_show(text)} is not a valid id; use {SLUG_FORM}")
    return text


def check_choice(field: str, value: object, choices: Iterable[Code]) -> Code:
    """One of a closed list of codes (typed as the list's vocabulary)."""
    options = tuple(choices)
    if not is_code(value, options):
        raise FieldError(field, f"{_show(value)} is not allowed; use one of {', '.join(options)}")
    return value


def text_limit(key: str) -> int:
    """The most characters the text field ``key`` may hold."""
    return LONG_TEXT if key in LONG_TEXT_KEYS else SHORT_TEXT


def check_text(
    field: str, value: object, max_length: int = LONG_TEXT, lines: bool | None = None
) -> str:
    """Free text without control characters; newlines and tabs only in long texts
    (``lines``: allow them; default when ``max_length`` is a long text's)."""
    if not isinstance(value, str):
        raise FieldError(field, f"{_show(value)} is not text; write it in quotes")
    if len(value) > max_length:
        raise FieldError(field, f"text is {len(value)} characters; keep it to {max_length}")
    multiline = max_length >= LONG_TEXT if lines is None else lines
    found = (_CONTROL_BUT_LINES if multiline else _CONTROL).search(value)
    if found:
        where = "" if multiline else " (one line, no tabs)"
        raise FieldError(
            field, f"contains control character U+{ord(found[0]):04X}; use plain text{where}"
        )
    return value


def check_field_text(field: str, key: str, value: object) -> str:
    """The text field ``key`` of a file (``field`` names it in the message)."""
    return check_text(field, value, text_limit(key))


def check_key(key: str) -> str:
    """A key of a file: short and without control characters."""
    return check_text("key", key, MAX_KEY, lines=False)
