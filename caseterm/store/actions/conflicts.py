"""List merge conflicts in a caseload and resolve them one by one.

Three kinds: ``value`` (a ``[[conflict]]`` entry the merge driver wrote: ours is in place,
the entry holds ours, theirs and base), ``markers`` (git's ``<<<<<<<`` lines from a merge
made without the driver) and ``unmerged`` (git reports the file as conflicted but it holds
neither, e.g. a file deleted on one side and changed on the other).

Resolving edits the file (the chosen value in place, the entry removed). When a file has
no conflicts left it is staged; when no conflicted file remains the stopped merge, rebase
or cherry-pick is finished. Outside a merge each resolution is one commit.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomlkit

from caseterm.store.infra import git, gitstate, layout
from caseterm.store.infra.atomic import read_text, write_atomic
from caseterm.store.infra.conflictentry import SIDES
from caseterm.store.infra.errors import InputError, NotSaved
from caseterm.store.infra.markers import marker_lines
from caseterm.store.infra.merge import (
    CONFLICT_KEY,
    MISSING,
    canon,
    key_field,
    parse_path,
    path_text,
    record_keys,
)
from caseterm.store.infra.save import FileEdit, validate_edit
from caseterm.store.infra.tomlpatch import patch_table
from caseterm.store.infra.tomltext import TomlSyntaxError, locate, parse

CHOICES = ("ours", "theirs", "base", "value", "edited")


@dataclass(frozen=True, slots=True)
class ConflictInfo:
    """One conflict: where it is, what kind, and (for ``value``) the three values."""

    file: str
    path: str
    kind: str
    ours: Any = MISSING
    theirs: Any = MISSING
    base: Any = MISSING
    line: int = 1
    message: str = ""

    def sides(self) -> dict[str, Any]:
        """The sides that have a value, as a ``[[conflict]]`` entry holds them."""
        values = (("ours", self.ours), ("theirs", self.theirs), ("base", self.base))
        return {side: value for side, value in values if value is not MISSING}


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a resolution did: the file, how many conflicts are left, git's next state."""

    file: str
    resolved: tuple[str, ...]
    left_in_file: int
    staged: bool = False
    commit: str | None = None
    finished: str = ""
    message: str = ""


def caseload_files(root: Path) -> list[Path]:
    """Every TOML file of the caseload: settings, calendars, students' files."""
    files = [root / layout.SETTINGS_FILE]
    files += sorted((root / layout.CALENDAR_DIR).glob("*.toml"))
    files += sorted((root / layout.STUDENTS_DIR).glob("*/*.toml"))
    return [f for f in files if f.is_file()]


def _repo_unmerged(root: Path) -> tuple[Path | None, set[Path]]:
    repo = git.find_repo(root)
    if repo is None or gitstate.operation(repo) is None:
        return repo, set()
    return repo, {(repo / p).resolve() for p in gitstate.unmerged_paths(repo)}


def list_conflicts(root: Path) -> list[ConflictInfo]:
    """All conflicts in the caseload, by file, in the order they appear."""
    _repo, unmerged = _repo_unmerged(root)
    files = {f.resolve(): f for f in caseload_files(root)}
    for path in unmerged:
        files.setdefault(path, path)
    found: list[ConflictInfo] = []
    for resolved in sorted(files, key=lambda p: layout.relative(root.resolve(), p)):
        found += file_conflicts(root, files[resolved], resolved in unmerged)
    return found


def file_conflicts(root: Path, path: Path, unmerged: bool = False) -> list[ConflictInfo]:
    """The conflicts in one file (``unmerged``: git reports it as conflicted)."""
    rel = layout.relative(root.resolve(), path.resolve())
    text = read_text(path)
    if text is None:
        if not unmerged:
            return []
        return [ConflictInfo(rel, "", "unmerged", message=_UNMERGED.format(file=rel))]
    out: list[ConflictInfo] = []
    if "<<<<<<<" in text:
        for line, marker in marker_lines(text):
            if marker.startswith("<"):
                out.append(ConflictInfo(rel, "", "markers", line=line, message=_MARKERS))
        if out:
            return out
    if CONFLICT_KEY in text:
        try:
            entries = parse(text).get(CONFLICT_KEY, [])
        except TomlSyntaxError:
            entries = []
        for index, entry in enumerate(entries if isinstance(entries, list) else [entries]):
            if not isinstance(entry, dict):
                continue
            out.append(
                ConflictInfo(
                    rel,
                    str(entry.get("path", "")),
                    "value",
                    ours=entry.get("ours", MISSING),
                    theirs=entry.get("theirs", MISSING),
                    base=entry.get("base", MISSING),
                    line=_entry_line(text, index),
                )
            )
    if not out and unmerged:
        out.append(ConflictInfo(rel, "", "unmerged", message=_UNMERGED.format(file=rel)))
    return out


_MARKERS = "git's conflict markers: keep the lines you want, delete the markers"
_UNMERGED = (
    "git could not merge this file (e.g. deleted on one side, changed on the other): "
    "take one side with caseterm resolve {file} --ours or --theirs, or fix it by hand "
    "and use --edited"
)


def _entry_line(text: str, index: int) -> int:
    return locate(text, (CONFLICT_KEY, index))[0]


# --- resolving -----------------------------------------------------------------------


def find_file(root: Path, name: str) -> Path:
    """A caseload file named relative to the caseload (or to the current folder)."""
    for candidate in (root / name, Path(name)):
        if candidate.is_file() or _is_unmerged(root, candidate):
            try:
                candidate.resolve().relative_to(root.resolve())
            except ValueError:
                continue
            return candidate
    raise InputError(f"FILE: no file {name!r} in this caseload; see caseterm conflicts")


def _is_unmerged(root: Path, path: Path) -> bool:
    _repo, unmerged = _repo_unmerged(root)
    return path.resolve() in unmerged


def typed_value(text: str, entry: dict[str, Any]) -> Any:
    """``--value``: a string when the sides hold strings, else a TOML value if it parses."""
    sides = [entry[s] for s in SIDES if s in entry]
    if sides and all(isinstance(v, str) for v in sides):
        return text
    try:
        return parse(f"value = {text}")["value"]
    except TomlSyntaxError:
        return text


def resolve(
    root: Path, name: str, path: str | None, choice: str, value: str | None = None
) -> Resolution:
    """Resolve one conflict (``path``) or all of a file's (None) with ours, theirs, base,
    a given value, or ``edited`` (the file was fixed by hand)."""
    if choice not in CHOICES:
        raise InputError(f"choice: use one of {', '.join(CHOICES)}")
    file = find_file(root, name)
    rel = layout.relative(root.resolve(), file.resolve())
    found = file_conflicts(root, file, _is_unmerged(root, file))
    if choice == "edited":
        return _edited(root, file, rel, found)
    if any(c.kind in ("markers", "unmerged") for c in found):
        if path is not None or choice not in ("ours", "theirs"):
            raise InputError(
                f"{rel}: git could not merge it by records: take a whole side with --ours "
                "or --theirs (no PATH), or fix it by hand and use --edited"
            )
        return _take_side(root, file, rel, choice)
    if not found:
        raise InputError(f"{rel}: no conflicts to resolve; see caseterm conflicts")
    if choice == "value" and path is None:
        raise InputError("--value: give the PATH of the one conflict it resolves")
    return _resolve_values(root, file, rel, path, choice, value)


def _resolve_values(
    root: Path, file: Path, rel: str, path: str | None, choice: str, value: str | None
) -> Resolution:
    text = read_text(file) or ""
    data = parse(text)
    entries = data.get(CONFLICT_KEY)
    if not isinstance(entries, list):
        raise InputError(f"{rel}: its [[conflict]] entries are not tables; edit it by hand")
    wanted = None if path is None else _path(path)
    chosen = [
        i
        for i, e in enumerate(entries)
        if isinstance(e, dict) and (wanted is None or _entry_path(e) == wanted)
    ]
    if not chosen:
        known = ", ".join(str(e.get("path")) for e in entries if isinstance(e, dict))
        raise InputError(f"PATH: no conflict at {path!r} in {rel}; conflicts: {known}")
    target = copy.deepcopy(data)
    for index in chosen:
        entry = entries[index]
        segments = _entry_path(entry)
        if segments is None:
            raise InputError(f"{rel}: conflict path {entry.get('path')!r} is not readable")
        chosen_value = (
            typed_value(value or "", entry) if choice == "value" else entry.get(choice, MISSING)
        )
        set_path(target, segments, chosen_value)
    rest = [e for i, e in enumerate(entries) if i not in chosen]
    if rest:
        target[CONFLICT_KEY] = rest
    else:
        del target[CONFLICT_KEY]
    after = _patched(text, target)
    validate_edit(root, FileEdit(file, text, after))
    write_atomic(file, after, text)
    resolved = tuple(str(entries[i].get("path")) for i in chosen)
    return _record(root, file, rel, resolved, len(rest), choice)


def _path(text: str) -> tuple[str, ...]:
    try:
        return parse_path(text)
    except ValueError as error:
        raise InputError(f"PATH: {error}") from None


def _entry_path(entry: dict[str, Any]) -> tuple[str, ...] | None:
    try:
        return parse_path(str(entry.get("path", "")))
    except ValueError:
        return None


