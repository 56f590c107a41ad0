"""Sharing a caseload through a git remote: clone, sync (fetch, merge, push), status.

``sync`` commits valid hand edits first (a hand edit that ``caseterm check`` would reject
stops the sync, nothing is sent), fetches, merges with caseterm's merge driver, and pushes;
a push rejected because a co-teacher pushed meanwhile is retried after another fetch and
merge, a few times. It never force-pushes, and a local commit is kept whatever the network
does. The time of the last successful sync is kept under ``.git/caseterm/``, outside the
work tree.
"""

from __future__ import annotations

import os
import stat
import subprocess
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from caseterm.store.infra import driver, git, gitstate, layout
from caseterm.store.infra.atomic import (
    DIR_MODE,
    FILE_MODE,
    link_in,
    link_message,
    make_private_dirs,
)
from caseterm.store.infra.load import load_student
from caseterm.store.infra.save import problems_in

NETWORK_TIMEOUT = 120
PUSH_ATTEMPTS = 3
LAST_SYNC = Path("caseterm") / "last-sync"


class SyncError(Exception):
    """Sync stopped; ``kind`` says why (``offline``, ``auth``, ``no-remote``...)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """For a status line: where we sync to, commits not yet sent or received, last sync."""

    branch: str | None
    remote: str | None
    upstream: str | None
    ahead: int
    behind: int
    last_sync: datetime | None
    operation: str | None


@dataclass(frozen=True, slots=True)
class SyncReport:
    """What a sync did. ``conflicts`` non-empty: the merge stopped and nothing was sent."""

    remote: str
    branch: str
    hand_edits: str | None = None
    received: int = 0
    sent: int = 0
    merge_commit: str | None = None
    conflicts: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class Cloned:
    """A new clone and anything the user should know about it."""

    path: Path
    warnings: tuple[str, ...] = ()


# --- status --------------------------------------------------------------------------


def current_branch(repo: Path) -> str | None:
    """The checked-out branch, read from ``HEAD`` (None when detached)."""
    folder = driver.git_dir(repo)
    if folder is None:
        return None
    try:
        head = (folder / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        return None
    prefix = "ref: refs/heads/"
    return head.removeprefix(prefix) if head.startswith(prefix) else None


def _upstream(repo: Path, branch: str) -> tuple[str, str] | None:
    """(remote, remote branch) configured for ``branch``, if any."""
    out = git.run(
        repo,
        "for-each-ref",
        "--format=%(upstream:remotename)\t%(upstream:remoteref)",
        f"refs/heads/{branch}",
    ).strip()
    remote, _, ref = out.partition("\t")
    if not remote or not ref.startswith("refs/heads/"):
        return None
    return remote, ref.removeprefix("refs/heads/")


def _target(repo: Path, branch: str) -> tuple[str, str] | None:
    """Where ``branch`` syncs: its upstream, else ``origin`` (or the only remote)."""
    configured = _upstream(repo, branch)
    if configured is not None:
        return configured
    remotes = git.run(repo, "remote").split()
    if "origin" in remotes:
        return "origin", branch
    if len(remotes) == 1:
        return remotes[0], branch
    if remotes:
        raise SyncError(
            "no-remote",
            f"several remotes ({', '.join(remotes)}) and none chosen: "
            f"git branch --set-upstream-to=REMOTE/{branch}",
        )
    return None


def _ref_exists(repo: Path, ref: str) -> bool:
    return bool(git.run(repo, "rev-parse", "--verify", "--quiet", ref, check=False).strip())


def _counts(repo: Path, ref: str) -> tuple[int, int]:
    out = git.run(repo, "rev-list", "--left-right", "--count", f"HEAD...{ref}").split()
    return int(out[0]), int(out[1])


def last_sync(repo: Path) -> datetime | None:
    """When this clone last synced successfully (kept under ``.git/``)."""
    folder = driver.git_dir(repo)
    if folder is None:
        return None
    try:
        return datetime.fromisoformat((folder / LAST_SYNC).read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None


def _record_sync(repo: Path, now: datetime | None) -> None:
    folder = driver.git_dir(repo)
    if folder is None:
        return
    path = folder / LAST_SYNC
    make_private_dirs(path.parent)
    path.write_text((now or datetime.now(UTC)).isoformat(timespec="seconds") + "\n")
    path.chmod(FILE_MODE)


def sync_status(root: Path) -> SyncStatus:
    """Ahead/behind counts against the last fetched remote state (no network), last sync."""
    repo = git.find_repo(root)
    if repo is None:
        return SyncStatus(None, None, None, 0, 0, None, None)
    branch = current_branch(repo)
    target = _target(repo, branch) if branch else None
    ahead = behind = 0
    upstream = None
    if target is not None:
        upstream = f"{target[0]}/{target[1]}"
        ref = f"refs/remotes/{upstream}"
        if git.head(repo) is not None and _ref_exists(repo, ref):
            ahead, behind = _counts(repo, ref)
    return SyncStatus(
        branch=branch,
        remote=target[0] if target else None,
        upstream=upstream,
        ahead=ahead,
        behind=behind,
        last_sync=last_sync(repo),
        operation=gitstate.operation(repo),
    )


# --- network -------------------------------------------------------------------------

_AUTH = (
    "permission denied",
    "authentication failed",
    "could not read username",
    "could not read password",
    "terminal prompts disabled",
    "access denied",
    "host key verification failed",
    "401",
    "403",
)
_NOT_FOUND = (
    "does not appear to be a git repository",
    "repository not found",
    "not found",
    "no such file or directory",
    "does not exist",
)
_OFFLINE = (
    "could not resolve",
    "name resolution",
    "network is unreachable",
    "connection refused",
    "connection timed out",
    "operation timed out",
    "no route to host",
    "failed to connect",
    "couldn't connect",
    "connection reset",
    "connection closed",
    "unable to access",
)
_REJECTED = (
    "[rejected]",
    "[remote rejected]",
    "non-fast-forward",
    "fetch first",
    "updates were rejected",
    "failed to update ref",
    "hook declined",
)


def _network(
    repo: Path | None, args: list[str], cwd: Path | None = None, interactive: bool = True
) -> str:
    """Run a git command that talks to a remote; raise a classified ``SyncError``.

    Not ``interactive`` (from the TUI): git runs without a controlling terminal, so ssh
    cannot ask for a password over the screen; it fails as an authentication error instead.
    """
    command = ["git", *(["-C", str(repo)] if repo else []), *args]
    env = dict(os.environ, LC_ALL="C", LANGUAGE="C", GIT_TERMINAL_PROMPT="0")
    try:
        done = subprocess.run(
            command,
            capture_output=True,
            text=True,
            env=env,
            cwd=cwd,
            timeout=NETWORK_TIMEOUT,
            check=False,
            stdin=None if interactive else subprocess.DEVNULL,
            start_new_session=not interactive,
        )
    except subprocess.TimeoutExpired:
        raise SyncError(
            "offline",
            f"git {args[0]} timed out after {NETWORK_TIMEOUT} s: the remote is unreachable; "
            "your work is committed here, sync again later",
        ) from None
    if done.returncode == 0:
        return done.stdout + done.stderr
    raise _classify(args[0], done.stderr or done.stdout)


def _classify(command: str, output: str) -> SyncError:
    lines = [line.strip() for line in output.strip().splitlines() if line.strip()]

    def line_with(markers: tuple[str, ...]) -> str | None:
        for line in lines:
            if any(m in line.lower() for m in markers):
                return line.removeprefix("fatal: ").removeprefix("error: ")
        return None

    if detail := line_with(_REJECTED):
        said = [ln.removeprefix("remote:").strip() for ln in lines if ln.startswith("remote:")]
        said = [line for line in said if line]
        reason = f"; the remote says: {' / '.join(said)}" if said else ""
        return SyncError("rejected", f"the remote refused the push: {detail}{reason}")
    if detail := line_with(_AUTH):
        return SyncError(
            "auth",
            f"the remote refused your credentials ({detail}); check your SSH key or access "
            "token for this remote (git remote -v)",
        )
    if detail := line_with(_OFFLINE):
        return SyncError(
            "offline",
            f"cannot reach the remote ({detail}): offline or the server is down; "
            "your work is committed here, sync again later",
        )
    if detail := line_with(_NOT_FOUND):
        return SyncError(
            "not-found", f"no repository at the remote's address ({detail}); check git remote -v"
        )
    last = lines[-1].removeprefix("fatal: ") if lines else "no message"
    return SyncError("git", f"git {command} failed: {last}")


# --- clone ---------------------------------------------------------------------------


def clone(url: str, dest: Path, now: datetime | None = None) -> Cloned:
    """Clone a shared caseload, install the merge driver, make the files private."""
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise SyncError("exists", f"DIR: {dest} already exists and is not empty; choose a new one")
    make_private_dirs(dest.parent)
    _network(None, ["clone", "--quiet", url, str(dest)])
    driver.install(dest)
    _check_out_a_branch(dest)
    _make_private(dest)
    _record_sync(dest, now)
    warnings = []
    if not (dest / layout.SETTINGS_FILE).is_file():
        warnings.append(f"{url} has no {layout.SETTINGS_FILE}: it is not (yet) a caseload")
    attributes = dest / ".gitattributes"
    if not attributes.is_file() or "merge=caseterm" not in attributes.read_text(encoding="utf-8"):
        warnings.append(
            ".gitattributes lacks '*.toml merge=caseterm': co-teachers' changes will be "
            "merged line by line; add that line and commit it"
        )
    return Cloned(dest, tuple(warnings))


def _check_out_a_branch(repo: Path) -> None:
    """A bare remote's HEAD may name a branch nobody pushed (``master`` while the caseload
    uses ``main``): then check out ``main``, or the only branch there is."""
    if git.head(repo) is not None:
        return
    branches = git.run(repo, "for-each-ref", "--format=%(refname:strip=3)", "refs/remotes/origin")
    names = [b for b in branches.split() if b != "HEAD"]
    chosen = "main" if "main" in names else (names[0] if len(names) == 1 else None)
    if chosen is not None:
        git.run(repo, "checkout", "--quiet", "-B", chosen, "--track", f"origin/{chosen}")


def _make_private(root: Path, only_loose: bool = False) -> None:
    """Folders 0700 and files 0600 in the work tree; symbolic links are never followed.

    ``only_loose`` (each sync, after a merge or a plain ``git pull``, which write files with
    the umask): only remove group and other permissions, keeping the owner's.
    """
    if not only_loose:
        root.chmod(DIR_MODE)
        if (root / ".git").is_dir() and not (root / ".git").is_symlink():
            (root / ".git").chmod(DIR_MODE)
    for folder, dirs, files in os.walk(root):
        if ".git" in dirs:
            dirs.remove(".git")
        for name in dirs:
            _chmod_no_follow(Path(folder) / name, DIR_MODE, only_loose)
        for name in files:
            _chmod_no_follow(Path(folder) / name, FILE_MODE, only_loose)


def _chmod_no_follow(path: Path, mode: int, only_loose: bool = False) -> None:
    """``chmod`` unless ``path`` is a symbolic link (Linux cannot change a link's mode);
    ``only_loose`` just takes group and other permissions away."""
    try:
        info = path.lstat()
    except OSError:
        return
    if stat.S_ISLNK(info.st_mode):
        return
    if only_loose:
        current = stat.S_IMODE(info.st_mode)
        if current & 0o077:
            path.chmod(current & 0o700)
        return
    path.chmod(mode)


# --- sync ----------------------------------------------------------------------------


def sync(
    root: Path,
    attempts: int = PUSH_ATTEMPTS,
    now: datetime | None = None,
    interactive: bool = True,
) -> SyncReport:
    """Commit valid hand edits, fetch, merge with the driver, push; retry a rejected push.

    ``interactive=False`` (the TUI) never lets ssh or git prompt on the terminal.
    """
    repo = git.find_repo(root)
    if repo is None:
        raise SyncError("no-repo", "not a git repository: nothing to sync (caseterm init)")
    driver.ensure_installed(repo)
    busy = gitstate.operation(repo)
    if busy is not None:
        raise SyncError(
            "busy",
            f"a {busy} is in progress: resolve its conflicts (caseterm conflicts), then sync again",
        )
    branch = current_branch(repo)
    if branch is None:
        raise SyncError("detached", "not on a branch: git switch main (or your branch), then sync")
    target = _target(repo, branch)
    if target is None:
        raise SyncError(
            "no-remote",
            "no remote to sync with: add one with git remote add origin URL (docs/sharing.md)",
        )
    remote, remote_branch = target
    _make_private(repo, only_loose=True)
    hand = commit_hand_edits(root, repo)
    received = 0
    merge_commit = None
    warnings: list[str] = []
    last_refusal = ""
    for _attempt in range(attempts):
        _network(repo, ["fetch", "--quiet", remote], interactive=interactive)
        ref = f"refs/remotes/{remote}/{remote_branch}"
        known = _ref_exists(repo, ref)
        if known and _counts(repo, ref)[1]:
            merged = _merge(root, repo, remote, ref)
            received += merged.received
            merge_commit = merged.commit or merge_commit
            warnings += merged.warnings
            if merged.conflicts:
                return SyncReport(
                    remote,
                    branch,
                    hand_edits=hand,
                    received=received,
                    merge_commit=merge_commit,
                    conflicts=merged.conflicts,
                    warnings=tuple(warnings),
                )
        ahead = _counts(repo, ref)[0] if known else _commit_count(repo)
        if ahead == 0:
            _record_sync(repo, now)
            return SyncReport(remote, branch, hand, received, 0, merge_commit, (), tuple(warnings))
        upstream = [] if _upstream(repo, branch) else ["--set-upstream"]
        try:
            _network(
                repo,
                ["push", "--quiet", *upstream, remote, f"HEAD:refs/heads/{remote_branch}"],
                interactive=interactive,
            )
        except SyncError as error:
            if error.kind == "rejected":
                last_refusal = str(error)
                continue
            raise
        _record_sync(repo, now)
        return SyncReport(remote, branch, hand, received, ahead, merge_commit, (), tuple(warnings))
    raise SyncError(
        "rejected",
        f"the push was rejected {attempts} times ({last_refusal}); your work is committed "
        "here: if the remote kept changing, run caseterm sync again; if it refuses your "
        "pushes, ask whoever runs it",
    )


def _commit_count(repo: Path) -> int:
    return int(git.run(repo, "rev-list", "--count", "HEAD").strip() or 0)


@dataclass(frozen=True, slots=True)
class _Merged:
    received: int
    commit: str | None
    conflicts: tuple[str, ...]
    warnings: list[str]


def _merge(root: Path, repo: Path, remote: str, ref: str) -> _Merged:
    _require_identity(repo)
    authors = git.run(repo, "log", "--no-merges", "--format=%an", f"HEAD..{ref}").splitlines()
    received = len(authors)
    who = ", ".join(dict.fromkeys(authors))
    plural = "s" if received != 1 else ""
    message = f"Sync with {remote}: merge {received} change{plural} by {who}"
    before = git.head(repo)
    done = subprocess.run(
        ["git", "-C", str(repo), "merge", "--no-edit", "-m", message, ref],
        capture_output=True,
        text=True,
        env=dict(os.environ, LC_ALL="C", LANGUAGE="C", GIT_EDITOR="true"),
        check=False,
    )
    _make_private(repo, only_loose=True)
    if done.returncode != 0:
        unmerged = gitstate.unmerged_paths(repo)
        if unmerged:
            prefix = "caseterm: "
            driver_said = [
                line.removeprefix(prefix)
                for line in done.stderr.splitlines()
                if line.startswith(prefix)
            ]
            return _Merged(received, None, tuple(unmerged), driver_said)
        lines = (done.stderr or done.stdout).strip().splitlines()
        raise SyncError("git", f"git merge failed: {lines[-1] if lines else done.returncode}")
    after = git.head(repo)
    changed = git.run(repo, "diff", "--name-only", f"{before}", f"{after}").splitlines()
    fast_forward = after == git.run(repo, "rev-parse", ref).strip()
    return _Merged(received, None if fast_forward else after, (), check_files(root, repo, changed))


def check_files(root: Path, repo: Path, names: list[str]) -> list[str]:
    """``caseterm check`` problems of the students and files a merge changed."""
    warnings: list[str] = []
    students: set[str] = set()
    for name in names:
        path = repo / name
        rel = layout.relative(root.resolve(), path.resolve())
        parts = rel.split("/")
        if len(parts) == 3 and parts[0] == layout.STUDENTS_DIR:
            students.add(parts[1])
        elif (link := link_in(path, root)) is not None:
            warnings.append(link_message(link))
        elif path.suffix == ".toml" and path.is_file():
            text = path.read_text(encoding="utf-8")
            warnings += [f"{rel}:{problem}" for problem in problems_in(text, path, root)]
    for student in sorted(students):
        if layout.student_file(root, student, layout.PROFILE_FILE).is_file():
            warnings += [str(problem) for problem in load_student(root, student)[1]]
    return warnings


def _require_identity(repo: Path) -> None:
    if git.identity(repo) is None:
        raise SyncError("identity", git.IDENTITY_HELP)


def hand_edits(root: Path, repo: Path) -> list[Path]:
    """Files changed outside caseterm: tracked changes, and new TOML files of the caseload."""
    scope = root.resolve().relative_to(repo.resolve()).as_posix() or "."
    out = git.run(repo, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", scope)
    fields = out.split("\0")
    found: list[Path] = []
    index = 0
    while index < len(fields):
        entry = fields[index]
        index += 1
        if len(entry) < 4:
            continue
        status, name = entry[:2], entry[3:]
        if "R" in status or "C" in status:
            index += 1
        path = repo / name
        if status == "??" and not _caseload_toml(root, path):
            continue
        if status != "!!":
            found.append(path)
    return found


def _caseload_toml(root: Path, path: Path) -> bool:
    rel = layout.relative(root.resolve(), path.resolve())
    return rel in (layout.SETTINGS_FILE, layout.SCHEDULE_FILE) or (
        rel.endswith(".toml") and rel.split("/", 1)[0] in (layout.CALENDAR_DIR, layout.STUDENTS_DIR)
    )


def commit_hand_edits(root: Path, repo: Path) -> str | None:
    """Commit hand edits that pass ``caseterm check``; stop (SyncError) on one that fails."""
    paths = hand_edits(root, repo)
    if not paths:
        return None
    for path in paths:
        if (link := link_in(path, root)) is not None:
            raise SyncError("invalid", f"{link_message(link)}; nothing was synced")
        if path.suffix == ".toml" and path.is_file():
            problems = problems_in(path.read_text(encoding="utf-8"), path, root)
            if problems:
                rel = layout.relative(root.resolve(), path.resolve())
                raise SyncError(
                    "invalid",
                    f"{rel}:{problems[0]}: fix this hand edit (caseterm check) and sync "
                    "again; nothing was synced",
                )
    _require_identity(repo)
    names = [layout.relative(root.resolve(), p.resolve()) for p in paths]
    shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    return git.commit(repo, paths, f"Hand edits: {shown} (committed by caseterm sync)")
