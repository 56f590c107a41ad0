"""Nothing from a file, a folder name or git reaches the terminal raw: one rule for all."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from caseterm.display import safe_text
from tests.conftest import Result
from tests.sharing import Cli, be, git, ok, shared_caseload

OSC = "\x1b]52;c;aGk=\x07"
RLO = "\u202e"
RAW = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)"
)
STUDENT = "amara-k"


def _no_raw(result: Result) -> None:
    for stream in (result.out, result.err):
        assert not RAW.search(stream), repr(stream[:400])


def _toml(text: str) -> str:
    """``text`` as a TOML basic string, with escapes."""
    return '"' + "".join(c if c.isprintable() else f"\\u{ord(c):04x}" for c in text) + '"'


@pytest.fixture
def hostile(sample_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample with hostile names, a hostile key, folder name, note and git author."""
    folder = sample_copy / "students" / STUDENT
    student = folder / "student.toml"
    student.write_text(
        student.read_text().replace(
            'first_name = "Amara"', f"first_name = {_toml('Am' + RLO + 'ara' + OSC)}"
        )
    )
    goals = folder / "goals.toml"
    goals.write_text(
        goals.read_text().replace('area = "math"', f"area = {_toml('ma' + RLO + 'th' + OSC)}", 1)
    )
    data = folder / "data.toml"
    data.write_text(
        data.read_text().replace(
            "value = 12\n", f"value = 12\nnote = {_toml(OSC + RLO)}\n{_toml('k' + OSC)} = 1\n", 1
        )
    )
    goals.write_text(
        goals.read_text().replace(
            'unit = "digits correct/2 min"', f"unit = {_toml('d' + OSC + RLO)}"
        )
    )
    plan = folder / "plan.toml"
    plan.write_text(
        plan.read_text().replace(
            'name = "Specialized math instruction"', f"name = {_toml('m' + OSC + RLO)}"
        )
    )
    log = folder / "log.toml"
    log.write_text(
        log.read_text().replace(
            'status = "scheduled"\n', f'status = "scheduled"\ntitle = {_toml("t" + OSC + RLO)}\n'
        )
    )
    (sample_copy / "students" / f"x{OSC}{RLO}").mkdir()
    be(monkeypatch, f"Eve{RLO} {OSC}")
    git(sample_copy, "add", "--all")
    git(sample_copy, "commit", "--quiet", "-m", f"edit{OSC}{RLO}")
    with data.open("a") as handle:
        point = '[[point]]\nid = "01m7r4ha4071as6c"\ngoal = "math-computation"\n'
        handle.write(f"\n{point}date = 2026-11-20\nvalue = 14\nnote = {_toml(OSC + RLO)}\n")
    git(sample_copy, "commit", "--quiet", "-am", f"point{OSC}{RLO}")
    return sample_copy