def _patched(text: str, target: dict[str, Any]) -> str:
    doc = tomlkit.parse(text)
    patch_table(doc, doc.unwrap(), target)
    after = tomlkit.dumps(doc).rstrip("\n") + "\n"
    if canon(parse(after)) != canon(target):
        raise NotSaved("the resolved file did not come out as chosen (caseterm bug); unchanged")
    return after


def set_path(data: dict[str, Any], path: Sequence[str], value: Any) -> None:
    """Set (or, with ``MISSING``, remove) the value at a conflict path in plain data."""
    node: Any = data
    parent: tuple[dict[str, Any], str] | None = None
    shape: tuple[str, ...] = ()
    for position, segment in enumerate(path):
        last = position == len(path) - 1
        if isinstance(node, dict):
            if last:
                if value is MISSING:
                    node.pop(segment, None)
                else:
                    node[segment] = value
                return
            if segment not in node:
                if value is MISSING:
                    return
                node[segment] = [] if position == len(path) - 2 and isinstance(value, dict) else {}
            parent, node, shape = (node, segment), node[segment], (*shape, segment)
        elif isinstance(node, list):
            keys = record_keys(node, key_field(shape))
            if segment not in keys:
                if last and value is not MISSING:
                    node.append(value)
                    return
                if last:
                    return
                raise InputError(f"PATH: no record {segment!r} in {path_text(tuple(path))}")
            index = keys.index(segment)
            if last:
                if value is MISSING:
                    del node[index]
                    if not node and parent is not None:
                        del parent[0][parent[1]]
                else:
                    node[index] = value
                return
            node = node[index]
        else:
            raise InputError(f"PATH: {path_text(tuple(path))} does not lead to a value")


def _take_side(root: Path, file: Path, rel: str, side: str) -> Resolution:
    repo = git.find_repo(root)
    if repo is None or not _is_unmerged(root, file):
        raise InputError(
            f"{rel}: not in a stopped merge, so there is no {side} version to take; "
            "fix it by hand, then use --edited"
        )
    top = file.resolve().relative_to(repo.resolve()).as_posix()
    stage = "2" if side == "ours" else "3"
    try:
        text = git.run(repo, "show", f":{stage}:{top}")
    except git.GitError:
        git.run(repo, "rm", "--quiet", "--", top)
        return _record(root, file, rel, (f"whole file ({side}: removed)",), 0, side, staged=True)
    write_atomic(file, text, read_text(file))
    return _record(root, file, rel, (f"whole file ({side})",), 0, side)


def _edited(root: Path, file: Path, rel: str, found: list[ConflictInfo]) -> Resolution:
    text = read_text(file)
    if text is not None:
        markers = [c for c in found if c.kind == "markers"]
        if markers:
            raise InputError(f"{rel}:{markers[0].line}: conflict markers are still there")
        try:
            data = parse(text)
        except TomlSyntaxError as error:
            raise InputError(f"{rel}:{error}; fix it first") from None
        if CONFLICT_KEY in data:
            raise InputError(
                f"{rel}: [[conflict]] entries are still there; resolve them "
                "(caseterm conflicts) or delete them"
            )
    return _record(root, file, rel, ("edited by hand",), 0, "edited")


def _record(
    root: Path,
    file: Path,
    rel: str,
    resolved: tuple[str, ...],
    left: int,
    choice: str,
    staged: bool = False,
) -> Resolution:
    """Stage or commit the resolved file and finish the stopped merge when nothing is left."""
    repo = git.find_repo(root)
    if repo is None:
        return Resolution(rel, resolved, left)
    top = file.resolve().relative_to(repo.resolve()).as_posix()
    kind = gitstate.operation(repo)
    if kind is None:
        sha = git.commit(
            repo, [file], f"{rel}: resolve conflict at {', '.join(resolved)} ({choice})"
        )
        return Resolution(rel, resolved, left, commit=sha)
    if left:
        return Resolution(rel, resolved, left)
    if not staged:
        git.run(repo, "add", "--", top)
    remaining = gitstate.unmerged_paths(repo)
    if remaining:
        return Resolution(
            rel,
            resolved,
            0,
            staged=True,
            message=f"{len(remaining)} conflicted file(s) left; see caseterm conflicts",
        )
    done = gitstate.conclude(repo)
    if done is None or not done.done:
        return Resolution(rel, resolved, 0, staged=True, message=done.message if done else "")
    return Resolution(
        rel,
        resolved,
        0,
        staged=True,
        commit=git.head(repo),
        finished=done.kind,
        message=f"{done.kind} finished",
    )
