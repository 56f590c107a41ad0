"""The entry forms of the Records tab: removals and their decisions, absences, consents
and their answers, prior written notices, the ESY decision, the exit and (Part C) the
LEA notification.

Each form's fields parse with the checks the CLI uses, named by the CLI's option, so a bad
value reads as the CLI would print it (``--days: '-2' is not a whole number from 1 to 180
school days``); each save calls the store function the CLI calls (one change, one commit).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from textual.markup import escape

from caseterm.display import safe_text
from caseterm.model import vocab
from caseterm.model.fields import BOUNDS, check_field_text, parse_date, parse_whole
from caseterm.model.records import Student
from caseterm.store.actions import changes, event_changes
from caseterm.store.infra.errors import InputError
from caseterm.store.infra.save import Saved
from caseterm.tui.widgets.form import Field

Values = dict[str, Any]
Fields = Callable[[Student, date], list[Field]]
Save = Callable[[Path, Student, Values], Saved]
"""A form's save: the caseload, the student as shown when the form opened, the values."""

UNDECIDED = ("", "not decided")
KEEP = ("", "leave as it is")
ANSWERS: dict[str, bool | None] = {"": None, "yes": True, "no": False}


def _date(name: str, flag: str, label: str, default: date | None, required: bool) -> Field:
    """A date field checked as the CLI checks ``flag``."""
    return Field(
        name,
        label,
        partial(parse_date, flag),
        default.isoformat() if default else "",
        required=required,
        placeholder="YYYY-MM-DD" if required else "YYYY-MM-DD (optional)",
    )


def _text(name: str, flag: str, label: str, default: str = "", placeholder: str = "") -> Field:
    """Free text checked as the CLI checks ``flag`` (length, no control characters)."""
    key = flag.removeprefix("--").replace("-", "_").split(".")[-1]
    parse = partial(check_field_text, flag, key)
    return Field(name, label, parse, default, placeholder=placeholder, empty="")


def _codes(codes: Sequence[str] | Mapping[Any, str]) -> list[tuple[str, str]]:
    if isinstance(codes, Mapping):
        return [(code, f"{code}: {label}") for code, label in codes.items()]
    return [(code, code) for code in codes]


def _answer(name: str, label: str, blank: tuple[str, str] = UNDECIDED) -> Field:
    """yes / no / not decided (the CLI's ``yes|no``, or the option left out)."""
    return Field(name, label, choices=[blank, ("yes", "yes"), ("no", "no")], required=True)


def _added(add: Callable[[Path, str, Values], Saved]) -> Save:
    """A form's save that hands its values, named by their keys in the file, to the
    store's ``add`` (which checks them as the CLI's do)."""

    def save(root: Path, student: Student, values: Values) -> Saved:
        return add(root, student.id, values)

    return save


@dataclass(frozen=True)
class RecordForm:
    """One form of the Records tab: its title, its fields for a student, and its save."""

    title: str
    fields: Fields
    save: Save
    needs: str = ""
    """Which records the student must have first, e.g. "removal", or the plan type the
    form is for, e.g. "IFSP"; "" for none."""


# --- removals ------------------------------------------------------------------------


def removal_fields(student: Student, today: date) -> list[Field]:
    days = BOUNDS["removal.days"]
    return [
        _date("date", "--date", "First day", today, True),
        Field(
            "days",
            "School days",
            partial(parse_whole, "--days", bounds=days),
            required=True,
            placeholder=f"school days removed, {days.form}",
        ),
        Field("kind", "Kind", choices=_codes(vocab.REMOVAL_KINDS), required=True),
        _text("reason", "--reason", "Reason", placeholder="the conduct, in plain words"),
        _answer("pattern", "Pattern"),
        _date("decided", "--decided", "Decided", None, False),
        _answer("manifestation", "MDR finding", ("", "not held yet")),
        _text("note", "--note", "Note"),
    ]


