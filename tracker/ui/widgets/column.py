"""One board column, drawn with Textual's Line API.

A column never mounts a widget per card: it renders the visible lines of a
list of card views, so it stays fast with thousands of cards. Each card is
:data:`CARD_HEIGHT` lines: company and progress, role, next action, due words
with a state marker, then a spacer.

As in Textual's ``Log``, rendered lines are kept in an LRU cache: a key press
redraws the whole column, but only the cards whose look changed (the two the
cursor left and reached, a card just written) are built again.
"""

from __future__ import annotations

import textwrap
from datetime import date

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tracker.domain.model import State
from tracker.domain.rules import ACTIONS, SHORT_ACTIONS
from tracker.domain.text import visible
from tracker.domain.views import CardView, Due, due_status

CARD_HEIGHT = 5
"""Rows per card, spacer included."""

MARKERS = {
    Due.OVERDUE: "!!",
    Due.PAST_TARGET: "! ",
    Due.TODAY: "* ",
    Due.ON_TRACK: "  ",
    Due.NONE: "  ",
}
"""Text markers, so due states read without colour."""

DUE_CLASSES = {
    Due.OVERDUE: "card--overdue",
    Due.PAST_TARGET: "card--past-target",
    Due.TODAY: "card--today",
    Due.ON_TRACK: "card--on-track",
    Due.NONE: "card--none",
}
"""The component class that colours each due state."""

CARD_CACHE_SIZE = 256
"""Rendered cards a column keeps (dozens of screens' worth); the least recently drawn go first."""

PLAIN, CURSOR_DIM, CURSOR = 0, 1, 2
"""How a card is drawn: not selected, under the cursor of another column, under the cursor."""


def fit(text: str, width: int) -> str:
    """``text`` as a terminal may show it (see ``visible``), cut to ``width`` cells,
    ending in an ellipsis when cut. Every line a column or the archive draws from
    data goes through here."""
    if width <= 0:
        return ""
    text = visible(text)
    if cell_len(text) <= width:
        return text
    out = ""
    for char in text:
        if cell_len(out + char) > width - 1:
            break
        out += char
    return out.rstrip() + "…"


def next_action_short(view: CardView, width: int | None = None) -> str:
    """The next action and who it is for, in ``width`` cells when given.

    A narrow column keeps the person and cuts the action's words: "LinkedIn re… · Ana",
    not "LinkedIn reques…".
    """
    item = view.next_item()
    if item is None:
        return view.next_action()
    name = view.person_name(item)
    label = SHORT_ACTIONS.get(item.action, ACTIONS.get(item.action, item.action))
    if not name:
        return label
    text = f"{label} · {name}"
    if width is None or cell_len(text) <= width:
        return text
    words = name.split()
    # The first name, unless it is an initial ("J. Peterman"): then the last one.
    first = words[-1] if len(words[0].rstrip(".")) <= 1 else words[0]
    room = width - cell_len(first) - 3
    if room >= 4:
        return f"{fit(label, room)} · {first}"
    return f"{first}: {label}"  # cut by the caller; the person comes first


def due_text(view: CardView, today: date, width: int | None = None) -> str:
    """Due words with a state marker: never only a colour. In ``width`` cells when
    given, the shorter forms: "2d late" for "2d late, deadline in 3d", "zz 12 Mar"
    for "zz snoozed to 2026-03-12"."""
    card = view.card
    words = view.due_words(today)
    if card.state is State.SNOOZED:
        forms = [f"zz {words}"]
        if card.snoozed_until:
            until = card.snoozed_until
            forms += [f"zz until {until.day} {until:%b}", f"zz {until.day} {until:%b}"]
    elif card.state is State.WAITING:
        forms = [f"waiting · {words}", "waiting"] if card.target else ["waiting"]
    elif card.target is not None and due_status(card, today) is Due.PAST_TARGET:
        forms = [words, f"{(today - card.target).days}d late"]
    else:
        forms = [words]
    if width is not None:
        for text in forms:
            if cell_len(text) <= width:
                return text
    return forms[-1] if width is not None else forms[0]


