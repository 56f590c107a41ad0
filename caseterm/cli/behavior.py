"""Behaviour support commands: fba, bip, observe, abc, fidelity, safety, ioa, behavior."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date, time
from pathlib import Path
from typing import Any

from caseterm.cli import common
from caseterm.cli.reading import load_one
from caseterm.model import behavior, ioa
from caseterm.model import behavior_vocab as bv
from caseterm.model.display import safe_text
from caseterm.model.fields import FieldError, parse_time
from caseterm.model.records import Observation, Student
from caseterm.store import behavior_changes as changes
from caseterm.store.errors import InputError
from caseterm.store.load import Loaded

COMMANDS = ("fba", "bip", "observe", "abc", "fidelity", "safety", "ioa", "behavior")
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


def register(sub: argparse._SubParsersAction[Any]) -> None:
    """Add the parsers of all of this module's commands."""
    for add in _registrars().values():
        add(sub)


def register_one(sub: argparse._SubParsersAction[Any], command: str) -> None:
    """Add only ``command``'s parser."""
    _registrars()[command](sub)


def _registrars() -> dict[str, Callable[[argparse._SubParsersAction[Any]], None]]:
    return {
        "fba": _register_fba,
        "bip": _register_bip,
        "observe": _register_observe,
        "abc": _register_abc,
        "fidelity": _register_fidelity,
        "safety": _register_safety,
        "ioa": _register_ioa,
        "behavior": _register_behavior,
    }


def _writer(parser: argparse.ArgumentParser) -> None:
    common.add_today(parser)
    common.add_no_commit(parser)


def _reader(
    actions: argparse._SubParsersAction[Any], name: str, what: str
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = actions.add_parser(name, help=f"show a student's {what}")
    parser.add_argument("student", metavar="STUDENT")
    common.add_json(parser)
    common.add_today(parser)
    return parser


def _many(parser: argparse.ArgumentParser, flag: str, helptext: str) -> None:
    parser.add_argument(flag, action="append", default=None, help=f"{helptext} (repeat for more)")


def _pairs(option: str, values: Sequence[str] | None, form: str) -> list[tuple[str, str]]:
    out = []
    for value in values or ():
        name, sep, rest = value.partition("=")
        if not sep or not name:
            raise InputError(f"{option}: {value!r} has no '='; use {form}")
        out.append((name.strip(), rest.strip()))
    return out


def _one(args: argparse.Namespace) -> tuple[Loaded, Student]:
    loaded = load_one(args, common.today_of(args), "STUDENT", args.student)
    return loaded, loaded.caseload.students[0]


def _iso(value: date | time | None) -> str | None:
    return None if value is None else value.isoformat()


# --- fba -------------------------------------------------------------------------------


def _register_fba(sub: argparse._SubParsersAction[Any]) -> None:
    fba = sub.add_parser("fba", help="functional behaviour assessments")
    actions = fba.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="record an FBA")
    add.add_argument("student", metavar="STUDENT")
    add.add_argument("--started", metavar="YYYY-MM-DD", help="start date (default: today)")
    add.add_argument("--concern", default="", help="the referral concern")
    add.add_argument("--status", default="in-progress", help=", ".join(bv.FBA_STATUSES))
    _many(add, "--target", "NAME=operational definition")
    _many(add, "--indirect", "an indirect assessment used")
    _many(add, "--direct", "a direct observation used")
    _many(add, "--function", f"hypothesized function: {', '.join(bv.FUNCTIONS)}")
    _many(add, "--setting-event", "a setting event")
    _many(add, "--antecedent", "an antecedent")
    add.add_argument("--summary", default="", help="summary statement")
    add.add_argument("--consent", metavar="YYYY-MM-DD", help="date of the parent's consent")
    add.add_argument("--completed", metavar="YYYY-MM-DD", help="date completed")
    add.add_argument("--note", default="")
    _writer(add)
    add.set_defaults(handler=run_fba_add)
    _reader(actions, "show", "FBAs").set_defaults(handler=run_fba_show)


