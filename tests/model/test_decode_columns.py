"""Reading data points and sessions a column at a time (the cold index build) accepts
exactly the files the detailed reader accepts without a problem, and gives the same
points and sessions; any flaw sends the file to the detailed reader. The write path's
checks (a new ``data.toml`` or ``sessions.toml``, the goals' units, the prescribed
services) agree with the detailed reader the same way."""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, cast

import pytest

from caseterm.model import decode
from caseterm.model.decode_columns import (
    goal_units,
    point_columns,
    points_well_formed,
    prescribed_services,
    session_columns,
    sessions_well_formed,
)
from caseterm.model.records import Plan, Profile, Student
from caseterm.model.validate import (
    points_name_known_goals,
    sessions_name_prescribed_services,
    values_fit_their_goals,
)
from caseterm.store.infra.tomltext import parse
from tests.conftest import SAMPLE

HOSTILE: tuple[object, ...] = (
    "",
    "Not A Slug",
    "a" * 41,
    "a" * 201,
    "a" * 10_001,
    "-lead",
    "red\x1b[31m",
    "two\nlines",
    "tab\there",
    0,
    -1,
    -0.5,
    1.5,
    601,
    10**30,
    -(10**30),
    True,
    False,
    math.nan,
    math.inf,
    -math.inf,
    1e308,
    dt.date(1800, 1, 1),
    dt.date(2300, 1, 1),
    dt.datetime(2026, 1, 5, 9, 0),
    dt.time(9, 0),
    [],
    ["a"],
    {},
    {"a": 1},
    "delivered",
    "makeup",
    "student-absent",
)
"""Values put in every key of one record: wrong types, out of range, control
characters, too long, codes of other keys."""

POINT_KEYS = ("id", "goal", "date", "value", "note")
SESSION_KEYS = (
    *("id", "service", "date", "minutes", "status", "makeup_for"),
    *("provider", "group", "note", "group_size"),
)


def students() -> Iterator[tuple[Path, dict[str, Any], dict[str, Any], dict[str, str], Plan]]:
    """Sample students with points and sessions: folder, data, sessions, goal units, plan."""
    for folder in sorted((SAMPLE / "students").iterdir()):
        data = parse((folder / "data.toml").read_text(encoding="utf-8"))
        sessions = parse((folder / "sessions.toml").read_text(encoding="utf-8"))
        if not data.get("point") or not sessions.get("session"):
            continue
        goals, _ = decode.decode_goals(
            parse((folder / "goals.toml").read_text(encoding="utf-8")), "goals.toml"
        )
        plan, _ = decode.decode_plan(
            parse((folder / "plan.toml").read_text(encoding="utf-8")), "plan.toml"
        )
        yield folder, data, sessions, {g.id: g.unit for g in goals}, plan


SAMPLES = list(students())[:4]


def detailed_points(data: dict[str, Any], units: dict[str, str]) -> tuple[Any, ...] | None:
    """The point columns of a full load, or None when it reports any problem."""
    points, problems = decode.decode_points(copy.deepcopy(data), "data.toml")
    goals, _ = decode.decode_goals(
        {"goal": [_goal(goal_id, unit) for goal_id, unit in units.items()]}, "goals.toml"
    )
    student = Student("s", Profile("S", ""), goals=goals, points=points)
    findings = [*points_name_known_goals(student), *values_fit_their_goals(student)]
    if problems or findings:
        return None
    ordered = sorted(points, key=lambda p: (p.date, p.id))
    return (
        [p.date.toordinal() for p in ordered],
        [p.goal for p in ordered],
        [p.value for p in ordered],
    )


def _goal(goal_id: str, unit: str) -> dict[str, Any]:
    return {
        "id": goal_id,
        "statement": "A goal.",
        "target": 10,
        "target_date": dt.date(2027, 6, 1),
        "unit": unit,
    }


def detailed_sessions(data: dict[str, Any], plan: Plan) -> tuple[Any, ...] | None:
    """The session columns of a full load, or None when it reports any problem."""
    sessions, problems = decode.decode_sessions(copy.deepcopy(data), "sessions.toml")
    student = Student("s", Profile("S", ""), plan=plan, sessions=sessions)
    findings = list(sessions_name_prescribed_services(student))
    if problems or findings:
        return None
    ordered = sorted(sessions, key=lambda s: (s.date, s.id))
    named = {s.makeup_for for s in ordered if s.makeup_for}
    return (
        [s.date.toordinal() for s in ordered],
        [s.service for s in ordered],
        [s.minutes for s in ordered],
        [s.status for s in ordered],
        [s.makeup_for for s in ordered],
        [s.id if s.id in named or s.status == "makeup" else "" for s in ordered],
    )


Mutation = Callable[[list[dict[str, Any]]], None]


