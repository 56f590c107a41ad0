"""Record commands: goals, data points, services, sessions, meetings, contacts, history."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from caseterm.cli import common
from caseterm.model import vocab
from caseterm.model.fields import COUNT, parse_minutes, parse_number, parse_time, parse_whole
from caseterm.store import kinds
from caseterm.store.actions import changes
from caseterm.store.infra import git, layout
from caseterm.store.infra.errors import InputError


def registrars() -> dict[str, Callable[[argparse._SubParsersAction[Any]], None]]:
    """Each command of this module and the function adding its parser."""
    return {
        "goal": _register_goal,
        "data": _register_data,
        "service": _register_service,
        "meeting": _register_log,
        "contact": _register_log,
        "remove": _register_log,
        "edit": _register_edit,
        "history": _register_history,
    }


def _writer(parser: argparse.ArgumentParser) -> None:
    common.add_today(parser)
    common.add_no_commit(parser)


def _register_goal(sub: argparse._SubParsersAction[Any]) -> None:
    goal = sub.add_parser("goal", help="add goals and intervention phases")
    actions = goal.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a measurable annual goal")
    add.add_argument("student", metavar="STUDENT")
    add.add_argument("goal", metavar="GOAL", help="goal id, e.g. reading-fluency")
    add.add_argument("--statement", required=True, help="the goal as written in the plan")
    add.add_argument("--target", required=True, help="target value, e.g. 90")
    add.add_argument("--target-date", required=True, metavar="YYYY-MM-DD")
    add.add_argument("--area", default="", help="e.g. reading, math, behavior, speech")
    add.add_argument("--measure", default="", help="e.g. 'CBM oral reading fluency'")
    add.add_argument("--unit", default="", help="e.g. wcpm, %%, incidents")
    add.add_argument("--baseline", help="explicit baseline (default: median of first 3 points)")
    add.add_argument("--start", metavar="YYYY-MM-DD", help="aimline start (default: first point)")
    add.add_argument("--direction", default="increase", choices=vocab.GOAL_DIRECTIONS)
    add.add_argument(
        "--aggregate",
        default="mean",
        choices=vocab.GOAL_AGGREGATES,
        help="same-day points: mean (percentages) or sum (counts)",
    )
    add.add_argument("--mastery", default="", help="e.g. '80%% across 3 consecutive sessions'")
    _writer(add)
    add.set_defaults(handler=run_goal_add)

    phase = actions.add_parser("phase", help="start a new intervention phase on a goal")
    phase.add_argument("student", metavar="STUDENT")
    phase.add_argument("goal", metavar="GOAL")
    phase.add_argument("--date", metavar="YYYY-MM-DD", help="phase start (default: today)")
    phase.add_argument("--label", default="", help="what changed, e.g. 'added repeated reading'")
    _writer(phase)
    phase.set_defaults(handler=run_goal_phase)


def _register_data(sub: argparse._SubParsersAction[Any]) -> None:
    data = sub.add_parser("data", help="add progress-monitoring data points")
    actions = data.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a data point to a goal")
    add.add_argument("student", metavar="STUDENT")
    add.add_argument("goal", metavar="GOAL")
    add.add_argument("value", metavar="VALUE", help="the measurement, e.g. 52 or 87.5")
    add.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    add.add_argument("--note", default="")
    _writer(add)
    add.set_defaults(handler=run_data_add)


def _register_service(sub: argparse._SubParsersAction[Any]) -> None:
    service = sub.add_parser("service", help="prescribe services and log sessions")
    actions = service.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="prescribe a service (a later start amends it)")
    add.add_argument("student", metavar="STUDENT")
    add.add_argument("service", metavar="SERVICE", help="service id, e.g. reading, speech")
    add.add_argument("minutes", metavar="MINUTES", help="minutes per week or month")
    add.add_argument("--per", default="week", choices=vocab.SERVICE_PERIODS)
    add.add_argument("--start", metavar="YYYY-MM-DD", help="default: today")
    add.add_argument("--end", metavar="YYYY-MM-DD")
    add.add_argument("--name", default="", help="e.g. 'Specialized reading instruction'")
    add.add_argument("--setting", default="special-education", choices=vocab.SERVICE_SETTINGS)
    add.add_argument(
        "--provider", default="", help="provider role, e.g. speech-language pathologist"
    )
    add.add_argument("--delivery", default="direct", choices=vocab.SERVICE_DELIVERY)
    add.add_argument("--note", default="")
    add.add_argument(
        "--esy", action="store_true", help="an extended school year service (its own minutes)"
    )
    _writer(add)
    add.set_defaults(handler=run_service_add)

    log = actions.add_parser(
        "log",
        help="log a service session (delivered, missed, make-up); several students with "
        "--group: one group session, one commit",
        usage="caseterm service log STUDENT [STUDENT ...] SERVICE MINUTES [options]",
    )
    log.add_argument(
        "words",
        nargs="+",
        metavar="STUDENT [STUDENT ...] SERVICE MINUTES",
        help="the student(s), the service id and the minutes delivered (or scheduled, if missed)",
    )
    log.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    log.add_argument(
        "--status",
        default="delivered",
        choices=tuple(vocab.SESSION_STATUSES),
        metavar="STATUS",
        help=f"one of {', '.join(vocab.SESSION_STATUSES)} (default delivered)",
    )
    log.add_argument("--makeup-for", default="", metavar="SESSION_ID", help="the missed session")
    log.add_argument("--provider", default="")
    log.add_argument(
        "--group",
        action="store_true",
        help="a group session; with several students, one session id shared by all",
    )
    log.add_argument("--note", default="")
    _writer(log)
    log.set_defaults(handler=run_service_log)


def _register_log(sub: argparse._SubParsersAction[Any]) -> None:
    meeting = sub.add_parser("meeting", help="log or schedule meetings")
    actions = meeting.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="log a meeting held, or schedule one")
    add.add_argument("student", metavar="STUDENT")
    add.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    add.add_argument("--time", metavar="HH:MM")
    add.add_argument(
        "--kind",
        required=True,
        choices=tuple(vocab.MEETING_KINDS),
        metavar="KIND",
        help=f"one of {', '.join(vocab.MEETING_KINDS)}",
    )
    add.add_argument("--status", default="held", choices=vocab.MEETING_STATUSES)
    add.add_argument("--title", default="")
    add.add_argument("--location", default="")
    add.add_argument("--participant", action="append", default=[], metavar="NAME")
    add.add_argument("--note", default="")
    _writer(add)
    add.set_defaults(handler=run_meeting_add)

    contact = sub.add_parser("contact", help="log contacts with families")
    contact_actions = contact.add_subparsers(dest="action", metavar="ACTION", required=True)
    cadd = contact_actions.add_parser("add", help="log a call, email, note home or meeting")
    cadd.add_argument("student", metavar="STUDENT")
    cadd.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    cadd.add_argument("--method", required=True, choices=vocab.CONTACT_METHODS)
    cadd.add_argument("--with", dest="person", default="", help="who, e.g. 'Maria Lopez (mother)'")
    cadd.add_argument("--purpose", default="general", choices=vocab.CONTACT_PURPOSES)
    cadd.add_argument("--period", default="", help="reporting period, for progress reports")
    cadd.add_argument("--note", default="")
    _writer(cadd)
    cadd.set_defaults(handler=run_contact_add)

    remove = sub.add_parser("remove", help="remove a logged record by its id (a correction)")
    remove.add_argument("student", metavar="STUDENT")
    remove.add_argument("kind", metavar="KIND", choices=tuple(kinds.REMOVABLE))
    remove.add_argument("record_id", metavar="ID")
    _writer(remove)
    remove.set_defaults(handler=run_remove)


def _register_edit(sub: argparse._SubParsersAction[Any]) -> None:
    edit = sub.add_parser(
        "edit",
        help="correct a logged record by its id (student show --ids lists them)",
        description="Change fields of a data point, session, meeting or contact in place; "
        "each value is checked as when the record is added, an empty text removes it. "
        "One commit.",
    )
    actions = edit.add_subparsers(dest="kind", metavar="KIND", required=True)
    point = _edit_parser(actions, "point", "a data point")
    point.add_argument("--goal", metavar="GOAL")
    point.add_argument("--value", metavar="VALUE", help="the measurement, e.g. 52 or 87.5")
    session = _edit_parser(actions, "session", "a service session")
    session.add_argument("--service", metavar="SERVICE")
    session.add_argument("--minutes", metavar="MINUTES")
    session.add_argument(
        "--status",
        choices=tuple(vocab.SESSION_STATUSES),
        metavar="STATUS",
        help=f"one of {', '.join(vocab.SESSION_STATUSES)}",
    )
    session.add_argument("--makeup-for", metavar="SESSION_ID", help="the missed session")
    session.add_argument("--provider", metavar="TEXT")
    session.add_argument("--group", choices=("yes", "no"), help="a group session: yes or no")
    meeting = _edit_parser(actions, "meeting", "a meeting")
    meeting.add_argument("--time", metavar="HH:MM", help="empty removes the time")
    meeting.add_argument(
        "--kind",
        dest="meeting_kind",
        choices=tuple(vocab.MEETING_KINDS),
        metavar="KIND",
        help=f"one of {', '.join(vocab.MEETING_KINDS)}",
    )
    meeting.add_argument("--status", choices=vocab.MEETING_STATUSES)
    meeting.add_argument("--title", metavar="TEXT")
    meeting.add_argument("--location", metavar="TEXT")
    meeting.add_argument(
        "--participants", metavar="NAMES", help="names separated by commas (replaces the list)"
    )
    contact = _edit_parser(actions, "contact", "a family contact")
    contact.add_argument("--method", choices=vocab.CONTACT_METHODS)
    contact.add_argument("--with", dest="person", metavar="TEXT")
    contact.add_argument("--purpose", choices=vocab.CONTACT_PURPOSES)
    contact.add_argument("--period", metavar="PERIOD", help="a reporting period of the caseload")


def _edit_parser(
    actions: argparse._SubParsersAction[Any], kind: str, what: str
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = actions.add_parser(kind, help=f"correct {what}")
    parser.add_argument("student", metavar="STUDENT")
    parser.add_argument("record_id", metavar="ID")
    parser.add_argument("--date", metavar="YYYY-MM-DD")
    parser.add_argument("--note", metavar="TEXT", help="empty removes the note")
    _writer(parser)
    parser.set_defaults(handler=run_edit)
    return parser


def edit_values(args: argparse.Namespace) -> dict[str, object]:
    """The fields an ``edit`` command changes, parsed as when the record is added."""
    today = common.today_of(args)
    given = {
        name: getattr(args, attr, None)
        for name, attr in (
            ("goal", "goal"),
            ("date", "date"),
            ("value", "value"),
            ("note", "note"),
            ("service", "service"),
            ("minutes", "minutes"),
            ("status", "status"),
            ("makeup_for", "makeup_for"),
            ("provider", "provider"),
            ("group", "group"),
            ("time", "time"),
            ("kind", "meeting_kind"),
            ("title", "title"),
            ("location", "location"),
            ("participants", "participants"),
            ("method", "method"),
            ("person", "person"),
            ("purpose", "purpose"),
            ("period", "period"),
        )
    }
    values: dict[str, object] = {}
    for name, text in given.items():
        if text is None:
            continue
        if name == "date":
            values[name] = common.date_arg("--date", text, today)
        elif name == "value":
            values[name] = parse_number("--value", text)
        elif name == "minutes":
            values[name] = parse_minutes("--minutes", text)
        elif name == "time":
            values[name] = parse_time("--time", text) if text.strip() else None
        elif name == "group":
            values[name] = text == "yes"
        elif name == "participants":
            values[name] = tuple(p.strip() for p in text.split(",") if p.strip())
        else:
            values[name] = text
    return values


def run_edit(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    saved = changes.edit_record(
        root, args.student, args.kind, args.record_id, edit_values(args), not args.no_commit
    )
    return common.report_saved(saved)


def _register_history(sub: argparse._SubParsersAction[Any]) -> None:
    history = sub.add_parser("history", help="who changed a student's files, and when")
    history.add_argument("student", metavar="STUDENT")
    history.add_argument("--limit", default=None, metavar="N", help="only the latest N changes")
    common.add_json(history)
    history.set_defaults(handler=run_history)


def run_goal_add(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    values = {
        "id": args.goal,
        "statement": args.statement,
        "target": args.target,
        "target_date": common.date_arg("--target-date", args.target_date, today),
        "area": args.area,
        "measure": args.measure,
        "unit": args.unit,
        "baseline": args.baseline,
        "start_date": common.optional_date("--start", args.start, today),
        "direction": args.direction,
        "aggregate": args.aggregate,
        "mastery": args.mastery,
    }
    saved = changes.add_goal(root, args.student, values, commit=not args.no_commit)
    return common.report_saved(saved)


def run_goal_phase(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    start = common.date_arg("--date", args.date, common.today_of(args))
    saved = changes.add_phase(root, args.student, args.goal, start, args.label, not args.no_commit)
    return common.report_saved(saved)


def run_data_add(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    saved = changes.add_data_point(
        root,
        args.student,
        args.goal,
        parse_number("VALUE", args.value),
        common.date_arg("--date", args.date, common.today_of(args)),
        args.note,
        commit=not args.no_commit,
    )
    return common.report_saved(saved)


def run_service_add(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    values = {
        "service": args.service,
        "minutes": args.minutes,
        "per": args.per,
        "start": common.date_arg("--start", args.start, today),
        "end": common.optional_date("--end", args.end, today),
        "name": args.name,
        "setting": args.setting,
        "provider": args.provider,
        "delivery": args.delivery,
        "note": args.note,
        "esy": args.esy,
    }
    saved = changes.add_prescription(root, args.student, values, commit=not args.no_commit)
    return common.report_saved(saved)


def run_service_log(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    words: list[str] = args.words
    if len(words) < 3:
        raise InputError("STUDENT SERVICE MINUTES: give the student(s), the service and minutes")
    *students, service, minutes = words
    if len(students) > 1 and not args.group:
        raise InputError(
            "STUDENT: several students make a group session; add --group "
            "(or log each student on its own)"
        )
    values = {
        "service": service,
        "minutes": minutes,
        "date": common.date_arg("--date", args.date, common.today_of(args)),
        "status": args.status,
        "makeup_for": args.makeup_for,
        "provider": args.provider,
        "group": args.group,
        "note": args.note,
    }
    if len(students) > 1:
        saved = changes.log_group_session(root, students, values, commit=not args.no_commit)
    else:
        saved = changes.log_session(root, students[0], values, commit=not args.no_commit)
    return common.report_saved(saved)


def run_meeting_add(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    values = {
        "date": common.date_arg("--date", args.date, common.today_of(args)),
        "kind": args.kind,
        "status": args.status,
        "time": args.time,
        "title": args.title,
        "location": args.location,
        "participants": args.participant,
        "note": args.note,
    }
    saved = changes.add_meeting(root, args.student, values, commit=not args.no_commit)
    return common.report_saved(saved)


def run_contact_add(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    values = {
        "date": common.date_arg("--date", args.date, common.today_of(args)),
        "method": args.method,
        "person": args.person,
        "purpose": args.purpose,
        "period": args.period,
        "note": args.note,
    }
    saved = changes.add_contact(root, args.student, values, commit=not args.no_commit)
    return common.report_saved(saved)


def run_remove(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    saved = changes.remove_record(
        root, args.student, args.kind, args.record_id, commit=not args.no_commit
    )
    return common.report_saved(saved)


def run_history(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    changes.require_student(root, args.student)
    repo = git.find_repo(root)
    if repo is None:
        print("caseterm: not a git repository: no history (caseterm init starts one)")
        return 0
    folder = layout.student_dir(root, args.student).resolve().relative_to(repo.resolve())
    limit = None if args.limit is None else parse_whole("--limit", args.limit, COUNT)
    commits = git.log(repo, [folder.as_posix()], limit=limit)
    if args.json:
        common.print_json(
            [
                {
                    "commit": c.sha,
                    "author": c.author,
                    "email": c.email,
                    "date": c.when.isoformat(),
                    "summary": c.subject,
                    "files": list(c.files),
                }
                for c in commits
            ]
        )
        return 0
    out = common.table(f"History of {args.student}", ["commit", "date", "author", "change"])
    for c in commits:
        out.add_row(
            common.cell(c.sha[:8]),
            common.cell(c.when.strftime("%Y-%m-%d %H:%M")),
            common.cell(c.author),
            common.cell(c.subject),
        )
    common.console().print(out)
    return 0
