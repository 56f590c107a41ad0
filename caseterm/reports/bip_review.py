"""The BIP review report: per target behaviour, the data graphed with phase lines and
summarised per phase; fidelity; IOA; the ABC summary; the safety plan. HTML (one
self-contained printable file with inline SVG) or Markdown. File text is escaped."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from html import escape

from caseterm.model import behavior, ioa
from caseterm.model.behavior import AbcSummary, Measure, PhaseStart, PhaseSummary
from caseterm.model.records import Bip, FidelityCheck, Student
from caseterm.reports.html import CSS
from caseterm.reports.markdown import md
from caseterm.reports.words import long_date

WIDTH, HEIGHT, LEFT, RIGHT, TOP, BOTTOM = 640, 240, 48, 12, 20, 32


@dataclass(frozen=True, slots=True)
class BehaviorSection:
    """One target behaviour: its sessions' figures and each phase's summary."""

    name: str
    definition: str
    replacement: str
    method: str
    unit: str
    data: tuple[Measure, ...]
    phases: tuple[PhaseSummary, ...]
    abc: AbcSummary


@dataclass(frozen=True, slots=True)
class BipReview:
    """Everything the report shows, as of ``today``."""

    student: Student
    bip: Bip
    today: date
    starts: tuple[PhaseStart, ...]
    behaviors: tuple[BehaviorSection, ...]
    fidelity: tuple[FidelityCheck, ...]
    mean_fidelity: float | None
    agreements: tuple[ioa.SessionAgreement, ...]
    abc: AbcSummary


def bip_review(student: Student, today: date) -> BipReview | None:
    """The review of the student's latest BIP (None: no BIP)."""
    bip = behavior.current_bip(student)
    if bip is None:
        return None
    definitions = {t.name: t.definition for f in student.fbas for t in f.targets}
    sections = []
    for name in behavior.behavior_names(student):
        target = behavior.bip_target(student, name)
        data = tuple(m for m in behavior.measures(student, name) if m.date <= today)
        method = data[0].method if data else (target.method if target else "frequency")
        sections.append(
            BehaviorSection(
                name=name,
                definition=definitions.get(name, ""),
                replacement=target.replacement if target else "",
                method=method,
                unit=behavior.UNITS[method],
                data=data,
                phases=tuple(behavior.phase_summaries(student, name)),
                abc=behavior.abc_summary(student.abc_events, name),
            )
        )
    primary = {o.id for o in behavior.primary_sessions(student.observations)}
    by_period = {(o.date, o.start): o for o in student.observations if o.id in primary}
    agreements = tuple(
        ioa.session_agreement(by_period[(o.date, o.start)], o)
        for o in sorted(student.observations, key=lambda o: (o.date, o.id))
        if o.id not in primary and (o.date, o.start) in by_period
    )
    return BipReview(
        student=student,
        bip=bip,
        today=today,
        starts=tuple(behavior.phase_starts(student)),
        behaviors=tuple(sections),
        fidelity=tuple(c for c in student.fidelity_checks if c.date <= today),
        mean_fidelity=behavior.mean_fidelity(student, end=today),
        agreements=agreements,
        abc=behavior.abc_summary(student.abc_events),
    )


def _n(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:.{digits}f}".rstrip("0").rstrip(".")


def _phase_rows(section: BehaviorSection) -> list[tuple[str, ...]]:
    return [
        (
            p.label,
            str(p.sessions),
            _n(p.median),
            _n(p.mean),
            "-" if p.trend is None else f"{p.trend.slope:+.1f}",
            "-" if p.low is None else f"{_n(p.low)} to {_n(p.high)}",
        )
        for p in section.phases
    ]


PHASE_HEADER = ("Phase", "Sessions", "Median", "Mean", "Trend per week", "Range")


def _ranked(items: tuple[tuple[str, int], ...], top: int = 3) -> str:
    return ", ".join(f"{text} ({count})" for text, count in items[:top]) or "none recorded"


# --- SVG -------------------------------------------------------------------------------


