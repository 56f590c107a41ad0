"""Errors a change can end with; the CLI maps ``InputError`` to exit status 2."""

from __future__ import annotations


class InputError(Exception):
    """Bad input (unknown student, invalid value, a file that would become invalid).

    The message is one line naming the field and the accepted form; nothing was written.
    """


class NotSaved(Exception):
    """The change could not be saved (file changed on disk, git failed); nothing was lost."""


def os_error_message(error: OSError) -> str:
    """One line for a file-system failure: what could not be done and what to do."""
    import errno

    where = error.filename if error.filename is not None else "a file of the caseload"
    reason = {
        errno.ENOSPC: "the disk is full: free some space, then run the command again",
        errno.EDQUOT: "your disk quota is used up: free some space, then run the command again",
        errno.EROFS: "the file system is read-only: copy the caseload somewhere writable",
        errno.EACCES: "permission denied: check who owns the caseload folder (ls -l)",
        errno.EPERM: "operation not permitted: check who owns the caseload folder (ls -l)",
    }.get(error.errno or 0, error.strerror or str(error))
    return f"cannot write or read {where}: {reason}"
