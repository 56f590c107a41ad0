"""Services tab: p prescribes a service as ``caseterm service add`` does, ESY included
(the same file text, one commit); the table marks the extended school year services; a
bad value is refused with the CLI's words and nothing is written (issue 13)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import rtoml
from textual.widgets import DataTable, Input, Static

from caseterm.tui.screens.student import StudentScreen
from tests.conftest import git_log, git_status
from tests.tui_support import (
    column,
    fill_form,
    make_app,
    open_form,
    open_student,
    settle,
    static_text,
)


def _services_of(root: Path, student: str) -> list[dict[str, Any]]:
    text = (root / "students" / student / "plan.toml").read_text(encoding="utf-8")
    found: list[dict[str, Any]] = rtoml.loads(text).get("service", [])
    return found


def _esy_column(screen: StudentScreen) -> dict[str, str]:
    table = screen.query_one("#services-table", DataTable)
    return dict(zip(column(table, 0), column(table, 6), strict=True))


async def test_the_services_table_marks_the_esy_services(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_student(pilot, "theo-b", "services")
        marks = _esy_column(screen)
        assert marks["esy-reading"] == "ESY"
        assert marks["reading"] == ""
        table = screen.query_one("#services-table", DataTable)
        row = column(table, 0).index("esy-reading")
        assert column(table, 1)[row] == "60/week"


async def test_prescribing_an_esy_service_saves_what_the_cli_saves_in_one_commit(
    sample_copy: Path, cli: Any, tmp_path: Path
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_student(pilot, "lucia-v", "services")
        form = await open_form(pilot, "p")
        assert form.query_one("#field-service", Input).has_focus
        fill_form(form, service="esy-speech", minutes="90", start="2027-06-21", end="2027-07-30")
        fill_form(form, esy="yes", provider="speech-language pathologist", note="Summer")
        await pilot.click("#form-submit")
        await settle(pilot)
        assert git_log(sample_copy) == [
            "lucia-v: prescribe ESY esy-speech 90 min/week from 2027-06-21",
            "sample",
        ]
        assert git_status(sample_copy) == ""
        added = _services_of(sample_copy, "lucia-v")[-1]
        assert added["esy"] is True and added["minutes"] == 90 and added["per"] == "week"
        assert _esy_column(screen)["esy-speech"] == "ESY"
    # The CLI's `service add --esy` writes the same fields.
    result = cli("-C", sample_copy, "service", "add", "lucia-v", "esy-speech", "90",
                 "--start", "2027-06-21", "--end", "2027-07-30", "--esy",
                 "--provider", "speech-language pathologist", "--note", "Summer")  # fmt: skip
    assert result.code == 0, result.err
    by_cli = _services_of(sample_copy, "lucia-v")[-1]
    assert {k: v for k, v in by_cli.items() if k != "id"} == {
        k: v for k, v in added.items() if k != "id"
    }


async def test_a_regular_service_is_not_marked_esy(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_student(pilot, "lucia-v", "services")
        form = await open_form(pilot, "p")
        fill_form(form, service="ot", minutes="30", start="2026-11-25")
        await pilot.click("#form-submit")
        await settle(pilot)
        assert git_log(sample_copy)[0] == "lucia-v: prescribe ot 30 min/week from 2026-11-25"
        added = _services_of(sample_copy, "lucia-v")[-1]
        assert added["service"] == "ot" and "esy" not in added


async def test_bad_values_are_refused_with_the_cli_words_and_nothing_written(
    sample_copy: Path,
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_student(pilot, "lucia-v", "services")
        form = await open_form(pilot, "p")
        problem = form.query_one("#form-problem", Static)
        fill_form(form, service="Speech Therapy!")
        await pilot.pause()
        assert static_text(problem).startswith("SERVICE: 'Speech Therapy!' is not a valid id")
        await pilot.click("#form-submit")
        await settle(pilot)
        assert app.screen is form
        fill_form(form, service="speech", minutes="-5")
        await pilot.pause()
        assert static_text(problem) == "MINUTES: -5 is out of range; use 0 to 10000 minutes"
        fill_form(form, minutes="30", end="2026-13-01")
        await pilot.pause()
        assert static_text(problem).startswith("--end: '2026-13-01' is not a real date")
        # A value only the store can judge: the end before the start.
        fill_form(form, end="2026-01-01", start="2026-11-25")
        await pilot.click("#form-submit")
        await settle(pilot)
        messages = [n.message for n in app._notifications]
        assert "--end: must not be before --start (YYYY-MM-DD)" in messages
        assert git_log(sample_copy) == ["sample"]
        assert git_status(sample_copy) == ""
