"""The caseload screen's rows are the same from the summary index as from every record."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from caseterm.model.minutes import Period, month_of, week_of
from caseterm.model.views.minute_grid import minute_grid
from caseterm.store import caseload
from caseterm.store.infra.load import load_caseload
from caseterm.tui.overview_rows import Row, rows_for
from caseterm.tui.state import State

TODAY = date(2026, 11, 25)


def _shown(rows: list[Row]) -> list[tuple[object, ...]]:
    return [(r.student_id, [c.markup for c in r.cells], r.sort_keys) for r in rows]


def test_rows_from_a_warm_index_equal_rows_from_a_cold_full_load(sample_copy: Path) -> None:
    cold = rows_for(State.build(load_caseload(sample_copy, TODAY), TODAY))
    caseload.open(sample_copy, TODAY).summaries  # noqa: B018 - writes the index
    warm_repo = caseload.open(sample_copy, TODAY)
    warm = rows_for(State.from_repository(warm_repo, TODAY))
    assert _shown(warm) == _shown(cold)
    assert [r.search_text for r in warm] == [r.search_text for r in cold], "team, family"
    assert len(warm) == len(cold) > 0
    at_once = rows_for(State.build(warm_repo.loaded(), TODAY))
    assert [r.search_text for r in warm] == [r.search_text for r in at_once]


def test_a_student_screen_still_gets_every_data_point(sample_copy: Path) -> None:
    state = State.from_repository(caseload.open(sample_copy, TODAY), TODAY)
    assert all(not s.points for s in state.loaded.caseload.students), "points let go"
    full = load_caseload(sample_copy, TODAY).caseload.student("kenji-o")
    shown = state.loaded.caseload.student("kenji-o")
    assert full is not None and shown is not None
    assert len(shown.points) == len(full.points) > 0


def test_minutes_from_a_lean_state_equal_minutes_from_every_record(sample_copy: Path) -> None:
    full = State.build(load_caseload(sample_copy, TODAY), TODAY)
    lean = State.from_repository(caseload.open(sample_copy, TODAY), TODAY)
    assert lean.lean and all(not s.sessions for s in lean.loaded.caseload.students)
    settings = full.loaded.caseload.settings
    periods = [month_of(TODAY), week_of(TODAY), Period(settings.school_year_start, TODAY)]
    for period in periods:
        grids = [
            minute_grid(
                state.students_with_sessions(period), period, settings, full.overview.days, TODAY
            )
            for state in (full, lean)
        ]
        assert grids[0] == grids[1], period
