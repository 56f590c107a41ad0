"""Discipline (issue 13, item 7): removals, the school days removed in a school year, the
change of placement, the manifestation determination review and the FBA/BIP.

Worked by hand from 34 CFR 300.530 and 300.536 on tests/builders.CALENDAR (Mon-Fri,
Aug 17 2026 - Jun 4 2027; Thanksgiving Nov 25-27, winter break Dec 21 - Jan 1 closed).
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

from msgspec.structs import replace

from caseterm.model.compliance import Deadline, student_deadlines
from caseterm.model.discipline import counted_removals
from caseterm.model.records import BehaviorPlan, Meeting, Removal, Student
from caseterm.model.rules import FEDERAL
from tests.builders import SETTINGS, TODAY, clock, student
from tests.conftest import git_log, git_status

SERIES = (
    Removal("r1", date(2026, 10, 5), 4, reason="fight"),
    Removal("r2", date(2026, 11, 2), 5, kind="iss", reason="threats"),
    Removal("r3", date(2026, 11, 16), 3, reason="fight"),
)


def suspended(*removals: Removal, **plan: Any) -> Student:
    return replace(student(plan_meeting=date(2026, 2, 10), **plan), removals=removals)


def items(s: Student, kind: str, today: date = TODAY) -> list[Deadline]:
    return [d for d in student_deadlines(s, clock(FEDERAL, today)) if d.kind == kind]


def test_the_removal_past_day_10_needs_a_pattern_decision() -> None:
    """4 + 5 = 9 school days: no decision; the removal of Nov 16 makes 12, more than 10
    (300.536(a)(2)): whether the series is a pattern is decided with that removal, so it is
    due that day and overdue on Nov 25 while pattern is not recorded."""
    s = suspended(*SERIES)
    totals = [(c.removal.id, c.total, c.placement) for c in counted_removals(s, *_year())]
    assert totals == [("r1", 4, ""), ("r2", 9, ""), ("r3", 12, "undecided")]
    (decision,) = items(s, "pattern-decision")
    assert (decision.due, decision.status, decision.rule) == (
        date(2026, 11, 16),
        "overdue",
        "34 CFR 300.536(a)(2), (b)",
    )
    assert "12 school days removed this school year" in decision.detail
    assert items(s, "manifestation-review") == []


def test_a_pattern_is_a_change_of_placement_with_a_review_within_10_school_days() -> None:
    """Decided Fri Nov 13 that the series is a pattern: 10 school days after it are Nov 16-20
    (5), Nov 23-24 (7), Thanksgiving closed, Nov 30 (8), Dec 1 (9), Dec 2 (10): 2026-12-02
    (300.530(e))."""
    pattern = replace(SERIES[2], pattern=True, decided=date(2026, 11, 13))
    s = suspended(*SERIES[:2], pattern)
    (decision,) = items(s, "pattern-decision")
    assert (decision.status, decision.done) == ("done", date(2026, 11, 13))
    (review,) = items(s, "manifestation-review")
    assert (review.due, review.status, review.rule, review.days_left) == (
        date(2026, 12, 2),
        "due-soon",
        "34 CFR 300.530(e)",
        7,
    )
    assert "a pattern of removals (12 school days this school year)" in review.detail
    assert items(s, "fba-bip") == []


def test_no_pattern_means_no_review() -> None:
    s = suspended(*SERIES[:2], replace(SERIES[2], pattern=False))
    (decision,) = items(s, "pattern-decision")
    assert decision.status == "done"
    assert "decided: no pattern" in decision.detail
    assert items(s, "manifestation-review") == []


def test_more_than_10_days_in_a_row_across_the_winter_break() -> None:
    """12 school days from Mon Dec 14 is a change of placement by itself (300.536(a)(1)).
    The review counts from the decision (Dec 14): Dec 15-18 (4), winter break, Jan 4-8
    (9), Jan 11 (10): 2027-01-11."""
    s = suspended(Removal("long", date(2026, 12, 14), 12, reason="weapon"))
    assert items(s, "pattern-decision") == []
    (review,) = items(s, "manifestation-review")
    assert (review.due, review.status) == (date(2027, 1, 11), "upcoming")
    assert "12 school days in a row" in review.detail


def test_a_held_review_is_done_and_a_manifestation_asks_for_an_fba_and_bip() -> None:
    """The review held Nov 30 found a manifestation: an FBA and a BIP are due then
    (300.530(f)(1)) and stay overdue until a BIP is adopted on or after the decision."""
    removal = replace(SERIES[2], pattern=True, decided=date(2026, 11, 13), manifestation=True)
    mdr = Meeting("m1", date(2026, 11, 30), "manifestation")
    s = replace(suspended(*SERIES[:2], removal), meetings=(mdr,))
    (review,) = items(s, "manifestation-review", date(2026, 12, 7))
    assert (review.status, review.done) == ("done", date(2026, 11, 30))
    (fba,) = items(s, "fba-bip", date(2026, 12, 7))
    assert (fba.due, fba.status, fba.rule) == (date(2026, 11, 30), "overdue", "34 CFR 300.530(f)")
    old_bip = replace(s, plan=replace(s.plan, behavior_plan=BehaviorPlan(date(2026, 3, 1))))
    assert items(old_bip, "fba-bip", date(2026, 12, 7))[0].status == "overdue"
    new_bip = replace(s, plan=replace(s.plan, behavior_plan=BehaviorPlan(date(2026, 12, 4))))
    (fba,) = items(new_bip, "fba-bip", date(2026, 12, 7))
    assert (fba.status, fba.done) == ("done", date(2026, 12, 4))


def test_last_school_years_removals_do_not_count() -> None:
    """10 days in May 2026 belong to 2025-26: this year's count starts again at 0."""
    s = suspended(Removal("old", date(2026, 5, 18), 10), Removal("new", date(2026, 9, 1), 3))
    assert [c.total for c in counted_removals(s, *_year())] == [3]
    assert items(s, "pattern-decision") == []


