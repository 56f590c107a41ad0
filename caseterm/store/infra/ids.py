"""Unique, time-sortable record ids (ULID-style, lowercase, 16 characters)."""

from __future__ import annotations

import os
import time

_ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"  # Crockford base32, lowercase


def new_id(now_ms: int | None = None) -> str:
    """10 characters of millisecond time then 6 random ones: sorts by creation time."""
    stamp = time.time_ns() // 1_000_000 if now_ms is None else now_ms
    head = []
    for _ in range(10):
        stamp, digit = divmod(stamp, 32)
        head.append(_ALPHABET[digit])
    tail = os.urandom(4)
    rand = int.from_bytes(tail, "big")
    rest = []
    for _ in range(6):
        rand, digit = divmod(rand, 32)
        rest.append(_ALPHABET[digit])
    return "".join(reversed(head)) + "".join(rest)