def behavior_svg(section: BehaviorSection, starts: tuple[PhaseStart, ...], ident: str) -> str:
    """The behaviour's figure per session, joined within each phase, with phase lines."""
    data = section.data
    title = f"{section.name}: {section.unit} per session"
    if not data:
        return f'<p id="{escape(ident)}">No sessions recorded.</p>'
    first, last = data[0].date, max(data[-1].date, data[0].date + timedelta(days=7))
    high = max(m.value for m in data) * 1.1 or 1.0
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(day: date) -> float:
        return LEFT + plot_w * (day - first).days / max((last - first).days, 1)

    def y(value: float) -> float:
        return TOP + plot_h * (1 - value / high)

    parts = [
        f'<svg id="{escape(ident)}" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{TOP + plot_h}" stroke="#000"/>',
        f'<line x1="{LEFT}" y1="{TOP + plot_h}" x2="{WIDTH - RIGHT}" y2="{TOP + plot_h}" '
        'stroke="#000"/>',
        f'<text x="{LEFT - 4}" y="{TOP + 4}" text-anchor="end" font-size="10">{_n(high)}</text>',
        f'<text x="{LEFT - 4}" y="{TOP + plot_h}" text-anchor="end" font-size="10">0</text>',
        f'<text x="{LEFT}" y="{HEIGHT - 8}" font-size="10">{first.isoformat()}</text>',
        f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 8}" text-anchor="end" font-size="10">'
        f"{last.isoformat()}</text>",
    ]
    boundaries = [s for s in starts if first < s.start <= last]
    for s in boundaries:
        px = x(s.start) - 2
        parts.append(
            f'<line class="phase" x1="{px:.1f}" y1="{TOP}" x2="{px:.1f}" y2="{TOP + plot_h}" '
            'stroke="#000" stroke-dasharray="6 3 1 3"/>'
        )
        parts.append(
            f'<text x="{px + 3:.1f}" y="{TOP + 10}" font-size="10">{escape(s.label)}</text>'
        )
    edges = [s.start for s in boundaries]
    segments: list[list[Measure]] = [[]]
    for m in data:
        while edges and m.date >= edges[0]:
            edges.pop(0)
            segments.append([])
        segments[-1].append(m)
    for segment in segments:
        if len(segment) > 1:
            points = " ".join(f"{x(m.date):.1f},{y(m.value):.1f}" for m in segment)
            parts.append(f'<polyline points="{points}" fill="none" stroke="#000"/>')
    for m in data:
        parts.append(
            f'<circle class="point" cx="{x(m.date):.1f}" cy="{y(m.value):.1f}" r="3">'
            f"<title>{m.date.isoformat()}: {_n(m.value)}</title></circle>"
        )
    parts.append("</svg>")
    return "".join(parts)


# --- HTML ------------------------------------------------------------------------------


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table><tr>{head}</tr>{body}</table>"


def _fidelity_rows(review: BipReview) -> list[tuple[str, ...]]:
    return [
        (c.date.isoformat(), c.observer, f"{_n(c.percent, 0)}%", "; ".join(c.missed))
        for c in review.fidelity
    ]


def _ioa_rows(review: BipReview) -> list[tuple[str, ...]]:
    return [
        (
            a.first.date.isoformat(),
            f"{a.first.observer} / {a.second.observer}",
            f.behavior,
            f.method,
            f"{_n(f.percent)}%" if f.percent is not None else f"- ({f.why})",
            "yes" if f.acceptable else "no",
        )
        for a in review.agreements
        for f in a.figures
    ]


IOA_HEADER = ("Date", "Observers", "Behaviour", "Method", "Agreement", "80% or more")
FIDELITY_HEADER = ("Date", "Observer", "Implemented", "Missed")