def run_fba_add(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    if args.status not in bv.FBA_STATUSES:
        raise InputError(
            f"--status: {args.status!r} is not allowed; use {', '.join(bv.FBA_STATUSES)}"
        )
    functions = tuple(args.function or ())
    for f in functions:
        if f not in bv.FUNCTIONS:
            raise InputError(f"--function: {f!r} is not allowed; use {', '.join(bv.FUNCTIONS)}")
    new = changes.NewFba(
        started=common.date_arg("--started", args.started, today),
        concern=args.concern,
        status=args.status,
        targets=tuple(_pairs("--target", args.target, "NAME=definition")),
        indirect=tuple(args.indirect or ()),
        direct=tuple(args.direct or ()),
        functions=functions,
        setting_events=tuple(args.setting_event or ()),
        antecedents=tuple(args.antecedent or ()),
        summary=args.summary,
        consent=common.optional_date("--consent", args.consent, today),
        completed=common.optional_date("--completed", args.completed, today),
        note=args.note,
    )
    return common.report_saved(changes.add_fba(root, args.student, new, not args.no_commit))


def fba_rows(student: Student) -> list[dict[str, Any]]:
    """What ``fba show --json`` prints."""
    return [
        {
            "id": f.id,
            "started": f.started.isoformat(),
            "status": f.status,
            "concern": f.concern,
            "targets": [{"name": t.name, "definition": t.definition} for t in f.targets],
            "indirect": list(f.indirect),
            "direct": list(f.direct),
            "functions": list(f.functions),
            "setting_events": list(f.setting_events),
            "antecedents": list(f.antecedents),
            "summary": f.summary,
            "consent": _iso(f.consent),
            "completed": _iso(f.completed),
        }
        for f in student.fbas
    ]


def _print_blocks(title: str, blocks: list[list[tuple[str, str]]]) -> None:
    out = common.console()
    out.print(common.cell(title))
    if not blocks:
        out.print(common.cell("  (none)"))
    for block in blocks:
        table = common.table(None, ["", ""])
        table.show_header = False
        for key, value in block:
            if value:
                table.add_row(common.cell(key), common.cell(value))
        out.print(table)


def run_fba_show(args: argparse.Namespace) -> int:
    _loaded, student = _one(args)
    rows = fba_rows(student)
    if args.json:
        common.print_json(rows)
        return 0
    blocks = [
        [
            ("FBA", f"{row['id']} started {row['started']} ({row['status']})"),
            ("concern", row["concern"]),
            *[(f"target {t['name']}", t["definition"]) for t in row["targets"]],
            ("indirect", "; ".join(row["indirect"])),
            ("direct", "; ".join(row["direct"])),
            ("function", ", ".join(row["functions"])),
            ("setting events", "; ".join(row["setting_events"])),
            ("antecedents", "; ".join(row["antecedents"])),
            ("summary", row["summary"]),
            ("consent", row["consent"] or ""),
            ("completed", row["completed"] or ""),
        ]
        for row in rows
    ]
    _print_blocks(f"FBAs of {student.id}", blocks)
    return 0


# --- bip -------------------------------------------------------------------------------


def _register_bip(sub: argparse._SubParsersAction[Any]) -> None:
    bip = sub.add_parser("bip", help="behaviour intervention plans")
    actions = bip.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="record a BIP (its adoption starts a phase)")
    add.add_argument("student", metavar="STUDENT")
    add.add_argument("--adopted", metavar="YYYY-MM-DD", help="adoption date (default: today)")
    add.add_argument("--fba", default="", help="the id of the FBA it rests on")
    _many(add, "--target", f"NAME=METHOD, method one of {', '.join(bv.METHODS)}")
    _many(add, "--replacement", "NAME=replacement behaviour")
    _many(add, "--goal", "NAME=GOAL: a decrease goal fed by the observations")
    _many(add, "--prevention", "a prevention strategy")
    _many(add, "--teaching", "a teaching strategy")
    _many(add, "--response", "a response strategy")
    add.add_argument("--reinforcement", default="")
    add.add_argument("--crisis", default="", help="crisis procedures")
    _many(add, "--implementer", "who implements the plan")
    add.add_argument("--review", metavar="YYYY-MM-DD", help="next review date")
    add.add_argument("--note", default="")
    _writer(add)
    add.set_defaults(handler=run_bip_add)
    revise = actions.add_parser("revise", help="record a change to a BIP or its review date")
    revise.add_argument("student", metavar="STUDENT")
    revise.add_argument("bip_id", metavar="ID", help="the BIP's id (bip show)")
    revise.add_argument("--revised", metavar="YYYY-MM-DD", help="date of the change (new phase)")
    revise.add_argument("--review", metavar="YYYY-MM-DD", help="next review date")
    _writer(revise)
    revise.set_defaults(handler=run_bip_revise)
    _reader(actions, "show", "BIPs").set_defaults(handler=run_bip_show)
    review = actions.add_parser(
        "review", help="BIP review report: data per phase, fidelity, IOA, ABC (HTML or md)"
    )
    review.add_argument("student", metavar="STUDENT")
    review.add_argument("--format", choices=("html", "md"), help="html (default, or -o's suffix)")
    review.add_argument("-o", dest="output", metavar="FILE", type=Path, help="default: stdout")
    common.add_today(review)
    review.set_defaults(handler=run_bip_review)


