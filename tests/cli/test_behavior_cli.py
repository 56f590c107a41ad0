"""Behaviour support from the command line: FBA, BIP, observation sessions (options, a
TOML file, CSV), ABC events, fidelity, the safety plan, IOA and the per-phase summary."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import git_log, git_status

HIT = '\n[[behavior]]\nname = "hit"\nmethod = "frequency"\n'
"""The start of one behaviour table of a session file (its count follows)."""


def _student(cli, caseload: Path) -> Path:
    assert cli("-C", caseload, "student", "add", "ava-m", "--first-name", "Ava").code == 0
    return caseload / "students/ava-m"


def _ids(cli, caseload: Path) -> list[str]:
    rows = json.loads(cli("-C", caseload, "observe", "list", "ava-m", "--json").out)
    return [row["id"] for row in rows]


def test_fba_bip_and_two_observers_sessions_give_ioa_and_phases(cli, caseload: Path) -> None:
    folder = _student(cli, caseload)
    fba = cli(
        "-C",
        caseload,
        "fba",
        "add",
        "ava-m",
        "--started",
        "2026-10-01",
        "--target",
        "call-out=Speaks without raising a hand",
        "--function",
        "attention",
        "--concern",
        "Calls out in class",
        "--status",
        "complete",
        "--completed",
        "2026-10-20",
    )
    assert fba.code == 0, fba.err
    (shown,) = json.loads(cli("-C", caseload, "fba", "show", "ava-m", "--json").out)
    assert shown["targets"] == [{"name": "call-out", "definition": "Speaks without raising a hand"}]
    assert shown["functions"] == ["attention"]
    base = ("-C", caseload, "observe", "record", "ava-m", "--start", "09:00", "--end", "09:30")
    assert cli(*base, "--date", "2026-11-02", "--frequency", "call-out=12").code == 0
    assert cli(*base, "--date", "2026-11-04", "--frequency", "call-out=10").code == 0
    bip = cli(
        "-C",
        caseload,
        "bip",
        "add",
        "ava-m",
        "--adopted",
        "2026-11-09",
        "--fba",
        shown["id"],
        "--target",
        "call-out=frequency",
        "--replacement",
        "call-out=raises a hand",
        "--prevention",
        "seat near the teacher",
        "--teaching",
        "hand-raise practice",
        "--review",
        "2027-02-01",
    )
    assert bip.code == 0, bip.err
    assert git_log(caseload)[0] == "ava-m: BIP adopted 2026-11-09"
    after = (*base, "--date", "2026-11-16", "--counts", "call-out=600:2,1,1")
    assert cli(*after, "--observer", "Ms. Ortiz").code == 0
    assert cli(*after[:-1], "call-out=600:2,1,2", "--observer", "Mr. Lee").code == 0
    assert git_log(caseload)[0] == "ava-m: observation 2026-11-16 09:00-09:30 (call-out)"
    first, second = _ids(cli, caseload)[2:]
    listed = json.loads(cli("-C", caseload, "observe", "list", "ava-m", "--json").out)
    assert [row["ioa_check"] for row in listed] == [False, False, False, True]
    result = cli("-C", caseload, "ioa", "ava-m", "--session", first, "--session", second, "--json")
    figures = {
        f["method"]: (f["percent"], f["acceptable"]) for f in json.loads(result.out)["figures"]
    }
    # 4 and 5 occurrences: 80%; counts per interval 2,1,1 and 2,1,2 agree exactly in 2 of 3.
    assert figures["total count"] == (80.0, True)
    assert figures["exact count-per-interval"] == (66.7, False)
    assert figures["mean count-per-interval"] == (83.3, True)
    text = cli("-C", caseload, "ioa", "ava-m", "--session", first, "--session", second).out
    assert "total count" in text and "80.0%" in text
    summary = json.loads(cli("-C", caseload, "behavior", "ava-m", "--json").out)
    (call_out,) = summary["behaviors"]
    baseline, adopted = call_out["phases"]
    assert (baseline["sessions"], baseline["median"], baseline["range"]) == (2, 22.0, 4.0)
    # Mr. Lee's session of the same period is an IOA check: Ms. Ortiz's 4 in 30 min is the data.
    assert (adopted["label"], adopted["sessions"], adopted["mean"]) == ("BIP 2026-11-09", 1, 8.0)
    assert cli("check", caseload).out == ""
    exported = cli("-C", caseload, "export", "observations", "--from", "2026-11-16").out
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [(r["observer"], r["count"], r["rate_per_hour"]) for r in rows] == [
        ("Ms. Ortiz", "4", "8"),
        ("Mr. Lee", "5", "10"),
    ]
    text = (folder / "behavior.toml").read_text(encoding="utf-8")
    assert text.startswith("#:schema ../../.caseterm/schemas/behavior.schema.json\n")
    assert (
        '[[observation.behavior]]\nname = "call-out"\nmethod = "frequency"\n'
        "interval = 600\ncounts = [2, 1, 1]\n" in text
    )


def test_a_session_from_a_toml_file_with_interval_and_duration_data(
    cli, caseload: Path, tmp_path: Path
) -> None:
    _student(cli, caseload)
    session = tmp_path / "session.toml"
    session.write_text(
        'date = 2026-11-16\nstart = 10:00:00\nend = 10:02:00\nobserver = "Mr. Lee"\n\n'
        '[[behavior]]\nname = "elopement"\nmethod = "partial-interval"\ninterval = 10\n'
        'marks = "000110000000"\n',
        encoding="utf-8",
    )
    record = ("-C", caseload, "observe", "record", "ava-m", "--file", session)
    assert cli(*record, "--duration", "tantrum=10-40,70-100").code == 0
    (row,) = json.loads(cli("-C", caseload, "observe", "list", "ava-m", "--json").out)
    figures = {b["name"]: (b["method"], b["value"]) for b in row["behaviors"]}
    assert figures == {"elopement": ("partial-interval", 16.67), "tantrum": ("duration", 50.0)}
    assert row["observer"] == "Mr. Lee"


def test_csv_import_builds_sessions_from_rows(cli, caseload: Path, tmp_path: Path) -> None:
    _student(cli, caseload)
    rows = [
        "student,session,date,start,end,observer,behavior,method,interval,index,value,stop",
        "ava-m,a,2026-11-16,09:00,09:01,Ortiz,elopement,momentary,20,1,0,",
        "ava-m,a,2026-11-16,09:00,09:01,Ortiz,elopement,momentary,20,2,1,",
        "ava-m,a,2026-11-16,09:00,09:01,Ortiz,elopement,momentary,20,3,1,",
        "ava-m,b,2026-11-16,09:00,09:01,Lee,elopement,momentary,20,1,0,",
        "ava-m,b,2026-11-16,09:00,09:01,Lee,elopement,momentary,20,2,1,",
        "ava-m,b,2026-11-16,09:00,09:01,Lee,elopement,momentary,20,3,0,",
        "ava-m,b,2026-11-16,09:00,09:01,Lee,hit,frequency,,,,",
        "ava-m,b,2026-11-16,09:00,09:01,Lee,hit,frequency,,,,",
    ]
    path = tmp_path / "obs.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    result = cli("-C", caseload, "observe", "import", path)
    assert result.code == 0, result.err
    assert git_log(caseload)[0] == "Import 2 observation sessions (ava-m)"
    listed = json.loads(cli("-C", caseload, "observe", "list", "ava-m", "--json").out)
    first, second = sorted(listed, key=lambda row: row["observer"] != "Ortiz")
    assert [(b["name"], b["value"]) for b in first["behaviors"]] == [("elopement", 66.67)]
    assert [(b["name"], b["count"]) for b in second["behaviors"]] == [("elopement", 1), ("hit", 2)]
    ioa = cli(
        "-C",
        caseload,
        "ioa",
        "ava-m",
        "--session",
        first["id"],
        "--session",
        second["id"],
        "--json",
    )
    data = json.loads(ioa.out)
    by_method = {f["method"]: f["percent"] for f in data["figures"]}
    assert by_method["interval-by-interval"] == 66.7
    assert data["warnings"] == ["hit: only in the second session"]
    bad = tmp_path / "bad.csv"
    bad.write_text(rows[0] + "\n" + rows[1].replace(",0,", ",2,") + "\n", encoding="utf-8")
    result = cli("-C", caseload, "observe", "import", bad)
    assert (result.code, result.err) == (
        2,
        "caseterm: CSV line 2: value: '2' is not a mark; use 1 (occurred) or 0\n",
    )


def test_abc_fidelity_and_safety_plan(cli, caseload: Path) -> None:
    folder = _student(cli, caseload)
    for time, antecedent in (
        ("09:10", "math worksheet"),
        ("09:40", "Math worksheet"),
        ("13:05", "transition"),
    ):
        result = cli(
            "-C",
            caseload,
            "abc",
            "add",
            "ava-m",
            "--behavior",
            "elopement",
            "--date",
            "2026-11-16",
            "--time",
            time,
            "--antecedent",
            antecedent,
            "--consequence",
            "sent to office",
            "--setting",
            "room 114",
            "--intensity",
            "3",
        )
        assert result.code == 0, result.err
    summary = json.loads(cli("-C", caseload, "abc", "list", "ava-m", "--json").out)["summary"]
    assert summary["antecedents"][0] == {"text": "math worksheet", "count": 2}
    assert summary["by_hour"] == [
        {"text": "09:00-10:00", "count": 2},
        {"text": "13:00-14:00", "count": 1},
    ]
    fidelity = cli(
        "-C",
        caseload,
        "fidelity",
        "add",
        "ava-m",
        "--date",
        "2026-11-16",
        "--implemented",
        "break card",
        "--implemented",
        "praise",
        "--missed",
        "first-then board",
    )
    assert fidelity.code == 0
    assert git_log(caseload)[0] == "ava-m: fidelity check 2026-11-16 (67% implemented)"
    assert "Mean: 67% implemented" in cli("-C", caseload, "fidelity", "list", "ava-m").out
    exported = cli("-C", caseload, "export", "fidelity").out
    (row,) = csv.DictReader(io.StringIO(exported))
    assert (row["percent_implemented"], row["implemented"], row["missed"]) == (
        "66.7",
        "break card; praise",
        "first-then board",
    )
    assert (
        json.loads(cli("-C", caseload, "safety", "show", "ava-m", "--json").out)["safety_plan"]
        is False
    )
    put = cli(
        "-C",
        caseload,
        "safety",
        "set",
        "ava-m",
        "--trigger",
        "fire alarm",
        "--trigger",
        "crowds",
        "--step",
        "offer the quiet corner",
        "--contact",
        "Ms. Ortiz, ext. 2214",
        "--review",
        "2027-01-15",
    )
    assert put.code == 0, put.err
    assert (
        cli(
            "-C",
            caseload,
            "safety",
            "set",
            "ava-m",
            "--medical",
            "asthma: inhaler in the nurse's office",
        ).code
        == 0
    )
    shown = json.loads(
        cli("-C", caseload, "safety", "show", "ava-m", "--json", "--today", "2026-11-20").out
    )
    assert (shown["triggers"], shown["medical"], shown["review_overdue"]) == (
        ["fire alarm", "crowds"],
        "asthma: inhaler in the nurse's office",
        False,
    )
    text = cli("-C", caseload, "safety", "show", "ava-m").out
    assert "SAFETY PLAN" in text and "offer the quiet corner" in text
    abc = list(csv.DictReader(io.StringIO(cli("-C", caseload, "export", "abc").out)))
    assert (abc[0]["time"], abc[0]["antecedent"], abc[0]["intensity"]) == (
        "09:10",
        "math worksheet",
        "3",
    )
    assert "[safety]" in (folder / "behavior.toml").read_text(encoding="utf-8")
    assert cli("check", caseload).out == ""


def test_bad_behaviour_input_exits_2_naming_the_field_and_writes_nothing(
    cli, caseload: Path
) -> None:
    folder = _student(cli, caseload)
    record = ("observe", "record", "ava-m", "--start", "09:00")
    for args, field in (
        ((*record, "--end", "08:00", "--frequency", "hit=2"), "end"),
        ((*record, "--end", "09:10", "--frequency", "hit=lots"), "--frequency"),
        ((*record, "--end", "09:10", "--partial", "hit=10:01x"), "--partial"),
        ((*record, "--end", "09:10", "--partial", "hit=0:01"), "--partial"),
        ((*record, "--end", "09:10"), "behavior"),
        (("observe", "record", "ava-m", "--frequency", "hit=2"), "--start"),
        ((*record, "--end", "09:10", "--duration", "hit=50-20"), "--duration"),
        ((*record, "--end", "09:10", "--frequency", "hit=1", "--latency", "hit=5"),
         "behavior.name"),
        (("fba", "add", "ava-m", "--function", "control"), "--function"),
        (("fba", "add", "ava-m", "--target", "Runs Off=leaves the room"), "--target"),
        (("bip", "add", "ava-m", "--target", "hit=frequency", "--goal", "hit=No Goal"),
         "--goal"),
        (("abc", "add", "ava-m", "--behavior", " "), "--behavior"),
        (("abc", "add", "ava-m", "--behavior", "hit", "--session", "a\x1bb"), "--session"),
        (("fidelity", "add", "ava-m", "--implemented", "x" * 300), "--implemented"),
        (("bip", "add", "ava-m", "--target", "hit=tally"), "--target"),
        (("bip", "add", "ava-m", "--target", "hit=frequency", "--replacement", "kick=ask"),
         "--replacement"),
        (("abc", "add", "ava-m", "--behavior", "hit", "--intensity", "9"), "--intensity"),
        (("fidelity", "add", "ava-m"), "--implemented or --missed"),
        (("safety", "set", "ava-m"), "safety set"),
        (("ioa", "ava-m", "--session", "x"), "--session"),
        (("behavior", "ava-m", "--behavior", "hit"), "--behavior"),
    ):  # fmt: skip
        result = cli("-C", caseload, *args)
        assert result.code == 2, (args, result.err)
        assert result.err.startswith(f"caseterm: {field}: "), result.err
    assert not (folder / "behavior.toml").exists()
    assert git_status(caseload) == ""


@pytest.mark.parametrize(
    ("session", "message"),
    [
        ('behavior = "hit"\n', "--file: write each behaviour as a [[behavior]] table"),
        ("behavior = [1, 2]\n", "behavior: 1 is not a table of keys and values"),
        ("observer = 5\n" + HIT, "--observer: '5' is not text; write it in quotes"),
        ('note = "\\u001b[2J"\n' + HIT, "--note: contains control character U+001B"),
        (HIT + "count = 1e300\n", "behavior.count: 1e+300 is not a whole number"),
        (HIT + "count = 2\nbogus = 1\n", "behavior: unknown key 'bogus'; known keys: count"),
        (HIT.replace('"hit"', "[1]") + "count = 2\n", "behavior.name: "),
    ],
)
def test_a_hostile_session_file_is_refused_in_one_line(
    cli, caseload: Path, tmp_path: Path, session: str, message: str
) -> None:
    folder = _student(cli, caseload)
    path = tmp_path / "session.toml"
    path.write_text("start = 09:00:00\nend = 09:30:00\n" + session, encoding="utf-8")
    result = cli("-C", caseload, "observe", "record", "ava-m", "--file", path)
    assert (result.code, result.err.count("\n")) == (2, 1), result.err
    assert result.err.startswith(f"caseterm: {message}"), result.err
    assert "\x1b" not in result.err
    assert not (folder / "behavior.toml").exists()
    assert git_status(caseload) == ""


def test_the_summary_index_flags_the_safety_plan_and_keeps_its_text(cli, caseload: Path) -> None:
    """What the caseload screen needs without reading files: the flag and the plan."""
    from caseterm.model import behavior
    from caseterm.store import caseload as facade
    from tests.conftest import TODAY

    _student(cli, caseload)
    put = ("-C", caseload, "safety", "set", "ava-m", "--trigger", "fire alarm")
    assert cli(*put, "--contact", "office, ext. 2200").code == 0
    for _ in range(2):  # built, then read back from the index file
        (slim,) = facade.open(caseload, TODAY).loaded().caseload.students
        assert behavior.has_safety_plan(slim)
        assert slim.safety is not None
        assert behavior.safety_lines(slim.safety) == [
            ("Triggers", "fire alarm"),
            ("Who to call", "office, ext. 2200"),
        ]


def test_a_decrease_goal_takes_its_points_from_observation_sessions(cli, caseload: Path) -> None:
    folder = _student(cli, caseload)
    goal = (
        "-C", caseload, "goal", "add", "ava-m", "hitting", "--statement", "Fewer hits",
        "--target", "1", "--target-date", "2027-05-01", "--direction", "decrease",
        "--unit", "per hour", "--start", "2026-11-02",
    )  # fmt: skip
    added = cli(*goal)
    assert added.code == 0, added.err
    bip = ("-C", caseload, "bip", "add", "ava-m", "--adopted", "2026-11-02")
    assert cli(*bip, "--target", "hit=frequency", "--goal", "hit=hitting").code == 0
    record = ("-C", caseload, "observe", "record", "ava-m", "--start", "09:00", "--end", "09:30")
    for day, count in (("2026-11-02", 6), ("2026-11-09", 4), ("2026-11-16", 3), ("2026-11-23", 2)):
        assert cli(*record, "--date", day, "--frequency", f"hit={count}").code == 0
    assert not (folder / "data.toml").read_text(encoding="utf-8").count("[[point]]")
    (progress,) = json.loads(
        cli("-C", caseload, "progress", "ava-m", "--json", "--today", "2026-11-25").out
    )
    assert (progress["goal"], progress["points"]) == ("hitting", 4)
    # 12, 8, 6 and 4 per hour, a week apart: OLS slope -2.6 per week.
    assert progress["trend_slope_per_week"] == pytest.approx(-2.6)
    md = cli("-C", caseload, "report", "ava-m", "--format", "md", "--today", "2026-11-25").out
    assert "4 measurements from November 2, 2026 to November 23, 2026" in md


def test_check_names_links_to_records_that_do_not_exist(cli, caseload: Path) -> None:
    folder = _student(cli, caseload)
    (folder / "behavior.toml").write_text(
        '[[bip]]\nid = "b1"\nadopted = 2026-11-02\nfba = "nope"\nprevention = ["praise"]\n\n'
        '[[bip.target]]\nname = "hit"\ngoal = "reading"\n\n'
        '[[fidelity]]\nid = "f1"\ndate = 2026-11-03\nbip = "b1"\n'
        'implemented = ["praise", "hugs"]\n\n'
        '[[abc]]\nid = "a1"\ndate = 2026-11-03\nbehavior = "hit"\nobservation = "gone"\n',
        encoding="utf-8",
    )
    result = cli("check", caseload)
    assert result.code == 1
    assert [line.split("behavior.toml:")[1] for line in result.out.splitlines()] == [
        "4:7: fba: no FBA with id 'nope'",
        "9:8: goal: 'reading' is not one of this student's goals (none yet)",
        "15:15: implemented: 'hugs' is not a strategy of BIP 'b1'",
        "21:15: observation: no observation session with id 'gone'",
    ]
