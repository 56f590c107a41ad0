"""The one-pass decoder of data points, sessions, meetings and contacts gives exactly what
the detailed reader gives: the same records and, for any flaw, the same problems."""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from caseterm.model import decode, decode_columns
from caseterm.store.infra.tomltext import parse
from tests.conftest import SAMPLE

Decoder = Callable[[dict[str, Any], str], tuple[Any, ...]]
FILES: dict[str, tuple[str, Decoder]] = {
    "data.toml": ("point", decode.decode_points),
    "sessions.toml": ("session", decode.decode_sessions),
    "log.toml": ("meeting", decode.decode_log),
    "goals.toml": ("goal", decode.decode_goals),
}
MUTATIONS: dict[str, Callable[[dict[str, Any]], None]] = {
    "as is": lambda r: None,
    "unknown key": lambda r: r.update(colour="red"),
    "missing id": lambda r: r.pop("id"),
    "bad id": lambda r: r.update(id="Not A Slug"),
    "date as text": lambda r: r.update(date="2026-11-02"),
    "date with a time": lambda r: r.update(date=dt.datetime(2026, 11, 2, 9, 0)),
    "note not text": lambda r: r.update(note=5),
    "value true": lambda r: r.update(value=True),
    "value nan": lambda r: r.update(value=math.nan),
    "minutes too many": lambda r: r.update(minutes=601),
    "minutes as float": lambda r: r.update(minutes=30.0),
    "status unknown": lambda r: r.update(status="vanished"),
    "make-up without a link": lambda r: r.update(status="makeup", makeup_for=""),
    "make-up of nothing": lambda r: r.update(status="makeup", makeup_for="nope"),
    "group not a flag": lambda r: r.update(group="yes"),
    "kind unknown": lambda r: r.update(kind="party"),
    "participants not a list": lambda r: r.update(participants="everyone"),
    "participants not texts": lambda r: r.update(participants=["A", 3]),
    "too many participants": lambda r: r.update(participants=["A"] * 101),
    "participant with an escape": lambda r: r.update(participants=["A\x1b[2J"]),
    "participant too long": lambda r: r.update(participants=["A" * 201]),
    "title on two lines": lambda r: r.update(title="a\nb"),
    "person too long": lambda r: r.update(person="p" * 201),
    "method unknown": lambda r: r.update(method="pigeon"),
    "purpose not text": lambda r: r.update(purpose=1),
    "period with a tab": lambda r: r.update(period="Q\t1"),
    "time with a date": lambda r: r.update(time=dt.datetime(2026, 1, 5, 9, 0)),
    "status of a meeting unknown": lambda r: r.update(status="adjourned"),
    "time as text": lambda r: r.update(time="14:30"),
    "target nan": lambda r: r.update(target=math.nan),
    "baseline as text": lambda r: r.update(baseline="3"),
    "no statement": lambda r: r.pop("statement", None),
    "statement with an escape": lambda r: r.update(statement="a\x1b[2J"),
    "unit too long": lambda r: r.update(unit="u" * 201),
    "start_date with a time": lambda r: r.update(start_date=dt.datetime(2026, 1, 5, 9, 0)),
    "direction unknown": lambda r: r.update(direction="sideways"),
    "aggregate not text": lambda r: r.update(aggregate=3),
    "phase not a list": lambda r: r.update(phase={"start": dt.date(2026, 1, 5)}),
    "phase without a start": lambda r: r.update(phase=[{"label": "B"}]),
    "phase with an unknown key": lambda r: r.update(
        phase=[{"start": dt.date(2026, 1, 5), "colour": "red"}]
    ),
    "phases out of order": lambda r: r.update(
        phase=[
            {"start": dt.date(2026, 3, 5), "label": "C"},
            {"start": dt.date(2026, 1, 5), "label": "B"},
        ]
    ),
    "too many phases": lambda r: r.update(
        phase=[{"start": dt.date(2026, 1, 5)} for _ in range(101)]
    ),
}


