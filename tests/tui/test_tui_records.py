"""Records tab: removals, absences, consents, notices, ESY and exit entered from the keys;
each save is the CLI's store change (the same file text, one commit); bad values are
refused with the CLI's words and write nothing; text from files is shown escaped."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from textual.widgets import Input, Select, Static

from caseterm.tui.screens.student import StudentScreen
from tests.conftest import git_log, git_status
from tests.tui_support import (
    fill_form,
    form_problem,
    make_app,
    open_form,
    settle,
    static_text,
    student_tab,
    submit_form,
)


def _body(screen: StudentScreen) -> str:
    return static_text(screen.query_one("#records-body", Static), 80)


async def test_records_tab_counts_removals_toward_the_limit(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await student_tab(pilot, "marcus-d", "records")
        text = _body(screen)
        assert "Removals" in text and "2026-11-16" in text
        assert "8 school days removed" in text and "2 left" in text
        assert "Consents: none recorded" in text


async def test_adding_a_removal_by_keys_commits_once_and_counts_it(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await student_tab(pilot, "marcus-d", "records")
        form = await open_form(pilot, "r")
        assert form.query_one("#field-date", Input).has_focus
        await pilot.press("enter", "3", "enter")
        fill_form(form, kind="oss", reason="Threw a chair", manifestation="no")
        await submit_form(pilot)
        assert git_log(sample_copy) == [
            "marcus-d: oss removal 2026-11-25 (3 school days)",
            "sample",
        ]
        assert git_status(sample_copy) == ""
        text = (sample_copy / "students/marcus-d/discipline.toml").read_text()
        last = text.split("[[removal]]")[-1]
        assert 'date = 2026-11-25\ndays = 3\nkind = "oss"' in last
        assert 'reason = "Threw a chair"' in last
        assert "manifestation = false" in last and "pattern" not in last
        assert "11 school days removed" in _body(screen)
        assert "pattern undecided" in _body(screen)


async def test_deciding_a_removal_sets_only_what_is_given(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await student_tab(pilot, "marcus-d", "records")
        form = await open_form(pilot, "d")
        chosen = form.query_one("#field-removal", Select).value
        assert chosen == "01m7jhnhz00n3nfy"
        fill_form(form, pattern="yes", decided="2026-11-20")
        await submit_form(pilot)
        assert git_log(sample_copy)[0] == (
            "marcus-d: removal 01m7jhnhz00n3nfy: pattern yes, decided 2026-11-20"
        )
        assert len(git_log(sample_copy)) == 2
        text = (sample_copy / "students/marcus-d/discipline.toml").read_text()
        assert "pattern = true\ndecided = 2026-11-20" in text.split("[[removal]]")[-1]
        assert "manifestation" not in text


async def test_adding_an_absence(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await student_tab(pilot, "theo-b", "records")
        form = await open_form(pilot, "a")
        fill_form(form, date="2026-11-18", to="2026-11-19", reason="illness")
        await submit_form(pilot)
        assert git_log(sample_copy) == ["theo-b: absent 2026-11-18 to 2026-11-19", "sample"]
        text = (sample_copy / "students/theo-b/attendance.toml").read_text()
        assert 'date = 2026-11-18\nto = 2026-11-19\nreason = "illness"' in text
        assert "2 school days absent in all" in _body(screen)


async def test_adding_a_consent_then_its_answer(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await student_tab(pilot, "theo-b", "records")
        form = await open_form(pilot, "o")
        fill_form(form, purpose="reevaluation", date="2026-11-20")
        await submit_form(pilot)
        assert git_log(sample_copy) == [
            "theo-b: reevaluation consent asked 2026-11-20 (pending)",
            "sample",
        ]
        text = (sample_copy / "students/theo-b/consent.toml").read_text()
        assert 'date = 2026-11-20\npurpose = "reevaluation"\nresponse = "pending"' in text
        assert "pending" in _body(screen)
        form = await open_form(pilot, "w")
        fill_form(form, response="given", date="2026-11-24")
        await submit_form(pilot)
        assert git_log(sample_copy)[0] == "theo-b: reevaluation consent given 2026-11-24"
        assert len(git_log(sample_copy)) == 3
        text = (sample_copy / "students/theo-b/consent.toml").read_text()
        assert 'response = "given"\nresponded = 2026-11-24' in text


async def test_adding_a_prior_written_notice(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await student_tab(pilot, "theo-b", "records")
        form = await open_form(pilot, "n")
        fill_form(form, action="propose", subject="evaluation", description="Reevaluate reading")
        await submit_form(pilot)
        assert git_log(sample_copy) == [
            "theo-b: prior written notice 2026-11-25 (propose evaluation)",
            "sample",
        ]
        text = (sample_copy / "students/theo-b/consent.toml").read_text()
        assert 'action = "propose"\nsubject = "evaluation"' in text
        assert 'description = "Reevaluate reading"' in text
        assert "Reevaluate reading" in _body(screen)


async def test_recording_the_esy_decision(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await student_tab(pilot, "lucia-v", "records")
        form = await open_form(pilot, "y")
        fill_form(form, eligible="true", decided="2026-11-20", note="Regression")
        await submit_form(pilot)
        assert git_log(sample_copy) == [
            "lucia-v: set plan esy.decided=2026-11-20, esy.eligible=true, esy.note=Regression",
            "sample",
        ]
        text = (sample_copy / "students/lucia-v/plan.toml").read_text()
        assert "[esy]" in text and "decided = 2026-11-20" in text and "eligible = true" in text
        assert "Extended school year" in _body(screen) and "Regression" in _body(screen)


async def test_recording_an_exit_changes_only_what_changed(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await student_tab(pilot, "lucia-v", "records")
        form = await open_form(pilot, "t")
        fill_form(form, reason="transfer", date="2026-12-18")
        await submit_form(pilot)
        assert git_log(sample_copy) == [
            "lucia-v: set plan exit.reason=transfer, exit.date=2026-12-18",
            "sample",
        ]
        text = (sample_copy / "students/lucia-v/plan.toml").read_text()
        assert '[exit]\nreason = "transfer"\ndate = 2026-12-18' in text
        assert "transfer (moved or transferred)" in _body(screen)
        form = await open_form(pilot, "t")
        assert form.query_one("#field-reason", Select).value == "transfer"
        fill_form(form, note="Moving to Ohio")
        await submit_form(pilot)
        assert git_log(sample_copy)[0] == "lucia-v: set plan exit.note=Moving to Ohio"


async def test_bad_values_show_the_cli_message_and_write_nothing(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await student_tab(pilot, "marcus-d", "records")
        form = await open_form(pilot, "r")
        fill_form(form, days="-2")
        await pilot.pause()
        assert form_problem(form) == "--days: '-2' is not a whole number from 1 to 180 school days"
        await submit_form(pilot)
        assert app.screen is form
        fill_form(form, days="2")
        await pilot.pause()
        fill_form(form, date="2026-02-30")
        await pilot.pause()
        assert form_problem(form).startswith("--date: '2026-02-30' is not a real date")
        await submit_form(pilot)
        assert app.screen is form
        await pilot.press("escape")
        await settle(pilot)
        assert git_log(sample_copy) == ["sample"]
        assert git_status(sample_copy) == ""


async def test_a_value_the_store_refuses_is_reported_and_nothing_written(
    sample_copy: Path,
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await student_tab(pilot, "theo-b", "records")
        form = await open_form(pilot, "o")
        fill_form(form, purpose="evaluation", date="2026-11-20", response="given")
        fill_form(form, responded="2026-11-02")
        await submit_form(pilot)
        messages = [n.message for n in app._notifications]
        assert "--responded: 2026-11-02 is before it was asked (2026-11-20)" in messages
        assert git_log(sample_copy) == ["sample"]
        assert not (sample_copy / "students/theo-b/consent.toml").exists()


async def test_decide_without_removals_says_how_to_add_one(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await student_tab(pilot, "theo-b", "records")
        await pilot.press("d")
        await settle(pilot)
        assert app.screen is screen
        assert any("press r" in n.message for n in app._notifications)


async def test_control_characters_from_a_file_are_shown_escaped(sample_copy: Path) -> None:
    folder = sample_copy / "students/marcus-d"
    with (folder / "discipline.toml").open("a") as out:
        out.write(
            '\n[[removal]]\nid = "01m8aaaaaaaaaaaa"\ndate = 2026-11-23\ndays = 1\n'
            'reason = "\\u001b]0;pwned\\u0007 [red]x[/red] \\u202e"\n'
        )
    (folder / "consent.toml").write_text(
        '[[notice]]\nid = "01m8bbbbbbbbbbbb"\ndate = 2026-11-02\naction = "propose"\n'
        'subject = "placement"\ndescription = "\\u001b[2J cleared"\n'
    )
    app = make_app(sample_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await student_tab(pilot, "marcus-d", "records")
        text = _body(screen)
        assert "\x1b" not in text and "\\x1b]0;pwned\\x07" in text
        assert "[red]x[/red]" in text and "\\u202e" in text
        assert "\\x1b[2J cleared" in text
        form = await open_form(pilot, "d")
        select = form.query_one("#field-removal", Select)
        assert select.value == "01m8aaaaaaaaaaaa"
        shown = str(select.query("SelectCurrent Static").first(Static).visual)
        assert "\x1b" not in shown and "\\x1b]0;pwned\\x07 [red]x[/red] \\u202e" in shown


def _help_lines(screen: StudentScreen) -> list[str]:
    """What F1 lists on ``screen``."""
    from textual.screen import Screen

    from caseterm.tui.screens.help import help_sections

    sections = help_sections(cast("Screen[object]", screen))
    return [line.description for _title, lines in sections for line in lines]


async def test_recording_the_part_c_lea_notification(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await student_tab(pilot, "mateo-i", "records")
        assert "l LEA and SEA notified" in static_text(screen.query_one("#records-hint", Static))
        assert "LEA and SEA notification (Part C)" in _body(screen) and "2026-10-20" in _body(
            screen
        )
        shown = {b.binding.key: b.binding.action for b in screen.active_bindings.values()}
        assert shown.get("l") == "add('lea')"
        assert "LEA notified" in _help_lines(screen)
        form = await open_form(pilot, "l")
        field = form.query_one("#field-lea_notification", Input)
        assert field.value == "2026-10-20"
        fill_form(form, lea_notification="2026-10-15")
        await submit_form(pilot)
        assert git_log(sample_copy) == [
            "mateo-i: set plan lea_notification=2026-10-15",
            "sample",
        ]
        assert git_status(sample_copy) == ""
        text = (sample_copy / "students/mateo-i/plan.toml").read_text()
        assert "lea_notification = 2026-10-15\n" in text and "2026-10-20\n" not in text
        assert "2026-10-15" in _body(screen)


async def test_a_bad_lea_notification_date_is_refused_and_nothing_written(
    sample_copy: Path,
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await student_tab(pilot, "mateo-i", "records")
        form = await open_form(pilot, "l")
        fill_form(form, lea_notification="2026-02-30")
        await pilot.pause()
        assert form_problem(form).startswith("lea_notification: '2026-02-30' is not a real date")
        await submit_form(pilot)
        assert app.screen is form
        await pilot.press("escape")
        await settle(pilot)
        assert git_log(sample_copy) == ["sample"]
        assert git_status(sample_copy) == ""


async def test_the_lea_key_is_only_for_a_part_c_student(sample_copy: Path) -> None:
    from caseterm.tui.widgets.records import RecordsPane

    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await student_tab(pilot, "marcus-d", "records")
        assert all(b.binding.action != "add('lea')" for b in screen.active_bindings.values())
        assert "LEA notified" not in _help_lines(screen)
        assert "LEA" not in static_text(screen.query_one("#records-hint", Static))
        assert "LEA" not in _body(screen)
        await pilot.press("l")
        await settle(pilot)
        assert app.screen is screen
        screen.query_one(RecordsPane).action_add("lea")
        await settle(pilot)
        assert app.screen is screen
        assert any(
            "LEA notification is for a Part C (IFSP) student; marcus-d's plan is IEP" in n.message
            for n in app._notifications
        )
        assert git_log(sample_copy) == ["sample"]
