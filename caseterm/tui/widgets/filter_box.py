"""The caseload's filter box: a text field whose typing does not lay the screen out.

Textual's ``Input`` sets its scrollable width to its text's on every key, and that width
asks for a layout pass of the whole screen (about a millisecond, and a frame of its own
before the table's new rows are drawn). The box is as wide as the screen whatever it
holds, so its text's width changes nothing around it: here it only bounds the box's own
horizontal scrolling, which reads it directly (a long filter still scrolls to the cursor).
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class FilterBox(Input):
    """An ``Input`` of fixed size whose text width does not lay the screen out."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
