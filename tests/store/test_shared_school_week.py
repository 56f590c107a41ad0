"""A simulated school week: a case manager and a provider share one remote, no manual merge.

Alice (case manager) and Bob (speech-language pathologist) work on their own clones from
Monday to Friday: data points, sessions, contacts, meetings, plan edits to different
fields, a goal phase, corrections (removals) and one hand edit, syncing at random moments
in a seeded random order. At the end both caseloads are identical, hold every entry either
made (less those removed), ``check`` is clean and no conflict was ever raised.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import rtoml

from tests.conftest import git_status
from tests.sharing import Cli, be, git, ok, shared_caseload, student_with_goal_and_service

STUDENTS = ("ava-m", "ben-k")
DAYS = ("2026-11-16", "2026-11-17", "2026-11-18", "2026-11-19", "2026-11-20")
TABLES = {"data.toml": "point", "sessions.toml": "session", "log.toml": "contact"}


def last_id(root: Path, student: str, file: str) -> str:
    records = rtoml.loads((root / "students" / student / file).read_text())[TABLES[file]]
    return str(records[-1]["id"])


def all_ids(root: Path) -> set[str]:
    found = set()
    for student in STUDENTS:
        for file, table in TABLES.items():
            data = rtoml.loads((root / "students" / student / file).read_text())
            found |= {r["id"] for r in data.get(table, [])}
    return found


def test_a_week_of_concurrent_work_ends_identical_with_nothing_lost(
    tmp_path: Path, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = shared_caseload(tmp_path, cli, monkeypatch)
    be(monkeypatch, "Alice Rivera")
    student_with_goal_and_service(cli, team.alice, "ben-k")
    ok(cli("-C", team.alice, "service", "add", "ava-m", "speech", "30", "--start", "2026-09-01"))
    ok(cli("-C", team.alice, "sync"))
    be(monkeypatch, "Bob Osei")
    ok(cli("-C", team.bob, "sync"))

    rng = random.Random(20261125)
    people = {"Alice Rivera": team.alice, "Bob Osei": team.bob}
    made: set[str] = set()
    plan_wanted: dict[str, dict[str, Any]] = {student: {} for student in STUDENTS}
    removed: set[str] = set()
    syncs = 0

    def as_(name: str) -> Path:
        be(monkeypatch, name)
        return people[name]

    def data(name: str, day: str) -> None:
        root, student = as_(name), rng.choice(STUDENTS)
        ok(cli("-C", root, "data", "add", student, "rf", rng.randint(40, 90), "--date", day))
        made.add(last_id(root, student, "data.toml"))

    def session(name: str, day: str) -> None:
        root, student = as_(name), rng.choice(STUDENTS)
        service = "speech" if name.startswith("Bob") and student == "ava-m" else "reading"
        minutes = rng.choice((15, 20, 30))
        ok(cli("-C", root, "service", "log", student, service, minutes, "--date", day))
        made.add(last_id(root, student, "sessions.toml"))

    def contact(name: str, day: str) -> None:
        root, student = as_(name), rng.choice(STUDENTS)
        ok(cli("-C", root, "contact", "add", student, "--method", "phone", "--date", day))
        made.add(last_id(root, student, "log.toml"))

    def correct(name: str, day: str) -> None:
        root, student = as_(name), rng.choice(STUDENTS)
        ok(cli("-C", root, "data", "add", student, "rf", 999, "--date", day))
        mistake = last_id(root, student, "data.toml")
        made.add(mistake)
        ok(cli("-C", root, "remove", student, "point", mistake))
        removed.add(mistake)

    def plan_edit(name: str, day: str) -> None:
        root, student = as_(name), rng.choice(STUDENTS)
        if name.startswith("Alice"):
            ok(cli("-C", root, "plan", "set", student, f"safeguards_notice={day}"))
            plan_wanted[student]["safeguards_notice"] = day
        else:
            item = f"Visual schedule {day}"
            ok(cli("-C", root, "plan", "set", student, f"accommodations+={item}"))
            plan_wanted[student].setdefault("accommodations", []).append(item)

    def sync(name: str, _day: str) -> None:
        nonlocal syncs
        result = cli("-C", as_(name), "sync")
        assert result.code == 0, f"{name}'s sync needed help: {result.err}"
        syncs += 1

    actions: list[Callable[[str, str], None]] = [data, data, session, session, contact]
    for day in DAYS:
        for _ in range(10):
            name = rng.choice(list(people))
            rng.choice([*actions, sync])(name, day)
        correct(rng.choice(list(people)), day)
        plan_edit("Alice Rivera", day)
        plan_edit("Bob Osei", day)
        if day == DAYS[2]:
            root = as_("Alice Rivera")
            ok(cli("-C", root, "goal", "phase", "ava-m", "rf", "--date", day, "--label", "RR"))
            bob = as_("Bob Osei")
            profile = bob / "students" / "ben-k" / "student.toml"
            profile.write_text(
                profile.read_text().replace("[student]\n", '[student]\nnote = "hi"\n')
            )
        for name in rng.sample(list(people), 2):
            sync(name, day)

    for name in ("Alice Rivera", "Bob Osei", "Alice Rivera"):
        sync(name, DAYS[-1])

    assert git(team.alice, "rev-parse", "HEAD").stdout == git(team.bob, "rev-parse", "HEAD").stdout
    for student in STUDENTS:
        for file in ("student.toml", "plan.toml", "goals.toml", *TABLES):
            alice = (team.alice / "students" / student / file).read_text()
            assert alice == (team.bob / "students" / student / file).read_text()
    assert all_ids(team.alice) == made - removed
    assert len(made) > 20
    assert removed
    for root in people.values():
        assert ok(cli("check", root)).out == ""
        assert cli("-C", root, "conflicts").out == "No conflicts\n"
        assert git_status(root) == ""
    for student, wanted in plan_wanted.items():
        plan = rtoml.loads((team.alice / "students" / student / "plan.toml").read_text())
        if "safeguards_notice" in wanted:
            assert str(plan["dates"]["safeguards_notice"]) == wanted["safeguards_notice"]
        assert plan["plan"].get("accommodations", []) == wanted.get("accommodations", [])
    goals = rtoml.loads((team.alice / "students" / "ava-m" / "goals.toml").read_text())
    assert goals["goal"][0]["phase"][0]["label"] == "RR"
    assert 'note = "hi"' in (team.alice / "students" / "ben-k" / "student.toml").read_text()
    merges = git(team.alice, "log", "--merges", "--format=%s").stdout.splitlines()
    assert len(merges) >= 3, "the week had real concurrent work to merge"
    assert syncs >= 2 * len(DAYS)
