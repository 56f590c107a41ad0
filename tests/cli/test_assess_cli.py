"""``caseterm assess`` and ``caseterm mtss``: every record written and read back (with
--json), bad input refused with one line and nothing written, the referral of a Tier 3
student whose clock then shows in ``due``, reports and the CSV export, hostile files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Result, git_log, git_status

Cli = Any
TODAY = ("--today", "2026-11-25")


def ok(result: Result) -> Result:
    assert result.code == 0, result.err
    return result


def _mtss_student(cli: Cli, root: Path, tier3: bool = True) -> None:
    """Zoe: grade 3, Tier 2 reading fluency from Sept 14, flat data (50 wcpm a week)."""
    ok(cli("-C", root, "student", "add", "zoe-q", "--first-name", "Zoe", "--grade", "3",
           "--plan", "MTSS"))  # fmt: skip
    ok(cli("-C", root, "mtss", "tier", "zoe-q", "2", "--date", "2026-09-10", *TODAY))
    ok(cli("-C", root, "goal", "add", "zoe-q", "orf", "--statement", "Read 90 wcpm",
           "--target", "90", "--target-date", "2027-05-28", "--unit", "wcpm",
           "--baseline", "50", "--start", "2026-09-07"))  # fmt: skip
    ok(cli("-C", root, "mtss", "intervene", "zoe-q", "--program", "Read Naturally", "--tier",
           "2", "--start", "2026-09-14", "--frequency", "3", "--minutes", "30", "--goal", "orf",
           "--area", "reading", "--group", "G3", "--interventionist", "R. Lee"))  # fmt: skip
    for week, day in enumerate(("09-14", "09-21", "09-28", "10-05", "10-12", "10-19")):
        ok(cli("-C", root, "data", "add", "zoe-q", "orf", str(50 + week % 2), "--date",
               f"2026-{day}"))  # fmt: skip
    if tier3:
        ok(cli("-C", root, "mtss", "tier", "zoe-q", "3", "--date", "2026-11-02", *TODAY))


def test_tier_decision_then_referral_carries_the_data_and_starts_the_clock(
    caseload: Path, cli: Cli
) -> None:
    _mtss_student(cli, caseload, tier3=False)
    (row,) = json.loads(ok(cli("-C", caseload, "mtss", "list", "--json", *TODAY)).out)
    assert (row["tier"], row["suggestion"], row["below_aimline"]) == (2, "move-up", 6)
    refused = cli("-C", caseload, "mtss", "refer", "zoe-q", "--date", "2026-11-20")
    assert refused.code == 2 and "Tier 3" in refused.err
    ok(cli("-C", caseload, "mtss", "tier", "zoe-q", "3", "--date", "2026-11-02", *TODAY))
    assert ok(cli("-C", caseload, "due", "--json", *TODAY)).out.strip() == "[]"
    ok(cli("-C", caseload, "mtss", "refer", "zoe-q", "--date", "2026-11-20", "--concern",
           "Flat fluency after 10 weeks of Tier 2"))  # fmt: skip
    assert git_log(caseload)[0] == (
        "zoe-q: referral for evaluation 2026-11-20, 1 intervention carried"
    )
    status = json.loads(ok(cli("-C", caseload, "assess", "status", "zoe-q", "--json", *TODAY)).out)
    (referral,) = status["referrals"]
    (carried,) = referral["history"]
    assert (referral["tier"], referral["areas"], carried["program"], carried["points"]) == (
        3,
        ["reading"],
        "Read Naturally",
        6,
    )
    assert carried["below"] == 6 and carried["frequency"] == 3
    (item,) = json.loads(ok(cli("-C", caseload, "due", "--json", *TODAY)).out)
    assert (item["student"], item["kind"], item["due"]) == (
        "zoe-q",
        "initial-evaluation",
        "2027-01-19",
    )
    ok(cli("-C", caseload, "consent", "add", "zoe-q", "--purpose", "evaluation", "--date",
           "2026-11-23", "--response", "given", "--responded", "2026-11-24"))  # fmt: skip
    (item,) = json.loads(ok(cli("-C", caseload, "due", "--json", *TODAY)).out)
    assert (item["due"], item["detail"]) == ("2027-01-23", "60 days from consent 2026-11-24")
    assert ok(cli("check", caseload)).out == ""


def test_evaluation_from_plan_to_decision(caseload: Path, cli: Cli) -> None:
    _mtss_student(cli, caseload)
    ok(cli("-C", caseload, "assess", "refer", "zoe-q", "--date", "2026-11-02", "--by", "parent",
           "--concern", "Reading"))  # fmt: skip
    status = json.loads(ok(cli("-C", caseload, "assess", "status", "zoe-q", "--json")).out)
    referral = status["referrals"][0]["id"]
    assert status["open_referrals"] == [referral]
    ok(cli("-C", caseload, "assess", "open", "zoe-q", "--referral", referral, "--date",
           "2026-11-05", "--area", "cognitive=school psychologist", "--area",
           "reading=special education teacher"))  # fmt: skip
    status = json.loads(ok(cli("-C", caseload, "assess", "status", "zoe-q", "--json")).out)
    (evaluation,) = status["evaluations"]
    ok(cli("-C", caseload, "assess", "add", "zoe-q", "--instrument", "WISC-V", "--date",
           "2026-11-12", "--area", "cognitive", "--evaluation", evaluation["id"],
           "--score", "Full Scale IQ=standard:92:87-97@95:composite",
           "--score", "Digit Span=scaled:7", "--range", "Full Scale IQ=Average"))  # fmt: skip
    rows = json.loads(ok(cli("-C", caseload, "assess", "show", "zoe-q", "--json")).out)
    (fsiq, digits) = rows[0]["scores"]
    assert (fsiq["value"], fsiq["ci_low"], fsiq["ci_level"], fsiq["composite"]) == (
        92,
        87,
        95,
        True,
    )
    assert (digits["z"], digits["percentile"], digits["computed_range"]) == (
        -1.0,
        15.9,
        "Low Average",
    )
    status = json.loads(ok(cli("-C", caseload, "assess", "status", "zoe-q", "--json")).out)
    assert status["evaluations"][0]["areas_without_assessment"] == ["reading"]
    ok(cli("-C", caseload, "assess", "update", "zoe-q", evaluation["id"], "--report",
           "2026-12-15", "--meeting", "2027-01-05", "--decision", "eligible", "--considered",
           "SLD", "--considered", "OHI", "--category", "SLD", "--sld", "rti"))  # fmt: skip
    assert git_log(caseload)[0].startswith(f"zoe-q: evaluation {evaluation['id']}: report")
    status = json.loads(ok(cli("-C", caseload, "assess", "status", "zoe-q", "--json")).out)
    done = {d["kind"]: d for d in status["deadlines"]}
    assert done["initial-iep"]["due"] == "2027-02-04"
    assert ok(cli("check", caseload)).out == ""
    text = ok(cli("-C", caseload, "assess", "report", "zoe-q", "--today", "2027-01-06")).out
    assert (
        "| WISC-V | 2026-11-12 | Full Scale IQ | standard | 92 | 87-97 (95%) | 29.7 | Average |"
        in text
    )
    assert "Eligible under: Specific learning disability" in text
    html = ok(cli("-C", caseload, "assess", "report", "zoe-q", "--format", "html")).out
    assert html.count("<svg") == 1 and "Tier 2: Read Naturally" in html
    csv_text = ok(cli("-C", caseload, "export", "assessments")).out
    assert csv_text.splitlines()[2].endswith("Digit Span,false,scaled,7,,,,,-1,15.9,Low Average")


def test_screening_below_benchmark_and_meeting_sheet(caseload: Path, cli: Cli) -> None:
    settings = caseload / "caseterm.toml"
    settings.write_text(
        settings.read_text(encoding="utf-8")
        + '\n[[benchmark]]\nmeasure = "ORF"\ngrade = "3"\nseason = "fall"\ncut = 70\n'
        "intensive = 45\n\n[mtss]\nbelow_aimline_points = 6\n",
        encoding="utf-8",
    )
    _mtss_student(cli, caseload)
    ok(cli("-C", caseload, "mtss", "screen", "zoe-q", "--season", "fall", "--measure", "orf",
           "--score", "41", "--percentile", "8", "--date", "2026-09-10"))  # fmt: skip
    (row,) = json.loads(ok(cli("-C", caseload, "mtss", "below", "--json", *TODAY)).out)
    assert (row["score"], row["cut"], row["suggested_tier"], row["tier"]) == (41, 70, 3, 2)
    ok(cli("-C", caseload, "meeting", "add", "zoe-q", "--kind", "mtss", "--date", "2026-11-02",
           "--note", "Moved to Tier 3: Wilson 5x45"))  # fmt: skip
    shown = json.loads(ok(cli("-C", caseload, "mtss", "show", "zoe-q", "--json", *TODAY)).out)
    assert shown["meetings"][0]["note"] == "Moved to Tier 3: Wilson 5x45"
    (plan,) = shown["intervention_plans"]
    assert (plan["suggestion"], plan["detail"]) == (
        "refer",
        "the last 6 points are below the aimline (rule: 6)",
    )
    ok(cli("-C", caseload, "mtss", "end", "zoe-q", plan["id"], "--date", "2026-10-30"))
    sheet = ok(cli("-C", caseload, "mtss", "sheet", "zoe-q", *TODAY)).out
    assert "| fall | 2026-09-10 | orf | 41 | 70 | below |" in sheet
    assert "Moved to Tier 3: Wilson 5x45" in sheet
    assert ok(cli("check", caseload)).out == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("mtss", "tier", "zoe-q", "4"), "TIER: '4' is not a tier; use 1, 2 or 3"),
        (
            ("mtss", "intervene", "zoe-q", "--program", "X", "--tier", "2", "--minutes", "900"),
            "--minutes: '900' is not a whole number from 1 to 600 minutes",
        ),
        (
            ("mtss", "intervene", "zoe-q", "--program", "X", "--tier", "2", "--goal", "nope"),
            "--goal: no goal 'nope' for zoe-q; add it first",
        ),
        (
            ("assess", "add", "zoe-q", "--instrument", "X", "--score", "FSIQ=standard:85:90-99"),
            "ci_low, ci_high: the interval must hold the score",
        ),
        (
            ("assess", "add", "zoe-q", "--instrument", "X", "--score", "FSIQ=iq:85"),
            "--score: 'iq' is not allowed",
        ),
        (("assess", "add", "zoe-q", "--instrument", "X", "--score", "85"), "--score: '85' is not"),
        (
            ("assess", "add", "zoe-q", "--instrument", "X", "--score", "P=percentile:140"),
            "a percentile rank is from 0 to 100",
        ),
        (
            ("mtss", "screen", "zoe-q", "--season", "fall", "--measure", "orf", "--score", "x"),
            "--score",
        ),
        (
            ("assess", "update", "zoe-q", "nope", "--report", "2026-12-01"),
            "ID: no evaluation 'nope'",
        ),
        (("assess", "convert", "140", "--kind", "percentile"), "VALUE: a percentile rank"),
        (("assess", "refer", "nobody"), "student: no student 'nobody'"),
    ],
)
def test_bad_input_is_one_line_and_writes_nothing(
    caseload: Path, cli: Cli, args: tuple[str, ...], message: str
) -> None:
    ok(cli("-C", caseload, "student", "add", "zoe-q", "--first-name", "Zoe", "--plan", "MTSS"))
    before = git_log(caseload)
    result = cli("-C", caseload, *args)
    assert result.code == 2
    assert message in result.err and result.err.count("\n") == 1, result.err
    assert git_log(caseload) == before and git_status(caseload) == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("assess", "add", "zoe-q", "--instrument", "  ", "--score", "FSIQ=standard:85"),
            "--instrument: must not be empty; give the instrument",
        ),
        (
            ("mtss", "screen", "zoe-q", "--season", "fall", "--measure", "", "--score", "41"),
            "--measure: must not be empty; give the measure",
        ),
        (
            ("mtss", "intervene", "zoe-q", "--program", " ", "--tier", "2"),
            "--program: must not be empty; give the program",
        ),
        (
            (
                "mtss",
                "intervene",
                "zoe-q",
                "--program",
                "X",
                "--tier",
                "2",
                "--start",
                "2026-10-01",
                "--end",
                "2026-09-01",
            ),
            "--end: 2026-09-01 is before --start 2026-10-01",
        ),
        (
            ("assess", "open", "zoe-q", "--area", "=school psychologist"),
            "--area: must not be empty; give the name",
        ),
    ],
)
def test_an_empty_required_value_is_refused_by_the_store_as_in_the_tui(
    caseload: Path, cli: Cli, args: tuple[str, ...], message: str
) -> None:
    """The catalogue declares the instrument, measure, program (and an area's name)
    required: the CLI refuses them empty with the TUI form's rule, exit 2, one line."""
    ok(cli("-C", caseload, "student", "add", "zoe-q", "--first-name", "Zoe", "--plan", "MTSS"))
    before = git_log(caseload)
    result = cli("-C", caseload, *args)
    assert result.code == 2
    assert result.err == f"caseterm: {message}\n"
    assert git_log(caseload) == before and git_status(caseload) == ""
    assert not (caseload / "students/zoe-q/evaluation.toml").exists()
    assert not (caseload / "students/zoe-q/mtss.toml").exists()


HOSTILE_EVALUATION = """
[[assessment]]
id = "a1"
date = 2026-10-01
instrument = "WISC\\u001b]52;c;aGk=\\u0007"
examiner = 7

[[assessment.score]]
name = "FSIQ\\u001b[31m"
kind = "standard"
value = 1e300

[[assessment.score]]
name = "VCI"
kind = "standard"
value = 85
ci_low = "low"

[[referral]]
id = "r1"
date = "yesterday"

[[evaluation]]
date = 2026-10-02
decision = "maybe"
"""

HOSTILE_MTSS = """
[[tier]]
id = "t1"
date = 2026-09-01
tier = 99999999999999999999

[[intervention]]
id = "i1"
program = "\\u202eevil"
tier = 3
start = 2026-09-01
minutes = -5

[[screening]]
id = "s1"
date = 2026-09-01
season = "autumn"
measure = "ORF"
score = "high"
"""


def test_hostile_files_never_crash_and_never_reach_the_terminal_raw(
    caseload: Path, cli: Cli
) -> None:
    ok(cli("-C", caseload, "student", "add", "zoe-q", "--first-name", "Zoe", "--plan", "MTSS"))
    folder = caseload / "students" / "zoe-q"
    (folder / "evaluation.toml").write_text(HOSTILE_EVALUATION, encoding="utf-8")
    (folder / "mtss.toml").write_text(HOSTILE_MTSS, encoding="utf-8")
    check = cli("check", caseload)
    assert check.code == 1
    for needed in (
        "is not a whole number from 1 to 3",
        "is out of range",
        "missing required key 'id'",
        "'autumn' is not allowed",
        "'yesterday' is not a date",
    ):
        assert needed in check.out, check.out
    for args in (
        ("assess", "show", "zoe-q"),
        ("assess", "show", "zoe-q", "--json"),
        ("assess", "status", "zoe-q"),
        ("assess", "report", "zoe-q", "--format", "html"),
        ("mtss", "show", "zoe-q"),
        ("mtss", "list"),
        ("mtss", "below"),
        ("mtss", "sheet", "zoe-q"),
        ("export", "assessments"),
        ("due",),
    ):
        result = cli("-C", caseload, *args)
        assert result.code == 0, (args, result.err)
        assert "\x1b" not in result.out + result.err and "\u202e" not in result.out, args
