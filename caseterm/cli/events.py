"""Commands for the records of compliance round two: removals (discipline), absences,
consents and prior written notices."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from caseterm.cli import common
from caseterm.cli.reading import load_one
from caseterm.model import compliance, discipline, vocab
from caseterm.model.calendar import caseload_school_days
from caseterm.model.records import Absence, Student
from caseterm.store.actions import event_changes
from caseterm.store.infra.errors import InputError
from caseterm.store.infra.load import Loaded

ANSWERS = {"yes": True, "no": False}


def registrars() -> dict[str, Callable[[argparse._SubParsersAction[Any]], None]]:
    """Each command of this module and the function adding its parser."""
    return {
        "removal": _register_removal,
        "absence": _register_absence,
        "consent": _register_consent,
        "notice": _register_notice,
    }


def _writer(parser: argparse.ArgumentParser) -> None:
    common.add_today(parser)
    common.add_no_commit(parser)


def _lister(actions: argparse._SubParsersAction[Any], what: str) -> argparse.ArgumentParser:
    listing: argparse.ArgumentParser = actions.add_parser("list", help=f"list a student's {what}")
    listing.add_argument("student", metavar="STUDENT")
    common.add_json(listing)
    common.add_today(listing)
    return listing


def _register_removal(sub: argparse._SubParsersAction[Any]) -> None:
    removal = sub.add_parser("removal", help="disciplinary removals (suspensions)")
    actions = removal.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="record a removal (suspension)")
    add.add_argument("student", metavar="STUDENT")
    add.add_argument("--date", metavar="YYYY-MM-DD", help="first day removed (default: today)")
    add.add_argument("--days", required=True, help="school days removed, e.g. 3")
    add.add_argument("--kind", default="oss", help=f"one of {', '.join(vocab.REMOVAL_KINDS)}")
    add.add_argument("--reason", default="", help="the conduct, in plain words")
    add.add_argument(
        "--pattern", metavar="yes|no", help="the school's decision: the removals are a pattern"
    )
    add.add_argument("--decided", metavar="YYYY-MM-DD", help="date of the placement decision")
    add.add_argument(
        "--manifestation", metavar="yes|no", help="finding of the manifestation review"
    )
    add.add_argument("--note", default="")
    _writer(add)
    add.set_defaults(handler=run_removal_add)
    decide = actions.add_parser("decide", help="record the pattern decision or the MDR finding")
    decide.add_argument("student", metavar="STUDENT")
    decide.add_argument("removal_id", metavar="ID", help="the removal's id (removal list)")
    decide.add_argument("--pattern", metavar="yes|no", help="the removals are a pattern")
    decide.add_argument("--decided", metavar="YYYY-MM-DD", help="date of the placement decision")
    decide.add_argument("--manifestation", metavar="yes|no", help="the review's finding")
    _writer(decide)
    decide.set_defaults(handler=run_removal_decide)
    _lister(actions, "removals and school days removed this year").set_defaults(
        handler=run_removal_list
    )


def _register_absence(sub: argparse._SubParsersAction[Any]) -> None:
    absence = sub.add_parser("absence", help="days a student was absent")
    actions = absence.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="record a day, or days, absent")
    add.add_argument("student", metavar="STUDENT")
    add.add_argument("--date", metavar="YYYY-MM-DD", help="the (first) day absent (default: today)")
    add.add_argument("--to", metavar="YYYY-MM-DD", help="the last day absent, for several days")
    add.add_argument("--reason", default="", help='e.g. "illness"')
    add.add_argument("--note", default="")
    _writer(add)
    add.set_defaults(handler=run_absence_add)
    _lister(actions, "absences").set_defaults(handler=run_absence_list)


def _register_consent(sub: argparse._SubParsersAction[Any]) -> None:
    consent = sub.add_parser("consent", help="parental consents asked for and their answers")
    actions = consent.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="record a consent asked for (and the answer, if in)")
    add.add_argument("student", metavar="STUDENT")
    add.add_argument("--purpose", required=True, help=f"one of {', '.join(vocab.CONSENT_PURPOSES)}")
    add.add_argument("--date", metavar="YYYY-MM-DD", help="when it was asked (default: today)")
    add.add_argument(
        "--response", default="pending", help=f"one of {', '.join(vocab.CONSENT_RESPONSES)}"
    )
    add.add_argument("--responded", metavar="YYYY-MM-DD", help="when the parent answered")
    add.add_argument("--note", default="")
    _writer(add)
    add.set_defaults(handler=run_consent_add)
    answer = actions.add_parser("answer", help="record the answer to a consent asked for")
    answer.add_argument("student", metavar="STUDENT")
    answer.add_argument("consent_id", metavar="ID", help="the consent's id (consent list)")
    answer.add_argument("--response", required=True, help="given, refused or revoked")
    answer.add_argument("--date", metavar="YYYY-MM-DD", help="when (default: today)")
    _writer(answer)
    answer.set_defaults(handler=run_consent_answer)
    _lister(actions, "consents").set_defaults(handler=run_consent_list)


def _register_notice(sub: argparse._SubParsersAction[Any]) -> None:
    notice = sub.add_parser("notice", help="prior written notices (34 CFR 300.503)")
    actions = notice.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="record a prior written notice given to the family")
    add.add_argument("student", metavar="STUDENT")
    add.add_argument("--date", metavar="YYYY-MM-DD", help="when it was given (default: today)")
    add.add_argument(
        "--action", dest="proposal", required=True, help="propose or refuse (the school's action)"
    )
    add.add_argument("--subject", required=True, help=f"one of {', '.join(vocab.NOTICE_SUBJECTS)}")
    add.add_argument("--description", default="", help="the action, in plain words")
    add.add_argument("--note", default="")
    _writer(add)
    add.set_defaults(handler=run_notice_add)
    _lister(actions, "prior written notices").set_defaults(handler=run_notice_list)


def _answer(field: str, text: str | None) -> bool | None:
    if text is None:
        return None
    try:
        return ANSWERS[text.strip().lower()]
    except KeyError:
        raise InputError(f"{field}: {text!r} is not an answer; use yes or no") from None


def run_removal_add(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    values = {
        "date": common.date_arg("--date", args.date, today),
        "days": args.days,
        "kind": args.kind,
        "reason": args.reason,
        "pattern": _answer("--pattern", args.pattern),
        "decided": common.optional_date("--decided", args.decided, today),
        "manifestation": _answer("--manifestation", args.manifestation),
        "note": args.note,
    }
    saved = event_changes.add_removal(root, args.student, values, commit=not args.no_commit)
    return common.report_saved(saved)


def run_removal_decide(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    saved = event_changes.decide_removal(
        root,
        args.student,
        args.removal_id,
        pattern=_answer("--pattern", args.pattern),
        decided=common.optional_date("--decided", args.decided, common.today_of(args)),
        manifestation=_answer("--manifestation", args.manifestation),
        commit=not args.no_commit,
    )
    return common.report_saved(saved)


def run_absence_add(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    values = {
        "date": common.date_arg("--date", args.date, today),
        "to": common.optional_date("--to", args.to, today),
        "reason": args.reason,
        "note": args.note,
    }
    saved = event_changes.add_absence(root, args.student, values, commit=not args.no_commit)
    return common.report_saved(saved)


def _one(args: argparse.Namespace) -> tuple[Loaded, Student]:
    loaded = load_one(args, common.today_of(args), "STUDENT", args.student)
    return loaded, loaded.caseload.students[0]


def removal_rows(loaded: Loaded, student: Student) -> dict[str, Any]:
    """What ``removal list --json`` prints: the school year's count and each removal."""
    settings, rules = loaded.caseload.settings, loaded.rules
    start, end = settings.school_year_start, settings.school_year_end
    limit = rules.removal_limit_school_days
    counted = discipline.counted_removals(student, start, end, limit)
    total = counted[-1].total if counted else 0
    return {
        "student": student.id,
        "school_year": {"start": start.isoformat(), "end": end.isoformat()},
        "removed_days": total,
        "limit": limit,
        "days_before_limit": max(limit - total, 0),
        "removals": [
            {
                "id": c.removal.id,
                "date": c.removal.date.isoformat(),
                "days": c.removal.days,
                "kind": c.removal.kind,
                "reason": c.removal.reason,
                "pattern": c.removal.pattern,
                "decided": c.removal.decided.isoformat() if c.removal.decided else None,
                "manifestation": c.removal.manifestation,
                "school_year_days": c.total,
                "placement": c.placement,
                "change_of_placement": c.change_of_placement,
                "services_required": c.total > limit,
                "note": c.removal.note,
            }
            for c in counted
        ],
    }


