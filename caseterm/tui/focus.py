"""Focus that takes effect at once, so keys typed ahead reach the widget the user sees.

``Widget.focus()`` defers the change to a later message; keys already queued then reach
the old widget (a digit meant for a tab lands in a form field). Screens and panes focus
through ``focus_now`` instead, and never focus a widget on a tab that is not shown.

Textual queues each key for the widget focused when the key is read, and handles it
later, so a key typed ahead can reach the widget an earlier key was leaving, or run before
the text typed ahead of it is in its field. The app therefore handles each key completely
when it reads it (``CasetermApp.on_event``): bindings run at once and printable keys go
straight into the focused text field (``type_into``). Keys that must win over a field's own
handling (escape leaves a form, enter moves to the next field) are priority bindings; they
step aside (``check_action``) while a dropdown is open.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input, Select


def shown(widget: Widget) -> bool:
    """Whether ``widget`` and every container above it are displayed (its tab is active)."""
    return all(node.display for node in widget.ancestors_with_self if isinstance(node, Widget))


def focus_now(widget: Widget) -> None:
    """Focus ``widget`` before the next key is read, if it is mounted and shown."""
    if widget.is_mounted and shown(widget):
        widget.screen.set_focus(widget)


def takes_text(widget: Widget | None) -> bool:
    """Whether ``widget`` reads keys itself: a text field, or an open dropdown's list."""
    return isinstance(widget, Input) or in_open_list(widget)


def in_open_list(widget: Widget | None) -> bool:
    """Whether ``widget`` is inside an open dropdown (escape closes the list, nothing else)."""
    if widget is None:
        return False
    return any(isinstance(n, Select) and n.expanded for n in widget.ancestors_with_self)


def type_into(widget: Widget | None, key: events.Key) -> bool:
    """Insert a printable key into ``widget`` now if it is a text field, as it would."""
    if not (isinstance(widget, Input) and key.is_printable and key.character):
        return False
    selection = widget.selection
    if selection.is_empty:
        widget.insert_text_at_cursor(key.character)
    else:
        widget.replace(key.character, *selection)
    return True


def steady(field: Input) -> Input:
    """A text field whose cursor does not blink (no timer runs while the app waits, and
    what the screen shows does not depend on the moment it is looked at) and that does
    not select its text when focused: the focus event is handled after keys typed ahead
    are already in the field, and selecting them then made the next key replace them
    ("3 4 7" gave 7 on a loaded machine)."""
    field.cursor_blink = False
    field.select_on_focus = False
    return field
