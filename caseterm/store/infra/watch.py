"""Notice changes made on disk by others (a git pull, a script, an editor).

Two stamps: ``folders`` stats the settings, the calendars and each student's folder (a
folder's mtime changes when a file in it is created, renamed or removed: caseterm's
atomic writes, git checkouts and most editors' saves), one stat per student; ``fingerprint``
stats every file, which also sees a file rewritten in place. A watcher polls the first
often and the second now and then.
"""

from __future__ import annotations

import os
from pathlib import Path

from caseterm.store.infra import layout

Fingerprint = tuple[tuple[str, int, int], ...]


def _walk(folder: str, out: list[tuple[str, int, int]]) -> None:
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=False):
            _walk(entry.path, out)
        elif entry.name.endswith(".toml"):
            info = entry.stat(follow_symlinks=False)
            out.append((entry.path, info.st_mtime_ns, info.st_size))


def folders(root: Path) -> Fingerprint:
    """(path, mtime, size) of the settings, the schedule, the calendars and every student
    folder."""
    out: list[tuple[str, int, int]] = []
    for path in (
        root / layout.SETTINGS_FILE,
        root / layout.SCHEDULE_FILE,
        root / layout.STUDENTS_DIR,
    ):
        try:
            info = path.stat()
        except OSError:
            continue
        out.append((str(path), info.st_mtime_ns, info.st_size))
    _walk(str(root / layout.CALENDAR_DIR), out)
    try:
        entries = list(os.scandir(root / layout.STUDENTS_DIR))
    except OSError:
        entries = []
    for entry in entries:
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            continue
        out.append((entry.path, info.st_mtime_ns, info.st_size))
    return tuple(sorted(out))


def fingerprint(root: Path) -> Fingerprint:
    """(path, mtime, size) of every TOML file of the caseload, sorted."""
    out: list[tuple[str, int, int]] = []
    for own in (root / layout.SETTINGS_FILE, root / layout.SCHEDULE_FILE):
        try:
            info = own.stat()
            out.append((str(own), info.st_mtime_ns, info.st_size))
        except FileNotFoundError:
            pass
    _walk(str(root / layout.CALENDAR_DIR), out)
    _walk(str(root / layout.STUDENTS_DIR), out)
    return tuple(sorted(out))
