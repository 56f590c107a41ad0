"""Entry forms (issue 10 items 6 and 12): a make-up link is never pre-filled, the
contact's period is one of the caseload's reporting periods, the meeting kind fits."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select

from caseterm.tui.screens.form_modal import FormScreen
from tests.conftest import git_log
from tests.tui_support import make_app, settle


async def _form(pilot, student_id: str, tab: str, key: str) -> FormScreen:
    await settle(pilot)
    pilot.app.open_student(student_id, tab)
    await settle(pilot)
    await pilot.press(key)
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, FormScreen)
    return form


async def test_session_form_links_no_missed_session_unless_one_is_chosen(
    sample_copy: Path,
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _form(pilot, "kenji-o", "services", "l")
        makeup = form.query_one("#field-makeup_for", Select)
        assert makeup.value is Select.NULL
        assert form.query_one("#field-status", Select).value == "delivered"
        form.query_one("#field-service", Select).value = "speech"
        await pilot.click("#form-submit")
        await settle(pilot)
        assert git_log(sample_copy)[0] == (
            "kenji-o: log speech session 2026-11-25 (30 min, delivered)"
        )
        text = (sample_copy / "students/kenji-o/sessions.toml").read_text()
        assert "makeup_for" not in text.rsplit("[[session]]", 1)[1]


async def test_opening_the_make_up_list_starts_on_none(sample_copy: Path) -> None:
    """One Down in the open list picks the newest missed session, never the one after a
    pre-filled value."""
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _form(pilot, "kenji-o", "services", "l")
        makeup = form.query_one("#field-makeup_for", Select)
        first = next(v for _label, v in makeup._options if v is not Select.NULL)
        makeup.focus()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert makeup.expanded
        await pilot.press("down", "enter")
        await settle(pilot)
        assert makeup.value == first


async def test_contact_period_is_one_of_the_caseloads_periods(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await _form(pilot, "theo-b", "log", "f")
        period = form.query_one("#field-period", Select)
        assert period.value is Select.NULL
        assert [v for _label, v in period._options if v is not Select.NULL] == [
            "Q1",
            "Q2",
            "Q3",
            "Q4",
        ]
        period.value = "Q2"
        form.query_one("#field-note", Input).value = "Progress call"
        await pilot.click("#form-submit")
        await settle(pilot)
        assert git_log(sample_copy)[0] == "theo-b: log phone contact 2026-11-25 (general)"
        text = (sample_copy / "students/theo-b/log.toml").read_text()
        assert 'period = "Q2"' in text.rsplit("[[contact]]", 1)[1]
