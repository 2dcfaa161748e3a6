"""The one helper for counted words: "1 card", "2 cards", "1 person", "3 people"."""

from __future__ import annotations

import pytest

from tracker.domain.words import plural


@pytest.mark.parametrize(
    ("n", "one", "many", "said"),
    [
        (0, "card", None, "0 cards"),
        (1, "card", None, "1 card"),
        (2, "card", None, "2 cards"),
        (1, "person", "people", "1 person"),
        (3, "person", "people", "3 people"),
        (1, "opportunity", "opportunities", "1 opportunity"),
        (10_000, "card", None, "10000 cards"),
    ],
)
def test_plural_says_one_in_the_singular_and_every_other_count_in_the_plural(
    n: int, one: str, many: str | None, said: str
) -> None:
    assert plural(n, one, many) == said
