"""``caseterm blame``: who entered each record, also after a merge."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.sharing import Cli, be, data_add, ok, session_log, shared_caseload


def test_blame_names_who_entered_each_record_across_clones(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = shared_caseload(tmp_path, cli, monkeypatch)
    be(monkeypatch, "Alice Rivera")
    data_add(cli, team.alice, 51, "2026-11-16")
    ok(cli("-C", team.alice, "sync"))
    be(monkeypatch, "Bob Osei")
    session_log(cli, team.bob, 20, "2026-11-17")
    data_add(cli, team.bob, 61, "2026-11-18")
    ok(cli("-C", team.bob, "sync"))
    path = team.bob / "students/ava-m/data.toml"
    path.write_text(path.read_text().replace("value = 51", "value = 52"))

    entries = json.loads(ok(cli("-C", team.bob, "blame", "ava-m", "--json")).out)
    who = {(e["kind"], e["date"], e["what"]): e["entered_by"] for e in entries}
    assert who == {
        ("service", "2026-09-01", "reading 120 min/week"): "Alice Rivera",
        ("goal", "", "Read 90 wcpm"): "Alice Rivera",
        ("point", "2026-11-16", "rf: 52"): "Alice Rivera",
        ("session", "2026-11-17", "reading 20 min delivered"): "Bob Osei",
        ("point", "2026-11-18", "rf: 61"): "Bob Osei",
    }
    table = ok(cli("-C", team.bob, "blame", "ava-m")).out
    assert "Bob Osei" in table
    assert "rf: 61" in table
