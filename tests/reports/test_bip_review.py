"""The BIP review report: data per phase with phase lines, fidelity, IOA, ABC summary and
the safety plan, in HTML and Markdown, with file text escaped."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import SAMPLE, TODAY


def test_html_review_of_the_sample_shows_phases_fidelity_ioa_and_abc(cli, tmp_path: Path) -> None:
    out = tmp_path / "review.html"
    result = cli("-C", SAMPLE, "bip", "review", "kenji-o", "-o", out, "--today", TODAY)
    assert result.code == 0, result.err
    assert result.out == f"Wrote the BIP review of kenji-o to {out}\n"
    html = out.read_text(encoding="utf-8")
    assert "<h1>Behavior intervention plan review: Kenji Oyelaran-Sato</h1>" in html
    assert html.count("<svg") == 2  # elopement and meltdown
    phase_lines = re.findall(r'<line class="phase"[^>]*>', html)
    assert len(phase_lines) == 2  # the BIP's adoption on each graph
    assert ">BIP 2026-11-03</text>" in html
    assert "<h2>Interobserver agreement</h2>" in html and "Marisol Quintero-Hale" in html
    assert "Mean: 86% implemented." in html
    assert "crowded hallway (2)" in html
    assert "<h2>Safety plan</h2>" in html and "calm corner in room 5B" in html


def test_markdown_review_tables_and_escaping(cli, caseload: Path) -> None:
    assert cli("-C", caseload, "student", "add", "ava-m", "--first-name", "Ava").code == 0
    added = cli(
        "-C", caseload, "bip", "add", "ava-m", "--adopted", "2026-11-02",
        "--target", "hit=frequency", "--replacement", "hit=asks *nicely* <b>",
    )  # fmt: skip
    assert added.code == 0
    record = ("-C", caseload, "observe", "record", "ava-m", "--start", "09:00", "--end", "10:00")
    assert cli(*record, "--date", "2026-10-28", "--frequency", "hit=6").code == 0
    assert cli(*record, "--date", "2026-11-04", "--frequency", "hit=2").code == 0
    text = cli("-C", caseload, "bip", "review", "ava-m", "--format", "md", "--today", TODAY).out
    assert "Replacement behaviour: asks \\*nicely\\* \\<b\\>" in text
    assert "| baseline | 1 | 6 | 6 | - | 6 to 6 |" in text
    assert "| BIP 2026-11-02 | 1 | 2 | 2 | - | 2 to 2 |" in text
    html = cli("-C", caseload, "bip", "review", "ava-m", "--today", TODAY).out
    assert "asks *nicely* &lt;b&gt;" in html and "<b>" not in html


def test_no_bip_no_review(cli, caseload: Path) -> None:
    assert cli("-C", caseload, "student", "add", "ava-m", "--first-name", "Ava").code == 0
    result = cli("-C", caseload, "bip", "review", "ava-m")
    assert (result.code, result.err) == (
        2,
        "caseterm: STUDENT: ava-m has no BIP (caseterm bip add)\n",
    )
