"""The three-way merge of parsed documents: what is kept, combined, removed, conflicted."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from caseterm.store.infra.merge import (
    MISSING,
    Conflict,
    merge_documents,
    parse_path,
    path_text,
    record_keys,
)


def point(pid: str, value: float = 50, **extra: Any) -> dict[str, Any]:
    return {"id": pid, "goal": "rf", "date": date(2026, 11, 20), "value": value, **extra}


def merge(
    base: dict[str, Any], ours: dict[str, Any], theirs: dict[str, Any]
) -> tuple[dict[str, Any], list[Conflict]]:
    return merge_documents(base, ours, theirs)


def ids(records: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in records]


def test_records_added_on_both_sides_are_all_kept_ours_first() -> None:
    base = {"point": [point("a")]}
    ours = {"point": [point("a"), point("b")]}
    theirs = {"point": [point("a"), point("c"), point("d")]}
    merged, conflicts = merge(base, ours, theirs)
    assert ids(merged["point"]) == ["a", "b", "c", "d"]
    assert conflicts == []


def test_edits_to_different_fields_of_one_record_combine() -> None:
    base = {"point": [point("a", 50)]}
    ours = {"point": [point("a", 52)]}
    theirs = {"point": [point("a", 50, note="cold read")]}
    merged, conflicts = merge(base, ours, theirs)
    assert merged["point"] == [point("a", 52, note="cold read")]
    assert conflicts == []


def test_same_field_changed_to_two_values_is_a_conflict_keeping_ours() -> None:
    base = {"point": [point("a", 50)]}
    merged, conflicts = merge(base, {"point": [point("a", 52)]}, {"point": [point("a", 55)]})
    assert merged["point"] == [point("a", 52)]
    assert conflicts == [Conflict(("point", "a", "value"), 50, 52, 55)]


def test_same_field_changed_to_the_same_value_is_not_a_conflict() -> None:
    base = {"dates": {"consent": date(2026, 9, 1)}}
    both = {"dates": {"consent": date(2026, 9, 2)}}
    assert merge(base, both, both) == (both, [])


def test_deleted_on_one_side_and_unchanged_on_the_other_is_deleted() -> None:
    base = {"point": [point("a"), point("b")]}
    merged, conflicts = merge(base, {"point": [point("b")]}, base)
    assert ids(merged["point"]) == ["b"]
    merged, conflicts = merge(base, base, {"point": [point("a")]})
    assert ids(merged["point"]) == ["a"]
    assert conflicts == []


def test_deleting_the_last_record_while_the_other_side_adds_one() -> None:
    base = {"point": [point("a")]}
    merged, conflicts = merge(base, {}, {"point": [point("a"), point("b")]})
    assert ids(merged["point"]) == ["b"]
    assert conflicts == []
    merged, conflicts = merge(base, {}, base)
    assert "point" not in merged


def test_deleted_on_one_side_and_edited_on_the_other_is_a_conflict() -> None:
    base = {"point": [point("a", 50)]}
    edited = {"point": [point("a", 51)]}
    merged, conflicts = merge(base, edited, {})
    assert merged == edited
    assert conflicts == [Conflict(("point", "a"), point("a", 50), point("a", 51), MISSING)]
    merged, conflicts = merge(base, {}, edited)
    assert "point" not in merged
    assert conflicts == [Conflict(("point", "a"), point("a", 50), MISSING, point("a", 51))]


def test_plain_tables_merge_field_by_field() -> None:
    base = {"dates": {"consent": date(2026, 9, 1)}, "plan": {"lre": "RC80"}}
    ours = {
        "dates": {"consent": date(2026, 9, 1), "plan_start": date(2026, 9, 16)},
        "plan": {"lre": "RC80"},
    }
    theirs = {"dates": {"consent": date(2026, 9, 1)}, "plan": {"lre": "RC39", "note": "x"}}
    merged, conflicts = merge(base, ours, theirs)
    assert merged == {
        "dates": {"consent": date(2026, 9, 1), "plan_start": date(2026, 9, 16)},
        "plan": {"lre": "RC39", "note": "x"},
    }
    assert conflicts == []


def test_removing_a_field_on_one_side_and_changing_it_on_the_other_conflicts() -> None:
    base = {"dates": {"consent": date(2026, 9, 1)}}
    merged, conflicts = merge(base, {"dates": {}}, {"dates": {"consent": date(2026, 9, 5)}})
    assert merged == {"dates": {}}
    assert conflicts == [
        Conflict(("dates", "consent"), date(2026, 9, 1), MISSING, date(2026, 9, 5))
    ]


def test_lists_merge_as_sets_that_keep_order() -> None:
    base = {"plan": {"accommodations": ["Extended time", "Read-aloud", "Breaks"]}}
    ours = {"plan": {"accommodations": ["Read-aloud", "Extended time", "Breaks", "Calculator"]}}
    theirs = {"plan": {"accommodations": ["Extended time", "Read-aloud", "Seating"]}}
    merged, conflicts = merge(base, ours, theirs)
    assert merged["plan"]["accommodations"] == [
        "Read-aloud",
        "Extended time",
        "Calculator",
        "Seating",
    ]
    assert conflicts == []


def test_goal_phases_are_keyed_by_start_date_inside_their_goal() -> None:
    goal = {"id": "rf", "target": 90}
    base = {"goal": [goal]}
    ours = {"goal": [{**goal, "phase": [{"start": date(2026, 10, 5), "label": "a"}]}]}
    theirs = {"goal": [{**goal, "phase": [{"start": date(2026, 11, 2), "label": "b"}]}]}
    merged, conflicts = merge(base, ours, theirs)
    assert [p["start"] for p in merged["goal"][0]["phase"]] == [
        date(2026, 10, 5),
        date(2026, 11, 2),
    ]
    ours_label = {"goal": [{**goal, "phase": [{"start": date(2026, 10, 5), "label": "x"}]}]}
    theirs_label = {"goal": [{**goal, "phase": [{"start": date(2026, 10, 5), "label": "y"}]}]}
    base_phase = {"goal": [{**goal, "phase": [{"start": date(2026, 10, 5), "label": "a"}]}]}
    _merged, conflicts = merge(base_phase, ours_label, theirs_label)
    assert [path_text(c.path) for c in conflicts] == ["goal.rf.phase.2026-10-05.label"]


def test_people_are_keyed_by_name_and_periods_by_name() -> None:
    mom = {"name": "Maria Martinez", "relationship": "mother"}
    base = {"family": [mom]}
    ours = {"family": [{**mom, "phone": "555-0142"}]}
    theirs = {"family": [{**mom, "email": "m@example.org"}, {"name": "Luis", "phone": "1"}]}
    merged, conflicts = merge(base, ours, theirs)
    assert merged["family"] == [
        {**mom, "phone": "555-0142", "email": "m@example.org"},
        {"name": "Luis", "phone": "1"},
    ]
    q1 = {"name": "Q1", "start": date(2026, 8, 17)}
    merged, conflicts = merge(
        {"reporting_period": [q1]},
        {"reporting_period": [{**q1, "report_due": date(2026, 10, 30)}]},
        {"reporting_period": [q1, {"name": "Q2", "start": date(2026, 10, 26)}]},
    )
    assert [p["name"] for p in merged["reporting_period"]] == ["Q1", "Q2"]
    assert merged["reporting_period"][0]["report_due"] == date(2026, 10, 30)
    assert conflicts == []


def test_closures_with_one_name_on_different_days_stay_apart() -> None:
    snow = {"name": "Snow day", "start": date(2027, 1, 12)}
    other = {"name": "Snow day", "start": date(2027, 1, 19)}
    merged, conflicts = merge({}, {"closed": [snow]}, {"closed": [other]})
    assert merged["closed"] == [snow, other]
    assert conflicts == []


def test_duplicate_ids_from_a_line_merge_are_kept_not_merged_away() -> None:
    twice = {"point": [point("a", 50), point("a", 51)]}
    merged, conflicts = merge(twice, twice, {"point": [point("a", 50), point("a", 51), point("b")]})
    assert [p["value"] for p in merged["point"]] == [50, 51, 50]
    assert record_keys(twice["point"], "id") == ["a", "a#2"]
    assert conflicts == []


def test_records_without_their_key_are_identified_by_content() -> None:
    base = {"note_item": [{"text": "one"}]}
    merged, conflicts = merge(
        base, {"note_item": [{"text": "one"}, {"text": "two"}]}, {"note_item": []}
    )
    assert merged["note_item"] == [{"text": "two"}]
    assert conflicts == []


def test_type_changes_do_not_mix_int_float_or_bool() -> None:
    base = {"plan": {"flag": 1}}
    _merged, conflicts = merge(base, {"plan": {"flag": True}}, {"plan": {"flag": 1.0}})
    assert len(conflicts) == 1


def test_existing_conflict_entries_are_carried_over_not_conflicted() -> None:
    entry = {"path": "dates.consent", "ours": date(2026, 9, 2), "theirs": date(2026, 9, 3)}
    merged, conflicts = merge({}, {"conflict": [entry]}, {"dates": {"x": date(2026, 1, 1)}})
    assert merged["conflict"] == [entry]
    assert conflicts == []


@pytest.mark.parametrize(
    "path",
    [
        ("point", "01m8987ft3yeq0hd", "value"),
        ("dates", "consent"),
        ("family", "Maria Martinez", "phone"),
        ("team", "J. Rivera", "email"),
        ("goal", "rf", "phase", "2026-10-05", "label"),
        ("x", 'quote " and \\ back', "y"),
    ],
)
def test_paths_round_trip_through_text(path: tuple[str, ...]) -> None:
    assert parse_path(path_text(path)) == path


def test_path_text_quotes_only_what_needs_it() -> None:
    assert path_text(("family", "Maria Martinez", "phone")) == 'family."Maria Martinez".phone'
    assert path_text(("point", "01abc", "value")) == "point.01abc.value"


@pytest.mark.parametrize("text", ["", "a..b", "a.", '"open', "a b"])
def test_bad_paths_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_path(text)
