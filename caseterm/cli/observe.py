"""Observation sessions: observe record|import|list and ioa."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from caseterm.cli import common
from caseterm.cli.behavior_args import many, one_student, pairs, reader, writer
from caseterm.display import safe_text
from caseterm.model import behavior, ioa
from caseterm.model import behavior_vocab as bv
from caseterm.model.records import Observation, Student
from caseterm.store.actions import behavior_changes as changes
from caseterm.store.infra.errors import InputError

SHORT_UNITS = {
    "frequency": "/h",
    "duration": "% time",
    "latency": " s",
    "whole-interval": "%",
    "partial-interval": "%",
    "momentary": "%",
}
INTERVAL_OPTIONS = {
    "partial": "partial-interval",
    "whole": "whole-interval",
    "momentary": "momentary",
}


def registrars() -> dict[str, Callable[[argparse._SubParsersAction[Any]], None]]:
    """Each command of this module and the function adding its parser."""
    return {
        "observe": _register_observe,
        "ioa": _register_ioa,
    }


# --- observe ---------------------------------------------------------------------------


def _register_observe(sub: argparse._SubParsersAction[Any]) -> None:
    observe = sub.add_parser("observe", help="observation sessions of behaviour")
    actions = observe.add_subparsers(dest="action", metavar="ACTION", required=True)
    record = actions.add_parser("record", help="record a whole session from options or a file")
    record.add_argument("student", metavar="STUDENT")
    record.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    record.add_argument("--start", metavar="HH:MM", help="start time")
    record.add_argument("--end", metavar="HH:MM", help="end time")
    record.add_argument("--observer", default="")
    record.add_argument("--setting", default="")
    record.add_argument("--activity", default="")
    record.add_argument("--note", default="")
    many(record, "--frequency", "NAME=COUNT")
    many(record, "--counts", "NAME=SECONDS:1,0,2 (a tally per interval)")
    many(record, "--duration", "NAME=START-STOP,... in seconds from the start")
    many(record, "--latency", "NAME=SECONDS,...")
    for option, method in INTERVAL_OPTIONS.items():
        many(record, f"--{option}", f"NAME=SECONDS:0110... ({method}, one mark per interval)")
    record.add_argument(
        "--file",
        type=Path,
        help="a TOML file with one session written as [[observation]] is (without id)",
    )
    writer(record)
    record.set_defaults(handler=run_observe_record)
    imported = actions.add_parser("import", help="import sessions from a CSV file")
    imported.add_argument("file", metavar="FILE.csv", type=Path)
    writer(imported)
    imported.set_defaults(handler=run_observe_import)
    reader(actions, "list", "observation sessions").set_defaults(handler=run_observe_list)


def _numbers(option: str, text: str, maximum: int) -> list[int]:
    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise InputError(f"{option}: {text!r} is not a list of whole numbers, e.g. 30,45") from None
    bad = [v for v in values if not 0 <= v <= maximum]
    if bad:
        raise InputError(f"{option}: {bad[0]} is not from 0 to {maximum}")
    return values


def _interval(option: str, text: str) -> tuple[int, str]:
    seconds, sep, rest = text.partition(":")
    if not sep or not seconds.isdigit():
        raise InputError(f"{option}: {text!r}: write the interval length first, e.g. 10:0110")
    length = int(seconds)
    if not 1 <= length <= bv.MAX_INTERVAL_SECONDS:
        raise InputError(
            f"{option}: interval {length} is not from 1 to {bv.MAX_INTERVAL_SECONDS} seconds"
        )
    return length, rest


def behaviors_from_options(args: argparse.Namespace) -> list[dict[str, Any]]:
    """The ``[[observation.behavior]]`` tables the method options describe."""
    out: list[dict[str, Any]] = []
    for name, count in pairs("--frequency", args.frequency, "NAME=COUNT"):
        out.append(
            {
                "name": name,
                "method": "frequency",
                "count": _numbers("--frequency", count, bv.MAX_COUNT)[0] if count else -1,
            }
        )
    for name, text in pairs("--counts", args.counts, "NAME=SECONDS:1,0,2"):
        length, rest = _interval("--counts", text)
        out.append(
            {
                "name": name,
                "method": "frequency",
                "interval": length,
                "counts": _numbers("--counts", rest, bv.MAX_SECONDS),
            }
        )
    for name, text in pairs("--duration", args.duration, "NAME=30-95,200-260"):
        episodes = []
        for part in text.split(","):
            start, sep, stop = part.partition("-")
            if not sep:
                raise InputError(f"--duration: {part!r} is not START-STOP in seconds, e.g. 30-95")
            first, second = _numbers("--duration", f"{start},{stop}", bv.MAX_SECONDS)
            if second < first:
                raise InputError(f"--duration: {part!r} stops before it starts")
            episodes.append([first, second])
        out.append({"name": name, "method": "duration", "episodes": episodes})
    for name, text in pairs("--latency", args.latency, "NAME=30,45"):
        out.append(
            {
                "name": name,
                "method": "latency",
                "latencies": _numbers("--latency", text, bv.MAX_SECONDS),
            }
        )
    for option, method in INTERVAL_OPTIONS.items():
        for name, text in pairs(f"--{option}", getattr(args, option), "NAME=10:0110"):
            length, marks = _interval(f"--{option}", text)
            if not marks or any(c not in "01" for c in marks):
                raise InputError(
                    f"--{option}: {marks!r}: one 1 (occurred) or 0 per interval, e.g. 0110"
                )
            out.append({"name": name, "method": method, "interval": length, "marks": marks})
    for entry in out:
        if entry.get("count") == -1:
            raise InputError("--frequency: give the count, e.g. --frequency call-out=4")
    return out


def _session_file(path: Path) -> dict[str, Any]:
    from caseterm.store.infra.tomltext import TomlSyntaxError, parse

    try:
        data = parse(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"--file: cannot read {path}: {error.strerror}") from None
    except (TomlSyntaxError, UnicodeDecodeError) as error:
        raise InputError(f"--file: {path} is not TOML: {error}") from None
    table = data.get("observation", data)
    if isinstance(table, list):
        if len(table) != 1:
            raise InputError("--file: give one [[observation]] per file")
        table = table[0]
    if not isinstance(table, dict):
        raise InputError("--file: write the session's keys, or one [[observation]] table")
    return table


def run_observe_record(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    from_file = _session_file(args.file) if args.file else {}
    in_file = from_file.get("behavior", [])
    if not isinstance(in_file, list):
        raise InputError("--file: write each behaviour as a [[behavior]] table")
    start = args.start or from_file.get("start")
    end = args.end or from_file.get("end")
    if start is None or end is None:
        raise InputError(
            f"--{'start' if start is None else 'end'}: give the time as HH:MM, e.g. 09:30"
        )
    day = from_file.get("date")
    on = (
        common.date_arg("--date", args.date, today)
        if args.date or not isinstance(day, date)
        else day
    )
    values = {
        "date": on,
        "start": start,
        "end": end,
        "observer": args.observer or from_file.get("observer", ""),
        "setting": args.setting or from_file.get("setting", ""),
        "activity": args.activity or from_file.get("activity", ""),
        "note": args.note or from_file.get("note", ""),
        "behavior": [*in_file, *behaviors_from_options(args)],
    }
    saved = changes.record_observation(root, args.student, values, not args.no_commit)
    return common.report_saved(saved)


def run_observe_import(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    try:
        text = args.file.read_text(encoding="utf-8-sig")
    except OSError as error:
        raise InputError(f"FILE: cannot read {args.file}: {error.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"FILE: {args.file} is not UTF-8 text") from None
    result = changes.import_observations(root, text, not args.no_commit)
    if result.saved is not None:
        common.report_saved(result.saved)
    return 0


def observation_rows(student: Student) -> list[dict[str, Any]]:
    """What ``observe list --json`` prints: each session and each behaviour's figure;
    ``ioa_check`` marks a second observer's session of a period already recorded."""
    primary = {o.id for o in behavior.primary_sessions(student.observations)}
    return [
        {
            "id": o.id,
            "date": o.date.isoformat(),
            "start": o.start.strftime("%H:%M"),
            "end": o.end.strftime("%H:%M"),
            "minutes": o.minutes,
            "observer": o.observer,
            "setting": o.setting,
            "activity": o.activity,
            "ioa_check": o.id not in primary,
            "behaviors": [_measure_row(o, b.name) for b in o.behaviors],
        }
        for o in student.observations
    ]