def documents() -> list[tuple[str, str]]:
    out = []
    for name in FILES:
        for path in sorted(SAMPLE.glob(f"students/*/{name}"))[:4]:
            out.append((name, path.read_text(encoding="utf-8")))
    return out


def both(
    decoder: Decoder, data: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
    fast = decoder(copy.deepcopy(data), "f.toml")
    with monkeypatch.context() as patch:
        patch.setattr(decode, "_fast_records", lambda *_: None)
        patch.setattr(decode_columns, "log_records", lambda *_: None)
        slow = decoder(copy.deepcopy(data), "f.toml")
    return fast, slow


@pytest.mark.parametrize("mutation", list(MUTATIONS))
def test_fast_and_detailed_decoding_agree(mutation: str, monkeypatch: pytest.MonkeyPatch) -> None:
    compared = 0
    for name, text in documents():
        table, decoder = FILES[name]
        data = parse(text)
        for key in (table, "contact") if name == "log.toml" else (table,):
            records = data.get(key) or []
            if not records:
                continue
            mutated = copy.deepcopy(data)
            MUTATIONS[mutation](mutated[key][len(records) // 2])
            fast, slow = both(decoder, mutated, monkeypatch)
            assert fast == slow, (name, key, mutation)
            compared += 1
    assert compared >= 8


def test_a_duplicate_id_and_a_stray_top_level_key_are_reported_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = (SAMPLE / "students").glob("*/data.toml").__next__().read_text(encoding="utf-8")
    data = parse(text)
    data["point"].append(dict(data["point"][0]))
    fast, slow = both(decode.decode_points, data, monkeypatch)
    assert fast == slow and "duplicate id" in str(fast[1])
    data["points"] = []
    fast, slow = both(decode.decode_points, data, monkeypatch)
    assert fast == slow and "unknown key 'points'" in str(fast[1])


@pytest.mark.parametrize("name", ["data.toml", "goals.toml"])
def test_the_sample_files_take_the_fast_path(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = decode.Reader.tables

    def tables(self: decode.Reader, key: str, most: int | None = None) -> list[decode.Reader]:
        calls.append(key)
        return real(self, key, most)

    monkeypatch.setattr(decode.Reader, "tables", tables)
    _table, decoder = FILES[name]
    for path in sorted(Path(SAMPLE).glob(f"students/*/{name}")):
        decoder(parse(path.read_text(encoding="utf-8")), name)
    assert calls == []


def test_a_list_where_a_code_belongs_is_reported_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted((SAMPLE / "students").glob("*/sessions.toml"))
    text = next(t for p in files if "[[session]]" in (t := p.read_text(encoding="utf-8")))
    data = parse(text)
    data["session"][0]["status"] = ["delivered"]
    fast, slow = both(decode.decode_sessions, data, monkeypatch)
    assert fast == slow and "is not allowed" in str(fast[1])


def _plan_documents() -> list[dict[str, Any]]:
    """Sample plans with services, and one with every table (transition, BIP, exit, ESY)."""
    plans = [
        parse(p.read_text(encoding="utf-8")) for p in sorted(SAMPLE.glob("students/*/plan.toml"))
    ]
    plans = [p for p in plans if p.get("service")]
    full = copy.deepcopy(plans[0])
    full["transition"] = {"date": dt.date(2026, 5, 1), "education": "College", "courses": ["A"]}
    full["behavior_plan"] = {"adopted": dt.date(2026, 1, 5), "target_behaviors": ["hitting"]}
    full["exit"] = {"date": dt.date(2027, 6, 1), "reason": "graduation"}
    full["esy"] = {"decided": dt.date(2026, 4, 1), "eligible": True}
    return [*plans[:3], full]


PLAN_MUTATIONS: dict[str, Callable[[dict[str, Any]], None]] = {
    "as is": lambda d: None,
    "stray table": lambda d: d.update(plans={}),
    "dates not a table": lambda d: d.update(dates=[]),
    "unknown date": lambda d: d.setdefault("dates", {}).update(birthday=dt.date(2026, 1, 1)),
    "date as text": lambda d: d.setdefault("dates", {}).update(plan_start="2026-01-01"),
    "date out of range": lambda d: d.setdefault("dates", {}).update(plan_end=dt.date(2300, 1, 1)),
    "lre empty": lambda d: d.setdefault("plan", {}).update(lre=""),
    "lre unknown": lambda d: d.setdefault("plan", {}).update(lre="moon"),
    "accommodations not a list": lambda d: d.setdefault("plan", {}).update(accommodations="x"),
    "accommodation with an escape": lambda d: d.setdefault("plan", {}).update(
        accommodations=["a\x1b[2J"]
    ),
    "waived as text": lambda d: d.setdefault("plan", {}).update(reevaluation_waived="yes"),
    "plan key unknown": lambda d: d.setdefault("plan", {}).update(colour="red"),
    "service not a list": lambda d: d.update(service={"id": "x"}),
    "service minutes over a month's": lambda d: d["service"][0].update(per="month", minutes=10_001),
    "service per unknown": lambda d: d["service"][0].update(per="fortnight"),
    "service ends before it starts": lambda d: d["service"][0].update(end=dt.date(1999, 1, 1)),
    "service without an id": lambda d: d["service"][0].pop("id"),
    "service duplicate id": lambda d: d["service"].append(dict(d["service"][0])),
    "service esy as text": lambda d: d["service"][0].update(esy="true"),
    "service setting unknown": lambda d: d["service"][0].update(setting="moon"),
    "service key unknown": lambda d: d["service"][0].update(colour="red"),
    "transition not a table": lambda d: d.update(transition="soon"),
    "transition courses not texts": lambda d: d.update(transition={"courses": [1]}),
    "transition key unknown": lambda d: d.update(transition={"colour": "red"}),
    "behaviour plan with a time": lambda d: d.update(
        behavior_plan={"adopted": dt.datetime(2026, 1, 5, 9, 0)}
    ),
    "exit reason empty": lambda d: d.update(exit={"reason": ""}),
    "exit reason unknown": lambda d: d.update(exit={"reason": "moved-to-mars"}),
    "esy eligible as text": lambda d: d.update(esy={"eligible": "yes"}),
    "esy key unknown": lambda d: d.update(esy={"colour": "red"}),
}


@pytest.mark.parametrize("mutation", list(PLAN_MUTATIONS))
def test_fast_and_detailed_plan_decoding_agree(
    mutation: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    for data in _plan_documents():
        mutated = copy.deepcopy(data)
        PLAN_MUTATIONS[mutation](mutated)
        fast = decode.decode_plan(copy.deepcopy(mutated), "plan.toml")
        with monkeypatch.context() as patch:
            patch.setattr(decode, "_fast_plan", lambda *_: None)
            slow = decode.decode_plan(copy.deepcopy(mutated), "plan.toml")
        assert fast == slow, mutation
        if mutation == "as is":
            assert decode._fast_plan(mutated, "plan.toml") == fast[0] and not fast[1]


@pytest.mark.parametrize(
    "change",
    ["duplicate meeting", "duplicate contact", "stray table", "a meeting not a table", "as is"],
)
def test_log_flaws_of_the_whole_file_are_reported_alike(
    change: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    paths = sorted(SAMPLE.glob("students/*/log.toml"))
    data = next(d for p in paths if (d := parse(p.read_text(encoding="utf-8"))).get("contact"))
    assert data.get("meeting")
    if change.startswith("duplicate"):
        table = data[change.split()[1]]
        table.append(dict(table[-1]))
    elif change == "stray table":
        data["meetings"] = []
    elif change == "a meeting not a table":
        data["meeting"].append("2026-01-05")
    fast, slow = both(decode.decode_log, data, monkeypatch)
    assert fast == slow
    assert bool(fast[2]) == (change != "as is")
