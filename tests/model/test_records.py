"""Records are values: immutable, compared and hashed by their fields, pickled whole, and
shown field by field (``model/records.py`` declares them as ``msgspec.Struct``)."""

from __future__ import annotations

import pickle
from datetime import date

import pytest
from msgspec import Struct
from msgspec.structs import replace

from caseterm.model import records
from caseterm.model.records import NO_SOURCE, DataPoint, Plan, PlanDates, Source, Student
from tests.builders import student

POINT = DataPoint("p1", "reading", date(2026, 10, 5), 42.0, source=Source("data.toml", "point", 0))
RECORD_CLASSES = [
    cls
    for cls in vars(records).values()
    if isinstance(cls, type) and issubclass(cls, Struct) and cls.__module__ == records.__name__
]


def test_every_record_class_is_frozen() -> None:
    assert len(RECORD_CLASSES) >= 47
    assert all(cls.__struct_config__.frozen for cls in RECORD_CLASSES)


def test_assigning_or_deleting_a_field_raises() -> None:
    with pytest.raises(AttributeError):
        POINT.value = 1.0  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del POINT.note
    with pytest.raises(AttributeError):
        POINT.extra = 1  # type: ignore[attr-defined]
    assert POINT.value == 42.0


def test_equal_by_fields_and_type_and_hashable() -> None:
    same = DataPoint("p1", "reading", date(2026, 10, 5), 42.0, "", Source("data.toml", "point", 0))
    assert same == POINT and hash(same) == hash(POINT)
    assert replace(POINT, value=43.0) != POINT
    assert len({POINT, same, replace(POINT, id="p2")}) == 2
    fields: object = ("p1", "reading", date(2026, 10, 5), 42.0, "", POINT.source)
    assert fields != POINT
    with pytest.raises(TypeError):
        _ = same > POINT  # type: ignore[operator]


def test_defaults_are_shared_values_and_factories_make_new_ones() -> None:
    assert Plan().dates == PlanDates() and Plan().source is NO_SOURCE
    assert Plan().services == ()


def test_replace_keeps_the_class_and_the_other_fields() -> None:
    moved = replace(POINT, date=date(2026, 10, 6))
    assert type(moved) is DataPoint
    assert (moved.id, moved.goal, moved.value, moved.source) == (
        "p1",
        "reading",
        42.0,
        POINT.source,
    )


def test_a_student_pickles_whole() -> None:
    s = replace(student(), points=(POINT,))
    back = pickle.loads(pickle.dumps(s, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == s and type(back) is Student and back.points[0].source == POINT.source


def test_repr_names_every_field() -> None:
    assert repr(Source("data.toml", "point", 0)) == (
        "Source(file='data.toml', table='point', index=0)"
    )
