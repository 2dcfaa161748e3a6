"""Keys read in one burst are handled one after the other, as if typed slowly.

Textual's app picks a key's target (the focused widget, else the screen) the moment
it reads the key, but runs the key's binding only when the key has bubbled back up
to the app, and a ``focus()`` or a pushed screen takes effect later still. Keys read
in the same burst (fast typing, ``tmux send-keys``, a paste outside a bracketed
paste) were all sent to the first key's target before its binding ran: ``/acme``
opened the filter, but the ``a`` had already gone to the board, which archived the
selected card; after ``n`` the new-interview form opened and the first characters
typed into it went to the board instead, and were lost.

:class:`InOrderKeys` holds each key until the one before it has gone all the way:
through its target and every ancestor up to the app (where the binding runs), then
through the app once more (a ``focus()`` is a callback there), the screen now on
top (a screen just opened composes, mounts and picks its focus) and the app again.
Only then is the next key's target chosen, so it reaches the filter field, the form
or the dialog that the previous key opened. A key typed slowly finds nothing to
wait for and goes on at once.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from functools import partial
from typing import Any, TypeVar

from textual import events
from textual.app import App
from textual.dom import DOMNode
from textual.message_pump import MessagePump

ReturnType = TypeVar("ReturnType")

STUCK_AFTER = 0.5
"""Seconds after which a key still in flight no longer holds the next ones back
(a widget on its way was removed before it passed the key on)."""


class InOrderKeys(App[ReturnType]):
    """An app that hands the keys of a burst to its widgets one after the other."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._keys_waiting: deque[events.Key] = deque()
        self._key_in_flight = 0
        """The number of the key on its way, 0 when none is (keys are numbered from 1)."""
        self._keys_sent = 0

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded:
            self._keys_waiting.append(event)
            await self._send_keys()
            return
        await super().on_event(event)

    async def _send_keys(self) -> None:
        while self._keys_waiting and not self._key_in_flight:
            event = self._keys_waiting.popleft()
            self._keys_sent += 1
            self._key_in_flight = number = self._keys_sent
            target: DOMNode = self.focused or self.screen  # as App.on_event picks it
            await super().on_event(event)  # a priority binding, or on to the target
            hops: list[Callable[[], MessagePump]] = [
                *(lambda node=node: node for node in target.ancestors_with_self),
                lambda: self,
                lambda: self.screen,
                lambda: self,
            ]
            self._hop(hops, number)
            # The timer runs in a task of its own: the key is sent from the app's.
            self.set_timer(STUCK_AFTER, partial(self.call_later, self._landed, number))

    def _hop(self, hops: list[Callable[[], MessagePump]], number: int) -> None:
        """Queue a callback behind the key on the next pump of its way."""
        if number != self._key_in_flight:
            return
        if not hops:
            self.call_later(self._landed, number)
            return
        pump = hops[0]()
        if not pump.call_later(self._hop, hops[1:], number):  # closed: skip it
            self._hop(hops[1:], number)

    async def _landed(self, number: int) -> None:
        """Key ``number`` has done all it does: send the next one."""
        if number == self._key_in_flight:
            self._key_in_flight = 0
            await self._send_keys()
