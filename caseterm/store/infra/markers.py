"""Git conflict markers left in a file by a line merge (a forge's web page, no driver)."""

from __future__ import annotations

import re

_MARKER = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(?: .*)?$")


def marker_lines(text: str) -> list[tuple[int, str]]:
    """(1-based line number, marker) of each ``<<<<<<<``, ``=======``, ``>>>>>>>`` line."""
    return [
        (number, match.group(1))
        for number, line in enumerate(text.splitlines(), start=1)
        if (match := _MARKER.match(line))
    ]
