"""Checklist items whose completion asks for what the step produced.

Ticking most items just closes them. A few steps produce something worth keeping:
"find who was hired" produces a name, "compare their background" a comparison, the
coffee its advice. Ticking one of those on the board (``space``), in the card detail
(``space``) or in the review (``d``) opens a small form first; the form's answer runs
the repository action that keeps what it produced and closes the item.

Each screen calls :func:`form_for` before closing an item itself, handing over
``run``, which performs a repository call the way that screen does its writes
(on the store thread, then repainting).
"""

from __future__ import annotations

from collections.abc import Callable

from tracker.domain.model import Item
from tracker.domain.views import CardView
from tracker.ui.base import Tracker
from tracker.ui.screens.coffee import air_form
from tracker.ui.screens.compare import open_compare

Run = Callable[..., object]
"""``run(fn, *args)``: call the repository method ``fn`` with ``args`` as the screen
does its writes, then show the result."""


def form_for(tracker: Tracker, view: CardView, item: Item, run: Run) -> bool:
    """Open the form that completing ``item`` of ``view`` asks for, and return True;
    the form calls ``run`` with its answer (nothing when cancelled). False when the
    item needs no form: the caller closes it as usual."""
    form = FORMS.get(item.action)
    if form is None:
        return False
    form(tracker, view, item, run)
    return True


Form = Callable[[Tracker, CardView, Item, Run], None]
"""Opens the form for one item; its answer calls ``run``."""

FORMS: dict[str, Form] = {
    "meet": air_form,
    "compare_background": open_compare,
}
"""The form each action asks for when its item is ticked, by action key."""
