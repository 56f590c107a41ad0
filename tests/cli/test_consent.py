"""Consent and prior written notice (issue 13, item 8): the consent to the initial
services gates their start (34 CFR 300.300(b)); notices are kept (300.503)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

from msgspec.structs import replace

from caseterm.model.compliance import Deadline, student_deadlines
from caseterm.model.records import Consent, Student
from caseterm.store.infra.load import load_caseload
from tests.builders import TODAY, clock, student
from tests.conftest import SAMPLE, git_log, git_status


def _gate(s: Student, *consents: Consent) -> list[Deadline]:
    s = replace(s, consents=consents)
    return [d for d in student_deadlines(s, clock()) if d.kind == "services-consent"]


INITIAL = student(
    referral=date(2026, 9, 1),
    consent=date(2026, 9, 8),
    eligibility=date(2026, 10, 30),
    plan_meeting=date(2026, 11, 20),
    plan_start=date(2026, 11, 30),
)


def test_a_plan_starting_before_the_consent_is_flagged() -> None:
    """Consent given Dec 2 to a plan that starts Nov 30: services may not begin before the
    consent (300.300(b)(1)); the item is open, due on the start date."""
    given = Consent("c", date(2026, 11, 20), "initial-services", "given", date(2026, 12, 2))
    (gate,) = _gate(INITIAL, given)
    assert (gate.due, gate.status, gate.rule, gate.earliest) == (
        date(2026, 11, 30),
        "due-soon",
        "34 CFR 300.300(b)",
        date(2026, 12, 2),
    )
    assert "plan_start 2026-11-30 is before the consent given 2026-12-02" in gate.detail
    (late,) = [
        d
        for d in student_deadlines(
            replace(INITIAL, consents=(given,)), clock(today=date(2026, 12, 1))
        )
        if d.kind == "services-consent"
    ]
    assert late.status == "overdue"


def test_consent_given_in_time_is_done_and_pending_is_open() -> None:
    given = Consent("c", date(2026, 11, 20), "initial-services", "given", date(2026, 11, 20))
    (gate,) = _gate(INITIAL, given)
    assert (gate.status, gate.done) == ("done", date(2026, 11, 20))
    (pending,) = _gate(INITIAL, Consent("p", date(2026, 11, 20), "initial-services"))
    assert (pending.due, pending.status) == (date(2026, 11, 30), "due-soon")
    assert "no answer yet" in pending.detail


def test_refusal_closes_it_and_no_dates_no_item() -> None:
    refused = Consent("r", date(2026, 11, 20), "initial-services", "refused", date(2026, 11, 23))
    (gate,) = _gate(INITIAL, refused)
    assert (gate.status, gate.done) == ("done", date(2026, 11, 23))
    assert "no special education services may be provided" in gate.detail
    assert _gate(student(), Consent("p", date(2026, 11, 20), "initial-services")) == []
    assert _gate(INITIAL, Consent("e", date(2026, 9, 1), "evaluation", "given", TODAY)) == []


def _student(cli, caseload: Path) -> Path:
    assert cli("-C", caseload, "student", "add", "ava-m", "--first-name", "Ava").code == 0
    return caseload / "students/ava-m"


def test_consent_and_notice_commands(cli, caseload: Path) -> None:
    folder = _student(cli, caseload)
    add = ("consent", "add", "ava-m", "--purpose", "initial-services", "--date", "2026-11-20")
    assert cli("-C", caseload, *add).code == 0
    assert git_log(caseload)[0] == "ava-m: initial-services consent asked 2026-11-20 (pending)"
    (row,) = json.loads(cli("-C", caseload, "consent", "list", "ava-m", "--json").out)
    assert (row["purpose"], row["response"], row["responded"]) == (
        "initial-services",
        "pending",
        None,
    )
    answer = (
        "consent",
        "answer",
        "ava-m",
        row["id"],
        "--response",
        "given",
        "--date",
        "2026-11-23",
    )
    assert cli("-C", caseload, *answer).code == 0
    assert git_log(caseload)[0] == "ava-m: initial-services consent given 2026-11-23"
    text = (folder / "consent.toml").read_text(encoding="utf-8")
    assert text.startswith("#:schema ../../.caseterm/schemas/consent.schema.json\n")
    assert 'purpose = "initial-services"\nresponse = "given"\nresponded = 2026-11-23\n' in text
    notice = ("notice", "add", "ava-m", "--date", "2026-11-20", "--action", "propose")
    result = cli("-C", caseload, *notice, "--subject", "fape", "--description", "Initial IEP")
    assert result.code == 0
    (listed,) = json.loads(cli("-C", caseload, "notice", "list", "ava-m", "--json").out)
    assert (listed["action"], listed["subject"], listed["description"]) == (
        "propose",
        "fape",
        "Initial IEP",
    )
    assert cli("check", caseload).out == ""
    rows = list(csv.DictReader(io.StringIO(cli("-C", caseload, "export", "consents").out)))
    assert [(r["purpose"], r["response"], r["responded"]) for r in rows] == [
        ("initial-services", "given", "2026-11-23")
    ]


def test_bad_consent_input_exits_2_and_writes_nothing(cli, caseload: Path) -> None:
    folder = _student(cli, caseload)
    for args, field in (
        (("consent", "add", "ava-m", "--purpose", "iep"), "--purpose"),
        (("consent", "add", "ava-m", "--purpose", "evaluation", "--response", "given"),
         "--responded"),
        (
            ("consent", "add", "ava-m", "--purpose", "evaluation", "--date", "2026-11-20",
             "--response", "given", "--responded", "2026-11-19"),
            "--responded",
        ),
        (("consent", "answer", "ava-m", "nope", "--response", "given"), "ID"),
        (("notice", "add", "ava-m", "--action", "suggest", "--subject", "fape"), "--action"),
        (("notice", "add", "ava-m", "--action", "refuse", "--subject", "iep"), "--subject"),
    ):  # fmt: skip
        result = cli("-C", caseload, *args)
        assert result.code == 2, args
        assert result.err.startswith(f"caseterm: {field}: "), result.err
    assert not (folder / "consent.toml").exists()
    assert git_status(caseload) == ""


def test_check_reports_an_answer_without_its_date(cli, caseload: Path) -> None:
    folder = _student(cli, caseload)
    (folder / "consent.toml").write_text(
        '[[consent]]\nid = "c1"\ndate = 2026-11-20\npurpose = "evaluation"\n'
        'response = "given"\n\n[[notice]]\nid = "n1"\ndate = 2026-11-20\naction = "propose"\n'
    )
    result = cli("check", caseload)
    assert result.code == 1
    assert 'consent.toml:5:12: responded: give the date of the answer with response = "given"' in (
        result.out
    )
    assert "consent.toml:7:1: missing required key 'subject'" in result.out


def test_the_sample_evaluation_has_its_notice_and_consents() -> None:
    """Hana's initial evaluation: notice and consent asked Sep 28, consent given Oct 8, the
    date her plan's clock counts from."""
    hana = load_caseload(SAMPLE, TODAY).caseload.student("hana-y")
    assert hana is not None
    (notice,) = hana.notices
    assert (notice.date, notice.action, notice.subject) == (
        date(2026, 9, 28),
        "propose",
        "evaluation",
    )
    evaluation = next(c for c in hana.consents if c.purpose == "evaluation")
    assert (evaluation.response, evaluation.responded) == ("given", hana.plan.dates.consent)


