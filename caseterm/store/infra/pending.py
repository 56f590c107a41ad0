"""Changes written to disk whose commit failed (a lock file, a full disk): kept in
``.git/caseterm/pending`` and committed, with their own message, before the next save.

Running the failed command again then commits what is on disk instead of adding the same
record a second time.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from caseterm.store.infra import git
from caseterm.store.infra.atomic import FILE_MODE, make_private_dirs
from caseterm.store.infra.driver import git_dir

PENDING = Path("caseterm") / "pending"


class Pending(NamedTuple):
    """One change on disk waiting for its commit: its message and repository paths."""

    message: str
    paths: tuple[str, ...]


def _file(repo: Path) -> Path | None:
    folder = git_dir(repo)
    return None if folder is None else folder / PENDING


def relative(repo: Path, paths: Sequence[Path]) -> tuple[str, ...]:
    """``paths`` as git names them, relative to the top of ``repo``."""
    root = repo.resolve()
    return tuple(sorted(p.resolve().relative_to(root).as_posix() for p in paths))


def remember(repo: Path, paths: Sequence[Path], message: str) -> None:
    """Note a change whose commit failed."""
    path = _file(repo)
    if path is None:
        return
    import json

    make_private_dirs(path.parent)
    line = json.dumps({"message": message, "paths": list(relative(repo, paths))})
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    path.chmod(FILE_MODE)


def waiting(repo: Path) -> list[Pending]:
    """Changes still waiting for a commit, oldest first."""
    path = _file(repo)
    if path is None or not path.is_file():
        return []
    import json  # only when a commit failed earlier

    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
            found.append(Pending(str(entry["message"]), tuple(map(str, entry["paths"]))))
        except (ValueError, KeyError, TypeError):
            continue
    return found


def commit_waiting(repo: Path) -> list[Pending]:
    """Commit each waiting change and return those committed now (one no longer on disk,
    or committed by hand meanwhile, is dropped); GitError if git still fails, leaving the
    rest waiting."""
    entries = waiting(repo)
    path = _file(repo)
    if not entries or path is None:
        return []
    import json

    done: list[Pending] = []
    for index, entry in enumerate(entries):
        if git.run(repo, "status", "--porcelain", "--", *entry.paths).strip():
            git.commit(repo, [repo / p for p in entry.paths], entry.message)
            done.append(entry)
        rest = entries[index + 1 :]
        text = "".join(
            json.dumps({"message": e.message, "paths": list(e.paths)}) + "\n" for e in rest
        )
        if rest:
            path.write_text(text, encoding="utf-8")
        else:
            path.unlink(missing_ok=True)
    return done
