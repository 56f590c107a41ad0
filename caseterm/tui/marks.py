"""Shapes and styles that carry meaning without colour (NO_COLOR, monochrome terminals)."""

from __future__ import annotations

from rich.text import Text

from caseterm.model.compliance import Deadline
from caseterm.model.vocab import DeadlineKind, DeadlineStatus, Decision
from caseterm.tui.colours import GREEN, LATE, YELLOW

DECISION_MARK: dict[Decision, tuple[str, str]] = {
    "raise-goal": ("▲", GREEN),
    "continue": ("●", ""),
    "change-instruction": ("▼", LATE),
    "insufficient-data": ("·", "dim"),
}
STALE_MARK = ("○", YELLOW)
DECISION_WORDS: dict[Decision, str] = {
    "raise-goal": "raise goal",
    "continue": "continue",
    "change-instruction": "change instruction",
    "insufficient-data": "insufficient data",
}
LEGEND = "▲ raise goal  ● continue  ▼ change instruction  · few data  ○ stale"
"""Each mark and its words; entries are apart by two blanks, since ``·`` is a mark here."""
STATUS_STYLE: dict[DeadlineStatus, str] = {
    "overdue": LATE,
    "due-soon": YELLOW,
    "upcoming": "",
    "done": "dim",
}


SHORT_TITLES: dict[DeadlineKind, str] = {
    "assessment-plan": "Assessment plan",
    "initial-evaluation": "Initial eval",
    "initial-iep": "Initial IEP",
    "annual-review": "Annual review",
    "reevaluation": "Reevaluation",
    "transition-plan": "Transition plan",
    "transfer-of-rights": "Rights transfer",
    "progress-report": "Report",
    "safeguards-notice": "Safeguards",
    "medicaid-notice": "Medicaid notice",
    "504-review": "504 review",
    "504-reevaluation": "504 reevaluation",
    "ifsp-initial": "Initial IFSP",
    "ifsp-review": "IFSP review",
    "part-c-transition": "Part C transition",
    "bip-review": "BIP review",
    "meeting": "Meeting",
}


def short_label(deadline: Deadline) -> str:
    """A compact label for narrow columns, e.g. ``Report Q1``, ``Meeting: eligibility``."""
    title = SHORT_TITLES.get(deadline.kind, deadline.title)
    about = deadline.about.strip("()")
    if not about:
        return title
    return f"{title}: {about}" if deadline.kind == "meeting" else f"{title} {about}"


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` characters with an ellipsis."""
    return text if len(text) <= width else text[: width - 1] + "…"


def decision_mark(decision: Decision, stale: bool) -> Text:
    """One character for a goal's decision (``○`` when its data is stale)."""
    char, style = STALE_MARK if stale else DECISION_MARK.get(decision, ("?", ""))
    return Text(char, style=style)


def when(deadline: Deadline) -> Text:
    """``13d late`` / ``in 5d`` / ``today`` / ``done``, styled by status."""
    days = deadline.days_left
    if deadline.status == "done":
        text = "done"
    elif days < 0:
        text = f"{-days}d late"
    elif days == 0:
        text = "today"
    else:
        text = f"in {days}d"
    return Text(text, style=STATUS_STYLE.get(deadline.status, ""))