def _label(text: str) -> str:
    """A choice's label from file text: escaped, cut to fit, and as markup (a ``Select``
    reads its labels as markup) that shows it literally."""
    return escape(safe_text(text)[:60])


def _removal_choices(student: Student) -> list[tuple[str, str]]:
    removals = sorted(student.removals, key=lambda r: (r.date, r.id), reverse=True)
    return [(r.id, _label(f"{r.date.isoformat()} {r.kind} {r.days}d {r.reason}")) for r in removals]


def decide_fields(student: Student, today: date) -> list[Field]:
    """Only what is given changes, as with ``removal decide``."""
    return [
        Field("removal", "Removal", choices=_removal_choices(student), required=True),
        _answer("pattern", "Pattern", KEEP),
        _date("decided", "--decided", "Decided", None, False),
        _answer("manifestation", "MDR finding", KEEP),
    ]


def save_decision(root: Path, student: Student, values: Values) -> Saved:
    return event_changes.decide_removal(
        root,
        student.id,
        values["removal"],
        pattern=ANSWERS[values["pattern"]],
        decided=values["decided"],
        manifestation=ANSWERS[values["manifestation"]],
    )


# --- absences ------------------------------------------------------------------------


def absence_fields(student: Student, today: date) -> list[Field]:
    return [
        _date("date", "--date", "First day", today, True),
        _date("to", "--to", "Last day", None, False),
        _text("reason", "--reason", "Reason", placeholder='e.g. "illness"'),
        _text("note", "--note", "Note"),
    ]


# --- consents and notices ------------------------------------------------------------


def consent_fields(student: Student, today: date) -> list[Field]:
    return [
        Field(
            "purpose", "Purpose", choices=_codes(vocab.CONSENT_PURPOSES), required=True, pick=True
        ),
        _date("date", "--date", "Asked", today, True),
        Field("response", "Response", choices=_codes(vocab.CONSENT_RESPONSES), required=True),
        _date("responded", "--responded", "Answered", None, False),
        _text("note", "--note", "Note"),
    ]


def answer_fields(student: Student, today: date) -> list[Field]:
    consents = sorted(
        student.consents, key=lambda c: (c.response != "pending", c.date, c.id), reverse=False
    )
    choices = [
        (c.id, _label(f"{c.purpose} asked {c.date.isoformat()} ({c.response})")) for c in consents
    ]
    return [
        Field("consent", "Consent", choices=choices, required=True),
        Field("response", "Response", choices=_codes(vocab.CONSENT_RESPONSES[1:]), required=True),
        _date("date", "--date", "Answered", today, True),
    ]


def save_answer(root: Path, student: Student, values: Values) -> Saved:
    return event_changes.answer_consent(
        root, student.id, values["consent"], values["response"], values["date"]
    )


def notice_fields(student: Student, today: date) -> list[Field]:
    return [
        _date("date", "--date", "Given", today, True),
        Field("action", "Action", choices=_codes(vocab.NOTICE_ACTIONS), required=True, pick=True),
        Field(
            "subject", "Subject", choices=_codes(vocab.NOTICE_SUBJECTS), required=True, pick=True
        ),
        _text("description", "--description", "Description", placeholder="the action"),
        _text("note", "--note", "Note"),
    ]


# --- ESY and exit (plan.toml, through ``plan set``) ------------------------------------


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value.isoformat() if isinstance(value, date) else str(value)


def _set_plan(
    root: Path, student_id: str, table: str, current: dict[str, object], values: Values
) -> Saved:
    """``plan set`` with the fields of ``[table]`` whose value changed (an emptied field is
    removed), each assignment parsed as the CLI parses ``FIELD=VALUE``; ``table`` "" for
    the plan's ``[dates]``, whose fields ``plan set`` names without a prefix."""
    prefix = f"{table}." if table else ""
    texts = [
        f"{prefix}{name}={_shown(values[name])}"
        for name in current
        if _shown(values[name]) != _shown(current[name])
    ]
    if not texts:
        raise InputError("plan set: nothing changed")
    assignments = [changes.parse_assignment(changes.PLAN_FIELDS, text) for text in texts]
    return changes.set_plan(root, student_id, assignments)


