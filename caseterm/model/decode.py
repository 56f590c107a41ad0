"""Turn parsed TOML documents (plain dicts) into records, collecting problems.

Decoding never raises: a bad field becomes a ``KeyProblem`` (its key path and a message
naming the accepted form) and the record is kept when it still makes sense, skipped when a
required field is missing (all of its other problems are still reported). The store
turns key paths into file lines and columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, TypeVar

from msgspec import Struct

from caseterm.model import decode_columns, vocab
from caseterm.model.fields import (
    BOUNDS,
    DATE_FORM,
    MAX_ITEMS,
    MAX_PRESCRIBED_MINUTES,
    SHORT_TEXT,
    Bounds,
    FieldError,
    check_choice,
    check_date,
    check_field_text,
    check_key,
    check_minutes,
    check_number,
    check_slug,
    check_text,
    check_whole,
)
from caseterm.model.records import (
    DEFAULT_EXCUSED,
    BehaviorPlan,
    Benchmark,
    Closure,
    Contact,
    DataPoint,
    Exit,
    ExtendedYear,
    FamilyMember,
    Goal,
    Meeting,
    Phase,
    Plan,
    PlanDates,
    Prescription,
    Profile,
    ReportingPeriod,
    SchoolYearCalendar,
    Session,
    Settings,
    Source,
    TeamMember,
    Transition,
)
from caseterm.model.vocab import STUDENT_ID, Code

KeyPath = tuple[str | int, ...]
T = TypeVar("T")


class KeyProblem(Struct, frozen=True, gc=False):
    """A problem at a key path inside one document, e.g. ``("point", 3, "value")``."""

    path: KeyPath
    message: str


class Reader:
    """Typed access to one TOML table that records problems instead of raising."""

    def __init__(self, data: Mapping[str, Any], path: KeyPath, problems: list[KeyProblem]):
        self.data = data
        self.path = path
        self.problems = problems
        self.failed = False
        """A required field was absent or unusable: the record is to be skipped."""
        self._seen: set[str] = set()

    def _report(self, key: str, message: str) -> None:
        self.problems.append(KeyProblem((*self.path, key), message))

    def _get(self, key: str, required: bool) -> Any:
        self._seen.add(key)
        if key not in self.data:
            if required:
                self.problems.append(KeyProblem(self.path, f"missing required key '{key}'"))
                self.failed = True
            return None
        return self.data[key]

    def _checked(self, key: str, required: bool, check: Callable[[str, Any], T]) -> T | None:
        value = self._get(key, required)
        if value is None:
            return None
        try:
            return check(key, value)
        except FieldError as error:
            self._report(key, str(error))
            self.failed = self.failed or required
            return None

    def text(self, key: str, default: str = "", required: bool = False) -> str:
        value = self._checked(key, required, _check_str)
        if value is None:
            return default
        try:
            check_field_text(key, key, value)
        except FieldError as error:
            self._report(key, str(error))
        return value

    def slug(self, key: str, required: bool = False) -> str:
        return self._checked(key, required, check_slug) or ""

    def date(self, key: str, required: bool = False) -> dt.date | None:
        return self._checked(key, required, _check_date)

    def required_date(self, key: str) -> dt.date:
        return self.date(key, required=True) or dt.date.min

    def time(self, key: str) -> dt.time | None:
        return self._checked(key, False, _check_time)

    def number(self, key: str, bounds: Bounds, required: bool = False) -> float | None:
        return self._checked(key, required, lambda f, v: check_number(f, v, bounds))

    def minutes(self, key: str, maximum: int, required: bool = False) -> int | None:
        return self._checked(key, required, lambda f, v: check_minutes(f, v, maximum))

    def whole(self, key: str, default: int, bounds: Bounds) -> int:
        return self._checked(key, False, lambda f, v: check_whole(f, v, bounds)) or default

    def choice(self, key: str, choices: Iterable[Code], default: Code) -> Code:
        options = tuple(choices)
        return self._checked(key, False, lambda f, v: check_choice(f, v, options)) or default

    def required_choice(self, key: str, choices: Iterable[Code]) -> Code:
        """A required code; when it is missing or wrong the problem is reported and the
        first code stands in, so the rest of the record still decodes."""
        options = tuple(choices)
        return self._checked(key, True, lambda f, v: check_choice(f, v, options)) or options[0]

    def count(self, key: str, minimum: int, maximum: int) -> int:
        """A required whole number from ``minimum`` to ``maximum``."""
        return self._checked(key, True, lambda f, v: _check_count(f, v, minimum, maximum)) or 0

    def decision(self, key: str) -> bool | None:
        """true, false, or None when the key is absent (not decided yet)."""
        return self._checked(key, False, _check_bool)

    def flag(self, key: str, default: bool = False) -> bool:
        value = self._checked(key, False, _check_bool)
        return default if value is None else value

    def texts(self, key: str, choices: Iterable[str] | None = None) -> tuple[str, ...]:
        value = self._get(key, False)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self._report(key, f'{key}: use a list of quoted strings, e.g. ["one", "two"]')
            return ()
        if len(value) > MAX_ITEMS:
            self._report(key, f"{key}: {len(value)} items; keep it to {MAX_ITEMS}")
        for index, item in enumerate(value):
            try:
                check_text(key, item, SHORT_TEXT)
            except FieldError as error:
                self.problems.append(KeyProblem((*self.path, key, index), str(error)))
        if choices is not None:
            options = tuple(choices)
            bad = [v for v in value if v not in options]
            if bad:
                self._report(key, f"{key}: {bad[0]!r} is not allowed; use {', '.join(options)}")
                return tuple(v for v in value if v in options)
        return tuple(value)

    def table(self, key: str) -> Reader | None:
        value = self._get(key, False)
        if value is None:
            return None
        if not isinstance(value, dict):
            self._report(key, f"{key}: must be a table ([{key}])")
            return None
        return Reader(value, (*self.path, key), self.problems)

    def tables(self, key: str, most: int | None = None) -> list[Reader]:
        """The array of tables ``[[key]]``; ``most``: a cap on its length (the rest is
        reported and not read)."""
        value = self._get(key, False)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            self._report(key, f"{key}: must be an array of tables ([[{key}]])")
            return []
        if most is not None and len(value) > most:
            self._report(key, f"{key}: {len(value)} tables; keep it to {most}")
            value = value[:most]
        return [Reader(v, (*self.path, key, i), self.problems) for i, v in enumerate(value)]

    def unknown_keys(self) -> None:
        """Report keys nobody read: usually a typo that would otherwise be ignored."""
        known = sorted(self._seen)
        for key in self.data:
            if key not in self._seen:
                hint = f"; known keys: {', '.join(known)}" if known else ""
                try:
                    check_key(key)
                except FieldError as error:
                    self._report(key, f"unknown key {key[:40]!r}: {error.detail}")
                    continue
                self._report(key, f"unknown key '{key}'{hint}")


def _check_str(field: str, value: Any) -> str:
    if not isinstance(value, str):
        raise FieldError(field, f"{value!r} is not text; write it in quotes")
    return value


def _check_date(field: str, value: Any) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise FieldError(field, f"{value!r} is not a date; write a bare TOML date {DATE_FORM}")
    return check_date(field, value)


def _check_time(field: str, value: Any) -> dt.time:
    if not isinstance(value, dt.time):
        raise FieldError(field, f"{value!r} is not a time; write a bare TOML time, e.g. 14:30:00")
    return value


def _check_bool(field: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise FieldError(field, f"{value!r} is not true or false")
    return value


def _check_count(field: str, value: Any, minimum: int, maximum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not minimum <= value <= maximum:
        raise FieldError(field, f"{value!r} is not a whole number from {minimum} to {maximum}")
    return value


def _records(
    readers: list[Reader], build: Callable[[Reader], T], check_unknown: bool = True
) -> tuple[T, ...]:
    out: list[T] = []
    for reader in readers:
        record = build(reader)
        if check_unknown:
            reader.unknown_keys()
        if not reader.failed:
            out.append(record)
    return tuple(out)


def _unique_ids(records: Iterable[Any], problems: list[KeyProblem]) -> None:
    seen: set[str] = set()
    for record in records:
        if record.id in seen:
            index = record.source.index
            problems.append(
                KeyProblem((record.source.table, index, "id"), f"duplicate id '{record.id}'")
            )
        seen.add(record.id)


# --- the fast path -------------------------------------------------------------------
#
# Most files are well formed. For the bulky arrays of tables (data points, sessions,
# meetings, contacts) a record is built in one pass with the same field checks the
# ``Reader`` applies; at the first surprise (an unknown or missing key, a bad value, a
# record-level rule) the whole file goes through the ``Reader``, which reports every
# problem with its key path. So the problems are always the Reader's; the fast path only
# ever returns records the Reader would have built the same way.


class _Slow(Exception):
    """The fast path met something only the detailed reader can report."""


def _fast_records(
    data: Mapping[str, Any],
    tables: tuple[str, ...],
    build: Callable[[str, dict[str, Any], int], Any],
) -> dict[str, tuple[Any, ...]] | None:
    """Each array of ``tables`` built record by record, or None (use the Reader)."""
    if not data.keys() <= set(tables):
        return None
    out: dict[str, tuple[Any, ...]] = {}
    try:
        for name in tables:
            items = data.get(name, [])
            if type(items) is not list:
                return None
            records = []
            for index, item in enumerate(items):
                if type(item) is not dict:
                    return None
                records.append(build(name, item, index))
            out[name] = tuple(records)
    except (_Slow, FieldError, TypeError):
        return None
    return out


def _keys(item: dict[str, Any], allowed: frozenset[str], required: frozenset[str]) -> None:
    keys = item.keys()
    if not keys <= allowed or not required <= keys:
        raise _Slow


def _opt(item: dict[str, Any], key: str, check: Callable[[str, Any], T], default: T) -> T:
    value = item.get(key)
    return default if value is None else check(key, value)


_SLUG = STUDENT_ID.fullmatch


def _slug(value: Any) -> str:
    """What ``check_slug`` accepts (anything else goes to the Reader, which says why)."""
    if type(value) is not str or not _SLUG(value):
        raise _Slow
    return value


def _day(value: Any) -> dt.date:
    """What ``_check_date`` accepts: a bare date (a datetime is a date subclass) in range."""
    if type(value) is not dt.date:
        raise _Slow
    return check_date("date", value)


def _text(item: dict[str, Any], key: str) -> str:
    """What ``Reader.text`` accepts without a problem (else the Reader reports it)."""
    value = item.get(key)
    if value is None:
        return ""
    check_field_text(key, key, _check_str(key, value))
    return str(value)


_POINT_KEYS = frozenset(("id", "goal", "date", "value", "note"))
_POINT_REQUIRED = frozenset(("id", "goal", "date", "value"))


def _fast_point(file: str, item: dict[str, Any], index: int) -> DataPoint:
    _keys(item, _POINT_KEYS, _POINT_REQUIRED)
    return DataPoint(
        id=_slug(item["id"]),
        goal=_slug(item["goal"]),
        date=_day(item["date"]),
        value=check_number("value", item["value"], BOUNDS["point.value"]) or 0.0,
        note=_text(item, "note"),
        source=Source(file, "point", index),
    )


_SESSION_KEYS = frozenset(
    ("id", "service", "date", "minutes", "status", "makeup_for", "provider", "group", "note")
) | {"group_size"}
_SESSION_REQUIRED = frozenset(("id", "service", "date", "minutes"))
_STATUSES = frozenset(vocab.SESSION_STATUSES)


def _fast_session(file: str, item: dict[str, Any], index: int) -> Session:
    _keys(item, _SESSION_KEYS, _SESSION_REQUIRED)
    status = item.get("status", "delivered")
    if status not in _STATUSES:
        raise _Slow
    makeup_for = _text(item, "makeup_for")
    if status == "makeup" and not makeup_for:
        raise _Slow
    return Session(
        id=_slug(item["id"]),
        service=_slug(item["service"]),
        date=_day(item["date"]),
        minutes=check_minutes("minutes", item["minutes"], BOUNDS["session.minutes"].high) or 0,
        status=status,
        makeup_for=makeup_for,
        provider=_text(item, "provider"),
        group=_opt(item, "group", _check_bool, False),
        note=_text(item, "note"),
        source=Source(file, "session", index),
        group_size=_opt(item, "group_size", _group_size, 0),
    )


def _group_size(field: str, value: Any) -> int:
    return check_whole(field, value, BOUNDS["session.group_size"])


_GOAL_KEYS = frozenset(
    (
        *("id", "statement", "target", "target_date", "area", "measure", "unit"),
        *("baseline", "start_date", "direction", "aggregate", "mastery", "phase", "note"),
    )
)
_GOAL_REQUIRED = frozenset(("id", "statement", "target", "target_date"))
_PHASE_KEYS = frozenset(("start", "label"))
_PHASE_REQUIRED = frozenset(("start",))
_DIRECTIONS = frozenset(vocab.GOAL_DIRECTIONS)
_AGGREGATES = frozenset(vocab.GOAL_AGGREGATES)


def _fast_goal(file: str, item: dict[str, Any], index: int) -> Goal:
    _keys(item, _GOAL_KEYS, _GOAL_REQUIRED)
    return Goal(
        id=_slug(item["id"]),
        statement=_text(item, "statement"),
        target=check_number("target", item["target"], BOUNDS["goal.target"]),
        target_date=_day(item["target_date"]),
        area=_text(item, "area"),
        measure=_text(item, "measure"),
        unit=_text(item, "unit"),
        baseline=_opt(item, "baseline", _baseline, None),
        start_date=_opt(item, "start_date", _a_day, None),
        direction=_choice(item, "direction", _DIRECTIONS, "increase"),
        aggregate=_choice(item, "aggregate", _AGGREGATES, "mean"),
        mastery=_text(item, "mastery"),
        phases=_fast_phases(item.get("phase")),
        note=_text(item, "note"),
        source=Source(file, "goal", index),
    )


def _baseline(field: str, value: Any) -> float:
    return check_number(field, value, BOUNDS["goal.baseline"])


def _a_day(_field: str, value: Any) -> dt.date:
    return _day(value)


def _fast_phases(value: Any) -> tuple[Phase, ...]:
    """A goal's ``[[goal.phase]]`` tables, by start date (as the Reader sorts them)."""
    if value is None:
        return ()
    if type(value) is not list or len(value) > MAX_ITEMS:
        raise _Slow
    phases = []
    for item in value:
        if type(item) is not dict:
            raise _Slow
        _keys(item, _PHASE_KEYS, _PHASE_REQUIRED)
        phases.append(Phase(start=_day(item["start"]), label=_text(item, "label")))
    return tuple(sorted(phases, key=_phase_start))


