"""History tab: the git log of this student's files; enter shows a commit's diff."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from caseterm.display import safe_text
from caseterm.model.records import Student
from caseterm.store.infra import git, layout
from caseterm.tui.focus import focus_now
from caseterm.tui.host import host_of
from caseterm.tui.state import State
from caseterm.tui.widgets.requests import OpenCommit


class HistoryPane(Vertical):
    """Who changed what and when, newest first."""

    def __init__(self) -> None:
        super().__init__()
        self.student_id = ""
        self.repo_folder: tuple[str, str] | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="history-note", markup=False)
        yield DataTable(id="history-table", cursor_type="row")

    def on_mount(self) -> None:
        table = self.query_one("#history-table", DataTable)
        table.add_column("commit", key="commit", width=8)
        table.add_column("date", key="date", width=16)
        table.add_column("author", key="author", width=16)
        table.add_column("change", key="change")

    def focus_default(self) -> None:
        focus_now(self.query_one("#history-table", DataTable))

    def show(self, student: Student, state: State) -> None:
        self.student_id = student.id
        self._load(student.id)

    @work(thread=True, exclusive=True, group="history")
    def _load(self, student_id: str) -> None:
        root = host_of(self).root
        repo = git.find_repo(root)
        if repo is None:
            self.app.call_from_thread(self._fill, [], "Not a git repository: no history.")
            return
        folder = layout.student_dir(root, student_id).resolve().relative_to(repo.resolve())
        commits = git.log(repo, [folder.as_posix()], limit=200)
        self.repo_folder = (str(repo), folder.as_posix())
        note = "enter: show what the commit changed"
        self.app.call_from_thread(self._fill, commits, note)

    def _fill(self, commits: list[git.CommitInfo], note: str) -> None:
        self.query_one("#history-note", Static).update(note)
        table = self.query_one("#history-table", DataTable)
        table.clear()
        for c in commits:
            table.add_row(
                Text(c.sha[:8]),
                Text(c.when.strftime("%Y-%m-%d %H:%M")),
                Text(safe_text(c.author)),
                Text(safe_text(c.subject)),
                key=c.sha,
            )

    @on(DataTable.RowSelected, "#history-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        if self.repo_folder is None or event.row_key.value is None:
            return
        repo, folder = self.repo_folder
        self.post_message(OpenCommit(repo, str(event.row_key.value), folder))