def render_html(review: BipReview) -> str:
    """The report as one HTML document."""
    s, bip = review.student, review.bip
    out = [
        "<!DOCTYPE html>\n",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{escape(f'BIP review: {s.name}')}</title><style>{CSS}</style></head><body>",
        '<header><p class="confidential">Confidential student record (FERPA)</p>',
        f"<h1>Behavior intervention plan review: {escape(s.name)}</h1>",
        f'<p class="meta">BIP adopted {escape(long_date(bip.adopted))}'
        + "".join(f"; revised {escape(long_date(d))}" for d in bip.revised)
        + (f"; review due {escape(long_date(bip.review))}" if bip.review else "")
        + f". Data as of {escape(long_date(review.today))}.</p></header><main>",
    ]
    for number, section in enumerate(review.behaviors, start=1):
        out.append(f'<section class="goal"><h2>{escape(section.name)}</h2>')
        if section.definition:
            out.append(f'<p class="statement">{escape(section.definition)}</p>')
        if section.replacement:
            out.append(f"<p>Replacement behaviour: {escape(section.replacement)}.</p>")
        out.append(f"<p>Measured by {escape(section.method)}: {escape(section.unit)}.</p>")
        out.append(f"<figure>{behavior_svg(section, review.starts, f'behavior-{number}')}</figure>")
        out.append(_table(PHASE_HEADER, _phase_rows(section)))
        out.append(
            f"<p>ABC: {section.abc.events} events; antecedents: "
            f"{escape(_ranked(section.abc.antecedents))}; consequences: "
            f"{escape(_ranked(section.abc.consequences))}.</p></section>"
        )
    mean = f" Mean: {_n(review.mean_fidelity, 0)}% implemented." if review.mean_fidelity else ""
    out.append(f'<section class="goal"><h2>Fidelity of implementation</h2><p>{escape(mean)}</p>')
    out.append(_table(FIDELITY_HEADER, _fidelity_rows(review)) + "</section>")
    out.append('<section class="goal"><h2>Interobserver agreement</h2>')
    out.append(_table(IOA_HEADER, _ioa_rows(review)) + "</section>")
    out.append(_abc_html(review.abc))
    if s.safety is not None and behavior.has_safety_plan(s):
        rows = "".join(
            f"<tr><th>{escape(h)}</th><td>{escape(t)}</td></tr>"
            for h, t in behavior.safety_lines(s.safety)
        )
        out.append(f'<section class="goal"><h2>Safety plan</h2><table>{rows}</table></section>')
    out.append("</main></body></html>\n")
    return "".join(out)


def _abc_html(abc: AbcSummary) -> str:
    parts = [
        ("Most frequent antecedents", _ranked(abc.antecedents, 5)),
        ("Most frequent consequences", _ranked(abc.consequences, 5)),
        ("By hour of the day", _ranked(abc.by_hour, 24)),
        ("By setting", _ranked(abc.by_setting, 5)),
    ]
    items = "".join(f"<li>{escape(h)}: {escape(t)}</li>" for h, t in parts)
    return (
        f'<section class="goal"><h2>ABC summary</h2><p>{abc.events} events.</p>'
        f"<ul>{items}</ul></section>"
    )


# --- Markdown --------------------------------------------------------------------------


def _md_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def render_markdown(review: BipReview) -> str:
    """The report as Markdown (graphs as tables of the sessions' figures)."""
    s, bip = review.student, review.bip
    dates = f"adopted {long_date(bip.adopted)}" + "".join(
        f"; revised {long_date(d)}" for d in bip.revised
    )
    due = f"; review due {long_date(bip.review)}" if bip.review else ""
    lines = [
        f"# Behavior intervention plan review: {md(s.name)}",
        "",
        "Confidential student record (FERPA).",
        "",
        f"BIP {md(dates + due)}. Data as of {md(long_date(review.today))}.",
        "",
    ]
    for section in review.behaviors:
        lines += [f"## {md(section.name)}", ""]
        if section.definition:
            lines += [f"Definition: {md(section.definition)}", ""]
        if section.replacement:
            lines += [f"Replacement behaviour: {md(section.replacement)}", ""]
        lines += [f"Measured by {md(section.method)}: {md(section.unit)}.", ""]
        lines += _md_table(PHASE_HEADER, _phase_rows(section))
        lines += _md_table(
            ("Date", "Observer", "Figure"),
            [(m.date.isoformat(), m.observer, _n(m.value)) for m in section.data],
        )
        lines += [
            f"ABC: {section.abc.events} events; antecedents: {md(_ranked(section.abc.antecedents))}"
            f"; consequences: {md(_ranked(section.abc.consequences))}.",
            "",
        ]
    lines += ["## Fidelity of implementation", ""]
    if review.mean_fidelity is not None:
        lines += [f"Mean: {_n(review.mean_fidelity, 0)}% implemented.", ""]
    lines += _md_table(FIDELITY_HEADER, _fidelity_rows(review))
    lines += ["## Interobserver agreement", ""]
    lines += _md_table(IOA_HEADER, _ioa_rows(review))
    abc = review.abc
    lines += [
        "## ABC summary",
        "",
        f"- Most frequent antecedents: {md(_ranked(abc.antecedents, 5))}",
        f"- Most frequent consequences: {md(_ranked(abc.consequences, 5))}",
        f"- By hour of the day: {md(_ranked(abc.by_hour, 24))}",
        f"- By setting: {md(_ranked(abc.by_setting, 5))}",
        "",
    ]
    if s.safety is not None and behavior.has_safety_plan(s):
        lines += ["## Safety plan", ""]
        lines += [f"- {md(h)}: {md(t)}" for h, t in behavior.safety_lines(s.safety)]
        lines += [""]
    return "\n".join(lines)
