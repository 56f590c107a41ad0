"""The JSON Schemas: valid Draft 4, in step with the vocabularies, and agreeing with the loader."""

from __future__ import annotations

from collections.abc import Iterator
from importlib import resources
from typing import Any

import pytest
from jsonschema import Draft4Validator

from caseterm.model import (
    assess_vocab,
    behavior_vocab,
    decode,
    decode_behavior,
    decode_events,
    vocab,
)
from caseterm.model.fields import BOUNDS, MAX_ITEMS, SHORT_TEXT, text_limit
from caseterm.model.schedule import decode_schedule
from caseterm.store import kinds
from caseterm.store.infra.tomltext import parse
from tests.schema_check import DRAFT4, load_schema, schema_errors

SCHEMAS = sorted(set(kinds.SCHEMA_FOR.values()))

# What taplo / Even Better TOML understand (JSON Schema Draft 4), and all we use.
DRAFT4_KEYWORDS = {
    "$schema",
    "title",
    "description",
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "maxItems",
    "anyOf",
    "not",
}


def _walk(schema: Any, branches: bool = True) -> Iterator[dict[str, Any]]:
    """Every subschema (not the property names of ``properties``); ``anyOf`` if branches."""
    if isinstance(schema, dict):
        yield schema
        for key, value in schema.items():
            if key == "properties":
                for sub in value.values():
                    yield from _walk(sub, branches)
            elif key in ("items", "additionalProperties", "not"):
                yield from _walk(value, branches)
            elif key == "anyOf" and branches:
                for sub in value:
                    yield from _walk(sub, branches)


def test_every_file_kind_has_a_shipped_schema() -> None:
    shipped = {
        entry.name
        for entry in resources.files("caseterm.schemas").iterdir()
        if entry.name.endswith(".schema.json")
    }
    assert shipped == set(SCHEMAS)


@pytest.mark.parametrize("name", SCHEMAS)
def test_schema_is_valid_draft4_with_draft4_keywords_only(name: str) -> None:
    schema = load_schema(name)
    assert schema["$schema"] == DRAFT4
    Draft4Validator.check_schema(schema)
    for sub in _walk(schema):
        assert set(sub) <= DRAFT4_KEYWORDS, f"{name}: {set(sub) - DRAFT4_KEYWORDS}"
        if sub.get("type") == "object" and "properties" in sub:
            assert sub.get("additionalProperties") is False, f"{name}: open table {sub}"


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_key_is_described_for_hand_editing(name: str) -> None:
    for sub in _walk(load_schema(name), branches=False):
        for key, prop in sub.get("properties", {}).items():
            assert prop.get("description"), f"{name}: key '{key}' has no description"