def _measure_row(o: Observation, name: str) -> dict[str, Any]:
    observed = o.behavior(name)
    assert observed is not None
    m = behavior.measure(o, observed)
    return {
        "name": m.behavior,
        "method": m.method,
        "count": m.count,
        "rate_per_hour": round(m.rate, 2),
        "duration_seconds": m.total_seconds if m.method == "duration" else None,
        "percent": None if m.percent is None else round(m.percent, 1),
        "mean_seconds": None if m.mean_seconds is None else round(m.mean_seconds, 1),
        "value": round(m.value, 2),
        "unit": m.unit,
    }


def run_observe_list(args: argparse.Namespace) -> int:
    _loaded, student = one_student(args)
    columns: dict[str, common.Column] = {
        "date": "date",
        "start": "start",
        "observer": lambda row: row["observer"] + (" (IOA)" if row["ioa_check"] else ""),
        "figures": lambda row: "; ".join(
            f"{b['name']} {b['value']:g}{SHORT_UNITS[b['method']]}" for b in row["behaviors"]
        ),
        "id": "id",
    }
    title = f"Observation sessions of {student.id}"
    common.print_rows(observation_rows(student), args.json, title, columns)
    if args.json:
        return 0
    print("Figures: /h per hour, % of intervals, % of the session's time, s mean latency")
    return 0


