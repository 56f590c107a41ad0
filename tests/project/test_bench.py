"""The benchmark machinery on a tiny caseload: rows come out, nothing is timed here."""

from __future__ import annotations

from pathlib import Path

import pytest

from caseterm.bench.generate import generate, git_env
from caseterm.bench.measure import Row, format_table, summary
from caseterm.bench.run import run
from caseterm.store.infra.load import load_caseload
from tests.conftest import TODAY, git_status


def test_run_gives_a_row_per_measure_with_positive_timings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    users_cache = tmp_path / "users-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(users_cache))
    report = run(sizes=(5,), runs=1, progress=lambda _: None)
    assert not users_cache.exists(), "the bench wrote an index into the user's cache"
    measures = [row.measure for row in report.rows]
    assert measures == [
        "cold student list vs rtoml read+parse",
        "cold due vs rtoml read+parse",
        "cold due, CPU time of all its processes",
        "cold minutes vs rtoml read+parse",
        "warm student list vs cat of the files",
        "warm due vs cat of the files",
        "warm minutes vs cat of the files",
        "warm due, one student changed, vs warm due",
        "full load (check) vs rtoml read+parse, in-process",
        "data add (process start to commit)",
        "service log (process start to commit)",
        "TUI ready, sample caseload (18)",
        "TUI first frame with rows vs bare app with as many rows",
        "TUI key: down (CPU)",
        "TUI key: a filter character (CPU)",
        "TUI key: Esc (clear the filter) (CPU)",
        "peak RSS of the TUI with every figure, MiB (not ms)",
    ]
    for row in report.rows:
        assert row.size == 5
        assert row.caseterm_ms > 0
        assert row.floor_ms > 0
        assert row.result in ("PASS", "OVER", "ref")
    keystroke = report.rows[-2]
    assert keystroke.limit_ms == 50 and keystroke.goal == "< 50 ms"
    assert [c.size for c in report.caseloads] == [5]
    assert report.caseloads[0].bytes_per_student > 10_000
    table = format_table(report.rows)
    assert "data add (process start to commit)" in table
    assert summary(report.rows).startswith("summary: ")


def test_generated_caseload_is_valid_committed_and_deterministic(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = git_env(home)
    first = generate(tmp_path / "a", 3, env)
    second = generate(tmp_path / "b", 3, env)
    loaded = load_caseload(first.root, TODAY)
    assert loaded.problems == []
    assert [s.id for s in loaded.caseload.students] == sorted(s.id for s in first.students)
    assert git_status(first.root) == ""
    for path in sorted(first.root.rglob("*.toml")):
        twin = second.root / path.relative_to(first.root)
        assert twin.read_bytes() == path.read_bytes(), path
    student = loaded.caseload.students[0]
    assert 3 <= len(student.goals) <= 5
    assert len(student.points) >= 30 * len(student.goals) - 10


def test_over_target_rows_are_marked() -> None:
    rows = [
        Row(40, "fast", 10.0, 10.0, 1.5, 3),
        Row(40, "slow", 40.0, 10.0, 1.5, 3),
        Row(40, "reference", 40.0, 10.0, None, 3),
    ]
    assert [r.result for r in rows] == ["PASS", "OVER", "ref"]
    assert "OVER <<<" in format_table(rows)
    assert "slow @ 40 (4.00x > 1.5x)" in summary(rows)


def test_absolute_limits_pass_or_fail_on_milliseconds() -> None:
    quick = Row(500, "key", 7.5, 6.0, None, 10, limit_ms=50.0)
    slow = Row(500, "key", 75.0, 6.0, None, 10, limit_ms=50.0)
    assert (quick.result, slow.result) == ("PASS", "OVER")
    assert "key @ 500 (75.0 ms, not < 50 ms)" in summary([quick, slow])


def test_the_bench_says_how_long_it_took_and_under_what_load() -> None:
    from caseterm.bench.__main__ import took

    line = took(75.2, 1.0, 2.5)
    assert line.startswith("took 1 min 15 s wall, ")
    assert line.endswith(" CPU (load average 1.0 before, 2.5 after)")
