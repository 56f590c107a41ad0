"""Two colleagues' assessments, referrals, evaluations, tiers and screenings, recorded on
two machines, merge under git record by record (both files created on both sides, too)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.sharing import Cli, Team, git, ok, shared_caseload


@pytest.fixture
def team(tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Team:
    return shared_caseload(tmp_path, cli, monkeypatch)


def test_evaluation_and_mtss_records_merge_record_by_record(team: Team, cli: Cli) -> None:
    ok(cli("-C", team.alice, "assess", "add", "ava-m", "--instrument", "WISC-V",
           "--date", "2026-11-10", "--score", "Full Scale IQ=standard:88:83-94"))  # fmt: skip
    ok(cli("-C", team.alice, "mtss", "tier", "ava-m", "2", "--date", "2026-09-01"))
    ok(cli("-C", team.alice, "sync"))
    ok(cli("-C", team.bob, "assess", "add", "ava-m", "--instrument", "KTEA-3",
           "--date", "2026-11-12", "--score", "Reading Comprehension=standard:79"))  # fmt: skip
    ok(cli("-C", team.bob, "assess", "refer", "ava-m", "--date", "2026-11-13"))
    ok(cli("-C", team.bob, "mtss", "screen", "ava-m", "--season", "fall", "--measure", "ORF",
           "--score", "41", "--date", "2026-09-10"))  # fmt: skip
    pulled = git(team.bob, "pull", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode == 0, pulled.stderr
    rows = json.loads(ok(cli("-C", team.bob, "assess", "show", "ava-m", "--json")).out)
    assert [r["instrument"] for r in rows] == ["WISC-V", "KTEA-3"]
    assert [s["name"] for r in rows for s in r["scores"]] == [
        "Full Scale IQ",
        "Reading Comprehension",
    ]
    status = json.loads(ok(cli("-C", team.bob, "assess", "status", "ava-m", "--json")).out)
    assert len(status["referrals"]) == 1
    shown = json.loads(ok(cli("-C", team.bob, "mtss", "show", "ava-m", "--json")).out)
    assert (len(shown["tiers"]), len(shown["screenings"])) == (1, 1)
    assert ok(cli("check", team.bob)).out == ""


def test_an_evaluation_decided_on_one_side_and_planned_on_the_other(team: Team, cli: Cli) -> None:
    ok(cli("-C", team.alice, "assess", "open", "ava-m", "--kind", "reevaluation", "--date",
           "2026-10-01", "--area", "reading=teacher"))  # fmt: skip
    ok(cli("-C", team.alice, "sync"))
    ok(cli("-C", team.bob, "sync"))
    status = json.loads(ok(cli("-C", team.bob, "assess", "status", "ava-m", "--json")).out)
    evaluation = status["evaluations"][0]["id"]
    ok(cli("-C", team.alice, "assess", "update", "ava-m", evaluation, "--report", "2026-11-20"))
    ok(cli("-C", team.alice, "sync"))
    ok(cli("-C", team.bob, "assess", "update", "ava-m", evaluation, "--meeting", "2026-11-30",
           "--decision", "eligible", "--category", "SLD"))  # fmt: skip
    pulled = git(team.bob, "pull", "--no-rebase", "--no-edit", check=False)
    assert pulled.returncode == 0, pulled.stderr
    status = json.loads(ok(cli("-C", team.bob, "assess", "status", "ava-m", "--json")).out)
    (merged,) = status["evaluations"]
    assert (merged["report"], merged["meeting"], merged["decision"]) == (
        "2026-11-20",
        "2026-11-30",
        "eligible",
    )
    assert merged["areas"] == [{"name": "reading", "assessor": "teacher"}]