COMMANDS = [
    ("check",),
    ("student", "list"),
    ("student", "list", "--json"),
    ("student", "show", STUDENT),
    ("student", "show", STUDENT, "--json"),
    ("history", STUDENT),
    ("history", STUDENT, "--json"),
    ("progress", STUDENT),
    ("progress", STUDENT, "--json"),
    ("blame", STUDENT),
    ("due", "--all"),
    ("due", "--all", "--json"),
    ("minutes", "--month", "2026-10"),
    ("minutes", "--month", "2026-10", "--json"),
    ("report", STUDENT, "--format", "md"),
    ("report", STUDENT, "--format", "html"),
    ("export", "students"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_command_prints_escapes_or_bidi_controls(
    hostile: Path, cli: Cli, args: tuple[str, ...]
) -> None:
    result = cli(
        "-C", hostile, *args, *(["--today", "2026-11-25"] if args[0] in ("due", "progress") else [])
    )
    assert result.out or result.err
    if args[0] not in ("due", "minutes") or "--json" in args:
        assert "\\u202e" in result.out + result.err, "the hostile text is shown, escaped"
    _no_raw(result)


def test_check_names_the_hostile_key_and_folder_visibly(hostile: Path, cli: Cli) -> None:
    result = cli("-C", hostile, "check")
    assert result.code == 1
    assert "k\\x1b]52;c;aGk=\\x07" in result.out
    assert "x\\x1b]52;c;aGk=\\x07\\u202e" in result.out


def test_json_output_escapes_stay_valid_json(hostile: Path, cli: Cli) -> None:
    import json

    result = ok(cli("-C", hostile, "student", "show", STUDENT, "--json"))
    assert json.loads(result.out)["profile"]["first_name"] == "Am" + RLO + "ara" + OSC


def test_sync_conflicts_and_resolve_print_hostile_values_escaped(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = shared_caseload(tmp_path, cli, monkeypatch)
    plan = "students/ava-m/student.toml"
    be(monkeypatch, f"Eve{RLO} {OSC}")
    for root, name in ((team.alice, "Al" + RLO + OSC), (team.bob, "Bo" + RLO + OSC)):
        path = root / plan
        path.write_text(
            path.read_text().replace('first_name = "Ava"', f"first_name = {_toml(name)}")
        )
        git(root, "commit", "--quiet", "-am", f"name{OSC}{RLO}")
    ok(cli("-C", team.alice, "sync"))
    for args in (("sync",), ("conflicts",), ("conflicts", "--json"), ("resolve", "--ours", plan)):
        result = cli("-C", team.bob, *args)
        assert result.out or result.err
        _no_raw(result)


def test_the_rule_escapes_c0_del_c1_and_bidi_visibly() -> None:
    assert safe_text("a\x1b[31mb\x7f\x9b\u202e\u2066\u200f\u061c\tc\n") == (
        "a\\x1b[31mb\\x7f\\x9b\\u202e\\u2066\\u200f\\u061c\tc\n"
    )


@pytest.mark.parametrize("form", ["html", "md"])
def test_report_files_hold_no_raw_controls(
    hostile: Path, cli: Cli, tmp_path: Path, form: str
) -> None:
    target = tmp_path / f"report.{form}"
    ok(cli("-C", hostile, "report", STUDENT, "-o", target))
    text = target.read_text()
    assert "\\u202e" in text
    assert not RAW.search(text)


async def test_the_tui_shows_bidi_controls_escaped(hostile: Path) -> None:
    from textual.widgets import DataTable

    from tests.tui_support import column, make_app, settle

    app = make_app(hostile)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        names = column(app.screen.query_one("#students", DataTable), 0)
        shown = [n for n in names if n.startswith("⚠ Am") or n.startswith("Am")]
        assert shown and "\\u202e" in shown[0]
        assert not any(RAW.search(n) for n in names)


def test_crlf_line_ends_survive_but_a_lone_carriage_return_does_not() -> None:
    assert safe_text("a\r\nb\rc") == "a\r\nb\\x0dc"


def test_an_ics_export_to_standard_output_keeps_its_crlf_lines(sample_copy: Path, cli: Cli) -> None:
    result = ok(cli("-C", sample_copy, "export", "ics", "--today", "2026-11-25"))
    assert result.out.startswith("BEGIN:VCALENDAR\r\n")
    assert "\\x0d" not in result.out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_live_progress_bar_on_a_terminal_escapes_text_but_keeps_its_colours(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rich.progress import BarColumn, Progress, TextColumn

    from caseterm.cli.terminal import SafeStream, safe_console

    raw = _Terminal()
    monkeypatch.setattr(sys, "stderr", SafeStream(raw))
    monkeypatch.delenv("NO_COLOR")
    console = safe_console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(f"rows {OSC}{RLO}", total=4)
        for done in range(4):
            progress.update(task, completed=done)
            progress.refresh()
    out = raw.getvalue()
    assert "\x1b[2K" in out, "Rich's own cursor codes pass"
    assert "\\x1b" in out
    assert "\x1b]52" not in out and RLO not in out
