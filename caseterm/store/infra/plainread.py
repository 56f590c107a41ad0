"""One caseload file read for a change, when nothing about it is out of the ordinary.

A change reads a file or two of one student (``data add`` its goals, ``service log`` its
plan) only to check its input against them. ``plain_document`` reads such a file without
the loader's machinery (``store.infra.load`` builds records and problems); anything out of
the ordinary (a link, a missing, big, unreadable or invalid file, an unresolved
conflict) makes it return None, and the caller reads the file through ``load``, which
says what it is. So the answer, and every message, is the loader's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from caseterm.model.fields import MAX_FILE_BYTES
from caseterm.store.infra.atomic import link_in
from caseterm.store.infra.tomltext import TomlSyntaxError, parse

CONFLICT_KEY = "conflict"
"""The table of a file's unresolved merge conflicts (the loader reports each)."""


def plain_document(path: Path, root: Path) -> dict[str, Any] | None:
    """The parsed TOML of ``path`` (a file of the caseload at ``root``), or None: read it
    the detailed way."""
    if link_in(path, root) is not None:
        return None
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return None
        data = parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, TomlSyntaxError):
        return None
    return None if CONFLICT_KEY in data else data
