"""Merging file texts: formatting and comments survive, conflicts are written as entries."""

from __future__ import annotations

import pytest
import rtoml

from caseterm.store.infra.edit import remove_record
from caseterm.store.infra.mergetext import MergeFailed, merge_texts

DATA = """\
#:schema ../../.caseterm/schemas/data.schema.json
# Ava's oral reading fluency probes.

[[point]]
id = "01a"
goal = "reading-fluency"
date = 2026-11-02
value = 50   # cold read, grade-4 passage
note = ""
"""

OURS_POINT = """
[[point]]
id = "01b"
goal = "reading-fluency"
date = 2026-11-09
value = 51
"""

THEIRS_POINT = """
[[point]]
id = "01c"
goal = "reading-fluency"
date = 2026-11-16
value = 53
"""


def test_both_sides_appends_are_kept_with_every_byte_of_ours() -> None:
    result = merge_texts(DATA, DATA + OURS_POINT, DATA + THEIRS_POINT)
    assert result.conflicts == ()
    assert result.text == DATA + OURS_POINT + THEIRS_POINT


def test_a_field_edit_keeps_the_trailing_comment() -> None:
    theirs = DATA.replace("value = 50   #", "value = 49   #")
    result = merge_texts(DATA, DATA + OURS_POINT, theirs)
    assert result.text == DATA.replace("value = 50", "value = 49") + OURS_POINT


def test_a_conflict_keeps_ours_and_appends_an_entry_with_all_three_values() -> None:
    ours = DATA.replace("value = 50", "value = 52")
    theirs = DATA.replace("value = 50", "value = 55")
    result = merge_texts(DATA, ours, theirs)
    assert result.text == ours + (
        '\n[[conflict]]\npath = "point.01a.value"\nours = 52\ntheirs = 55\nbase = 50\n'
    )


def test_a_record_deleted_by_us_and_edited_by_them_is_kept_in_the_entry() -> None:
    theirs = DATA.replace('note = ""', 'note = "re-test"')
    ours = DATA[: DATA.index("[[point]]")] + OURS_POINT.lstrip("\n")
    result = merge_texts(DATA, ours, theirs)
    data = rtoml.loads(result.text)
    assert [p["id"] for p in data["point"]] == ["01b"]
    (entry,) = data["conflict"]
    assert entry["path"] == "point.01a"
    assert "ours" not in entry
    assert entry["theirs"]["note"] == "re-test"
    assert entry["base"]["note"] == ""


PLAN = """\
#:schema ../../.caseterm/schemas/plan.schema.json
[dates]
consent = 2023-09-01            # signed at the eligibility meeting
plan_start = 2026-09-16

[plan]
lre = "RC80"
accommodations = [
    "Extended time (1.5x)",     # tests and quizzes
    "Read-aloud for math",
]

[[service]]
id = "01s"
service = "reading"
minutes = 120
per = "week"
start = 2026-09-16
"""


def test_plan_fields_and_list_items_from_both_sides_combine_in_place() -> None:
    ours = PLAN.replace(
        "plan_start = 2026-09-16\n", "plan_start = 2026-09-16\nplan_end = 2027-09-14\n"
    )
    ours = ours.replace(
        '    "Read-aloud for math",\n', '    "Read-aloud for math",\n    "Breaks",\n'
    )
    theirs = PLAN.replace('lre = "RC80"', 'lre = "RC39"').replace(
        '    "Extended time (1.5x)",     # tests and quizzes\n', ""
    )
    result = merge_texts(PLAN, ours, theirs)
    assert result.conflicts == ()
    assert result.text == ours.replace('lre = "RC80"', 'lre = "RC39"').replace(
        '    "Extended time (1.5x)",     # tests and quizzes\n', ""
    )


def test_a_new_table_and_a_new_service_from_theirs_are_appended() -> None:
    theirs = PLAN + '\n[transition]\ndate = 2026-09-15\neducation = "College"\n'
    ours = PLAN.replace("minutes = 120", "minutes = 150")
    result = merge_texts(PLAN, ours, theirs)
    assert result.text == ours + '\n[transition]\ndate = 2026-09-15\neducation = "College"\n'


def test_phases_appended_by_both_sides_stay_under_their_goal() -> None:
    goals = '[[goal]]\nid = "rf"\ntarget = 90\n\n[[goal]]\nid = "math"\ntarget = 80\n'
    ours = goals.replace(
        "target = 90\n", 'target = 90\n\n[[goal.phase]]\nstart = 2026-10-05\nlabel = "a"\n'
    )
    theirs = goals + '\n[[goal.phase]]\nstart = 2026-11-02\nlabel = "b"\n'
    result = merge_texts(goals, ours, theirs)
    data = rtoml.loads(result.text)
    assert [g["id"] for g in data["goal"]] == ["rf", "math"]
    assert data["goal"][0]["phase"] == [{"start": rtoml.loads("d = 2026-10-05")["d"], "label": "a"}]
    assert [p["label"] for p in data["goal"][1]["phase"]] == ["b"]
    assert result.conflicts == ()


def test_nothing_to_merge_returns_ours_unchanged() -> None:
    ours = DATA + OURS_POINT
    assert merge_texts(DATA, ours, DATA).text == ours


def test_a_file_added_on_both_sides_merges_from_an_empty_base() -> None:
    result = merge_texts("", DATA + OURS_POINT, DATA + THEIRS_POINT)
    assert [p["id"] for p in rtoml.loads(result.text)["point"]] == ["01a", "01b", "01c"]


@pytest.mark.parametrize("side", [0, 1, 2])
def test_a_side_that_is_not_valid_toml_fails_loudly(side: int) -> None:
    texts = [DATA, DATA + OURS_POINT, DATA + THEIRS_POINT]
    texts[side] = texts[side].replace("value = 50", "value = = 50")
    label = ["common ancestor", "ours", "theirs"][side]
    with pytest.raises(MergeFailed, match=label):
        merge_texts(*texts)


def test_names_with_spaces_are_quoted_in_conflict_paths() -> None:
    base = '[[family]]\nname = "Maria Martinez"\nphone = "1"\n'
    result = merge_texts(base, base.replace('"1"', '"2"'), base.replace('"1"', '"3"'))
    assert rtoml.loads(result.text)["conflict"][0]["path"] == 'family."Maria Martinez".phone'


def test_removing_the_last_record_leaves_no_empty_array_behind() -> None:
    ours = remove_record(DATA, "point", "01a")
    result = merge_texts(DATA, ours, DATA + THEIRS_POINT)
    assert result.text == ours.rstrip("\n") + "\n" + THEIRS_POINT
    edited = merge_texts(DATA, ours, DATA.replace("value = 50", "value = 49"))
    assert "point = []" not in edited.text
    assert [c.path for c in edited.conflicts] == [("point", "01a")]
