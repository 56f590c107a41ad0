"""Summaries of well-formed students read straight from their files (a cold index build).

A summary needs of ``data.toml`` and ``sessions.toml`` only a few columns, so this reader
checks those files a column at a time (``model.decode_columns``) instead of building
every data point and session; the other files go through their usual decoders and the
student through the usual cross-file checks. One folder listing gives the files' stamps
and tells links and missing files apart without a call per name.

Anything out of the ordinary (a link, a missing profile, a big, unreadable or invalid
file, an unresolved conflict, any problem at all) makes ``summary`` return None, and the
caller reads that student the detailed way (``load._load_student``), which reports every
problem with its line and column. So a summary from here is one of a student without
problems, equal to ``summary.summarise`` of a full load (a test compares them).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import rtoml

from caseterm.model.decode_columns import (
    PointColumns,
    SessionColumns,
    point_columns,
    session_columns,
)
from caseterm.model.fields import MAX_FILE_BYTES
from caseterm.model.records import Student
from caseterm.model.validate import validate_student
from caseterm.store import kinds
from caseterm.store.infra import layout
from caseterm.store.infra.load import (
    CONFLICT_KEY,
    SORTED_BY_DATE,
    _load_student,
    _Reader,
    by_date,
)
from caseterm.store.infra.summary import (
    FileStamp,
    Summary,
    now_ns,
    student_key,
    summarise,
    summary_of,
    trusted_key,
)

_FILES = tuple((f.name, f.decode) for f in kinds.STUDENT_FILES)
"""In the catalogue's order: goals.toml and plan.toml come before data.toml and
sessions.toml, whose goals and services they name (a test keeps it so)."""
_NOFOLLOW = os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)


HEAP_PAD = 4 * 1024 * 1024
MANY = 200
"""From this many students to read, ``pad_heap`` pays for itself."""


def pad_heap() -> None:
    """Keep 4 MiB of slack at the top of the C heap (glibc only; elsewhere nothing).

    Reading a student parses and drops ~0.4 MB while its summary stays; the summary's
    few blocks pin the top of the heap, so glibc gives the freed memory back and takes it
    again for the next student: ~100 page faults each, ~1 s of system time (12% of the
    build) at 5,000 students. With slack kept, the heap is reused instead."""
    try:
        import ctypes  # ~10 ms: only for a build of ``MANY`` students or more

        libc = ctypes.CDLL(None)
        libc.mallopt(-2, HEAP_PAD)  # M_TOP_PAD
    except (ImportError, OSError, AttributeError):
        return


def _opener(path: str, flags: int) -> int:
    return os.open(path, flags | _NOFOLLOW)


class QuickReader:
    """Reads summaries of one caseload's well-formed students."""

    def __init__(self, root: Path, periods: tuple[str, ...]) -> None:
        self.root = root
        self.periods = periods
        self.folder = f"{root}/{layout.STUDENTS_DIR}/"
        try:
            self.usable = not stat.S_ISLNK(os.lstat(self.folder[:-1]).st_mode)
        except OSError:
            self.usable = False

    def summary(self, student_id: str) -> Summary | None:
        """The student's summary, or None: read it the detailed way."""
        if not self.usable:
            return None
        try:
            return self._summary(student_id)
        except (OSError, UnicodeDecodeError, rtoml.TomlParsingError, ValueError):
            return None

    def _summary(self, student_id: str) -> Summary | None:
        folder = self.folder + student_id
        if stat.S_ISLNK(os.lstat(folder).st_mode):
            return None
        with os.scandir(folder) as listing:
            entries = {entry.name: entry for entry in listing}
        if layout.PROFILE_FILE not in entries:
            return None
        key: list[FileStamp] = []
        for name, _decode in _FILES:
            entry = entries.get(name)
            if entry is None:
                key.append(None)
                continue
            st = entry.stat(follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_FILE_BYTES:
                return None
            key.append((st.st_size, st.st_mtime_ns))
        read_at = now_ns()
        fields: dict[str, Any] = {}
        points: PointColumns | None = ([], [], [])
        sessions: SessionColumns | None = ([], [], [], [], [], [])
        prefix = f"{layout.STUDENTS_DIR}/{student_id}/"
        for (name, decode), stamp in zip(_FILES, key, strict=True):
            if stamp is None:
                continue
            with open(f"{folder}/{name}", encoding="utf-8", opener=_opener) as handle:
                data = rtoml.loads(handle.read())
            if CONFLICT_KEY in data:
                return None
            if name == layout.DATA_FILE:  # after goals.toml: the goals are known
                goals = fields.get("goals", ())
                points = point_columns(data, {g.id: g.unit for g in goals})
            elif name == layout.SESSIONS_FILE:  # after plan.toml: the services are known
                plan = fields.get("plan")
                services = {p.service for p in plan.services} if plan is not None else set()
                sessions = session_columns(data, services)
            else:
                decoded, problems = decode(data, prefix + name)
                if problems:
                    return None
                fields.update(decoded)
            if points is None or sessions is None:
                return None
        if "profile" not in fields or points is None or sessions is None:
            return None
        for name in SORTED_BY_DATE:
            if name in fields:
                fields[name] = tuple(sorted(fields[name], key=by_date))
        student = Student(id=student_id, **fields)
        if validate_student(student, self.periods):
            return None
        if student.observations:
            from caseterm.model.behavior import observed_points

            for point in observed_points(student):
                points[0].append(point.date.toordinal())
                points[1].append(point.goal)
                points[2].append(point.value)
        return summary_of(student, (), trusted_key(tuple(key), read_at), points, sessions)


def read_summary(
    root: Path, student_id: str, periods: tuple[str, ...], quick: QuickReader | None = None
) -> Summary:
    """The student's summary: read a column at a time when the student is well formed,
    else the detailed way (every record built, every problem with its line and column)."""
    found = (quick or QuickReader(root, periods)).summary(student_id)
    if found is not None:
        return found
    key = student_key(root, student_id)
    read_at = now_ns()
    reader = _Reader(root)
    student = _load_student(reader, student_id, periods)
    return summarise(student, reader.problems, trusted_key(key, read_at))
