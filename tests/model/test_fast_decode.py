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

from caseterm.model import decode
from caseterm.store.infra.tomltext import parse
from tests.conftest import SAMPLE

Decoder = Callable[[dict[str, Any], str], tuple[Any, ...]]
FILES: dict[str, tuple[str, Decoder]] = {
    "data.toml": ("point", decode.decode_points),
    "sessions.toml": ("session", decode.decode_sessions),
    "log.toml": ("meeting", decode.decode_log),
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
    "time as text": lambda r: r.update(time="14:30"),
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


def test_the_sample_files_take_the_fast_path(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = decode.Reader.tables

    def tables(self: decode.Reader, key: str) -> list[decode.Reader]:
        calls.append(key)
        return real(self, key)

    monkeypatch.setattr(decode.Reader, "tables", tables)
    for path in sorted(Path(SAMPLE).glob("students/*/data.toml")):
        decode.decode_points(parse(path.read_text(encoding="utf-8")), "data.toml")
    assert calls == []


def test_a_list_where_a_code_belongs_is_reported_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    files = sorted((SAMPLE / "students").glob("*/sessions.toml"))
    text = next(t for p in files if "[[session]]" in (t := p.read_text(encoding="utf-8")))
    data = parse(text)
    data["session"][0]["status"] = ["delivered"]
    fast, slow = both(decode.decode_sessions, data, monkeypatch)
    assert fast == slow and "is not allowed" in str(fast[1])
