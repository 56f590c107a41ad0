"""A merge, rebase or cherry-pick in progress: which one, what is unmerged, finishing it."""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from caseterm.store.infra import git
from caseterm.store.infra.driver import git_dir

_CONTINUE = {
    "merge": ("commit", "--no-edit", "--quiet"),
    "rebase": ("rebase", "--continue"),
    "cherry-pick": ("cherry-pick", "--continue"),
    "revert": ("revert", "--continue"),
}
_SKIP = {"rebase": ("rebase", "--skip"), "cherry-pick": ("cherry-pick", "--skip")}


def operation(repo: Path) -> str | None:
    """``merge``, ``rebase``, ``cherry-pick`` or ``revert`` if one is stopped, else None."""
    folder = git_dir(repo)
    if folder is None:
        return None
    if (folder / "rebase-merge").is_dir() or (folder / "rebase-apply").is_dir():
        return "rebase"
    for name, marker in (
        ("merge", "MERGE_HEAD"),
        ("cherry-pick", "CHERRY_PICK_HEAD"),
        ("revert", "REVERT_HEAD"),
    ):
        if (folder / marker).exists():
            return name
    return None


def unmerged_paths(repo: Path) -> list[str]:
    """Files git still reports as conflicted, relative to the top of the repository."""
    out = git.run(repo, "diff", "--name-only", "--diff-filter=U", "-z")
    return sorted({p for p in out.split("\0") if p})


def continue_command(kind: str) -> str:
    """What the user would type to finish a stopped operation."""
    return "git " + " ".join(a for a in _CONTINUE[kind] if a != "--quiet")


@dataclass(frozen=True, slots=True)
class Concluded:
    """The outcome of finishing a stopped merge, rebase or cherry-pick."""

    kind: str
    done: bool
    message: str


def conclude(repo: Path) -> Concluded | None:
    """Finish the stopped operation (no editor opens); None if nothing is in progress."""
    kind = operation(repo)
    if kind is None:
        return None
    ran = _git(repo, *_CONTINUE[kind])
    if ran.returncode != 0 and kind in _SKIP and _empty(ran):
        ran = _git(repo, *_SKIP[kind])
    still = operation(repo)
    if ran.returncode == 0 and still is None:
        return Concluded(kind, True, f"{kind} finished")
    if still is not None and unmerged_paths(repo):
        return Concluded(
            kind,
            False,
            f"the {still} stopped again at the next commit with conflicts: see caseterm conflicts",
        )
    lines = (ran.stderr or ran.stdout).strip().splitlines()
    last = lines[-1] if lines else f"git exited with {ran.returncode}"
    return Concluded(
        kind, False, f"could not finish the {kind} ({last}); run {continue_command(kind)}"
    )


def _empty(ran: subprocess.CompletedProcess[str]) -> bool:
    text = (ran.stdout + ran.stderr).lower()
    return "empty" in text or "nothing to commit" in text or "no changes" in text


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, GIT_EDITOR="true", LC_ALL="C", LANGUAGE="C", GIT_TERMINAL_PROMPT="0")
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, env=env, check=False
    )
