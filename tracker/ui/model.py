"""The board's data: four columns of card views, ordered and filtered.

Plain Python (no Textual), so it can be tested directly and rebuilt off the
main thread. Updating one card re-sorts only the columns it touches.
"""

from __future__ import annotations

import bisect
import gc
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter

from tracker.domain.model import ON_BOARD, STAGES, Card, Stage
from tracker.domain.views import DUE_NOW, CardView, Due, due_status, urgency_key
from tracker.store.repo import Repository, Snapshot, no_gc


def matches(view: CardView, needle: str) -> bool:
    """Whether the filter text matches the company, role, or a person's name or role."""
    if not needle:
        return True
    text = needle.lower()
    if text in view.company.lower() or text in view.role.lower():
        return True
    for link in view.opportunity.people:
        person = view.people.get(link.person_id)
        if person and text in person.name.lower():
            return True
        if text in link.role.value.replace("_", " "):
            return True
    return False


def _order(card: Card, status: Due, today: date) -> tuple[object, ...]:
    # The one urgency order, shared with the review and `tracker due`; in a column
    # every card has the column's stage.
    return urgency_key(card, today, status)


@dataclass
class BoardModel:
    """Columns of card views for one day and one filter."""

    today: date
    needle: str = ""
    views: dict[str, CardView] = field(default_factory=dict)
    columns: dict[Stage, list[CardView]] = field(default_factory=lambda: {s: [] for s in STAGES})
    revision: dict[Stage, int] = field(default_factory=lambda: dict.fromkeys(STAGES, 0))
    """Bumped whenever a column's list changes, so a column that did not change is not redrawn."""
    _counted: tuple[int, int] = field(default=(0, 0), repr=False)
    touches_due: int = 0
    """The network's check-ins and the watched companies' reminders due today (on no
    card: the review shows them after the cards), as of the last load."""
    check_ins_due: int = 0
    """The network's check-ins alone among them (the status line counts them)."""
    """(due, overdue): counted by ``rebuild``, then kept up to date by ``upsert``."""

    @classmethod
    def build(cls, snapshot: Snapshot, today: date, needle: str = "") -> BoardModel:
        model = cls(today=today, needle=needle)
        model.views = {v.card.id: v for v in snapshot.views(ON_BOARD, lazy=True)}
        model.rebuild()
        return model

    def rebuild(self) -> None:
        """Refill and sort every column from ``views``."""
        keyed: dict[Stage, list[tuple[tuple[object, ...], CardView]]] = {s: [] for s in STAGES}
        due = overdue = 0
        today, needle = self.today, self.needle
        for view in self.views.values():
            # One pass, one due_status per card, for the counts and the sort keys.
            card = view.card
            status = due_status(card, today)
            if status in DUE_NOW:
                due += 1
                overdue += status is Due.OVERDUE
            if not needle or matches(view, needle):
                keyed[card.stage].append((_order(card, status, today), view))
        self._counted = (due, overdue)
        columns: dict[Stage, list[CardView]] = {}
        for stage in STAGES:
            rows = keyed[stage]
            rows.sort(key=itemgetter(0))  # keys end with the card id, so they never tie
            columns[stage] = [view for _, view in rows]
            self.revision[stage] += 1
        self.columns = columns

    def set_filter(self, needle: str) -> None:
        self.needle = needle.strip()
        self.rebuild()

    def upsert(self, view: CardView) -> None:
        """Put one changed card in place, re-sorting only the columns it leaves and joins."""
        old = self.views.get(view.card.id)
        due, overdue = self._counted
        for sign, changed in ((-1, old), (1, view if view.card.state in ON_BOARD else None)):
            if changed is not None:
                status = due_status(changed.card, self.today)
                due += sign * (status in DUE_NOW)
                overdue += sign * (status is Due.OVERDUE)
        self._counted = (due, overdue)
        if old is not None:
            column = self.columns[old.card.stage]
            for index, candidate in enumerate(column):
                if candidate.card.id == view.card.id:
                    del column[index]
                    self.revision[old.card.stage] += 1
                    break
        if view.card.state in ON_BOARD:
            self.views[view.card.id] = view
            if matches(view, self.needle):
                # The column is already sorted: insert in place, not re-sort 10,000 cards.
                today = self.today
                bisect.insort(
                    self.columns[view.card.stage],
                    view,
                    key=lambda v: _order(v.card, due_status(v.card, today), today),
                )
                self.revision[view.card.stage] += 1
        else:
            self.views.pop(view.card.id, None)

    def position(self, card_id: str) -> tuple[int, int] | None:
        """(column, row) of a card, or None when it is not shown."""
        view = self.views.get(card_id)
        if view is None:
            return None
        column = view.card.stage.index
        for row, candidate in enumerate(self.columns[view.card.stage]):
            if candidate.card.id == card_id:
                return column, row
        return None

    def due_count(self) -> int:
        """Cards due today or overdue (the filter does not hide them from this count)."""
        return self._counted[0]

    def overdue_count(self) -> int:
        """Cards past their deadline."""
        return self._counted[1]


def load_board(repo: Repository, needle: str = "") -> tuple[BoardModel, object]:
    """The board as the passing of time leaves it today (in memory: opening the board
    writes nothing), with the store's signature (what the board has seen, for the
    change poll)."""
    with no_gc():
        model = BoardModel.build(repo.settled_snapshot(), repo.today(), needle)
        model.check_ins_due = len(repo.due_touches(model.today))
        model.touches_due = model.check_ins_due + len(repo.due_reminders(model.today))
    return model, repo.signature()


def keep_out_of_collections() -> None:
    """Called once a board is on screen: what is loaded so far lives as long as
    the board, so later collections skip it (a full pass over 10,000 cards
    takes ~80 ms). Also switches the collector back on after start-up, which
    runs without it (see :func:`tracker.ui.run_board`)."""
    gc.freeze()
    gc.enable()
