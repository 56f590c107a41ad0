"""Checks across a student's behaviour records (``behavior.toml``): the ids one record
gives of another name records that exist. Same contract as ``model.validate``."""

from __future__ import annotations

from collections.abc import Iterator

from caseterm.model.records import Student

Finding = tuple[str, tuple[str | int, ...], str]


def behavior_links_resolve(student: Student) -> Iterator[Finding]:
    """A BIP's FBA, a BIP target's goal, a fidelity check's BIP and strategies, and the
    session an ABC event or fidelity check names all exist."""
    fbas = {f.id for f in student.fbas}
    bips = {b.id: b for b in student.bips}
    sessions = {o.id for o in student.observations}
    goals = {g.id: g for g in student.goals}
    for bip in student.bips:
        where = ("bip", bip.source.index)
        if bip.fba and bip.fba not in fbas:
            yield bip.source.file, (*where, "fba"), f"fba: no FBA with id '{bip.fba}'"
        for number, target in enumerate(bip.targets):
            if not target.goal:
                continue
            goal = goals.get(target.goal)
            path: tuple[str | int, ...] = (*where, "target", number, "goal")
            if goal is None:
                known = ", ".join(sorted(goals)) or "none yet"
                message = f"goal: '{target.goal}' is not one of this student's goals ({known})"
                yield bip.source.file, path, message
            elif goal.direction != "decrease":
                message = f"goal: '{goal.id}' is an increase goal; observations feed decrease goals"
                yield bip.source.file, path, message
    for check in student.fidelity_checks:
        where = ("fidelity", check.source.index)
        if check.observation and check.observation not in sessions:
            yield check.source.file, (*where, "observation"), _no_session(check.observation)
        if not check.bip:
            continue
        scored_bip = bips.get(check.bip)
        if scored_bip is None:
            yield check.source.file, (*where, "bip"), f"bip: no BIP with id '{check.bip}'"
            continue
        listed = set(scored_bip.strategies)
        for key, scored in (("implemented", check.implemented), ("missed", check.missed)):
            stray = [s for s in scored if s not in listed]
            if stray and listed:
                message = f"{key}: '{stray[0]}' is not a strategy of BIP '{scored_bip.id}'"
                yield check.source.file, (*where, key), message
    for event in student.abc_events:
        if event.observation and event.observation not in sessions:
            at: tuple[str | int, ...] = ("abc", event.source.index, "observation")
            yield event.source.file, at, _no_session(event.observation)


def _no_session(session_id: str) -> str:
    return f"observation: no observation session with id '{session_id}'"
