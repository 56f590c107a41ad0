"""Service-minute reconciliation: were the minutes in the plan delivered, or why not?

For a period (a week, a month, any range) and each prescribed service: the minutes required
(prorated over school days, following amendments), delivered (delivered and make-up
sessions), excused, owed (missed and not yet made up), unaccounted, and the compliance
percentage (34 CFR 300.320(a)(7)). A make-up counts on the day of the session it makes up,
up to that session's minutes. docs/progress-and-minutes.md documents the choices.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from msgspec.structs import replace

from caseterm.model import vocab
from caseterm.model.calendar import SchoolDays, caseload_school_days
from caseterm.model.dates import add_months
from caseterm.model.fields import MAX_PRESCRIBED_MINUTES
from caseterm.model.records import Caseload, Prescription, Session, Settings, Student


@dataclass(frozen=True, slots=True)
class Period:
    """The days a reconciliation covers, both included."""

    first: date
    last: date

    @property
    def label(self) -> str:
        return f"{self.first.isoformat()} to {self.last.isoformat()}"


def week_of(day: date) -> Period:
    """The Monday-to-Sunday week containing ``day``."""
    monday = day - timedelta(days=day.weekday())
    return Period(monday, monday + timedelta(days=6))


def month_of(day: date) -> Period:
    """The calendar month containing ``day``."""
    first = day.replace(day=1)
    return Period(first, add_months(first, 1) - timedelta(days=1))


@dataclass(frozen=True, slots=True)
class ServiceMinutes:
    """One student's minutes of one service over a period, counted through ``through``."""

    student: str
    service: str
    name: str
    period: Period
    through: date | None
    """The last day counted: the period's end, or today if earlier (None: not started)."""
    required: int
    """Minutes required from the period's first day through ``through``."""
    required_period: int
    """Minutes required over the whole period."""
    delivered: int
    excused: int
    owed: int
    unaccounted: int
    compliance_pct: float | None
    """``compliance`` of delivered, required and excused; None when nothing is due."""
    over_delivered: int
    """Minutes delivered beyond the requirement so far (never counted in the %)."""
    medicaid_units: int
    sessions: int
    estimated: bool
    """The school days counted include days past the known school calendars."""
    made_up_after: tuple[date, ...] = ()
    """Days after the period of make-ups counted in it (for sessions missed in it)."""

    @property
    def short(self) -> bool:
        """Fewer minutes delivered or excused than required so far (owed or unaccounted)."""
        return self.delivered + self.excused < self.required


def compliance(delivered: int, required: int, excused: int) -> float | None:
    """Minutes delivered over the minutes that had to be delivered, as a percentage with
    one decimal: ``min(D, R) / (R - min(E, max(0, R - D))) x 100``.

    Excused minutes only lower the requirement where delivery fell short of it, so the
    result never exceeds 100; extra minutes are ``over_delivered``. None when nothing was
    due (no requirement, or all of it excused).
    """
    base = required - min(excused, max(0, required - delivered))
    if base <= 0:
        return None
    return round(min(delivered, base) / base * 100, 1)


def medicaid_units(minutes: int) -> int:
    """15-minute billing units under the 8-minute rule: 7 -> 0, 8 -> 1, 22 -> 1, 23 -> 2."""
    return (minutes + 7) // 15


def whole_minutes(value: float) -> int:
    """Minutes rounded to the nearest whole minute, halves up."""
    return math.floor(value + 0.5)


def in_effect(
    prescriptions: Iterable[Prescription], service: str, day: date
) -> Prescription | None:
    """The prescription of ``service`` in effect on ``day``: the one with the latest start
    on or before ``day``, unless it has ended (an amendment replaces what came before)."""
    latest = None
    for p in prescriptions:
        if p.service == service and p.start <= day and (latest is None or p.start >= latest.start):
            latest = p
    if latest is None or (latest.end is not None and latest.end < day):
        return None
    return latest


def _segments(
    prescriptions: Sequence[Prescription], service: str
) -> list[tuple[date, date | None, Prescription]]:
    """Each prescription of ``service`` with the days it is in effect (end None: open)."""
    own = sorted((p for p in prescriptions if p.service == service), key=lambda p: p.start)
    out: list[tuple[date, date | None, Prescription]] = []
    for index, p in enumerate(own):
        nxt = own[index + 1].start - timedelta(days=1) if index + 1 < len(own) else None
        ends = [d for d in (p.end, nxt) if d is not None]
        out.append((p.start, min(ends) if ends else None, p))
    return out


