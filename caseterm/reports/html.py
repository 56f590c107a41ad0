"""A progress report as one self-contained, printable HTML file.

No external resources: the CSS is inline and each goal's graph is inline SVG. Every text
that comes from the caseload's files is escaped, so names and notes show literally.
"""

from __future__ import annotations

from html import escape

from caseterm.display import safe_text
from caseterm.reports.report_data import GoalReport, Report
from caseterm.reports.svg import goal_svg
from caseterm.reports.words import long_date

CSS = """
:root { color: #000; background: #fff; }
body { font-family: Georgia, "Times New Roman", serif; font-size: 12pt; line-height: 1.4;
  max-width: 46rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.6em; margin: 0.2em 0; }
h2 { font-size: 1.2em; margin: 0 0 0.3em; border-bottom: 1px solid #000; }
.confidential { font-family: Helvetica, Arial, sans-serif; font-size: 0.8em;
  letter-spacing: 0.05em; text-transform: uppercase; margin: 0; }
.meta { margin: 0.2em 0; }
.goal { margin: 1.6em 0; break-inside: avoid; page-break-inside: avoid; }
.statement { font-style: italic; }
.verdict { border-left: 4px solid #000; padding: 0.3em 0.7em; margin: 0.6em 0; }
table { border-collapse: collapse; margin: 0.4em 0; }
th, td { border: 1px solid #000; padding: 0.15em 0.5em; text-align: left;
  vertical-align: top; }
td.number, th.number { text-align: right; }
table.numbers td, table.numbers th { text-align: center; }
.measurements { font-size: 0.9em; }
figure { margin: 0.5em 0; }
figcaption { font-size: 0.85em; }
footer { border-top: 1px solid #000; margin-top: 2em; padding-top: 0.5em;
  font-size: 0.85em; }
@page { margin: 1.6cm; }
@media print {
  body { margin: 0; max-width: none; font-size: 11pt; }
  .goal { page-break-inside: avoid; }
}
"""


def _e(text: str) -> str:
    return escape(safe_text(text), quote=True)


def _numbers(g: GoalReport, report: Report) -> str:
    goal = g.goal
    baseline = g.progress.baseline
    start = f"<br><small>{_e(g.baseline_source)}</small>" if baseline is not None else ""
    current = ""
    if g.current is not None:
        current = f"<br><small>median of the last {g.current_count}</small>"
    expected = f"on {_e(long_date(report.as_of))}" if g.expected is not None else "no goal line yet"
    return (
        '<table class="numbers"><tr><th>Starting point</th><th>Now</th>'
        "<th>Expected by now</th><th>Goal</th></tr>"
        f"<tr><td>{_e(g.value(baseline))}{start}</td>"
        f"<td>{_e(g.value(g.current))}{current}</td>"
        f"<td>{_e(g.value(g.expected))}<br><small>{expected}</small></td>"
        f"<td>{_e(g.value(goal.target))}<br><small>by {_e(long_date(goal.target_date))}"
        "</small></td></tr></table>"
    )


def _measurements(g: GoalReport, report: Report) -> str:
    rows = g.within(report.period)
    if not rows:
        return f"<p>No measurements were taken during {_e(report.period.name)}.</p>"
    body = "".join(
        f"<tr><td>{_e(long_date(m.date))}</td><td class='number'>{_e(g.value(m.value))}</td>"
        f"<td>{_e(m.note)}</td></tr>"
        for m in rows
    )
    return (
        f'<table class="measurements"><caption>Measurements during '
        f"{_e(report.period.name)}</caption>"
        '<tr><th>Date</th><th class="number">Result</th><th>Note</th></tr>'
        f"{body}</table>"
    )


def _phases(g: GoalReport) -> str:
    if not g.phases:
        return ""
    items = "".join(
        f"<li>{_e(long_date(p.start))}: {_e(p.label or 'instruction changed')}</li>"
        for p in g.phases
    )
    return f"<p>Changes of instruction:</p><ul>{items}</ul>"


def _goal(index: int, g: GoalReport, report: Report) -> str:
    goal = g.goal
    heading = f"Goal {index}" + (f": {goal.area.capitalize()}" if goal.area else "")
    how = f"Measured by: {goal.measure}. " if goal.measure else ""
    mastery = f"Mastery: {goal.mastery}." if goal.mastery else ""
    verdict = f"<strong>{_e(g.summary)}</strong>" + (f" {_e(g.action)}" if g.action else "")
    return (
        f'<section class="goal" id="goal-{index}">'
        f"<h2>{_e(heading)}</h2>"
        f'<p class="statement">{_e(goal.statement)}</p>'
        f'<p class="verdict">{verdict}</p>'
        f"{_numbers(g, report)}"
        f"<figure>{goal_svg(g, f'goal-{index}-graph')}"
        f"<figcaption>{_e(how + mastery)}</figcaption></figure>"
        f"{_phases(g)}{_measurements(g, report)}</section>"
    )


def _header(report: Report) -> str:
    student, period = report.student, report.period
    profile = student.profile
    plans = {"IEP": "IEP", "504": "Section 504 plan", "IFSP": "IFSP", "MTSS": "MTSS plan"}
    plan = plans.get(profile.plan_type, "plan")
    facts = [f"Grade {profile.grade}" if profile.grade else "", profile.school]
    facts = [f for f in facts if f]
    span = f"{long_date(period.start)} to {long_date(period.end)}"
    so_far = " (so far: the period has not ended)" if report.partial else ""
    manager = f" Case manager: {profile.case_manager}." if profile.case_manager else ""
    return (
        "<header>"
        '<p class="confidential">Confidential student record (FERPA)</p>'
        f"<h1>Progress report: {_e(student.name)}</h1>"
        f'<p class="meta">{_e(period.name)}, {_e(span)}'
        + "".join(f" · {_e(f)}" for f in facts)
        + "</p>"
        f'<p class="meta">Progress toward the annual goals in {_e(report.first_name)}\'s '
        f"{_e(plan)}, as of {_e(long_date(report.as_of))}{_e(so_far)}.{_e(manager)}</p>"
        "</header>"
    )


def _footer(report: Report) -> str:
    caseload = f" ({report.caseload})" if report.caseload else ""
    return (
        "<footer>"
        "<p><strong>How to read the graphs.</strong> Each dot is one measurement. The dashed "
        "goal line runs from the starting point to the goal (the open square) on the goal "
        "date: dots on or ahead of it mean progress fast enough to meet the goal. The dotted "
        "trend line shows the rate of progress since the last change of instruction "
        "(dash-dot vertical lines). Results on the same day are combined.</p>"
        f"<p>Made on {_e(long_date(report.made_on))} by caseterm from caseload "
        f"{_e(report.source)}{_e(caseload)}.</p>"
        "</footer>"
    )


def render(report: Report) -> str:
    """The whole report as one HTML document."""
    if report.goals:
        goals = "".join(_goal(i, g, report) for i, g in enumerate(report.goals, start=1))
    else:
        goals = f"<p>No goals are recorded for {_e(report.first_name)}.</p>"
    title = f"Progress report {report.period.name}: {report.student.name}"
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{CSS}</style></head>"
        f"<body>{_header(report)}<main>{goals}</main>{_footer(report)}</body></html>\n"
    )
