"""Save a change: validate the new text, write it atomically, make one git commit.

A new ``data.toml`` or ``sessions.toml`` (every data point and session logged) is checked
a column at a time (``model.decode_columns``): one the detailed reader accepts without a
problem needs no records built, nor ``model.records`` imported; any other is decoded as
loading decodes it, so the problems, and what is refused, are the same.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from caseterm.model.decode_columns import points_well_formed, sessions_well_formed
from caseterm.model.fields import MAX_FILE_BYTES
from caseterm.store.infra import git, layout, pending
from caseterm.store.infra.atomic import ChangedOnDisk, read_text, write_atomic
from caseterm.store.infra.errors import InputError, NotSaved
from caseterm.store.infra.tomltext import TomlSyntaxError, locate, parse

if TYPE_CHECKING:
    from caseterm.model.decode import KeyProblem

NO_REPO_WARNING = "not a git repository: saved without history (caseterm init starts one)"


class CommitFailed(Exception):
    """The files were written but git could not commit them."""


Decoder = Callable[[dict[str, Any], str], "tuple[Any, list[KeyProblem]]"]


def _decoder_for(path: Path) -> Decoder | None:
    from caseterm.model import decode
    from caseterm.store import kinds

    if path.parent.name == layout.CALENDAR_DIR:
        return decode.decode_calendar
    if path.name == layout.SETTINGS_FILE:
        return decode.decode_settings
    if path.name == layout.SCHEDULE_FILE:
        from caseterm.model.schedule import decode_schedule

        return decode_schedule
    student_file = kinds.FILE.get(path.name)
    return None if student_file is None else student_file.decode


class FileEdit(NamedTuple):
    """New text for one file, and the text it was based on (None: a new file)."""

    path: Path
    before: str | None
    after: str


class Saved(NamedTuple):
    """What a change did: its message, the files it wrote, the commit it made (named
    tuples, like ``FileEdit``: a write command imports no ``dataclasses``, ~6 ms)."""

    message: str
    paths: tuple[Path, ...]
    commit: str | None
    warning: str = ""
    record_id: str = ""
    """The id of the record the change added, if it added one (the CLI prints it)."""


def problems_in(text: str, path: Path, root: Path) -> list[str]:
    """``line:col: message`` for every problem the parser and decoder find in ``text``."""
    try:
        data = parse(text)
    except TomlSyntaxError as error:
        return [str(error)]
    well_formed = _WELL_FORMED.get(path.name)
    if well_formed is not None and path.parent.name != layout.CALENDAR_DIR and well_formed(data):
        return []
    return _decoded_problems(data, text, path, root)


_WELL_FORMED: dict[str, Callable[[dict[str, Any]], bool]] = {
    layout.DATA_FILE: points_well_formed,
    layout.SESSIONS_FILE: sessions_well_formed,
}
"""Files whose well-formed text is known without decoding it (``_decoder_for`` decodes
the rest): a data point or session is appended to them on every ``data add`` and
``service log``."""


def _decoded_problems(data: dict[str, Any], text: str, path: Path, root: Path) -> list[str]:
    decoder = _decoder_for(path)
    if decoder is None:
        return []
    data.pop("conflict", None)
    _value, found = decoder(data, layout.relative(root, path))
    out = []
    for problem in found:
        line, column = locate(text, problem.path)
        out.append(f"{line}:{column}: {problem.message}")
    return out


def _message_only(problem: str) -> str:
    return problem.split(": ", 1)[-1]


def validate_edit(root: Path, edit: FileEdit) -> None:
    """Refuse an edit whose new text is invalid or adds a problem the old text lacked.

    The old text is only parsed when the new one has problems: a clean result needs no
    comparison, and this keeps every append to one parse and decode.
    """
    rel = layout.relative(root, edit.path)
    size = len(edit.after.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        mb = MAX_FILE_BYTES // 1024 // 1024
        raise InputError(
            f"{rel}: the change would make the file {size / 1024 / 1024:.1f} MB; "
            f"caseterm reads files up to {mb} MB"
        )
    if edit.path.suffix != ".toml":
        return
    found = problems_in(edit.after, edit.path, root)
    if not found:
        return
    before = edit.before or ""
    try:
        data = parse(before)
    except TomlSyntaxError as error:
        raise InputError(
            f"{rel}:{error.line}:{error.column}: {error.message}; fix the file first "
            "(caseterm check lists all problems)"
        ) from None
    old = {_message_only(p) for p in _decoded_problems(data, before, edit.path, root)}
    for problem in found:
        if _message_only(problem) not in old:
            raise InputError(f"{rel}: the change would make the file invalid: {problem}")


def save(root: Path, edits: Sequence[FileEdit], message: str, commit: bool = True) -> Saved:
    """Write all edits atomically and commit exactly those files in one commit.

    Nothing is written if any edit is invalid, any file changed on disk since it was read,
    or git has no author identity. Outside a git repository the files are still written
    and ``Saved.warning`` says that there is no history.
    """
    for edit in edits:
        validate_edit(root, edit)
    repo = git.find_repo(root) if commit else None
    warning = NO_REPO_WARNING if commit and repo is None else ""
    if repo is not None and not git.has_identity(repo):
        raise InputError(git.IDENTITY_HELP)
    paths = tuple(edit.path for edit in edits)
    if repo is not None:
        again = _commit_waiting(repo, paths, message)
        if again is not None:
            return Saved(message=message, paths=paths, commit=again, warning=ALREADY_ON_DISK)
    for edit in edits:
        if read_text(edit.path) != edit.before:
            raise NotSaved(
                f"{layout.relative(root, edit.path)} changed on disk since it was read; "
                "nothing was written: run the command again"
            )
    try:
        for edit in edits:
            write_atomic(edit.path, edit.after, edit.before)
    except ChangedOnDisk as error:
        raise NotSaved(str(error)) from None
    sha = None
    if repo is not None:
        try:
            new = [edit.path for edit in edits if edit.before is None]
            sha = git.commit(repo, paths, message, new)
        except git.GitError as error:
            pending.remember(repo, paths, message)
            raise CommitFailed(
                f"saved to disk but not committed: {error}; then run the same command "
                "again: it commits the change on disk instead of adding it twice"
            ) from None
    return Saved(message=message, paths=paths, commit=sha, warning=warning)


ALREADY_ON_DISK = (
    "this change was already on disk from the earlier attempt whose commit failed; "
    "it is committed now, not added a second time"
)


def _commit_waiting(repo: Path, paths: Sequence[Path], message: str) -> str | None:
    """Commit changes whose commit failed earlier; the commit id if this change is one."""
    try:
        done = pending.commit_waiting(repo)
    except git.GitError as error:
        raise CommitFailed(
            f"an earlier change is on disk but not committed and git still fails: {error}; "
            "nothing new was written"
        ) from None
    names = pending.relative(repo, paths)
    if any(entry.message == message and entry.paths == names for entry in done):
        return git.head(repo)
    return None