def required_minutes(
    prescriptions: Sequence[Prescription], service: str, first: date, last: date, days: SchoolDays
) -> float:
    """Minutes of ``service`` required from ``first`` to ``last`` (both included).

    Weekly minutes are prorated by school days over a normal school week (120 min/week in a
    week with 3 of 5 school days: 72); monthly minutes by the school days of each month;
    extended school year services by weekdays (``_extended_year``).
    """
    return _required(_segments(prescriptions, service), first, last, days)


Segments = list[tuple[date, date | None, Prescription]]


def _required(segments: Segments, first: date, last: date, days: SchoolDays) -> float:
    """``required_minutes`` of a service's ``_segments``."""
    total = 0.0
    for start, end, p in segments:
        lo, hi = max(first, start), last if end is None else min(last, end)
        if hi < lo:
            continue
        minutes = min(max(p.minutes, 0), MAX_PRESCRIBED_MINUTES["month"])
        if p.esy:
            total += _extended_year(replace(p, minutes=minutes), lo, hi)
        elif p.per == "month":
            total += _monthly(minutes, lo, hi, days)
        else:
            total += minutes * days.school_weeks(lo, hi)
    return total


def _weekdays(lo: date, hi: date) -> int:
    return sum(1 for n in range((hi - lo).days + 1) if (lo + timedelta(days=n)).weekday() < 5)


def _extended_year(p: Prescription, lo: date, hi: date) -> float:
    """ESY minutes (34 CFR 300.106) run outside the school calendar: weekly minutes are
    prorated by the weekdays (Mon-Fri) of the ESY dates, monthly ones by the weekdays of
    each month."""
    if p.per != "month":
        return p.minutes * _weekdays(lo, hi) / 5
    total = 0.0
    month = month_of(lo)
    while month.first <= hi:
        share = _weekdays(max(lo, month.first), min(hi, month.last))
        total += p.minutes * share / _weekdays(month.first, month.last)
        month = month_of(month.last + timedelta(days=1))
    return total


def _monthly(minutes: int, lo: date, hi: date, days: SchoolDays) -> float:
    total = 0.0
    month = month_of(lo)
    while month.first <= hi:
        in_month = days.school_days_between(month.first, month.last)
        if in_month:
            share = days.school_days_between(max(lo, month.first), min(hi, month.last))
            total += minutes * share / in_month
        month = month_of(month.last + timedelta(days=1))
    return total


def reconcile(
    student: Student,
    service: str,
    period: Period,
    settings: Settings,
    days: SchoolDays,
    today: date,
) -> ServiceMinutes:
    """The minutes of one service for one student over ``period``, as of ``today``.

    A make-up logged by ``today`` counts in the period of the session it makes up (the log
    keeps its real date), and only up to the missed session's minutes. An ESY service runs
    outside the school calendar: its excused sessions count on any day, and its figures
    are never estimated.
    """
    prescriptions = student.plan.services
    through = min(period.last, today)
    counted = through >= period.first
    segments = _segments(prescriptions, service)
    required = _required(segments, period.first, through, days) if counted else 0.0
    whole = (
        required if through == period.last else _required(segments, period.first, period.last, days)
    )
    excusable = set(settings.excused_statuses) - set(vocab.NEVER_EXCUSED)
    own = [s for s in student.sessions if s.service == service]
    credit = makeup_credit(own, today)
    inside = [s for s in own if counted and period.first <= s.date <= through]
    delivered = sum(s.minutes for s in inside if s.status == "delivered")
    delivered += sum(
        s.minutes for s in inside if s.status == "makeup" and s.id not in credit.linked
    )
    delivered += sum(credit.minutes.get(s.id, 0) for s in inside)
    esy = any(p.esy for p in prescriptions if p.service == service)
    excused = sum(
        s.minutes for s in inside if s.status in excusable and (esy or days.is_school_day(s.date))
    )
    owed = sum(
        max(0, s.minutes - credit.minutes.get(s.id, 0))
        for s in inside
        if s.status in vocab.MISSED_STATUSES and s.status not in excusable
    )
    later = sorted({d for s in inside for d in credit.dates.get(s.id, ()) if d > period.last})
    shown_required = whole_minutes(required)
    name = next((p.label for p in prescriptions if p.service == service), service)
    return ServiceMinutes(
        student=student.id,
        service=service,
        name=name,
        period=period,
        through=through if counted else None,
        required=shown_required,
        required_period=whole_minutes(whole),
        delivered=delivered,
        excused=excused,
        owed=owed,
        unaccounted=max(0, shown_required - delivered - excused - owed),
        compliance_pct=compliance(delivered, shown_required, excused),
        over_delivered=max(0, delivered - shown_required),
        medicaid_units=sum(
            medicaid_units(s.minutes) for s in inside if s.status in vocab.DELIVERED_STATUSES
        ),
        sessions=len(inside),
        estimated=not esy and whole > 0 and days.estimated(period.first, period.last),
        made_up_after=tuple(later),
    )


