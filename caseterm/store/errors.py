"""Errors a change can end with; the CLI maps ``InputError`` to exit status 2."""

from __future__ import annotations


class InputError(Exception):
    """Bad input (unknown student, invalid value, a file that would become invalid).

    The message is one line naming the field and the accepted form; nothing was written.
    """


class NotSaved(Exception):
    """The change could not be saved (file changed on disk, git failed); nothing was lost."""
