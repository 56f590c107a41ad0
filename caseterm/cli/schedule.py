"""The week: ``schedule check``, ``schedule show``, ``schedule add``, ``schedule remove``,
``schedule log``, ``schedule export``, ``today``, ``week``.

Plain text (good for cron and e-mail) or ``--json``; everything printed passes the
display rule (``cli/terminal.py``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from caseterm.cli import common
from caseterm.cli.reading import load_for_answers, mention_problems, open_caseload
from caseterm.model.schedule import DAY_NAMES, EMPTY, Schedule, Scheduled, Slot
from caseterm.store.infra.errors import InputError

if TYPE_CHECKING:
    from caseterm.model.views.week import Period


def registrars() -> dict[str, Callable[[argparse._SubParsersAction[Any]], None]]:
    """Each command of this module and the function adding its parser."""
    return {"schedule": _register_schedule, "today": _register_today, "week": _register_week}


def _register_schedule(sub: argparse._SubParsersAction[Any]) -> None:
    schedule = sub.add_parser("schedule", help="the week's service schedule (schedule.toml)")
    actions = schedule.add_subparsers(dest="action", metavar="ACTION", required=True)
    check = actions.add_parser(
        "check",
        help="scheduled minutes vs prescriptions, double bookings, provider days, school "
        "day, ended services; silent and exit 0 when clean, else exit 1",
    )
    common.add_today(check)
    common.add_json(check)
    check.set_defaults(handler=run_schedule_check)

    show = actions.add_parser("show", help="the recurring slots, by weekday and time")
    show.add_argument("--provider", default=None, help="only this provider's slots")
    show.add_argument("--student", default=None, help="only this student's slots")
    common.add_today(show)
    common.add_json(show)
    show.set_defaults(handler=run_schedule_show)

    add = actions.add_parser(
        "add",
        help="add a recurring slot to schedule.toml (several students: a group); prints its id",
        usage="caseterm schedule add STUDENT [STUDENT ...] SERVICE --days DAYS --start HH:MM "
        "(--end HH:MM | --minutes N) [options]",
    )
    add.add_argument(
        "words",
        nargs="+",
        metavar="STUDENT [STUDENT ...] SERVICE",
        help="the student(s) in the slot and the service id it delivers",
    )
    add.add_argument(
        "--days", action="append", default=[], metavar="DAYS",
        help="weekdays it meets: mon,tue,wed,thu,fri,sat,sun (comma-separated or repeated)",
    )  # fmt: skip
    add.add_argument("--start", metavar="HH:MM", help="when it starts, e.g. 09:00")
    length = add.add_mutually_exclusive_group()
    length.add_argument("--end", metavar="HH:MM", help="when it ends, e.g. 09:30")
    length.add_argument("--minutes", metavar="N", help="its length (instead of --end)")
    add.add_argument("--provider", default="", help="the provider's name in [[provider]]")
    add.add_argument("--location", default="", help="e.g. 'Room 114'")
    add.add_argument(
        "--setting",
        default="pull-out",
        metavar="SETTING",
        help="pull-out (default), push-in, consult",
    )
    add.add_argument("--from", dest="first", metavar="YYYY-MM-DD", help="first day in effect")
    add.add_argument("--to", dest="last", metavar="YYYY-MM-DD", help="last day in effect")
    add.add_argument(
        "--weeks", default="", metavar="N,N", help="only these weeks of the month (1-5), e.g. 1,3"
    )
    add.add_argument("--note", default="")
    common.add_today(add)
    common.add_no_commit(add)
    add.set_defaults(handler=run_schedule_add)

    remove = actions.add_parser("remove", help="remove one slot (and its exceptions) by id")
    remove.add_argument("slot", metavar="ID", help="the slot's id (caseterm schedule show --json)")
    common.add_no_commit(remove)
    remove.set_defaults(handler=run_schedule_remove)

    log = actions.add_parser(
        "log",
        help="log one scheduled session for every student of the slot (a group: one "
        "group session, one commit)",
    )
    log.add_argument("slot", metavar="SLOT", help="the slot's id (caseterm schedule show --json)")
    log.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    log.add_argument(
        "--status",
        default="delivered",
        choices=("delivered", "student-absent", "provider-absent", "school-closed"),
        metavar="STATUS",
        help="delivered (default), student-absent, provider-absent or school-closed",
    )
    log.add_argument("--minutes", metavar="MINUTES", help="default: the slot's length")
    log.add_argument(
        "--absent", action="append", default=[], metavar="STUDENT",
        help="a student of the group who was absent (repeat for several)",
    )  # fmt: skip
    log.add_argument("--makeup-for", default="", metavar="SESSION_ID", help="the missed session")
    log.add_argument("--note", default="")
    common.add_today(log)
    common.add_no_commit(log)
    log.set_defaults(handler=run_schedule_log)

    export = actions.add_parser(
        "export", help="the schedule as iCalendar (weekly recurrence rules) or CSV"
    )
    form = export.add_mutually_exclusive_group(required=True)
    form.add_argument("--ics", action="store_true", help="iCalendar with RRULEs")
    form.add_argument("--csv", action="store_true", help="CSV for the front office")
    export.add_argument("-o", "--output", metavar="FILE", type=Path, help="default: stdout")
    export.add_argument("--provider", default=None, help="only this provider's slots")
    common.add_today(export)
    export.set_defaults(handler=run_schedule_export)


def _period_parser(sub: argparse._SubParsersAction[Any], name: str, help_text: str) -> None:
    parser = sub.add_parser(name, help=help_text)
    parser.add_argument("--provider", default=None, help="only this provider's sessions")
    common.add_today(parser)
    common.add_json(parser)
    parser.set_defaults(handler=run_today if name == "today" else run_week)


def _register_today(sub: argparse._SubParsersAction[Any]) -> None:
    _period_parser(
        sub,
        "today",
        "today's scheduled sessions with their logging status, deadlines due today, "
        "observations due",
    )


def _register_week(sub: argparse._SubParsersAction[Any]) -> None:
    _period_parser(
        sub,
        "week",
        "this week's scheduled sessions with their logging status, the deadlines of the "
        "week, observations due",
    )


# --- schedule check --------------------------------------------------------------------


def run_schedule_check(args: argparse.Namespace) -> int:
    from caseterm.store.actions.schedule import findings

    today = common.today_of(args)
    repo = open_caseload(args, today)
    schedule, problems = repo.schedule_read
    loaded = repo.loaded(points=False, sessions=None)
    located = findings(loaded, today)
    if args.json:
        common.print_json(
            {
                "problems": [
                    {"file": p.file, "line": p.line, "column": p.column, "message": p.message}
                    for p in problems
                ],
                "findings": [
                    {
                        "code": x.finding.code,
                        "message": x.finding.message,
                        "file": x.problem.file,
                        "line": x.problem.line,
                        "column": x.problem.column,
                        "student": x.finding.student or None,
                        "service": x.finding.service or None,
                        "scheduled_minutes": x.finding.scheduled,
                        "required_minutes": x.finding.required,
                    }
                    for x in located
                ],
            }
        )
        return 1 if problems or located else 0
    for problem in problems:
        print(problem)
    for x in located:
        print(x.problem)
    if not schedule.slots and not problems:
        print(f"caseterm: no schedule yet ({_file()} has no [[slot]]); see docs/file-format.md")
    return 1 if problems or located else 0


def _file() -> str:
    from caseterm.store.infra import layout

    return layout.SCHEDULE_FILE


# --- schedule add and remove -----------------------------------------------------------


def _day_names(values: list[str]) -> tuple[str, ...]:
    return tuple(d.strip().lower() for v in values for d in v.split(",") if d.strip())


def _weeks(text: str) -> tuple[int, ...]:
    found = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        digits = part.isascii() and part.isdigit()
        if not (digits and 1 <= int(part) <= 5):
            shown = part if digits else repr(part)
            raise InputError(
                f"--weeks: {shown} is not a week of the month; use 1 to 5, e.g. --weeks 1,3"
            )
        found.append(int(part))
    return tuple(found)


def run_schedule_add(args: argparse.Namespace) -> int:
    from caseterm.model.fields import parse_minutes, parse_time
    from caseterm.store.actions.schedule import add_slot, end_of

    today = common.today_of(args)
    words: list[str] = args.words
    if len(words) < 2:
        raise InputError("STUDENT SERVICE: give the student(s) and the service id")
    *students, service = words
    if args.start is None:
        raise InputError("--start: give the slot's start time as HH:MM, e.g. 09:00")
    start = parse_time("--start", args.start)
    if args.end is not None:
        end = parse_time("--end", args.end)
    elif args.minutes is not None:
        end = end_of("--minutes", start, parse_minutes("--minutes", args.minutes))
    else:
        raise InputError("--end: give the slot's end as HH:MM (e.g. 09:30) or --minutes N")
    values = {
        "service": service,
        "students": students,
        "days": list(_day_names(args.days)),
        "weeks": list(_weeks(args.weeks)),
        "start": start,
        "end": end,
        "provider": args.provider,
        "location": args.location,
        "setting": args.setting,
        "from": common.optional_date("--from", args.first, today),
        "to": common.optional_date("--to", args.last, today),
        "note": args.note,
    }
    saved = add_slot(common.require_caseload(args.root), values, commit=not args.no_commit)
    return common.report_saved(saved)


def run_schedule_remove(args: argparse.Namespace) -> int:
    from caseterm.store.actions.schedule import remove_slot

    saved = remove_slot(common.require_caseload(args.root), args.slot, commit=not args.no_commit)
    return common.report_saved(saved)


# --- schedule log ----------------------------------------------------------------------


def run_schedule_log(args: argparse.Namespace) -> int:
    from caseterm.model.fields import check_slug, parse_minutes
    from caseterm.store.actions.schedule import log_occurrence

    today = common.today_of(args)
    on = common.date_arg("--date", args.date, today)
    schedule = _schedule(args, today)
    slot = schedule.slot(check_slug("SLOT", args.slot))
    if slot is None:
        raise InputError(f"SLOT: no slot '{args.slot}' in {_file()}; see caseterm schedule show")
    minutes = None if args.minutes is None else parse_minutes("--minutes", args.minutes)
    saved = log_occurrence(
        common.require_caseload(args.root),
        slot,
        on,
        args.status,
        minutes,
        args.note,
        args.absent,
        args.makeup_for,
        commit=not args.no_commit,
    )
    return common.report_saved(saved)


# --- schedule show ---------------------------------------------------------------------


def _selected(schedule: Schedule, provider: str | None, student: str | None) -> list[Slot]:
    slots = [
        s
        for s in schedule.slots
        if (provider is None or s.provider == provider)
        and (student is None or student in s.students)
    ]
    return sorted(slots, key=lambda s: (s.days[:1], s.start, s.provider, s.id))


def slot_json(slot: Slot) -> dict[str, Any]:
    """The stable JSON form of one slot (docs/json-and-csv.md)."""
    return {
        "id": slot.id,
        "service": slot.service,
        "students": list(slot.students),
        "group_size": len(slot.students) if slot.group else None,
        "days": [DAY_NAMES[d].lower() for d in slot.days],
        "start": slot.start.strftime("%H:%M"),
        "end": slot.end.strftime("%H:%M"),
        "minutes": slot.minutes,
        "provider": slot.provider,
        "location": slot.location,
        "setting": slot.setting,
        "from": slot.first.isoformat() if slot.first else None,
        "to": slot.last.isoformat() if slot.last else None,
        "note": slot.note,
    }


def _schedule(args: argparse.Namespace, today: date) -> Schedule:
    repo = open_caseload(args, today)
    schedule, problems = repo.schedule_read
    mention_problems(problems)
    return schedule


def run_schedule_show(args: argparse.Namespace) -> int:
    today = common.today_of(args)
    slots = _selected(_schedule(args, today), args.provider, args.student)
    if args.json:
        common.print_json([slot_json(s) for s in slots])
        return 0
    if not slots:
        print("No slots scheduled." if args.provider is None else "No slots for that provider.")
        return 0
    for day in range(7):
        todays = sorted((s for s in slots if day in s.days), key=lambda s: (s.start, s.id))
        if not todays:
            continue
        print(DAY_NAMES[day])
        for slot in todays:
            print(f"  {_slot_line(slot)}")
    return 0


def _slot_line(slot: Slot) -> str:
    group = f" (group of {len(slot.students)})" if slot.group else ""
    where = f" · {slot.location}" if slot.location else ""
    dates = ""
    if slot.first or slot.last:
        dates = f" · {slot.first or '…'} to {slot.last or '…'}"
    return (
        f"{slot.start:%H:%M}-{slot.end:%H:%M}  {slot.service} · {slot.provider or '?'}"
        f"{where} · {slot.setting} · {', '.join(slot.students)}{group}{dates}"
    )


# --- schedule export -------------------------------------------------------------------


def run_schedule_export(args: argparse.Namespace) -> int:
    from caseterm.model.calendar import school_days
    from caseterm.reports import schedule_export

    today = common.today_of(args)
    repo = open_caseload(args, today)
    schedule, problems = repo.schedule_read
    mention_problems(problems)
    slots = _selected(schedule, args.provider, None)
    settings = repo.frame.settings
    year = (settings.school_year_start, settings.school_year_end)
    if args.ics:
        days = school_days(repo.frame.calendars, year)
        text = schedule_export.ics(schedule, slots, days, year, settings.name).decode("utf-8")
    else:
        text = schedule_export.schedule_csv(slots)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    from caseterm.store.infra.atomic import write_output

    if args.output.is_dir():
        raise InputError(f"-o: {args.output} is a folder; name a file")
    write_output(args.output, text)
    print(f"Wrote {len(slots)} slots to {args.output}", file=sys.stderr)
    return 0


# --- today and week --------------------------------------------------------------------


def _period(args: argparse.Namespace, first: date, last: date, today: date) -> Period:
    from caseterm.model.views.week import period

    loaded = load_for_answers(args, today)
    schedule = loaded.schedule or EMPTY
    if args.provider is not None:
        kept = tuple(s for s in schedule.slots if s.provider == args.provider)
        if not kept and all(p.name != args.provider for p in schedule.providers):
            raise InputError(
                f"--provider: no provider '{args.provider}' in {_file()}; see caseterm "
                "schedule show"
            )
        schedule = Schedule(schedule.school_day, schedule.providers, kept, schedule.exceptions)
    return period(loaded.caseload, schedule, loaded.rules, first, last, today)


def run_today(args: argparse.Namespace) -> int:
    today = common.today_of(args)
    found = _period(args, today, today, today)
    return _print_period(args, found, f"Today, {today:%a} {today.isoformat()}")


def run_week(args: argparse.Namespace) -> int:
    from caseterm.model.views.week import week_of

    today = common.today_of(args)
    first, last = week_of(today)
    found = _period(args, first, last, today)
    title = f"Week of {first:%a} {first.isoformat()} to {last:%a} {last.isoformat()}"
    return _print_period(args, found, f"{title} (as of {today.isoformat()})")


def scheduled_json(item: Scheduled) -> dict[str, Any]:
    """The stable JSON form of one scheduled session (docs/json-and-csv.md)."""
    occ = item.occurrence
    slot = occ.slot
    return {
        "date": occ.date.isoformat(),
        "start": occ.start.strftime("%H:%M"),
        "end": occ.end.strftime("%H:%M"),
        "minutes": occ.minutes,
        "slot": slot.id,
        "service": slot.service,
        "provider": slot.provider,
        "location": slot.location,
        "setting": slot.setting,
        "group_size": len(slot.students) if slot.group else None,
        "moved_from": occ.moved_from.isoformat() if occ.moved_from else None,
        "status": item.status,
        "students": [
            {
                "student": a.student,
                "status": a.status,
                "session": a.session.id if a.session else None,
                "minutes": a.session.minutes if a.session else None,
            }
            for a in item.attendees
        ],
    }


def period_json(found: Period) -> dict[str, Any]:
    """The stable JSON form of ``caseterm today`` / ``caseterm week`` (docs/json-and-csv.md)."""
    from caseterm.cli.due import deadline_json

    return {
        "from": found.first.isoformat(),
        "to": found.last.isoformat(),
        "today": found.today.isoformat(),
        "sessions": [scheduled_json(s) for s in found.sessions],
        "deadlines": [deadline_json(d) for d in found.deadlines],
        "observations_due": [
            {
                "student": o.student,
                "due": o.due.isoformat(),
                "last_observation": o.last.isoformat() if o.last else None,
                "reason": o.reason,
            }
            for o in found.observations
        ],
        "closures": [{"date": d.isoformat(), "name": name} for d, name in found.closures],
    }


def _print_period(args: argparse.Namespace, found: Period, title: str) -> int:
    if args.json:
        common.print_json(period_json(found))
        return 0
    for line in period_lines(found, title):
        print(line)
    return 0


def period_lines(found: Period, title: str) -> list[str]:
    """The plain-text form: a title, the sessions by day, deadlines, observations due."""
    lines = [title, ""]
    closed = dict(found.closures)
    day = found.first
    shown = False
    while day <= found.last:
        todays = [s for s in found.sessions if s.occurrence.date == day]
        if todays or (day in closed and day.weekday() < 5):
            shown = True
            lines.append(
                f"{day:%a} {day.isoformat()}"
                + (f" · closed: {closed[day]}" if day in closed else "")
            )
            lines.extend(f"  {_session_line(s)}" for s in todays)
        day += timedelta(days=1)
    if not shown:
        lines.append("No sessions scheduled.")
    lines.append("")
    if found.deadlines:
        lines.append("Deadlines")
        for d in found.deadlines:
            lines.append(f"  {d.due.isoformat()}  {d.student}  {d.label} ({d.status})")
    else:
        lines.append("No deadlines in this period.")
    if found.observations:
        lines.append("Observations due")
        for o in found.observations:
            lines.append(f"  {o.due.isoformat()}  {o.student}  {o.reason}")
    return lines


def _session_line(item: Scheduled) -> str:
    occ = item.occurrence
    slot = occ.slot
    group = f" (group of {len(slot.students)})" if slot.group else ""
    moved = f" · moved from {occ.moved_from}" if occ.moved_from else ""
    where = f" · {slot.location}" if slot.location else ""
    return (
        f"{occ.start:%H:%M}-{occ.end:%H:%M}  {slot.service} · {slot.provider or '?'}{where}"
        f" · {', '.join(slot.students)}{group} · {item.status}{moved}"
    )
