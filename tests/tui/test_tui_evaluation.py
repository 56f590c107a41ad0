"""Evaluation tab (8): tiers, interventions, screenings, evaluations and scores shown; an
assessment, a score, a tier, an intervention and a screening entered from the keys; a
score corrected in place (enter or E) and an assessment removed (x). Each save is the
CLI's store change (one commit); bad values are refused with the CLI's words and write
nothing; hostile file text and numbers neither crash the tab nor reach the terminal."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Input, Select, Static

from caseterm.tui.app import CasetermApp
from caseterm.tui.screens.confirm import ConfirmScreen
from caseterm.tui.screens.form_modal import FormScreen
from caseterm.tui.screens.help import help_sections
from caseterm.tui.screens.record import RecordScreen
from caseterm.tui.screens.student import StudentScreen
from tests.conftest import git_log, git_status
from tests.tui_support import (
    column,
    fill_form,
    form_problem,
    make_app,
    notified,
    open_form,
    settle,
    static_text,
    student_tab,
    submit_form,
)

ZOFIA = "students/zofia-p"
CBM = "01m7qjsj1a0hkjwq"
WISC = "01m5cx8wj2paq5rn"


def _summary(screen: StudentScreen) -> str:
    return static_text(screen.query_one("#assess-body", Static), 80)


def _table(screen: StudentScreen) -> DataTable[object]:
    return screen.query_one("#assess-scores", DataTable)


def _messages(app: CasetermApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_the_tab_shows_tier_interventions_screening_evaluation_and_scores(
    sample_copy: Path,
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await student_tab(pilot, "zofia-p", "evaluation")
        text = _summary(screen)
        assert "MTSS tier: 3" in text and "3 from 2026-09-08" in text
        assert "Step Up to Writing" in text and "4x 30 min" in text
        assert "2026-09-09" in text and "ORF" in text and "92" in text
        assert "Referral 2026-10-05 by parent" in text
        assert "Initial evaluation opened 2026-10-09" in text
        table = _table(screen)
        assert column(table, 1)[0].startswith("CBM written")
        assert column(table, 2)[:3] == [
            "  Correct word sequences",
            "  Total words written",
            "no scores yet (s adds one)",
        ]
        assert "  Full Scale IQ" not in column(table, 2) and "Full Scale IQ" in column(table, 2)
        assert screen.focused is table
        sections = dict(help_sections(app.screen))
        keys = {(line.keys, line.description) for line in sections["Evaluation tab"]}
        assert {("a", "Assessment"), ("s", "Score"), ("t", "Tier")} <= keys
        assert {("i", "Intervention"), ("b", "Screening"), ("f", "End intervention")} <= keys
        assert "e" in {line.keys for line in sections["Student"]}, "e still edits the file"
        assert ("E", "Edit entry") in {(k.keys, k.description) for k in sections["Records"]}


async def test_adding_an_assessment_then_a_score(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await student_tab(pilot, "theo-b", "evaluation")
        await pilot.press("s")
        await settle(pilot)
        assert app.screen is screen
        assert "No assessment recorded yet: press a to add one" in _messages(app)
        form = await open_form(pilot, "a")
        fill_form(form, instrument="KTEA-3", type="norm-referenced", examiner="R. Lee")
        await submit_form(pilot)
        assert git_log(sample_copy) == ["theo-b: assessment KTEA-3 2026-11-25 (0 scores)", "sample"]
        text = (sample_copy / "students/theo-b/evaluation.toml").read_text()
        assert 'date = 2026-11-25\ninstrument = "KTEA-3"\ntype = "norm-referenced"' in text
        assert column(_table(screen), 1) == ["KTEA-3"]
        form = await open_form(pilot, "s")
        fill_form(form, name="Reading Composite", kind="standard", value="81", interval="76-87@95")
        fill_form(form, composite="yes", range="Below Average")
        await submit_form(pilot)
        assert git_log(sample_copy)[0] == (
            "theo-b: edit assessment KTEA-3 2026-11-25 (new score Reading Composite standard 81)"
        )
        assert len(git_log(sample_copy)) == 3 and git_status(sample_copy) == ""
        text = (sample_copy / "students/theo-b/evaluation.toml").read_text()
        assert (
            '[[assessment.score]]\nname = "Reading Composite"\nkind = "standard"\nvalue = 81\n'
            'composite = true\nci_low = 76\nci_high = 87\nci_level = 95\nrange = "Below Average"'
        ) in text
        assert column(_table(screen), 2) == ["Reading Composite"]
        assert column(_table(screen), 5) == ["10.3"]


async def test_a_score_is_corrected_in_place_from_its_row(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await student_tab(pilot, "zofia-p", "evaluation")
        scores = (sample_copy / f"{ZOFIA}/evaluation.toml").read_text().count("score]]")
        form = await open_form(pilot, "E")
        assert form.query_one("#field-value", Input).value == "22"
        assert form.query_one("#field-kind", Select).value == "raw"
        fill_form(form, value="24")
        await submit_form(pilot)
        assert git_log(sample_copy) == [
            "zofia-p: edit assessment CBM written expression (3 minutes) 2026-11-18 "
            "(Correct word sequences raw 24)",
            "sample",
        ]
        text = (sample_copy / f"{ZOFIA}/evaluation.toml").read_text()
        assert 'name = "Correct word sequences"\nkind = "raw"\nvalue = 24\n' in text
        assert text.count("score]]") == scores
        assert column(_table(screen), 4)[0] == "24"
        await pilot.press("down", "enter")
        await settle(pilot)
        record = app.screen
        assert isinstance(record, RecordScreen)
        await pilot.press("e")
        await settle(pilot)
        again = app.screen
        assert isinstance(again, FormScreen)
        assert again.query_one("#field-value", Input).value == "31"
        fill_form(again, range="low for grade 5")
        await submit_form(pilot)
        assert git_log(sample_copy)[0] == (
            "zofia-p: edit assessment CBM written expression (3 minutes) 2026-11-18 "
            "(Total words written raw 31)"
        )
        assert (
            'value = 31\nrange = "low for grade 5"'
            in (sample_copy / f"{ZOFIA}/evaluation.toml").read_text()
        )


async def test_x_on_a_score_removes_its_assessment_after_asking(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await student_tab(pilot, "zofia-p", "evaluation")
        await pilot.press("x")
        await settle(pilot)
        confirm = app.screen
        assert isinstance(confirm, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert git_log(sample_copy) == [f"zofia-p: remove assessment {CBM}", "sample"]
        assert CBM not in (sample_copy / f"{ZOFIA}/evaluation.toml").read_text()
        assert not column(_table(screen), 1)[0].startswith("CBM")


async def test_setting_the_tier_adding_an_intervention_and_a_screening(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await student_tab(pilot, "zofia-p", "evaluation")
        form = await open_form(pilot, "t")
        fill_form(form, tier="2", note="Responding to Step Up")
        await submit_form(pilot)
        assert git_log(sample_copy) == ["zofia-p: tier 2 from 2026-11-25", "sample"]
        mtss = (sample_copy / f"{ZOFIA}/mtss.toml").read_text()
        assert 'date = 2026-11-25\ntier = 2\nnote = "Responding to Step Up"' in mtss
        assert "MTSS tier: 2" in _summary(screen)
        form = await open_form(pilot, "i")
        assert form.query_one("#field-tier", Select).value == "2"
        fill_form(form, program="Read Naturally", frequency="3", minutes="30", goal="cws")
        await submit_form(pilot)
        assert git_log(sample_copy)[0] == (
            "zofia-p: tier 2 intervention Read Naturally from 2026-11-25"
        )
        mtss = (sample_copy / f"{ZOFIA}/mtss.toml").read_text()
        assert 'program = "Read Naturally"\ntier = 2\nstart = 2026-11-25' in mtss
        assert "frequency = 3\nminutes = 30" in mtss and 'goal = "cws"' in mtss
        form = await open_form(pilot, "b")
        assert form.query_one("#field-season", Select).value == "fall"
        assert form.query_one("#field-grade", Select).value == "5"
        fill_form(form, season="winter", measure="ORF", score="101", percentile="22")
        await submit_form(pilot)
        assert git_log(sample_copy)[0] == "zofia-p: winter screening ORF 101"
        assert len(git_log(sample_copy)) == 4 and git_status(sample_copy) == ""
        mtss = (sample_copy / f"{ZOFIA}/mtss.toml").read_text()
        assert 'season = "winter"\nmeasure = "ORF"\nscore = 101\npercentile = 22' in mtss
        assert "Read Naturally" in _summary(screen) and "winter" in _summary(screen)


async def test_bad_values_show_the_cli_message_and_write_nothing(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await student_tab(pilot, "zofia-p", "evaluation")
        form = await open_form(pilot, "a")
        await submit_form(pilot)
        assert app.screen is form and form_problem(form) == "Instrument: required"
        await pilot.press("escape")
        await settle(pilot)
        form = await open_form(pilot, "s")
        fill_form(form, name="Spelling", kind="standard", value="lots")
        await pilot.pause()
        assert form_problem(form).startswith("--score: 'lots' is not a number")
        fill_form(form, value="88", interval="80 to 90")
        await pilot.pause()
        assert form_problem(form).startswith("--score: '80 to 90' is not a confidence interval")
        await submit_form(pilot)
        assert isinstance(app.screen, FormScreen)
        await pilot.press("escape")
        await settle(pilot)
        form = await open_form(pilot, "i")
        fill_form(form, program="Read Naturally", frequency="99")
        await pilot.pause()
        assert form_problem(form) == (
            "--frequency: '99' is not a whole number from 1 to 35 sessions a week"
        )
        await submit_form(pilot)
        assert app.screen is form
        await pilot.press("escape")
        await settle(pilot)
        form = await open_form(pilot, "b")
        fill_form(form, measure="ORF", score="1000000")
        await pilot.pause()
        assert form_problem(form) == "--score: 1000000 is out of range; use -100000 to 100000"
        await pilot.press("escape")
        await settle(pilot)
        form = await open_form(pilot, "E")
        fill_form(form, value="-100001")
        await pilot.pause()
        assert form_problem(form) == "--score: -100001 is out of range; use -100000 to 100000"
        await pilot.press("escape")
        await settle(pilot)
        assert git_log(sample_copy) == ["sample"] and git_status(sample_copy) == ""


async def test_a_value_the_store_refuses_is_reported_and_nothing_written(
    sample_copy: Path,
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await student_tab(pilot, "zofia-p", "evaluation")
        form = await open_form(pilot, "s")
        fill_form(form, assessment=WISC, name="Full Scale IQ", kind="standard", value="100")
        await submit_form(pilot)
        assert (
            f"--add-score: assessment {WISC} already has a score 'Full Scale IQ'; "
            "--score corrects it"
        ) in _messages(app)
        form = await open_form(pilot, "E")
        await submit_form(pilot)
        assert f"edit: nothing changed in assessment {CBM}" in _messages(app)
        assert git_log(sample_copy) == ["sample"] and git_status(sample_copy) == ""


async def test_hostile_values_neither_crash_the_tab_nor_reach_the_terminal(
    sample_copy: Path,
) -> None:
    folder = sample_copy / "students/theo-b"
    (folder / "evaluation.toml").write_text(
        '[[assessment]]\nid = "01m9aaaaaaaaaaaa"\ndate = 2026-11-02\n'
        'instrument = "\\u001b]0;pwned\\u0007 [red]x[/red]"\nexaminer = "\\u001b[2J"\n'
        '[[assessment.score]]\nname = "\\u001b[31mRed\\u202e"\nkind = "standard"\n'
        "value = 99999.5\nci_low = -99999.99\nci_high = 99999.99\nci_level = 99\n"
        '[[assessment.score]]\nname = "Tiny"\nkind = "percentile"\nvalue = -99999\n'
        '[[assessment]]\nid = "01m9gggggggggggg"\ndate = 2026-11-03\ninstrument = "Bad"\n'
        '[[assessment.score]]\nname = "Huge"\nkind = "t"\nvalue = 1e300\nrange = 12\n'
        '[[assessment.score]]\nname = "Wrong"\nkind = 5\nvalue = "x"\nci_low = -1e300\n'
        '[[referral]]\nid = "01m9bbbbbbbbbbbb"\ndate = 2026-10-01\nreferred_by = "parent"\n'
        'concern = "\\u001b[2J wiped \\u0000"\n'
    )
    (folder / "mtss.toml").write_text(
        '[[tier]]\nid = "01m9cccccccccccc"\ndate = 2026-09-01\ntier = 99999999999\n'
        '[[tier]]\nid = "01m9dddddddddddd"\ndate = 2026-09-02\ntier = 2\n'
        '[[intervention]]\nid = "01m9eeeeeeeeeeee"\nprogram = "\\u001b]8;;http://x\\u0007link"\n'
        "tier = 2\nstart = 2026-09-03\nfrequency = 123456789012\nminutes = -5\n"
        '[[screening]]\nid = "01m9ffffffffffff"\ndate = 2026-09-04\nseason = "fall"\n'
        'measure = "\\u009b31m"\nscore = 1e300\npercentile = 1e9\n'
    )
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await student_tab(pilot, "theo-b", "evaluation")
        text = _summary(screen)
        cells = [c for i in range(7) for c in column(_table(screen), i)]
        for shown in [text, *cells]:
            assert "\x1b" not in shown and "\x9b" not in shown and "\x07" not in shown
        assert "MTSS tier: 2" in text
        assert "\\x1b]8;;http://x\\x07link" in text
        names = column(_table(screen), 2)
        assert names == ["no scores yet (s adds one)", "  \\x1b[31mRed\\u202e", "  Tiny"]
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen and "No score yet: press s to add one" in _messages(app)
        await pilot.press("down", "enter")
        await settle(pilot)
        record = app.screen
        assert isinstance(record, RecordScreen)
        body = static_text(record.query_one("#record-fields", Static), 100)
        assert "\x1b" not in body and "\\x1b]0;pwned\\x07 [red]x[/red]" in body
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("t", "escape", "i", "escape", "b", "escape", "s", "escape")
        await settle(pilot)
        assert app.screen is screen


STEP_UP = "01m1pf7ca9qnh3dv"
"""Zofia's Tier 3 writing intervention, open since 2026-09-08."""


async def test_f_ends_an_intervention_as_mtss_end_does(
    sample_copy: Path, tmp_path: Path, cli: Any
) -> None:
    by_cli = tmp_path / "by-cli"
    shutil.copytree(sample_copy, by_cli)
    said = cli("-C", by_cli, "mtss", "end", "zofia-p", STEP_UP, "--date", "2026-11-20")
    assert said.code == 0
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await student_tab(pilot, "zofia-p", "evaluation")
        assert "2026-09-08 to now" in _summary(screen)
        form = await open_form(pilot, "f")
        assert form.query_one("#field-intervention", Select).value == STEP_UP
        assert form.query_one("#field-date", Input).value == "2026-11-25", "today"
        fill_form(form, date="2026-11-20")
        await submit_form(pilot)
        assert git_log(sample_copy) == [
            "zofia-p: intervention Step Up to Writing (intensive) ended 2026-11-20",
            "sample",
        ]
        assert git_status(sample_copy) == ""
        mtss = (sample_copy / f"{ZOFIA}/mtss.toml").read_text()
        assert 'goal = "cws"\nend = 2026-11-20\n' in mtss
        assert mtss == (by_cli / f"{ZOFIA}/mtss.toml").read_text(), "the CLI's file text"
        assert "2026-09-08 to 2026-11-20" in _summary(screen)


