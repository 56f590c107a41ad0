"""The caseterm Textual app: loads the caseload in a worker, watches files, saves changes.

Every change goes through a ``caseterm.store.actions.changes`` function (the same ones the CLI
calls), run in a thread worker so the UI never blocks on the disk or on git.
"""

from __future__ import annotations

import gc
import os
import shlex
import subprocess
import threading
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

from textual import events, work
from textual.app import App, SuspendNotSupported, SystemCommand
from textual.binding import Binding
from textual.notifications import SeverityLevel
from textual.screen import Screen

from caseterm.display import safe_text
from caseterm.model.fields import FieldError
from caseterm.store import caseload
from caseterm.store.actions import changes
from caseterm.store.actions.sync import SyncError, sync, sync_status
from caseterm.store.infra import git
from caseterm.store.infra.atomic import link_in, link_message
from caseterm.store.infra.errors import InputError, NotSaved, os_error_message
from caseterm.store.infra.git import GitError
from caseterm.store.infra.layout import SCHEDULE_FILE
from caseterm.store.infra.load import Loaded
from caseterm.store.infra.save import CommitFailed, Saved
from caseterm.store.infra.watch import Fingerprint, fingerprint, folders
from caseterm.tui.colours import THEME, THEMES, ReadableDim
from caseterm.tui.focus import in_open_list, type_into
from caseterm.tui.host import Change
from caseterm.tui.no_color import use_default_colours
from caseterm.tui.state import CaseloadView, State
from caseterm.tui.widgets.requests import (
    OpenCommit,
    OpenConfirm,
    OpenForm,
    OpenGoalGraph,
    OpenRecord,
)

STUDENT_TASKS = (
    ("Log a session", "Services: log a session for this student", "services", "log_session"),
    ("Add a data point", "Data: enter a progress-monitoring point", "data", ""),
    ("Add a meeting", "Meetings: schedule or record a meeting", "log", "add_meeting"),
    ("Log a family contact", "Meetings: log a call, email or note home", "log", "add_contact"),
)
"""Palette commands for the student on screen (or highlighted on the caseload): title,
help, the student tab they open and the action of that tab's pane they run."""

PREVIEW_FROM = 300
"""From this many students, names show before the figures are computed (~2 s at 500)."""
PREVIEW_WAIT = 10.0
"""Seconds the loading worker waits at most for the names to be drawn."""
DEEP_POLL_EVERY = 10
"""Every so many polls, stat every file too (an in-place rewrite keeps its folder's mtime)."""


