"""A one-line text whose size is fixed by CSS."""

from __future__ import annotations

from rich.cells import cell_len
from textual.content import Content
from textual.widget import Widget

from tracker.domain.text import visible
from tracker.ui.text import shown


class TextLine(Widget):
    """One line of plain text: a column title, the status line (with the filter typed).

    The text is shown, never obeyed: control characters visible, no markup.

    ``Static.update`` and ``Label.update`` lay the whole screen out again,
    because new text may change their size; after a card move that layout pass
    and the extra frame it brings cost more than the write itself. This widget's
    size comes from CSS only (``height: 1``, a width that does not depend on the
    text), so new text repaints just this line.
    """

    DEFAULT_CSS = """
    TextLine {
        width: 1fr;
        height: 1;
    }
    """

    def __init__(
        self, text: str = "", *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.text = text
        self.shorter: tuple[str, ...] = ()

    def set_text(self, text: str, *shorter: str) -> None:
        """Show ``text``, or the first of ``shorter`` that fits when it does not."""
        if text != self.text or shorter != self.shorter:
            self.text = text
            self.shorter = shorter
            self.refresh()

    def render(self) -> Content:
        if self.shorter:
            width = self.content_size.width
            for text in (self.text, *self.shorter):
                if cell_len(visible(text)) <= width:
                    return shown(text)
            return shown(self.shorter[-1])
        return shown(self.text)
