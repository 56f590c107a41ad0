"""Checks across one student's files, as plain functions in a list (beancount style).

Each validator takes a student and yields ``(file, key path, message)``; the store turns
key paths into lines and columns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from caseterm.model.behavior_checks import behavior_links_resolve
from caseterm.model.records import Student

Finding = tuple[str, tuple[str | int, ...], str]
Validator = Callable[[Student], Iterator[Finding]]


def points_name_known_goals(student: Student) -> Iterator[Finding]:
    """Every data point belongs to a goal of this student."""
    goals = {g.id for g in student.goals}
    for point in student.points:
        if point.goal not in goals:
            known = ", ".join(sorted(goals)) or "none yet"
            yield (
                point.source.file,
                ("point", point.source.index, "goal"),
                f"goal '{point.goal}' is not one of this student's goals ({known})",
            )


def sessions_name_prescribed_services(student: Student) -> Iterator[Finding]:
    """Every session is for a service the plan prescribes."""
    services = {p.service for p in student.plan.services}
    for session in student.sessions:
        if session.service not in services:
            known = ", ".join(sorted(services)) or "none yet"
            yield (
                session.source.file,
                ("session", session.source.index, "service"),
                f"service '{session.service}' is not prescribed in plan.toml ({known})",
            )


def goal_dates_make_sense(student: Student) -> Iterator[Finding]:
    """A goal's start date comes before its target date."""
    for goal in student.goals:
        if goal.start_date is not None and goal.start_date >= goal.target_date:
            yield (
                goal.source.file,
                ("goal", goal.source.index, "target_date"),
                f"target_date {goal.target_date} is not after start_date {goal.start_date}",
            )


def esy_services_follow_the_decision(student: Student) -> Iterator[Finding]:
    """An ESY service needs the decision that the student is eligible (34 CFR 300.106) and
    a service id of its own, so that its minutes are counted apart."""
    plan = student.plan
    regular = {p.service for p in plan.services if not p.esy}
    for p in plan.services:
        if not p.esy:
            continue
        where = ("service", p.source.index, "esy")
        if plan.esy is None or plan.esy.eligible is not True:
            yield (p.source.file, where, "esy: an ESY service needs [esy] eligible = true")
        if p.service in regular:
            yield (
                p.source.file,
                ("service", p.source.index, "service"),
                f"service '{p.service}' is also a school-year service; give the ESY service "
                "its own id (e.g. esy-" + p.service + ") so its minutes count apart",
            )


def exit_has_its_date(student: Student) -> Iterator[Finding]:
    """An exit by graduation or aging out has its date."""
    leaving = student.plan.exit
    if leaving is not None and leaving.reason and leaving.date is None:
        yield (student.plan.source.file, ("exit", "reason"), "exit: give date = the last day")


VALIDATORS: tuple[Validator, ...] = (
    points_name_known_goals,
    sessions_name_prescribed_services,
    goal_dates_make_sense,
    esy_services_follow_the_decision,
    exit_has_its_date,
    behavior_links_resolve,
)


def validate_student(student: Student) -> list[Finding]:
    """All findings of all validators for one student."""
    return [finding for check in VALIDATORS for finding in check(student)]
