"""Who entered each record of a student: ``git blame`` on the line of the record's id.

A record's ``id = "..."`` line is written once, when the record is added, so the commit
that last touched that line is the one that entered it, whoever edited other fields later.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from caseterm.store import kinds
from caseterm.store.infra import git, layout
from caseterm.store.infra.atomic import link_in
from caseterm.store.infra.tomltext import TomlSyntaxError, parse

FILES: dict[str, tuple[str, ...]] = {}
for _kind in kinds.RECORDS:
    if _kind.key == "id":
        FILES[_kind.file] = (*FILES.get(_kind.file, ()), _kind.table)
"""The tables of records with ids, by file (from the record-kind catalogue)."""

_EPOCH = datetime.fromtimestamp(0, UTC)
_HEADER = re.compile(r"^\s*\[\[\s*([A-Za-z0-9_.\-]+)\s*\]\]")
_ID = re.compile(r"^\s*id\s*=\s*[\"']([^\"']*)[\"']")


@dataclass(frozen=True, slots=True)
class Entered:
    """One record and the commit that entered it (author None: not committed yet)."""

    kind: str
    id: str
    date: str
    what: str
    file: str
    line: int
    author: str | None
    email: str | None
    when: datetime | None
    commit: str | None


def _id_lines(text: str, kinds: tuple[str, ...]) -> dict[str, tuple[str, int]]:
    """Record id -> (kind, line) for the top-level records of ``kinds``."""
    found: dict[str, tuple[str, int]] = {}
    current: str | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            current = header.group(1) if header.group(1) in kinds else None
            continue
        if line.lstrip().startswith("["):
            current = None
            continue
        match = _ID.match(line) if current else None
        if match and current and match.group(1) not in found:
            found[match.group(1)] = (current, number)
    return found


def _blame(repo: Path, path: Path) -> dict[int, tuple[str, str, str, datetime]]:
    """Line number -> (commit, author, email, time) from ``git blame --line-porcelain``."""
    rel = path.resolve().relative_to(repo.resolve()).as_posix()
    try:
        out = git.run(repo, "blame", "--line-porcelain", "--", rel)
    except git.GitError:
        return {}
    lines: dict[int, tuple[str, str, str, datetime]] = {}
    info: dict[str, str] = {}
    sha, number = "", 0
    for raw in out.splitlines():
        if raw.startswith("\t"):
            when = datetime.fromtimestamp(int(info.get("author-time", "0")), UTC)
            lines[number] = (sha, info.get("author", ""), info.get("author-mail", ""), when)
            info = {}
            continue
        head, _, rest = raw.partition(" ")
        if len(head) == 40 and rest and rest.split()[0].isdigit() and not info:
            sha, number = head, int(rest.split()[1])
        else:
            info[head] = rest
    return lines


def _what(kind: str, record: dict[str, Any]) -> str:
    get = record.get
    if kind == "point":
        return f"{get('goal', '?')}: {get('value', '?')}"
    if kind == "session":
        size = get("group_size")
        group = (
            f" (group of {size})" if isinstance(size, int) and not isinstance(size, bool) else ""
        )
        return (
            f"{get('service', '?')} {get('minutes', '?')} min {get('status', 'delivered')}{group}"
        )
    if kind == "meeting":
        return f"{get('kind', '?')} ({get('status', 'held')})"
    if kind == "contact":
        person = f" with {get('person')}" if get("person") else ""
        return f"{get('method', '?')}{person}"
    if kind == "service":
        return f"{get('service', '?')} {get('minutes', '?')} min/{get('per', 'week')}"
    if kind == "removal":
        return f"{get('kind', 'oss')} {get('days', '?')} school days"
    if kind == "absence":
        return f"absent to {get('to')}" if get("to") else "absent"
    if kind == "consent":
        return f"{get('purpose', '?')} consent ({get('response', 'pending')})"
    if kind == "notice":
        return f"{get('action', '?')} {get('subject', '?')}"
    return str(get("statement", ""))[:60]


def who_entered(root: Path, student_id: str) -> list[Entered]:
    """Every record of a student with who entered it and when, oldest record date first."""
    repo = git.find_repo(root)
    out: list[Entered] = []
    for name, tables in FILES.items():
        path = layout.student_file(root, student_id, name)
        if link_in(path, root) is not None:
            continue
        try:
            text = path.read_text(encoding="utf-8")
            data = parse(text)
        except (OSError, TomlSyntaxError):
            continue
        records = {
            str(r.get("id")): (kind, r)
            for kind in tables
            for r in data.get(kind, [])
            if isinstance(r, dict)
        }
        blamed = _blame(repo, path) if repo is not None else {}
        for record_id, (kind, line) in _id_lines(text, tables).items():
            record = records.get(record_id, (kind, {}))[1]
            sha, author, email, when = blamed.get(line, ("", "", "", _EPOCH))
            committed = bool(sha) and set(sha) != {"0"}
            day: Any = record.get("date", record.get("start", ""))
            out.append(
                Entered(
                    kind=kind,
                    id=record_id,
                    date=day.isoformat() if hasattr(day, "isoformat") else str(day),
                    what=_what(kind, record),
                    file=layout.relative(root, path),
                    line=line,
                    author=author if committed else None,
                    email=email.strip("<>") if committed else None,
                    when=when if committed else None,
                    commit=sha if committed else None,
                )
            )
    return sorted(out, key=lambda e: (e.date, e.kind, e.id))
