"""Counted words, the same everywhere: "1 card", "2 cards", "1 person", "3 people"."""

from __future__ import annotations


def plural(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the word for that many: ``one`` for exactly 1, else ``many`` (default ``one + "s"``)."""
    return f"{n} {one if n == 1 else many or one + 's'}"