def _phase_start(phase: Phase) -> dt.date:
    return phase.start


def _choice(item: dict[str, Any], key: str, choices: frozenset[Code], default: Code) -> Code:
    value = item.get(key, default)
    if not vocab.is_code(value, choices):
        raise _Slow
    return value


def _texts(item: dict[str, Any], key: str) -> tuple[str, ...]:
    value = item.get(key)
    if value is None:
        return ()
    if type(value) is not list or not all(type(v) is str for v in value):
        raise _Slow
    if len(value) > MAX_ITEMS:
        raise _Slow
    for item_text in value:
        check_text(key, item_text, SHORT_TEXT)
    return tuple(value)


# --- caseload files ------------------------------------------------------------------


def decode_settings(data: Mapping[str, Any], file: str) -> tuple[Settings | None, list[KeyProblem]]:
    """``caseterm.toml``: the caseload's name, school year, rule profile and periods."""
    problems: list[KeyProblem] = []
    root = Reader(data, (), problems)
    top = root.table("caseload")
    if top is None:
        problems.append(KeyProblem((), "missing [caseload] table"))
        root.unknown_keys()
        return None, problems
    start = top.required_date("school_year_start")
    end = top.required_date("school_year_end")
    if top.failed:
        top.unknown_keys()
        return None, problems
    name = top.text("name")
    profile = top.slug("rule_profile") or "federal"
    due_soon = top.whole("due_soon_days", 30, BOUNDS["caseload.due_soon_days"])
    stale = top.whole("stale_days", 14, BOUNDS["caseload.stale_days"])
    excused = top.texts("excused_statuses", vocab.MISSED_STATUSES)
    never = [s for s in excused if s in vocab.NEVER_EXCUSED]
    if never:
        top._report("excused_statuses", f"'{never[0]}' is never excused (OSEP Letter to Balkman)")
        excused = tuple(s for s in excused if s not in vocab.NEVER_EXCUSED)
    top.unknown_keys()
    rules = root.table("rules")
    overrides: tuple[tuple[str, object], ...] = ()
    if rules is not None:
        rules._seen.update(rules.data)
        overrides = tuple(sorted(rules.data.items()))

    def period(r: Reader) -> ReportingPeriod:
        p = ReportingPeriod(
            name=r.text("name", required=True),
            start=r.required_date("start"),
            end=r.required_date("end"),
            report_due=r.required_date("report_due"),
        )
        if p.end < p.start:
            r._report("end", f"end {p.end} is before start {p.start}")
        return p

    periods = _records(root.tables("reporting_period", MAX_ITEMS), period)
    benchmarks, below_points = _mtss_settings(root)
    root.unknown_keys()
    if end <= start:
        problems.append(KeyProblem(("caseload", "school_year_end"), "must be after the start"))
    settings = Settings(
        name=name,
        school_year_start=start,
        school_year_end=end,
        rule_profile=profile,
        rule_overrides=overrides,
        reporting_periods=periods,
        due_soon_days=due_soon,
        stale_days=stale,
        excused_statuses=vocab.only(excused, vocab.EXCUSABLE_STATUSES)
        if "excused_statuses" in top.data
        else DEFAULT_EXCUSED,
        source=Source(file),
        benchmarks=benchmarks,
        below_aimline_points=below_points,
    )
    return settings, problems


