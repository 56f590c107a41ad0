"""The per-student summary index, kept in the user's cache folder.

A summary holds what the read commands and the caseload screens need of one student:
profile, plan, goals, meetings and contacts as records, pickled by part (``PARTS``) so
that a view unpickles only the parts it reads (``DEADLINES``, ``MINUTES``), and data
points and sessions by column (goal, date, value; service, date, minutes, status).
Nothing in it depends on today: statuses, days left and "this week" are computed from it
at read time by the same model functions a full load feeds. Each summary is keyed by the
size and mtime_ns of each of the student's files; a student whose key differs is read
again, alone.

Where: ``$XDG_CACHE_HOME/caseterm`` (else ``~/.cache/caseterm``), one file per caseload
named by a digest of its path, folder 0700 and file 0600; never inside the caseload, so it
is never committed or synced.

Why pickle is acceptable here: the index is written and read by the same user on the same
machine, in that user's own cache folder. Before loading, the folder and the file must be
owned by the user and not writable by anyone else, and the file is opened without
following a symlink; anything else is discarded unread. A shared caseload never reaches
the unpickler: it only sees what caseterm itself wrote after decoding the files with the
same checks as a full load. A file that is corrupt, from another format version or
another caseterm version, or for another folder is discarded silently and rebuilt.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import stat
import time
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, fields
from dataclasses import replace as dataclass_replace
from datetime import date
from itertools import chain, count
from operator import attrgetter
from pathlib import Path
from typing import IO, Any, Literal, get_args

import caseterm

try:  # the built-in module: ``hashlib`` loads OpenSSL, ~15 ms of every read command
    from _sha256 import sha256  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - an interpreter built without it
    from hashlib import sha256
from msgspec import Struct
from msgspec.structs import replace

from caseterm.model.records import (
    NO_SOURCE,
    BehaviorPlan,
    BipTarget,
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
    Problem,
    Profile,
    Session,
    Source,
    Student,
    TeamMember,
    Transition,
)
from caseterm.store import kinds
from caseterm.store.infra import layout

FORMAT = 4
"""4: the details are pickled by part (``PARTS``), so a view unpickles only what it reads."""
MAGIC = "caseterm-summary-index"
RACY_NS = 2_000_000_000
"""A file changed this close to the moment it was read may change again within the same
mtime tick; its student is read again next time rather than trusted (as git does)."""

People = tuple[tuple[TeamMember, ...], tuple[FamilyMember, ...]]
Details = tuple[
    Plan, tuple[Goal, ...], tuple[Meeting, ...], tuple[Contact, ...], dict[str, Any], People
]
Part = Literal[
    "plan", "terms", "services", "goals", "meetings", "contacts", "reports", "kept", "people"
]
PARTS: tuple[Part, ...] = get_args(Part)
"""The details of a summary, each pickled on its own: the plan, the plan without its
services (all the deadlines read of it), its services alone (all a minutes count reads of
it), goals, meetings, contacts, the progress reports sent (the contacts the deadlines
read), the records of ``kinds.KEPT`` by field, and the profile's team and family."""
EVERY_PART: frozenset[Part] = frozenset(("plan", "goals", "meetings", "contacts", "kept", "people"))
DEADLINES: frozenset[Part] = frozenset(("terms", "meetings", "reports", "kept"))
"""What ``model.compliance`` reads of a student besides its profile."""
MINUTES: frozenset[Part] = frozenset(("services", "kept"))
"""What ``model.minutes`` and the absences of ``caseterm minutes`` read besides sessions."""
FileStamp = tuple[int, int] | None
StudentKey = tuple[FileStamp, ...]
Packed = tuple[tuple[str, ...], tuple[bytes, ...]]
"""Rows stored by column: the strings they use, and one machine array per column."""
UNREAD: Packed = ((), ())
"""The points or sessions of a summary read without them (``read_light``); a real pack
has one column per kind."""
POINT_COLUMNS = "isd"
"""Date ordinal, goal, value."""
SESSION_COLUMNS = "isisss"
"""Date ordinal, service, minutes, status, makeup_for, id (kept only if a make-up names it)."""


