"""Load a caseload folder into records plus a list of problems. Never raises on bad files."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from msgspec.structs import replace

from caseterm.model import decode
from caseterm.model.decode import KeyProblem
from caseterm.model.fields import MAX_FILE_BYTES
from caseterm.model.records import (
    Caseload,
    Goal,
    Problem,
    Profile,
    SchoolYearCalendar,
    Settings,
    Student,
)
from caseterm.model.validate import validate_student
from caseterm.model.vocab import STUDENT_ID
from caseterm.store import kinds
from caseterm.store.infra import layout
from caseterm.store.infra.atomic import link_in, link_message
from caseterm.store.infra.conflictentry import describe
from caseterm.store.infra.markers import marker_lines
from caseterm.store.infra.tomltext import TomlSyntaxError, locate, parse

if TYPE_CHECKING:
    from caseterm.model.rules import RuleProfile
    from caseterm.model.schedule import Schedule

T = TypeVar("T")
CONFLICT_KEY = "conflict"
MARKER_MESSAGE = (
    "git conflict marker '<<<<<<<' left by a line merge (made without caseterm's merge "
    "driver, e.g. on a web page): keep the lines you want up to '>>>>>>>', delete the "
    "marker lines, then caseterm resolve {file} --edited"
)


def _too_big(size: int) -> str:
    return (
        f"file is {size / 1024 / 1024:.1f} MB; caseterm reads files up to "
        f"{MAX_FILE_BYTES // 1024 // 1024} MB, so it was not read (see what grew: git log -p)"
    )


def _federal() -> RuleProfile:
    """The default rule profile, imported only when a caseload needs one (not on writes)."""
    from caseterm.model.rules import FEDERAL

    return FEDERAL


@dataclass
class Loaded:
    """A loaded caseload, the problems found, where it lives, and its rule profile."""

    root: Path
    caseload: Caseload
    problems: list[Problem] = field(default_factory=list)
    rules: RuleProfile = field(default_factory=_federal)
    schedule: Schedule | None = None
    """The caseload's ``schedule.toml`` (None: not read; an empty one when absent)."""

    def problems_for(self, student_id: str) -> list[Problem]:
        return [p for p in self.problems if p.student == student_id]


