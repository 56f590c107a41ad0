"""Bulk import from spreadsheets: students, data points and service sessions.

One function per kind; the CLI calls them and the TUI may. Each reads the CSV file once,
loads each student it names once, checks every row with the same field checks as the
CLI (``model.fields``), and then either raises ``ImportProblems`` listing every bad row
as ``file:row: message`` (nothing written) or writes all new records with one ``save``:
one commit for the whole import.

Rows already in the caseload (a record with the same ``id``, or the very same record)
are skipped, so importing the same file twice adds nothing the second time.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from caseterm.model import vocab
from caseterm.model.fields import (
    FieldError,
    check_choice,
    check_goal_value,
    check_slug,
    check_text,
    parse_date,
    parse_minutes,
    parse_number,
)
from caseterm.model.records import Student
from caseterm.store import kinds
from caseterm.store.actions.changes import (
    student_edits,
    unknown_goal,
    unprescribed_service,
)
from caseterm.store.infra import layout
from caseterm.store.infra.atomic import read_text
from caseterm.store.infra.csvtable import Row, Table, check_header, read_table
from caseterm.store.infra.errors import InputError
from caseterm.store.infra.ids import new_id
from caseterm.store.infra.load import load_student
from caseterm.store.infra.save import FileEdit, Saved, save
from caseterm.store.infra.tomltext import append_block, table_text

T = TypeVar("T")
Progress = Callable[[int, int], None]
"""Called with (rows checked, rows in the file)."""

_STUDENT = kinds.RECORD["student"].columns
STUDENT_COLUMNS, STUDENT_REQUIRED = _STUDENT.read, _STUDENT.required

TRUE = ("true", "yes", "y", "1", "x")
FALSE = ("false", "no", "n", "0", "")
_LIST_SPLIT = re.compile(r"[;,\s]+")


class ImportProblems(InputError):
    """Rows (or columns) that cannot be imported; nothing was written."""

    def __init__(self, problems: Sequence[str]) -> None:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(problems[0] + more)
        self.problems = tuple(problems)


@dataclass(frozen=True)
class Imported:
    """What an import added (or, for a dry run, would add)."""

    kind: str
    file: str
    added: int
    skipped: int
    """Rows already in the caseload."""
    by_student: dict[str, int] = field(default_factory=dict)
    saved: Saved | None = None
    """None for a dry run, or when there was nothing new."""


class _Cells:
    """One row's cells, checked column by column; problems become ``file:row: message``."""

    def __init__(self, table: Table, row: Row, problems: list[str]) -> None:
        self.row = row
        self.where = f"{table.file}:{row.number}: "
        self.problems = problems
        self.before = len(problems)

    def get(self, column: str) -> str:
        return self.row.get(column)

    def check(
        self, column: str, check: Callable[[str, str], T], value: str | None = None
    ) -> T | None:
        try:
            return check(column, self.row.get(column) if value is None else value)
        except FieldError as error:
            self.problems.append(f"{self.where}{error}")
            return None

    def problem(self, message: str) -> None:
        self.problems.append(self.where + message)

    @property
    def ok(self) -> bool:
        return len(self.problems) == self.before


_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")


def spreadsheet_date(column: str, text: str) -> date:
    """YYYY-MM-DD, or M/D/YYYY as US spreadsheets write dates (11/20/2026)."""
    match = _US_DATE.fullmatch(text.strip())
    if match is None:
        return parse_date(column, text)
    month, day, year = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise FieldError(
            column, f"{text!r} is not a real date; use YYYY-MM-DD (or M/D/YYYY), e.g. 2026-11-25"
        ) from None


def _flag(column: str, text: str) -> bool:
    value = text.strip().casefold()
    if value in TRUE:
        return True
    if value in FALSE:
        return False
    raise FieldError(column, f"{text!r} is not allowed; use true or false (or yes/no)")


def _choice(options: Iterable[str]) -> Callable[[str, str], str]:
    allowed = tuple(options)
    return lambda column, value: check_choice(column, value, allowed)


def _text(limit: int) -> Callable[[str, str], str]:
    return lambda column, value: check_text(column, value, limit)


def _students(counts: dict[str, int]) -> str:
    return f"{len(counts)} student" + ("" if len(counts) == 1 else "s")