@dataclass(frozen=True, slots=True)
class Summary:
    """What the caseload views need of one student, and the file stamps it was read at."""

    id: str
    key: StudentKey | None
    profile: Profile
    goal_count: int
    details: tuple[bytes, ...]
    """One pickle per part of ``PARTS``: unpickled only by views that need them (not by
    ``student list``, which reads profiles alone)."""
    points: Packed
    sessions: Packed
    problems: tuple[Problem, ...]
    broken: bool

    @property
    def name(self) -> str:
        return self.profile.name or self.id

    def part(self, name: Part) -> Any:
        """One part of the details, unpickled."""
        return pickle.loads(self.details[_PART_INDEX[name]])

    def records(self, parts: frozenset[Part] = EVERY_PART) -> Details:
        """(plan, goals, meetings, contacts, {field: records of a kept kind}, (team,
        family)), with only ``parts`` read: ``services`` without ``plan`` gives a plan of
        the services alone, ``reports`` without ``contacts`` the progress reports alone;
        what is not asked for is empty."""
        get = self.part
        if "plan" in parts:
            plan = get("plan")
        elif "terms" in parts:
            plan = get("terms")
        elif "services" in parts:
            plan = Plan(services=get("services"))
        else:
            plan = _NO_PLAN
        if "contacts" in parts:
            contacts = get("contacts")
        else:
            contacts = get("reports") if "reports" in parts else ()
        return (
            plan,
            get("goals") if "goals" in parts else (),
            get("meetings") if "meetings" in parts else (),
            contacts,
            get("kept") if "kept" in parts else {},
            get("people") if "people" in parts else _NO_PEOPLE,
        )


_PART_INDEX: dict[str, int] = {name: index for index, name in enumerate(PARTS)}
_NO_PLAN = Plan()
_NO_PEOPLE: People = ((), ())


def student_key(root: Path, student_id: str) -> StudentKey:
    """Size and mtime_ns of each of the student's files (None for a missing file)."""
    folder = f"{root}/{layout.STUDENTS_DIR}/{student_id}/"
    try:
        # Half of the catalogue's files are usually missing: one listing saves a failed
        # stat (and its exception) for each of them.
        present = set(os.listdir(folder))  # noqa: PTH208 - names, not 5,000 Paths
    except OSError:
        present = set()
    out: list[FileStamp] = []
    for name in kinds.STUDENT_FILE_NAMES:
        if name not in present:
            out.append(None)
            continue
        try:
            st = os.stat(folder + name)  # noqa: PTH116 - 30,000 stats at 5,000 students
        except OSError:
            out.append(None)
            continue
        out.append((st.st_size, st.st_mtime_ns))
    return tuple(out)


def trusted_key(key: StudentKey, read_at_ns: int) -> StudentKey | None:
    """``key``, or None when a file was changed too close to the read to be trusted."""
    newest = max((stamp[1] for stamp in key if stamp is not None), default=0)
    return None if newest >= read_at_ns - RACY_NS else key


def summarise(student: Student, problems: list[Problem], key: StudentKey | None) -> Summary:
    """The summary of a fully loaded student."""
    from caseterm.model.behavior import goal_points

    points = [(p.date.toordinal(), p.goal, p.value) for p in goal_points(student)]
    return summary_of(
        student,
        problems,
        key,
        by_column(points, POINT_COLUMNS),
        by_column(session_rows(student), SESSION_COLUMNS),
    )


def summary_of(
    student: Student,
    problems: Sequence[Problem],
    key: StudentKey | None,
    points: Sequence[Sequence[Any]],
    sessions: Sequence[Sequence[Any]],
) -> Summary:
    """The summary of ``student`` whose data points and sessions are given by column
    (``POINT_COLUMNS``, ``SESSION_COLUMNS``): ``student.points`` and ``student.sessions``
    are not read."""
    return Summary(
        id=student.id,
        key=key,
        profile=_profile(student.profile),
        goal_count=len(student.goals),
        details=_details(student),
        points=pack(points, POINT_COLUMNS),
        sessions=pack(sessions, SESSION_COLUMNS),
        problems=tuple(problems),
        broken=student.broken,
    )


def _profile(profile: Profile) -> Profile:
    """The profile without notes and source; team and family are kept in the details
    (``_people``)."""
    return replace(profile, team=(), family=(), note="", source=NO_SOURCE)


