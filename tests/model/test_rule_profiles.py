"""Rule profiles: shipped data files, state differences, and [rules] overrides checked."""

from __future__ import annotations

from pathlib import Path

import pytest
from msgspec.structs import replace

from caseterm.model.rules import FEDERAL, RULE_KEYS, apply_rules
from caseterm.store.infra.load import load_caseload
from caseterm.store.infra.profiles import profile_names, read_profile, rules_for
from tests.builders import SETTINGS


def test_federal_file_states_every_rule_and_matches_the_model_defaults() -> None:
    """federal.toml is the reference: every number is written there, equal to FEDERAL."""
    profile, faults = read_profile("federal")
    assert faults == ()
    assert replace(profile, label=FEDERAL.label) == FEDERAL
    text = (Path(__file__).parents[2] / "caseterm/profiles/federal.toml").read_text()
    missing = [key for key in RULE_KEYS if f"\n{key} =" not in text]
    assert missing == []


@pytest.mark.parametrize("name", ["federal", *profile_names()])
def test_every_shipped_profile_is_valid(name: str) -> None:
    profile, faults = read_profile(name)
    assert faults == ()
    assert profile.name == name
    assert profile.label


def test_state_profiles_change_what_their_law_changes() -> None:
    assert {"california", "texas", "north-carolina", "alabama", "nebraska", "mississippi"} <= set(
        profile_names()
    )
    ca, _ = read_profile("california")
    assert (ca.evaluation_days, ca.evaluation_count, ca.evaluation_break_school_days) == (
        60,
        "calendar-days-skipping-breaks",
        5,
    )
    assert ca.evaluation_rule.startswith("Cal. Ed Code 56344")
    tx, _ = read_profile("texas")
    assert (tx.evaluation_days, tx.evaluation_count, tx.evaluation_rule) == (
        45,
        "school-days",
        "TEC 29.004(a)",
    )
    nc, _ = read_profile("north-carolina")
    assert nc.transition_age == 14
    majority = {n: read_profile(n)[0].majority_age for n in ("alabama", "nebraska", "mississippi")}
    assert majority == {"alabama": 19, "nebraska": 19, "mississippi": 21}
    assert read_profile("federal")[0].majority_age == 18


def test_overrides_change_single_numbers() -> None:
    settings = replace(
        SETTINGS,
        rule_profile="texas",
        rule_overrides=(("annual", "plus-365-days"), ("section504_review_months", 6)),
    )
    profile, problems = rules_for(settings)
    assert problems == []
    assert (profile.annual, profile.section504_review_months) == ("plus-365-days", 6)
    assert profile.evaluation_days == 45, "the rest of the Texas profile stays"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("evaluaton_days", 45, "rules.evaluaton_days: unknown rule; did you mean evaluation_days?"),
        ("evaluation_days", "45", "rules.evaluation_days: '45' is not a whole number from 1 "
         "to 3650"),
        ("evaluation_days", True, "rules.evaluation_days: True is not a whole number from 1 "
         "to 3650"),
        ("evaluation_days", 10**11, "rules.evaluation_days: 100000000000 is not a whole number "
         "from 1 to 3650"),
        ("annual", "yearly", "rules.annual: 'yearly' is not allowed; use one of "
         "plus-1-year-minus-1-day, plus-365-days"),
        ("evaluation_includes_iep", 1, "rules.evaluation_includes_iep: 1 is not true or false"),
        ("evaluation_rule", "34 CFR\x1b]0;x\x07", "rules.evaluation_rule: contains control "
         "character U+001B; use plain text (one line, no tabs)"),
        ("evaluation_rule", "x" * 201, "rules.evaluation_rule: text is 201 characters; keep it "
         "to 200"),
        ("evaluation_late_consent_due", "6/30", "rules.evaluation_late_consent_due: '6/30' is "
         "not a month and day; use MM-DD, e.g. 06-30"),
    ],
)  # fmt: skip
def test_bad_overrides_are_problems_not_crashes(key: str, value: object, message: str) -> None:
    profile, problems = apply_rules(FEDERAL, [(key, value)])
    assert problems == [(key, message)]
    assert profile == FEDERAL


def test_unknown_profile_falls_back_to_federal_with_a_problem() -> None:
    profile, problems = rules_for(replace(SETTINGS, rule_profile="texsa"))
    assert profile.name == "federal"
    assert [p.path for p in problems] == [("caseload", "rule_profile")]
    assert "'texsa' is not a rule profile; use one of alabama, california" in problems[0].message


def test_check_reports_bad_rules_at_their_line(cli, caseload: Path) -> None:
    settings = caseload / "caseterm.toml"
    settings.write_text(
        settings.read_text() + '\n[rules]\nannual = "plus-365-days"\nevaluation_days = "sixty"\n'
    )
    loaded = load_caseload(caseload)
    assert loaded.rules.annual == "plus-365-days"
    assert loaded.rules.evaluation_days == 60
    result = cli("check", caseload)
    assert result.code == 1
    line = settings.read_text().splitlines().index('evaluation_days = "sixty"') + 1
    assert f"caseterm.toml:{line}:19: rules.evaluation_days: 'sixty' is not a whole number" in (
        result.out
    )


def test_rule_keys_are_the_profile_fields_but_name_and_label() -> None:
    assert set(RULE_KEYS) == set(FEDERAL.__struct_fields__) - {"name", "label"}
