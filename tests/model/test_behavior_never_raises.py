"""No value behavior.toml can hold crashes decoding or the behaviour computations
(figures, phases, ABC summaries, IOA, goal points, checks)."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from msgspec.structs import replace

from caseterm.model import behavior, ioa
from caseterm.model.behavior_checks import behavior_links_resolve
from caseterm.model.decode_behavior import decode_behavior
from caseterm.model.records import Goal
from tests.builders import student

whole = st.one_of(
    st.integers(-5, 50), st.integers(-(2**63), 2**63 - 1), st.floats(), st.text(max_size=3)
)
times = st.one_of(st.times(), st.text(max_size=5), whole)
days = st.one_of(st.dates(date(2026, 9, 1), date(2026, 12, 31)), st.dates(), st.text(max_size=4))
methods = st.one_of(
    st.sampled_from(
        ["frequency", "duration", "latency", "whole-interval", "partial-interval", "momentary"]
    ),
    st.text(max_size=4),
)
observed = st.fixed_dictionaries(
    {"name": st.sampled_from(["hit", "call-out", "Bad Name"]), "method": methods},
    optional={
        "count": whole,
        "counts": st.lists(whole, max_size=6),
        "episodes": st.lists(st.lists(whole, max_size=3), max_size=4),
        "latencies": st.lists(whole, max_size=4),
        "interval": whole,
        "marks": st.one_of(st.text(alphabet="01", max_size=40), st.text(max_size=5), whole),
    },
)
observation = st.fixed_dictionaries(
    {
        "id": st.sampled_from(["a", "b", "c", "d"]),
        "date": days,
        "start": times,
        "end": times,
        "behavior": st.lists(observed, max_size=3),
    },
    optional={"observer": st.sampled_from(["Ortiz", "Lee", ""])},
)
bip = st.fixed_dictionaries(
    {"id": st.sampled_from(["b1", "b2"]), "adopted": days},
    optional={
        "revised": st.lists(days, max_size=3),
        "target": st.lists(
            st.fixed_dictionaries(
                {"name": st.sampled_from(["hit", "call-out"])},
                optional={"method": methods, "goal": st.sampled_from(["g", "nope"])},
            ),
            max_size=2,
        ),
        "prevention": st.lists(st.text(max_size=5), max_size=3),
    },
)
abc = st.fixed_dictionaries(
    {"id": st.sampled_from(["e1", "e2"]), "date": days, "behavior": st.text(max_size=5)},
    optional={"time": times, "intensity": whole, "antecedent": st.text(max_size=5)},
)
fidelity = st.fixed_dictionaries(
    {"id": st.sampled_from(["f1", "f2"]), "date": days},
    optional={
        "implemented": st.lists(st.text(max_size=4), max_size=3),
        "missed": st.lists(st.text(max_size=4), max_size=3),
        "bip": st.sampled_from(["b1", "x"]),
    },
)
documents = st.fixed_dictionaries(
    {},
    optional={
        "observation": st.lists(observation, max_size=4),
        "bip": st.lists(bip, max_size=2),
        "abc": st.lists(abc, max_size=3),
        "fidelity": st.lists(fidelity, max_size=2),
        "safety": st.dictionaries(st.sampled_from(["triggers", "review", "x"]), whole, max_size=2),
    },
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents)
def test_behaviour_computations_never_raise(data: dict[str, Any]) -> None:
    found, _problems = decode_behavior(data, "behavior.toml")
    goal = Goal("g", "fewer", 1, date(2027, 6, 1), direction="decrease")
    s = replace(
        student(),
        goals=(goal,),
        bips=found.bips,
        observations=found.observations,
        abc_events=found.abc_events,
        fidelity_checks=found.fidelity_checks,
        safety=found.safety,
    )
    for name in behavior.behavior_names(s):
        behavior.phase_summaries(s, name)
        behavior.abc_summary(s.abc_events, name)
    behavior.goal_points(s)
    behavior.mean_fidelity(s)
    behavior.has_safety_plan(s)
    list(behavior_links_resolve(s))
    for first, second in itertools.permutations(s.observations, 2):
        for figure in ioa.session_agreement(first, second).figures:
            assert figure.percent is None or 0 <= figure.percent <= 100
    for o in s.observations:
        assert o.minutes > 0
