"""Typed access to the running app from screens and widgets."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.dom import DOMNode

if TYPE_CHECKING:
    from caseterm.tui.app import CasetermApp


def app_of(node: DOMNode) -> CasetermApp:
    """The ``CasetermApp`` a screen or widget belongs to."""
    return cast("CasetermApp", node.app)
