"""Form fields that take a pasted tab the way they take a typed one: as "next field".

A typed tab moves the focus on (``bindings.FORM_FIELDS``), but Textual's fields
insert a pasted tab as text: "Kramerica<tab>Intern" pasted into the company field
became one company. Here the text before the first tab goes into this field and
the rest is pasted into the next one, which splits it again at its own tab.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input, TextArea


def _paste_on(widget: Widget, event: events.Paste) -> str | None:
    """The part of a pasted text for ``widget``, or None when it has no tab.

    Sends the rest to the next field and focuses it, so keys typed after the paste
    follow it there.
    """
    head, tab, rest = event.text.partition("\t")
    if not tab:
        return None
    event.prevent_default()  # the base class would insert the whole text, tabs included
    event.stop()
    following = widget.screen.focus_next()
    if rest and following is not None and following is not widget:
        following.post_message(events.Paste(rest))
    return head


class FieldInput(Input):
    """A one-line form field."""

    def _on_paste(self, event: events.Paste) -> None:
        head = _paste_on(self, event)
        if head:
            Input._on_paste(self, events.Paste(head))


class FieldArea(TextArea):
    """A multi-line form field (tab moves on, as in :class:`FieldInput`)."""

    async def _on_paste(self, event: events.Paste) -> None:
        head = _paste_on(self, event)
        if head and not self.read_only:
            self.move_cursor(self.replace(head, *self.selection).end_location)
