"""Every text the app draws is readable: contrast ratio of at least 4.5:1 against its
background, as WCAG 2.1 success criterion 1.4.3 (Contrast, Minimum) asks of normal text.

The ratio is (L1 + 0.05) / (L2 + 0.05), L1 the relative luminance of the lighter colour and
L2 of the darker; the relative luminance of an sRGB colour is 0.2126 R + 0.7152 G + 0.0722 B
with each channel c (0-1) linearised as c / 12.92 when c <= 0.04045, else
((c + 0.055) / 1.055) ** 2.4 (WCAG 2.1, definitions of "contrast ratio" and "relative
luminance"; https://www.w3.org/TR/WCAG21/#contrast-minimum).

The screens are drawn as the terminal gets them (colours of the app's theme, Rich styles of
``caseterm.tui``, ``dim`` blended into a colour), and every cell holding text is checked
against the background it is drawn on. Box-drawing and block characters (borders, rules,
scrollbars) are not text and are left out, as is what a modal dialog dims behind it (an
inactive component, exempt under 1.4.3).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from rich.color_triplet import ColorTriplet
from rich.segment import Segment
from textual.color import Color
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.theme import Theme, ThemeProvider

from caseterm.tui import colours
from caseterm.tui.app import CasetermApp
from tests.tui_support import make_app, settle

MINIMUM = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2.1 relative luminance of an sRGB colour."""
    r, g, b = rgb
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2.1 contrast ratio, from 1 (same) to 21 (black on white)."""
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_formula_matches_known_ratios() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((119, 119, 119), (255, 255, 255)) == pytest.approx(4.48, abs=0.01)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


def _rgb(triplet: ColorTriplet) -> tuple[int, int, int]:
    return (triplet.red, triplet.green, triplet.blue)


def _is_text(text: str) -> bool:
    return any(not ch.isspace() and not 0x2500 <= ord(ch) <= 0x259F for ch in text)


def failures(app: CasetermApp, where: str) -> dict[tuple[str, str, str], str]:
    """Colour pairs below the minimum on the current screen, with a sample of their text."""
    screen = app.screen
    area = screen.region
    if isinstance(screen, ModalScreen) and screen.children:
        area = screen.children[0].region
    found: dict[tuple[str, str, str], str] = {}
    for y, strip in enumerate(screen._compositor.render_strips()):
        x = 0
        for text, style, _control in strip:
            width = Segment(text).cell_length
            inside = area.y <= y < area.bottom and area.x <= x and x + width <= area.right
            x += width
            if not inside or style is None or not _is_text(text):
                continue
            fg, bg = style.color, style.bgcolor
            assert fg is not None and fg.triplet is not None, (where, text, style)
            assert bg is not None and bg.triplet is not None, (where, text, style)
            front, back = _rgb(fg.triplet), _rgb(bg.triplet)
            if style.reverse:
                front, back = back, front
            ratio = contrast(front, back)
            if ratio < MINIMUM:
                key = (where, f"{fg.triplet.hex} on {bg.triplet.hex}", f"{ratio:.2f}")
                found.setdefault(key, text.strip())
    return found


Step = Callable[[CasetermApp, Pilot[None]], Awaitable[None]]


def _student(student_id: str, tab: str) -> Step:
    async def step(app: CasetermApp, pilot: Pilot[None]) -> None:
        app.open_student(student_id, tab)
        await settle(pilot)

    return step


def _keys(*keys: str) -> Step:
    async def step(app: CasetermApp, pilot: Pilot[None]) -> None:
        await pilot.press(*keys)
        await settle(pilot)

    return step


def _then(*steps: Step) -> Step:
    async def step(app: CasetermApp, pilot: Pilot[None]) -> None:
        for each in steps:
            await each(app, pilot)

    return step


SCREENS: dict[str, Step] = {
    "caseload": _keys(),
    "caseload, filter": _keys("slash", "x"),
    "overview": _student("marcus-d", "overview"),
    "goals": _student("kenji-o", "goals"),
    "goal graph": _then(_student("ines-b", "goals"), _keys("enter")),
    "data": _student("lucia-v", "data"),
    "services": _student("kenji-o", "services"),
    "meetings": _student("tobias-c", "log"),
    "meeting form": _then(_student("tobias-c", "log"), _keys("a")),
    "history": _student("kenji-o", "history"),
    "evaluation": _student("zofia-p", "evaluation"),
    "calendar": _keys("c", "down"),
    "agenda": _keys("c", "down", "enter"),
    "minutes": _keys("m"),
    "problems": _keys("!"),
    "help": _keys("f1"),
}


OFFERED = [theme.name for theme in colours.THEMES]
"""Every theme a user can pick (command palette: *Theme*)."""


async def test_the_palette_offers_only_the_themes_checked_here(sample_copy: Path) -> None:
    """Textual's own themes (each has text under 4.5:1 somewhere) are not offered."""
    app = make_app(sample_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert sorted(app.available_themes) == sorted(OFFERED)
        assert app.theme in OFFERED
        names = [name for name, _callback in ThemeProvider(app.screen).commands]
        assert sorted(names) == sorted(OFFERED)
        titles = [command.title for command in app.get_system_commands(app.screen)]
        assert ("Theme" in titles) == (len(OFFERED) > 1), "a picker only with a choice"


@pytest.mark.parametrize("theme", OFFERED)
@pytest.mark.parametrize("screen", list(SCREENS))
async def test_every_text_on_screen_has_a_contrast_of_at_least_4_5(
    sample_copy: Path, monkeypatch: pytest.MonkeyPatch, screen: str, theme: str
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    app = make_app(sample_copy)
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = theme
        await settle(pilot)
        await SCREENS[screen](app, pilot)
        assert failures(app, screen) == {}


@pytest.mark.parametrize("theme", colours.THEMES, ids=OFFERED)
def test_the_colours_of_marks_read_on_every_background_of_the_theme(theme: Theme) -> None:
    """The Rich styles' colours (``caseterm.tui.colours``) on the theme's backgrounds and on
    the table's alternate rows, where most of them are drawn."""
    variables = theme.to_color_system().generate()
    backgrounds = {name: Color.parse(variables[name]) for name in ("background", "surface")}
    backgrounds["zebra row"] = backgrounds["background"].blend(
        Color.parse(variables["foreground"]), 0.1
    )
    for name in ("RED", "YELLOW", "GREEN", "CYAN"):
        colour = Color.parse(getattr(colours, name)).rgb
        for where, background in backgrounds.items():
            ratio = contrast(colour, background.rgb)
            assert ratio >= MINIMUM, f"{name} on {where}: {ratio:.2f}"
    cursor = Color.parse(variables["block-cursor-background"])
    text = cursor + cursor.get_contrast_text(0.87)  # the cursor's text: "auto 87%"
    assert contrast(text.rgb, cursor.rgb) >= MINIMUM
