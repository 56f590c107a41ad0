"""A progress report as Markdown: the HTML report's content, with the graph described in
words and its measurements in a table.

Text from the files is escaped so that a Markdown renderer shows it literally (no
emphasis, links or raw HTML from a name or a note).
"""

from __future__ import annotations

from caseterm.display import safe_text
from caseterm.reports.report_data import GoalReport, Report
from caseterm.reports.words import long_date, plural, with_unit

_SPECIAL = set("\\`*_[]<>|~&#")


def md(text: str) -> str:
    """``text`` on one line, with Markdown's special characters backslash-escaped."""
    flat = " ".join(safe_text(text).split())
    return "".join("\\" + c if c in _SPECIAL else c for c in flat)


def _graph_words(g: GoalReport) -> str:
    progress, goal = g.progress, g.goal
    parts = []
    if g.measurements:
        values = [m.value for m in g.measurements]
        parts.append(
            f"{plural(len(values), 'measurement')} from {long_date(g.measurements[0].date)} to "
            f"{long_date(g.measurements[-1].date)}, between {g.value(min(values))} and "
            f"{g.value(max(values))}."
        )
    else:
        parts.append("No measurements yet.")
    if progress.baseline is not None and progress.start is not None:
        parts.append(
            f"The goal line runs from {g.value(progress.baseline)} on "
            f"{long_date(progress.start)} to {g.value(goal.target)} on "
            f"{long_date(goal.target_date)}"
            + (f"; on {long_date(g.as_of)} it is at {g.value(g.expected)}." if g.expected else ".")
        )
    if progress.trend is not None:
        since = progress.phase_start or (progress.days[0].date if progress.days else g.as_of)
        slope = progress.trend.slope
        per_week = with_unit(abs(slope), goal.unit, 1) if abs(slope) >= 0.05 else ""
        if per_week:
            way = "rises" if slope > 0 else "falls"
            parts.append(f"The trend since {long_date(since)} {way} about {per_week} a week.")
        else:
            parts.append(f"The trend since {long_date(since)} is flat.")
    for phase in g.phases:
        label = phase.label or "instruction changed"
        parts.append(f"Instruction changed on {long_date(phase.start)}: {label}.")
    return md(" ".join(parts))


def _table(g: GoalReport, report: Report) -> list[str]:
    rows = g.within(report.period)
    if not rows:
        return [f"No measurements were taken during {md(report.period.name)}.", ""]
    out = [
        f"Measurements during {md(report.period.name)}:",
        "",
        "| Date | Result | Note |",
        "| --- | ---: | --- |",
    ]
    out += [f"| {long_date(m.date)} | {md(g.value(m.value))} | {md(m.note)} |" for m in rows]
    return [*out, ""]


def _goal(index: int, g: GoalReport, report: Report) -> list[str]:
    goal = g.goal
    heading = f"Goal {index}" + (f": {goal.area.capitalize()}" if goal.area else "")
    verdict = f"**{md(g.summary)}**" + (f" {md(g.action)}" if g.action else "")
    out = [
        f"## {md(heading)}",
        "",
        f"_{md(goal.statement)}_",
        "",
        verdict,
        "",
        "| Starting point | Now | Expected by now | Goal |",
        "| --- | --- | --- | --- |",
        f"| {md(g.value(g.progress.baseline))} | {md(g.value(g.current))} | "
        f"{md(g.value(g.expected))} | {md(g.value(goal.target))} by "
        f"{long_date(goal.target_date)} |",
        "",
    ]
    notes = []
    if g.progress.baseline is not None:
        notes.append(f"Starting point: {g.baseline_source}.")
    if g.current is not None:
        notes.append(f"Now: median of the last {g.current_count}.")
    if goal.measure:
        notes.append(f"Measured by: {goal.measure}.")
    if goal.mastery:
        notes.append(f"Mastery: {goal.mastery}.")
    out += [md(" ".join(notes)), "", f"Graph: {_graph_words(g)}", "", *_table(g, report)]
    return out


def render(report: Report) -> str:
    """The whole report as Markdown text."""
    student, period, profile = report.student, report.period, report.student.profile
    facts = [f"Grade {profile.grade}" if profile.grade else "", profile.school]
    span = f"{long_date(period.start)} to {long_date(period.end)}"
    so_far = " (so far: the period has not ended)" if report.partial else ""
    lines = [
        "CONFIDENTIAL STUDENT RECORD (FERPA)",
        "",
        f"# Progress report: {md(student.name)}",
        "",
        md(", ".join([f"{period.name}, {span}", *(f for f in facts if f)])),
        "",
        md(
            f"Progress toward the annual goals in {report.first_name}'s plan, as of "
            f"{long_date(report.as_of)}{so_far}."
            + (f" Case manager: {profile.case_manager}." if profile.case_manager else "")
        ),
        "",
    ]
    if not report.goals:
        lines += [md(f"No goals are recorded for {report.first_name}."), ""]
    for index, goal in enumerate(report.goals, start=1):
        lines += _goal(index, goal, report)
    caseload = f" ({report.caseload})" if report.caseload else ""
    lines += [
        "---",
        "",
        md(
            f"Made on {long_date(report.made_on)} by caseterm from caseload "
            f"{report.source}{caseload}."
        ),
        "",
    ]
    return "\n".join(lines)
