"""Rows of the caseload screen, formatted from the engine's overview."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from rich.text import Text

from caseterm.display import safe_text
from caseterm.model.behavior import has_safety_plan
from caseterm.model.compliance import Deadline
from caseterm.model.mtss import tier_on
from caseterm.model.records import Student
from caseterm.model.views.minute_grid import is_short
from caseterm.model.views.overview import DECISION_ORDER, StudentOverview
from caseterm.tui.colours import LATE, YELLOW
from caseterm.tui.marks import decision_mark, fit, short_label, when
from caseterm.tui.minute_cells import SHORT, SHORT_STYLE
from caseterm.tui.state import State

COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("name", "Student", 20),
    ("grade", "Gr", 2),
    ("plan", "Plan", 4),
    ("due", "Next deadline", 22),
    ("minutes", "Min/wk", 8),
    ("goals", "Goals", 5),
    ("data", "Data", 4),
)
"""Key, header and width; they fit 80 columns with the table's padding. The name and
deadline columns grow with the terminal (``Widths``)."""

PADDING = 2
"""Columns a table cell adds to its width (one blank on each side)."""
SCROLLBAR = 2
"""Columns kept for the table's vertical scrollbar."""
MAX_NAME = 40
"""The name column grows no wider than this, however wide the terminal."""


@dataclass(frozen=True)
class Widths:
    """How wide the name and deadline columns are drawn."""

    name: int = 20
    due: int = 22

    def of(self, key: str, default: int) -> int:
        return {"name": self.name, "due": self.due}.get(key, default)


NARROWEST = Widths()