def _people(profile: Profile) -> People:
    """Team members' names and roles and family members' names, which the caseload filter
    searches (``tui.overview_rows.searched_words``); no e-mail addresses or phone numbers."""
    return (
        tuple(TeamMember(t.name, t.role) for t in profile.team),
        tuple(FamilyMember(f.name) for f in profile.family),
    )


def session_rows(student: Student) -> list[tuple[int, str, int, str, str, str]]:
    """The session columns of ``student.sessions`` (``SESSION_COLUMNS``)."""
    named = {s.makeup_for for s in student.sessions if s.makeup_for}
    return [
        (
            s.date.toordinal(),
            s.service,
            s.minutes,
            s.status,
            s.makeup_for,
            s.id if s.id in named or s.status == "makeup" else "",
        )
        for s in student.sessions
    ]


def _sessions_for(rows: list[Any], first: date, last: date) -> list[Any]:
    """The rows a minutes count over ``first``-``last`` reads (``model.minutes.sessions_for``):
    sessions in it, make-ups of sessions missed in it, missed sessions its make-ups name."""
    if first == date.min and last == date.max:
        return rows
    low, high = first.toordinal(), last.toordinal()
    inside = [row for row in rows if low <= row[0] <= high]
    ids = {row[5] for row in inside if row[5]}
    named = {row[4] for row in inside if row[4]}
    return [
        row
        for row in rows
        if low <= row[0] <= high or (row[5] and row[5] in named) or (row[4] and row[4] in ids)
    ]


def _session_rows(packed: Packed, first: date, last: date) -> list[Any]:
    """``_sessions_for`` of all the rows, unpacking only the period's rows (found by
    bisection) unless one of them is a make-up or a missed session a make-up names."""
    if first == date.min and last == date.max:
        return unpack(packed, SESSION_COLUMNS)
    inside = unpack(packed, SESSION_COLUMNS, first.toordinal(), last.toordinal())
    if any(row[4] or row[5] for row in inside):
        return _linked_rows(packed, first.toordinal(), last.toordinal())
    return inside


def _linked_rows(packed: Packed, low: int, high: int) -> list[Any]:
    """``_sessions_for`` of the rows, found on the columns of string numbers (make-up
    links) so that only the rows it keeps are unpacked."""
    strings, raw = packed
    days = array("i", raw[0])
    makeup_for, ids = array("i", raw[4]), array("i", raw[5])
    lo, hi = bisect_left(days, low), bisect_right(days, high)
    empty = strings.index("") if "" in strings else -1
    inside_ids = set(ids[lo:hi])
    inside_ids.discard(empty)
    named = set(makeup_for[lo:hi])
    named.discard(empty)
    keep = [
        k
        for k in range(len(days))
        if lo <= k < hi or ids[k] in named or makeup_for[k] in inside_ids
    ]
    columns = [
        array("i" if kind == "s" else kind, data)
        for kind, data in zip(SESSION_COLUMNS, raw, strict=True)
    ]
    return [
        tuple(
            strings[column[k]] if kind == "s" else column[k]
            for kind, column in zip(SESSION_COLUMNS, columns, strict=True)
        )
        for k in keep
    ]


def pack(columns: Sequence[Sequence[Any]], kinds: str) -> Packed:
    """Rows given by column: ``s`` columns as indexes into one string table (in order of
    first use, column by column), the others as arrays of that typecode. Loading it is a
    copy of bytes, not one object per value."""
    strings = dict.fromkeys(
        chain.from_iterable(c for c, kind in zip(columns, kinds, strict=True) if kind == "s")
    )
    number = dict(zip(strings, count()))
    packed: list[bytes] = []
    for column, kind in zip(columns, kinds, strict=True):
        if kind == "s":
            packed.append(array("i", list(map(number.__getitem__, column))).tobytes())
        else:
            packed.append(array(kind, column).tobytes())
    return tuple(strings), tuple(packed)


def by_column(rows: Sequence[tuple[Any, ...]], kinds: str) -> list[Sequence[Any]]:
    """``rows`` as columns (empty columns for no rows)."""
    return list(zip(*rows, strict=True)) if rows else [() for _ in kinds]


