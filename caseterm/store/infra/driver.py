"""caseterm's git merge driver: its entry in ``.git/config`` and one run of it.

``.gitattributes`` in the caseload (committed, written by ``caseterm init``) says
``*.toml merge=caseterm``; each clone's ``.git/config`` (never cloned) must say what that
driver runs. caseterm writes it on ``init`` and ``clone`` and checks it, by reading the
config file's text without starting git, before any command in a caseload.

Git runs the driver as ``python -I -m caseterm merge-driver %O %A %B %P`` with the absolute
path of the Python running caseterm, so a virtual environment needs no PATH set-up. Git
starts it from the top of the working tree, which a co-teacher controls: ``-I`` (isolated
mode) keeps that folder, ``PYTHONPATH`` and the user site off ``sys.path`` (``-E -P`` when
caseterm itself is in the user site), so a committed ``caseterm/__main__.py`` or
``tomlkit.py`` is never imported. A clone whose config still holds an older line gets this
one before the next caseterm command.

The driver writes the result into %A and exits 0, or exits 1 when git must report the file
as conflicted: a true conflict (recorded as ``[[conflict]]`` entries, ours in place), or a
version it cannot merge by structure (then git's own conflict markers are left).
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

DRIVER_NAME = "caseterm"
DRIVER_LABEL = "caseterm: record-by-record merge of caseload TOML files"
_SECTION = f'[merge "{DRIVER_NAME}"]'


def driver_command() -> str:
    """The command git runs: this Python's absolute path in isolated mode."""
    python = shlex.quote(str(Path(sys.executable).absolute()))
    return f"{python} {_isolation()} -m caseterm merge-driver %O %A %B %P"


def _isolation() -> str:
    """``-I``; for a caseterm installed in the user site (``pip install --user``), which
    ``-I`` leaves off the path, ``-E -P``: still no working tree and no ``PYTHONPATH``."""
    import site

    user = site.getusersitepackages() if site.ENABLE_USER_SITE else None
    if user and Path(__file__).resolve().is_relative_to(Path(user).resolve()):
        return "-E -P"
    return "-I"


def git_dir(repo: Path) -> Path | None:
    """The repository's git folder (``.git``, or where a ``.git`` file points)."""
    dot_git = repo / ".git"
    if dot_git.is_dir():
        return dot_git
    try:
        text = dot_git.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not text.startswith("gitdir:"):
        return None
    folder = Path(text.removeprefix("gitdir:").strip())
    return folder if folder.is_absolute() else (repo / folder).resolve()


def config_file(repo: Path) -> Path | None:
    """The repository's own config file (shared by its worktrees)."""
    folder = git_dir(repo)
    if folder is None:
        return None
    try:
        common = (folder / "commondir").read_text(encoding="utf-8").strip()
    except OSError:
        return folder / "config"
    shared = Path(common)
    return (shared if shared.is_absolute() else (folder / shared).resolve()) / "config"


def is_installed(repo: Path) -> bool:
    """Whether ``.git/config`` already runs this caseterm as the merge driver."""
    path = config_file(repo)
    if path is None:
        return False
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return _SECTION in text and f"driver = {driver_command()}\n" in text


def install(repo: Path) -> None:
    """Write ``merge.caseterm.name`` and ``merge.caseterm.driver`` into ``.git/config``."""
    for key, value in (("name", DRIVER_LABEL), ("driver", driver_command())):
        name = f"merge.{DRIVER_NAME}.{key}"
        subprocess.run(
            ["git", "-C", str(repo), "config", "--replace-all", name, value],
            capture_output=True,
            check=True,
        )


def ensure_installed(repo: Path) -> bool:
    """Install the driver if this clone lacks it; True if it was installed now."""
    if is_installed(repo):
        return False
    install(repo)
    return True


def ensure_for_caseload(root: Path) -> str | None:
    """Before a command: install the driver if ``root`` is a caseload in a clone lacking it.

    Returns a warning when it could not be installed (the command still runs).
    """
    if not (root / "caseterm.toml").is_file():
        return None
    current = root.absolute()
    repo = next((f for f in (current, *current.parents) if (f / ".git").exists()), None)
    if repo is None:
        return None
    try:
        ensure_installed(repo)
    except (OSError, subprocess.CalledProcessError) as error:
        return f"could not install caseterm's merge driver in .git/config: {error}"
    return None


class DriverOutcome(NamedTuple):
    """What one run of the driver did: exit status for git and a line for the user."""

    code: int
    message: str = ""


def run_driver(base: Path, ours: Path, theirs: Path, name: str) -> DriverOutcome:
    """Merge the three files git gives and write the result into ``ours`` (git's %A)."""
    from caseterm.store.infra.merge import path_text
    from caseterm.store.infra.mergetext import MergeFailed, merge_texts

    try:
        texts = [p.read_bytes().decode("utf-8") for p in (base, ours, theirs)]
        merged = merge_texts(*texts)
    except (MergeFailed, OSError, UnicodeDecodeError) as error:
        return _fall_back(base, ours, theirs, name, str(error))
    except Exception as error:  # never lose a merge to a bug: hand it back to git
        return _fall_back(base, ours, theirs, name, f"unexpected error: {error!r}")
    if merged.text != texts[1]:
        _write(ours, merged.text)
    if not merged.conflicts:
        return DriverOutcome(0)
    paths = ", ".join(path_text(c.path) for c in merged.conflicts[:3])
    more = f" and {len(merged.conflicts) - 3} more" if len(merged.conflicts) > 3 else ""
    count = len(merged.conflicts)
    return DriverOutcome(
        1,
        f"{name}: {count} conflict{'s' if count > 1 else ''} ({paths}{more}); "
        "both values are kept in the file: see caseterm conflicts",
    )


def _write(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _fall_back(base: Path, ours: Path, theirs: Path, name: str, reason: str) -> DriverOutcome:
    """Let git's line merge write conflict markers into ``ours``; always a conflict."""
    labels = ["-L", "ours", "-L", "base", "-L", "theirs"]
    done = subprocess.run(
        ["git", "merge-file", *labels, str(ours), str(base), str(theirs)],
        capture_output=True,
        check=False,
    )
    if 0 < done.returncode < 128:
        left = "git's conflict markers are left"
    elif done.returncode == 0:
        left = "git's line-by-line merge is left"
    else:
        left = "ours is left"
    return DriverOutcome(
        1,
        f"{name}: could not merge record by record: {reason}; {left} in the file: "
        f"fix it by hand, then caseterm resolve {name} --edited",
    )
