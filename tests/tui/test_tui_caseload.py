"""Caseload screen: one row per student with deadline, minutes, goals, data; filter, sort."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Static
from textual.widgets._footer import FooterKey

from caseterm.tui.screens.caseload import CaseloadScreen
from caseterm.tui.screens.student import StudentScreen
from caseterm.tui.widgets.footer import KeysFooter
from tests.tui_support import column, make_app, settle, static_text


async def test_every_student_has_a_row_with_the_engine_columns(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, CaseloadScreen)
        table = app.screen.query_one("#students", DataTable)
        assert table.row_count == 23
        names = column(table, 0)
        assert names[0] == "Amara Kowalczyk-Dia…"
        row = {name: i for i, name in enumerate(names)}
        tobias = table.get_row_at(row["Tobias Castellanos-…"])
        assert tobias[3].plain == "22d late Annual review"
        assert "late" in table.get_row_at(row["Amara Kowalczyk-Dia…"])[3].plain
        kenji = table.get_row_at(row["Kenji Oyelaran-Sato"])
        assert kenji[5].plain == "○●"
        assert kenji[6].plain == "5d"
        elias = table.get_row_at(row["Elias Fairweather"])
        assert elias[4].plain == "—" and elias[6].plain == "—"
        assert "23 students" in static_text(app.screen.query_one("#caseload-status", Static))


async def test_filter_narrows_rows_and_escape_clears_it(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"504")
        table = app.screen.query_one("#students", DataTable)
        assert column(table, 0) == ["Elias Fairweather", "Priya Nandakumar"]
        assert "2 of 23 students" in static_text(app.screen.query_one("#caseload-status", Static))
        await pilot.press("enter")
        assert table.has_focus
        await pilot.press("escape")
        assert table.row_count == 23
        assert not app.screen.query_one("#filter", Input).display


async def test_a_long_filter_scrolls_in_its_box_to_the_cursor(sample_copy: Path) -> None:
    """Typing past the box's width (the box keeps its size and the screen is not laid out
    per key) still scrolls the text so that its end and the cursor show; Esc empties it."""
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        typed = "abcdefghij" * 9 + "xyz"
        await pilot.press("slash", *typed)
        await settle(pilot)
        box = app.screen.query_one("#filter", Input)
        assert box.value == typed
        assert box.scroll_x > 0
        shown = "".join(segment.text for segment in box.render_line(0))
        assert shown.rstrip().endswith("xyz") and len(shown.strip()) < len(typed), shown
        assert "0 of 23 students" in static_text(app.screen.query_one("#caseload-status", Static))
        await pilot.press("escape")
        await settle(pilot)
        assert box.value == "" and box.scroll_x == 0
        assert app.screen.query_one("#students", DataTable).row_count == 23


async def test_filter_and_escape_keep_the_order_and_the_selected_student(
    sample_copy: Path,
) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#students", DataTable)
        await pilot.press("s", "r")
        before = column(table, 0)
        await pilot.press("slash", *"504", "enter", "down")
        assert column(table, 0) == [n for n in before if n in column(table, 0)]
        chosen = column(table, 0)[table.cursor_row]
        await pilot.press("escape")
        assert column(table, 0) == before, "Esc shows every row again, in the same order"
        assert before[table.cursor_row] == chosen, "the cursor stays on the chosen student"
        await pilot.press("slash", *"zzz-nobody")
        assert table.row_count == 0
        status = static_text(app.screen.query_one("#caseload-status", Static))
        assert f"0 of {len(before)} students" in status
        await pilot.press("escape")
        assert column(table, 0) == before


async def test_filter_searches_the_full_name_and_any_text(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#students", DataTable)
        await pilot.press("slash", *"Banks")
        assert column(table, 0) == ["Delphine Rautio-Ban…"], (
            "the name cut on screen is searched whole"
        )
        await pilot.press("escape", "slash", *"speech")
        shown = column(table, 0)
        assert "Lucía Valdivieso-Ma…" in shown and 1 < len(shown) < 23, "services are searched"
        await pilot.press("escape", "slash", *"articulation")
        assert column(table, 0) == ["Lucía Valdivieso-Ma…"], "goals are searched"


async def test_filter_finds_a_student_by_team_or_family_member_from_a_warm_index(
    sample_copy: Path,
) -> None:
    """The rows come from the summary index (written by the first run, read by the
    second): a team member's name and role and a family member's name still find them."""
    for _run in ("cold index", "warm index"):
        app = make_app(sample_copy)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            table = app.screen.query_one("#students", DataTable)
            await pilot.press("slash", *"Caspian Ellery")
            assert column(table, 0) == ["Amara Kowalczyk-Dia…", "Delphine Rautio-Ban…"], (
                f"team member ({_run})"
            )
            await pilot.press("escape", "slash", *"Aminata Diallo")
            assert column(table, 0) == ["Amara Kowalczyk-Dia…"], f"family member ({_run})"
            await pilot.press("escape")
            assert table.row_count == 23


async def test_sort_cycles_columns_and_reverses(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#students", DataTable)
        await pilot.press("s")
        grades = column(table, 1)
        assert grades[0] == "IT" and grades[1] == "K" and grades[-1] == "12"
        await pilot.press("s", "s")
        deadlines = column(table, 3)
        # Most overdue: Kenji's Medicaid notice (Esperanza's transition plan, once "265d
        # late", can still be amended before her 16th birthday: due soon).
        assert deadlines[0].startswith("⚑77d late")  # ⚑: Kenji has a safety plan
        await pilot.press("r")
        assert column(table, 3)[-1].startswith("⚑77d late")
        assert "Next deadline ▼" in static_text(app.screen.query_one("#caseload-status", Static))


async def test_enter_opens_the_selected_student(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, StudentScreen)
        assert app.screen.student_id == "delphine-r"
        assert "Delphine Rautio-Banks" in static_text(app.screen.query_one("#student-head", Static))
        await pilot.press("escape")
        assert isinstance(app.screen, CaseloadScreen)


async def test_names_are_shown_literally(cli, caseload: Path) -> None:
    cli("-C", caseload, "student", "add", "zed-x", "--first-name", "Zed")
    profile = caseload / "students/zed-x/student.toml"
    text = profile.read_text().replace('"Zed"', '"[bold]Zed[/bold]"\nlast_name = "\\u001b[31mR"')
    profile.write_text(text)
    app = make_app(caseload)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#students", DataTable)
        # the control character is a problem (the student is marked) and shown escaped
        assert column(table, 0) == ["⚠ [bold]Zed[/bold] …"]


async def test_a_broken_student_is_marked_and_listed_on_the_problems_screen(
    sample_copy: Path,
) -> None:
    (sample_copy / "students/theo-b/data.toml").write_text("[[point]\n")
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#students", DataTable)
        assert "⚠ Theo Brannigan" in column(table, 0)
        assert "1 problems" in app.sub_title
        await pilot.press("exclamation_mark")
        await settle(pilot)
        problems = app.screen.query_one("#problems-table", DataTable)
        assert column(problems, 0) == ["students/theo-b/data.toml:1:9"]
        assert "invalid TOML" in column(problems, 1)[0]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, StudentScreen) and app.screen.student_id == "theo-b"


async def test_files_changed_on_disk_are_reloaded(sample_copy: Path) -> None:
    from caseterm.tui.app import CasetermApp
    from tests.conftest import TODAY

    app = CasetermApp(sample_copy, today=lambda: TODAY, watch_seconds=0.1)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        profile = sample_copy / "students/theo-b/student.toml"
        profile.write_text(profile.read_text().replace('"Theo"', '"Theodore"'))
        for _ in range(200):
            await pilot.pause(0.1)
            table = app.screen.query_one("#students", DataTable)
            if "Theodore Brannigan" in column(table, 0):
                break
        assert "Theodore Brannigan" in column(table, 0)


async def test_footer_shows_help_and_quit_at_80_columns(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for keys in ((), ("enter",), ("escape", "c")):
            await pilot.press(*keys)
            await settle(pilot)
            footer = app.screen.query_one(KeysFooter)
            shown = [k for k in footer.query(FooterKey) if k.region.right <= 80 and k.region.width]
            actions = [k.action for k in shown]
            assert "app.help" in actions or "help" in actions, actions
            assert "app.quit" in actions or "quit" in actions, actions


async def test_footer_keys_follow_the_filter_box_without_being_rebuilt(sample_copy: Path) -> None:
    """In the filter box only help and quit (ctrl+q: q is typed) are shown; after Esc the
    caseload's keys and q come back, on the same key widgets (rebuilding them was most of
    Esc's time at 5,000 students)."""
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 24)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeysFooter)

        def shown() -> dict[str, str]:
            return {k.action: k.key_display for k in footer.query(FooterKey) if k.display}

        before = shown()
        widgets = set(footer.query(FooterKey))
        assert before["quit"] == "q" and "filter" in before, before
        await pilot.press("slash")
        await settle(pilot)
        typing = shown()
        assert set(typing) - {"command_palette"} == {"help", "quit"}, typing
        assert typing["quit"] != "q", typing
        await pilot.press("escape")
        await settle(pilot)
        assert shown() == before
        assert set(footer.query(FooterKey)) == widgets


async def test_home_and_end_jump_to_the_first_and_last_student(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#students", DataTable)
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("home")
        assert table.cursor_row == 0