def _mtss_settings(root: Reader) -> tuple[tuple[Benchmark, ...], int]:
    """``[[benchmark]]`` cut scores and ``[mtss] below_aimline_points`` of caseterm.toml."""
    from caseterm.model import assess_vocab

    def benchmark(r: Reader) -> Benchmark:
        b = Benchmark(
            measure=r.text("measure", required=True),
            grade=r.required_choice("grade", vocab.GRADES),
            season=r.required_choice("season", assess_vocab.SEASONS),
            cut=r.number("cut", BOUNDS["benchmark.cut"], required=True) or 0.0,
            intensive=r.number("intensive", BOUNDS["benchmark.intensive"]),
        )
        if b.intensive is not None and b.intensive > b.cut:
            r._report("intensive", f"intensive: must not be above cut ({b.cut:g})")
        return b

    benchmarks = _records(root.tables("benchmark", 2_000), benchmark)
    seen: set[tuple[str, str, str]] = set()
    for index, b in enumerate(benchmarks):
        key = (b.measure.casefold(), b.grade, b.season)
        if key in seen:
            root.problems.append(
                KeyProblem(
                    ("benchmark", index, "measure"),
                    f"benchmark: '{b.measure}' grade {b.grade} {b.season} is given twice",
                )
            )
        seen.add(key)
    mtss = root.table("mtss")
    below = 4
    if mtss is not None:
        below = mtss.whole("below_aimline_points", 4, BOUNDS["mtss.below_aimline_points"])
        mtss.unknown_keys()
    return benchmarks, below