def run_removal_list(args: argparse.Namespace) -> int:
    loaded, student = _one(args)
    data = removal_rows(loaded, student)
    if args.json:
        common.print_json(data)
        return 0
    out = common.table(
        f"Removals of {student.id}",
        ["date", "days", "kind", "year total", "placement", "reason", "id"],
    )
    for row in data["removals"]:
        out.add_row(
            common.cell(row["date"]),
            common.cell(row["days"]),
            common.cell(row["kind"]),
            common.cell(row["school_year_days"]),
            common.cell(_placement(row)),
            common.cell(row["reason"]),
            common.cell(row["id"]),
        )
    out.columns[-1].no_wrap = True
    out.columns[-1].min_width = 16
    common.console().print(out)
    year = data["school_year"]
    print(
        f"{data['removed_days']} school days removed in the school year {year['start']} to "
        f"{year['end']}; more than {data['limit']} may change the placement "
        f"(34 CFR 300.536): {data['days_before_limit']} left before that"
    )
    if any(row["services_required"] for row in data["removals"]):
        print(
            "From the 11th school day removed, services continue during each removal "
            "(34 CFR 300.530(b)(2), (d))"
        )
    return 0


def _placement(row: dict[str, Any]) -> str:
    return discipline.PLACEMENT_LABELS.get(row["placement"], "")


