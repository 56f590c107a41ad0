"""Random concurrent edit pairs against a reference model of the merge.

Each example draws a base file (data points and a plan table with a list), two random edit
sequences (ours and theirs: add, delete and edit records, set or remove plan fields, add or
remove list items), merges the three texts and compares the result with a small reference
model written independently of the implementation: nothing added is lost, nothing deleted
comes back, the output always parses, and exactly the expected conflicts are reported.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import rtoml
import tomlkit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseterm.store.infra.merge import path_text
from caseterm.store.infra.mergetext import merge_texts

VALUES = st.integers(0, 3)
NOTES = st.sampled_from(["", "cold read", "retest", "absent Monday"])
PLAN_KEYS = ("lre", "note", "review", "minutes")
ITEMS = ("Extended time", "Read-aloud", "Breaks", "Calculator", "Seating", "Word bank")


@dataclass
class Doc:
    points: dict[str, dict[str, Any]] = field(default_factory=dict)
    plan: dict[str, Any] = field(default_factory=dict)
    items: list[str] = field(default_factory=list)

    def copy(self) -> Doc:
        return Doc({k: dict(v) for k, v in self.points.items()}, dict(self.plan), list(self.items))

    def text(self, comments: bool = False) -> str:
        data: dict[str, Any] = {"plan": {**self.plan, "accommodations": self.items}}
        if self.points:
            data["point"] = [{"id": pid, **fields} for pid, fields in self.points.items()]
        text = tomlkit.dumps(data)
        if comments:
            lines = [
                f"{line}  # hand note" if "value =" in line else line for line in text.split("\n")
            ]
            text = "# A hand-edited file.\n" + "\n".join(lines)
        return text


def point_fields(draw: st.DrawFn) -> dict[str, Any]:
    fields: dict[str, Any] = {"goal": "rf", "value": draw(VALUES)}
    if draw(st.booleans()):
        fields["note"] = draw(NOTES)
    return fields


@st.composite
def base_doc(draw: st.DrawFn) -> Doc:
    doc = Doc()
    for index in range(draw(st.integers(0, 4))):
        doc.points[f"b{index}"] = point_fields(draw)
    for key in draw(st.sets(st.sampled_from(PLAN_KEYS))):
        doc.plan[key] = draw(VALUES)
    doc.items = draw(st.lists(st.sampled_from(ITEMS), unique=True, max_size=4))
    return doc


@st.composite
def edits(draw: st.DrawFn, base: Doc, side: str) -> Doc:
    doc = base.copy()
    ids = sorted(base.points)
    for number in range(draw(st.integers(0, 6))):
        kind = draw(
            st.sampled_from(["add", "delete", "edit", "unnote", "plan", "unplan", "+", "-"])
        )
        if kind == "add":
            doc.points[f"{side}{number}"] = point_fields(draw)
        elif kind in ("delete", "edit", "unnote") and ids:
            pid = draw(st.sampled_from(ids))
            if pid not in doc.points:
                continue
            if kind == "delete":
                del doc.points[pid]
            elif kind == "edit":
                name = draw(st.sampled_from(["value", "note"]))
                doc.points[pid][name] = draw(VALUES if name == "value" else NOTES)
            else:
                doc.points[pid].pop("note", None)
        elif kind == "plan":
            doc.plan[draw(st.sampled_from(PLAN_KEYS))] = draw(VALUES)
        elif kind == "unplan":
            doc.plan.pop(draw(st.sampled_from(PLAN_KEYS)), None)
        elif kind == "+":
            item = draw(st.sampled_from(ITEMS))
            if item not in doc.items:
                doc.items.append(item)
        elif kind == "-":
            item = draw(st.sampled_from(ITEMS))
            if item in doc.items:
                doc.items.remove(item)
    return doc


# --- the reference model -------------------------------------------------------------

ABSENT = object()


def three_way(
    base: dict[str, Any],
    ours: dict[str, Any],
    theirs: dict[str, Any],
    where: str,
    conflicts: set[str],
) -> dict[str, Any]:
    out = {}
    for key in [*ours, *(k for k in theirs if k not in ours)]:
        b, o, t = (d.get(key, ABSENT) for d in (base, ours, theirs))
        if o == t:
            value = o
        elif o == b:
            value = t
        elif t == b:
            value = o
        else:
            conflicts.add(f"{where}.{key}")
            value = o
        if value is not ABSENT:
            out[key] = value
    return out


def expected(base: Doc, ours: Doc, theirs: Doc) -> tuple[Doc, set[str]]:
    conflicts: set[str] = set()
    result = Doc()
    for pid in [*ours.points, *(p for p in theirs.points if p not in ours.points)]:
        b, o, t = base.points.get(pid), ours.points.get(pid), theirs.points.get(pid)
        if b is None:
            result.points[pid] = o if o is not None else t  # type: ignore[assignment]
        elif o is None:
            if t is not None and t != b:
                conflicts.add(f"point.{pid}")
        elif t is None:
            if o != b:
                conflicts.add(f"point.{pid}")
                result.points[pid] = o
        else:
            result.points[pid] = three_way(b, o, t, f"point.{pid}", conflicts)
    result.plan = three_way(base.plan, ours.plan, theirs.plan, "plan", conflicts)
    if ours.items == base.items:
        result.items = theirs.items
    elif theirs.items == base.items:
        result.items = ours.items
    else:
        removed = {i for i in base.items if i not in ours.items or i not in theirs.items}
        added = [i for i in theirs.items if i not in base.items and i not in ours.items]
        result.items = [i for i in ours.items if i not in removed] + added
    return result, conflicts


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[Doc, Doc, Doc, bool]:
    base = draw(base_doc())
    return base, draw(edits(base, "o")), draw(edits(base, "t")), draw(st.booleans())


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_random_concurrent_edits_merge_like_the_reference_model(
    scenario: tuple[Doc, Doc, Doc, bool],
) -> None:
    base, ours, theirs, comments = scenario
    result = merge_texts(base.text(), ours.text(comments), theirs.text())
    data = rtoml.loads(result.text)
    reported = {entry["path"] for entry in data.pop("conflict", [])}
    want, want_conflicts = expected(base, ours, theirs)

    got_points = {p.pop("id"): p for p in data.get("point", [])}
    added = [p for p in [*ours.points, *theirs.points] if p not in base.points]
    assert all(pid in got_points for pid in added), "a record added on one side was lost"
    gone_both = [p for p in base.points if p not in ours.points and p not in theirs.points]
    assert not any(pid in got_points for pid in gone_both), "a deleted record came back"
    for item in [*ours.items, *theirs.items]:
        if item not in base.items:
            assert item in data["plan"]["accommodations"], "an added list item was lost"

    assert list(got_points) == list(want.points)
    assert got_points == want.points
    plan = data["plan"]
    assert plan.pop("accommodations") == want.items
    assert plan == want.plan
    assert reported == want_conflicts
    if comments:
        kept = [p for p in ours.points if p in got_points]
        assert result.text.count("# hand note") == len(kept)
    assert reported == {path_text(c.path) for c in result.conflicts}