WEEKDAYS = vocab.WEEKDAYS


def decode_calendar(
    data: Mapping[str, Any], file: str
) -> tuple[SchoolYearCalendar | None, list[KeyProblem]]:
    """``calendar/<year>.toml``: first and last day, school weekdays, closures."""
    problems: list[KeyProblem] = []
    root = Reader(data, (), problems)
    top = root.table("calendar")
    if top is None:
        problems.append(KeyProblem((), "missing [calendar] table"))
        return None, problems
    first = top.required_date("first_day")
    last = top.required_date("last_day")
    if top.failed:
        top.unknown_keys()
        return None, problems
    name = top.text("name")
    days = top.texts("weekdays", WEEKDAYS) or WEEKDAYS[:5]
    top.unknown_keys()

    def closure(r: Reader) -> Closure:
        start = r.required_date("start")
        end = r.date("end") or start
        if end < start:
            r._report("end", f"end {end} is before start {start}")
        return Closure(start=start, end=end, name=r.text("name"))

    closures = _records(root.tables("closed", MAX_ITEMS), closure)
    root.unknown_keys()
    if last < first:
        problems.append(KeyProblem(("calendar", "last_day"), "must be after first_day"))
    calendar = SchoolYearCalendar(
        name=name,
        first_day=first,
        last_day=last,
        weekdays=tuple(sorted(WEEKDAYS.index(d) for d in days)),
        closures=tuple(sorted(closures, key=lambda c: c.start)),
        source=Source(file),
    )
    return calendar, problems


