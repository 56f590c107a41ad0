"""Notice changes made on disk by others (a git pull, a script, an editor)."""

from __future__ import annotations

import os
from pathlib import Path

from caseterm.store import layout

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


def fingerprint(root: Path) -> Fingerprint:
    """(path, mtime, size) of every TOML file of the caseload, sorted."""
    out: list[tuple[str, int, int]] = []
    settings = root / layout.SETTINGS_FILE
    try:
        info = settings.stat()
        out.append((str(settings), info.st_mtime_ns, info.st_size))
    except FileNotFoundError:
        pass
    _walk(str(root / layout.CALENDAR_DIR), out)
    _walk(str(root / layout.STUDENTS_DIR), out)
    return tuple(sorted(out))