def test_only_iep_students_get_discipline_deadlines() -> None:
    s = replace(student(plan_type="504"), removals=(Removal("x", date(2026, 11, 2), 12),))
    assert [d for d in student_deadlines(s, clock()) if d.kind == "manifestation-review"] == []


def _year() -> tuple[date, date]:
    return SETTINGS.school_year_start, SETTINGS.school_year_end


# --- files, commands, check ------------------------------------------------------------


def _student(cli, caseload: Path) -> Path:
    assert cli("-C", caseload, "student", "add", "ava-m", "--first-name", "Ava").code == 0
    return caseload / "students/ava-m"


def test_removal_add_writes_discipline_toml_and_commits(cli, caseload: Path) -> None:
    folder = _student(cli, caseload)
    assert not (folder / "discipline.toml").exists()
    result = cli(
        "-C", caseload, "removal", "add", "ava-m", "--date", "2026-10-05", "--days", "4",
        "--reason", "fight",
    )  # fmt: skip
    assert result.code == 0, result.err
    assert "ava-m: oss removal 2026-10-05 (4 school days)" in result.out
    text = (folder / "discipline.toml").read_text(encoding="utf-8")
    assert text.startswith("#:schema ../../.caseterm/schemas/discipline.schema.json\n")
    assert 'date = 2026-10-05\ndays = 4\nkind = "oss"\nreason = "fight"\n' in text
    assert (folder / "discipline.toml").stat().st_mode & 0o777 == 0o600
    assert git_log(caseload)[0] == "ava-m: oss removal 2026-10-05 (4 school days)"
    assert git_status(caseload) == ""
    blamed = json.loads(cli("-C", caseload, "blame", "ava-m", "--json").out)
    assert [(b["kind"], b["what"], b["entered_by"]) for b in blamed] == [
        ("removal", "oss 4 school days", "Jordan Rivera")
    ]


def test_removal_list_decide_and_due(cli, caseload: Path) -> None:
    _student(cli, caseload)
    for day, days in (("2026-10-05", "4"), ("2026-11-02", "5"), ("2026-11-16", "3")):
        args = ("removal", "add", "ava-m", "--date", day, "--days", days, "--reason", "x")
        assert cli("-C", caseload, *args).code == 0
    listed = json.loads(cli("-C", caseload, "removal", "list", "ava-m", "--json").out)
    assert (listed["removed_days"], listed["limit"], listed["days_before_limit"]) == (12, 10, 0)
    last = listed["removals"][-1]
    assert (last["school_year_days"], last["placement"]) == (12, "undecided")
    assert [r["services_required"] for r in listed["removals"]] == [False, False, True]
    table = cli("-C", caseload, "removal", "list", "ava-m").out
    assert "12 school days removed in the school year 2026-08-17 to 2027-06-12" in table
    assert "pattern undecided" in table
    due_args = ("due", "--json", "--student", "ava-m", "--today", "2026-11-25")
    before = [d["kind"] for d in json.loads(cli("-C", caseload, *due_args).out)]
    assert "pattern-decision" in before and "manifestation-review" not in before
    assert json.loads(cli("-C", caseload, *due_args).out) == json.loads(
        cli("-C", caseload, *due_args).out
    ), "the warm summary index answers the same"
    decide = ("removal", "decide", "ava-m", last["id"], "--pattern", "yes")
    assert cli("-C", caseload, *decide, "--decided", "2026-11-13").code == 0
    assert git_log(caseload)[0] == f"ava-m: removal {last['id']}: pattern yes, decided 2026-11-13"
    due = cli("-C", caseload, "due", "--json", "--student", "ava-m", "--today", "2026-11-25")
    (review,) = [d for d in json.loads(due.out) if d["kind"] == "manifestation-review"]
    assert (review["due"], review["rule"]) == ("2026-12-02", "34 CFR 300.530(e)")
    assert cli("check", caseload).out == ""
    export = cli("-C", caseload, "export", "removals", "--today", "2026-11-25").out
    rows = list(csv.DictReader(io.StringIO(export)))
    assert [(r["date"], r["school_year_days"], r["pattern"]) for r in rows] == [
        ("2026-10-05", "4", ""),
        ("2026-11-02", "9", ""),
        ("2026-11-16", "12", "true"),
    ]