async def test_ending_an_intervention_refuses_a_bad_date_with_the_cli_words(
    sample_copy: Path, cli: Any
) -> None:
    said = cli("-C", sample_copy, "mtss", "end", "zofia-p", STEP_UP, "--date", "2026-02-30")
    assert said.code == 2
    before = (sample_copy / f"{ZOFIA}/mtss.toml").read_text()
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await student_tab(pilot, "zofia-p", "evaluation")
        form = await open_form(pilot, "f")
        fill_form(form, date="2026-02-30")
        await pilot.pause()
        problem = form_problem(form)
        assert (
            problem
            == "--date: '2026-02-30' is not a real date; use YYYY-MM-DD, e.g. 2026-11-25 or today"
        )
        assert problem in said.err
        await submit_form(pilot)
        assert app.screen is form
        fill_form(form, date="2026-09-01")
        await submit_form(pilot)
        end_before_start = "--end: 2026-09-01 is before the start (2026-09-08)"
        assert end_before_start in await notified(pilot, end_before_start)
        assert git_log(sample_copy) == ["sample"] and git_status(sample_copy) == ""
        assert (sample_copy / f"{ZOFIA}/mtss.toml").read_text() == before


async def test_f_without_an_intervention_says_which_key_adds_one(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await student_tab(pilot, "theo-b", "evaluation")
        await pilot.press("f")
        await settle(pilot)
        assert app.screen is screen
        assert "No intervention recorded yet: press i to add one" in _messages(app)
