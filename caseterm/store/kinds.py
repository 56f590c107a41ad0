"""The record-kind catalogue: one declaration per file and per kind of record (named
tuples: cheap to import on every write).

Everything that walks the kinds of a caseload's files reads this module: the layout of a
student's folder, loading, validation on save, removal, the merge driver's record keys,
CSV import and export columns, and the summary index. Adding a record kind is one
``RecordKind`` here (plus a ``StudentFile`` if it gets a file of its own), its decoder in
``model.decode`` and its domain functions in ``model``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias

from caseterm.store.infra import layout

if TYPE_CHECKING:
    from msgspec import Struct

    from caseterm.model.decode import KeyProblem

Decoded: TypeAlias = "tuple[dict[str, Any], list[KeyProblem]]"
"""What a file decoder returns: ``Student`` fields by name, and the problems found."""
FileDecoder: TypeAlias = "Callable[[Mapping[str, Any], str], Decoded]"
KeyPath = tuple[str, ...]


class Columns(NamedTuple):
    """A kind's spreadsheet columns: what import reads, needs and skips; what export adds."""

    read: tuple[str, ...]
    required: tuple[str, ...]
    ignored: tuple[str, ...] = ()
    export: tuple[str, ...] = ()


class Input(NamedTuple):
    """One value a new record of a kind is given, by its key in the file.

    ``form`` says what is accepted: ``text`` (free text, capped by its key), ``item`` (a
    short text), ``items`` (a list of short texts), ``choice`` (one code of the list
    ``choices`` names, ``"module.NAME"`` in ``caseterm.model``), ``codes`` (a list of
    them), ``date``, ``time``, ``number``, ``whole`` and ``minutes`` (within
    ``fields.BOUNDS["table.key"]``), ``wholes`` (a list of whole numbers within
    ``bounds``), ``flag`` (written only when true), ``answer`` (yes, no, or not given),
    ``slug`` (an id) and ``rows`` (sub-tables, each given the inputs ``parts``).
    ``option`` names the value in
    messages: the CLI's option (default ``--key``), which the TUI forms quote too.

    ``tables`` are sub-tables whose keys only the kind's decoder checks, as their shape
    depends on a value in them (an observed behaviour's data depends on its method).
    """

    key: str
    form: str = "text"
    required: bool = False
    default: object = None
    choices: str = ""
    option: str = ""
    parts: tuple[Input, ...] = ()
    bounds: str = ""
    """The ``fields.BOUNDS`` key of a number (default ``table.key``)."""

    @property
    def named(self) -> str:
        """The option that names this value in a message."""
        return self.option or "--" + self.key.replace("_", "-")


class RecordKind(NamedTuple):
    """One kind of record a student has: where it lives and how it is handled.

    ``table`` is the TOML array of tables (or table) it is written as, ``field`` the
    ``Student`` attribute it is decoded into, ``key`` the field the merge driver matches
    records by, ``removable`` whether ``caseterm remove`` takes it, ``summary`` what it
    contributes to the per-student summary index (``store.summary``).
    """

    name: str
    file: str
    table: str
    record: str
    field: str
    key: str | None = "id"
    removable: bool = False
    columns: Columns = Columns((), ())
    summary: str = ""
    kept: bool = False
    """The summary index keeps these records whole (without notes and sources)."""
    inputs: tuple[Input, ...] = ()
    """What a new record is given (``store.actions.inputs``); its ``id`` is made."""

    def record_class(self) -> type[Struct]:
        """The record class (named, so that the merge driver need not import the model)."""
        from caseterm.model import records

        cls: type[Struct] = getattr(records, self.record)
        return cls


class StudentFile(NamedTuple):
    """One file of a student's folder: its JSON Schema, decoder and new-file body."""

    name: str
    schema: str
    decode: FileDecoder
    body: str = ""
    nested_keys: Mapping[KeyPath, str | None] = MappingProxyType({})
    """Merge keys of arrays of tables inside its records (e.g. a goal's phases)."""
    created: bool = True
    """Created with every new student; False: created by the first record added to it."""


def _one(field_name: str, decoder: str) -> FileDecoder:
    """A file decoder from ``model.decode``'s function ``decoder`` (imported when used)."""

    def decoded(data: Mapping[str, Any], file: str) -> Decoded:
        from caseterm.model import decode

        value, problems = getattr(decode, decoder)(data, file)
        return ({} if value is None else {field_name: value}), problems

    return decoded