@dataclass(frozen=True, slots=True)
class MakeupCredit:
    """What make-ups give the sessions they make up."""

    minutes: dict[str, int]
    """Per missed session id: minutes made up, at most the missed minutes."""
    dates: dict[str, tuple[date, ...]]
    """Per missed session id: the days of the make-ups that count."""
    linked: frozenset[str]
    """Ids of make-ups counted on their missed session's day (not their own)."""


def makeup_credit(sessions: Iterable[Session], today: date) -> MakeupCredit:
    """Make-ups logged on or before ``today`` credited to the missed sessions they name,
    oldest first, each missed session taking no more than its own minutes (a second
    make-up for a session already made up adds nothing). A make-up naming no missed
    session of the list counts on its own day."""
    listed = list(sessions)
    missed = {s.id: s for s in listed if s.status in vocab.MISSED_STATUSES}
    minutes: dict[str, int] = {}
    dates: dict[str, tuple[date, ...]] = {}
    linked: set[str] = set()
    makeups = sorted(
        (s for s in listed if s.status == "makeup" and s.makeup_for in missed),
        key=lambda s: (s.date, s.id),
    )
    for s in makeups:
        linked.add(s.id)
        if s.date > today:
            continue
        target = missed[s.makeup_for]
        room = target.minutes - minutes.get(target.id, 0)
        if room <= 0:
            continue
        minutes[target.id] = minutes.get(target.id, 0) + min(room, s.minutes)
        dates[target.id] = (*dates.get(target.id, ()), s.date)
    return MakeupCredit(minutes, dates, frozenset(linked))


def sessions_for(sessions: Iterable[Session], period: Period) -> tuple[Session, ...]:
    """The sessions ``reconcile`` needs for ``period``: those inside it, the make-ups of
    sessions missed in it, and the missed sessions its make-ups name."""
    listed = list(sessions)
    inside = [s for s in listed if period.first <= s.date <= period.last]
    ids = {s.id for s in inside}
    named = {s.makeup_for for s in inside if s.makeup_for}
    return tuple(
        s for s in listed if s.id in ids or s.id in named or (s.makeup_for and s.makeup_for in ids)
    )


def services_in(student: Student, period: Period) -> list[str]:
    """Services prescribed during ``period`` or logged in it, in plan order."""
    found: list[str] = []
    for p in student.plan.services:
        if p.service in found:
            continue
        if any(
            start <= period.last and (end is None or end >= period.first)
            for start, end, _p in _segments(student.plan.services, p.service)
        ):
            found.append(p.service)
    for s in student.sessions:
        if period.first <= s.date <= period.last and s.service not in found:
            found.append(s.service)
    return found


def student_minutes(
    student: Student, period: Period, settings: Settings, days: SchoolDays, today: date
) -> list[ServiceMinutes]:
    """One row per service the student has during ``period``."""
    return [
        reconcile(student, service, period, settings, days, today)
        for service in services_in(student, period)
    ]


def caseload_minutes(
    caseload: Caseload, period: Period, today: date, days: SchoolDays | None = None
) -> list[ServiceMinutes]:
    """Every student's service minutes over ``period`` (students in id order)."""
    index = days or caseload_school_days(caseload)
    return [
        row
        for student in caseload.students
        for row in student_minutes(student, period, caseload.settings, index, today)
    ]


def open_missed(sessions: Iterable[Session]) -> list[Session]:
    """Missed sessions not yet fully made up, newest first: what a make-up can link."""
    listed = list(sessions)
    made_up: dict[str, int] = {}
    for s in listed:
        if s.status == "makeup" and s.makeup_for:
            made_up[s.makeup_for] = made_up.get(s.makeup_for, 0) + s.minutes
    missed = [
        s for s in listed if s.status in vocab.MISSED_STATUSES and made_up.get(s.id, 0) < s.minutes
    ]
    return sorted(missed, key=lambda s: (s.date, s.id), reverse=True)