class _Reader:
    """Reads documents of one caseload, turning every failure into a Problem."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.problems: list[Problem] = []
        self.texts: dict[str, str] = {}

    def document(self, path: Path, student: str = "", rel: str = "") -> dict[str, Any] | None:
        rel = rel or layout.relative(self.root, path)
        if (link := link_in(path, self.root)) is not None:
            self.problems.append(Problem(rel, 1, 1, link_message(link), student))
            return None
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:
                self.problems.append(Problem(rel, 1, 1, _too_big(size), student))
                return None
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as error:
            self.problems.append(Problem(rel, 1, 1, f"cannot read: {error}", student))
            return None
        self.texts[rel] = text
        try:
            data = parse(text)
        except TomlSyntaxError as error:
            markers = [n for n, marker in marker_lines(text) if marker.startswith("<")]
            for line in markers:
                self.problems.append(
                    Problem(rel, line, 1, MARKER_MESSAGE.format(file=rel), student)
                )
            if not markers:
                self.problems.append(Problem(rel, error.line, error.column, error.message, student))
            return None
        conflicts = data.pop(CONFLICT_KEY, None)
        if conflicts is not None:
            self._conflicts(rel, conflicts, student)
        return data

    def _conflicts(self, rel: str, conflicts: object, student: str) -> None:
        items = conflicts if isinstance(conflicts, list) else [conflicts]
        for index, item in enumerate(items):
            where = item.get("path", "?") if isinstance(item, dict) else "?"
            line, column = locate(self.texts[rel], (CONFLICT_KEY, index))
            self.problems.append(
                Problem(
                    rel,
                    line,
                    column,
                    f"unresolved merge conflict at {describe(item)}; choose with "
                    f"caseterm resolve {rel} {where} --ours, --theirs or --value VALUE",
                    student,
                )
            )

    def report(self, rel: str, found: Iterable[KeyProblem], student: str = "") -> None:
        text = self.texts.get(rel, "")
        for problem in found:
            line, column = locate(text, problem.path)
            self.problems.append(Problem(rel, line, column, problem.message, student))

    def decoded(
        self,
        path: Path,
        decoder: Callable[[dict[str, Any], str], tuple[T, list[KeyProblem]]],
        student: str = "",
    ) -> T | None:
        data = self.document(path, student)
        if data is None:
            return None
        rel = layout.relative(self.root, path)
        value, found = decoder(data, rel)
        self.report(rel, found, student)
        return value


def load_schedule(reader: _Reader) -> Schedule:
    """``schedule.toml`` (an empty schedule when there is none); problems go to ``reader``."""
    from caseterm.model.schedule import EMPTY, decode_schedule

    path = reader.root / layout.SCHEDULE_FILE
    if not path.exists() and not path.is_symlink():
        return EMPTY
    return reader.decoded(path, decode_schedule) or EMPTY


def default_settings(today: date) -> Settings:
    """Settings for a folder without ``caseterm.toml``: a school year around ``today``."""
    start_year = today.year if today.month >= 8 else today.year - 1
    return Settings(
        name="",
        school_year_start=date(start_year, 8, 1),
        school_year_end=date(start_year + 1, 7, 31),
    )


def load_settings(reader: _Reader, today: date) -> Settings:
    path = reader.root / layout.SETTINGS_FILE
    if not path.exists():
        reader.problems.append(
            Problem(layout.SETTINGS_FILE, 1, 1, "missing: not a caseload (run caseterm init)")
        )
        return default_settings(today)
    settings = reader.decoded(path, decode.decode_settings)
    return settings or default_settings(today)


def load_calendars(reader: _Reader) -> tuple[SchoolYearCalendar, ...]:
    folder = reader.root / layout.CALENDAR_DIR
    if not folder.is_dir():
        return ()
    found = (reader.decoded(path, decode.decode_calendar) for path in sorted(folder.glob("*.toml")))
    return tuple(sorted((c for c in found if c is not None), key=lambda c: c.first_day))


SORTED_BY_DATE = tuple(
    kind.field
    for kind in kinds.RECORDS
    if kind.key == "id" and "date" in kind.record_class().__struct_fields__
)
"""The record lists kept in date order (then id): every kind with an id and a date."""


def _load_student(
    reader: _Reader,
    student_id: str,
    periods: tuple[str, ...] | None = None,
    files: Sequence[kinds.StudentFile] = kinds.STUDENT_FILES,
) -> Student:
    folder = layout.student_dir(reader.root, student_id)
    before = len(reader.problems)
    fields: dict[str, Any] = {}
    for student_file in files:
        path = folder / student_file.name
        rel = f"{layout.STUDENTS_DIR}/{student_id}/{student_file.name}"
        data = reader.document(path, student_id, rel)
        if data is None:
            if student_file is kinds.PROFILE and not path.exists():
                reader.problems.append(Problem(rel, 1, 1, "missing", student_id))
            continue
        decoded, found = student_file.decode(data, rel)
        reader.report(rel, found, student_id)
        fields.update(decoded)
    for name in SORTED_BY_DATE:
        if name in fields:
            fields[name] = tuple(sorted(fields[name], key=by_date))
    fields.setdefault("profile", Profile(first_name=student_id, last_name=""))
    student = Student(id=student_id, **fields)
    if files is not kinds.STUDENT_FILES:
        return student
    for file, key_path, message in validate_student(student, periods):
        line, column = locate(reader.texts.get(file, ""), key_path)
        reader.problems.append(Problem(file, line, column, message, student_id))
    if len(reader.problems) > before:
        student = replace(student, broken=True)
    return student


def by_date(record: Any) -> tuple[date, str]:
    """The order of dated records: by date, then id."""
    return record.date, record.id


def student_ids(root: Path) -> list[str]:
    """Folder names under ``students/`` (valid or not), sorted."""
    folder = root / layout.STUDENTS_DIR
    if not folder.is_dir():
        return []
    return sorted(entry.name for entry in folder.iterdir() if entry.is_dir())


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many records at once.

    A load allocates hundreds of thousands of long-lived records and no cycles; the
    collector would rescan them again and again (a quarter of a 500-student load).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_caseload(
    root: Path, today: date | None = None, progress: Callable[[int, int], None] | None = None
) -> Loaded:
    """Read every file of the caseload at ``root``; problems are collected, not raised.

    ``progress`` is called with (students read, students) for a progress bar."""
    with _collector_paused():
        return _load_caseload(root, today, progress)


@dataclass(frozen=True)
class Frame:
    """What every view of a caseload needs besides its students."""

    settings: Settings
    calendars: tuple[SchoolYearCalendar, ...]
    rules: RuleProfile

    @property
    def periods(self) -> tuple[str, ...]:
        """The reporting periods' names (a contact's ``period`` must be one of them)."""
        return tuple(p.name for p in self.settings.reporting_periods)


def read_frame(reader: _Reader, today: date) -> Frame:
    """Settings, calendars and rule profile; their problems go to ``reader``."""
    from caseterm.store.infra.profiles import rules_for

    settings = load_settings(reader, today)
    rules, found = rules_for(settings)
    reader.report(layout.SETTINGS_FILE, found)
    return Frame(settings, load_calendars(reader), rules)


def folder_problem(student_id: str) -> Problem | None:
    """The problem with a folder under ``students/`` whose name is no student id."""
    if STUDENT_ID.fullmatch(student_id):
        return None
    return Problem(
        f"{layout.STUDENTS_DIR}/{student_id}",
        1,
        1,
        "folder name is not a valid student id; use lowercase letters, digits, '-'",
    )


def _load_caseload(
    root: Path, today: date | None, progress: Callable[[int, int], None] | None
) -> Loaded:
    reader = _Reader(root)
    frame = read_frame(reader, today or date.today())
    students: list[Student] = []
    ids = student_ids(root)
    for done, student_id in enumerate(ids, start=1):
        if progress is not None:
            progress(done, len(ids))
        problem = folder_problem(student_id)
        if problem is not None:
            reader.problems.append(problem)
            continue
        students.append(_load_student(reader, student_id, frame.periods))
    schedule = load_schedule(reader)
    caseload = Caseload(frame.settings, frame.calendars, tuple(students))
    return Loaded(
        root=root,
        caseload=caseload,
        problems=reader.problems,
        rules=frame.rules,
        schedule=schedule,
    )


def load_goals(root: Path, student_id: str) -> tuple[tuple[Goal, ...], list[Problem]]:
    """One student's goals alone (adding a data point needs no more) and the problems of
    ``goals.toml``."""
    path = layout.student_file(root, student_id, layout.GOALS_FILE)
    reader = _Reader(root)
    goals = reader.decoded(path, decode.decode_goals, student_id) or ()
    return goals, reader.problems


def load_student(
    root: Path, student_id: str, files: Sequence[kinds.StudentFile] = kinds.STUDENT_FILES
) -> tuple[Student, list[Problem]]:
    """Read one student's files only (fast path for single-student commands).

    With ``files``, only those are read (a change that needs the plan alone); the records
    of the others are left empty and the cross-file checks are skipped."""
    reader = _Reader(root)
    student = _load_student(reader, student_id, files=files)
    return student, reader.problems


def collector_paused() -> contextlib.AbstractContextManager[None]:
    """Pause the garbage collector while many records are built (see ``load_caseload``)."""
    return _collector_paused()