def _event(field_name: str, decoder: str) -> FileDecoder:
    """A file decoder from ``model.decode_events`` (imported when used)."""

    def decoded(data: Mapping[str, Any], file: str) -> Decoded:
        from caseterm.model import decode_events

        value, problems = getattr(decode_events, decoder)(data, file)
        return {field_name: value}, problems

    return decoded


def _consent(data: Mapping[str, Any], file: str) -> Decoded:
    from caseterm.model import decode_events

    consents, notices, problems = decode_events.decode_consent(data, file)
    return {"consents": consents, "notices": notices}, problems


def _log(data: Mapping[str, Any], file: str) -> Decoded:
    from caseterm.model import decode

    meetings, contacts, problems = decode.decode_log(data, file)
    return {"meetings": meetings, "contacts": contacts}, problems


def _behavior(data: Mapping[str, Any], file: str) -> Decoded:
    from dataclasses import fields as record_fields

    from caseterm.model import decode_behavior

    found, problems = decode_behavior.decode_behavior(data, file)
    fields = {f.name: getattr(found, f.name) for f in record_fields(found) if f.name != "safety"}
    if found.safety is not None:
        fields["safety"] = found.safety
    return fields, problems


def _fields(decoder: str) -> FileDecoder:
    """A file decoder from ``model.decode_assess``'s function ``decoder``, whose result's
    fields are ``Student`` fields of the same names."""

    def decoded(data: Mapping[str, Any], file: str) -> Decoded:
        from dataclasses import fields as record_fields

        from caseterm.model import decode_assess

        found, problems = getattr(decode_assess, decoder)(data, file)
        return {f.name: getattr(found, f.name) for f in record_fields(found)}, problems

    return decoded


PROFILE = StudentFile(
    layout.PROFILE_FILE,
    "student.schema.json",
    _one("profile", "decode_profile"),
    nested_keys={("team",): "name", ("family",): "name"},
)
PLAN = StudentFile(
    layout.PLAN_FILE, "plan.schema.json", _one("plan", "decode_plan"), "[dates]\n\n[plan]\n"
)
GOALS = StudentFile(
    layout.GOALS_FILE,
    "goals.schema.json",
    _one("goals", "decode_goals"),
    nested_keys={("goal", "phase"): "start"},
)
DATA = StudentFile(layout.DATA_FILE, "data.schema.json", _one("points", "decode_points"))
SESSIONS = StudentFile(
    layout.SESSIONS_FILE, "sessions.schema.json", _one("sessions", "decode_sessions")
)
LOG = StudentFile(layout.LOG_FILE, "log.schema.json", _log)

DISCIPLINE = StudentFile(
    layout.DISCIPLINE_FILE,
    "discipline.schema.json",
    _event("removals", "decode_discipline"),
    created=False,
)
ATTENDANCE = StudentFile(
    layout.ATTENDANCE_FILE,
    "attendance.schema.json",
    _event("absences", "decode_attendance"),
    created=False,
)
CONSENT = StudentFile(layout.CONSENT_FILE, "consent.schema.json", _consent, created=False)
BEHAVIOR = StudentFile(
    layout.BEHAVIOR_FILE,
    "behavior.schema.json",
    _behavior,
    nested_keys={
        ("fba", "target"): "name",
        ("bip", "target"): "name",
        ("observation", "behavior"): "name",
    },
    created=False,
)

EVALUATION = StudentFile(
    layout.EVALUATION_FILE,
    "evaluation.schema.json",
    _fields("decode_evaluation"),
    nested_keys={
        ("assessment", "score"): "name",
        ("referral", "history"): "intervention",
        ("evaluation", "area"): "name",
    },
    created=False,
)
MTSS = StudentFile(layout.MTSS_FILE, "mtss.schema.json", _fields("decode_mtss"), created=False)

STUDENT_FILES: tuple[StudentFile, ...] = (
    PROFILE,
    PLAN,
    GOALS,
    DATA,
    SESSIONS,
    LOG,
    DISCIPLINE,
    ATTENDANCE,
    CONSENT,
    BEHAVIOR,
    EVALUATION,
    MTSS,
)
"""A student's files, in the order they are read and created."""

