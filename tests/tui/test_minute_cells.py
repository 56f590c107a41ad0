"""What the minutes screen writes for a cell (caseterm.tui.minute_cells), from the grid."""

from __future__ import annotations

from datetime import date

from caseterm.model.minutes import Period, month_of
from caseterm.model.records import Plan, Prescription, Profile, Session, Student
from caseterm.model.views.minute_grid import minute_grid
from caseterm.tui.minute_cells import detail, minutes_cell
from tests.builders import SETTINGS, TODAY, days

READING = Prescription("rx1", "reading", 120, "week", date(2026, 9, 16), name="Reading")


def test_the_missed_week_says_when_it_was_made_up() -> None:
    """Missed Tue Nov 3 (provider absent), made up Tue Nov 10: the week of Nov 2 (120
    required) has the make-up's 30 minutes, owes nothing, and says when it was made up."""
    student = Student(
        id="ava-m",
        profile=Profile(first_name="Ava", last_name="M"),
        plan=Plan(services=(READING,)),
        sessions=(
            Session("s1", "reading", date(2026, 11, 3), 30, "provider-absent"),
            Session("s2", "reading", date(2026, 11, 10), 30, "makeup", makeup_for="s1"),
        ),
    )
    (row,) = minute_grid([student], month_of(TODAY), SETTINGS, days(), TODAY).rows
    first = row.weeks[0]
    assert first.period == Period(date(2026, 11, 1), date(2026, 11, 8))
    assert minutes_cell(first, row.short_weeks[0]).plain == "30/120!"
    text = detail(row, first, "Week of Nov 2").plain
    assert "30/120 min" in text and "owed 0" in text and "made up on 11-10" in text
