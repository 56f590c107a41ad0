"""``caseterm import screenings``: screening scores from a CSV file in one commit, a
re-import adds nothing, and a bad row is named FILE:ROW with nothing written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.conftest import git_log, git_status

GOOD = """student,date,season,measure,score,percentile,note
zoe-q,2026-09-15,fall,ORF,48,12,
zoe-q,9/16/2026,Fall,MAZE,7,,retest
max-r,2026-09-15,fall,ORF,95,,
"""


def _students(cli: Any, root: Path) -> None:
    for student, name in (("zoe-q", "Zoe"), ("max-r", "Max")):
        result = cli("-C", root, "student", "add", student, "--first-name", name,
                     "--grade", "3", "--plan", "MTSS")  # fmt: skip
        assert result.code == 0, result.err


def test_import_screenings_in_one_commit_and_again_adds_nothing(
    caseload: Path, cli: Any, tmp_path: Path
) -> None:
    _students(cli, caseload)
    csv_file = tmp_path / "screen.csv"
    csv_file.write_text(GOOD)
    before = git_log(caseload)
    result = cli("-C", caseload, "import", "screenings", csv_file)
    assert result.code == 0, result.err
    assert len(git_log(caseload)) == len(before) + 1 and git_status(caseload) == ""
    shown = json.loads(cli("-C", caseload, "mtss", "show", "zoe-q", "--json").out)
    assert [(s["date"], s["season"], s["measure"], s["score"], s["percentile"])
            for s in shown["screenings"]] == [
        ("2026-09-15", "fall", "ORF", 48, 12),
        ("2026-09-16", "fall", "MAZE", 7, None),
    ]  # fmt: skip
    assert 'note = "retest"' in (caseload / "students/zoe-q/mtss.toml").read_text()
    assert (caseload / "students/max-r/mtss.toml").stat().st_mode & 0o777 == 0o600
    again = cli("-C", caseload, "import", "screenings", csv_file)
    assert again.code == 0 and "Nothing to add" in again.out
    assert len(git_log(caseload)) == len(before) + 1 and git_status(caseload) == ""


def test_bad_screening_rows_are_named_and_nothing_is_written(
    caseload: Path, cli: Any, tmp_path: Path
) -> None:
    _students(cli, caseload)
    csv_file = tmp_path / "screen.csv"
    csv_file.write_text(
        "student,date,season,measure,score\n"
        "zoe-q,2026-09-15,fall,ORF,48\n"
        "zoe-q,2026-02-30,fall,ORF,48\n"
        "nobody,2026-09-15,fall,ORF,48\n"
        "zoe-q,2026-09-15,fall,ORF,lots\n"
        "zoe-q,2026-09-15,autumn,ORF,48\n"
    )
    before = git_log(caseload)
    result = cli("-C", caseload, "import", "screenings", csv_file)
    assert result.code == 2
    lines = result.err.splitlines()
    assert [line.split(":")[1] for line in lines[:-1]] == ["3", "4", "5", "6"], result.err
    assert all(line.startswith(f"{csv_file}:") for line in lines[:-1])
    assert "date" in lines[0] and "nobody" in lines[1] and "score" in lines[2]
    assert "season" in lines[3]
    assert lines[-1].endswith("4 problems in " + str(csv_file) + "; nothing was imported")
    assert git_log(caseload) == before and git_status(caseload) == ""
    assert not (caseload / "students/zoe-q/mtss.toml").exists()
