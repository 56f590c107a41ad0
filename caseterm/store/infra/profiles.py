"""Rule profiles shipped with caseterm (``caseterm/profiles/*.toml``) and the caseload's
``[rules]`` overrides, combined into one ``RuleProfile``."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from msgspec.structs import replace

from caseterm.model.decode import KeyProblem
from caseterm.model.records import Settings
from caseterm.model.rules import FEDERAL, RuleProfile, apply_rules
from caseterm.store.infra.tomltext import TomlSyntaxError, parse

BASE_PROFILE = "federal"


def _folder() -> Path:
    """``caseterm/profiles``: a plain folder of the installed package (``importlib.resources``
    would also read a zipped one, for ~4 ms of imports on every command)."""
    return Path(__file__).resolve().parent.parent.parent / "profiles"


@cache
def profile_names() -> tuple[str, ...]:
    """The names of the shipped rule profiles, sorted (``federal`` among them)."""
    return tuple(
        sorted(
            entry.name.removesuffix(".toml")
            for entry in _folder().iterdir()
            if entry.name.endswith(".toml")
        )
    )


@cache
def read_profile(name: str) -> tuple[RuleProfile, tuple[str, ...]]:
    """The shipped profile ``name`` applied over the federal one, with any faults found.

    Raises ``KeyError`` when no such profile ships with caseterm.
    """
    if name not in profile_names():
        raise KeyError(name)
    profile, faults = FEDERAL, []
    for layer in dict.fromkeys((BASE_PROFILE, name)):
        text = _folder().joinpath(f"{layer}.toml").read_text(encoding="utf-8")
        try:
            data = parse(text)
        except TomlSyntaxError as error:
            faults.append(f"profiles/{layer}.toml:{error}")
            continue
        meta = data.get("profile", {})
        rules = data.get("rules", {})
        profile, found = apply_rules(profile, rules.items() if isinstance(rules, dict) else ())
        faults += [f"profiles/{layer}.toml: {message}" for _key, message in found]
        if isinstance(meta, dict):
            label = meta.get("label")
            profile = replace(profile, name=layer, label=label if isinstance(label, str) else layer)
    return profile, tuple(faults)


def rules_for(settings: Settings) -> tuple[RuleProfile, list[KeyProblem]]:
    """The caseload's rule profile: the named profile, then ``[rules]`` overrides.

    An unknown profile falls back to federal; a bad override is skipped. Each is reported
    as a problem at its key in ``caseterm.toml``; nothing raises.
    """
    problems: list[KeyProblem] = []
    name = settings.rule_profile
    try:
        profile, faults = read_profile(name)
    except KeyError:
        profile, faults = read_profile(BASE_PROFILE)
        problems.append(
            KeyProblem(
                ("caseload", "rule_profile"),
                f"rule_profile: '{name}' is not a rule profile; use one of "
                f"{', '.join(profile_names())} (federal rules apply meanwhile)",
            )
        )
    problems += [KeyProblem(("caseload", "rule_profile"), fault) for fault in faults]
    profile, found = apply_rules(profile, settings.rule_overrides)
    problems += [KeyProblem(("rules", key), message) for key, message in found]
    return profile, problems