def unpack(packed: Packed, kinds: str, first: int = 0, last: int | None = None) -> list[Any]:
    """The rows of ``pack``; ``first`` and ``last`` bound the first column (sorted), e.g.
    to the sessions of one week."""
    strings, raw = packed
    columns: list[Any] = []
    for kind, data in zip(kinds, raw, strict=True):
        columns.append(array("i" if kind == "s" else kind, data))
    lo = bisect_left(columns[0], first)
    hi = len(columns[0]) if last is None else bisect_right(columns[0], last)
    out: list[Any] = []
    for kind, column in zip(kinds, columns, strict=True):
        part = column[lo:hi]
        out.append(list(map(strings.__getitem__, part)) if kind == "s" else part)
    return list(zip(*out, strict=True))


def _plan(plan: Plan) -> Plan:
    """The plan without the texts no summary view shows (accommodations, notes)."""
    transition = plan.transition
    if transition is not None:
        transition = Transition(date=transition.date)
    behavior = plan.behavior_plan
    if behavior is not None:
        behavior = replace(behavior, target_behaviors=(), note="")
    return replace(
        plan,
        accommodations=(),
        modifications=(),
        transition=transition,
        behavior_plan=behavior,
        note="",
        source=NO_SOURCE,
    )


def slim_student(
    summary: Summary,
    points: bool = True,
    sessions: tuple[date, date] | None = (date.min, date.max),
    details: bool | frozenset[Part] = True,
) -> Student:
    """A ``Student`` for the model's functions, from a summary.

    It has every record, without the long texts no summary view shows (notes, goal
    statements, accommodations, team e-mails, family phone numbers) and without sources;
    ``points=False`` leaves points out, ``sessions`` keeps only sessions between two dates
    (inclusive; None: no sessions), which is all a minutes count over a period reads;
    ``details=False``: the profile alone (no plan, goals, logs, team or family); a set of
    parts (e.g. ``DEADLINES``): only those (``Summary.records``).
    """
    fromordinal = date.fromordinal
    point_records: tuple[DataPoint, ...] = ()
    if points:
        point_records = tuple(
            DataPoint(id="", goal=g, date=fromordinal(d), value=v)
            for d, g, v in unpack(summary.points, POINT_COLUMNS)
        )
    session_records: tuple[Session, ...] = ()
    if sessions is not None:
        rows = _session_rows(summary.sessions, *sessions)
        session_records = tuple(
            Session(id=i, service=s, date=fromordinal(d), minutes=m, status=st, makeup_for=mk)
            for d, s, m, st, mk, i in rows
        )
    parts = EVERY_PART if details is True else details or frozenset()
    plan, goals, meetings, contacts, kept, (team, family) = summary.records(parts)
    profile = summary.profile
    if team or family:
        profile = replace(profile, team=team, family=family)
    return Student(
        id=summary.id,
        profile=profile,
        plan=plan,
        goals=goals,
        points=point_records,
        sessions=session_records,
        meetings=meetings,
        contacts=contacts,
        broken=summary.broken,
        **kept,
    )


# --- the index file ------------------------------------------------------------------


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/caseterm``, else ``~/.cache/caseterm``."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    folder = Path(base) if base and Path(base).is_absolute() else Path.home() / ".cache"
    return folder / "caseterm"


