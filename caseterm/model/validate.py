"""Checks across one student's files, as plain functions in a list (beancount style).

Each validator takes a student and yields ``(file, key path, message)``; the store turns
key paths into lines and columns.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

from caseterm.model.behavior_checks import behavior_links_resolve
from caseterm.model.fields import FieldError, check_goal_value
from caseterm.model.records import PlanDates, Student

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


def ifsp_services_in_natural_environments(student: Student) -> Iterator[Finding]:
    """Part C services are given in natural environments, or the IFSP says why not
    (34 CFR 303.126, 303.344(d)(1))."""
    if student.profile.plan_type != "IFSP":
        return
    for p in student.plan.services:
        if p.setting == "natural-environment" or p.justification.strip():
            continue
        yield (
            p.source.file,
            ("service", p.source.index, "setting"),
            f"setting: an IFSP service is given in the natural environment (setting = "
            f'"natural-environment"), or "{p.setting}" needs justification = "why not" '
            "(34 CFR 303.344(d)(1))",
        )


def exit_has_its_date(student: Student) -> Iterator[Finding]:
    """An exit by graduation or aging out has its date."""
    leaving = student.plan.exit
    if leaving is not None and leaving.reason and leaving.date is None:
        yield (student.plan.source.file, ("exit", "reason"), "exit: give date = the last day")


def plan_dates_problem(dates: PlanDates) -> tuple[str, str] | None:
    """``(key, message)`` when the plan ends before it starts, else None."""
    start, end = dates.plan_start, dates.plan_end
    if start is not None and end is not None and end <= start:
        return "plan_end", f"plan_end {end} is not after plan_start {start}"
    return None


def plan_dates_make_sense(student: Student) -> Iterator[Finding]:
    """The plan ends after it starts."""
    found = plan_dates_problem(student.plan.dates)
    if found is not None:
        yield student.plan.source.file, ("dates", found[0]), found[1]


def values_fit_their_goals(student: Student) -> Iterator[Finding]:
    """A goal measured in a count, rate, duration or percentage has no negative numbers."""
    units = {g.id: g.unit for g in student.goals}
    for goal in student.goals:
        for key, value in (("target", goal.target), ("baseline", goal.baseline)):
            if value is not None:
                try:
                    check_goal_value(key, value, goal.unit)
                except FieldError as error:
                    yield goal.source.file, ("goal", goal.source.index, key), str(error)
    for point in student.points:
        try:
            check_goal_value("value", point.value, units.get(point.goal, ""))
        except FieldError as error:
            yield point.source.file, ("point", point.source.index, "value"), str(error)


VALIDATORS: tuple[Validator, ...] = (
    points_name_known_goals,
    sessions_name_prescribed_services,
    goal_dates_make_sense,
    esy_services_follow_the_decision,
    ifsp_services_in_natural_environments,
    exit_has_its_date,
    plan_dates_make_sense,
    values_fit_their_goals,
    behavior_links_resolve,
)


def contacts_name_known_periods(student: Student, periods: Sequence[str]) -> Iterator[Finding]:
    """Every contact's ``period`` is one of the caseload's reporting periods."""
    for contact in student.contacts:
        if contact.period and contact.period not in periods:
            known = ", ".join(periods) or "none yet"
            yield (
                contact.source.file,
                ("contact", contact.source.index, "period"),
                f"period {contact.period[:40]!r} is not a reporting period in caseterm.toml "
                f"({known})",
            )


def validate_student(student: Student, periods: Sequence[str] | None = None) -> list[Finding]:
    """All findings of all validators for one student; ``periods``: the caseload's reporting
    period names, when known."""
    found = [finding for check in VALIDATORS for finding in check(student)]
    if periods is not None:
        found += contacts_name_known_periods(student, periods)
    return found
