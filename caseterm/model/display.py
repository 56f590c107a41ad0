"""Text from files made safe to show: control characters become visible escapes."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe_text(text: str) -> str:
    """``text`` with control characters (escape sequences included) shown as ``\\xNN``.

    Rich markup is not handled here: display code must still render the result literally
    (``rich.text.Text``, ``markup=False``).
    """
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