def absence_rows(loaded: Loaded, student: Student) -> list[dict[str, Any]]:
    """What ``absence list --json`` prints: each absence with its school days."""
    days = caseload_school_days(loaded.caseload)

    def school_days(absence: Absence) -> int:
        return days.school_days_between(absence.date, absence.to or absence.date)

    return [
        {
            "id": a.id,
            "date": a.date.isoformat(),
            "to": a.to.isoformat() if a.to else None,
            "school_days": school_days(a),
            "reason": a.reason,
            "note": a.note,
        }
        for a in student.absences
    ]


def run_absence_list(args: argparse.Namespace) -> int:
    loaded, student = _one(args)
    columns = {"from": "date", "to": "to", "school days": "school_days", "reason": "reason"}
    common.print_rows(
        absence_rows(loaded, student), args.json, f"Absences of {student.id}", columns
    )
    if args.json:
        return 0
    days = caseload_school_days(loaded.caseload)
    total = sum(1 for d in compliance.student_absences(student) if days.is_school_day(d))
    print(f"{total} school {'day' if total == 1 else 'days'} absent in all")
    return 0


def run_consent_add(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    values = {
        "date": common.date_arg("--date", args.date, today),
        "purpose": args.purpose,
        "response": args.response,
        "responded": common.optional_date("--responded", args.responded, today),
        "note": args.note,
    }
    saved = event_changes.add_consent(root, args.student, values, commit=not args.no_commit)
    return common.report_saved(saved)


def run_consent_answer(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    saved = event_changes.answer_consent(
        root,
        args.student,
        args.consent_id,
        args.response,
        common.date_arg("--date", args.date, common.today_of(args)),
        commit=not args.no_commit,
    )
    return common.report_saved(saved)


def run_notice_add(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    values = {
        "date": common.date_arg("--date", args.date, common.today_of(args)),
        "action": args.proposal,
        "subject": args.subject,
        "description": args.description,
        "note": args.note,
    }
    saved = event_changes.add_notice(root, args.student, values, commit=not args.no_commit)
    return common.report_saved(saved)


def consent_rows(student: Student) -> list[dict[str, Any]]:
    """What ``consent list --json`` prints."""
    return [
        {
            "id": c.id,
            "purpose": c.purpose,
            "date": c.date.isoformat(),
            "response": c.response,
            "responded": c.responded.isoformat() if c.responded else None,
            "note": c.note,
        }
        for c in student.consents
    ]


def run_consent_list(args: argparse.Namespace) -> int:
    _loaded, student = _one(args)
    columns = {
        "purpose": "purpose",
        "asked": "date",
        "response": "response",
        "answered": "responded",
        "id": "id",
    }
    common.print_rows(consent_rows(student), args.json, f"Consents of {student.id}", columns)
    return 0


def notice_rows(student: Student) -> list[dict[str, Any]]:
    """What ``notice list --json`` prints."""
    return [
        {
            "id": n.id,
            "date": n.date.isoformat(),
            "action": n.action,
            "subject": n.subject,
            "description": n.description,
            "note": n.note,
        }
        for n in student.notices
    ]


def run_notice_list(args: argparse.Namespace) -> int:
    _loaded, student = _one(args)
    title = f"Prior written notices of {student.id}"
    columns = {key: key for key in ("date", "action", "subject", "description")}
    common.print_rows(notice_rows(student), args.json, title, columns)
    return 0
