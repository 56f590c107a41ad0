"""Safe file writes: temp file in the same folder, fsync, rename; private permissions.

Student records are FERPA-protected: files are written 0600 and folders 0700. A write
names the text it was based on and is refused if the file changed on disk since then, so
an edit never clobbers a ``git pull``, a script or an editor that got there first.

Symbolic links inside a caseload are never followed (a shared repository can hold a link
to any file of the user's): ``read_text`` and ``write_atomic`` refuse a path with a link
between the caseload folder (the nearest folder holding ``caseterm.toml``) and the file.
"""

from __future__ import annotations

import os
import re
import stat
import time
from pathlib import Path

from caseterm.store.infra.errors import InputError

FILE_MODE = 0o600
DIR_MODE = 0o700


class ChangedOnDisk(Exception):
    """The file is not what we read before editing it; nothing was written."""

    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} changed on disk since it was read; nothing was written")
        self.path = path


class LinkRefused(InputError):
    """A caseload path goes through a symbolic link; nothing was read or written."""

    def __init__(self, link: Path) -> None:
        super().__init__(link_message(link))
        self.link = link


def link_message(link: Path) -> str:
    """Why a linked path is refused, and what to do."""
    return (
        f"{link} is a symbolic link; caseterm never follows links inside a caseload: "
        f"replace it with a real {'folder' if link.is_dir() else 'file'} (git rm it if shared)"
    )


def _is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(path.lstat().st_mode)
    except OSError:
        return False


def link_in(path: Path, root: Path | None = None) -> Path | None:
    """The first symbolic link among ``path`` and its folders below the caseload folder.

    ``root`` is the caseload folder (itself may be a link); without it, the nearest folder
    above ``path`` holding ``caseterm.toml`` (or ``.git``), else ``path`` alone is checked.
    """
    path = path.absolute()
    root = None if root is None else root.absolute()
    chain = [path]
    for folder in path.parents:
        if root is not None:
            if folder == root:
                break
        elif (folder / "caseterm.toml").exists() or (folder / ".git").exists():
            break
        chain.append(folder)
    else:
        chain = chain[:1]
    return next((p for p in reversed(chain) if _is_link(p)), None)


def refuse_links(path: Path, root: Path | None = None) -> None:
    """Raise ``LinkRefused`` if ``path`` goes through a symbolic link inside the caseload."""
    link = link_in(path, root)
    if link is not None:
        raise LinkRefused(link)


def read_text(path: Path) -> str | None:
    """The file's text, or None if it does not exist (``LinkRefused`` through a link)."""
    refuse_links(path)
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def make_private_dirs(folder: Path) -> None:
    """Create ``folder`` and missing parents with mode 0700."""
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        path.mkdir(mode=DIR_MODE)
        path.chmod(DIR_MODE)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_TEMP_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


def _temp_file(path: Path) -> tuple[int, Path]:
    """A new private ``.<name>.<random>.tmp`` beside ``path``, open for writing.

    What ``tempfile.mkstemp`` does, without its ~3 ms import on every write command.
    """
    while True:
        temp = path.with_name(f".{path.name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(temp, _TEMP_FLAGS, FILE_MODE), temp
        except FileExistsError:
            continue


def write_atomic(path: Path, text: str, expected: str | None) -> None:
    """Replace ``path`` with ``text`` if it still holds ``expected`` (None: must not exist).

    Temp files that killed saves left in the folder (older than ``STALE_TEMP_SECONDS``)
    are removed afterwards.
    """
    refuse_links(path)
    make_private_dirs(path.parent)
    if read_text(path) != expected:
        raise ChangedOnDisk(path)
    _replace(path, text)
    remove_stale_temps(path.parent)


def _replace(path: Path, text: str) -> None:
    fd, temp = _temp_file(path)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        temp.chmod(FILE_MODE)
        temp.replace(path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def write_output(path: Path, text: str) -> None:
    """Write an output the user named (``-o``): a FIFO, ``/dev/stdout`` or other non-regular
    file is written directly, never read; a regular file (through the user's own link, if
    it is one) is replaced atomically, private."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        with path.open("w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        return
    target = path.resolve() if mode is not None else path
    make_private_dirs(target.parent)
    _replace(target, text)


STALE_TEMP_SECONDS = 600
"""A save takes well under a second; a temp file this old was left by a killed process."""
_TEMP_NAME = r"\..+\.[0-9a-f]{12}\.tmp"


def remove_stale_temps(folder: Path, now: float | None = None) -> list[Path]:
    """Remove ``.<name>.<hex>.tmp`` files in ``folder`` older than ``STALE_TEMP_SECONDS``."""
    removed = []
    limit = (time.time() if now is None else now) - STALE_TEMP_SECONDS
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        if not entry.name.endswith(".tmp") or not re.fullmatch(_TEMP_NAME, entry.name):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(info.st_mode) and info.st_mtime < limit:
                Path(entry.path).unlink()
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed
