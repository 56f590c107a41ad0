"""``caseterm export``: a calendar file a phone imports, spreadsheets that open safely."""

from __future__ import annotations

import csv
import io
import stat
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from caseterm.reports.csvout import cell_text, csv_text, neutralise
from caseterm.store.actions import changes
from tests.workproducts import HOSTILE_NAME, build

TODAY = "2026-11-25"


@pytest.fixture
def built(caseload: Path) -> Path:
    return build(caseload)


def _events(path: Path) -> dict[str, Any]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_ics_has_deadlines_and_meetings_with_stable_uids(
    built: Path, cli: Any, tmp_path: Path
) -> None:
    first, second = tmp_path / "one.ics", tmp_path / "two.ics"
    assert cli("-C", built, "export", "ics", "-o", first, "--today", TODAY).code == 0
    changes.add_data_point(built, "ava-m", "reading-fluency", 57, date(2026, 11, 23))
    result = cli("-C", built, "export", "ics", "-o", second, "--today", TODAY)
    assert result.code == 0, result.err
    one, two = _events(first), _events(second)
    assert set(one) == set(two)
    assert f"Wrote {len(two)} events to {second}" in result.err
    assert stat.S_IMODE(second.stat().st_mode) == 0o600

    review = two["ava-m.annual-review@caseterm"]
    assert str(review["summary"]) == "Ava Martinez: Annual IEP review due"
    assert review.decoded("dtstart") == date(2027, 9, 14)
    assert review.decoded("dtend") == date(2027, 9, 15)
    assert "Rule: 34 CFR 300.324(b)(1)(i)" in str(review["description"])
    report = two["ava-m.progress-report.q2@caseterm"]
    assert str(report["summary"]) == "Ava Martinez: Progress report Q2 due"

    meeting = next(e for uid, e in two.items() if ".meeting." in uid)
    assert meeting.decoded("dtstart") == datetime(2026, 12, 3, 15, 30)
    assert str(meeting["summary"]) == "Ava Martinez: progress conference"
    assert str(meeting["location"]) == "Room 114"
    hostile = [e for uid, e in two.items() if uid.startswith("zoe-q.")]
    assert hostile and all(str(e["summary"]).startswith(HOSTILE_NAME) for e in hostile)


def test_ics_within_and_ids_options(built: Path, cli: Any, tmp_path: Path) -> None:
    soon = tmp_path / "soon.ics"
    result = cli(
        "-C", built, "export", "ics", "--within", "30", "--ids", "--student", "ava-m",
        "-o", soon, "--today", TODAY,
    )  # fmt: skip
    assert result.code == 0, result.err
    events = _events(soon)
    assert events
    assert all(uid.startswith("ava-m.") for uid in events)
    starts = [e.decoded("dtstart") for e in events.values()]
    days = [s.date() if isinstance(s, datetime) else s for s in starts]
    assert all(day <= date(2026, 12, 25) for day in days)
    assert all(str(e["summary"]).startswith("ava-m: ") for e in events.values())
    assert "Martinez" not in soon.read_text(encoding="utf-8")


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))


def test_sessions_csv_has_medicaid_units_by_the_8_minute_rule(
    built: Path, cli: Any, tmp_path: Path
) -> None:
    out = tmp_path / "sessions.csv"
    result = cli("-C", built, "export", "sessions", "-o", out, "--from", "2026-11-01", "--to",
                 "2026-11-30")  # fmt: skip
    assert result.code == 0, result.err
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = _rows(raw.decode("utf-8"))
    header, body = rows[0], rows[1:]
    assert header[:3] == ["id", "student", "name"]
    units = {(r[6], r[7]): r[12] for r in body}
    assert units == {
        ("30", "delivered"): "2",
        ("23", "delivered"): "2",
        ("30", "provider-absent"): "0",
        ("7", "delivered"): "0",
    }
    assert {r[13] for r in body} == {"2024-09-10"}
    assert "Wrote 4 sessions (4 Medicaid units)" in result.err
    none = cli("-C", built, "export", "sessions", "--from", "2026-12-01", "--to", "2026-12-31")
    assert _rows(none.out)[1:] == []


def test_exported_cells_cannot_run_as_formulas(built: Path, cli: Any) -> None:
    for kind in ("students", "points"):
        result = cli("-C", built, "export", kind, "--student", "zoe-q")
        assert result.code == 0, result.err
        cells = [c for row in _rows(result.out) for c in row]
        assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]
    students = _rows(cli("-C", built, "export", "students", "--student", "zoe-q").out)
    assert students[1][2] == "'=Quinn"
    assert not cli("-C", built, "export", "points").out.startswith("\ufeff")


def test_csv_cells() -> None:
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("@SUM(A1)") == "'@SUM(A1)"
    assert neutralise("-2 notes") == "'-2 notes"
    assert neutralise("plain") == "plain"
    assert cell_text(-3.0) == "-3" and cell_text(87.5) == "87.5" and cell_text(True) == "true"
    assert cell_text(date(2026, 11, 25)) == "2026-11-25" and cell_text(None) == ""
    text = csv_text(["a", "b"], [["x,y", 'say "hi"']], bom=True)
    assert text == '\ufeffa,b\r\n"x,y","say ""hi"""\r\n'


def test_deadlines_csv_lists_every_item_with_its_rule(built: Path, cli: Any) -> None:
    result = cli("-C", built, "export", "deadlines", "--student", "ava-m", "--today", TODAY)
    rows = _rows(result.out)
    assert rows[0][:5] == ["student", "name", "kind", "item", "due"]
    review = next(r for r in rows if r[2] == "annual-review")
    assert review[4] == "2027-09-14" and review[10] == "34 CFR 300.324(b)(1)(i)"
    assert any(r[3] == "Progress report Q1" for r in rows)
