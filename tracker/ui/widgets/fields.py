"""Form fields that take keys in the order they come, however fast they come.

Textual's ``Input`` and ``TextArea`` insert a typed character as soon as they read
it, but their own editing keys (backspace, arrows, ctrl+u, enter, ...) are bindings,
looked up only once the key has bubbled up to the app. Keys read in one burst (fast
typing, ``tmux send-keys``, a keyboard macro) are then applied out of order:
"abc<backspace>d" gave "abc", not "abd" (Textual issue 6605 upstream). These
fields run their own bindings as they read the key, in order with the characters.

Tab between fields is ``bindings.FORM_FIELDS``, a priority binding, for the same
reason. A pasted tab also means "next field" here: the text before it goes into this
field and the rest is pasted into the next one, which splits it again at its own tab.

The apps (:mod:`tracker.ui.keys`) also hold each key until the one before it has done
all it does; these fields keep the order on their own as well, in any app.
"""

from __future__ import annotations

from textual import events
from textual.widget import Widget
from textual.widgets import Input, TextArea


async def _run_own_binding(widget: Widget, event: events.Key) -> None:
    """Run ``widget``'s own binding for this key now, not after the key bubbled up."""
    for binding in widget._bindings.key_to_bindings.get(event.key, ()):
        if binding.priority:
            continue  # the app ran priority bindings before the key got here
        if await widget.app.run_action(binding.action, widget):
            event.prevent_default()  # nothing else of the field's handles it
            event.stop()  # and the app does not run the binding a second time
            return


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

    async def _on_key(self, event: events.Key) -> None:
        await _run_own_binding(self, event)

    def _on_paste(self, event: events.Paste) -> None:
        head = _paste_on(self, event)
        if head:
            Input._on_paste(self, events.Paste(head))


class FieldArea(TextArea):
    """A multi-line form field (tab moves on, as in :class:`FieldInput`)."""

    async def _on_key(self, event: events.Key) -> None:
        await _run_own_binding(self, event)

    async def _on_paste(self, event: events.Paste) -> None:
        head = _paste_on(self, event)
        if head and not self.read_only:
            self.move_cursor(self.replace(head, *self.selection).end_location)
