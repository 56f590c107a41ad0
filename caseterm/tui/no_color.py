"""NO_COLOR: text in the terminal's own colours; highlights (cursor, focus) in reverse video.

Textual's own NO_COLOR filter turns colours into greys, which leaves dark grey text on a
darker grey (overdue deadlines, decision marks). Here every colour becomes the terminal's
default, and a background that stands out from the screen's (a cursor row, a focused tab)
becomes reverse video, so where the cursor is stays visible without colour.
"""

from __future__ import annotations

from functools import lru_cache

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from textual.color import Color
from textual.filter import LineFilter

PLAIN = Style(color=RichColor.default(), bgcolor=RichColor.default(), dim=False)
HIGHLIGHT = PLAIN + Style(reverse=True)
STANDS_OUT = 0.12
"""A background this much lighter or darker than the screen's is a highlight."""


@lru_cache(1024)
def _plain(style: Style, background: Color) -> Style:
    bg = style.bgcolor
    if bg is not None and bg.triplet is not None and not style.reverse:
        r, g, b = bg.triplet
        if abs(Color(r, g, b).brightness - background.brightness) > STANDS_OUT:
            return style + HIGHLIGHT
    return style + PLAIN


class DefaultColours(LineFilter):
    """Every colour replaced by the terminal's default; highlights in reverse video."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        return [
            Segment(text, None if style is None else _plain(style, background), control)
            for text, style, control in segments
        ]


def use_default_colours(filters: list[LineFilter]) -> list[LineFilter]:
    """``filters`` with Textual's grey NO_COLOR filter replaced by ``DefaultColours``."""
    kept = [f for f in filters if type(f).__name__ not in ("Monochrome", "NoColor")]
    return [*kept, DefaultColours()]