def _leaves(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Every property schema with its key path (``[]`` for array items), not in anyOf."""
    if isinstance(node, dict):
        yield path, node
        for key, sub in node.get("properties", {}).items():
            yield from _leaves(sub, (*path, key))
        if isinstance(node.get("items"), dict):
            yield from _leaves(node["items"], (*path, "[]"))


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_number_has_the_documented_range(name: str) -> None:
    """The schemas repeat model.fields.BOUNDS, so editors flag what caseterm check does."""
    numbers = 0
    for path, node in _leaves(load_schema(name)):
        if node.get("type") in ("number", "integer"):
            numbers += 1
            key = "service.minutes.month" if path[0] == "service" else f"{path[0]}.{path[-1]}"
            bounds = BOUNDS[key]
            assert (node.get("minimum"), node.get("maximum")) == (bounds.low, bounds.high), path
    assert numbers or name in (
        "calendar.schema.json",
        "log.schema.json",
        "student.schema.json",
        "attendance.schema.json",
        "consent.schema.json",
    )


TEXT = ("^[^\\x00-\\x1f\\x7f-\\x9f]*$", "^[^\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]*$")
"""No control characters in a one-line text; newlines and tabs allowed in a long one."""


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_text_and_list_has_the_documented_cap(name: str) -> None:
    for path, node in _leaves(load_schema(name)):
        free = not {"enum", "format"} & set(node) and node.get("pattern", TEXT) in TEXT
        if node.get("type") == "string" and free:
            limit = SHORT_TEXT if path[-1] == "[]" else text_limit(path[-1])
            assert node.get("maxLength") == limit, path
            assert node.get("pattern") == TEXT[limit > SHORT_TEXT], path
        if node.get("type") == "array" and node.get("items", {}).get("type") == "string":
            assert node.get("maxItems") == MAX_ITEMS, path
        if path and path[-1] in ("reporting_period", "closed", "team", "family", "phase"):
            assert node.get("maxItems") == MAX_ITEMS, path


def _enum(name: str, *path: str) -> list[str]:
    node: Any = load_schema(name)
    for key in path:
        node = node["properties"][key] if key != "[]" else node["items"]
    if "items" in node:
        node = node["items"]
    enum: list[str] = node["enum"]
    return enum


VOCABULARIES: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [
    ("caseterm.schema.json", ("benchmark", "[]", "grade"), vocab.GRADES),
    ("caseterm.schema.json", ("benchmark", "[]", "season"), assess_vocab.SEASONS),
    (
        "evaluation.schema.json",
        ("assessment", "[]", "score", "[]", "kind"),
        tuple(assess_vocab.SCORE_KINDS),
    ),
    ("evaluation.schema.json", ("assessment", "[]", "type"), tuple(assess_vocab.ASSESSMENT_TYPES)),
    ("evaluation.schema.json", ("referral", "[]", "referred_by"), assess_vocab.REFERRAL_SOURCES),
    ("evaluation.schema.json", ("evaluation", "[]", "kind"), assess_vocab.EVALUATION_KINDS),
    ("evaluation.schema.json", ("evaluation", "[]", "decision"), assess_vocab.DECISIONS),
    ("evaluation.schema.json", ("evaluation", "[]", "considered"), tuple(vocab.DISABILITIES)),
    ("evaluation.schema.json", ("evaluation", "[]", "categories"), tuple(vocab.DISABILITIES)),
    (
        "evaluation.schema.json",
        ("evaluation", "[]", "sld_criteria"),
        tuple(assess_vocab.SLD_CRITERIA),
    ),
    ("mtss.schema.json", ("screening", "[]", "season"), assess_vocab.SEASONS),
    ("mtss.schema.json", ("screening", "[]", "grade"), vocab.GRADES),
    ("caseterm.schema.json", ("caseload", "excused_statuses"), vocab.EXCUSABLE_STATUSES),
    ("student.schema.json", ("student", "grade"), vocab.GRADES),
    ("student.schema.json", ("student", "plan_type"), vocab.PLAN_TYPES),
    ("student.schema.json", ("student", "disabilities"), tuple(vocab.DISABILITIES)),
    ("plan.schema.json", ("plan", "lre"), tuple(vocab.LRE_SETTINGS)),
    ("plan.schema.json", ("exit", "reason"), tuple(vocab.EXIT_REASONS)),
    ("plan.schema.json", ("service", "[]", "per"), vocab.SERVICE_PERIODS),
    ("plan.schema.json", ("service", "[]", "setting"), vocab.SERVICE_SETTINGS),
    ("plan.schema.json", ("service", "[]", "delivery"), vocab.SERVICE_DELIVERY),
    ("goals.schema.json", ("goal", "[]", "direction"), vocab.GOAL_DIRECTIONS),
    ("goals.schema.json", ("goal", "[]", "aggregate"), vocab.GOAL_AGGREGATES),
    ("sessions.schema.json", ("session", "[]", "status"), tuple(vocab.SESSION_STATUSES)),
    ("log.schema.json", ("meeting", "[]", "kind"), tuple(vocab.MEETING_KINDS)),
    ("log.schema.json", ("meeting", "[]", "status"), vocab.MEETING_STATUSES),
    ("log.schema.json", ("contact", "[]", "method"), vocab.CONTACT_METHODS),
    ("log.schema.json", ("contact", "[]", "purpose"), vocab.CONTACT_PURPOSES),
    ("calendar.schema.json", ("calendar", "weekdays"), vocab.WEEKDAYS),
    ("schedule.schema.json", ("provider", "[]", "days"), vocab.WEEKDAYS),
    ("schedule.schema.json", ("slot", "[]", "days"), vocab.WEEKDAYS),
    ("schedule.schema.json", ("slot", "[]", "setting"), tuple(vocab.SLOT_SETTINGS)),
    ("schedule.schema.json", ("exception", "[]", "action"), vocab.EXCEPTION_ACTIONS),
    ("discipline.schema.json", ("removal", "[]", "kind"), tuple(vocab.REMOVAL_KINDS)),
    ("consent.schema.json", ("consent", "[]", "purpose"), tuple(vocab.CONSENT_PURPOSES)),
    ("consent.schema.json", ("consent", "[]", "response"), vocab.CONSENT_RESPONSES),
    ("consent.schema.json", ("notice", "[]", "action"), vocab.NOTICE_ACTIONS),
    ("consent.schema.json", ("notice", "[]", "subject"), tuple(vocab.NOTICE_SUBJECTS)),
    ("behavior.schema.json", ("fba", "[]", "functions"), tuple(behavior_vocab.FUNCTIONS)),
    ("behavior.schema.json", ("fba", "[]", "status"), behavior_vocab.FBA_STATUSES),
    (
        "behavior.schema.json",
        ("bip", "[]", "target", "[]", "method"),
        tuple(behavior_vocab.METHODS),
    ),
    (
        "behavior.schema.json",
        ("observation", "[]", "behavior", "[]", "method"),
        tuple(behavior_vocab.METHODS),
    ),
]
"""Every ``enum`` of the schemas, and the vocabulary tuple it must equal."""


@pytest.mark.parametrize(("schema", "path", "codes"), VOCABULARIES)
def test_schema_codes_are_the_vocabulary(
    schema: str, path: tuple[str, ...], codes: tuple[str, ...]
) -> None:
    assert _enum(schema, *path) == list(codes)


def _enum_paths(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    """Each ``enum`` outside ``anyOf`` and ``not`` (those narrow one), with its key path."""
    if "enum" in node:
        yield path, node["enum"]
    for key, sub in node.get("properties", {}).items():
        yield from _enum_paths(sub, (*path, key))
    if "items" in node:
        yield from _enum_paths(node["items"], path if "enum" in node["items"] else (*path, "[]"))


@pytest.mark.parametrize("schema", SCHEMAS)
def test_every_schema_enum_is_a_vocabulary(schema: str) -> None:
    """A closed set in a schema is one of the typed vocabularies, and narrowing branches
    (``anyOf``, ``not``) only pick codes from it."""
    listed = {path for name, path, _codes in VOCABULARIES if name == schema}
    assert {path for path, _enum in _enum_paths(load_schema(schema))} == listed
    for node in _walk(load_schema(schema)):
        for branch in [*node.get("anyOf", []), node.get("not", {})]:
            for key, sub in branch.get("properties", {}).items():
                sub = sub.get("not", sub)
                if "enum" in sub:
                    assert set(sub["enum"]) <= set(node["properties"][key]["enum"]), key


# --- schema and loader agree ---------------------------------------------------------

VALID = {
    "sessions.toml": """
[[session]]
id = "01kbm3x2p0a7q9zr"
service = "reading"
date = 2026-11-20
minutes = 30
status = "delivered"
group = true
group_size = 3
""",
    "schedule.toml": """
[school_day]
start = 08:00:00
end = 15:00:00

[[provider]]
name = "Ms. Rivera"
role = "speech-language pathologist"
days = ["mon", "wed"]

[[slot]]
id = "01kbm3x2p0a7q9za"
service = "speech"
students = ["ava-m", "ben-k"]
days = ["mon", "wed"]
weeks = [1, 3]
start = 09:00:00
end = 09:30:00
provider = "Ms. Rivera"
location = "Room 114"
setting = "pull-out"
from = 2026-09-01
to = 2027-06-04

[[exception]]
id = "01kbm3x2p0a7q9zb"
slot = "01kbm3x2p0a7q9za"
date = 2026-11-23
action = "moved"
moved_to = 2026-11-24
start = 10:00:00
""",
    "plan.toml": """
[plan]
lre = "RC80"

[[service]]
id = "01kbm3x2p0a7q9zs"
service = "reading"
minutes = 120
per = "week"
start = 2026-09-16
""",
    "student.toml": """
[student]
first_name = "Ava"
grade = "4"
disabilities = ["SLD"]
""",
    "caseterm.toml": """
[caseload]
school_year_start = 2026-08-17
school_year_end = 2027-06-04
stale_days = 14
excused_statuses = ["student-absent"]
""",
    "calendar": """
[calendar]
first_day = 2026-08-17
last_day = 2027-06-04
weekdays = ["mon", "tue", "wed", "thu", "fri"]
""",
    "log.toml": """
[[meeting]]
id = "01kbm3x2p0a7q9zt"
date = 2027-01-12
time = 15:30:00
kind = "annual-review"
status = "scheduled"

[[contact]]
id = "01kbm3x2p0a7q9zv"
date = 2026-11-20
method = "phone"
purpose = "progress-report"
period = "Q1"
""",
    "goals.toml": """
[[goal]]
id = "reading-fluency"
statement = "Read 90 wcpm."
target = 90
target_date = 2027-06-01
direction = "decrease"

[[goal.phase]]
start = 2026-10-05
""",
    "discipline.toml": """
[[removal]]
id = "01kbm3x2p0a7q9zx"
date = 2026-11-16
days = 3
kind = "oss"
reason = "fight"
pattern = true
decided = 2026-11-13
manifestation = false
""",
    "attendance.toml": """
[[absence]]
id = "01kbm3x2p0a7q9zy"
date = 2026-11-16
to = 2026-11-18
reason = "flu"
""",
    "consent.toml": """
[[consent]]
id = "01kbm3x2p0a7q9zz"
date = 2026-11-16
purpose = "initial-services"
response = "given"
responded = 2026-11-18

[[notice]]
id = "01kbm3x2p0a7q9z0"
date = 2026-11-16
action = "propose"
subject = "fape"
description = "Initial IEP services"
""",
    "behavior.toml": """
[[fba]]
id = "01kbm3x2p0a7q9z1"
started = 2026-09-14
status = "complete"
concern = "Leaves the classroom during math"
functions = ["escape"]
completed = 2026-10-02

[[fba.target]]
name = "elopement"
definition = "Leaves the assigned area without permission"

[[bip]]
id = "01kbm3x2p0a7q9z2"
adopted = 2026-10-05
fba = "01kbm3x2p0a7q9z1"
prevention = ["break card on desk"]
revised = [2026-11-02]
review = 2027-01-15

[[bip.target]]
name = "elopement"
replacement = "asks for a break with the card"
method = "partial-interval"

[[observation]]
id = "01kbm3x2p0a7q9z3"
date = 2026-11-16
start = 09:00:00
end = 09:20:00
observer = "Ms. Ortiz"

[[observation.behavior]]
name = "elopement"
method = "partial-interval"
interval = 60
marks = "01100000000000000000"

[[observation.behavior]]
name = "call-out"
method = "frequency"
count = 4

[[abc]]
id = "01kbm3x2p0a7q9z4"
date = 2026-11-16
time = 09:05:00
behavior = "elopement"
antecedent = "math worksheet given"
consequence = "sent to the office"
intensity = 3

[[fidelity]]
id = "01kbm3x2p0a7q9z5"
date = 2026-11-16
implemented = ["break card on desk"]
missed = ["praise every 5 minutes"]

[safety]
triggers = ["loud alarms"]
contacts = ["Ms. Ortiz, room 114, ext. 2214"]
review = 2027-01-15
""",
    "data.toml": """
[[point]]
id = "01kbm3x2p0a7q9zw"
goal = "reading-fluency"
date = 2026-11-20
value = 52.5
""",
}

# (file kind, text in the valid record to replace, replacement, what is wrong)
BROKEN = [
    ("sessions.toml", "minutes = 30", "minutes = -5", "negative minutes"),
    ("sessions.toml", "minutes = 30", "minutes = 30.5", "fractional minutes"),
    ("sessions.toml", "minutes = 30", "minutes = 601", "more than 600 minutes"),
    ("sessions.toml", "minutes = 30", "mintues = 30", "misspelt key"),
    ("sessions.toml", '"delivered"', '"done"', "unknown status"),
    ("sessions.toml", '"delivered"', '"makeup"', "make-up without makeup_for"),
    ("sessions.toml", '"01kbm3x2p0a7q9zr"', '"../x"', "bad id"),
    ("sessions.toml", '"01kbm3x2p0a7q9zr"', '""', "empty id"),
    ("sessions.toml", "date = 2026-11-20", "date = 2026-11-20T10:00:00", "date-time"),
    ("sessions.toml", 'service = "reading"', 'service = "Reading Group"', "bad service id"),
    ("plan.toml", "minutes = 120", "minutes = 3000", "over 2400 minutes a week"),
    ("plan.toml", 'per = "week"', 'per = "day"', "unknown period"),
    ("plan.toml", '"RC80"', '"RC50"', "unknown LRE code"),
    ("plan.toml", "start = 2026-09-16", "", "prescription without start"),
    ("student.toml", 'grade = "4"', 'grade = "13"', "unknown grade"),
    ("student.toml", '["SLD"]', '["ADHD"]', "not an EDFacts category"),
    ("student.toml", 'first_name = "Ava"', 'name = "Ava"', "no first_name"),
    ("sessions.toml", "group_size = 3", "group_size = 1", "group of one"),
    ("sessions.toml", "group_size = 3", "group_size = 1e9", "group size out of range"),
    ("schedule.toml", '"pull-out"', '"pullout"', "unknown slot setting"),
    ("schedule.toml", 'days = ["mon", "wed"]\nweeks', 'days = ["monday"]\nweeks', "bad day"),
    ("schedule.toml", 'action = "moved"', 'action = "skipped"', "unknown exception action"),
    ("schedule.toml", 'students = ["ava-m", "ben-k"]', 'students = "ava-m"', "students as text"),
    ("schedule.toml", "start = 09:00:00", 'start = "9am"', "time as text"),
    ("schedule.toml", "weeks = [1, 3]", "weeks = [0, 6]", "weeks out of range"),
    ("schedule.toml", "end = 09:30:00", "", "slot without end"),
    ("schedule.toml", 'slot = "01kbm3x2p0a7q9za"', 'slot = "../x"', "bad slot id"),
    ("caseterm.toml", '["student-absent"]', '["provider-absent"]', "provider absence excused"),
    ("caseterm.toml", "stale_days = 14", "stale_days = 0", "stale_days below 1"),
    ("calendar", '"mon", ', '"monday", ', "unknown weekday"),
    ("log.toml", '"annual-review"', '"iep"', "unknown meeting kind"),
    ("log.toml", "time = 15:30:00", 'time = "3:30pm"', "time as text"),
    ("log.toml", 'method = "phone"', 'method = "fax"', "unknown contact method"),
    ("goals.toml", '"decrease"', '"down"', "unknown direction"),
    ("goals.toml", "target = 90", 'target = "ninety"', "target not a number"),
    ("goals.toml", "start = 2026-10-05", 'label = "x"', "phase without start"),
    ("data.toml", "value = 52.5", 'value = "52"', "value in quotes"),
    ("discipline.toml", "days = 3", "days = 0", "no school days"),
    ("discipline.toml", "days = 3", "days = 2.5", "half days"),
    ("discipline.toml", 'kind = "oss"', 'kind = "expulsion"', "unknown removal kind"),
    ("discipline.toml", "pattern = true", 'pattern = "yes"', "pattern as text"),
    ("discipline.toml", "days = 3", "", "removal without days"),
    ("attendance.toml", 'reason = "flu"', 'why = "flu"', "misspelt key"),
    ("consent.toml", '"initial-services"', '"iep"', "unknown consent purpose"),
    ("consent.toml", 'response = "given"', 'response = "yes"', "unknown response"),
    ("consent.toml", 'subject = "fape"', 'subject = "services"', "unknown notice subject"),
    ("consent.toml", 'action = "propose"', "", "notice without action"),
    ("behavior.toml", 'functions = ["escape"]', 'functions = ["control"]', "unknown function"),
    ("behavior.toml", 'method = "frequency"', 'method = "tally"', "unknown method"),
    ("behavior.toml", "count = 4", "count = -1", "negative count"),
    ("behavior.toml", "count = 4", "count = 99999", "count out of range"),
    ("behavior.toml", "interval = 60", "interval = 0", "zero interval"),
    ("behavior.toml", 'marks = "0110', 'marks = "01x0', "mark not 0 or 1"),
    ("behavior.toml", "intensity = 3", "intensity = 9", "intensity out of range"),
    ("behavior.toml", "start = 09:00:00", "", "session without start"),
    ("behavior.toml", 'status = "complete"', 'status = "done"', "unknown FBA status"),
    ("behavior.toml", 'triggers = ["loud alarms"]', 'trigger = ["loud alarms"]', "misspelt key"),
    ("data.toml", "value = 52.5", "value = 1.7e308", "value out of range"),
    ("data.toml", "value = 52.5", "value = -1e10", "value below range"),
    ("goals.toml", "target = 90", "target = 1e10", "target out of range"),
    ("caseterm.toml", "stale_days = 14", "stale_days = 366", "stale_days over a year"),
    ("student.toml", 'first_name = "Ava"', 'first_name = "A\\u001b[31m"', "escape in a name"),
    ("student.toml", 'first_name = "Ava"', 'first_name = "A\\nva"', "newline in a name"),
    ("student.toml", 'first_name = "Ava"', f'first_name = "{"A" * 201}"', "name too long"),
]


def loader_problems(kind: str, text: str) -> list[str]:
    """What caseterm's own decoder (the loader behind ``caseterm check``) reports."""
    data = parse(text)
    found: list[decode.KeyProblem]
    if kind == "log.toml":
        *_, found = decode.decode_log(data, kind)
    elif kind == "consent.toml":
        *_, found = decode_events.decode_consent(data, kind)
    elif kind == "behavior.toml":
        _, found = decode_behavior.decode_behavior(data, kind)
    else:
        decoder = {
            "sessions.toml": decode.decode_sessions,
            "plan.toml": decode.decode_plan,
            "student.toml": decode.decode_profile,
            "caseterm.toml": decode.decode_settings,
            "calendar": decode.decode_calendar,
            "goals.toml": decode.decode_goals,
            "data.toml": decode.decode_points,
            "discipline.toml": decode_events.decode_discipline,
            "attendance.toml": decode_events.decode_attendance,
            "schedule.toml": decode_schedule,
        }[kind]
        _, found = decoder(data, kind)
    return [f"{'/'.join(map(str, p.path))}: {p.message}" for p in found]


@pytest.mark.parametrize("kind", sorted(VALID))
def test_valid_records_pass_schema_and_loader(kind: str) -> None:
    assert schema_errors(kind, VALID[kind]) == []
    assert loader_problems(kind, VALID[kind]) == []


@pytest.mark.parametrize(("kind", "old", "new", "what"), BROKEN, ids=[case[3] for case in BROKEN])
def test_broken_record_is_rejected_by_schema_and_loader(
    kind: str, old: str, new: str, what: str
) -> None:
    assert VALID[kind].count(old) == 1
    text = VALID[kind].replace(old, new)
    assert schema_errors(kind, text), f"schema accepts {what}"
    assert loader_problems(kind, text), f"loader accepts {what}"


def test_a_quoted_date_is_caught_by_the_loader_only() -> None:
    """JSON has no date type: editors see TOML dates as strings, so a date written in
    quotes passes the schema. ``caseterm check`` still reports it (docs/file-format.md says so)."""
    text = VALID["sessions.toml"].replace("date = 2026-11-20", 'date = "2026-11-20"')
    assert schema_errors("sessions.toml", text) == []
    assert any("bare TOML date" in p for p in loader_problems("sessions.toml", text))
