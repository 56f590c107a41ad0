"""Git through its command line: one commit per change, history per student.

The git CLI is used rather than GitPython: a commit of one file costs 9-36 ms with the CLI
against 12-133 ms with GitPython's index API, GitPython shells out to the same binary for
most work anyway, and importing it costs ~50 ms on every command (docs/architecture.md).
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import NamedTuple

IDENTITY_HELP = (
    "git does not know who you are; set it once with "
    "git config --global user.name 'Your Name' && git config --global user.email you@school.org"
)


class GitError(Exception):
    """A git command failed; the message is git's own last line."""


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env.update(LC_ALL="C", LANGUAGE="C", GIT_TERMINAL_PROMPT="0")
    return env


def run(repo: Path, *args: str, check: bool = True, input: str | None = None) -> str:
    """Run ``git -C repo args`` and return its standard output."""
    done = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        env=_env(),
        input=input,
        check=False,
    )
    if check and done.returncode != 0:
        raise GitError(failure(done.stderr or done.stdout, f"git {args[0]} failed"))
    return done.stdout


_LOCK = r"Unable to create '([^']*\.lock)': File exists"


def failure(output: str, fallback: str) -> str:
    """One line for a failed git command: its last line, or for a left-over lock file
    the exact command that removes it."""
    if found := re.search(_LOCK, output):
        import shlex

        lock = found.group(1)
        return (
            f"git found {lock}: another git command is running here, or one was killed; "
            f"if none is running (ps -C git), remove it: rm {shlex.quote(lock)}"
        )
    lines = output.strip().splitlines()
    return lines[-1] if lines else fallback


def find_repo(path: Path) -> Path | None:
    """The top of the git work tree containing ``path``, or None (no subprocess)."""
    current = path.resolve()
    for folder in (current, *current.parents):
        if (folder / ".git").exists():
            return folder
    return None


def identity(repo: Path) -> str | None:
    """The author identity git would use, or None if none is configured."""
    done = subprocess.run(
        ["git", "-C", str(repo), "var", "GIT_AUTHOR_IDENT"],
        capture_output=True,
        text=True,
        env=_env(),
        check=False,
    )
    if done.returncode != 0:
        return None
    ident = done.stdout.strip()
    return ident.rsplit(" ", 2)[0] if ident else None


def has_identity(repo: Path) -> bool:
    """Whether git knows the author; read from the environment and config files when they
    say it (no process), asked of ``git var`` otherwise."""
    if _configured_identity(repo):
        return True
    return identity(repo) is not None


def _configured_identity(repo: Path) -> bool:
    found = {
        key: bool(os.environ.get(f"GIT_AUTHOR_{key.upper()}"))
        and bool(os.environ.get(f"GIT_COMMITTER_{key.upper()}"))
        for key in ("name", "email")
    }
    if all(found.values()):
        return True
    home = Path.home()
    xdg = os.environ.get("XDG_CONFIG_HOME") or str(home / ".config")
    files = [repo / ".git" / "config", Path(xdg) / "git" / "config", home / ".gitconfig"]
    if os.environ.get("GIT_CONFIG_GLOBAL"):
        files[1:] = [Path(os.environ["GIT_CONFIG_GLOBAL"])]
    for path in files:
        for key in _user_keys(path):
            found[key] = True
    return all(found.values())


def _user_keys(path: Path) -> set[str]:
    """Which of ``user.name`` and ``user.email`` a git config file sets (non-empty)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    keys: set[str] = set()
    section = ""
    for raw in text.splitlines():
        line = raw.strip()
        if line.startswith("["):
            section = line.strip("[]").strip().casefold()
            continue
        key, sep, value = line.partition("=")
        if section == "user" and sep and value.strip().strip('"'):
            name = key.strip().casefold()
            if name in ("name", "email"):
                keys.add(name)
    return keys


def init(path: Path) -> None:
    """Make ``path`` a git repository with ``main`` as its first branch."""
    run(path, "init", "--quiet", "--initial-branch=main")


def commit(repo: Path, paths: Sequence[Path], message: str, new: Sequence[Path] = ()) -> str:
    """Commit exactly ``paths`` (added, changed or removed) and return the new commit id.

    Paths git already tracks take one ``git commit -- PATHS`` (one process: the new commit
    id is read from ``.git``); ``new`` files are added first. When a path is new to git
    anyway, the commit fails and they are all added.
    """
    root = repo.resolve()
    relative = [str(p.resolve().relative_to(root)) for p in paths]
    if new:
        run(repo, "add", "--", *(str(p.resolve().relative_to(root)) for p in new))
    args = ("commit", "--quiet", "--no-verify", "-m", message, "--", *relative)
    try:
        run(repo, *args)
    except GitError:
        run(repo, "add", "--all", "--", *relative)
        run(repo, *args)
    return _read_head(repo) or run(repo, "rev-parse", "HEAD").strip()


_HEX = frozenset("0123456789abcdef")


def _read_head(repo: Path) -> str | None:
    """The commit HEAD points at, read from ``.git`` itself (None: ask git)."""
    folder = repo / ".git"
    try:
        head = (folder / "HEAD").read_text(encoding="ascii").strip()
        if head.startswith("ref: refs/"):
            head = (folder / head[5:]).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return head if len(head) in (40, 64) and set(head) <= _HEX else None


class CommitInfo(NamedTuple):
    """One commit as shown in a history list."""

    sha: str
    author: str
    email: str
    when: datetime
    subject: str
    files: tuple[str, ...] = ()


_SEP = "\x1f"
_END = "\x1e"


def log(repo: Path, paths: Sequence[str] = (), limit: int | None = None) -> list[CommitInfo]:
    """Commits touching ``paths`` (all if empty), newest first, with the files they changed."""
    fmt = _END + _SEP.join(("%H", "%an", "%ae", "%aI", "%s"))
    args = ["log", f"--format={fmt}", "--name-only", "--no-renames"]
    if limit is not None:
        args.append(f"--max-count={limit}")
    try:
        out = run(repo, *args, "--", *paths)
    except GitError as error:
        if "does not have any commits" in str(error):
            return []
        raise
    commits: list[CommitInfo] = []
    for chunk in out.split(_END):
        chunk = chunk.strip("\n")
        if not chunk:
            continue
        head, _, files = chunk.partition("\n")
        if _SEP not in head:
            continue
        sha, author, email, when, subject = head.split(_SEP, 4)
        commits.append(
            CommitInfo(
                sha=sha,
                author=author,
                email=email,
                when=datetime.fromisoformat(when),
                subject=subject,
                files=tuple(f for f in files.splitlines() if f),
            )
        )
    return commits


def show(repo: Path, sha: str, paths: Sequence[str] = ()) -> str:
    """The patch a commit made to ``paths`` (all if empty), as plain unified diff text."""
    return run(repo, "show", "--format=", "--no-color", "--no-ext-diff", sha, "--", *paths)


def head(repo: Path) -> str | None:
    """The current commit id, or None in a repository without commits."""
    try:
        return run(repo, "rev-parse", "--verify", "--quiet", "HEAD").strip() or None
    except GitError:
        return None