class CardColumn(ScrollView, can_focus=False):
    """The cards of one stage; the board owns focus and tells the column its cursor."""

    COMPONENT_CLASSES = {
        "card--title",
        "card--text",
        "card--muted",
        "card--cursor",
        "card--cursor-dim",
        "card--overdue",
        "card--past-target",
        "card--today",
        "card--on-track",
        "card--none",
    }

    DEFAULT_CSS = """
    CardColumn {
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
    }
    """

    def __init__(self, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.views: list[CardView] = []
        self.today = date(2000, 1, 1)
        self.cursor: int | None = None
        self.active = False
        self._styles: dict[str, Style] | None = None
        self.placeholder = ""
        """Shown in an empty column (the board puts a hint here when it has no cards at all)."""
        self._line_width = 0
        self._line_base = Style()
        self._drawn: tuple[object, ...] | None = None
        self._cards: LRUCache[tuple[CardView, int, int, date], list[Strip]] = LRUCache(
            CARD_CACHE_SIZE
        )
        """Rendered cards by (view, look, width, today). A view is replaced, never changed,
        whenever its card changes (the board's model swaps in the view a write returns, and
        a reload builds new ones), so the view itself is the card and its revision; it has no
        ``__eq__``, so keys compare by identity, and the cache holds the view, so an id is
        never reused while its entry lives."""

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None
        self._cards.clear()  # a theme change: the cached cards have the old colours

    def style_of(self, name: str) -> Style:
        """A component style, resolved once per style change instead of once per segment."""
        styles = self._styles
        if styles is None:
            styles = self._styles = {
                n: self.get_component_rich_style(n) for n in self.COMPONENT_CLASSES
            }
        return styles[name]

    def set_cards(self, views: list[CardView], today: date, revision: object = None) -> None:
        """Show ``views``. With a ``revision`` (see ``BoardModel.revision``), an
        unchanged column is not drawn again."""
        # ``views is self.views``: the column holds the list, so identity is safe to compare.
        drawn = (today, revision, self.placeholder)
        if revision is not None and views is self.views and drawn == self._drawn:
            return
        self._drawn = drawn
        self.views = views
        self.today = today
        self._set_virtual_height(len(views) * CARD_HEIGHT)
        self.refresh()

    def _set_virtual_height(self, height: int) -> None:
        """Resize the scrollable area without laying the screen out again.

        Setting ``virtual_size`` asks for a full layout, and the scrollbars
        then repaint in a frame of their own, about 30 ms after the card was
        drawn. A column's own size never depends on how many cards it holds, so
        while the scrollbar stays shown (or hidden) it is enough to update the
        scrollbar in place, in the same frame as the cards.
        """
        new = Size(self.size.width, height)
        if new == self.virtual_size:
            return
        viewport = self._container_size.height
        shows = self.styles.overflow_y == "auto" and height > viewport
        if not self.is_mounted or not viewport or shows != self.show_vertical_scrollbar:
            self.virtual_size = new  # the scrollbar appears or goes: that is a layout change
            return
        self.set_reactive(CardColumn.virtual_size, new)
        self._scroll_update(new)  # scrollbar window sizes and refresh; clamps the scroll offset

    def set_cursor(self, row: int | None, active: bool) -> None:
        if row is not None:
            self.scroll_to_card(row)
        if (row, active) != (self.cursor, self.active):
            self.cursor = row
            self.active = active
            self.refresh()

    def scroll_to_card(self, row: int) -> None:
        top = row * CARD_HEIGHT
        height = self.scrollable_content_region.height
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif top + CARD_HEIGHT - 1 > self.scroll_y + height:
            self.scroll_to(y=top + CARD_HEIGHT - height, animate=False, immediate=True)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self.views) * CARD_HEIGHT)

    def render_lines(self, crop: Region) -> list[Strip]:
        # The width and the inherited style are the same for every line of one
        # pass; ``rich_style`` walks the ancestors, ~0.1 ms a call.
        self._line_width = self.scrollable_content_region.width
        base = self.rich_style
        if base != self._line_base:
            self._cards.clear()  # a new background underneath: every cached card is stale
            self._line_base = base
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width = self._line_width
        absolute = y + int(self.scroll_y)
        index, line = divmod(absolute, CARD_HEIGHT)
        base = self._line_base
        if not self.views and self.placeholder:
            lines = textwrap.wrap(self.placeholder, max(width - 2, 8))
            if 1 <= absolute <= len(lines):
                muted = base + self.style_of("card--muted")
                text = " " + fit(lines[absolute - 1], width - 2)
                return Strip([Segment(text, muted)]).adjust_cell_length(width, base)
        if index >= len(self.views) or line == CARD_HEIGHT - 1:
            return Strip.blank(width, base)
        view = self.views[index]
        look = PLAIN if index != self.cursor else CURSOR if self.active else CURSOR_DIM
        key = (view, look, width, self.today)
        strips = self._cards.get(key)
        if strips is None:
            strips = self._render_card(view, look, width)
            self._cards.set(key, strips)
        return strips[line]

    def _render_card(self, view: CardView, look: int, width: int) -> list[Strip]:
        """The text lines of one card (all but the spacer), with one due status for all."""
        base = self._line_base
        cursor_style = Style()
        if look != PLAIN:
            # Only the cursor's background: the due colour of "!!" and "3d overdue" survives it.
            cursor = self.style_of("card--cursor" if look == CURSOR else "card--cursor-dim")
            cursor_style = Style(bgcolor=cursor.bgcolor)
        card = view.card
        status = due_status(card, self.today)
        due_style = base + self.style_of(DUE_CLASSES[status]) + cursor_style
        bar = Segment("▌" if look == CURSOR else "▎", due_style)
        inner = width - 2
        done, total = card.progress()
        progress = f"{done}/{total}"
        title = fit(view.company, inner - len(progress) - 4)
        gap = inner - cell_len(title) - len(progress) - 3
        rows = [
            [
                bar,
                Segment(MARKERS[status] + " ", due_style),
                Segment(title, base + self.style_of("card--title") + cursor_style),
                Segment(" " * max(gap, 1), base + cursor_style),
                Segment(progress, base + self.style_of("card--muted") + cursor_style),
            ],
            [
                bar,
                Segment(
                    " " + fit(view.role, inner - 1),
                    base + self.style_of("card--muted") + cursor_style,
                ),
            ],
            [
                bar,
                Segment(
                    " " + fit(next_action_short(view, inner - 1), inner - 1),
                    base + self.style_of("card--text") + cursor_style,
                ),
            ],
            [
                bar,
                Segment(" " + fit(due_text(view, self.today, inner - 1), inner - 1), due_style),
            ],
        ]
        fill = base + cursor_style
        return [Strip(segments).adjust_cell_length(width, fill) for segments in rows]