def test_a_consent_record_starts_the_evaluation_clock_when_the_plan_has_no_date() -> None:
    """Consent to evaluate given 2026-10-08 (consent.toml), no `consent` in the plan: the
    60 days run from it (34 CFR 300.301(c)(1)): 2026-12-07. The plan's own date wins."""
    given = Consent("c", date(2026, 9, 28), "evaluation", "given", date(2026, 10, 8))
    s = replace(student(referral=date(2026, 9, 28)), consents=(given,))
    (evaluation,) = [d for d in student_deadlines(s, clock()) if d.kind == "initial-evaluation"]
    assert (evaluation.due, evaluation.rule) == (date(2026, 12, 7), "34 CFR 300.301(c)(1)")
    own = replace(student(referral=date(2026, 9, 28), consent=date(2026, 10, 1)), consents=(given,))
    (evaluation,) = [d for d in student_deadlines(own, clock()) if d.kind == "initial-evaluation"]
    assert evaluation.due == date(2026, 11, 30)
    medicaid = Consent("m", date(2026, 1, 5), "medicaid", "given", date(2026, 1, 9))
    billed = replace(student(plan_meeting=date(2026, 2, 10)), consents=(medicaid,))
    (notice,) = [d for d in student_deadlines(billed, clock()) if d.kind == "medicaid-notice"]
    assert notice.due == date(2027, 1, 8)
