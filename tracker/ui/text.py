"""Text from data on the board: shown, never obeyed.

Every widget that renders data (a company, a name, a note, a draft, an error
built from them) takes it through :func:`shown`: control characters are made
visible by the domain's one rule (:func:`tracker.domain.text.visible`), and the
result is plain :class:`Content`, so neither an escape sequence nor Textual
markup (``[@click=...]``) in a name can act. Card lines and archive rows (the
Line API) apply ``visible`` in :func:`tracker.ui.widgets.column.fit`, and the
app's ``notify`` applies it to every notification.
"""

from __future__ import annotations

from textual.content import Content

from tracker.domain.text import visible


def shown(text: str, *, multiline: bool = False) -> Content:
    """``text`` as plain content with every control character visible (``^[``);
    ``multiline`` keeps its line breaks (notes, drafts, several lines of history)."""
    return Content(visible(text, multiline=multiline))