# --- ioa and behavior ------------------------------------------------------------------


def _register_ioa(sub: argparse._SubParsersAction[Any]) -> None:
    parser = sub.add_parser("ioa", help="interobserver agreement of two observers' sessions")
    parser.add_argument("student", metavar="STUDENT")
    parser.add_argument("--session", action="append", default=[], help="a session's id (give two)")
    common.add_json(parser)
    common.add_today(parser)
    parser.set_defaults(handler=run_ioa)


def ioa_data(result: ioa.SessionAgreement) -> dict[str, Any]:
    """What ``ioa --json`` prints."""

    def side(o: Observation) -> dict[str, Any]:
        return {
            "id": o.id,
            "date": o.date.isoformat(),
            "start": o.start.strftime("%H:%M"),
            "end": o.end.strftime("%H:%M"),
            "observer": o.observer,
        }

    return {
        "sessions": [side(result.first), side(result.second)],
        "criterion": bv.IOA_CRITERION,
        "figures": [
            {
                "behavior": f.behavior,
                "method": f.method,
                "percent": None if f.percent is None else round(f.percent, 1),
                "acceptable": f.acceptable,
                "why": f.why,
            }
            for f in result.figures
        ],
        "warnings": list(result.warnings),
    }


def run_ioa(args: argparse.Namespace) -> int:
    if len(args.session) != 2:
        raise InputError("--session: give two sessions' ids, e.g. --session ID1 --session ID2")
    _loaded, student = one_student(args)
    found = []
    for session_id in args.session:
        o = next((o for o in student.observations if o.id == session_id), None)
        if o is None:
            raise InputError(
                f"--session: no session '{session_id}' for {student.id}; see caseterm observe list"
            )
        found.append(o)
    result = ioa.session_agreement(found[0], found[1])
    data = ioa_data(result)
    if args.json:
        common.print_json(data)
        return 0
    first, second = data["sessions"]
    title = f"IOA {student.id} {first['date']}: {first['observer']} / {second['observer']}"
    out = common.table(title, ["behaviour", "method", "agreement", f"≥ {bv.IOA_CRITERION:g}%"])
    for f in data["figures"]:
        figure = f"{f['percent']:.1f}%" if f["percent"] is not None else f"- ({f['why']})"
        out.add_row(
            common.cell(f["behavior"]),
            common.cell(f["method"]),
            common.cell(figure),
            common.cell("yes" if f["acceptable"] else "no"),
        )
    common.console().print(out)
    for warning in data["warnings"]:
        print(f"caseterm: warning: {safe_text(warning)}", file=sys.stderr)
    return 0
