"""The key footer, with help and quit first so a narrow terminal never cuts them off.

A screen may name the actions its footer shows (``FOOTER_ACTIONS``): its other keys stay
bound and are listed by F1 and the command palette.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

FIRST = ("help", "app.help", "quit", "app.quit")
QUIT = "q"
"""Quit's own key; ``ctrl+q`` is shown instead where a text field takes the ``q``."""

Shown = dict[tuple[str, str], bool]
"""(action, key) of each key the footer shows, and whether it is enabled."""


def _bare(action: str) -> str:
    return action.removeprefix("app.").removeprefix("screen.")


def footer_actions(screen: Screen[object]) -> frozenset[str] | None:
    """The actions (without ``app.``) ``screen``'s footer shows; None: every shown key."""
    actions: frozenset[str] | None = getattr(screen, "FOOTER_ACTIONS", None)
    return actions


class KeysFooter(Footer):
    """Textual's footer; the help and quit keys come before the screen's own keys.

    When focus moves (the caseload's filter box and back), a screen's keys hide and show
    again; Textual's footer then builds all its key widgets anew (~80 ms on a busy
    machine, most of the Esc key's time at 5,000 students). This one hides and shows the
    keys it already has when the new keys are among them, and builds anew only otherwise.
    """

    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        wanted = footer_actions(self.screen)
        if wanted is not None:
            widgets = [
                w
                for w in widgets
                if not isinstance(w, FooterKey)
                or w.has_class("-command-palette")
                or _bare(w.action) in wanted
            ]

        def rank(widget: object) -> int:
            action = widget.action if isinstance(widget, FooterKey) else ""
            return FIRST.index(action) // 2 if action in FIRST else 2

        active = self.screen.active_bindings.get(QUIT)
        q_quits = active is not None and active.binding.action in ("quit", "app.quit")
        for widget in widgets:
            if isinstance(widget, FooterKey) and widget.action in FIRST[2:] and q_quits:
                widget.key, widget.key_display = QUIT, QUIT
        yield from sorted(widgets, key=rank)

    def _shown(self) -> Shown:
        """What ``Footer.compose`` would show now: the first binding of each action."""
        shown: Shown = {}
        actions: set[str] = set()
        wanted = footer_actions(self.screen)
        for _node, binding, enabled, _tip in self.screen.active_bindings.values():
            if wanted is not None and _bare(binding.action) not in wanted:
                continue
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                shown[(binding.action, binding.key)] = enabled
        return shown

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self.is_attached and screen is self.screen and self._toggle():
            self._bindings_ready = True
            return
        super().bindings_changed(screen)

    def _toggle(self) -> bool:
        """Show exactly the keys of ``_shown`` by hiding and showing the key widgets;
        False when that is not possible (a key without a widget, or grouped keys)."""
        if not self._bindings_ready or not self.app.app_focus:
            return False
        keys = list(self.query_children(FooterKey))
        if len(keys) != len(self.children) or not keys:
            return False
        palette = [k for k in keys if k.has_class("-command-palette")]
        have = {(k.action, k.key): k for k in keys if k not in palette}
        shown = self._shown()
        if any(
            have.get(name) is None or have[name]._disabled != (not on) for name, on in shown.items()
        ):
            return False
        for name, key in have.items():
            key.display = name in shown
        self.styles.grid_size_columns = len(shown)
        return True
