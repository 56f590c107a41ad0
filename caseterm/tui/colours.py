"""Colours that stay readable: every text colour of the app's theme against its background
reaches the WCAG 2.1 contrast ratio of 4.5:1 (success criterion 1.4.3), checked by
``tests/tui/test_tui_contrast.py``.

Rich styles in ``caseterm.tui`` use these hex colours, not ANSI names: a name such as
``red`` becomes ``#f4005f`` through Textual's ANSI theme in a table but ``#ff0000`` in a
``Static``, and several of those fail on the dark grey rows. ``dim`` text is drawn half way
between the text and its background by Textual (4.3:1 on the screen's background); the
``ReadableDim`` filter blends less. Under ``NO_COLOR`` every colour is the terminal's own
(``caseterm.tui.no_color``).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from rich.color import Color as RichColor
from rich.segment import Segment
from rich.style import Style
from rich.terminal_theme import TerminalTheme
from textual.color import Color
from textual.filter import LineFilter
from textual.theme import BUILTIN_THEMES

RED = "#ff6b6b"
"""Overdue, change instruction, owed minutes (5.4:1 on the darkest zebra row)."""
YELLOW = "#e5c07b"
"""Due soon, short so far, stale, missed."""
GREEN = "#98e024"
"""Raise the goal; the aimline."""
CYAN = "#58d1eb"
"""The trend line."""

LATE = f"bold {RED}"
SOON = f"bold {YELLOW}"

DIM_FACTOR = 0.65
"""How far dim text is from its background towards its colour (Textual's own: 0.5)."""

THEME = replace(
    BUILTIN_THEMES["textual-dark"],
    name="caseterm-dark",
    # Textual's #0178d4 gives 3.8:1 under the cursor's light text; #ba3c5b 3.1:1 on a form.
    primary="#005fa8",
    error=RED,
    variables={"block-cursor-background": "#005fa8"},
)
"""Textual's dark theme with a darker primary (cursor rows, buttons) and a lighter error."""

THEMES = (THEME,)
"""The themes the app offers (command palette: *Theme*). Textual's own themes are left
out: each of them draws some text below 4.5:1 (the cursor row, the footer's keys, a
form's labels or the marks' colours above, which are the same in every theme), and
``tests/tui/test_tui_contrast.py`` checks every screen in every theme offered here."""


def _truecolor(color: RichColor, theme: TerminalTheme, foreground: bool) -> RichColor:
    if color.triplet is not None:
        return color
    return RichColor.from_triplet(color.get_truecolor(theme, foreground=foreground))


@lru_cache(1024)
def _undim(style: Style, background: Color, theme: TerminalTheme) -> Style:
    color = style.color
    if color is None or color.is_default:
        return style
    fg = _truecolor(color, theme, True).get_truecolor()
    bgcolor = style.bgcolor
    bg = (
        background.rich_color
        if bgcolor is None or bgcolor.is_default
        else _truecolor(bgcolor, theme, False)
    ).get_truecolor()
    blended = RichColor.from_rgb(*(b + (f - b) * DIM_FACTOR for f, b in zip(fg, bg, strict=True)))
    return style + Style(color=blended, dim=False)


class ReadableDim(LineFilter):
    """``dim`` text drawn in a colour blended ``DIM_FACTOR`` of the way from its background."""

    def __init__(self, theme: TerminalTheme) -> None:
        super().__init__()
        self.theme = theme

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        theme = self.theme
        return [
            Segment(text, _undim(style, background, theme), control)
            if style is not None and style.dim
            else Segment(text, style, control)
            for text, style, control in segments
        ]
