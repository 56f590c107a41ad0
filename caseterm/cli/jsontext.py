"""``json.dumps(data, indent=2, ensure_ascii=False)``'s text, faster (``cli.common.json_text``).

Imported only when orjson refuses a value (``cli.common.print_json``), so that a command
imports no ``json`` (~1 ms).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from typing import Any


def json_text(data: Any) -> str:
    """The text of ``json.dumps(data, indent=2, ensure_ascii=False)``, written with the C
    encoder for every scalar: Python's indenting encoder is ~4x slower, which thousands of
    rows (``due --json`` of a district) feel."""
    out: list[str] = []
    try:
        _pretty(data, "\n", out)
    except _NotPlain:
        return json.dumps(data, indent=2, ensure_ascii=False)
    return "".join(out)


class _NotPlain(Exception):
    """A value the fast writer leaves to ``json`` (e.g. a non-string key)."""


_encode_str: Callable[[str], str] = json.encoder.encode_basestring
_SCALARS: dict[type, Callable[[Any], str]] = {
    type(None): lambda _v: "null",
    bool: lambda v: "true" if v else "false",
}


def _scalar(value: Any) -> str | None:
    """JSON of a scalar as ``json.dumps`` writes it, or None for a container."""
    kind = type(value)
    if kind is str:
        return _encode_str(value)
    if kind is int:
        return int.__repr__(value)
    if kind is float:
        if value != value:
            return "NaN"
        if value in (math.inf, -math.inf):
            return "Infinity" if value > 0 else "-Infinity"
        return float.__repr__(value)
    write = _SCALARS.get(kind)
    return None if write is None else write(value)


_FLAT = frozenset((str, int, float, bool, type(None)))
_FLAT_ENCODERS: dict[str, Callable[[dict[str, Any]], str]] = {}


def _flat_encoder(inner: str) -> Callable[[dict[str, Any]], str]:
    """The JSON of an object of scalars whose items are separated by ``,`` and ``inner``
    (a newline and the indent), written by the C encoder (made once per indent)."""
    encode = _FLAT_ENCODERS.get(inner)
    if encode is None:
        make = json.encoder.c_make_encoder  # type: ignore[attr-defined]
        if make is None:  # pragma: no cover - an interpreter without the C encoder
            encoder = json.JSONEncoder(ensure_ascii=False, separators=("," + inner, ": "))
            encode = encoder.encode
        else:
            c_encode = make(None, None, _encode_str, None, ": ", "," + inner, False, False, True)

            def encode(value: dict[str, Any]) -> str:
                return "".join(c_encode(value, 0))

        _FLAT_ENCODERS[inner] = encode
    return encode


def _pretty(value: Any, newline: str, out: list[str]) -> None:
    text = _scalar(value)
    if text is not None:
        out.append(text)
        return
    if type(value) is dict:
        if not value:
            out.append("{}")
            return
        inner = newline + "  "
        if all(type(item) in _FLAT for item in value.values()):
            # Only scalars inside: the C encoder writes the whole object, its item
            # separator carrying the newline and indent (rows of ``due --json``).
            text = _flat_encoder(inner)(value)
            out.append("{" + inner + text[1:-1] + newline + "}")
            return
        separator = "{" + inner
        for key, item in value.items():
            if type(key) is not str:
                raise _NotPlain
            out.append(separator)
            separator = "," + inner
            out.append(_encode_str(key))
            out.append(": ")
            text = _scalar(item)
            if text is None:
                _pretty(item, inner, out)
            else:
                out.append(text)
        out.append(newline + "}")
    elif type(value) in (list, tuple):
        if not value:
            out.append("[]")
            return
        inner = newline + "  "
        separator = "[" + inner
        for item in value:
            out.append(separator)
            separator = "," + inner
            _pretty(item, inner, out)
        out.append(newline + "]")
    else:
        raise _NotPlain