class CasetermApp(App[None]):
    """Caseload, students, calendar and minutes over SSH in an 80x24 terminal."""

    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "caseterm"
    ENABLE_COMMAND_PALETTE = True
    BINDINGS = [
        Binding("f1", "help", "Help", id="help"),
        Binding("c", "calendar", "Calendar", id="calendar"),
        Binding("m", "minutes", "Minutes", id="minutes"),
        Binding("!", "problems", "Problems", id="problems"),
        Binding("S", "sync", "Sync", id="sync"),
        Binding("x", "conflicts", "Conflicts", show=False, id="conflicts"),
        Binding("ctrl+r", "reload", "Reload", show=False, id="reload"),
        Binding("q", "quit", "Quit", id="quit"),
        # In a text field q is typed, so the footer shows ctrl+q there instead.
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit.anywhere"),
    ]

    def __init__(
        self,
        root: Path,
        today: Callable[[], date] = date.today,
        loaded: Loaded | None = None,
        watch_seconds: float = 2.0,
    ) -> None:
        super().__init__()
        self.register_theme(THEME)
        self.theme = THEME.name
        offered = {theme.name for theme in THEMES}
        for name in [n for n in self.available_themes if n not in offered]:
            self.unregister_theme(name)
        for theme in THEMES:
            self.register_theme(theme)
        self._filters.insert(0, ReadableDim(self.ansi_theme))
        if self.no_color:
            self._filters = use_default_colours(self._filters)
        self.root = root
        self.today = today
        self.watch_seconds = watch_seconds
        self.state: State | None = None
        self._fingerprint: Fingerprint = ()
        self._folders: Fingerprint = ()
        self._polls = 0
        self._preloaded = loaded

    async def on_event(self, event: events.Event) -> None:
        """Handle each key completely as soon as it is read, in the order typed, so keys
        typed ahead reach the focus the earlier keys moved to (see ``caseterm.tui.focus``)."""
        if (
            isinstance(event, events.Key)
            and not event.is_forwarded
            and self.screen.is_mounted
            and self.screen.maximized is None
        ):
            self.app_focus = True
            if await self._check_bindings(event.key, priority=True):
                return
            focused = self.focused
            if type_into(focused, event):
                return
            if not in_open_list(focused) and await self._check_bindings(event.key):
                return
        await super().on_event(event)

    # --- loading ---------------------------------------------------------------------

    def on_mount(self) -> None:
        from caseterm.tui.screens.caseload import CaseloadScreen

        self.push_screen(CaseloadScreen())
        if self._preloaded is not None:
            status = sync_status(self.root) if git.find_repo(self.root) else None
            state = State.build(self._preloaded, self.today(), status)
            self._show(state, fingerprint(self.root))
        else:
            self.reload()
        if self.watch_seconds > 0:
            self.set_interval(self.watch_seconds, self._check_files)
        from caseterm.tui.screens.observe_setup import offer_recovery

        offer_recovery(self)

    @work(thread=True, exclusive=True, group="load")
    def reload(self) -> None:
        """Read the whole caseload again (in a thread) and refresh every screen."""
        stamp = fingerprint(self.root)
        today = self.today()
        status = sync_status(self.root) if git.find_repo(self.root) else None
        repo = caseload.open(self.root, today, self._indexing)
        if len(repo.ids) >= PREVIEW_FROM:
            names = repo.loaded(points=False, sessions=None, details=False)
            preview = State.preview(names, today, status)
            drawn = threading.Event()
            self.call_from_thread(self._show_preview, preview, stamp, drawn)
            drawn.wait(PREVIEW_WAIT)
        state = State.from_repository(repo, today, status)
        self.call_from_thread(self._show, state, stamp)

    def _show_preview(self, state: State, stamp: Fingerprint, drawn: threading.Event) -> None:
        """Show the names first; the worker computes the figures once they are drawn (it
        would otherwise hold the interpreter while the table waits to be drawn)."""
        self._show(state, stamp)
        self.call_after_refresh(drawn.set)

    def _indexing(self, done: int, total: int) -> None:
        """Progress of a cold index build (students whose files changed), in the title."""
        if done == 1 or done % 100 == 0 or done == total:
            text = f"indexing {done:,} of {total:,} changed students…"
            self.call_from_thread(setattr, self, "sub_title", text)

    @work(thread=True, exclusive=True, group="load")
    def _refresh_saved(self, state: State, saved: Saved) -> None:
        """After a save: read again only the students it touched, keep everyone else."""
        stamp = fingerprint(self.root)
        touched = caseload.touched_students(self.root, saved.paths)
        schedule = any(p.name == SCHEDULE_FILE for p in saved.paths)
        self.call_from_thread(self._show, state.refreshed(touched, schedule), stamp)

    def _show(self, state: State, stamp: Fingerprint) -> None:
        self._fingerprint = stamp
        self._folders = folders(self.root)
        gc.unfreeze()  # the state shown until now may be collected
        self.state = state
        self.sub_title = state.title
        for screen in self.screen_stack:
            if screen.is_mounted and isinstance(screen, CaseloadView):
                screen.show_state(state)
        # The caseload's objects live until the next load: kept out of the collector's
        # full passes, which otherwise walk them all (~0.5 s at 5,000 students) during
        # some keystroke.
        gc.freeze()

    @work(thread=True, exclusive=True, group="watch")
    def _check_files(self) -> None:
        self._polls += 1
        deep = self._polls % DEEP_POLL_EVERY == 0
        if folders(self.root) != self._folders or (
            deep and fingerprint(self.root) != self._fingerprint
        ):
            self.call_from_thread(self.reload)

    def push_view(self, screen: Screen[None]) -> None:
        """Push a screen (unless one of its kind is already showing); it shows the current
        caseload once mounted (``show_current``)."""
        if type(self.screen) is type(screen) and not hasattr(screen, "student_id"):
            return
        self.push_screen(screen)

    def show_current(self, screen: CaseloadView) -> None:
        """Called by a screen's ``on_mount``: show it the caseload if one is loaded."""
        if self.state is not None:
            screen.show_state(self.state)

    # --- saving ----------------------------------------------------------------------

    def save(self, change: Change, done: Callable[[Saved], None] | None = None) -> None:
        """Run a store change in a worker; report the commit or the reason it was refused."""
        self._save(change, done)

    @work(thread=True, group="save")
    def _save(self, change: Change, done: Callable[[Saved], None] | None) -> None:
        try:
            saved = change()
        except (InputError, FieldError) as error:
            self.call_from_thread(self._failed, error, "Not saved")
            return
        except (NotSaved, CommitFailed, GitError) as error:
            self.call_from_thread(self._failed, error, "Not saved")
            self.call_from_thread(self.reload)
            return
        except OSError as error:
            self.call_from_thread(self._failed, NotSaved(os_error_message(error)), "Not saved")
            self.call_from_thread(self.reload)
            return
        self.call_from_thread(self._saved, saved, done)

    def _failed(self, error: Exception, title: str) -> None:
        self.notify(safe_text(str(error)), title=title, severity="error", markup=False)

    def _saved(self, saved: Saved, done: Callable[[Saved], None] | None) -> None:
        where = f"commit {saved.commit[:8]}" if saved.commit else "saved"
        message = f"{saved.message}" + (f"\n{saved.warning}" if saved.warning else "")
        self.notify(safe_text(message), title=f"Saved ({where})", markup=False)
        if done is not None:
            done(saved)
        if self.state is not None and self.state.from_summaries and not self.state.pending:
            self._refresh_saved(self.state, saved)
        else:
            self.reload()

    # --- sharing ---------------------------------------------------------------------

    def action_sync(self) -> None:
        """Commit valid hand edits, fetch, merge, push: in a worker, never prompting."""
        self.notify("Syncing with the remote…", title="Sync", timeout=2)
        self._sync()

    @work(thread=True, exclusive=True, group="sync")
    def _sync(self) -> None:
        try:
            report = sync(self.root, interactive=False)
        except (SyncError, InputError, GitError) as error:
            self.call_from_thread(self._failed, error, "Not synced")
            self.call_from_thread(self.reload)
            return
        lines = [f"received {report.received} change(s), sent {report.sent}"]
        if report.hand_edits:
            lines.append("committed hand edits first")
        lines += list(report.warnings)
        severity: SeverityLevel = "information"
        if report.conflicts:
            lines.append(f"{len(report.conflicts)} file(s) with conflicts: press x")
            severity = "warning"
        text = safe_text("\n".join(lines))
        self.call_from_thread(self.notify, text, title="Synced", severity=severity, markup=False)
        self.call_from_thread(self.reload)

    def action_conflicts(self) -> None:
        from caseterm.tui.screens.conflicts import ConflictsScreen

        self.push_view(ConflictsScreen())

    # --- editor ----------------------------------------------------------------------

    def edit_file(self, student_id: str, file_name: str, commit: bool = True) -> None:
        """Open a student's file in $VISUAL/$EDITOR, then validate and commit the edit."""
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        path = self.root / "students" / student_id / file_name
        link = link_in(path, self.root)
        if link is not None:
            self.notify(safe_text(link_message(link)), title="Not opened", markup=False)
            return
        try:
            with self.suspend():
                subprocess.run([*shlex.split(editor), str(path)], check=False)
        except SuspendNotSupported:
            self.notify(
                f"Edit {path} in another window; caseterm reloads it when it changes.",
                title="No terminal to lend the editor",
                severity="warning",
                markup=False,
            )
            return
        self.reload()
        if commit:
            self.save(lambda: changes.commit_hand_edit(self.root, student_id, file_name))

    # --- navigation ------------------------------------------------------------------

    def open_student(self, student_id: str, tab: str = "overview") -> None:
        from caseterm.tui.screens.student import StudentScreen

        self.push_view(StudentScreen(student_id, tab))

    def on_open_form(self, request: OpenForm) -> None:
        from caseterm.tui.screens.form_modal import FormScreen

        self.push_screen(FormScreen(request.title, request.fields), request.done)

    def on_open_goal_graph(self, request: OpenGoalGraph) -> None:
        from caseterm.tui.screens.goal_graph import GoalGraphScreen

        self.push_screen(GoalGraphScreen(request.progress))

    def on_open_commit(self, request: OpenCommit) -> None:
        from caseterm.tui.screens.diff import DiffScreen

        self.push_screen(DiffScreen(request.repo, request.sha, request.folder))

    def on_open_record(self, request: OpenRecord) -> None:
        from caseterm.tui.screens.record import RecordScreen

        self.push_screen(RecordScreen(request.title, request.rows), request.done)

    def on_open_confirm(self, request: OpenConfirm) -> None:
        from caseterm.tui.screens.confirm import ConfirmScreen

        self.push_screen(ConfirmScreen(request.question), request.done)

    def action_due(self) -> None:
        from caseterm.tui.screens.due import DueScreen

        self.push_view(DueScreen())

    def action_help(self) -> None:
        from caseterm.tui.screens.help import HelpScreen, help_sections

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(help_sections(self.screen)))

    def action_problems(self) -> None:
        from caseterm.tui.screens.problems import ProblemsScreen

        self.push_view(ProblemsScreen())

    def action_calendar(self) -> None:
        from caseterm.tui.screens.calendar import CalendarScreen

        self.push_view(CalendarScreen())

    def action_minutes(self) -> None:
        from caseterm.tui.screens.minutes import MinutesScreen

        self.push_view(MinutesScreen())

    def action_today(self) -> None:
        from caseterm.tui.screens.today import TodayScreen

        self.push_view(TodayScreen())

    def action_week_grid(self) -> None:
        from caseterm.tui.screens.week import WeekScreen

        self.push_view(WeekScreen())

    def action_reload(self) -> None:
        self.reload()

    async def _student_task(self, screen: Screen[object], tab: str, action: str) -> None:
        """Open the tab ``tab`` of the student ``screen`` shows or highlights, then run the
        pane's ``action`` (e.g. the Services tab's session form)."""
        from caseterm.tui.screens.caseload import CaseloadScreen
        from caseterm.tui.screens.student import StudentScreen

        student_id = getattr(screen, "student_id", None)
        if isinstance(screen, CaseloadScreen):
            student_id = screen.highlighted_student()
        if not isinstance(student_id, str):
            self.notify(
                "Open a student, or highlight one on the caseload, first.",
                title="Which student?",
                severity="warning",
            )
            return
        if not (isinstance(self.screen, StudentScreen) and self.screen.student_id == student_id):
            await self.push_screen(StudentScreen(student_id, tab))
        student = self.screen
        if isinstance(student, StudentScreen):
            student.action_tab(tab)
            if action:
                await student.get_pane(tab).run_action(action)

    def quit_held(self) -> bool:
        """Whether a screen in the stack (a running observation) holds off quitting."""
        return any(getattr(s, "HOLDS_QUIT", False) for s in self.screen_stack)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Quit is left out (hidden, its keys unbound) while held: its keys reach the
        screen, which says why not."""
        return not (action == "quit" and self.quit_held())

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        # Textual's "Keys" panel is left out: F1 (Help) lists the keys that work here.
        # "Theme" only when there is a choice: caseterm offers the themes it checked
        # for contrast (``colours.THEMES``).
        left_out = {"Keys"} | ({"Quit"} if self.quit_held() else set())
        left_out |= {"Theme"} if len(self.available_themes) < 2 else set()
        yield from (c for c in super().get_system_commands(screen) if c.title not in left_out)
        for title, help_text, tab, action in STUDENT_TASKS:
            yield SystemCommand(
                title,
                help_text,
                lambda tab=tab, action=action: self._student_task(screen, tab, action),
            )
        for title, help_text, action in getattr(screen, "PALETTE", ()):
            yield SystemCommand(title, help_text, lambda action=action: screen.run_action(action))
        yield SystemCommand("Due", "Every open deadline, overdue first", self.action_due)
        yield SystemCommand("Calendar", "Deadlines and meetings by month", self.action_calendar)
        yield SystemCommand("Minutes", "Service minutes across the caseload", self.action_minutes)
        yield SystemCommand(
            "Problems", "Problems found in the caseload's files", self.action_problems
        )
        yield SystemCommand("Today", "Log the day's scheduled sessions", self.action_today)
        yield SystemCommand("Week grid", "The week's schedule by time", self.action_week_grid)
        yield SystemCommand("Reload", "Read the caseload's files again", self.action_reload)
        yield SystemCommand("Sync", "Send and receive co-teachers' changes", self.action_sync)
        yield SystemCommand("Conflicts", "Resolve merge conflicts", self.action_conflicts)
        yield SystemCommand("Help", "Keys and what they do", self.action_help)
        if self.state is not None:
            for student in self.state.loaded.caseload.students:
                yield SystemCommand(
                    f"Open {student.name}",
                    f"{student.id}: grade {student.profile.grade} {student.profile.plan_type}",
                    lambda sid=student.id: self.open_student(sid),
                )
