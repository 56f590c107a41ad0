"""``caseterm report``: family progress reports as a family and a browser would see them."""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from msgspec.structs import replace

from caseterm.model.records import DataPoint, Goal
from caseterm.reports.report_data import goal_report, pick_period, short_of
from caseterm.store.infra.errors import InputError
from tests.builders import PERIODS, SETTINGS
from tests.workproducts import HOSTILE_NAME, HOSTILE_NOTE, build

TODAY = "2026-11-25"


class Page(HTMLParser):
    """The tags, SVG point markers and visible text of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[dict[str, str | None]] = []
        self.points: list[int] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.append(dict(attrs))
        if tag == "svg":
            self.points.append(0)
        if tag == "circle" and dict(attrs).get("class") == "point":
            self.points[-1] += 1

    def handle_data(self, data: str) -> None:
        self.text.append(data)

    @property
    def words(self) -> str:
        return " ".join(" ".join(self.text).split())


def parse(text: str) -> Page:
    page = Page()
    page.feed(text)
    page.close()
    return page


@pytest.fixture
def built(caseload: Path) -> Path:
    return build(caseload)


def _head(root: Path) -> str:
    return subprocess.run(
        ["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_html_report_has_one_graph_per_goal_with_each_measurement(
    built: Path, cli: Any, tmp_path: Path
) -> None:
    out = tmp_path / "ava.html"
    result = cli(
        "-C", built, "report", "ava-m", "--period", "Q1", "-o", out, "--today", "2026-11-25"
    )
    assert result.code == 0, result.err
    page = parse(out.read_text(encoding="utf-8"))
    # Q1 ends Oct 31: the reading point of Nov 2 is after it and not shown.
    assert page.points == [8, 8]
    assert "script" not in page.tags and "link" not in page.tags and "img" not in page.tags
    assert not [a for a in page.attrs if "src" in a or "href" in a]
    words = page.words
    assert "Progress report: Ava Martinez" in words
    assert "Ava is on track to meet this goal by April 5, 2027." in words
    assert "the team may raise the goal" in words
    assert re.search(
        r"At the current rate Ava would reach \d+ of 90 facts by June 1, 2027\.", words
    )
    assert "as of October 31, 2026" in words
    assert "Added flash cards" in words
    assert f"commit {_head(built)[:7]}" in words
    assert "Made on November 25, 2026" in words
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_names_and_notes_are_escaped_and_shown_literally(built: Path, cli: Any) -> None:
    result = cli("-C", built, "report", "zoe-q", "--period", "Q1", "--today", "2026-11-25")
    assert result.code == 0, result.err
    assert "<script>" not in result.out
    page = parse(result.out)
    assert "script" not in page.tags
    assert page.points == [3]
    assert HOSTILE_NAME in page.words
    assert " ".join(HOSTILE_NOTE.split()) in page.words


def test_markdown_report_describes_the_graph_and_escapes_text(built: Path, cli: Any) -> None:
    result = cli(
        "-C", built, "report", "zoe-q", "--period", "Q1", "--format", "md", "--today", "2026-11-25"
    )
    assert result.code == 0, result.err
    text = result.out
    assert "<script>" not in text and "[bold]" not in text
    assert r"\<script\>alert(1)\</script\>\[bold\]Zoe" in text
    assert "Graph: 3 measurements from October 1, 2026 to October 15, 2026" in text
    assert "| October 8, 2026 | 35 |" in text
    assert "Made on November 25, 2026 by caseterm from caseload commit" in text


def test_report_outside_git_says_so(built: Path, cli: Any) -> None:
    shutil.rmtree(built / ".git")
    result = cli(
        "-C", built, "report", "ava-m", "--period", "Q1", "--format", "md", "--today", "2026-11-25"
    )
    assert result.code == 0, result.err
    assert "from caseload not in git" in result.out


def test_report_all_writes_one_private_file_per_student_with_goals(
    built: Path, cli: Any, tmp_path: Path
) -> None:
    folder = tmp_path / "q1"
    result = cli(
        "-C", built, "report", "--all", "--period", "q1", "-o", folder, "--today", "2026-11-25"
    )
    assert result.code == 0, result.err
    assert sorted(p.name for p in folder.iterdir()) == ["ava-m-Q1.html", "zoe-q-Q1.html"]
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.iterdir())
    assert "Wrote 2 Q1 progress reports (html)" in result.out
    assert "sam-k" in result.err


def test_default_period_is_the_current_one(built: Path, cli: Any) -> None:
    result = cli("-C", built, "report", "ava-m", "--format", "md", "--today", "2026-11-25")
    assert result.code == 0, result.err
    assert "Q2, November 1, 2026 to January 14, 2027" in result.out
    assert "so far: the period has not ended" in result.out
    assert "as of November 25, 2026" in result.out


def test_bad_report_requests_are_one_line_errors(built: Path, cli: Any) -> None:
    assert cli("-C", built, "report", "sam-k").code == 2
    unknown = cli("-C", built, "report", "ava-m", "--period", "Q9")
    assert unknown.code == 2
    assert "--period: no reporting period 'Q9'; use one of Q1, Q2, Q3, Q4" in unknown.err
    assert cli("-C", built, "report").code == 2
    assert cli("-C", built, "report", "ava-m", "--all").code == 2


def test_pick_period_default_and_errors() -> None:
    assert pick_period(PERIODS, None, date(2026, 11, 25)).name == "Q2"
    assert pick_period(PERIODS, None, date(2026, 10, 24)).name == "Q1"
    assert pick_period(PERIODS, None, date(2027, 8, 1)).name == "Q4"
    assert pick_period(PERIODS, " q3 ", date(2027, 8, 1)).name == "Q3"
    with pytest.raises(InputError, match="no reporting period has started"):
        pick_period(PERIODS, None, date(2026, 8, 1))
    with pytest.raises(InputError, match="nothing to report yet"):
        pick_period(PERIODS, "Q4", date(2026, 11, 25))


def test_sentences_for_a_behaviour_to_reduce_and_near_misses() -> None:
    goal = Goal(
        "calling-out",
        "Noah will call out 2 or fewer times a day.",
        2,
        date(2027, 1, 29),
        unit="times/day",
        direction="decrease",
        start_date=date(2026, 9, 7),
        baseline=12,
    )
    values = (12, 12, 11, 12, 11, 12, 11, 11)
    points = [
        DataPoint(f"p{i}", "calling-out", date(2026, 9, 7) + timedelta(weeks=i), v)
        for i, v in enumerate(values)
    ]
    report = goal_report(goal, points, date(2026, 10, 31), SETTINGS, "Noah")
    assert report.verdict == "not-on-track"
    assert re.fullmatch(
        r"At the current rate Noah would be at \d+(\.\d)? times/day by January 29, 2027; "
        r"the goal is 2 times/day or fewer\.",
        report.summary,
    )
    assert report.action.endswith("the team is changing instruction.")
    assert short_of(3.96, replace(goal, target=4, direction="increase"), 0) == "3.9"
    assert short_of(3.4, replace(goal, target=4, direction="increase"), 0) == "3"
    assert short_of(2.2, goal, 0) == "2.2"
