"""Disciplinary removals: the school days removed in a school year and when a removal
changes the placement (34 CFR 300.530, 300.536)."""

from __future__ import annotations

from datetime import date

from msgspec import Struct

from caseterm.model.records import Removal, Student

CONSECUTIVE = "consecutive"
"""More than the limit of school days in a row: a change of placement (300.536(a)(1))."""
PATTERN = "pattern"
"""Past the limit in the year and decided to be a pattern (300.536(a)(2))."""
UNDECIDED = "undecided"
"""Past the limit in the year, and the pattern decision is not recorded yet."""
NOT_PATTERN = "not-pattern"
"""Past the limit in the year, decided not to be a pattern: services from the 11th day."""
PLACEMENT_LABELS = {
    CONSECUTIVE: "change (in a row)",
    PATTERN: "change (pattern)",
    UNDECIDED: "pattern undecided",
    NOT_PATTERN: "no pattern",
}
"""How a removal's ``placement`` reads in a table."""


class CountedRemoval(Struct, frozen=True, gc=False):
    """A removal with the school days removed in its school year through its last day."""

    removal: Removal
    total: int
    placement: str = ""
    """"" (within the limit), consecutive, pattern, undecided or not-pattern."""

    @property
    def change_of_placement(self) -> bool:
        return self.placement in (CONSECUTIVE, PATTERN)

    @property
    def decided(self) -> date:
        """The day of the decision to change the placement (default: the first day)."""
        return self.removal.decided or self.removal.date


def year_removals(student: Student, start: date, end: date) -> tuple[Removal, ...]:
    """The removals that begin in the school year from ``start`` to ``end``."""
    return tuple(r for r in student.removals if start <= r.date <= end)


def removed_days(student: Student, start: date, end: date, through: date = date.max) -> int:
    """School days removed in the school year from ``start`` to ``end`` (removals that
    began by ``through``)."""
    return sum(r.days for r in year_removals(student, start, end) if r.date <= through)


def counted_removals(
    student: Student, start: date, end: date, limit: int = 10
) -> list[CountedRemoval]:
    """The school year's removals in date order, each with the running total of school
    days removed and what it means for the placement past ``limit`` days."""
    total = 0
    out: list[CountedRemoval] = []
    for removal in sorted(year_removals(student, start, end), key=lambda r: (r.date, r.id)):
        total += removal.days
        if removal.days > limit:
            placement = CONSECUTIVE
        elif total > limit:
            placement = {True: PATTERN, False: NOT_PATTERN, None: UNDECIDED}[removal.pattern]
        else:
            placement = ""
        out.append(CountedRemoval(removal, total, placement))
    return out
