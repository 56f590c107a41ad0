"""The per-student summary index: kept in the user's cache folder, private, and never
trusted over the files (hand edits, pulls, removed students, damage, upgrades)."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import pickle
import shutil
import stat
import subprocess
import time
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from msgspec.structs import replace
from textual.widgets import DataTable

import caseterm
from caseterm.cli import due, minutes, reading
from caseterm.store import caseload
from caseterm.store.actions import changes
from caseterm.store.infra import summary
from caseterm.store.infra.load import Loaded, load_caseload
from caseterm.tui.app import CasetermApp
from caseterm.tui.state import State
from tests.conftest import TODAY
from tests.tui_support import make_app, settle

READS = (
    ("student", "list", "--json"),
    ("due", "--json", "--all", "--today", TODAY.isoformat()),
    ("minutes", "--json", "--today", TODAY.isoformat()),
    ("minutes", "--json", "--month", "2026-10", "--today", TODAY.isoformat()),
    ("minutes", "--json", "--from", "2025-08-01", "--to", "2026-11-25", "--today", "2026-11-25"),
)


def age(root: Path, seconds: int = 3600) -> None:
    """Date every file back, as files are when a caseload is opened again later."""
    past = time.time() - seconds
    for path in root.rglob("*.toml"):
        os.utime(path, (past, past))


def run_json(cli, root: Path, *args: str) -> Any:
    result = cli("-C", root, *args)
    assert result.code == 0, result.err
    return json.loads(result.out)


def names(cli, root: Path) -> dict[str, str]:
    return {row["id"]: row["name"] for row in run_json(cli, root, "student", "list", "--json")}


def forge(root: Path, student_id: str, name: str) -> None:
    """Rewrite the index so one student's cached name differs from the files."""
    path = summary.index_path(root)
    header, entries = pickle.loads(path.read_bytes())
    entry = entries[student_id]
    profile = replace(entry.profile, first_name=name)
    entries[student_id] = dataclasses.replace(entry, profile=profile)
    path.write_bytes(pickle.dumps((header, entries)))


def _every_record(args: argparse.Namespace, today: date, *_: object, **__: object) -> Loaded:
    """``load_summaries`` replaced by a full read: the answer to compare with."""
    return reading.load_for_answers(args, today)


@pytest.fixture
def sample(sample_copy: Path) -> Path:
    age(sample_copy)
    return sample_copy