def mutations(keys: tuple[str, ...]) -> dict[str, Mutation]:
    """Changes to the middle record (or the whole table) of a file."""

    def put(key: str, value: object) -> Mutation:
        return lambda records: records[len(records) // 2].__setitem__(key, value)

    def drop(key: str) -> Mutation:
        return lambda records: records[len(records) // 2].pop(key, None)

    out: dict[str, Mutation] = {"as is": lambda records: None}
    for key in (*keys, "colour"):
        for value in HOSTILE:
            out[f"{key} = {value!r:.30}"] = put(key, value)
    for key in keys:
        out[f"no {key}"] = drop(key)
    out["duplicate id"] = lambda records: records.append(dict(records[0]))
    out["a record not a table"] = lambda records: records.append("record")  # type: ignore[arg-type]
    out["no records"] = lambda records: records.clear()
    out["out of order"] = lambda records: records.reverse()
    return out


POINT_MUTATIONS = mutations(POINT_KEYS)
SESSION_MUTATIONS = mutations(SESSION_KEYS)


@pytest.mark.parametrize("mutation", list(POINT_MUTATIONS))
def test_point_columns_agree_with_the_detailed_reader(mutation: str) -> None:
    for _folder, data, _sessions, units, _plan in SAMPLES:
        mutated = copy.deepcopy(data)
        POINT_MUTATIONS[mutation](mutated["point"])
        assert point_columns(copy.deepcopy(mutated), units) == detailed_points(mutated, units)


@pytest.mark.parametrize("mutation", list(SESSION_MUTATIONS))
def test_session_columns_agree_with_the_detailed_reader(mutation: str) -> None:
    for _folder, _data, sessions, _units, plan in SAMPLES:
        mutated = copy.deepcopy(sessions)
        SESSION_MUTATIONS[mutation](mutated["session"])
        services = {p.service for p in plan.services}
        assert session_columns(copy.deepcopy(mutated), services) == detailed_sessions(mutated, plan)


def test_well_formed_sample_files_are_read_by_column() -> None:
    assert len(SAMPLES) == 4
    for _folder, data, sessions, units, plan in SAMPLES:
        assert point_columns(data, units) is not None
        assert session_columns(sessions, {p.service for p in plan.services}) is not None


@pytest.mark.parametrize(
    "change",
    [
        "unknown goal",
        "negative value of a count",
        "unprescribed service",
        "stray top-level key",
        "table, not an array",
        "make-up of a later session",
        "make-up without a link",
    ],
)
def test_what_only_the_other_files_tell_is_checked_too(change: str) -> None:
    _folder, data, sessions, units, plan = SAMPLES[0]
    data, sessions = copy.deepcopy(data), copy.deepcopy(sessions)
    point, session = data["point"][0], sessions["session"][0]
    services = {p.service for p in plan.services}
    if change == "unknown goal":
        point["goal"] = "not-a-goal-here"
    elif change == "negative value of a count":
        units = {**units, point["goal"]: "correct words per minute"}
        point["value"] = -3
    elif change == "unprescribed service":
        session["service"] = "not-prescribed"
    elif change == "stray top-level key":
        data["points"] = []
        sessions["sessions"] = []
    elif change == "table, not an array":
        data["point"] = point
        sessions["session"] = session
    elif change == "make-up of a later session":
        session.update(status="makeup", makeup_for=sessions["session"][-1]["id"])
    else:
        session.update(status="makeup")
        session.pop("makeup_for", None)
    assert point_columns(copy.deepcopy(data), units) == detailed_points(data, units)
    assert session_columns(copy.deepcopy(sessions), services) == detailed_sessions(sessions, plan)
    refused = {
        point_columns(data, units) is None: "points",
        session_columns(sessions, services) is None: "sessions",
    }
    if change == "make-up of a later session":
        columns = session_columns(sessions, services)
        assert columns is not None and session["id"] in columns[5]
    else:
        assert True in refused, change


GOAL_KEYS = (
    *("id", "statement", "target", "target_date", "area", "measure", "unit", "baseline"),
    *("start_date", "direction", "aggregate", "mastery", "phase", "note"),
)
SERVICE_KEYS = (
    *("id", "service", "minutes", "per", "start", "end", "name", "setting", "provider"),
    *("delivery", "note", "esy", "justification"),
)


def _phase(key: str, value: object) -> Mutation:
    phase = {"start": dt.date(2026, 1, 5), "label": "x", key: value}
    return lambda records: records[0].__setitem__("phase", [phase])


PHASE_MUTATIONS: dict[str, Mutation] = {
    f"phase {key} = {value!r:.30}": _phase(key, value)
    for key in ("start", "label", "colour")
    for value in HOSTILE
}
PHASE_MUTATIONS["phase without a start"] = lambda records: records[0].__setitem__(
    "phase", [{"label": "x"}]
)
PHASE_MUTATIONS["phase not a table"] = lambda records: records[0].__setitem__("phase", ["x"])
PHASE_MUTATIONS["101 phases"] = lambda records: records[0].__setitem__(
    "phase", [{"start": dt.date(2026, 1, 5)}] * 101
)
GOAL_MUTATIONS = {**mutations(GOAL_KEYS), **PHASE_MUTATIONS}
SERVICE_MUTATIONS: dict[str, Mutation] = {
    **mutations(SERVICE_KEYS),
    "ends before it starts": lambda records: records[0].update(
        start=dt.date(2026, 2, 1), end=dt.date(2026, 1, 1)
    ),
    "monthly minutes": lambda records: records[0].update(per="month", minutes=3000),
    "too many weekly minutes": lambda records: records[0].update(per="week", minutes=3000),
}
PLAN_MUTATIONS: dict[str, Callable[[dict[str, Any]], None]] = {
    "as is": lambda plan: None,
    "a bad date": lambda plan: plan.setdefault("dates", {}).__setitem__("consent", "soon"),
    "an unknown table": lambda plan: plan.__setitem__("colour", {"a": 1}),
    "plan not a table": lambda plan: plan.__setitem__("plan", [1]),
    "services not an array": lambda plan: plan.__setitem__("service", {"id": "x"}),
    "no services": lambda plan: plan.pop("service", None),
}


def _sample(name: str) -> dict[str, Any]:
    folder = SAMPLES[0][0]
    return parse((folder / name).read_text(encoding="utf-8"))


NEW_FILES: dict[str, tuple[dict[str, Any], int, str, Any, Any]] = {
    "data.toml": (POINT_MUTATIONS, 1, "point", decode.decode_points, points_well_formed),
    "sessions.toml": (
        SESSION_MUTATIONS,
        2,
        "session",
        decode.decode_sessions,
        sessions_well_formed,
    ),
}
"""Per appended file: its mutations, its place in a sample, its table, the detailed
decoder and the column check."""


@pytest.mark.parametrize(
    ("name", "mutation"),
    [(name, mutation) for name, (mutations, *_) in NEW_FILES.items() for mutation in mutations],
)
def test_a_new_file_is_well_formed_when_the_detailed_reader_finds_no_problem(
    name: str, mutation: str
) -> None:
    mutations, place, table, detailed, well_formed = NEW_FILES[name]
    for sample in SAMPLES:
        mutated = copy.deepcopy(cast(dict[str, Any], sample[place]))
        mutations[mutation](mutated[table])
        _records, problems = detailed(copy.deepcopy(mutated), name)
        assert well_formed(mutated) is (not problems)


def test_other_tables_and_conflicts_go_to_the_detailed_reader() -> None:
    _folder, data, sessions, _units, _plan = SAMPLES[0]
    for document, well_formed in ((data, points_well_formed), (sessions, sessions_well_formed)):
        assert well_formed(document)
        assert not well_formed({**document, "conflict": [{"path": "x"}]})
        assert not well_formed({**document, "colour": 1})


@pytest.mark.parametrize("mutation", list(GOAL_MUTATIONS))
def test_goal_units_are_the_detailed_readers_when_it_finds_no_problem(mutation: str) -> None:
    mutated = _sample("goals.toml")
    GOAL_MUTATIONS[mutation](mutated["goal"])
    goals, problems = decode.decode_goals(copy.deepcopy(mutated), "goals.toml")
    expected = None if problems else {g.id: g.unit for g in goals}
    assert goal_units(copy.deepcopy(mutated)) == expected


@pytest.mark.parametrize("mutation", list(SERVICE_MUTATIONS))
@pytest.mark.parametrize("elsewhere", list(PLAN_MUTATIONS)[:4])
def test_prescribed_services_are_those_the_detailed_reader_decodes(
    mutation: str, elsewhere: str
) -> None:
    mutated = _sample("plan.toml")
    SERVICE_MUTATIONS[mutation](mutated["service"])
    PLAN_MUTATIONS[elsewhere](mutated)
    plan, _problems = decode.decode_plan(copy.deepcopy(mutated), "plan.toml")
    found = prescribed_services(copy.deepcopy(mutated))
    assert found is None or found == {p.service for p in plan.services}
    if not _problems:  # a plan without problems is answered here, not by the Reader
        assert found is not None


@pytest.mark.parametrize("elsewhere", list(PLAN_MUTATIONS))
def test_prescribed_services_whatever_else_the_plan_holds(elsewhere: str) -> None:
    mutated = _sample("plan.toml")
    PLAN_MUTATIONS[elsewhere](mutated)
    plan, _problems = decode.decode_plan(copy.deepcopy(mutated), "plan.toml")
    found = prescribed_services(copy.deepcopy(mutated))
    if elsewhere == "services not an array":
        assert found is None
    else:
        assert found == {p.service for p in plan.services}
