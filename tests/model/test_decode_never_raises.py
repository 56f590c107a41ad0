"""Decoding never raises: any TOML document (as parsed) gives records plus problems."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from caseterm.model import decode
from caseterm.model.validate import validate_student

KEYS = [
    "id", "goal", "date", "value", "note", "service", "minutes", "status", "makeup_for", "per",
    "start", "end", "target", "target_date", "baseline", "unit", "direction", "aggregate",
    "mastery", "phase", "statement", "name", "first_name", "team", "family", "kind", "time",
    "period", "purpose", "method", "participants", "school_year_start", "school_year_end",
    "stale_days", "due_soon_days", "reporting_period", "report_due", "first_day", "last_day",
    "weekdays", "closed", "plan_start", "plan_end", "accommodations", "disabilities", "x\x1b",
]  # fmt: skip
TABLES = [
    "point", "session", "goal", "service", "meeting", "contact", "student", "dates", "plan",
    "caseload", "calendar", "rules", "transition", "behavior_plan", "reporting_period", "closed",
]  # fmt: skip
scalars = st.one_of(
    st.text(max_size=12),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(),
    st.booleans(),
    st.dates(),
    st.times(),
    st.datetimes(),
    st.sampled_from(["reading", "wcpm", "%", "Q1", "delivered", "week", "month", "increase"]),
)


def _values(depth: int) -> st.SearchStrategy[Any]:
    if depth == 0:
        return scalars
    inner = _values(depth - 1)
    return st.one_of(
        scalars,
        st.lists(inner, max_size=3),
        st.dictionaries(st.sampled_from(KEYS), inner, max_size=6),
        st.lists(st.dictionaries(st.sampled_from(KEYS), inner, max_size=8), max_size=3),
    )


documents = st.dictionaries(st.sampled_from(TABLES + KEYS), _values(2), max_size=5)
DECODERS: list[Callable[[dict[str, Any], str], tuple[Any, ...]]] = [
    decode.decode_settings,
    decode.decode_calendar,
    decode.decode_profile,
    decode.decode_plan,
    decode.decode_goals,
    decode.decode_points,
    decode.decode_sessions,
    decode.decode_log,
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=documents)
def test_every_decoder_takes_any_document(document: dict[str, Any]) -> None:
    for decoder in DECODERS:
        result = decoder(document, "f.toml")
        problems = result[-1]
        assert all(isinstance(p, decode.KeyProblem) for p in problems)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(goals=documents, points=documents, plan=documents)
def test_a_student_of_any_documents_validates(
    goals: dict[str, Any], points: dict[str, Any], plan: dict[str, Any]
) -> None:
    from caseterm.model.records import Profile, Student

    student = Student(
        "ava-m",
        Profile("Ava", ""),
        plan=decode.decode_plan(plan, "plan.toml")[0],
        goals=decode.decode_goals(goals, "goals.toml")[0],
        points=decode.decode_points(points, "data.toml")[0],
    )
    for file, path, message in validate_student(student, ("Q1",)):
        assert file and path and message
