"""F1: the keys that work where the user is, read from the live bindings (as Posting does)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from caseterm.tui.marks import LEGEND

INTRO = (
    "caseterm keeps each student's plan, goals, data, sessions and meetings as TOML files in "
    "git. Every save is one commit. Files changed on disk (git pull, an editor, a script) are "
    "reloaded, never overwritten."
)
ANYWHERE = (
    ("ctrl+p", "command palette: open a student, any action"),
    ("tab", "next field or widget"),
)


@dataclass(frozen=True)
class KeyLine:
    """One action and every key bound to it."""

    keys: str
    description: str


def _title(node: DOMNode) -> str:
    if isinstance(node, App):
        return "Everywhere"
    title = getattr(node, "HELP_TITLE", None)
    if isinstance(title, str):
        return title
    return type(node).__name__.removesuffix("Screen").removesuffix("Pane")


def _own_keys(cls: type) -> set[tuple[str, str]]:
    """(key, action) of the bindings caseterm's own classes declare, not Textual's."""
    own: set[tuple[str, str]] = set()
    for base in cls.__mro__:
        if base.__module__.startswith("caseterm"):
            declared = [b for b in vars(base).get("BINDINGS", ()) if isinstance(b, Binding)]
            own.update((b.key, b.action) for b in Binding.make_bindings(declared))
    return own


def help_sections(screen: Screen[object]) -> list[tuple[str, list[KeyLine]]]:
    """The bindings active on ``screen`` (its focused widget, the screen, the app), one line
    per action with all its keys, grouped by the widget that owns them, innermost first.
    Keys that Textual's own classes bind (scrolling, focus, copy) are left out."""
    app = screen.app
    grouped: dict[int, tuple[DOMNode, dict[str, tuple[list[str], Binding]]]] = {}
    for key, active in screen.active_bindings.items():
        node, binding = active.node, active.binding
        if not binding.description or (key, binding.action) not in _own_keys(type(node)):
            continue
        _, actions = grouped.setdefault(id(node), (node, {}))
        keys, _ = actions.setdefault(binding.action, ([], binding))
        shown = app.get_key_display(Binding(key, binding.action))
        if shown not in keys:
            keys.append(shown)
    sections = [
        (_title(node), [KeyLine(" ".join(keys), b.description) for keys, b in actions.values()])
        for node, actions in grouped.values()
    ]
    sections.sort(key=lambda section: section[0] == "Everywhere")
    sections.append(("Anywhere", [KeyLine(k, d) for k, d in ANYWHERE]))
    return sections


def _keys_table(sections: list[tuple[str, list[KeyLine]]]) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1))
    table.add_column(no_wrap=True, min_width=10)
    table.add_column()
    for title, lines in sections:
        table.add_row(Text(title, style="bold underline"), "")
        for line in lines:
            table.add_row(Text("  " + line.keys), Text(line.description))
    return table


class HelpScreen(ModalScreen[None]):
    """Keys and what they do on the screen below; escape or F1 closes."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close", id="help.close"),
        Binding("f1", "dismiss", "Close", show=False, id="help.close_f1"),
    ]

    def __init__(self, sections: list[tuple[str, list[KeyLine]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Text(INTRO), id="help-intro")
            yield Static(Text(f"Goal marks: {LEGEND}"), id="help-legend")
            yield Static(_keys_table(self.sections), id="help-keys")

    def on_mount(self) -> None:
        self.query_one("#help-box").focus()

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