# --- student files -------------------------------------------------------------------


def decode_profile(data: Mapping[str, Any], file: str) -> tuple[Profile | None, list[KeyProblem]]:
    """``student.toml``: name, birth date, grade, plan type, disabilities, team, family."""
    problems: list[KeyProblem] = []
    root = Reader(data, (), problems)
    top = root.table("student")
    if top is None:
        problems.append(KeyProblem((), "missing [student] table"))
        root.unknown_keys()
        return None, problems
    first = top.text("first_name", required=True)
    if top.failed:
        top.unknown_keys()
        return None, problems
    last = top.text("last_name")
    profile = Profile(
        first_name=first,
        last_name=last,
        birth_date=top.date("birth_date"),
        grade=top.choice("grade", vocab.GRADES, ""),
        school=top.text("school"),
        plan_type=top.choice("plan_type", vocab.PLAN_TYPES, "IEP"),
        disabilities=vocab.only(top.texts("disabilities", vocab.DISABILITIES), vocab.DISABILITIES),
        case_manager=top.text("case_manager"),
        note=top.text("note"),
        team=_records(
            root.tables("team", MAX_ITEMS),
            lambda r: TeamMember(
                name=r.text("name", required=True), role=r.text("role"), email=r.text("email")
            ),
        ),
        family=_records(
            root.tables("family", MAX_ITEMS),
            lambda r: FamilyMember(
                name=r.text("name", required=True),
                relationship=r.text("relationship"),
                phone=r.text("phone"),
                email=r.text("email"),
                language=r.text("language"),
                note=r.text("note"),
            ),
        ),
        source=Source(file),
    )
    top.unknown_keys()
    root.unknown_keys()
    return profile, problems


PLAN_DATE_KEYS = PlanDates.__struct_fields__


_PLAN_TABLES = frozenset(("dates", "plan", "service", "transition", "behavior_plan", "exit", "esy"))
_PLAN_KEYS = frozenset(("lre", "accommodations", "modifications", "reevaluation_waived", "note"))
_SERVICE_KEYS = frozenset(
    (
        *("id", "service", "minutes", "per", "start", "end", "name", "setting"),
        *("provider", "delivery", "note", "esy", "justification"),
    )
)
_SERVICE_REQUIRED = frozenset(("id", "service", "minutes", "start"))
_TRANSITION_KEYS = frozenset(
    (
        *("date", "education", "employment", "independent_living"),
        *("courses", "agencies", "note"),
    )
)
_BEHAVIOR_PLAN_KEYS = frozenset(("adopted", "review", "target_behaviors", "note"))
_EXIT_KEYS = frozenset(("date", "reason", "summary_of_performance", "note"))
_ESY_KEYS = frozenset(("decided", "eligible", "note"))
_NOTHING: frozenset[str] = frozenset()
_PERIODS = frozenset(vocab.SERVICE_PERIODS)
_SETTINGS = frozenset(vocab.SERVICE_SETTINGS)
_DELIVERY = frozenset(vocab.SERVICE_DELIVERY)
_LRE = frozenset(vocab.LRE_SETTINGS)
_EXIT_REASONS = frozenset(vocab.EXIT_REASONS)


