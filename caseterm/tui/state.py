"""What every screen shows: the loaded caseload as of one day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Protocol, runtime_checkable

from msgspec import structs

from caseterm.model.calendar import caseload_school_days
from caseterm.model.compliance import Clock
from caseterm.model.minutes import Period, month_of, week_of
from caseterm.model.progress import GoalProgress
from caseterm.model.records import Caseload, Student
from caseterm.model.rules import RuleProfile
from caseterm.model.views.overview import (
    Overview,
    StudentOverview,
    caseload_overview,
    student_overview,
)
from caseterm.store.actions.sync import SyncStatus
from caseterm.store.caseload import Repository, SummaryCaseload
from caseterm.store.infra.load import Loaded, collector_paused
from caseterm.store.infra.summary import slim_student


@dataclass(frozen=True, slots=True)
class DetailedOverview(Overview):
    """An overview whose rows come from summaries, while ``student(id)`` is computed from
    that student's full records (goal statements, notes) for the student screen."""

    caseload: Caseload | None = None
    rules: RuleProfile | None = None
    details: dict[str, StudentOverview | None] = field(default_factory=dict, compare=False)

    def student(self, student_id: str) -> StudentOverview | None:
        if student_id not in self.details:
            full = None if self.caseload is None else self.caseload.student(student_id)
            view = None
            if full is not None and self.rules is not None:
                clock = Clock(self.caseload.settings, self.rules, self.days, self.today)  # type: ignore[union-attr]
                view = student_overview(full, clock, self.week, self.month)
            self.details[student_id] = view
        return self.details[student_id]


def _detailed(overview: Overview, loaded: Loaded) -> Overview:
    if not isinstance(loaded.caseload, SummaryCaseload):
        return overview
    plain = {f.name: getattr(overview, f.name) for f in fields(Overview)}
    return DetailedOverview(**plain, caseload=loaded.caseload, rules=loaded.rules)


def _verdicts(progress: tuple[GoalProgress, ...]) -> tuple[GoalProgress, ...]:
    """Goal progress without the values of every day (the caseload rows show only the
    verdicts; the goal graph reads the student's full view)."""
    return tuple(replace(p, days=(), phase_days=()) if p.days else p for p in progress)


def _without_points(loaded: Loaded, overview: Overview) -> tuple[Loaded, Overview]:
    """The caseload and its overview with the students' data points let go, once the
    overview has been computed from them: no screen reads them from the caseload (the
    student screen reads its student's full records), and at 5,000 students they hold
    about 75 MiB. Only for a caseload from summaries (a full one is what it is)."""
    caseload = loaded.caseload
    if not isinstance(caseload, SummaryCaseload):
        return loaded, overview
    thin = {s.id: structs.replace(s, points=()) if s.points else s for s in caseload.students}
    students = tuple(thin[s.id] for s in caseload.students)
    views = tuple(replace(v, student=thin.get(v.student.id, v.student)) for v in overview.students)
    loaded = replace(loaded, caseload=structs.replace(caseload, students=students))
    return loaded, replace(overview, students=views)


