"""The key footer, with help and quit first so a narrow terminal never cuts them off.

A screen may name the actions its footer shows (``FOOTER_ACTIONS``): its other keys stay
bound and are listed by F1 and the command palette. Keys that would not fit the width
whole are left out (Textual's own footer cuts the last one mid-word: "! Pr", "f A").
"""

from __future__ import annotations

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

FIRST = ("help", "app.help", "quit", "app.quit")
QUIT = "q"
"""Quit's own key; ``ctrl+q`` is shown instead where a text field takes the ``q``."""

Shown = dict[tuple[str, str], bool]
"""(action, key) of each key the footer shows, and whether it is enabled."""


PALETTE_WIDTH = 13
"""The command palette's key at the right: ``▏^p palette`` and its padding."""


def _bare(action: str) -> str:
    return action.removeprefix("app.").removeprefix("screen.")


def key_width(key_display: str, description: str) -> int:
    """Columns a footer key takes: a blank, the key, a blank, its words, a blank."""
    return cell_len(key_display) + cell_len(description) + 3


def fitting(widths: list[tuple[str, int]], room: int) -> set[int]:
    """Indexes of the keys (action, width) that fit whole into ``room`` columns: help and
    quit, then the others in order up to the first that does not fit."""
    kept: set[int] = set()
    used, full = 0, False
    for index, (action, width) in enumerate(widths):
        full = full or used + width > room
        if action in FIRST or not full:
            kept.add(index)
            used += width
    return kept


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

    _quit_key: tuple[str, str] | None = None
    """The quit key widget's own key and display (it shows ``q`` while ``q`` quits)."""

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

        q_quits = self._q_quits()
        self._quit_key = None
        for widget in widgets:
            if isinstance(widget, FooterKey) and widget.action in FIRST[2:]:
                self._quit_key = (widget.key, widget.key_display)
                if q_quits:
                    widget.key, widget.key_display = QUIT, QUIT
        ordered = sorted(widgets, key=rank)
        keys = [w for w in ordered if isinstance(w, FooterKey)]
        own = [k for k in keys if not k.has_class("-command-palette")]
        kept = fitting(
            [(k.action, key_width(k.key_display, k.description)) for k in own], self._room()
        )
        dropped = {id(k) for i, k in enumerate(own) if i not in kept}
        yield from (w for w in ordered if id(w) not in dropped)

    def _room(self) -> int:
        """Columns for the screen's keys: the terminal's width less the palette's key."""
        return max(0, self.app.size.width - PALETTE_WIDTH)

    def on_resize(self, event: events.Resize) -> None:
        if self._bindings_ready:
            self.bindings_changed(self.screen)

    def _q_quits(self) -> bool:
        active = self.screen.active_bindings.get(QUIT)
        return active is not None and active.binding.action in ("quit", "app.quit")

    def _shown(self) -> Shown:
        """What ``compose`` would show now: the first binding of each action, help and
        quit first, as many as fit."""
        found: list[tuple[tuple[str, str], bool, int]] = []
        actions: set[str] = set()
        wanted = footer_actions(self.screen)
        q_quits = self._q_quits()
        for _node, binding, enabled, _tip in self.screen.active_bindings.values():
            if wanted is not None and _bare(binding.action) not in wanted:
                continue
            if binding.show and binding.action not in actions:
                actions.add(binding.action)
                shows = QUIT if q_quits and binding.action in FIRST[2:] else None
                display = shows or self.app.get_key_display(binding)
                width = key_width(display, binding.description)
                found.append(((binding.action, binding.key), enabled, width))
        found.sort(key=lambda f: FIRST.index(f[0][0]) // 2 if f[0][0] in FIRST else 2)
        kept = fitting([(name[0], width) for name, _on, width in found], self._room())
        return {name: on for i, (name, on, _width) in enumerate(found) if i in kept}

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
        have = {(k.action, self._own_key(k)): k for k in keys if k not in palette}
        shown = self._shown()
        if any(
            have.get(name) is None or have[name]._disabled != (not on) for name, on in shown.items()
        ):
            return False
        for name, key in have.items():
            key.display = name in shown
            if key.action in FIRST[2:] and self._quit_key is not None:
                self._show_quit_as(key, (QUIT, QUIT) if self._q_quits() else self._quit_key)
        self.styles.grid_size_columns = len(shown)
        return True

    def _own_key(self, widget: FooterKey) -> str:
        """A key widget's binding key (the quit widget's own, whatever it shows now)."""
        if widget.action in FIRST[2:] and self._quit_key is not None:
            return self._quit_key[0]
        return widget.key

    @staticmethod
    def _show_quit_as(widget: FooterKey, key: tuple[str, str]) -> None:
        if (widget.key, widget.key_display) != key:
            widget.key, widget.key_display = key
            widget.refresh(layout=True)