def _fast_plan(data: Mapping[str, Any], file: str) -> Plan | None:
    """``plan.toml`` built in one pass, or None: the Reader is needed (see ``_Slow``)."""
    if not data.keys() <= _PLAN_TABLES:
        return None
    try:
        dates = _table(data, "dates", frozenset(PLAN_DATE_KEYS))
        top = _table(data, "plan", _PLAN_KEYS) or {}
        items = data.get("service", [])
        if type(items) is not list:
            return None
        services = []
        for index, item in enumerate(items):
            if type(item) is not dict:
                return None
            services.append(_fast_service(file, item, index))
        return Plan(
            exit=_fast_exit(_table(data, "exit", _EXIT_KEYS)),
            esy=_fast_esy(_table(data, "esy", _ESY_KEYS)),
            dates=PlanDates() if dates is None else PlanDates(**_dates(dates)),
            lre=_blank_or(top, "lre", _LRE),
            accommodations=_texts(top, "accommodations"),
            modifications=_texts(top, "modifications"),
            services=tuple(services),
            transition=_fast_transition(_table(data, "transition", _TRANSITION_KEYS)),
            behavior_plan=_fast_behavior_plan(_table(data, "behavior_plan", _BEHAVIOR_PLAN_KEYS)),
            reevaluation_waived=_opt(top, "reevaluation_waived", _check_bool, False),
            note=_text(top, "note"),
            source=Source(file),
        )
    except (_Slow, FieldError, TypeError):
        return None


def _table(data: Mapping[str, Any], key: str, keys: frozenset[str]) -> dict[str, Any] | None:
    """The table ``[key]`` (None when absent), its keys among ``keys``."""
    value = data.get(key)
    if value is None:
        return None
    if type(value) is not dict:
        raise _Slow
    _keys(value, keys, _NOTHING)
    return value


def _dates(table: dict[str, Any]) -> dict[str, dt.date]:
    return {key: _day(value) for key, value in table.items()}


def _blank_or(item: dict[str, Any], key: str, choices: frozenset[Code]) -> Any:
    """A code of ``choices``, or "" when the key is absent."""
    return _choice(item, key, choices, "") if key in item else ""


def _fast_service(file: str, item: dict[str, Any], index: int) -> Prescription:
    _keys(item, _SERVICE_KEYS, _SERVICE_REQUIRED)
    per = _choice(item, "per", _PERIODS, "week")
    service = Prescription(
        id=_slug(item["id"]),
        service=_slug(item["service"]),
        minutes=check_minutes("minutes", item["minutes"], MAX_PRESCRIBED_MINUTES[per]),
        per=per,
        start=_day(item["start"]),
        end=_opt(item, "end", _a_day, None),
        name=_text(item, "name"),
        setting=_choice(item, "setting", _SETTINGS, "special-education"),
        provider=_text(item, "provider"),
        delivery=_choice(item, "delivery", _DELIVERY, "direct"),
        note=_text(item, "note"),
        source=Source(file, "service", index),
        esy=_opt(item, "esy", _check_bool, False),
        justification=_text(item, "justification"),
    )
    if service.end is not None and service.end < service.start:
        raise _Slow
    return service


def _fast_transition(table: dict[str, Any] | None) -> Transition | None:
    if table is None:
        return None
    return Transition(
        date=_opt(table, "date", _a_day, None),
        education=_text(table, "education"),
        employment=_text(table, "employment"),
        independent_living=_text(table, "independent_living"),
        courses=_texts(table, "courses"),
        agencies=_texts(table, "agencies"),
        note=_text(table, "note"),
    )


def _fast_behavior_plan(table: dict[str, Any] | None) -> BehaviorPlan | None:
    if table is None:
        return None
    return BehaviorPlan(
        adopted=_opt(table, "adopted", _a_day, None),
        review=_opt(table, "review", _a_day, None),
        target_behaviors=_texts(table, "target_behaviors"),
        note=_text(table, "note"),
    )


def _fast_exit(table: dict[str, Any] | None) -> Exit | None:
    if table is None:
        return None
    return Exit(
        date=_opt(table, "date", _a_day, None),
        reason=_blank_or(table, "reason", _EXIT_REASONS),
        summary_of_performance=_opt(table, "summary_of_performance", _a_day, None),
        note=_text(table, "note"),
    )


def _fast_esy(table: dict[str, Any] | None) -> ExtendedYear | None:
    if table is None:
        return None
    return ExtendedYear(
        decided=_opt(table, "decided", _a_day, None),
        eligible=_opt(table, "eligible", _check_bool, None),
        note=_text(table, "note"),
    )


