"""The Evaluation tab's form that ends an intervention plan: which plan (the open ones
first) and its last day (today unless changed), read as ``caseterm mtss end --date`` reads
it; the save is that command's store function (one change, one commit)."""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from textual.markup import escape

from caseterm.display import safe_text
from caseterm.model.fields import parse_day
from caseterm.model.records import Intervention, Student
from caseterm.store.actions import assess_changes as changes
from caseterm.store.infra.save import Saved
from caseterm.tui.widgets.form import Field
from caseterm.tui.widgets.record_forms import RecordForm


def _open_first(student: Student) -> list[Intervention]:
    """Open plans, then ended ones; the latest start first in each."""
    newest = sorted(student.interventions, key=lambda i: (i.start, i.id), reverse=True)
    return [i for i in newest if i.end is None] + [i for i in newest if i.end is not None]


def _label(plan: Intervention) -> str:
    """A plan as a choice; a ``Select`` reads labels as markup, so file text is escaped."""
    until = plan.end.isoformat() if plan.end else "now"
    text = f"{plan.program} (tier {plan.tier}) {plan.start.isoformat()} to {until}"
    return escape(safe_text(text)[:60])


def end_fields(student: Student, today: date) -> list[Field]:
    plans = _open_first(student)
    return [
        Field(
            "intervention",
            "Intervention",
            choices=[(i.id, _label(i)) for i in plans],
            default=plans[0].id if plans else "",
            required=True,
        ),
        Field(
            "date",
            "Last day",
            partial(parse_day, "--date", today=today),
            today.isoformat(),
            required=True,
            placeholder="YYYY-MM-DD or today",
        ),
    ]


def save_end(root: Path, student: Student, values: dict[str, Any]) -> Saved:
    return changes.end_intervention(root, student.id, values["intervention"], values["date"])


END_FORM = RecordForm("End an intervention", end_fields, save_end, "intervention")
"""``f`` on the Evaluation tab; it needs an intervention recorded first."""