SCORE_INPUTS: tuple[Input, ...] = (
    Input("name", "item", required=True),
    Input("kind", "choice", required=True, choices="assess_vocab.SCORE_KINDS"),
    Input("value", "number", required=True),
    Input("composite", "flag"),
    Input("ci_low", "number"),
    Input("ci_high", "number"),
    Input("ci_level", "whole"),
    Input("range", "item", option="--range"),
)
"""The values of one score of an assessment (``[[assessment.score]]``), new or corrected."""

RECORDS: tuple[RecordKind, ...] = (
    RecordKind(
        "student",
        PROFILE.name,
        "student",
        "Profile",
        "profile",
        key=None,
        columns=Columns(
            read=(
                "id",
                "first_name",
                "last_name",
                "birth_date",
                "grade",
                "school",
                "plan_type",
                "disabilities",
                "case_manager",
            ),
            required=("id", "first_name"),
        ),
        summary="the profile line: name, grade, plan type, disabilities, case manager",
        inputs=(
            Input("id", "slug", required=True, option="student"),
            Input("first_name", required=True),
            Input("last_name"),
            Input("birth_date", "date"),
            Input("grade", "choice", choices="vocab.GRADES"),
            Input("school"),
            Input(
                "plan_type", "choice", default="IEP", choices="vocab.PLAN_TYPES", option="--plan"
            ),
            Input("disabilities", "codes", choices="vocab.DISABILITIES", option="--disability"),
            Input("case_manager"),
            Input(
                "family",
                "rows",
                parts=(Input("name", required=True), Input("relationship"), Input("phone")),
            ),
        ),
    ),
    RecordKind(
        "plan",
        PLAN.name,
        "plan",
        "Plan",
        "plan",
        key=None,
        summary="plan dates, services and BIP: deadlines and required minutes",
    ),
    RecordKind(
        "goal",
        GOALS.name,
        "goal",
        "Goal",
        "goals",
        summary="goals: marks and the goal count",
        inputs=(
            Input("id", "slug", required=True, option="goal"),
            Input("area"),
            Input("statement", required=True),
            Input("measure"),
            Input("unit"),
            Input("baseline", "number"),
            Input("start_date", "date", option="--start"),
            Input("target", "number", required=True),
            Input("target_date", "date", required=True),
            Input("direction", "choice", default="increase", choices="vocab.GOAL_DIRECTIONS"),
            Input("aggregate", "choice", default="mean", choices="vocab.GOAL_AGGREGATES"),
            Input("mastery"),
        ),
    ),
    RecordKind(
        "point",
        DATA.name,
        "point",
        "DataPoint",
        "points",
        removable=True,
        columns=Columns(
            read=("student", "goal", "date", "value", "note", "id"),
            required=("student", "goal", "date", "value"),
            ignored=("name", "unit"),
            export=("id", "student", "name", "goal", "unit", "date", "value", "note"),
        ),
        summary="goal, date and value of each point: goal marks and days since data",
    ),
    RecordKind(
        "session",
        SESSIONS.name,
        "session",
        "Session",
        "sessions",
        removable=True,
        columns=Columns(
            read=(
                "student",
                "service",
                "date",
                "minutes",
                "status",
                "makeup_for",
                "provider",
                "group",
                "note",
                "id",
            ),
            required=("student", "service", "date", "minutes"),
            ignored=(
                "name",
                "service_name",
                "group_size",
                "medicaid_units",
                "medicaid_consent",
            ),
            export=(
                "id",
                "student",
                "name",
                "service",
                "service_name",
                "date",
                "minutes",
                "status",
                "makeup_for",
                "provider",
                "group",
                "note",
                "medicaid_units",
                "medicaid_consent",
                "group_size",
            ),
        ),
        summary="service, date, minutes and status of each session: minutes per service",
        inputs=(
            Input("service", "slug", required=True, option="SERVICE"),
            Input("date", "date", required=True),
            Input("minutes", "minutes", required=True, option="MINUTES"),
            Input("status", "choice", default="delivered", choices="vocab.SESSION_STATUSES"),
            Input("makeup_for", "item"),
            Input("provider"),
            Input("group", "flag"),
            Input("note"),
        ),
    ),
    RecordKind(
        "meeting",
        LOG.name,
        "meeting",
        "Meeting",
        "meetings",
        removable=True,
        summary="meetings held and scheduled: deadlines",
        inputs=(
            Input("date", "date", required=True),
            Input("time", "time"),
            Input("kind", "choice", required=True, choices="vocab.MEETING_KINDS"),
            Input("status", "choice", default="held", choices="vocab.MEETING_STATUSES"),
            Input("title"),
            Input("location"),
            Input("participants", "items", option="--participant"),
            Input("note"),
        ),
    ),
    RecordKind(
        "contact",
        LOG.name,
        "contact",
        "Contact",
        "contacts",
        removable=True,
        summary="family contacts: progress-report deadlines",
        inputs=(
            Input("date", "date", required=True),
            Input("method", "choice", required=True, choices="vocab.CONTACT_METHODS"),
            Input("person", option="--with"),
            Input("purpose", "choice", default="general", choices="vocab.CONTACT_PURPOSES"),
            Input("period"),
            Input("note"),
        ),
    ),
    RecordKind(
        "service",
        PLAN.name,
        "service",
        "Prescription",
        "plan",
        removable=True,
        summary="(part of the plan)",
        inputs=(
            Input("service", "slug", required=True, option="SERVICE"),
            Input("name"),
            Input(
                "minutes",
                "minutes",
                required=True,
                option="MINUTES",
                bounds="service.minutes.month",
            ),
            Input("per", "choice", required=True, choices="vocab.SERVICE_PERIODS"),
            Input(
                "setting", "choice", default="special-education", choices="vocab.SERVICE_SETTINGS"
            ),
            Input("provider"),
            Input("delivery", "choice", default="direct", choices="vocab.SERVICE_DELIVERY"),
            Input("start", "date", required=True),
            Input("end", "date"),
            Input("note"),
            Input("esy", "flag"),
        ),
    ),
    RecordKind(
        "removal",
        DISCIPLINE.name,
        "removal",
        "Removal",
        "removals",
        removable=True,
        columns=Columns(
            read=(
                "student",
                "date",
                "days",
                "kind",
                "reason",
                "pattern",
                "decided",
                "manifestation",
                "note",
                "id",
            ),
            required=("student", "date", "days"),
            ignored=("name", "school_year_days"),
            export=(
                "id",
                "student",
                "name",
                "date",
                "days",
                "kind",
                "reason",
                "pattern",
                "decided",
                "manifestation",
                "school_year_days",
                "note",
            ),
        ),
        summary="removals: days removed this year, change of placement, MDR and FBA/BIP",
        inputs=(
            Input("date", "date", required=True),
            Input("days", "whole", required=True),
            Input("kind", "choice", default="oss", choices="vocab.REMOVAL_KINDS"),
            Input("reason"),
            Input("pattern", "answer"),
            Input("decided", "date"),
            Input("manifestation", "answer"),
            Input("note"),
        ),
        kept=True,
    ),
    RecordKind(
        "absence",
        ATTENDANCE.name,
        "absence",
        "Absence",
        "absences",
        removable=True,
        columns=Columns(
            read=("student", "date", "to", "reason", "note", "id"),
            required=("student", "date"),
            ignored=("name", "school_days"),
            export=("id", "student", "name", "date", "to", "school_days", "reason", "note"),
        ),
        summary="absences: Texas's evaluation clock and 'student absent' minute days",
        inputs=(
            Input("date", "date", required=True),
            Input("to", "date"),
            Input("reason"),
            Input("note"),
        ),
        kept=True,
    ),
    RecordKind(
        "consent",
        CONSENT.name,
        "consent",
        "Consent",
        "consents",
        removable=True,
        columns=Columns(
            read=("student", "date", "purpose", "response", "responded", "note", "id"),
            required=("student", "date", "purpose"),
            ignored=("name",),
            export=("id", "student", "name", "purpose", "date", "response", "responded", "note"),
        ),
        summary="consents: initial-services consent gates the start of services",
        inputs=(
            Input("date", "date", required=True),
            Input("purpose", "choice", required=True, choices="vocab.CONSENT_PURPOSES"),
            Input("response", "choice", default="pending", choices="vocab.CONSENT_RESPONSES"),
            Input("responded", "date"),
            Input("note"),
        ),
        kept=True,
    ),
    RecordKind(
        "notice",
        CONSENT.name,
        "notice",
        "Notice",
        "notices",
        removable=True,
        columns=Columns(
            read=("student", "date", "action", "subject", "description", "note", "id"),
            required=("student", "date", "action", "subject"),
            ignored=("name",),
            export=("id", "student", "name", "date", "action", "subject", "description", "note"),
        ),
        summary="prior written notices (kept for the record; no deadline)",
        inputs=(
            Input("date", "date", required=True),
            Input("action", "choice", required=True, choices="vocab.NOTICE_ACTIONS"),
            Input("subject", "choice", required=True, choices="vocab.NOTICE_SUBJECTS"),
            Input("description"),
            Input("note"),
        ),
    ),
    RecordKind(
        "fba",
        BEHAVIOR.name,
        "fba",
        "Fba",
        "fbas",
        removable=True,
        summary="FBAs: status and completion date",
        inputs=(
            Input("started", "date", required=True),
            Input("status", "choice", default="in-progress", choices="behavior_vocab.FBA_STATUSES"),
            Input("concern"),
            Input("functions", "codes", choices="behavior_vocab.FUNCTIONS", option="--function"),
            Input("indirect", "items"),
            Input("direct", "items"),
            Input("setting_events", "items", option="--setting-event"),
            Input("antecedents", "items", option="--antecedent"),
            Input("summary"),
            Input("consent", "date"),
            Input("completed", "date"),
            Input("note"),
            Input(
                "target", "rows", parts=(Input("name", "slug", required=True), Input("definition"))
            ),
        ),
    ),
    RecordKind(
        "bip",
        BEHAVIOR.name,
        "bip",
        "Bip",
        "bips",
        removable=True,
        summary="BIPs: the review date (deadline) and the phases of the behaviour data",
        inputs=(
            Input("adopted", "date", required=True),
            Input("fba", "item"),
            Input("prevention", "items"),
            Input("teaching", "items"),
            Input("response", "items"),
            Input("reinforcement"),
            Input("crisis"),
            Input("implementers", "items", option="--implementer"),
            Input("review", "date"),
            Input("note"),
            Input(
                "target",
                "rows",
                parts=(
                    Input("name", "slug", required=True),
                    Input("replacement", option="--replacement"),
                    Input(
                        "method", "choice", default="frequency", choices="behavior_vocab.METHODS"
                    ),
                    Input("goal", "slug", option="--goal"),
                ),
            ),
        ),
        kept=True,
    ),
    RecordKind(
        "observation",
        BEHAVIOR.name,
        "observation",
        "Observation",
        "observations",
        removable=True,
        columns=Columns(
            read=(
                "student",
                "session",
                "date",
                "start",
                "end",
                "observer",
                "setting",
                "activity",
                "behavior",
                "method",
                "interval",
                "index",
                "value",
                "stop",
            ),
            required=("student", "session", "date", "start", "end", "behavior", "method"),
            ignored=("name",),
            export=(
                "id",
                "student",
                "name",
                "date",
                "start",
                "end",
                "minutes",
                "observer",
                "setting",
                "activity",
                "behavior",
                "method",
                "count",
                "rate_per_hour",
                "duration_seconds",
                "percent_intervals",
                "mean_latency_seconds",
            ),
        ),
        summary="observation sessions: the behaviour data and days since the last session",
        inputs=(
            Input("date", "date", required=True),
            Input("start", "time", required=True),
            Input("end", "time", required=True),
            Input("observer"),
            Input("setting"),
            Input("activity"),
            Input("note"),
            Input("behavior", "tables", option="behavior"),
        ),
    ),
    RecordKind(
        "abc",
        BEHAVIOR.name,
        "abc",
        "AbcEvent",
        "abc_events",
        removable=True,
        columns=Columns(
            read=(
                "student",
                "date",
                "time",
                "behavior",
                "antecedent",
                "consequence",
                "setting",
                "activity",
                "intensity",
                "observer",
                "note",
                "id",
            ),
            required=("student", "date", "behavior"),
            ignored=("name",),
            export=(
                "id",
                "student",
                "name",
                "date",
                "time",
                "behavior",
                "antecedent",
                "consequence",
                "setting",
                "activity",
                "intensity",
                "observer",
                "note",
            ),
        ),
        summary="ABC events (kept for the record)",
        inputs=(
            Input("date", "date", required=True),
            Input("time", "time"),
            Input("behavior", required=True),
            Input("antecedent"),
            Input("consequence"),
            Input("setting"),
            Input("activity"),
            Input("intensity", "whole"),
            Input("observer"),
            Input("observation", "item", option="--session"),
            Input("note"),
        ),
    ),
    RecordKind(
        "fidelity",
        BEHAVIOR.name,
        "fidelity",
        "FidelityCheck",
        "fidelity_checks",
        removable=True,
        columns=Columns(
            read=(),
            required=(),
            export=(
                "id",
                "student",
                "name",
                "date",
                "observer",
                "bip",
                "observation",
                "percent_implemented",
                "implemented",
                "missed",
                "note",
            ),
        ),
        summary="fidelity checks: percent of the BIP implemented",
        inputs=(
            Input("date", "date", required=True),
            Input("observer"),
            Input("bip", "item"),
            Input("observation", "item", option="--session"),
            Input("implemented", "items"),
            Input("missed", "items"),
            Input("note"),
        ),
    ),
    RecordKind(
        "safety",
        BEHAVIOR.name,
        "safety",
        "SafetyPlan",
        "safety",
        key=None,
        summary="the safety plan: a marked line on the caseload row and its text",
        kept=True,
    ),
    RecordKind(
        "assessment",
        EVALUATION.name,
        "assessment",
        "Assessment",
        "assessments",
        removable=True,
        columns=Columns(
            read=(),
            required=(),
            export=(
                "id",
                "student",
                "name",
                "date",
                "instrument",
                "type",
                "examiner",
                "area",
                "score",
                "composite",
                "kind",
                "value",
                "ci_low",
                "ci_high",
                "ci_level",
                "range",
                "z",
                "percentile",
                "computed_range",
            ),
        ),
        summary="assessments (kept for the record and the evaluation summary)",
        inputs=(
            Input("date", "date", required=True),
            Input("instrument", "item", required=True),
            Input(
                "type", "choice", default="norm-referenced", choices="assess_vocab.ASSESSMENT_TYPES"
            ),
            Input("examiner", "item"),
            Input("area", "item"),
            Input("evaluation", "item"),
            Input("note"),
            Input("score", "rows", parts=SCORE_INPUTS),
        ),
    ),
    RecordKind(
        "referral",
        EVALUATION.name,
        "referral",
        "Referral",
        "referrals",
        removable=True,
        summary="referrals: start the evaluation clocks",
        inputs=(
            Input("date", "date", required=True),
            Input(
                "referred_by",
                "choice",
                default="teacher",
                choices="assess_vocab.REFERRAL_SOURCES",
                option="--by",
            ),
            Input("concern"),
            Input("areas", "items", option="--area"),
            Input("tier", "whole"),
            Input("note"),
            Input(
                "history",
                "rows",
                parts=(
                    Input("intervention", "item", required=True),
                    Input("program", "item", required=True),
                    Input("tier", "whole", required=True),
                    Input("start", "date", required=True),
                    Input("end", "date"),
                    Input("frequency", "whole"),
                    Input("minutes", "whole"),
                    Input("goal", "item"),
                    Input("points", "whole"),
                    Input("below", "whole"),
                    Input("baseline", "number"),
                    Input("last", "number"),
                    Input("slope", "number"),
                    Input("target_slope", "number"),
                ),
            ),
        ),
        kept=True,
    ),
    RecordKind(
        "evaluation",
        EVALUATION.name,
        "evaluation",
        "Evaluation",
        "evaluations",
        removable=True,
        summary="evaluations: report and eligibility dates close and start clocks",
        inputs=(
            Input("date", "date", required=True),
            Input("kind", "choice", default="initial", choices="assess_vocab.EVALUATION_KINDS"),
            Input("referral", "item"),
            Input("existing_data_only", "flag"),
            Input("note"),
            Input(
                "area",
                "rows",
                parts=(Input("name", "item", required=True), Input("assessor", "item")),
            ),
        ),
        kept=True,
    ),
    RecordKind(
        "tier",
        MTSS.name,
        "tier",
        "TierChange",
        "tiers",
        removable=True,
        summary="tier changes: the tier shown on the caseload row",
        inputs=(
            Input("date", "date", required=True),
            Input("tier", "whole", required=True, option="TIER"),
            Input("note"),
        ),
        kept=True,
    ),
    RecordKind(
        "intervention",
        MTSS.name,
        "intervention",
        "Intervention",
        "interventions",
        removable=True,
        summary="MTSS intervention plans",
        inputs=(
            Input("program", "item", required=True),
            Input("tier", "whole", required=True),
            Input("start", "date", required=True),
            Input("end", "date"),
            Input("group", "item"),
            Input("frequency", "whole"),
            Input("minutes", "whole"),
            Input("interventionist", "item"),
            Input("area", "item"),
            Input("goal", "item"),
            Input("note"),
        ),
    ),
    RecordKind(
        "screening",
        MTSS.name,
        "screening",
        "Screening",
        "screenings",
        removable=True,
        columns=Columns(
            read=(
                "student",
                "date",
                "season",
                "measure",
                "score",
                "percentile",
                "grade",
                "note",
                "id",
            ),
            required=("student", "date", "season", "measure", "score"),
            ignored=("name",),
        ),
        summary="screening (benchmark) scores",
        inputs=(
            Input("date", "date", required=True),
            Input("season", "choice", required=True, choices="assess_vocab.SEASONS"),
            Input("measure", "item", required=True),
            Input("score", "number", required=True),
            Input("percentile", "number"),
            Input("grade", "choice", choices="vocab.GRADES"),
            Input("note"),
        ),
    ),
)