def decode_plan(data: Mapping[str, Any], file: str) -> tuple[Plan, list[KeyProblem]]:
    """``plan.toml``: key dates, placement, accommodations, services, transition, BIP."""
    problems: list[KeyProblem] = []
    fast = _fast_plan(data, file)
    if fast is not None:
        _unique_ids(fast.services, problems)
        return fast, problems
    root = Reader(data, (), problems)
    dates_table = root.table("dates")
    dates = PlanDates()
    if dates_table is not None:
        dates = PlanDates(**{key: dates_table.date(key) for key in PLAN_DATE_KEYS})
        dates_table.unknown_keys()
    top = root.table("plan") or Reader({}, ("plan",), problems)
    lre: vocab.LreSetting | Literal[""] = top.choice("lre", vocab.LRE_SETTINGS, "")
    accommodations = top.texts("accommodations")
    modifications = top.texts("modifications")
    waived = top.flag("reevaluation_waived")
    note = top.text("note")
    top.unknown_keys()

    def prescription(r: Reader) -> Prescription:
        per = r.choice("per", vocab.SERVICE_PERIODS, "week")
        p = Prescription(
            id=r.slug("id", required=True),
            service=r.slug("service", required=True),
            minutes=r.minutes("minutes", MAX_PRESCRIBED_MINUTES[per], required=True) or 0,
            per=per,
            start=r.required_date("start"),
            end=r.date("end"),
            name=r.text("name"),
            setting=r.choice("setting", vocab.SERVICE_SETTINGS, "special-education"),
            provider=r.text("provider"),
            delivery=r.choice("delivery", vocab.SERVICE_DELIVERY, "direct"),
            note=r.text("note"),
            source=Source(file, "service", int(r.path[-1])),
            esy=r.flag("esy"),
            justification=r.text("justification"),
        )
        if p.end is not None and p.end < p.start:
            r._report("end", f"end {p.end} is before start {p.start}")
        return p

    service_readers = root.tables("service")
    services = _records(service_readers, prescription)
    _unique_ids(services, problems)

    transition = None
    t = root.table("transition")
    if t is not None:
        transition = Transition(
            date=t.date("date"),
            education=t.text("education"),
            employment=t.text("employment"),
            independent_living=t.text("independent_living"),
            courses=t.texts("courses"),
            agencies=t.texts("agencies"),
            note=t.text("note"),
        )
        t.unknown_keys()
    behavior = None
    b = root.table("behavior_plan")
    if b is not None:
        behavior = BehaviorPlan(
            adopted=b.date("adopted"),
            review=b.date("review"),
            target_behaviors=b.texts("target_behaviors"),
            note=b.text("note"),
        )
        b.unknown_keys()
    leaving = _exit(root.table("exit"))
    esy = _extended_year(root.table("esy"))
    root.unknown_keys()
    plan = Plan(
        exit=leaving,
        esy=esy,
        dates=dates,
        lre=lre,
        accommodations=accommodations,
        modifications=modifications,
        services=services,
        transition=transition,
        behavior_plan=behavior,
        reevaluation_waived=waived,
        note=note,
        source=Source(file),
    )
    return plan, problems


def _exit(r: Reader | None) -> Exit | None:
    if r is None:
        return None
    leaving = Exit(
        date=r.date("date"),
        reason=r.choice("reason", vocab.EXIT_REASONS, ""),
        summary_of_performance=r.date("summary_of_performance"),
        note=r.text("note"),
    )
    r.unknown_keys()
    return leaving


def _extended_year(r: Reader | None) -> ExtendedYear | None:
    if r is None:
        return None
    esy = ExtendedYear(
        decided=r.date("decided"), eligible=r.decision("eligible"), note=r.text("note")
    )
    r.unknown_keys()
    return esy


def decode_goals(data: Mapping[str, Any], file: str) -> tuple[tuple[Goal, ...], list[KeyProblem]]:
    """``goals.toml``: the measurable annual goals, each with its phases."""
    problems: list[KeyProblem] = []
    fast = _fast_records(data, ("goal",), lambda _n, item, i: _fast_goal(file, item, i))
    if fast is not None:
        _unique_ids(fast["goal"], problems)
        return fast["goal"], problems
    root = Reader(data, (), problems)

    def goal(r: Reader) -> Goal:
        phases = _records(
            r.tables("phase", MAX_ITEMS),
            lambda p: Phase(start=p.required_date("start"), label=p.text("label")),
        )
        unit = r.text("unit")
        return Goal(
            id=r.slug("id", required=True),
            statement=r.text("statement", required=True),
            target=r.number("target", BOUNDS["goal.target"], required=True) or 0.0,
            target_date=r.required_date("target_date"),
            area=r.text("area"),
            measure=r.text("measure"),
            unit=unit,
            baseline=r.number("baseline", BOUNDS["goal.baseline"]),
            start_date=r.date("start_date"),
            direction=r.choice("direction", vocab.GOAL_DIRECTIONS, "increase"),
            aggregate=r.choice("aggregate", vocab.GOAL_AGGREGATES, "mean"),
            mastery=r.text("mastery"),
            phases=tuple(sorted(phases, key=lambda p: p.start)),
            note=r.text("note"),
            source=Source(file, "goal", int(r.path[-1])),
        )

    readers = root.tables("goal")
    goals = _records(readers, goal)
    _unique_ids(goals, problems)
    root.unknown_keys()
    return goals, problems