def index_path(root: Path) -> Path:
    """The index file of the caseload at ``root`` (named by a digest of its real path)."""
    digest = sha256(str(root.resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return cache_dir() / f"index-{digest[:24]}.pickle"


def _private(st: os.stat_result) -> bool:
    return st.st_uid == os.geteuid() and not st.st_mode & 0o077


_RECORDS: tuple[type[Struct], ...] = (
    Profile,
    Plan,
    PlanDates,
    Prescription,
    Transition,
    BehaviorPlan,
    Exit,
    ExtendedYear,
    Goal,
    Phase,
    Meeting,
    Contact,
    Problem,
    Source,
    TeamMember,
    FamilyMember,
    *(kind.record_class() for kind in kinds.KEPT),
    BipTarget,
)
"""The record classes a summary holds (a ``msgspec.Struct`` pickles natively as
``cls(*field values)``)."""
_FIELDS = {
    **{cls: cls.__struct_fields__ for cls in _RECORDS},
    Summary: tuple(f.name for f in fields(Summary)),
}
_LAYOUT = sha256(
    repr((sorted((c.__name__, f) for c, f in _FIELDS.items()), PARTS)).encode()
).hexdigest()
"""Changes when a record class gains, loses or reorders a field, or the parts change: such
an index is stale."""


def _reduce(record: Any) -> tuple[type, tuple[Any, ...]]:
    return type(record), tuple(getattr(record, name) for name in _FIELDS[type(record)])


def _reduce_source(source: Source) -> str | tuple[type, tuple[Any, ...]]:
    """``NO_SOURCE`` (every record of a summary has it) pickled as a reference to the one
    object, which a load looks up rather than builds; another source as a record."""
    return "NO_SOURCE" if source is NO_SOURCE else _reduce(source)


_DISPATCH: dict[type, Any] = {Summary: _reduce, Source: _reduce_source}
"""``Summary`` pickled as ``cls(*field values)``, which loads several times faster than the
generic state of a slots dataclass (the records do so natively); ``NO_SOURCE`` by name."""


def _pickler(handle: IO[bytes], dispatch: dict[type, Any] = _DISPATCH) -> pickle.Pickler:
    pickler = pickle.Pickler(handle, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = dispatch
    return pickler


def _blanking(cls: type, blank: dict[str, Any]) -> Any:
    """A reducer of ``cls`` that writes the fields of ``blank`` with those values: the
    record without its long texts, with no copy of it made first."""
    get = attrgetter(*_FIELDS[cls])
    spots = tuple((_FIELDS[cls].index(name), value) for name, value in blank.items())

    def reduce(record: Any) -> tuple[type, tuple[Any, ...]]:
        values = list(get(record))
        for spot, value in spots:
            values[spot] = value
        return cls, tuple(values)

    return reduce


_UNNOTED = {"note": "", "source": NO_SOURCE}
_BLANKS: dict[type, dict[str, Any]] = {
    Goal: {"statement": "", **_UNNOTED},
    Meeting: {"participants": (), **_UNNOTED},
    Contact: _UNNOTED,
    Prescription: _UNNOTED,
    **{
        kind.record_class(): _UNNOTED
        for kind in kinds.KEPT
        if isinstance(getattr(Student("", Profile("", "")), kind.field), tuple)
    },
}
"""What a summary's details leave out of each record (a kept kind held as one table, the
safety plan, is kept whole)."""
_DETAILS_DISPATCH = {
    **_DISPATCH,
    **{cls: _blanking(cls, blank) for cls, blank in _BLANKS.items()},
}


_LIGHT_DISPATCH = {**_DISPATCH, Summary: _blanking(Summary, {"points": UNREAD, "sessions": UNREAD})}
"""A summary without its logs (the index's first pickle)."""


def _details(student: Student) -> tuple[bytes, ...]:
    """The parts of ``student``'s details (``PARTS``), each pickled on its own and each
    record without what ``_BLANKS`` leaves out."""
    from caseterm.model.compliance import reports_sent

    plan = _plan(student.plan)
    values: dict[Part, object] = {
        "plan": plan,
        "terms": replace(plan, services=()),
        "services": plan.services,
        "goals": student.goals,
        "meetings": student.meetings,
        "contacts": student.contacts,
        "reports": reports_sent(student.contacts),
        "kept": {kind.field: getattr(student, kind.field) for kind in kinds.KEPT},
        "people": _people(student.profile),
    }
    buffer = io.BytesIO()
    pickler = _pickler(buffer, _DETAILS_DISPATCH)
    out: list[bytes] = []
    for name in PARTS:
        buffer.seek(0)
        buffer.truncate()
        pickler.clear_memo()
        pickler.dump(values[name])
        out.append(buffer.getvalue())
    return tuple(out)


def _header(root: Path, context: object) -> tuple[object, ...]:
    return (MAGIC, FORMAT, caseterm.__version__, _LAYOUT, str(root.resolve()), context)


Logs = tuple[dict[str, Packed], dict[str, Packed] | None]
"""Every student's sessions and (when asked) data points, by id."""


def unread(packed: Packed) -> bool:
    """Whether ``packed`` is ``UNREAD``."""
    return not packed[1]


@dataclass(frozen=True, slots=True)
class LogsAt:
    """Where the logs of an index read by ``read_light`` are, to read them if needed."""

    path: Path
    stamp: tuple[int, int, int]
    """The file's inode, size and mtime_ns: a file replaced since is not read."""
    offset: int


def _open_private(path: Path) -> tuple[IO[bytes], os.stat_result] | None:
    """``path`` opened for reading if it and its folder are the user's own and private (a
    regular file, no symlink followed), else None."""
    try:
        if not _private(path.parent.stat()):
            return None
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or not _private(st):
            os.close(fd)
            return None
        return os.fdopen(fd, "rb"), st
    except OSError:
        os.close(fd)
        return None


def read_light(root: Path, context: object = ()) -> tuple[dict[str, Summary], LogsAt | None]:
    """The summaries cached for ``root`` without their data points and sessions
    (``UNREAD``), and where those are (``read_logs``); empty when there is no usable index.

    The logs are most of the index (30 of 54 MB at 5,000 students): ``student list`` and
    ``due`` never read them. ``context`` is what a student's problems depend on besides its
    own files (the caseload's reporting period names): an index written in another context
    is stale."""
    path = index_path(root)
    opened = _open_private(path)
    if opened is None:
        return {}, None
    handle, st = opened
    try:
        with handle:
            header, summaries = pickle.load(handle)
            offset = handle.tell()
    except Exception:
        return {}, None
    if header != _header(root, context) or not isinstance(summaries, dict):
        return {}, None
    return _checked(summaries), LogsAt(path, (st.st_ino, st.st_size, st.st_mtime_ns), offset)


def read_logs(where: LogsAt, points: bool) -> Logs | None:
    """The sessions and, with ``points``, the data points ``read_light`` left in the index;
    None when the file changed since or is damaged."""
    opened = _open_private(where.path)
    if opened is None:
        return None
    handle, st = opened
    try:
        with handle:
            if (st.st_ino, st.st_size, st.st_mtime_ns) != where.stamp:
                return None
            handle.seek(where.offset)
            sessions = pickle.load(handle)
            found = pickle.load(handle) if points else None
    except Exception:
        return None
    if not isinstance(sessions, dict) or not (found is None or isinstance(found, dict)):
        return None
    return sessions, found


def with_logs(summary: Summary, logs: Logs) -> Summary | None:
    """``summary`` with the sessions (and points, if read) of ``logs``; None if missing."""
    sessions, points = logs
    packed = sessions.get(summary.id)
    if not _packed(packed, SESSION_COLUMNS):
        return None
    changes: dict[str, Any] = {"sessions": packed}
    if points is not None:
        packed = points.get(summary.id)
        if not _packed(packed, POINT_COLUMNS):
            return None
        changes["points"] = packed
    return dataclass_replace(summary, **changes)


def _packed(value: object, kinds: str) -> bool:
    return (
        isinstance(value, tuple)
        and len(value) == 2
        and isinstance(value[0], tuple)
        and isinstance(value[1], tuple)
        and len(value[1]) == len(kinds)
    )


def read_index(root: Path, context: object = ()) -> dict[str, Summary]:
    """The summaries cached for ``root``, with their points and sessions; empty when there
    is no usable index."""
    summaries, where = read_light(root, context)
    logs = read_logs(where, points=True) if where is not None else None
    if logs is None:
        return {}
    full = {key: with_logs(value, logs) for key, value in summaries.items()}
    if any(value is None for value in full.values()):
        return {}
    return {key: value for key, value in full.items() if value is not None}


def _checked(summaries: dict[Any, Any]) -> dict[str, Summary]:
    if all(isinstance(s, Summary) for s in summaries.values()):
        return summaries
    return {}


def write_index(root: Path, summaries: dict[str, Summary], context: object = ()) -> None:
    """Replace the index of ``root`` (best effort: a cache that cannot be written is skipped).

    Three pickles one after the other: the header and the summaries without their logs,
    then every student's sessions, then every student's data points (``read_light``)."""
    path = index_path(root)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(path.parent.stat()):
            return
        import tempfile  # only when the index is written (not on a warm read)

        fd, temp = tempfile.mkstemp(prefix=".index-", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as handle:
            _pickler(handle, _LIGHT_DISPATCH).dump((_header(root, context), summaries))
            _pickler(handle).dump({key: value.sessions for key, value in summaries.items()})
            _pickler(handle).dump({key: value.points for key, value in summaries.items()})
        Path(temp).replace(path)
    except OSError:
        with contextlib.suppress(OSError):
            Path(temp).unlink()


def now_ns() -> int:
    """The wall clock in nanoseconds, as file mtimes are."""
    return time.time_ns()
