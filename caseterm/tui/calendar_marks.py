"""Shapes and words of the calendar screen: what is due shows by shape, not colour alone."""

from __future__ import annotations

import textwrap
from datetime import date

from rich.text import Text

from caseterm.display import safe_text
from caseterm.model.views.agenda import AgendaItem, worst_status
from caseterm.tui.colours import LATE, SOON

STATUS_SHAPE: dict[str, tuple[str, str]] = {
    "overdue": ("!", LATE),
    "due-soon": ("◆", SOON),
    "upcoming": ("•", ""),
    "done": ("✓", "dim"),
}
MEETING = "◷"
TODAY = "*"
NO_SCHOOL = "off"


def legend(due_soon_days: int) -> Text:
    """What the grid's shapes mean."""
    text = Text()
    for status, word in (
        ("overdue", "overdue"),
        ("due-soon", f"due in {due_soon_days}d"),
        ("upcoming", "later"),
    ):
        shape, style = STATUS_SHAPE[status]
        text.append(shape, style=style)
        text.append(f" {word}  ")
    text.rstrip()
    text.append(f"\n{MEETING} meeting  {TODAY} today  ")
    text.append(f"{NO_SCHOOL} no school")
    return text


def day_marker(items: list[AgendaItem]) -> Text:
    """A day's items in at most 4 characters: the most pressing status's shape, how many
    items, and the meeting sign when one of them is a meeting (``◆2◷``)."""
    worst = worst_status(items)
    if worst is None:
        return Text()
    shape, style = STATUS_SHAPE[worst]
    text = Text(f"{shape}{len(items)}", style=style)
    if any(item.is_meeting for item in items):
        text.append(MEETING)
    return text


def item_lines(items: list[AgendaItem], lines: int, width: int) -> list[Text]:
    """A day's items in ``lines`` lines of ``width``: for each, the shape and the student's
    first name, then what is due (``◷`` and the kind for a meeting), word-wrapped over the
    lines the cell has to spare (``…`` where it is cut); ``+2 more`` for the items that do
    not fit two lines each."""
    fits = max(1, lines // 2)
    shown = items if len(items) <= fits else items[: fits - 1]
    more = len(items) - len(shown)
    spare = lines - 2 * len(shown) - (1 if more else 0)
    out = []
    for item in shown:
        shape, style = STATUS_SHAPE.get(item.status, ("?", ""))
        who = Text(" ")
        who.append(shape, style=style)
        who.append(safe_text(item.name).split(" ", 1)[0], style="bold")
        what = safe_text(item.label.removeprefix("Meeting: "))
        wrapped = wrap_title(
            f"{MEETING + ' ' if item.is_meeting else ''}{what}", width - 1, 1 + spare
        )
        spare -= len(wrapped) - 1
        out += [who, *(Text(f" {line}") for line in wrapped)]
    if more:
        out.append(Text(f" +{more} more"))
    for line in out:
        if line.cell_len > width:
            line.truncate(width - 1)
            line.append("…")
    return (out + [Text(" ") for _ in range(lines)])[:lines]


def wrap_title(title: str, width: int, most: int) -> list[str]:
    """``title`` word-wrapped to ``width`` columns in at most ``most`` lines, the last one
    ending in ``…`` when the title goes on."""
    wrapped = textwrap.wrap(title, max(1, width)) or [""]
    if len(wrapped) <= most:
        return wrapped
    last = Text(" ".join(wrapped[most - 1 :]))
    last.truncate(width - 1)
    return [*wrapped[: most - 1], last.plain + "…"]


def days_left(item: AgendaItem) -> Text:
    """``13d late`` / ``in 5d`` / ``today``, in the status's style."""
    days = item.days_left
    word = f"{-days}d late" if days < 0 else "today" if days == 0 else f"in {days}d"
    return Text(word, style=STATUS_SHAPE.get(item.status, ("", ""))[1])


def short_date(day: date) -> str:
    """``Mon Nov 30``."""
    return f"{day:%a %b} {day.day}"


def agenda_prompt(item: AgendaItem) -> Text:
    """Three lines: shape, date, time and days left; the student; what is due (``◷`` and
    the kind of meeting for a meeting)."""
    shape, style = STATUS_SHAPE.get(item.status, ("?", ""))
    text = Text()
    text.append(shape, style=style)
    text.append(f" {short_date(item.day)}")
    if item.time is not None:
        text.append(f" {item.time:%H:%M}")
    text.append("  ")
    text.append_text(days_left(item))
    text.append("\n  ")
    text.append(safe_text(item.name), style="bold")
    text.append("\n  ")
    if item.is_meeting:
        text.append(f"{MEETING} {safe_text(item.label.removeprefix('Meeting: '))}")
    else:
        text.append(safe_text(item.label))
    return text
