"""A student at a glance as one Rich renderable: the safety plan first, then profile, plan
dates, placement, supports, services, transition, behaviour plan, team and family. Shown
by ``caseterm student show`` and the TUI's Overview tab; file text is shown literally."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from caseterm.display import safe_text
from caseterm.model import behavior, vocab
from caseterm.model.compliance import Deadline
from caseterm.model.records import Student


def _t(value: object) -> Text:
    if isinstance(value, date):
        return Text(value.isoformat())
    return Text(safe_text("" if value is None else str(value)))


def _facts(title: str, rows: Sequence[tuple[str, object]]) -> Table:
    table = Table.grid(padding=(0, 1))
    table.title = title
    table.title_justify = "left"
    table.title_style = "bold"
    table.add_column(style="dim", no_wrap=True)
    table.add_column()
    for label, value in rows:
        if value not in (None, "", ()):
            table.add_row(Text(label), _t(value))
    return table


def _age(birth: date | None, today: date) -> str:
    if birth is None:
        return ""
    years = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
    return f"{birth.isoformat()} (age {years})"


def _due(deadlines: Sequence[Deadline]) -> Table:
    """The student's open deadlines, overdue first; "late" and "in" say which side."""
    table = Table.grid(padding=(0, 1))
    table.title, table.title_justify, table.title_style = "Due", "left", "bold"
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, justify="right")
    table.add_column()
    for d in sorted(deadlines, key=lambda d: (d.due, d.kind, d.about)):
        late = d.days_left < 0
        when = (
            f"{-d.days_left}d late"
            if late
            else ("today" if not d.days_left else f"in {d.days_left}d")
        )
        label = d.label + (" (estimated)" if d.estimated else "")
        table.add_row(Text(d.due.isoformat()), Text(when, style="bold" if late else ""), _t(label))
    return table


def overview_renderable(
    student: Student, today: date, deadlines: Sequence[Deadline] | None = None
) -> RenderableType:
    """Everything on the overview tab as one Rich renderable (text shown literally); with
    ``deadlines``, a "Due" section lists the open ones after the safety plan."""
    p, plan = student.profile, student.plan
    parts: list[RenderableType] = []
    if student.safety is not None and behavior.has_safety_plan(student):
        safety = _facts("! SAFETY PLAN", behavior.safety_lines(student.safety))
        safety.title_style = "bold reverse"
        parts.append(safety)
    if deadlines is not None:
        open_items = [d for d in deadlines if d.status != "done"]
        parts.append(_due(open_items) if open_items else Text("Due: nothing open", style="bold"))
    disabilities = ", ".join(f"{c} ({vocab.DISABILITIES.get(c, '?')})" for c in p.disabilities)
    parts.append(
        _facts(
            "Profile",
            [
                ("grade", p.grade),
                ("school", p.school),
                ("plan", p.plan_type),
                ("disabilities", disabilities),
                ("born", _age(p.birth_date, today)),
                ("case manager", p.case_manager),
                ("note", p.note),
            ],
        )
    )
    dates = [(k.replace("_", " "), getattr(plan.dates, k)) for k in plan.dates.__struct_fields__]
    placement = f"{plan.lre} — {vocab.LRE_SETTINGS[plan.lre]}" if plan.lre else ""
    parts.append(_facts("Plan", [("placement", placement), *dates, ("note", plan.note)]))
    if plan.accommodations or plan.modifications:
        lists = Table.grid(padding=(0, 1))
        lists.title, lists.title_justify, lists.title_style = "Supports", "left", "bold"
        lists.add_column(style="dim", no_wrap=True)
        lists.add_column()
        for item in plan.accommodations:
            lists.add_row(Text("accommodation"), _t(item))
        for item in plan.modifications:
            lists.add_row(Text("modification"), _t(item))
        parts.append(lists)
    if plan.services:
        services = Table(title="Services", title_justify="left", title_style="bold", box=None)
        for column in ("service", "minutes", "setting", "provider", "dates"):
            services.add_column(column, style="" if column != "service" else "bold")
        for s in sorted(plan.services, key=lambda s: (s.service, s.start)):
            span = s.start.isoformat() + (f" – {s.end.isoformat()}" if s.end else "")
            services.add_row(
                _t(s.label), _t(f"{s.minutes}/{s.per}"), _t(s.setting), _t(s.provider), _t(span)
            )
        parts.append(services)
    if plan.transition is not None:
        t = plan.transition
        parts.append(
            _facts(
                "Transition plan",
                [
                    ("in plan since", t.date),
                    ("education", t.education),
                    ("employment", t.employment),
                    ("independent living", t.independent_living),
                    ("courses", ", ".join(t.courses)),
                    ("agencies", ", ".join(t.agencies)),
                ],
            )
        )
    b = behavior.behavior_plan(student)
    if b is not None:
        parts.append(
            _facts(
                "Behavior plan",
                [
                    ("adopted", b.adopted),
                    ("review", b.review),
                    ("behaviors", ", ".join(b.target_behaviors)),
                ],
            )
        )
    if p.team:
        parts.append(_facts("Team", [(m.role or "member", f"{m.name} {m.email}") for m in p.team]))
    if p.family:
        family = [
            (
                f.relationship or "family",
                " · ".join(x for x in (f.name, f.phone, f.email, f.language) if x),
            )
            for f in p.family
        ]
        parts.append(_facts("Family", family))
    spaced: list[RenderableType] = []
    for part in parts:
        spaced.extend([part, Text("")])
    return Group(*spaced)