def widths_for(views: Sequence[StudentOverview], screen_width: int) -> Widths:
    """The widest name and deadline columns ``screen_width`` allows, no wider than the
    longest name and deadline label: the room beyond 80 columns goes first to whichever
    column is cut, half each when both are."""
    base = sum(width + PADDING for _key, _label, width in COLUMNS) + SCROLLBAR
    extra = max(0, screen_width - base)
    names = max((len(safe_text(v.student.name)) for v in views), default=0)
    labels = max((len(_due_text(v.next_deadline)) for v in views), default=0)
    need_name = max(0, min(names, MAX_NAME) - NARROWEST.name)
    need_due = max(0, labels - NARROWEST.due)
    give_name = min(need_name, max(extra // 2, extra - need_due))
    give_due = min(need_due, extra - give_name)
    return Widths(NARROWEST.name + give_name, NARROWEST.due + give_due)


def _due_text(deadline: Deadline | None) -> str:
    if deadline is None:
        return "—"
    return f"{when(deadline).plain} {short_label(deadline)}"


SortKey = tuple[int, float, str]


@dataclass(frozen=True)
class Row:
    """One student's cells, their sort keys, and the text the filter searches."""

    student_id: str
    cells: tuple[Text, ...]
    sort_keys: tuple[SortKey, ...]
    search_text: str
    plan: str = ""
    """The plan type, or ``T1``-``T3`` for an MTSS student with a tier (the plan filter)."""


def _key(value: float | None, text: str = "") -> SortKey:
    return (1, 0.0, text) if value is None else (0, value, text)


SAFETY = "⚑"
"""Before the next deadline of a student with a safety plan (``y`` on the row shows it);
a computed column, so the names drawn first (``pending``) never change."""

PENDING = "…"
"""Shown in the computed columns while the caseload's figures are still being computed."""


def plan_label(student: Student, today: date) -> str:
    """The plan column: the plan type, or an MTSS student's tier (``T1``-``T3``) today."""
    plan = student.profile.plan_type
    tier = tier_on(student, today) if student.tiers else None
    return f"T{tier}" if plan == "MTSS" and tier is not None else plan


def _plan_words(student: Student, label: str) -> str:
    tier = label[1:] if label.startswith("T") else ""
    return f" {student.profile.plan_type} tier {tier}" if tier else ""


def row_for(
    view: StudentOverview,
    today: date,
    stale_days: int,
    pending: bool = False,
    widths: Widths = NARROWEST,
) -> Row:
    """The caseload row of one student (``pending``: only who they are, figures to come),
    its name and deadline cut to ``widths``."""
    s = view.student
    plan = plan_label(s, today)
    name = Text(fit(safe_text(s.name), widths.name))
    if s.broken:
        name = Text("⚠ ", style=LATE) + Text(fit(safe_text(s.name), widths.name - 2))
    if pending:
        return _pending_row(s, name, plan)
    nxt = view.next_deadline
    if nxt is None:
        due = Text("—", style="dim")
    else:
        label = when(nxt)
        label.append(" " + fit(short_label(nxt), widths.due - 1 - len(label.plain)))
        due = label
    if has_safety_plan(s):
        due = Text(SAFETY, style=LATE) + due
        due.truncate(widths.due)
    delivered, required = view.week_delivered, view.week_required
    minutes = Text(f"{delivered}/{required}" if required else "—")
    if any(is_short(m) for m in view.week):
        minutes.append(SHORT)
        minutes.stylize(SHORT_STYLE)
    goals = Text()
    for progress in view.progress:
        goals += decision_mark(progress.decision, progress.stale)
    since = view.days_since_data(today)
    data = Text("—" if since is None else f"{since}d")
    if since is not None and since >= stale_days:
        data.stylize(YELLOW)
    worst = view.worst_decision
    cells = (name, Text(s.profile.grade), Text(plan), due, minutes, goals, data)
    sort_keys = (
        _key(None, s.name.casefold()) if not s.name else (0, 0.0, s.name.casefold()),
        _key(_grade_rank(s.profile.grade), s.name),
        (0, 0.0, s.profile.plan_type + plan + s.name),
        _key(None if nxt is None else nxt.days_left, s.name),
        _key(None if not required else delivered / required, s.name),
        _key(None if worst is None else DECISION_ORDER.index(worst), s.name),
        _key(None if since is None else -since, s.name),
    )
    search = " ".join([*(cell.plain for cell in cells), *searched_words(view)])
    search += _plan_words(s, plan)
    return Row(s.id, cells, sort_keys, search.casefold(), plan)


def searched_words(view: StudentOverview) -> list[str]:
    """What the filter finds a student by beyond the cells: the whole name, id, school,
    disabilities, services, goals, deadline and team names (cells cut long text)."""
    s = view.student
    p = s.profile
    words = [s.name, s.id, p.school, p.case_manager, *p.disabilities]
    words += [rx.service for rx in s.plan.services]
    words += [f"{g.id} {g.area} {g.measure}" for g in s.goals]
    words += [f"{t.name} {t.role}" for t in p.team]
    words += [f.name for f in p.family]
    if view.next_deadline is not None:
        words.append(view.next_deadline.title)
    return [safe_text(w) for w in words if w]


def _pending_row(s: Student, name: Text, plan: str) -> Row:
    later = tuple(Text(PENDING, style="dim") for _ in range(4))
    cells = (name, Text(s.profile.grade), Text(plan), *later)
    sort_keys = (
        (0, 0.0, s.name.casefold()),
        _key(_grade_rank(s.profile.grade), s.name),
        (0, 0.0, s.profile.plan_type + plan + s.name),
        *(_key(None, s.name) for _ in later),
    )
    search = " ".join(cell.plain for cell in cells[:3]) + f" {s.name} {s.id} "
    search += " ".join(s.profile.disabilities) + _plan_words(s, plan)
    return Row(s.id, cells, sort_keys, search.casefold(), plan)


GRADE_RANK = {"IT": -2, "PK": -1, "K": 0, "UG": 13}


def _grade_rank(grade: str) -> float | None:
    if grade in GRADE_RANK:
        return GRADE_RANK[grade]
    return float(grade) if grade.isdigit() else None


def rows_for(state: State, widths: Widths = NARROWEST) -> list[Row]:
    """Every student's row, in caseload order, its name and deadline cut to ``widths``."""
    stale_days = state.loaded.caseload.settings.stale_days
    pending = state.pending
    return [
        row_for(view, state.today, stale_days, pending, widths) for view in state.overview.students
    ]