def _ticker(progress: Progress | None, total: int) -> Callable[[int], None]:
    step = max(1, total // 100)

    def tick(done: int) -> None:
        if progress is not None and (done % step == 0 or done == total):
            progress(done, total)

    return tick


def _table(
    path: Path, required: Sequence[str], optional: Sequence[str], ignored: Sequence[str]
) -> Table:
    table = read_table(path)
    problems = [*check_header(table, required, optional, ignored), *table.problems]
    if problems:
        raise ImportProblems(problems)
    if not table.rows:
        raise InputError(f"{table.file}: no rows to import below the header")
    return table


def _finish(
    root: Path, kind: str, table: Table, edits: list[FileEdit], counts: dict[str, int],
    skipped: int, message: str, dry_run: bool, commit: bool,
) -> Imported:  # fmt: skip
    saved = save(root, edits, message, commit) if edits and not dry_run else None
    added = sum(counts.values())
    return Imported(kind, table.file, added, skipped, dict(sorted(counts.items())), saved)


# --- students ------------------------------------------------------------------------


def import_students(
    root: Path,
    path: Path,
    dry_run: bool = False,
    commit: bool = True,
    progress: Progress | None = None,
) -> Imported:
    """Add every student of a roster CSV (columns ``STUDENT_COLUMNS``)."""
    table = _table(path, STUDENT_REQUIRED, STUDENT_COLUMNS[2:], ())
    problems: list[str] = []
    rows_of: dict[str, int] = {}
    edits: list[FileEdit] = []
    tick = _ticker(progress, len(table.rows))
    for done, row in enumerate(table.rows, start=1):
        tick(done)
        cells = _Cells(table, row, problems)
        new = _student_row(cells)
        if new is None or not cells.ok:
            continue
        student_id = str(new["id"])
        if student_id in rows_of:
            cells.problem(f"id: '{student_id}' is also on row {rows_of[student_id]}")
        elif layout.student_dir(root, student_id).exists():
            cells.problem(
                f"id: student '{student_id}' is already in the caseload; choose another id or "
                "remove the row"
            )
        else:
            rows_of[student_id] = row.number
            try:
                edits += student_edits(root, new)
            except InputError as error:
                cells.problem(str(error))
    if problems:
        raise ImportProblems(problems)
    counts = dict.fromkeys(rows_of, 1)
    message = f"Import {len(counts)} students from {path.name}"
    return _finish(root, "students", table, edits, counts, 0, message, dry_run, commit)


def _student_row(cells: _Cells) -> dict[str, object] | None:
    student_id = cells.check("id", check_slug)
    first = cells.check("first_name", _text(100)) or ""
    if not first.strip() and cells.ok:
        cells.problem("first_name: must not be empty")
    birth = cells.check("birth_date", spreadsheet_date) if cells.get("birth_date") else None
    grade = cells.get("grade")
    if grade:
        cells.check("grade", _choice(vocab.GRADES))
    plan = cells.get("plan_type") or "IEP"
    cells.check("plan_type", _choice(vocab.PLAN_TYPES), plan)
    codes = tuple(c for c in _LIST_SPLIT.split(cells.get("disabilities").upper()) if c)
    bad = [c for c in codes if c not in vocab.DISABILITIES]
    if bad:
        cells.problem(
            f"disabilities: {bad[0]!r} is not allowed; use EDFacts codes separated by ';' "
            f"({', '.join(vocab.DISABILITIES)}), e.g. SLD;OHI"
        )
    if student_id is None:
        return None
    return {
        "id": student_id,
        "first_name": first.strip(),
        "last_name": cells.check("last_name", _text(100)) or "",
        "birth_date": birth,
        "grade": grade,
        "school": cells.check("school", _text(200)) or "",
        "plan_type": plan,
        "disabilities": codes,
        "case_manager": cells.check("case_manager", _text(200)) or "",
    }


# --- records of existing students ----------------------------------------------------


class _Students:
    """The students an import names, each loaded once."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.loaded: dict[str, Student | None] = {}

    def get(self, cells: _Cells) -> Student | None:
        student_id = cells.check("student", check_slug)
        if student_id is None:
            return None
        if student_id not in self.loaded:
            found = layout.student_file(self.root, student_id, layout.PROFILE_FILE).is_file()
            self.loaded[student_id] = load_student(self.root, student_id)[0] if found else None
        student = self.loaded[student_id]
        if student is None:
            cells.problem(
                f"student: no student '{student_id}' in this caseload; import the roster "
                "first (caseterm import students) or see caseterm student list"
            )
        return student


class _Dedup:
    """Finds rows already in the caseload: a record with the same id, or the same record
    (each existing record accounts for one row)."""

    def __init__(self, records: Callable[[Student], Iterable[tuple[str, Hashable]]]) -> None:
        self.records = records
        self.students: set[str] = set()
        self.ids: dict[tuple[str, str], Hashable] = {}
        self.existing: Counter[tuple[str, Hashable]] = Counter()
        self.rows: dict[tuple[str, str], int] = {}

    def _know(self, student: Student) -> None:
        if student.id in self.students:
            return
        self.students.add(student.id)
        for record_id, key in self.records(student):
            self.ids[(student.id, record_id)] = key
            self.existing[(student.id, key)] += 1

    def seen(self, cells: _Cells, student: Student, record_id: str, key: Hashable) -> bool:
        """Whether the row is already in the caseload (a clash is reported)."""
        self._know(student)
        if record_id:
            where = (student.id, record_id)
            if where in self.rows:
                cells.problem(f"id: '{record_id}' is also on row {self.rows[where]}")
                return False
            self.rows[where] = cells.row.number
            if where in self.ids:
                if self.ids[where] != key:
                    cells.problem(
                        f"id: {student.id} already has a record '{record_id}' with other "
                        "values; clear the id cell to add the row as a new record"
                    )
                    return False
                self.existing[(student.id, key)] -= 1
                return True
        if self.existing[(student.id, key)] > 0:
            self.existing[(student.id, key)] -= 1
            return True
        return False


@dataclass
class _Appends:
    """New record blocks per file, appended with one edit per file."""

    blocks: dict[Path, list[str]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def add(self, path: Path, student: str, block: str) -> None:
        self.blocks.setdefault(path, []).append(block)
        self.counts[student] = self.counts.get(student, 0) + 1

    def edits(self, root: Path) -> list[FileEdit]:
        out = []
        for path, blocks in self.blocks.items():
            before = read_text(path)
            text = before if before is not None else layout.schema_line(root, path, path.name)
            out.append(FileEdit(path, before, append_block(text, "\n".join(blocks))))
        return out

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _record_id(cells: _Cells) -> str:
    return (cells.check("id", check_slug) or "") if cells.get("id") else ""


RowReader = Callable[["_Cells", Student | None], tuple[Hashable, dict[str, object]] | None]
"""Checks one row's cells (problems go to ``cells``) and returns the record's dedup key and
fields (without ``id``), or None when the row cannot become a record."""


@dataclass(frozen=True)
class RowImport:
    """How the rows of one record kind become records."""

    kind: str
    """The catalogue's record kind (``store.kinds.RECORD``): columns and TOML table."""
    file_name: str
    noun: str
    """What the commit message calls the records ("data points")."""
    label: str
    """``Imported.kind``."""
    existing: Callable[[Student], Iterable[tuple[str, Hashable]]]
    """(id, dedup key) of each record a student already has."""
    reader: Callable[[Table], RowReader]
    """The row reader for one file (a reader may look across the file's rows)."""

    @property
    def columns(self) -> tuple[str, ...]:
        """The CSV columns read, from the catalogue (``store.kinds``)."""
        return tuple(kinds.RECORD[self.kind].columns.read)


def import_rows(
    root: Path,
    path: Path,
    spec: RowImport,
    dry_run: bool = False,
    commit: bool = True,
    progress: Progress | None = None,
) -> Imported:
    """Check every row of ``path``, then append the new records of ``spec``'s kind to each
    student's file in one commit (see the module docstring)."""
    columns = kinds.RECORD[spec.kind].columns
    table = _table(path, columns.required, columns.read[len(columns.required) :], columns.ignored)
    students = _Students(root)
    dedup = _Dedup(spec.existing)
    read = spec.reader(table)
    appends = _Appends()
    problems: list[str] = []
    skipped = 0
    tick = _ticker(progress, len(table.rows))
    for done, row in enumerate(table.rows, start=1):
        tick(done)
        cells = _Cells(table, row, problems)
        student = students.get(cells)
        got = read(cells, student)
        record_id = _record_id(cells)
        if student is None or got is None or not cells.ok:
            continue
        key, fields = got
        if dedup.seen(cells, student, record_id, key):
            skipped += 1
            continue
        target = layout.student_file(root, student.id, spec.file_name)
        block = table_text(spec.kind, {"id": record_id or new_id(), **fields})
        appends.add(target, student.id, block)
    if problems:
        raise ImportProblems(problems)
    message = f"Import {appends.total} {spec.noun} for {_students(appends.counts)} from {path.name}"
    edits = appends.edits(root)
    return _finish(
        root, spec.label, table, edits, appends.counts, skipped, message, dry_run, commit
    )


def _point_key(goal: str, on: date, value: float, note: str) -> Hashable:
    return (goal, on, float(value), note)


def _read_point(
    cells: _Cells, student: Student | None
) -> tuple[Hashable, dict[str, object]] | None:
    goal = cells.get("goal")
    on = cells.check("date", spreadsheet_date)
    value = cells.check("value", parse_number)
    note = cells.check("note", check_text)
    if student is not None and (why := unknown_goal(student.id, student.goals, goal)):
        cells.problem(why)
    elif student is not None and value is not None:
        unit = next(g.unit for g in student.goals if g.id == goal)
        try:
            check_goal_value("value", value, unit)
        except FieldError as error:
            cells.problem(str(error))
    if on is None or value is None or note is None:
        return None
    fields: dict[str, object] = {"goal": goal, "date": on, "value": value, "note": note}
    return _point_key(goal, on, value, note), fields


POINTS = RowImport(
    "point",
    layout.DATA_FILE,
    "data points",
    "points",
    lambda s: ((p.id, _point_key(p.goal, p.date, p.value, p.note)) for p in s.points),
    lambda table: _read_point,
)


# --- sessions ------------------------------------------------------------------------


def _session_key(
    service: str, on: date, minutes: int, status: str, makeup_for: str, provider: str,
    group: bool, note: str,
) -> Hashable:  # fmt: skip
    return (service, on, minutes, status, makeup_for, provider, group, note)


def _sessions_with_ids(table: Table) -> dict[tuple[str, str], tuple[str, str]]:
    """(student, id) -> (service, status) of each row with an id: make-ups may name them."""
    return {
        (row.get("student"), row.get("id")): (row.get("service"), row.get("status"))
        for row in table.rows
        if row.get("id") and row.get("student")
    }


def _makeup_problem(
    student: Student,
    service: str,
    makeup_for: str,
    in_file: dict[tuple[str, str], tuple[str, str]],
) -> str:
    """Why a make-up's ``makeup_for`` is wrong, or ``""``."""
    if not makeup_for:
        return "makeup_for: a make-up session names the missed session's id"
    missed = next(
        ((s.service, s.status) for s in student.sessions if s.id == makeup_for),
        in_file.get((student.id, makeup_for)),
    )
    if missed is None:
        return (
            f"makeup_for: no session '{makeup_for}' for {student.id} in the caseload or in "
            "the id column of this file"
        )
    if missed[1] not in vocab.MISSED_STATUSES:
        return (
            f"makeup_for: session '{makeup_for}' was {missed[1] or 'delivered'}, not missed; "
            "only a missed session can be made up"
        )
    if missed[0] != service:
        return f"makeup_for: session '{makeup_for}' is for {missed[0]}, not {service}"
    return ""


def _existing_sessions(student: Student) -> Iterable[tuple[str, Hashable]]:
    for s in student.sessions:
        key = _session_key(
            s.service, s.date, s.minutes, s.status, s.makeup_for, s.provider, s.group, s.note
        )
        yield s.id, key


def _session_reader(table: Table) -> RowReader:
    in_file = _sessions_with_ids(table)

    def read(cells: _Cells, student: Student | None) -> tuple[Hashable, dict[str, object]] | None:
        service, makeup_for = cells.get("service"), cells.get("makeup_for")
        on = cells.check("date", spreadsheet_date)
        minutes = cells.check("minutes", parse_minutes)
        status = cells.get("status") or ("makeup" if makeup_for else "delivered")
        cells.check("status", _choice(vocab.SESSION_STATUSES), status)
        provider = cells.check("provider", _text(200)) or ""
        group = bool(cells.check("group", _flag))
        note = cells.check("note", check_text) or ""
        if student is not None:
            if why := unprescribed_service(student, service, "service"):
                cells.problem(why)
            elif status == "makeup":
                why = _makeup_problem(student, service, makeup_for, in_file)
                if why:
                    cells.problem(why)
            elif makeup_for:
                cells.problem("makeup_for: only a make-up session (status makeup) links another")
        if on is None or minutes is None:
            return None
        key = _session_key(service, on, minutes, status, makeup_for, provider, group, note)
        fields: dict[str, object] = {
            "service": service,
            "date": on,
            "minutes": minutes,
            "status": status,
            "makeup_for": makeup_for,
            "provider": provider,
            "group": True if group else None,
            "note": note,
        }
        return key, fields

    return read


SESSIONS = RowImport(
    "session", layout.SESSIONS_FILE, "sessions", "sessions", _existing_sessions, _session_reader
)
