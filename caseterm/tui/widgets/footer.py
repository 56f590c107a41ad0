"""The key footer, with help and quit first so a narrow terminal never cuts them off."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

FIRST = ("help", "app.help", "quit", "app.quit")
QUIT = "q"
"""Quit's own key; ``ctrl+q`` is shown instead where a text field takes the ``q``."""


class KeysFooter(Footer):
    """Textual's footer; the help and quit keys come before the screen's own keys."""

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())

        def rank(widget: object) -> int:
            action = widget.action if isinstance(widget, FooterKey) else ""
            return FIRST.index(action) // 2 if action in FIRST else 2

        active = self.screen.active_bindings.get(QUIT)
        q_quits = active is not None and active.binding.action in ("quit", "app.quit")
        for widget in widgets:
            if isinstance(widget, FooterKey) and widget.action in FIRST[2:] and q_quits:
                widget.key, widget.key_display = QUIT, QUIT
        yield from sorted(widgets, key=rank)