def decode_points(
    data: Mapping[str, Any], file: str
) -> tuple[tuple[DataPoint, ...], list[KeyProblem]]:
    """``data.toml``: progress-monitoring data points."""
    problems: list[KeyProblem] = []
    fast = _fast_records(data, ("point",), lambda _n, item, i: _fast_point(file, item, i))
    if fast is not None:
        _unique_ids(fast["point"], problems)
        return fast["point"], problems
    root = Reader(data, (), problems)
    readers = root.tables("point")
    points = _records(
        readers,
        lambda r: DataPoint(
            id=r.slug("id", required=True),
            goal=r.slug("goal", required=True),
            date=r.required_date("date"),
            value=r.number("value", BOUNDS["point.value"], required=True) or 0.0,
            note=r.text("note"),
            source=Source(file, "point", int(r.path[-1])),
        ),
    )
    _unique_ids(points, problems)
    root.unknown_keys()
    return points, problems


def decode_sessions(
    data: Mapping[str, Any], file: str
) -> tuple[tuple[Session, ...], list[KeyProblem]]:
    """``sessions.toml``: the service-session log."""
    problems: list[KeyProblem] = []
    fast = _fast_records(data, ("session",), lambda _n, item, i: _fast_session(file, item, i))
    if fast is not None:
        return _session_links(fast["session"], problems), problems
    root = Reader(data, (), problems)
    readers = root.tables("session")

    def session(r: Reader) -> Session:
        s = Session(
            id=r.slug("id", required=True),
            service=r.slug("service", required=True),
            date=r.required_date("date"),
            minutes=r.minutes("minutes", BOUNDS["session.minutes"].high, required=True) or 0,
            status=r.choice("status", vocab.SESSION_STATUSES, "delivered"),
            makeup_for=r.text("makeup_for"),
            provider=r.text("provider"),
            group=r.flag("group"),
            note=r.text("note"),
            source=Source(file, "session", int(r.path[-1])),
            group_size=r.whole("group_size", 0, BOUNDS["session.group_size"]),
        )
        if s.status == "makeup" and not s.makeup_for:
            r._report("makeup_for", 'a make-up session needs makeup_for = "<session id>"')
        return s

    sessions = _session_links(_records(readers, session), problems)
    root.unknown_keys()
    return sessions, problems


def _session_links(
    sessions: tuple[Session, ...], problems: list[KeyProblem]
) -> tuple[Session, ...]:
    """Report duplicate ids and make-ups that name no session of the file."""
    _unique_ids(sessions, problems)
    ids = {s.id for s in sessions}
    for s in sessions:
        if s.makeup_for and s.makeup_for not in ids:
            problems.append(
                KeyProblem(
                    ("session", s.source.index, "makeup_for"),
                    f"makeup_for '{s.makeup_for}' names no session in this file",
                )
            )
    return sessions


def decode_log(
    data: Mapping[str, Any], file: str
) -> tuple[tuple[Meeting, ...], tuple[Contact, ...], list[KeyProblem]]:
    """``log.toml``: meetings (held or scheduled) and family contacts."""
    problems: list[KeyProblem] = []
    fast = decode_columns.log_records(data, file)
    if fast is not None:
        return fast[0], fast[1], problems
    root = Reader(data, (), problems)
    meeting_readers = root.tables("meeting")
    meetings = _records(
        meeting_readers,
        lambda r: Meeting(
            id=r.slug("id", required=True),
            date=r.required_date("date"),
            kind=r.choice("kind", vocab.MEETING_KINDS, "other"),
            status=r.choice("status", vocab.MEETING_STATUSES, "held"),
            time=r.time("time"),
            title=r.text("title"),
            location=r.text("location"),
            participants=r.texts("participants"),
            note=r.text("note"),
            source=Source(file, "meeting", int(r.path[-1])),
        ),
    )
    contact_readers = root.tables("contact")
    contacts = _records(
        contact_readers,
        lambda r: Contact(
            id=r.slug("id", required=True),
            date=r.required_date("date"),
            method=r.choice("method", vocab.CONTACT_METHODS, "phone"),
            person=r.text("person"),
            purpose=r.choice("purpose", vocab.CONTACT_PURPOSES, "general"),
            period=r.text("period"),
            note=r.text("note"),
            source=Source(file, "contact", int(r.path[-1])),
        ),
    )
    _unique_ids(meetings, problems)
    _unique_ids(contacts, problems)
    root.unknown_keys()
    return meetings, contacts, problems
