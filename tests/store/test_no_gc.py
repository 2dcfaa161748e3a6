"""``no_gc`` pauses the cyclic collector while many objects are built (issue 17).

With ``promote`` the pause ends with what was built in the oldest generation, unwalked:
a command about to end (``tracker list --json``) does not pay for one collection that
walks all it built.
"""

from __future__ import annotations

import gc

from tracker.store.repo import no_gc


def test_the_collector_is_paused_and_back_on_after() -> None:
    assert gc.isenabled()
    with no_gc():
        assert not gc.isenabled()
        with no_gc(promote=True):
            assert not gc.isenabled()
        assert not gc.isenabled()  # an inner pause leaves the outer one to end it
    assert gc.isenabled()


def oldest(built: list[list[int]]) -> bool:
    """Whether ``built`` sits in the oldest generation."""
    return id(built) in {id(x) for x in gc.get_objects(generation=2)}


def test_promote_puts_what_was_built_in_the_oldest_generation() -> None:
    gc.collect()  # the young generations' counts start from 0
    with no_gc():
        plain = [[n] for n in range(5_000)]
    assert not oldest(plain)  # the next collection walked it, and left it young
    gc.collect()
    with no_gc(promote=True):
        promoted = [[n] for n in range(5_000)]
    assert oldest(promoted)
    assert gc.isenabled()