@dataclass(frozen=True)
class State:
    """The caseload, its problems, the day it is seen from, and what the engine makes of it."""

    loaded: Loaded
    today: date
    overview: Overview
    sync: SyncStatus | None = None
    pending: bool = False
    """Only who the students are: their figures are still being computed."""
    lean: bool = False
    """The caseload's students hold no data points nor sessions (``from_repository``):
    ``students_with_sessions`` reads a period's sessions from the summary index."""

    def students_with_sessions(self, period: Period) -> tuple[Student, ...]:
        """The caseload's students with (at least) their sessions of ``period``, for a
        minutes count over it."""
        caseload = self.loaded.caseload
        if not self.lean or not isinstance(caseload, SummaryCaseload):
            return caseload.students
        repo = caseload.repository
        if repo is None:
            return caseload.students
        summaries = repo.summaries
        span = (period.first, period.last)
        with collector_paused():
            return tuple(
                slim_student(summaries[s.id], points=False, sessions=span)
                if s.id in summaries
                else s
                for s in caseload.students
            )

    @classmethod
    def build(cls, loaded: Loaded, today: date, sync: SyncStatus | None = None) -> State:
        """Compute the overview (deadlines, progress, minutes); call it in a worker."""
        overview = caseload_overview(loaded.caseload, loaded.rules, today)
        loaded, overview = _without_points(loaded, overview)
        return cls(loaded=loaded, today=today, overview=_detailed(overview, loaded), sync=sync)

    @classmethod
    def from_repository(
        cls, repo: Repository, today: date, sync: SyncStatus | None = None
    ) -> State:
        """``build`` from the summary index, one student at a time: each student's data
        points, and the goal progress's day-by-day values, are let go as soon as its
        overview is computed, so they are never in memory for the whole caseload (~150
        MiB at 5,000 students). The caseload's views keep each goal's verdict (decision,
        staleness); the student screen computes its student's full view (``student``).
        Call it in a worker."""
        frame = repo.frame
        days = caseload_school_days(Caseload(frame.settings, frame.calendars, ()))
        clock = Clock(frame.settings, frame.rules, days, today)
        week, month = week_of(today), month_of(today)
        students: list[Student] = []
        views: list[StudentOverview] = []
        with collector_paused():
            for summary in repo.summaries.values():
                full = slim_student(summary)
                thin = structs.replace(full, points=(), sessions=())
                students.append(thin)
                view = student_overview(full, clock, week, month)
                views.append(replace(view, student=thin, progress=_verdicts(view.progress)))
        caseload = SummaryCaseload(frame.settings, frame.calendars, tuple(students), repo)
        loaded = Loaded(repo.root, caseload, repo.problems, frame.rules, repo.schedule)
        overview = Overview(today, week, month, days, tuple(views))
        return cls(
            loaded=loaded, today=today, overview=_detailed(overview, loaded), sync=sync, lean=True
        )

    @classmethod
    def preview(cls, loaded: Loaded, today: date, sync: SyncStatus | None = None) -> State:
        """The caseload before its figures: names, grades and plans to show at once while
        ``build`` computes the rest (a large caseload takes seconds)."""
        views = tuple(StudentOverview(s, (), (), (), (), None) for s in loaded.caseload.students)
        days = caseload_school_days(loaded.caseload)
        overview = Overview(today, week_of(today), month_of(today), days, views)
        return cls(loaded, today, _detailed(overview, loaded), sync, pending=True)

    @property
    def from_summaries(self) -> bool:
        """Whether the students are summaries (then ``refreshed`` can update a few)."""
        return isinstance(self.loaded.caseload, SummaryCaseload)

    def refreshed(self, student_ids: Iterable[str], schedule: bool = False) -> State:
        """This state with only ``student_ids`` read again (after a save): their rows and
        overviews are recomputed, every other student's are kept; with ``schedule``, the
        schedule is read again too. Call it in a worker."""
        caseload = self.loaded.caseload
        if not isinstance(caseload, SummaryCaseload) or caseload.repository is None:
            raise ValueError("refreshed() needs a state built from summaries")
        repo = caseload.repository
        touched = set(student_ids)
        if schedule:
            repo.refresh_schedule()
        repo.refresh(touched)
        kept = {s.id: s for s in caseload.students if s.id not in touched}
        new = {i: slim_student(repo.summaries[i]) for i in touched if i in repo.summaries}
        students = tuple(sorted([*kept.values(), *new.values()], key=lambda s: s.id))
        caseload = structs.replace(caseload, students=students)
        loaded = replace(self.loaded, caseload=caseload, problems=repo.problems)
        if schedule:
            loaded = replace(loaded, schedule=repo.schedule)
        clock = Clock(caseload.settings, loaded.rules, self.overview.days, self.today)
        week, month = self.overview.week, self.overview.month
        views = {v.student.id: v for v in self.overview.students if v.student.id not in touched}
        views.update({i: student_overview(s, clock, week, month) for i, s in new.items()})
        plain = Overview(
            self.today, week, month, self.overview.days, tuple(views[s.id] for s in students)
        )
        loaded, plain = _without_points(loaded, plain)
        return replace(self, loaded=loaded, overview=_detailed(plain, loaded))

    @property
    def sync_line(self) -> str:
        """``↑2 ↓0 · synced 11-25 10:32`` — what sharing needs from the user, if anything."""
        sync = self.sync
        if sync is None:
            return "not in git"
        if sync.operation is not None:
            return f"{sync.operation} stopped on conflicts: press x"
        if sync.remote is None:
            return "not shared (no remote)"
        when = sync.last_sync.strftime("%m-%d %H:%M") if sync.last_sync else "never"
        return f"↑{sync.ahead} ↓{sync.behind} · synced {when}"

    @property
    def title(self) -> str:
        settings = self.loaded.caseload.settings
        count = len(self.loaded.caseload.students)
        problems = len(self.loaded.problems)
        text = f"{settings.name or self.loaded.root.name} · {count} students"
        text += f" · {problems} problems (!)" if problems else ""
        return text + (" · computing deadlines, goals, minutes…" if self.pending else "")


@runtime_checkable
class CaseloadView(Protocol):
    """A screen that redraws itself whenever the caseload is (re)loaded."""

    def show_state(self, state: State) -> None: ...