def run_bip_add(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    methods = dict(_pairs("--target", args.target, "NAME=METHOD, e.g. elopement=frequency"))
    for name, method in methods.items():
        if method not in bv.METHODS:
            raise InputError(
                f"--target: {method!r} for {name} is not a method; use {', '.join(bv.METHODS)}"
            )
    replacements = dict(_pairs("--replacement", args.replacement, "NAME=text"))
    goals = dict(_pairs("--goal", args.goal, "NAME=GOAL"))
    for option, given in (("--replacement", replacements), ("--goal", goals)):
        stray = [name for name in given if name not in methods]
        if stray:
            raise InputError(f"{option}: {stray[0]!r} is not a --target of this BIP")
    new = changes.NewBip(
        adopted=common.date_arg("--adopted", args.adopted, today),
        fba=args.fba,
        targets=tuple(
            (name, replacements.get(name, ""), method, goals.get(name, ""))
            for name, method in methods.items()
        ),
        prevention=tuple(args.prevention or ()),
        teaching=tuple(args.teaching or ()),
        response=tuple(args.response or ()),
        reinforcement=args.reinforcement,
        crisis=args.crisis,
        implementers=tuple(args.implementer or ()),
        review=common.optional_date("--review", args.review, today),
        note=args.note,
    )
    return common.report_saved(changes.add_bip(root, args.student, new, not args.no_commit))


def run_bip_revise(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    saved = changes.revise_bip(
        root,
        args.student,
        args.bip_id,
        common.optional_date("--revised", args.revised, today),
        common.optional_date("--review", args.review, today),
        not args.no_commit,
    )
    return common.report_saved(saved)


def bip_rows(student: Student) -> list[dict[str, Any]]:
    """What ``bip show --json`` prints (a plan.toml ``[behavior_plan]`` shows as a BIP)."""
    return [
        {
            "id": b.id,
            "adopted": b.adopted.isoformat(),
            "fba": b.fba,
            "targets": [
                {"name": t.name, "replacement": t.replacement, "method": t.method, "goal": t.goal}
                for t in b.targets
            ],
            "prevention": list(b.prevention),
            "teaching": list(b.teaching),
            "response": list(b.response),
            "reinforcement": b.reinforcement,
            "crisis": b.crisis,
            "implementers": list(b.implementers),
            "review": _iso(b.review),
            "revised": [d.isoformat() for d in b.revised],
            "note": b.note,
        }
        for b in behavior.bips(student)
    ]


def run_bip_show(args: argparse.Namespace) -> int:
    _loaded, student = _one(args)
    rows = bip_rows(student)
    if args.json:
        common.print_json(rows)
        return 0
    blocks = [
        [
            ("BIP", f"{row['id']} adopted {row['adopted']}"),
            ("FBA", row["fba"]),
            *[
                (f"target {t['name']}", f"{t['method']}; replacement: {t['replacement']}")
                for t in row["targets"]
            ],
            ("prevention", "; ".join(row["prevention"])),
            ("teaching", "; ".join(row["teaching"])),
            ("response", "; ".join(row["response"])),
            ("reinforcement", row["reinforcement"]),
            ("crisis", row["crisis"]),
            ("implementers", ", ".join(row["implementers"])),
            ("revised", ", ".join(row["revised"])),
            ("review", row["review"] or ""),
        ]
        for row in rows
    ]
    _print_blocks(f"BIPs of {student.id}", blocks)
    return 0


def run_bip_review(args: argparse.Namespace) -> int:
    from caseterm.reports.bip_review import bip_review, render_html, render_markdown
    from caseterm.store.atomic import read_text, write_atomic

    _loaded, student = _one(args)
    review = bip_review(student, common.today_of(args))
    if review is None:
        raise InputError(f"STUDENT: {student.id} has no BIP (caseterm bip add)")
    fmt = args.format
    if fmt is None:
        suffix = args.output.suffix.lower() if args.output is not None else ""
        fmt = "md" if suffix in (".md", ".markdown") else "html"
    text = render_html(review) if fmt == "html" else render_markdown(review)
    if args.output is None:
        sys.stdout.write(text)
        return 0
    if args.output.is_dir():
        raise InputError(f"-o: {args.output} is a folder; name a file")
    write_atomic(args.output, text, read_text(args.output))
    print(f"Wrote the BIP review of {student.id} to {args.output}")
    return 0


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
    _many(record, "--frequency", "NAME=COUNT")
    _many(record, "--counts", "NAME=SECONDS:1,0,2 (a tally per interval)")
    _many(record, "--duration", "NAME=START-STOP,... in seconds from the start")
    _many(record, "--latency", "NAME=SECONDS,...")
    for option, method in INTERVAL_OPTIONS.items():
        _many(record, f"--{option}", f"NAME=SECONDS:0110... ({method}, one mark per interval)")
    record.add_argument(
        "--file",
        type=Path,
        help="a TOML file with one session written as [[observation]] is (without id)",
    )
    _writer(record)
    record.set_defaults(handler=run_observe_record)
    imported = actions.add_parser("import", help="import sessions from a CSV file")
    imported.add_argument("file", metavar="FILE.csv", type=Path)
    _writer(imported)
    imported.set_defaults(handler=run_observe_import)
    _reader(actions, "list", "observation sessions").set_defaults(handler=run_observe_list)


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
    for name, count in _pairs("--frequency", args.frequency, "NAME=COUNT"):
        out.append(
            {
                "name": name,
                "method": "frequency",
                "count": _numbers("--frequency", count, bv.MAX_COUNT)[0] if count else -1,
            }
        )
    for name, text in _pairs("--counts", args.counts, "NAME=SECONDS:1,0,2"):
        length, rest = _interval("--counts", text)
        out.append(
            {
                "name": name,
                "method": "frequency",
                "interval": length,
                "counts": _numbers("--counts", rest, bv.MAX_COUNT),
            }
        )
    for name, text in _pairs("--duration", args.duration, "NAME=30-95,200-260"):
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
    for name, text in _pairs("--latency", args.latency, "NAME=30,45"):
        out.append(
            {
                "name": name,
                "method": "latency",
                "latencies": _numbers("--latency", text, bv.MAX_SECONDS),
            }
        )
    for option, method in INTERVAL_OPTIONS.items():
        for name, text in _pairs(f"--{option}", getattr(args, option), "NAME=10:0110"):
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
    from caseterm.store.tomltext import TomlSyntaxError, parse

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


def _time_option(option: str, value: object) -> time:
    if isinstance(value, time):
        return value
    if not isinstance(value, str):
        raise InputError(f"{option}: give the time as HH:MM, e.g. 09:30")
    try:
        return parse_time(option, value)
    except FieldError as error:
        raise InputError(str(error)) from None


def run_observe_record(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    today = common.today_of(args)
    from_file = _session_file(args.file) if args.file else {}
    behaviors = [dict(b) for b in from_file.get("behavior", [])] + behaviors_from_options(args)
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
    new = changes.NewObservation(
        on=on,
        start=_time_option("--start", start),
        end=_time_option("--end", end),
        observer=args.observer or str(from_file.get("observer", "")),
        setting=args.setting or str(from_file.get("setting", "")),
        activity=args.activity or str(from_file.get("activity", "")),
        behaviors=tuple(behaviors),
        note=args.note or str(from_file.get("note", "")),
    )
    saved = changes.record_observation(root, args.student, new, not args.no_commit)
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
    """What ``observe list --json`` prints: each session and each behaviour's figure."""
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
    _loaded, student = _one(args)
    rows = observation_rows(student)
    if args.json:
        common.print_json(rows)
        return 0
    out = common.table(
        f"Observation sessions of {student.id}", ["date", "start", "observer", "figures", "id"]
    )
    for row in rows:
        figures = "; ".join(
            f"{b['name']} {b['value']:g}{SHORT_UNITS[b['method']]}" for b in row["behaviors"]
        )
        out.add_row(
            common.cell(row["date"]),
            common.cell(row["start"]),
            common.cell(row["observer"]),
            common.cell(figures),
            common.cell(row["id"]),
        )
    out.columns[0].no_wrap = True
    out.columns[-1].no_wrap = True
    common.console().print(out)
    print("Figures: /h per hour, % of intervals, % of the session's time, s mean latency")
    return 0


# --- abc and fidelity ------------------------------------------------------------------


def _register_abc(sub: argparse._SubParsersAction[Any]) -> None:
    abc = sub.add_parser("abc", help="antecedent-behaviour-consequence events")
    actions = abc.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="record an ABC event")
    add.add_argument("student", metavar="STUDENT")
    add.add_argument("--behavior", required=True, help="the behaviour (as named in the BIP)")
    add.add_argument("--antecedent", default="", help="what happened just before")
    add.add_argument("--consequence", default="", help="what happened just after")
    add.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    add.add_argument("--time", metavar="HH:MM")
    add.add_argument("--setting", default="")
    add.add_argument("--activity", default="")
    add.add_argument("--intensity", help="1 (mild) to 5 (severe)")
    add.add_argument("--observer", default="")
    add.add_argument("--session", default="", help="the observation session's id")
    add.add_argument("--note", default="")
    _writer(add)
    add.set_defaults(handler=run_abc_add)
    _reader(actions, "list", "ABC events and their summary").set_defaults(handler=run_abc_list)


def run_abc_add(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    intensity = None
    if args.intensity is not None:
        if not args.intensity.isdigit():
            raise InputError(f"--intensity: {args.intensity!r} is not a whole number from 1 to 5")
        intensity = int(args.intensity)
    new = changes.NewAbc(
        on=common.date_arg("--date", args.date, common.today_of(args)),
        behavior=args.behavior,
        antecedent=args.antecedent,
        consequence=args.consequence,
        at=None if args.time is None else _time_option("--time", args.time),
        setting=args.setting,
        activity=args.activity,
        intensity=intensity,
        observer=args.observer,
        observation=args.session,
        note=args.note,
    )
    return common.report_saved(changes.add_abc(root, args.student, new, not args.no_commit))


def abc_data(student: Student) -> dict[str, Any]:
    """What ``abc list --json`` prints: the events and their summary."""
    summary = behavior.abc_summary(student.abc_events)
    return {
        "events": [
            {
                "id": e.id,
                "date": e.date.isoformat(),
                "time": None if e.time is None else e.time.strftime("%H:%M"),
                "behavior": e.behavior,
                "antecedent": e.antecedent,
                "consequence": e.consequence,
                "setting": e.setting,
                "activity": e.activity,
                "intensity": e.intensity,
                "observer": e.observer,
            }
            for e in student.abc_events
        ],
        "summary": abc_summary_json(summary),
    }


def abc_summary_json(summary: behavior.AbcSummary) -> dict[str, Any]:
    """An ABC summary as JSON: each ranking as a list of {text, count}."""

    def ranked(items: Sequence[tuple[str, int]]) -> list[dict[str, Any]]:
        return [{"text": text, "count": count} for text, count in items]

    return {
        "events": summary.events,
        "antecedents": ranked(summary.antecedents),
        "consequences": ranked(summary.consequences),
        "by_hour": ranked(summary.by_hour),
        "by_setting": ranked(summary.by_setting),
    }


def run_abc_list(args: argparse.Namespace) -> int:
    _loaded, student = _one(args)
    data = abc_data(student)
    if args.json:
        common.print_json(data)
        return 0
    out = common.table(
        f"ABC events of {student.id}",
        ["date", "time", "behaviour", "antecedent", "consequence", "setting", "intensity"],
    )
    for e in data["events"]:
        out.add_row(
            *(
                common.cell(e[k])
                for k in (
                    "date",
                    "time",
                    "behavior",
                    "antecedent",
                    "consequence",
                    "setting",
                    "intensity",
                )
            )
        )
    common.console().print(out)
    summary = data["summary"]
    for key, title in (
        ("antecedents", "Most frequent antecedents"),
        ("consequences", "Most frequent consequences"),
    ):
        top = ", ".join(f"{r['text']} ({r['count']})" for r in summary[key][:3])
        print(f"{title}: {safe_text(top) if top else '-'}")
    return 0


def _register_fidelity(sub: argparse._SubParsersAction[Any]) -> None:
    fidelity = sub.add_parser("fidelity", help="fidelity checks of a BIP")
    actions = fidelity.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="score the BIP's strategies in one observation")
    add.add_argument("student", metavar="STUDENT")
    _many(add, "--implemented", "a strategy carried out")
    _many(add, "--missed", "a strategy not carried out")
    add.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    add.add_argument("--observer", default="")
    add.add_argument("--bip", default="", help="the BIP's id (default: the latest)")
    add.add_argument("--session", default="", help="the observation session's id")
    add.add_argument("--note", default="")
    _writer(add)
    add.set_defaults(handler=run_fidelity_add)
    _reader(actions, "list", "fidelity checks").set_defaults(handler=run_fidelity_list)


def run_fidelity_add(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    new = changes.NewFidelity(
        on=common.date_arg("--date", args.date, common.today_of(args)),
        implemented=tuple(args.implemented or ()),
        missed=tuple(args.missed or ()),
        observer=args.observer,
        bip=args.bip,
        observation=args.session,
        note=args.note,
    )
    return common.report_saved(changes.add_fidelity(root, args.student, new, not args.no_commit))


def fidelity_rows(student: Student) -> list[dict[str, Any]]:
    """What ``fidelity list --json`` prints."""
    return [
        {
            "id": c.id,
            "date": c.date.isoformat(),
            "observer": c.observer,
            "bip": c.bip,
            "implemented": list(c.implemented),
            "missed": list(c.missed),
            "percent": None if c.percent is None else round(c.percent, 1),
        }
        for c in student.fidelity_checks
    ]


def run_fidelity_list(args: argparse.Namespace) -> int:
    _loaded, student = _one(args)
    rows = fidelity_rows(student)
    if args.json:
        common.print_json(rows)
        return 0
    out = common.table(
        f"Fidelity checks of {student.id}", ["date", "observer", "implemented", "missed"]
    )
    for row in rows:
        out.add_row(
            common.cell(row["date"]),
            common.cell(row["observer"]),
            common.cell(f"{row['percent']:g}%"),
            common.cell("; ".join(row["missed"])),
        )
    common.console().print(out)
    mean = behavior.mean_fidelity(student)
    print(f"Mean: {mean:.0f}% implemented" if mean is not None else "No fidelity checks")
    return 0


# --- safety ----------------------------------------------------------------------------

SAFETY_OPTIONS = {
    "triggers": "--trigger",
    "warning_signs": "--warning-sign",
    "deescalation": "--step",
    "contacts": "--contact",
    "safe_spaces": "--safe-space",
}


def _register_safety(sub: argparse._SubParsersAction[Any]) -> None:
    safety = sub.add_parser("safety", help="the individual crisis/safety plan")
    actions = safety.add_subparsers(dest="action", metavar="ACTION", required=True)
    put = actions.add_parser(
        "set", help="create or change the safety plan (each list given replaces the old one)"
    )
    put.add_argument("student", metavar="STUDENT")
    for option in SAFETY_OPTIONS.values():
        _many(put, option, option.removeprefix("--").replace("-", " ") + "; '' clears the list")
    put.add_argument("--restrictions", help="restrictions")
    put.add_argument("--medical", help="medical notes")
    put.add_argument("--note")
    put.add_argument("--review", metavar="YYYY-MM-DD", help="review date")
    _writer(put)
    put.set_defaults(handler=run_safety_set)
    _reader(actions, "show", "safety plan").set_defaults(handler=run_safety_show)


def run_safety_set(args: argparse.Namespace) -> int:
    root = common.require_caseload(args.root)
    lists: dict[str, tuple[str, ...]] = {}
    for key, option in SAFETY_OPTIONS.items():
        given = getattr(args, option.removeprefix("--").replace("-", "_"))
        if given is not None:
            lists[key] = tuple(v for v in given if v)
    texts = {k: getattr(args, k) for k in changes.SAFETY_TEXTS if getattr(args, k) is not None}
    change = changes.SafetyChange(
        lists=lists,
        texts=texts,
        review=common.optional_date("--review", args.review, common.today_of(args)),
    )
    return common.report_saved(changes.set_safety(root, args.student, change, not args.no_commit))


def safety_data(student: Student, today: date) -> dict[str, Any]:
    """What ``safety show --json`` prints."""
    plan = student.safety
    if plan is None:
        return {"student": student.id, "name": student.name, "safety_plan": False}
    return {
        "student": student.id,
        "name": student.name,
        "safety_plan": behavior.has_safety_plan(student),
        "triggers": list(plan.triggers),
        "warning_signs": list(plan.warning_signs),
        "deescalation": list(plan.deescalation),
        "contacts": list(plan.contacts),
        "safe_spaces": list(plan.safe_spaces),
        "restrictions": plan.restrictions,
        "medical": plan.medical,
        "review": _iso(plan.review),
        "review_overdue": behavior.safety_due(plan, today),
        "note": plan.note,
    }


def run_safety_show(args: argparse.Namespace) -> int:
    _loaded, student = _one(args)
    today = common.today_of(args)
    if args.json:
        common.print_json(safety_data(student, today))
        return 0
    if student.safety is None or not behavior.has_safety_plan(student):
        print(f"{student.id} has no safety plan")
        return 0
    out = common.table(f"SAFETY PLAN: {student.name}", ["", ""])
    out.show_header = False
    for heading, text in behavior.safety_lines(student.safety):
        out.add_row(common.cell(heading), common.cell(text))
    common.console().print(out)
    if behavior.safety_due(student.safety, today):
        print("The review date has passed: review the plan")
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
    _loaded, student = _one(args)
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


def _register_behavior(sub: argparse._SubParsersAction[Any]) -> None:
    parser = sub.add_parser("behavior", help="behaviour data per phase: level, trend, range")
    parser.add_argument("student", metavar="STUDENT")
    parser.add_argument("--behavior", dest="name", help="one behaviour (default: all)")
    common.add_json(parser)
    common.add_today(parser)
    parser.set_defaults(handler=run_behavior)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def behavior_data(student: Student, names: Sequence[str]) -> dict[str, Any]:
    """What ``behavior --json`` prints: per behaviour, each session's figure and each
    phase's level, trend and range; the mean fidelity and the safety-plan flag."""
    out: dict[str, Any] = {
        "student": student.id,
        "name": student.name,
        "safety_plan": behavior.has_safety_plan(student),
        "fidelity_percent": _round(behavior.mean_fidelity(student)),
        "behaviors": [],
    }
    for name in names:
        data = behavior.measures(student, name)
        target = behavior.bip_target(student, name)
        out["behaviors"].append(
            {
                "name": name,
                "method": data[0].method if data else (target.method if target else None),
                "unit": data[0].unit if data else None,
                "sessions": [
                    {
                        "id": m.observation,
                        "date": m.date.isoformat(),
                        "observer": m.observer,
                        "value": _round(m.value),
                    }
                    for m in data
                ],
                "phases": [
                    {
                        "label": p.label,
                        "start": _iso(p.start),
                        "sessions": p.sessions,
                        "median": _round(p.median),
                        "mean": _round(p.mean),
                        "trend_per_week": _round(p.trend.slope) if p.trend else None,
                        "low": _round(p.low),
                        "high": _round(p.high),
                        "range": _round(p.range),
                    }
                    for p in behavior.phase_summaries(student, name)
                ],
            }
        )
    return out


def run_behavior(args: argparse.Namespace) -> int:
    _loaded, student = _one(args)
    names = behavior.behavior_names(student)
    if args.name is not None:
        if args.name not in names:
            known = ", ".join(names) or "none recorded"
            raise InputError(
                f"--behavior: {args.name!r} is not a behaviour of {student.id}; known: {known}"
            )
        names = [args.name]
    data = behavior_data(student, names)
    if args.json:
        common.print_json(data)
        return 0
    if data["safety_plan"]:
        print(f"! {student.id} has a safety plan: caseterm safety show {student.id}")
    for b in data["behaviors"]:
        out = common.table(
            f"{b['name']} ({b['method'] or 'no data'}; {b['unit'] or ''})",
            ["phase", "sessions", "median", "mean", "trend/week", "range"],
        )
        for p in b["phases"]:
            out.add_row(
                common.cell(p["label"]),
                common.cell(p["sessions"]),
                common.cell(_show(p["median"])),
                common.cell(_show(p["mean"])),
                common.cell(_show(p["trend_per_week"], signed=True)),
                common.cell("" if p["low"] is None else f"{p['low']:g}-{p['high']:g}"),
            )
        common.console().print(out)
    if data["fidelity_percent"] is not None:
        print(f"Fidelity: {data['fidelity_percent']:.0f}% of the BIP implemented (mean of checks)")
    return 0


def _show(value: float | None, signed: bool = False) -> str:
    if value is None:
        return "-"
    return f"{value:+g}" if signed else f"{value:g}"
