"""Records readable and correctable where they are shown (issue 10 item 9): enter reads a
session, point, meeting or contact in full; E edits it in a pre-filled form; x removes it
after a confirmation that names it. Each is one store change and one commit."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input, Label, Select, Static

from caseterm.tui.screens.confirm import ConfirmScreen
from caseterm.tui.screens.form_modal import FormScreen
from caseterm.tui.screens.record import RecordScreen
from tests.conftest import git_log, git_status
from tests.tui_support import column, make_app, open_student, settle, static_text


def _first_id(table: DataTable[object]) -> str:
    return str(table.ordered_rows[0].key.value)


async def test_enter_on_a_session_shows_every_field_and_the_whole_note(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_student(pilot, "kenji-o", "services")
        table = screen.query_one("#sessions-table", DataTable)
        assert "id" not in [c.label.plain for c in table.columns.values()]
        notes = [(row, note) for row, note in enumerate(column(table, 4)) if len(note) > 40]
        assert notes, "the sample has long session notes"
        row, note = notes[0]
        table.move_cursor(row=row)
        await settle(pilot)
        drawn = _drawn(table)
        assert not any(note in line for line in drawn), "80 columns: the note is cut"
        assert any(line.endswith("…") for line in drawn)
        assert app.focused is table
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        text = static_text(app.screen.query_one("#record-fields", Static), width=60)
        assert " ".join(note.split()) in " ".join(text.split())
        for label in ("date", "service", "minutes", "status", "provider", "note", "id"):
            assert label in text
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen_stack[-1] is screen
        assert git_log(sample_copy) == ["sample"]


async def test_x_removes_a_session_after_a_confirmation_that_names_it(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_student(pilot, "kenji-o", "services")
        table = screen.query_one("#sessions-table", DataTable)
        session_id = _first_id(table)
        day, service = column(table, 0)[0], column(table, 1)[0]
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        question = str(app.screen.query_one("#dialog-title", Label).content)
        assert question.startswith(f"Remove session {day} {service} ")
        await pilot.press("n")
        await settle(pilot)
        assert git_log(sample_copy) == ["sample"]
        await pilot.press("delete")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert git_log(sample_copy)[0] == f"kenji-o: remove session {session_id}"
        assert len(git_log(sample_copy)) == 2 and git_status(sample_copy) == ""
        text = (sample_copy / "students/kenji-o/sessions.toml").read_text()
        assert session_id not in text
        assert session_id not in [str(r.key.value) for r in table.ordered_rows]


async def test_E_edits_a_data_point_in_a_form_filled_with_its_values(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_student(pilot, "kenji-o", "data")
        table = screen.query_one("#recent-points", DataTable)
        table.focus()
        await pilot.pause()
        point_id = _first_id(table)
        value, note = column(table, 2)[0], column(table, 3)[0]
        await pilot.press("E")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FormScreen)
        assert form.query_one("#field-value", Input).value == value
        assert form.query_one("#field-note", Input).value == note
        assert form.query_one("#field-date", Input).value == column(table, 0)[0]
        assert form.query_one("#field-goal", Select).value == column(table, 1)[0]
        form.query_one("#field-value", Input).value = "4"
        form.query_one("#field-note", Input).value = "typo: was 14"
        await pilot.click("#form-submit")
        await settle(pilot)
        assert git_log(sample_copy)[0] == (
            f"kenji-o: edit point {point_id} (value=4, note=typo: was 14)"
        )
        assert len(git_log(sample_copy)) == 2
        text = (sample_copy / "students/kenji-o/data.toml").read_text()
        block = text.split(f'id = "{point_id}"')[1].split("[[point]]")[0]
        assert "value = 4\n" in block and 'note = "typo: was 14"' in block
        assert (
            column(table, 2)[[str(r.key.value) for r in table.ordered_rows].index(point_id)] == "4"
        )


async def test_a_contact_read_then_edited_and_a_meeting_removed_from_the_detail(
    sample_copy: Path,
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_student(pilot, "theo-b", "log")
        table = screen.query_one("#log-table", DataTable)
        ids = [str(r.key.value) for r in table.ordered_rows]
        whats = column(table, 1)
        contact_row = next(i for i, w in enumerate(whats) if "contact" in w)
        table.move_cursor(row=contact_row)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, RecordScreen)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, FormScreen)
        period = app.screen.query_one("#field-period", Select)
        assert {str(v) for _label, v in period._options if v is not Select.NULL} >= {"Q1", "Q2"}
        app.screen.query_one("#field-note", Input).value = "Called back: all settled."
        await pilot.click("#form-submit")
        await settle(pilot)
        assert git_log(sample_copy)[0] == (
            f"theo-b: edit contact {ids[contact_row]} (note=Called back: all settled.)"
        )
        meeting_row = next(i for i, w in enumerate(column(table, 1)) if "contact" not in w)
        meeting_id = str(table.ordered_rows[meeting_row].key.value)
        table.move_cursor(row=meeting_row)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Remove meeting" in str(app.screen.query_one("#dialog-title", Label).content)
        await pilot.press("y")
        await settle(pilot)
        assert git_log(sample_copy)[0] == f"theo-b: remove meeting {meeting_id}"
        assert len(git_log(sample_copy)) == 3


def _drawn(table: DataTable[object]) -> list[str]:
    """The lines the table draws on screen."""
    region = table.region.reset_offset
    return ["".join(seg.text for seg in strip).rstrip() for strip in table.render_lines(region)]


@pytest.mark.parametrize(
    ("tab", "selector"),
    [("services", "#sessions-table"), ("data", "#recent-points"), ("log", "#log-table")],
)
async def test_notes_fit_the_terminal_and_are_fitted_again_on_resize(
    sample_copy: Path, tab: str, selector: str
) -> None:
    """The notes column was as wide as the longest note and the table scrolled sideways:
    now it takes the width that is left, cuts a note with …, and grows with the terminal."""
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_student(pilot, "kenji-o", tab)
        table = screen.query_one(selector, DataTable)
        if tab == "data":
            await pilot.press("tab")
            await settle(pilot)
        assert table.max_scroll_x == 0, "no sideways scrolling at 80 columns"
        assert table.region.right <= 80
        assert any(line.endswith("…") for line in _drawn(table)), _drawn(table)
        narrow = table.columns[table.ordered_columns[-1].key].width
        await pilot.resize_terminal(160, 40)
        await settle(pilot)
        wide = table.columns[table.ordered_columns[-1].key].width
        assert wide >= narrow + 70, (narrow, wide)
        assert table.max_scroll_x == 0
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert table.columns[table.ordered_columns[-1].key].width == narrow


async def test_cut_cells_end_in_an_ellipsis_instead_of_a_silent_cut(sample_copy: Path) -> None:
    """ "social-skill" read as a service of its own: a cell too long for its column now
    ends in …, and social-skills fits whole."""
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_student(pilot, "kenji-o", "services")
        drawn = "\n".join(_drawn(screen.query_one("#sessions-table", DataTable)))
        assert "social-skills " in drawn and "social-skill " not in drawn, drawn
        screen = await open_student(pilot, "tobias-c", "log")
        drawn = "\n".join(_drawn(screen.query_one("#log-table", DataTable)))
        assert "mail contact (mee…" in drawn, drawn
        assert "Marisol Quint…" in drawn, drawn
