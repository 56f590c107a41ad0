"""The caseload repository: the one door the CLI and the TUI use to read and change it.

``open(root)`` reads the settings, the calendars and the summary index (re-reading only
the students whose files changed since the index was written); ``student(id)`` reads one
student's full records; ``apply(change)`` runs a store change and refreshes only the
students it touched. ``check`` and the commands that need every record (reports,
exports) use ``full()``, which reads every file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from caseterm.model.records import Caseload, Problem, Student
from caseterm.store.infra import layout, parallel_read, summary
from caseterm.store.infra.load import (
    Frame,
    Loaded,
    _load_student,
    _Reader,
    collector_paused,
    folder_problem,
    load_caseload,
    load_schedule,
    read_frame,
    student_ids,
)
from caseterm.store.infra.quickread import MANY, pad_heap, read_summary
from caseterm.store.infra.summary import Summary

if TYPE_CHECKING:
    from caseterm.model.schedule import Schedule
    from caseterm.store.infra.save import Saved

REWRITE_AFTER = 16
"""Students read again before the index file is rewritten: rewriting costs as much as
reading ~50 students at 5,000 (tens of MB), so a few changed students are simply read
again by each command until more have changed."""

Progress = Callable[[int, int], None]
"""Called with (students read, students to read) while the index is (re)built."""


@dataclass(frozen=True)
class Applied:
    """What a change did, and the students whose views need refreshing."""

    saved: Saved
    students: frozenset[str]


class SummaryCaseload(Caseload, frozen=True, gc=True):
    """A caseload whose ``students`` come from summaries; ``student(id)`` reads that
    student's full records from the files (the detail screens and one-student answers).
    Unlike the records, it is tracked by the garbage collector: it holds the mutable
    repository."""

    repository: Repository | None = None

    def student(self, student_id: str) -> Student | None:
        if self.repository is None or student_id not in self.repository.ids:
            return None
        return self.repository.full_student(student_id)


@dataclass
class Repository:
    """An open caseload: settings, calendars, rules and, when asked, a summary per student.

    The summaries are read (from the index, re-reading changed students) on first use, so
    a command about one student never touches the others.
    """

    root: Path
    frame: Frame
    frame_problems: list[Problem] = field(default_factory=list)
    today: date = field(default_factory=date.today)
    progress: Progress | None = None
    index: bool = True
    _summaries: dict[str, Summary] | None = None
    """Read on first use; a summary from the index has its data points and sessions only
    once asked for (``summaries_with``)."""
    _logs_at: summary.LogsAt | None = None
    folder_problems: dict[str, Problem] = field(default_factory=dict)
    _full: dict[str, Student] = field(default_factory=dict)
    _schedule: tuple[Schedule, list[Problem]] | None = None

    @property
    def summaries(self) -> dict[str, Summary]:
        """Every student's summary, by id (sorted), with its data points and sessions."""
        return self.summaries_with(points=True, sessions=True)

    def summaries_with(self, points: bool, sessions: bool) -> dict[str, Summary]:
        """Every student's summary, by id (sorted); data points and sessions only if asked
        for (else they may be ``summary.UNREAD``): they are most of the index, and
        ``student list`` and ``due`` read neither."""
        if self._summaries is None:
            self._summaries = self._read_summaries()
        if points or sessions:
            self._read_logs(points)
        return self._summaries

    @property
    def ids(self) -> list[str]:
        return list(self.summaries_with(points=False, sessions=False))

    def _read_logs(self, points: bool) -> None:
        """Give every summary its sessions (and its data points, with ``points``) from the
        index; a student whose logs cannot be read there (the index was replaced or is
        damaged) is read again from its files."""
        current = self._summaries or {}
        missing = [
            key
            for key, entry in current.items()
            if summary.unread(entry.sessions) or (points and summary.unread(entry.points))
        ]
        if not missing:
            return
        with collector_paused():
            where = self._logs_at
            logs = summary.read_logs(where, points) if where is not None else None
            out = dict(current)
            for key in missing:
                entry = summary.with_logs(current[key], logs) if logs is not None else None
                if entry is None:
                    entry = read_summary(self.root, key, self.frame.periods)
                out[key] = entry
        self._summaries = out

    def _read_summaries(self) -> dict[str, Summary]:
        # Unpickling the index builds ~150,000 objects at 5,000 students and no cycles:
        # the collector would walk them again and again (~30 ms).
        with collector_paused():
            return self._summaries_read()

    def _summaries_read(self) -> dict[str, Summary]:
        context = self.frame.periods
        cached: dict[str, Summary] = {}
        if self.index:
            cached, self._logs_at = summary.read_light(self.root, context)
        found: dict[str, Summary] = {}
        stale: list[str] = []
        for student_id in student_ids(self.root):
            problem = folder_problem(student_id)
            if problem is not None:
                self.folder_problems[student_id] = problem
                continue
            entry = cached.get(student_id)
            if (
                entry is None
                or entry.key is None
                or entry.key != summary.student_key(self.root, student_id)
            ):
                stale.append(student_id)
            else:
                found[student_id] = entry
        if len(stale) >= MANY:
            pad_heap()
        found.update(parallel_read.read_summaries(self.root, stale, context, self.progress))
        found = dict(sorted(found.items()))
        if self.index and (len(stale) > REWRITE_AFTER or (stale and not cached)):
            self._summaries = found
            self._read_logs(points=True)
            found = self._summaries
            summary.write_index(self.root, found, context)
        return found

    @property
    def problems(self) -> list[Problem]:
        """Every problem a full load would report, in the same order."""
        found = list(self.frame_problems)
        summaries = self.summaries_with(points=False, sessions=False)
        for name in sorted([*summaries, *self.folder_problems]):
            entry = summaries.get(name)
            if entry is not None:
                found.extend(entry.problems)
            else:
                found.append(self.folder_problems[name])
        found.extend(self.schedule_read[1])
        return found

    @property
    def schedule_read(self) -> tuple[Schedule, list[Problem]]:
        """``schedule.toml`` and its problems (read once; ``refresh_schedule`` reads again)."""
        if self._schedule is None:
            reader = _Reader(self.root)
            self._schedule = (load_schedule(reader), reader.problems)
        return self._schedule

    @property
    def schedule(self) -> Schedule:
        """The caseload's schedule (empty without ``schedule.toml``)."""
        return self.schedule_read[0]

    def refresh_schedule(self) -> None:
        self._schedule = None

    def summary_of(self, student_id: str) -> Summary | None:
        return self.summaries.get(student_id)

    def student(self, student_id: str) -> tuple[Student, list[Problem]]:
        """One student's full records, read from the files now (input error if unknown)."""
        from caseterm.store.actions.changes import require_student

        require_student(self.root, student_id)
        reader = _Reader(self.root)
        student = _load_student(reader, student_id, self.frame.periods)
        return student, reader.problems

    def full_student(self, student_id: str) -> Student | None:
        """One student's full records (kept until the student is refreshed), or None."""
        if student_id not in self._full:
            folder = layout.student_dir(self.root, student_id)
            if not folder.is_dir() or folder_problem(student_id) is not None:
                return None
            reader = _Reader(self.root)
            self._full[student_id] = _load_student(reader, student_id, self.frame.periods)
        return self._full[student_id]

    def loaded(
        self,
        points: bool = True,
        sessions: tuple[date, date] | None = (date.min, date.max),
        details: bool | frozenset[summary.Part] = True,
    ) -> Loaded:
        """A ``Loaded`` of slim students from the summaries (see ``summary.slim_student``;
        ``details=False``: profiles alone, no plan, goals or logs; a set of parts, e.g.
        ``summary.DEADLINES``: only those)."""
        read = self.summaries_with(points, sessions is not None)
        with collector_paused():
            students = tuple(
                summary.slim_student(s, points, sessions, details) for s in read.values()
            )
        caseload = SummaryCaseload(self.frame.settings, self.frame.calendars, students, self)
        return Loaded(self.root, caseload, self.problems, self.frame.rules, self.schedule)

    def full(self, progress: Progress | None = None) -> Loaded:
        """Every record of every student, read from the files (what ``check`` reports on)."""
        return load_caseload(self.root, self.today, progress)

    def refresh(self, student_ids: Iterable[str]) -> set[str]:
        """Read these students again (added, changed or removed); returns those that changed.

        Nothing is read while the summaries were never asked for (a command about one
        student). The index file is not rewritten (tens of MB at 5,000 students, on every
        save): the next ``open`` finds the change by the files' stamps and reads just
        those students again."""
        changed: set[str] = set()
        ids = list(student_ids)
        for student_id in ids:
            self._full.pop(student_id, None)
        summaries = self._summaries
        if summaries is None:
            return changed
        for student_id in ids:
            folder = layout.student_dir(self.root, student_id)
            if not folder.is_dir() or folder_problem(student_id) is not None:
                if summaries.pop(student_id, None) is not None:
                    changed.add(student_id)
                continue
            summaries[student_id] = read_summary(self.root, student_id, self.frame.periods)
            changed.add(student_id)
        self._summaries = dict(sorted(summaries.items()))
        return changed

    def apply(self, change: Callable[[], Saved]) -> Applied:
        """Run a store change (e.g. ``lambda: changes.add_data_point(root, ...)``) and
        refresh the students whose files it wrote."""
        saved = change()
        if any(p.name == layout.SCHEDULE_FILE for p in saved.paths):
            self.refresh_schedule()
        touched = touched_students(self.root, saved.paths)
        self.refresh(touched)
        return Applied(saved, frozenset(touched))


def touched_students(root: Path, paths: Iterable[Path]) -> set[str]:
    """The students whose folders hold any of ``paths``."""
    base = (root / layout.STUDENTS_DIR).resolve()
    found: set[str] = set()
    for path in paths:
        try:
            parts = path.resolve().relative_to(base).parts
        except ValueError:
            continue
        if parts:
            found.add(parts[0])
    return found


def open(
    root: Path,
    today: date | None = None,
    progress: Progress | None = None,
    index: bool = True,
) -> Repository:
    """Open the caseload at ``root``: its settings, calendars and rule profile.

    Summaries come from the index on first use: students whose files are unchanged since
    it was written are not read; the others are (``progress`` is called as they are).
    ``index=False`` reads every student and writes no index.
    """
    day = today or date.today()
    reader = _Reader(root)
    frame = read_frame(reader, day)
    return Repository(root, frame, reader.problems, day, progress, index)
