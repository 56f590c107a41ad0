"""A student's compliance records as one Rich renderable: removals with the school year's
running count toward the change-of-placement limit, the deadlines they set, absences,
consents and prior written notices with their answers, the ESY decision and the exit.

Shown by the TUI's Records tab; file text is shown literally (``safe_text``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from caseterm.display import safe_text
from caseterm.model import discipline, vocab
from caseterm.model.attendance import absence_dates
from caseterm.model.calendar import SchoolDays
from caseterm.model.compliance import Deadline
from caseterm.model.records import Student

RECORD_DEADLINES: tuple[vocab.DeadlineKind, ...] = (
    "pattern-decision",
    "manifestation-review",
    "fba-bip",
    "services-consent",
    "summary-of-performance",
    "lea-notification",
)
"""The deadlines these records set or close (docs/compliance.md)."""

STATUS_STYLE = {"overdue": "bold red", "due-soon": "bold yellow", "done": "dim"}


@dataclass(frozen=True, slots=True)
class SchoolYear:
    """What the counts need: the caseload's school year and the removal limit."""

    start: date
    end: date
    limit: int
    days: SchoolDays


def _t(value: object) -> Text:
    if value is None:
        return Text("")
    if isinstance(value, bool):
        return Text("yes" if value else "no")
    if isinstance(value, date):
        return Text(value.isoformat())
    return Text(safe_text(str(value)))


def _table(title: str, columns: Sequence[str]) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", box=None)
    table.padding = (0, 1, 0, 0)
    for name in columns:
        table.add_column(name, overflow="fold")
    return table


def _facts(title: str, rows: Iterable[tuple[str, object]]) -> RenderableType:
    """A bold title line over label-value rows (a grid's title would wrap to its width)."""
    table = Table.grid(padding=(0, 1))
    table.add_column(style="dim", no_wrap=True)
    table.add_column(overflow="fold")
    for label, value in rows:
        if value not in (None, ""):
            table.add_row(Text(label), _t(value))
    return Group(Text(title, style="bold"), table)


def _none(title: str, what: str) -> Text:
    text = Text(title, style="bold")
    text.append(f": none recorded ({what})", style="dim")
    return text


def _removals(student: Student, year: SchoolYear) -> list[RenderableType]:
    counted = discipline.counted_removals(student, year.start, year.end, year.limit)
    if not counted:
        return [_none("Removals", "r adds one")]
    table = _table("Removals", ["date", "days", "kind", "year", "placement", "MDR", "reason"])
    for c in counted:
        r = c.removal
        mdr = "" if r.manifestation is None else ("manifest." if r.manifestation else "not")
        table.add_row(
            _t(r.date),
            _t(r.days),
            _t(r.kind),
            _t(c.total),
            _t(discipline.PLACEMENT_LABELS.get(c.placement, "")),
            _t(mdr),
            _t(r.reason),
        )
    total = counted[-1].total
    line = Text(
        f"{total} school {'day' if total == 1 else 'days'} removed from "
        f"{year.start.isoformat()} to {year.end.isoformat()}; more than {year.limit} may "
        f"change the placement (34 CFR 300.536): {max(year.limit - total, 0)} left"
    )
    if total > year.limit:
        line.append("\nfrom the 11th day, services continue during removals (300.530(d))")
    return [table, line]


def _deadlines(deadlines: Sequence[Deadline]) -> list[RenderableType]:
    mine = sorted((d for d in deadlines if d.kind in RECORD_DEADLINES), key=lambda d: d.due)
    if not mine:
        return []
    table = _table("Deadlines of these records", ["due", "what", "status", "rule"])
    for d in mine:
        status = d.status if d.status == "done" else f"{d.status} ({d.days_left:+d})"
        what = d.title + (f": {d.about}" if d.about else "")
        table.add_row(
            _t(d.due), _t(what), Text(status, style=STATUS_STYLE.get(d.status, "")), _t(d.rule)
        )
    return [table]


def _absences(student: Student, year: SchoolYear) -> list[RenderableType]:
    if not student.absences:
        return [_none("Absences", "a adds one")]
    table = _table("Absences", ["from", "to", "school days", "reason"])
    for a in sorted(student.absences, key=lambda a: (a.date, a.id)):
        days = year.days.school_days_between(a.date, a.to or a.date)
        table.add_row(_t(a.date), _t(a.to), _t(days), _t(a.reason))
    total = sum(1 for d in absence_dates(student) if year.days.is_school_day(d))
    return [table, Text(f"{total} school {'day' if total == 1 else 'days'} absent in all")]


def _consents(student: Student) -> list[RenderableType]:
    if not student.consents:
        return [_none("Consents", "o adds one")]
    table = _table("Consents", ["purpose", "asked", "response", "answered"])
    for c in sorted(student.consents, key=lambda c: (c.date, c.id)):
        style = {"pending": "bold yellow", "refused": "bold", "revoked": "bold"}.get(c.response)
        table.add_row(
            _t(c.purpose), _t(c.date), Text(c.response, style=style or ""), _t(c.responded)
        )
    return [table]


def _notices(student: Student) -> list[RenderableType]:
    if not student.notices:
        return [_none("Prior written notices", "n adds one")]
    table = _table("Prior written notices", ["date", "action", "subject", "description"])
    for n in sorted(student.notices, key=lambda n: (n.date, n.id)):
        table.add_row(_t(n.date), _t(n.action), _t(n.subject), _t(n.description))
    return [table]


def _esy(student: Student) -> list[RenderableType]:
    esy = student.plan.esy
    services = ", ".join(s.label for s in student.plan.services if s.esy)
    if esy is None and not services:
        return [_none("Extended school year", "y records the decision")]
    eligible = None if esy is None else esy.eligible
    return [
        _facts(
            "Extended school year",
            [
                ("decided", None if esy is None else esy.decided),
                ("eligible", eligible),
                ("services", services),
                ("note", "" if esy is None else esy.note),
            ],
        )
    ]


def _exit(student: Student) -> list[RenderableType]:
    out = student.plan.exit
    if out is None:
        return [_none("Exit", "t records it")]
    reason = f"{out.reason} ({vocab.EXIT_REASONS[out.reason]})" if out.reason else ""
    return [
        _facts(
            "Exit",
            [
                ("reason", reason),
                ("date", out.date),
                ("summary of perf.", out.summary_of_performance),
                ("note", out.note),
            ],
        )
    ]


def _part_c(student: Student) -> list[RenderableType]:
    if student.profile.plan_type != "IFSP":
        return []
    notified = student.plan.dates.lea_notification
    if notified is None:
        return [_none("LEA and SEA notification (Part C)", "l records it")]
    return [_facts("LEA and SEA notification (Part C)", [("notified", notified)])]


def records_renderable(
    student: Student, year: SchoolYear, deadlines: Sequence[Deadline]
) -> RenderableType:
    """Removals, their deadlines, absences, consents, notices, ESY, exit and (Part C) the
    LEA notification."""
    sections = [
        _removals(student, year),
        _deadlines(deadlines),
        _absences(student, year),
        _consents(student),
        _notices(student),
        _esy(student),
        _exit(student),
        _part_c(student),
    ]
    spaced: list[RenderableType] = []
    for section in sections:
        if section:
            spaced.extend([*section, Text("")])
    return Group(*spaced)