def test_the_index_lives_in_the_private_user_cache_outside_the_caseload(
    cli, sample: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "xdg-cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    run_json(cli, sample, "student", "list", "--json")
    files = list((cache / "caseterm").iterdir())
    assert [f.name.startswith("index-") for f in files] == [True]
    assert stat.S_IMODE((cache / "caseterm").stat().st_mode) == 0o700
    assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
    assert not list(sample.rglob("index-*"))
    status = subprocess.run(
        ["git", "-C", str(sample), "status", "--porcelain"], capture_output=True, text=True
    )
    assert status.stdout == ""


def test_without_xdg_cache_home_the_index_goes_to_dot_cache(
    cli, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("XDG_CACHE_HOME")
    run_json(cli, sample, "student", "list", "--json")
    assert summary.index_path(sample).parent == Path.home() / ".cache" / "caseterm"
    assert summary.index_path(sample).is_file()


@pytest.mark.parametrize("args", READS, ids=lambda a: " ".join(a[:3]))
def test_answers_from_summaries_equal_answers_from_every_record(
    cli, sample: Path, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    cold = cli("-C", sample, *args)
    assert summary.index_path(sample).is_file()
    warm = cli("-C", sample, *args)

    for module in (reading, due, minutes):
        monkeypatch.setattr(module, "load_summaries", _every_record)
    full = cli("-C", sample, *args)
    assert warm.out == cold.out == full.out
    assert warm.code == cold.code == full.code == 0
    repo = caseload.open(sample, TODAY)
    assert repo.full().problems == repo.problems


def test_a_warm_index_is_what_answers(cli, sample: Path) -> None:
    names(cli, sample)
    forge(sample, "amara-k", "Forged")
    assert names(cli, sample)["amara-k"].startswith("Forged")


def test_a_hand_edit_is_read_again(cli, sample: Path) -> None:
    before = names(cli, sample)
    profile = sample / "students/amara-k/student.toml"
    old = before["amara-k"].split()[0]
    profile.write_text(profile.read_text().replace(f'"{old}"', '"Zed"', 1))
    assert names(cli, sample)["amara-k"].startswith("Zed ")
    assert names(cli, sample) == {**before, "amara-k": before["amara-k"].replace(old, "Zed")}


def test_a_student_changed_just_before_it_was_indexed_is_read_again(cli, sample: Path) -> None:
    """A file changed within the mtime tick of its reading could change again unseen with
    the same size and time: such a student is never trusted from the index."""
    profile = sample / "students/amara-k/student.toml"
    profile.write_text(profile.read_text())
    names(cli, sample)
    forge(sample, "amara-k", "Forged")
    assert not names(cli, sample)["amara-k"].startswith("Forged")


def test_a_pull_is_read_again(cli, sample: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    subprocess.run(["git", "clone", "-q", str(sample), str(other)], check=True)
    before = names(cli, sample)
    result = cli("-C", other, "student", "set", "amara-k", "first_name=Pulled", "--no-commit")
    assert result.code == 0, result.err
    subprocess.run(["git", "-C", str(other), "commit", "-qam", "rename"], check=True)
    subprocess.run(["git", "-C", str(sample), "pull", "-q", str(other), "main"], check=True)
    assert names(cli, sample) == {**before, "amara-k": "Pulled " + before["amara-k"].split()[1]}


def test_a_removed_or_added_student_is_noticed(cli, sample: Path) -> None:
    before = names(cli, sample)
    shutil.rmtree(sample / "students/amara-k")
    assert "amara-k" not in names(cli, sample)
    result = cli("-C", sample, "student", "add", "zoe-q", "--first-name", "Zoe", "--no-commit")
    assert result.code == 0, result.err
    assert set(names(cli, sample)) == (set(before) - {"amara-k"}) | {"zoe-q"}


def test_a_corrupt_index_is_discarded_silently(cli, sample: Path) -> None:
    before = cli("-C", sample, "student", "list", "--json")
    summary.index_path(sample).write_bytes(b"\x80\x05not a pickle at all")
    after = cli("-C", sample, "student", "list", "--json")
    assert (after.code, after.out, after.err) == (before.code, before.out, before.err)
    assert summary.read_index(sample, caseload.open(sample).frame.periods)


def test_an_index_others_could_write_is_not_read(cli, sample: Path) -> None:
    names(cli, sample)
    forge(sample, "amara-k", "Forged")
    summary.index_path(sample).chmod(0o664)
    assert not names(cli, sample)["amara-k"].startswith("Forged")


def test_an_upgrade_of_caseterm_rebuilds_the_index(
    cli, sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names(cli, sample)
    forge(sample, "amara-k", "Forged")
    monkeypatch.setattr(caseterm, "__version__", caseterm.__version__ + ".post1")
    assert not names(cli, sample)["amara-k"].startswith("Forged")


def test_a_change_through_the_facade_refreshes_only_its_student(sample: Path) -> None:
    repo = caseload.open(sample, TODAY)
    before = dict(repo.summaries)
    applied = repo.apply(
        lambda: changes.add_contact(
            sample, "amara-k", {"date": TODAY, "method": "phone", "purpose": "general"}
        )
    )
    assert applied.students == {"amara-k"}
    assert applied.saved.commit
    contacts = repo.summaries["amara-k"].records()[3]
    assert len(contacts) == len(before["amara-k"].records()[3]) + 1
    assert all(repo.summaries[s] is before[s] for s in before if s != "amara-k")


def _rows(app: CasetermApp) -> list[list[str]]:
    table = app.screen.query_one("#students", DataTable)
    return [
        [getattr(c, "plain", str(c)) for c in table.get_row_at(i)] for i in range(table.row_count)
    ]


async def _caseload_rows(app: CasetermApp) -> list[list[str]]:
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        return _rows(app)


async def test_the_tui_shows_the_same_rows_from_a_warm_index_as_from_every_record(
    sample: Path,
) -> None:
    every = await _caseload_rows(
        CasetermApp(
            sample, today=lambda: TODAY, loaded=load_caseload(sample, TODAY), watch_seconds=0
        )
    )
    cold = await _caseload_rows(make_app(sample))
    assert summary.index_path(sample).is_file()
    forge(sample, "amara-k", "Amara")
    warm = await _caseload_rows(make_app(sample))
    assert len(every) == 23
    assert warm == cold == every


async def test_a_save_in_the_tui_refreshes_the_row_of_its_student(sample: Path) -> None:
    app = make_app(sample)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        before = _rows(app)
        assert app.state is not None
        kenji = app.state.loaded.caseload.student("kenji-o")
        assert kenji is not None and kenji.goals[0].statement
        app.save(lambda: changes.add_data_point(sample, "kenji-o", kenji.goals[0].id, 3, TODAY))
        await settle(pilot)
        after = _rows(app)
    changed = [i for i, row in enumerate(after) if row != before[i]]
    assert [after[i][0] for i in changed] == ["Kenji Oyelaran-Sato"]
    assert after[changed[0]][6] == "0d"


def test_make_ups_in_a_later_week_count_alike_from_summaries(
    cli, caseload: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    changes.add_student(caseload, {"id": "ava-m", "first_name": "Ava", "last_name": "M"})
    start = date(2026, 11, 2)
    changes.add_prescription(
        caseload, "ava-m", {"service": "speech", "minutes": 60, "per": "week", "start": start}
    )
    missed = changes.log_session(
        caseload,
        "ava-m",
        {"service": "speech", "minutes": 30, "date": start, "status": "provider-absent"},
    )
    assert missed.commit
    sessions = (caseload / "students/ava-m/sessions.toml").read_text()
    missed_id = sessions.split('id = "', 1)[1].split('"', 1)[0]
    for day in (date(2026, 11, 10), date(2026, 11, 11)):
        changes.log_session(
            caseload,
            "ava-m",
            {"service": "speech", "minutes": 20, "date": day, "makeup_for": missed_id},
        )
    changes.log_session(
        caseload, "ava-m", {"service": "speech", "minutes": 30, "date": date(2026, 11, 12)}
    )
    age(caseload)
    args = ("minutes", "--json", "--today", "2026-11-20")
    for period in (("--week", "2026-11-02"), ("--week", "2026-11-09"), ("--month", "2026-11")):
        cli("-C", caseload, *args, *period)
        warm = cli("-C", caseload, *args, *period)
        with monkeypatch.context() as patch:

            def every_record(
                a: argparse.Namespace, today: date, *_: object, **__: object
            ) -> Loaded:
                return reading.load_for_answers(a, today)

            patch.setattr(minutes, "load_summaries", every_record)
            full = cli("-C", caseload, *args, *period)
        assert warm.code == full.code == 0
        assert json.loads(warm.out) == json.loads(full.out), period


def test_renaming_a_reporting_period_rechecks_every_student(cli, sample: Path) -> None:
    """A contact's period must name a reporting period: the settings are part of what a
    student's problems depend on, so the index is not trusted across their change."""
    listed = ("student", "list", "--json")
    before = {row["id"]: row["broken"] for row in run_json(cli, sample, *listed)}
    settings = sample / "caseterm.toml"
    settings.write_text(settings.read_text().replace('name = "Q1"', 'name = "Fall 1"'))
    after = {row["id"]: row["broken"] for row in run_json(cli, sample, *listed)}
    repo = caseload.open(sample, TODAY)
    assert repo.problems == repo.full().problems
    assert after != before
    assert after == {s.id: s.broken for s in repo.full().caseload.students}


async def test_a_large_caseload_shows_names_first_then_every_figure(
    sample: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from caseterm.tui import app as app_module

    monkeypatch.setattr(app_module, "PREVIEW_FROM", 1)
    loaded = load_caseload(sample, TODAY)
    every = await _caseload_rows(
        CasetermApp(sample, today=lambda: TODAY, loaded=loaded, watch_seconds=0)
    )
    app = make_app(sample)
    shown: list[tuple[bool, list[list[str]]]] = []
    real = app._show

    def show(state: State, stamp: object) -> None:
        real(state, stamp)  # type: ignore[arg-type]
        shown.append((state.pending, _rows(app)))

    monkeypatch.setattr(app, "_show", show)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
    (first_pending, first), (last_pending, last) = shown[0], shown[-1]
    assert first_pending and not last_pending
    # names, grades and plans first; an MTSS student's tier (T1-T3) comes with the figures
    assert [row[:2] for row in first] == [row[:2] for row in every]
    assert [r[2] for r in first] == [p if p[0] != "T" else "MTSS" for _n, _g, p, *_ in every]
    assert {cell for row in first for cell in row[3:]} == {"…"}
    assert last == every


@pytest.mark.parametrize("today", [date(2025, 8, 1), date(2026, 3, 2), TODAY, date(2027, 6, 30)])
def test_the_parts_due_and_minutes_read_give_the_answers_of_every_record(
    sample: Path, today: date
) -> None:
    """``due`` and ``minutes`` unpickle only some parts of each summary (``DEADLINES``,
    ``MINUTES``): whatever the day, their answers are those of the student's full records."""
    from caseterm.model.calendar import caseload_school_days
    from caseterm.model.compliance import Clock, student_deadlines
    from caseterm.model.minutes import month_of, student_minutes, week_of

    repo = caseload.open(sample, today)
    full = repo.full().caseload
    days = caseload_school_days(full)
    clock = Clock(full.settings, repo.frame.rules, days, today)
    for student in full.students:
        entry = repo.summaries[student.id]
        slim = summary.slim_student(entry, points=False, sessions=None, details=summary.DEADLINES)
        assert student_deadlines(slim, clock) == student_deadlines(student, clock), student.id
        for period in (week_of(today), month_of(today)):
            span = (period.first, period.last)
            slim = summary.slim_student(entry, False, span, summary.MINUTES)
            kept = [(a.id, a.date, a.to, a.reason) for a in slim.absences]
            assert kept == [(a.id, a.date, a.to, a.reason) for a in student.absences]
            assert student_minutes(slim, period, full.settings, days, today) == student_minutes(
                student, period, full.settings, days, today
            ), (student.id, period)


def test_a_periods_sessions_and_their_make_ups_come_alike_from_the_packed_columns() -> None:
    """The sessions a minutes count reads (those of the period, the make-ups of sessions
    missed in it and the missed sessions its make-ups name) are found on the packed
    columns as on every row."""
    import random

    rng = random.Random(11)
    for _ in range(200):
        start = 739_000
        rows = []
        for n in range(rng.randrange(0, 40)):
            day = start + rng.randrange(0, 60)
            makeup = rng.random() < 0.2 and n > 0
            target = f"s{rng.randrange(0, n)}" if makeup else ""
            named = rng.random() < 0.3
            rows.append(
                (
                    day,
                    rng.choice("ab"),
                    30,
                    "makeup" if makeup else "delivered",
                    target,
                    f"s{n}" if named else "",
                )
            )
        rows.sort(key=lambda row: row[0])
        packed = summary.pack(
            summary.by_column(rows, summary.SESSION_COLUMNS), summary.SESSION_COLUMNS
        )
        low = start + rng.randrange(0, 60)
        high = low + rng.randrange(0, 14)
        first, last = date.fromordinal(low), date.fromordinal(high)
        expected = summary._sessions_for(
            summary.unpack(packed, summary.SESSION_COLUMNS), first, last
        )
        assert summary._session_rows(packed, first, last) == expected


@pytest.mark.parametrize("damage", ["rewritten", "truncated", "garbled"])
def test_logs_the_index_no_longer_holds_are_read_from_the_files(
    cli, sample: Path, damage: str
) -> None:
    """``student list`` and ``due`` read the index without its data points and sessions;
    a later need for them reads the index again, and if it was replaced or damaged in
    between, the students' files."""
    names(cli, sample)
    expected = {k: (v.points, v.sessions) for k, v in caseload.open(sample).summaries.items()}
    repo = caseload.open(sample, TODAY)
    light = repo.summaries_with(points=False, sessions=False)
    assert light and all(summary.unread(s.points) for s in light.values())
    path = summary.index_path(sample)
    data = path.read_bytes()
    before = path.stat()
    if damage == "rewritten":
        summary.write_index(sample, caseload.open(sample).summaries, repo.frame.periods)
    elif damage == "truncated":
        path.write_bytes(data[: len(data) - 100])
    else:
        path.write_bytes(data[:-100] + bytes(100))
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    full = repo.summaries
    assert {k: (v.points, v.sessions) for k, v in full.items()} == expected
    assert not any(summary.unread(s.points) or summary.unread(s.sessions) for s in full.values())
