"""Sharing commands: clone, sync, conflicts, resolve, blame and the git merge driver."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from caseterm.cli import common
from caseterm.display import safe_text


def register(sub: argparse._SubParsersAction[Any]) -> None:
    clone = sub.add_parser("clone", help="copy a shared caseload from a git remote")
    clone.add_argument("url", metavar="URL", help="e.g. ssh://school-server/srv/room114.git")
    clone.add_argument("dir", metavar="DIR", type=Path, help="new folder for the copy")
    clone.set_defaults(handler=run_clone)

    sync = sub.add_parser(
        "sync", help="share your changes and get your co-teachers' (fetch, merge, push)"
    )
    sync.add_argument(
        "--status", action="store_true", help="only show commits to send and receive (offline)"
    )
    common.add_json(sync)
    sync.set_defaults(handler=run_sync)

    conflicts = sub.add_parser(
        "conflicts", help="list merge conflicts to resolve (exit 1 when there are any)"
    )
    common.add_json(conflicts)
    conflicts.set_defaults(handler=run_conflicts)

    resolve = sub.add_parser(
        "resolve", help="resolve a merge conflict: keep ours, theirs, or a new value"
    )
    resolve.add_argument("file", metavar="FILE", help="e.g. students/ava-m/plan.toml")
    resolve.add_argument(
        "path",
        metavar="PATH",
        nargs="?",
        help="e.g. dates.consent (as caseterm conflicts shows); omitted: all of FILE's",
    )
    choice = resolve.add_mutually_exclusive_group(required=True)
    choice.add_argument("--ours", dest="choice", action="store_const", const="ours")
    choice.add_argument("--theirs", dest="choice", action="store_const", const="theirs")
    choice.add_argument(
        "--base", dest="choice", action="store_const", const="base", help="the value before"
    )
    choice.add_argument("--value", metavar="VALUE", help="a new value, e.g. 2026-09-02")
    choice.add_argument(
        "--edited",
        dest="choice",
        action="store_const",
        const="edited",
        help="FILE was fixed by hand: check it and mark it resolved",
    )
    resolve.set_defaults(handler=run_resolve)

    blame = sub.add_parser("blame", help="who entered each data point, session and log entry")
    blame.add_argument("student", metavar="STUDENT")
    common.add_json(blame)
    blame.set_defaults(handler=run_blame)

    driver = sub.add_parser(
        "merge-driver", help="git's merge driver for caseload files (git runs it)"
    )
    driver.add_argument("files", nargs="+", metavar="FILE", help="%%O %%A %%B [%%P]")
    driver.set_defaults(handler=run_merge_driver)


def run_merge_driver(args: argparse.Namespace) -> int:
    from caseterm.cli.mergedriver import main

    return main(args.files)


def _fail(message: str) -> int:
    print(f"caseterm: {message}", file=sys.stderr)
    return 1


def run_clone(args: argparse.Namespace) -> int:
    from caseterm.store.actions.sync import SyncError, clone

    try:
        cloned = clone(args.url, args.dir)
    except SyncError as error:
        return _fail(f"clone: {error}")
    for warning in cloned.warnings:
        print(f"caseterm: warning: {warning}", file=sys.stderr)
    print(f"Cloned {args.url} into {cloned.path} (merge driver installed)")
    return 0


def run_sync(args: argparse.Namespace) -> int:
    from caseterm.store.actions.sync import SyncError, sync, sync_status

    if args.status:
        status = sync_status(args.root)
        if args.json:
            common.print_json(
                {
                    "branch": status.branch,
                    "remote": status.remote,
                    "upstream": status.upstream,
                    "ahead": status.ahead,
                    "behind": status.behind,
                    "last_sync": status.last_sync.isoformat() if status.last_sync else None,
                    "operation": status.operation,
                }
            )
            return 0
        if status.upstream is None:
            print("No remote to sync with (git remote add origin URL)")
            return 0
        when = (
            status.last_sync.astimezone().strftime("%Y-%m-%d %H:%M")
            if status.last_sync
            else "never"
        )
        print(
            f"{status.upstream}: {status.ahead} to send, {status.behind} to receive "
            f"(as of the last fetch); last sync {when}"
        )
        if status.operation:
            print(f"A {status.operation} is stopped on conflicts: see caseterm conflicts")
        return 0
    root = common.require_caseload(args.root)
    try:
        report = sync(root)
    except SyncError as error:
        return _fail(f"sync: {error}")
    target = f"{report.remote}/{report.branch}"
    if report.hand_edits:
        print(f"[{report.hand_edits[:8]}] committed your hand edits")
    if report.received:
        how = f" (merged [{report.merge_commit[:8]}])" if report.merge_commit else ""
        print(f"Received {report.received} change{'s' if report.received != 1 else ''}{how}")
    for warning in report.warnings:
        print(f"caseterm: warning: {warning}", file=sys.stderr)
    if report.conflicts:
        files = ", ".join(report.conflicts)
        return _fail(
            f"sync stopped on conflicts in {files}; nothing was sent: see caseterm conflicts, "
            "resolve each (caseterm resolve), then caseterm sync"
        )
    if report.sent:
        print(f"Sent {report.sent} commit{'s' if report.sent != 1 else ''} to {target}")
    elif not report.received:
        print(f"Up to date with {target}")
    return 0


def _plain(value: Any) -> Any:
    from caseterm.model.jsonable import jsonable
    from caseterm.store.infra.merge import MISSING

    return None if value is MISSING else jsonable(value)


def run_conflicts(args: argparse.Namespace) -> int:
    from caseterm.store.actions.conflicts import list_conflicts
    from caseterm.store.infra.conflictentry import show_value

    root = common.require_caseload(args.root)
    found = list_conflicts(root)
    if args.json:
        common.print_json(
            [
                {
                    "file": c.file,
                    "line": c.line,
                    "kind": c.kind,
                    "path": c.path,
                    "ours": _plain(c.ours),
                    "theirs": _plain(c.theirs),
                    "base": _plain(c.base),
                    "message": c.message,
                }
                for c in found
            ]
        )
        return 1 if found else 0
    if not found:
        print("No conflicts")
        return 0
    for c in found:
        if c.kind != "value":
            print(safe_text(f"{c.file}:{c.line}: {c.message}"))
            continue
        entry = c.sides()
        print(safe_text(f"{c.file}:{c.line}: {c.path}"))
        for side in ("ours", "theirs", "base"):
            print(safe_text(f"    {side:<7}{show_value(entry, side)}"))
        print(f"    caseterm resolve {c.file} {c.path} --ours | --theirs | --value VALUE")
    count = len(found)
    print(f"{count} conflict{'s' if count != 1 else ''}")
    return 1


def run_resolve(args: argparse.Namespace) -> int:
    from caseterm.store.actions.conflicts import resolve

    root = common.require_caseload(args.root)
    choice = "value" if args.value is not None else args.choice
    done = resolve(root, args.file, args.path, choice, args.value)
    what = ", ".join(done.resolved)
    how = f"--value {args.value}" if choice == "value" else choice
    left = f"; {done.left_in_file} left in the file" if done.left_in_file else ""
    print(safe_text(f"Resolved {what} in {done.file} ({how}){left}"))
    if done.commit and not done.finished:
        print(f"[{done.commit[:8]}] committed")
    if done.finished:
        print(f"[{(done.commit or '')[:8]}] {done.message}; caseterm sync shares it")
    elif done.message:
        print(done.message)
    elif done.staged:
        print(f"{done.file} is resolved")
    return 0


def run_blame(args: argparse.Namespace) -> int:
    from caseterm.store.actions.blame import who_entered
    from caseterm.store.actions.changes import require_student

    root = common.require_caseload(args.root)
    require_student(root, args.student)
    entries = who_entered(root, args.student)
    if args.json:
        common.print_json(
            [
                {
                    "kind": e.kind,
                    "id": e.id,
                    "date": e.date,
                    "what": e.what,
                    "file": e.file,
                    "line": e.line,
                    "entered_by": e.author,
                    "email": e.email,
                    "entered_at": e.when.isoformat() if e.when else None,
                    "commit": e.commit,
                }
                for e in entries
            ]
        )
        return 0
    out = common.table(
        f"Who entered {args.student}'s records", ["date", "kind", "what", "entered by", "on"]
    )
    for e in entries:
        out.add_row(
            common.cell(e.date),
            common.cell(e.kind),
            common.cell(e.what),
            common.cell(e.author or "(not committed)"),
            common.cell(e.when.astimezone().strftime("%Y-%m-%d %H:%M") if e.when else ""),
        )
    common.console().print(out)
    return 0
