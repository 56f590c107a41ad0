"""The one rule for showing text that came from a file, a folder name or git.

Control characters (C0 but tab, newline and the CR of a CRLF line end, DEL, C1: escape
sequences included) become ``\\xNN``; bidirectional overrides, isolates and marks
(U+202A-202E, U+2066-2069, U+200E, U+200F, U+061C) and the line/paragraph separators
U+2028/2029 become ``\\uNNNN``. So a hand-edited key or a folder name can neither drive
the terminal (clipboard, title, colours) nor reorder what is shown. The CLI applies it to
everything it writes (``cli/terminal.py``); the TUI, reports and messages call
``safe_text`` on each value.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
    "|\r(?!\n)"
)


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def safe_text(text: str) -> str:
    """``text`` with control characters shown as ``\\xNN`` and bidi controls as ``\\uNNNN``.

    Rich markup is not handled here: display code must still render the result literally
    (``rich.text.Text``, ``markup=False``).
    """
    return _UNSAFE.sub(_visible, text)


def safe_json(text: str) -> str:
    """JSON text with every character of the rule written as a ``\\uNNNN`` escape.

    Valid JSON still (those characters can only occur inside strings), and unchanged by
    ``safe_text``.
    """
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
