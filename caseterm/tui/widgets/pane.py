"""The contract of a student-screen tab: redraw from a student and the caseload state."""

from __future__ import annotations

from typing import Protocol, runtime_checkable

from caseterm.model.records import Student
from caseterm.tui.state import State


@runtime_checkable
class StudentPane(Protocol):
    """A tab of the student screen."""

    def show(self, student: Student, state: State) -> None: ...
