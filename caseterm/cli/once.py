"""argparse actions that refuse an option given twice instead of keeping the last one."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from typing import Any

SEEN = "_options_given"
"""Namespace attribute holding the destinations of the options given so far."""


def _given_once(
    parser: argparse.ArgumentParser,
    namespace: argparse.Namespace,
    action: argparse.Action,
    option_string: str | None,
) -> None:
    if option_string is None:
        return
    seen: set[str] = namespace.__dict__.setdefault(SEEN, set())
    if action.dest in seen:
        name = max(action.option_strings, key=len)
        parser.error(f"{name} given twice; give it once")
    seen.add(action.dest)


class StoreOnce(argparse._StoreAction):
    """``store``, once."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        _given_once(parser, namespace, self, option_string)
        super().__call__(parser, namespace, values, option_string)


class StoreTrueOnce(argparse._StoreTrueAction):
    """``store_true``, once."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: str | Sequence[Any] | None,
        option_string: str | None = None,
    ) -> None:
        _given_once(parser, namespace, self, option_string)
        super().__call__(parser, namespace, values, option_string)


ACTIONS: dict[str | None, type[argparse.Action]] = {
    None: StoreOnce,
    "store": StoreOnce,
    "store_true": StoreTrueOnce,
}
