"""The journal of a live observation session: every key appended and fsynced at once, so a
crash or a lost SSH connection loses no tally.

One JSON-lines file per session in ``.git/caseterm/observe/`` (git never tracks it; a
caseload outside git uses ``$XDG_CACHE_HOME/caseterm/observe/<hash>/``), mode 0600 in
folders 0700. The first line is the session's setup (``model.live.setup_json``) plus the
caseload folder; each further line is one event (``model.live.event_json``). The file is
removed once the session is committed or discarded; one still there on the next start is
an unfinished session, offered for recovery.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from caseterm.store.infra import git
from caseterm.store.infra.atomic import FILE_MODE, make_private_dirs
from caseterm.store.infra.driver import git_dir
from caseterm.store.infra.summary import cache_dir

SUFFIX = ".jsonl"
MAX_BYTES = 20_000_000
"""A journal larger than this is not read (a session has a few thousand lines)."""


def journal_dir(root: Path) -> Path:
    """Where ``root``'s journals live (not created)."""
    repo = git.find_repo(root)
    folder = git_dir(repo) if repo is not None else None
    if folder is not None:
        return folder / "caseterm" / "observe"
    digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return cache_dir() / "observe" / digest


@dataclass(frozen=True, slots=True)
class Unfinished:
    """A journal left by a session that was neither committed nor discarded."""

    path: Path
    header: dict[str, Any]
    entries: tuple[dict[str, Any], ...]


class Journal:
    """An open journal: ``append`` writes one line and fsyncs it before returning."""

    def __init__(self, path: Path, handle: TextIO) -> None:
        self.path = path
        self._handle: TextIO | None = handle

    @classmethod
    def create(cls, root: Path, name: str, header: Mapping[str, Any]) -> Journal:
        """A new journal named ``name`` (a student id and a time stamp) for ``header``."""
        folder = journal_dir(root)
        make_private_dirs(folder)
        path = folder / f"{name}{SUFFIX}"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, FILE_MODE)
        journal = cls(path, os.fdopen(fd, "a", encoding="utf-8"))
        journal.append({**header, "root": str(root.resolve())})
        _fsync_dir(folder)
        return journal

    @classmethod
    def reopen(cls, path: Path) -> Journal:
        """Continue an unfinished journal (a recovered session goes on in it)."""
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_NOFOLLOW)
        handle = os.fdopen(fd, "a", encoding="utf-8")
        handle.write("\n")  # end a line torn by the crash; blank lines are skipped
        return cls(path, handle)

    def append(self, entry: Mapping[str, Any]) -> None:
        if self._handle is None:
            return
        self._handle.write(json.dumps(entry, ensure_ascii=True) + "\n")
        self._handle.flush()
        os.fsync(self._handle.fileno())

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def remove(self) -> None:
        """The session is committed or discarded: the journal goes."""
        self.close()
        discard(self.path)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def read(path: Path) -> Unfinished | None:
    """A journal's header and events; None if it is not a journal (no header line).
    Lines that are not JSON objects (a write torn by a crash) are skipped."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError:
        return None
    if len(data) > MAX_BYTES:
        return None
    lines: list[dict[str, Any]] = []
    for raw in data.decode("utf-8", errors="replace").splitlines():
        try:
            entry = json.loads(raw) if raw.strip() else None
        except ValueError:
            continue
        if isinstance(entry, dict):
            lines.append(entry)
    if not lines or "behaviors" not in lines[0]:
        return None
    return Unfinished(path, lines[0], tuple(lines[1:]))


def unfinished(root: Path) -> list[Unfinished]:
    """``root``'s unfinished sessions, oldest first."""
    folder = journal_dir(root)
    try:
        names = sorted(p for p in folder.iterdir() if p.name.endswith(SUFFIX))
    except OSError:
        return []
    here = str(root.resolve())
    found = [read(p) for p in names]
    return [j for j in found if j is not None and j.header.get("root") == here]


def discard(path: Path) -> None:
    """Remove a journal (nothing else)."""
    if path.name.endswith(SUFFIX):
        path.unlink(missing_ok=True)
