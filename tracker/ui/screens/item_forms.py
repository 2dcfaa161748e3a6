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

from tracker.domain.model import Item, Role
from tracker.domain.views import CardView
from tracker.store.repo import Repository
from tracker.ui.base import Tracker

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


def name_the_hire(tracker: Tracker, view: CardView, item: Item, run: Run) -> None:
    """Ticking "find out who was hired" asks who: a name names the hire (the later
    Monitor and Coffee items and their drafts use it, and the item is ticked); an
    empty answer just ticks the item."""
    from tracker.ui.screens.dialogs import Hire, HireScreen

    repo = tracker.repo
    card_id = view.card.id

    def answered(hire: Hire | None) -> None:
        if hire is None:
            return
        if hire.name:
            run(_add_hire, repo, card_id, hire.name, hire.highlight)
        else:
            run(repo.close_items, card_id, [item.id])

    tracker.show(HireScreen(view.company), answered)


def _add_hire(repo: Repository, card_id: str, name: str, highlight: str) -> CardView:
    """On the store thread: name the hire; the card, as the screens repaint from it."""
    view, _, _ = repo.add_person(card_id, name, Role.HIRED, highlight=highlight)
    return view


def air_form(tracker: Tracker, view: CardView, item: Item, run: Run) -> None:
    """The meeting's notes (advice, insights, recommendations): tracker.ui.screens.coffee."""
    from tracker.ui.screens.coffee import air_form as form  # its widgets load when first used

    form(tracker, view, item, run)


def open_compare(tracker: Tracker, view: CardView, item: Item, run: Run) -> None:
    """The comparison with the person hired: tracker.ui.screens.compare."""
    from tracker.ui.screens.compare import open_compare as form  # loaded when first used

    form(tracker, view, item, run)


FORMS: dict[str, Form] = {
    "find_hired": name_the_hire,
    "meet": air_form,
    "compare_background": open_compare,
}
"""The form each action asks for when its item is ticked, by action key."""