RECORD: dict[str, RecordKind] = {kind.name: kind for kind in RECORDS}
FILE: dict[str, StudentFile] = {f.name: f for f in STUDENT_FILES}
STUDENT_FILE_NAMES: tuple[str, ...] = tuple(f.name for f in STUDENT_FILES)
KEPT: tuple[RecordKind, ...] = tuple(kind for kind in RECORDS if kind.kept)
"""Kinds the summary index keeps whole (``store.summary``)."""
REMOVABLE: dict[str, str] = {kind.name: kind.file for kind in RECORDS if kind.removable}
"""Record kinds ``caseterm remove`` takes, and the file each lives in."""


class CaseloadFile(NamedTuple):
    """A file at the caseload's root (not a student's): its JSON Schema and merge keys."""

    name: str
    schema: str
    keys: Mapping[KeyPath, str | None] = MappingProxyType({})
    inputs: Mapping[str, tuple[Input, ...]] = MappingProxyType({})
    """What a new record of each of its tables is given (``store.actions.inputs``)."""


SCHEDULE = CaseloadFile(
    layout.SCHEDULE_FILE,
    "schedule.schema.json",
    {("provider",): "name", ("slot",): "id", ("exception",): "id"},
    MappingProxyType(
        {
            "slot": (
                Input("service", "slug", required=True, option="SERVICE"),
                Input("students", "items", required=True, option="STUDENT"),
                Input("days", "items", required=True),
                Input("weeks", "wholes", bounds="slot.[]"),
                Input("start", "time", required=True),
                Input("end", "time", required=True),
                Input("provider"),
                Input("location"),
                Input("setting", "choice", default="pull-out", choices="vocab.SLOT_SETTINGS"),
                Input("from", "date"),
                Input("to", "date"),
                Input("note"),
            )
        }
    ),
)
"""The week's service schedule: providers, recurring slots, exceptions (``model.schedule``)."""
CASELOAD_FILES: tuple[CaseloadFile, ...] = (SCHEDULE,)
CASELOAD_INPUTS: dict[str, tuple[Input, ...]] = {
    table: declared for f in CASELOAD_FILES for table, declared in f.inputs.items()
}
"""What a new record of a caseload file's table (e.g. ``slot``) is given, by table."""

SCHEMA_FOR: dict[str, str] = {
    layout.SETTINGS_FILE: "caseterm.schema.json",
    layout.CALENDAR_DIR: "calendar.schema.json",
    **{f.name: f.schema for f in CASELOAD_FILES},
    **{f.name: f.schema for f in STUDENT_FILES},
}
"""The JSON Schema of each kind of file (calendars by their folder's name)."""
CASELOAD_KEYS: dict[KeyPath, str | None] = {
    ("reporting_period",): "name",
    ("closed",): "start",
    ("benchmark",): None,
    **{key: name for f in CASELOAD_FILES for key, name in f.keys.items()},
}
"""Merge keys of the arrays of tables in ``caseterm.toml``, the calendars and the
caseload's own files (the schedule)."""


def merge_keys() -> dict[KeyPath, str | None]:
    """The merge key of every array of tables the catalogue declares."""
    keys: dict[KeyPath, str | None] = dict(CASELOAD_KEYS)
    for kind in RECORDS:
        if kind.key is not None:
            keys[(kind.table,)] = kind.key
    for student_file in STUDENT_FILES:
        keys.update(student_file.nested_keys)
    return keys