def test_bad_removal_input_exits_2_and_writes_nothing(cli, caseload: Path) -> None:
    folder = _student(cli, caseload)
    for args, field in (
        (("--days", "0"), "--days"),
        (("--days", "three"), "--days"),
        (("--days", "2", "--kind", "expelled"), "--kind"),
        (("--days", "2", "--pattern", "maybe"), "--pattern"),
        (("--days", "2", "--date", "2026-02-30"), "--date"),
    ):
        result = cli("-C", caseload, "removal", "add", "ava-m", *args)
        assert result.code == 2, args
        assert result.err.startswith(f"caseterm: {field}: ")
        assert len(result.err.strip().splitlines()) == 1
    assert cli("-C", caseload, "removal", "decide", "ava-m", "nope", "--pattern", "no").code == 2
    assert not (folder / "discipline.toml").exists()
    assert git_status(caseload) == ""


def test_check_reports_bad_removals_at_their_line(cli, caseload: Path) -> None:
    folder = _student(cli, caseload)
    (folder / "discipline.toml").write_text(
        '[[removal]]\nid = "r1"\ndate = 2026-11-02\ndays = 0\nkind = "expelled"\npattern = "yes"\n'
    )
    result = cli("check", caseload)
    assert result.code == 1
    lines = result.out.splitlines()
    assert any(":4:8: days: 0 is not a whole number from 1 to 180" in line for line in lines)
    assert any(":5:8: kind:" in line for line in lines)
    assert any(":6:11: pattern: 'yes' is not true or false" in line for line in lines)


def test_the_merge_driver_keys_removals_by_id() -> None:
    """Two people record removals at once, and one records the pattern decision of an
    earlier removal while the other corrects its reason: all of it is kept."""
    from caseterm.store.infra.merge import merge_documents

    def removal(rid: str, **extra: object) -> dict[str, object]:
        return {"id": rid, "date": date(2026, 11, 2), "days": 3, **extra}

    base = {"removal": [removal("a")]}
    ours = {"removal": [removal("a", pattern=True), removal("b")]}
    theirs = {"removal": [removal("a", reason="fight"), removal("c")]}
    merged, conflicts = merge_documents(base, ours, theirs)
    assert conflicts == []
    assert merged["removal"] == [
        removal("a", pattern=True, reason="fight"),
        removal("b"),
        removal("c"),
    ]


def test_a_caseload_older_than_the_kind_gets_its_schema_with_the_first_removal(
    cli, caseload: Path
) -> None:
    folder = _student(cli, caseload)
    schema = caseload / ".caseterm/schemas/discipline.schema.json"
    schema.unlink()
    subprocess.run(["git", "-C", str(caseload), "commit", "-qam", "older"], check=True)
    assert cli("-C", caseload, "removal", "add", "ava-m", "--days", "1").code == 0
    assert schema.is_file() and (folder / "discipline.toml").is_file()
    assert git_status(caseload) == ""


def test_import_removals_and_an_export_imports_back(cli, caseload: Path, tmp_path: Path) -> None:
    folder = _student(cli, caseload)
    bad = tmp_path / "bad.csv"
    bad.write_text("student,date,days,kind\nava-m,2026-11-02,٣,oss\nava-m,2026-11-09,2,expelled\n")
    result = cli("-C", caseload, "import", "removals", bad)
    assert result.code == 2
    assert "bad.csv:2: days: " in result.err and "bad.csv:3: kind: " in result.err
    assert not (folder / "discipline.toml").exists()
    good = tmp_path / "removals.csv"
    good.write_text(
        "student,date,days,kind,reason,pattern\n"
        "ava-m,10/5/2026,4,oss,fight,\n"
        "ava-m,2026-11-02,7,iss,threats,yes\n",
        encoding="utf-8",
    )
    assert cli("-C", caseload, "import", "removals", good).code == 0
    assert git_log(caseload)[0] == "Import 2 removals for 1 student from removals.csv"
    listed = json.loads(cli("-C", caseload, "removal", "list", "ava-m", "--json").out)
    assert [(r["days"], r["school_year_days"], r["placement"]) for r in listed["removals"]] == [
        (4, 4, ""),
        (7, 11, "pattern"),
    ]
    exported = tmp_path / "out.csv"
    assert cli("-C", caseload, "export", "removals", "-o", exported).code == 0
    again = cli("-C", caseload, "import", "removals", exported)
    assert again.code == 0, again.err
    assert (
        len(json.loads(cli("-C", caseload, "removal", "list", "ava-m", "--json").out)["removals"])
        == 2
    )