def _esy_now(student: Student) -> dict[str, object]:
    esy = student.plan.esy
    return {
        "decided": esy.decided if esy else None,
        "eligible": esy.eligible if esy else None,
        "note": esy.note if esy else "",
    }


def esy_fields(student: Student, today: date) -> list[Field]:
    now = _esy_now(student)
    eligible = now["eligible"]
    decided = now["decided"]
    return [
        _date(
            "decided",
            "esy.decided",
            "Decided",
            decided if isinstance(decided, date) else today,
            True,
        ),
        Field(
            "eligible",
            "Eligible",
            default=_shown(eligible),
            choices=[("true", "yes: needs ESY services"), ("false", "no")],
            required=True,
            pick=eligible is None,
        ),
        _text("note", "esy.note", "Note", str(now["note"])),
    ]


def save_esy(root: Path, student: Student, values: Values) -> Saved:
    return _set_plan(root, student.id, "esy", _esy_now(student), values)


def _exit_now(student: Student) -> dict[str, object]:
    out = student.plan.exit
    return {
        "reason": out.reason if out else "",
        "date": out.date if out else None,
        "summary_of_performance": out.summary_of_performance if out else None,
        "note": out.note if out else "",
    }


def exit_fields(student: Student, today: date) -> list[Field]:
    now = _exit_now(student)
    reason, when, summary = now["reason"], now["date"], now["summary_of_performance"]
    return [
        Field(
            "reason",
            "Reason",
            default=str(reason),
            choices=_codes(vocab.EXIT_REASONS),
            required=True,
            pick=not reason,
        ),
        _date("date", "exit.date", "Date", when if isinstance(when, date) else today, True),
        _date(
            "summary_of_performance",
            "exit.summary_of_performance",
            "Summary perf.",
            summary if isinstance(summary, date) else None,
            False,
        ),
        _text("note", "exit.note", "Note", str(now["note"])),
    ]


def save_exit(root: Path, student: Student, values: Values) -> Saved:
    return _set_plan(root, student.id, "exit", _exit_now(student), values)


# --- Part C: the LEA notification (plan.toml [dates], through ``plan set``) -------------


def _lea_now(student: Student) -> dict[str, object]:
    return {"lea_notification": student.plan.dates.lea_notification}


def lea_fields(student: Student, today: date) -> list[Field]:
    notified = student.plan.dates.lea_notification
    return [_date("lea_notification", "lea_notification", "Notified", notified or today, True)]


def save_lea(root: Path, student: Student, values: Values) -> Saved:
    return _set_plan(root, student.id, "", _lea_now(student), values)


FORMS: dict[str, RecordForm] = {
    "removal": RecordForm(
        "Add a removal (suspension)", removal_fields, _added(event_changes.add_removal)
    ),
    "decide": RecordForm(
        "Decide on a removal (pattern, MDR)", decide_fields, save_decision, "removal"
    ),
    "absence": RecordForm("Add an absence", absence_fields, _added(event_changes.add_absence)),
    "consent": RecordForm(
        "Add a consent asked for", consent_fields, _added(event_changes.add_consent)
    ),
    "answer": RecordForm("Answer a consent", answer_fields, save_answer, "consent"),
    "notice": RecordForm(
        "Add a prior written notice", notice_fields, _added(event_changes.add_notice)
    ),
    "esy": RecordForm("Extended school year decision", esy_fields, save_esy),
    "exit": RecordForm("Exit from special education", exit_fields, save_exit),
    "lea": RecordForm(
        "LEA and SEA notified (Part C, 90 days before the third birthday)",
        lea_fields,
        save_lea,
        "IFSP",
    ),
}
"""The Records tab's forms by name."""
