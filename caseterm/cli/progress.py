"""``caseterm progress``: is each goal on track? Aimline, trend and decision per goal."""

from __future__ import annotations

import argparse
from typing import Any

from caseterm.cli import common
from caseterm.cli.reading import load_one
from caseterm.model.fields import check_slug
from caseterm.model.progress import GoalProgress, student_progress
from caseterm.store.infra.errors import InputError

DECISION_STYLE = {
    "raise-goal": "green",
    "change-instruction": "bold red",
    "continue": "",
    "insufficient-data": "dim",
}


def register(sub: argparse._SubParsersAction[Any]) -> None:
    progress = sub.add_parser(
        "progress",
        help="progress-monitoring decisions per goal (aimline, trend, four-point rule)",
    )
    progress.add_argument("student", metavar="STUDENT")
    progress.add_argument("goal", metavar="GOAL", nargs="?", help="one goal (default: all)")
    common.add_json(progress)
    common.add_today(progress)
    progress.set_defaults(handler=run_progress)


def _num(value: float | None, places: int = 4) -> float | int | None:
    if value is None:
        return None
    rounded = round(value, places)
    return int(rounded) if float(rounded).is_integer() else rounded


def progress_json(p: GoalProgress) -> dict[str, Any]:
    """The stable JSON form of one goal's progress (docs/json-and-csv.md)."""
    goal = p.goal
    return {
        "student": p.student,
        "goal": goal.id,
        "unit": goal.unit,
        "direction": goal.direction,
        "points": p.points,
        "start": p.start.isoformat() if p.start else None,
        "baseline": _num(p.baseline),
        "target": _num(goal.target),
        "target_date": goal.target_date.isoformat(),
        "aimline_slope_per_week": _num(p.aimline.slope) if p.aimline else None,
        "trend_slope_per_week": _num(p.trend.slope) if p.trend else None,
        "trend_intercept": _num(p.trend.intercept) if p.trend else None,
        "tukey_slope_per_week": _num(p.tukey.slope) if p.tukey else None,
        "phase_start": p.phase_start.isoformat() if p.phase_start else None,
        "phase_points": len(p.phase_days),
        "projected_date": p.projected_date.isoformat() if p.projected_date else None,
        "last3": p.last3,
        "four_point_rule": p.four_point,
        "trend_rule": p.trend_rule,
        "decision": p.decision,
        "last_date": p.last_date.isoformat() if p.last_date else None,
        "last_value": _num(p.days[-1].value) if p.days else None,
        "stale": p.stale,
        "mastery": {
            "criterion": p.mastery.criterion,
            "status": p.mastery.status,
            "detail": p.mastery.detail,
        },
    }


def run_progress(args: argparse.Namespace) -> int:
    today = common.today_of(args)
    loaded = load_one(args, today, "STUDENT", args.student)
    student = loaded.caseload.students[0]
    results = student_progress(student, loaded.caseload.settings, today)
    if args.goal is not None:
        check_slug("GOAL", args.goal)
        results = [p for p in results if p.goal.id == args.goal]
        if not results:
            known = ", ".join(g.id for g in student.goals) or "none yet"
            raise InputError(f"GOAL: '{args.goal}' is not a goal of {student.id} ({known})")
    if args.json:
        common.print_json([progress_json(p) for p in results])
        return 0
    _print_table(student.id, results, today.isoformat())
    return 0


def _fmt(value: float | None, suffix: str = "") -> str:
    shown = _num(value, 2)
    return "" if shown is None else f"{shown:g}{suffix}"


def _print_table(student: str, results: list[GoalProgress], today: str) -> None:
    out = common.console()
    if not results:
        out.print(f"{student} has no goals yet (caseterm goal add).", markup=False)
        return
    table = common.table(
        f"Progress of {student} as of {today}",
        ["goal", "points", "aim/wk", "trend/wk", "last 3", "decision"],
    )
    for column in table.columns[1:4]:
        column.justify = "right"
    for p in results:
        decision = common.cell(p.decision)
        decision.stylize(DECISION_STYLE.get(p.decision, ""))
        table.add_row(
            common.cell(p.goal.id),
            common.cell(p.points),
            common.cell(_fmt(p.aimline.slope if p.aimline else None)),
            common.cell(_fmt(p.trend.slope if p.trend else None)),
            common.cell(p.last3),
            decision,
        )
    out.print(table)
    for p in results:
        out.print(common.cell(summary(p)))


def summary(p: GoalProgress) -> str:
    """One goal's progress in a sentence or two, for people."""
    goal = p.goal
    parts = [f"{goal.id}: target {_fmt(goal.target)} {goal.unit}".rstrip()]
    parts[0] += f" by {goal.target_date.isoformat()}"
    if p.baseline is not None:
        parts.append(f"baseline {_fmt(p.baseline)}")
    if p.projected_date is not None:
        parts.append(f"trend reaches the target {p.projected_date.isoformat()}")
    elif p.trend is not None:
        parts.append("trend never reaches the target")
    if p.phase_start is not None:
        parts.append(f"phase since {p.phase_start.isoformat()} ({len(p.phase_days)} points)")
    last = f"last data {p.last_date.isoformat()}" if p.last_date else "no data yet"
    parts.append(last + (" (stale)" if p.stale else ""))
    if p.mastery.status != "none":
        parts.append(f"mastery {p.mastery.status.replace('-', ' ')}")
    text = "; ".join(parts) + "."
    if p.four_point != p.trend_rule and "insufficient-data" not in (p.four_point, p.trend_rule):
        text += f" The trend rule says {p.trend_rule}; the decision follows the four-point rule."
    return text
