"""Prep: the page `tracker prep COMPANY` prints, for the focused card's company.

``P`` on the board opens it on any card: the page is about the company (the lessons
to practise, the earlier interviews there, the people and what they said last, the
comparison with the hire) and the drafts for after the interview; when the focused
card's interview is pending, it is the one prepared for. The same lines as the
command line's (:func:`tracker.domain.prep.lines`), headings in bold, what people
said dimmed; every piece of data is shown, never obeyed. Read-only.

| key | does |
|---|---|
| up / down, j / k, page up / page down, home / end | scroll |
| escape, q, P | back to the board |
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from tracker.domain.errors import DomainError
from tracker.domain.prep import DRAFT, HEADING, QUOTE, TITLE, PrepPage, lines
from tracker.domain.text import visible
from tracker.store.errors import StoreError
from tracker.ui import bindings
from tracker.ui.base import TrackerScreen

STYLES = {TITLE: "bold $accent", HEADING: "bold", QUOTE: "italic $text-muted", DRAFT: ""}
"""How each kind of line is drawn."""


def page_lines(page: PrepPage) -> list[tuple[int, Content]]:
    """The page's lines, each with its indent (a wrapped line keeps it), styled by kind."""
    out = []
    for kind, text in lines(page):
        body = text.lstrip(" ")
        shown = visible(body)
        style = STYLES.get(kind, "")
        out.append(
            (len(text) - len(body), Content.styled(shown, style) if style else Content(shown))
        )
    return out


class PrepScreen(TrackerScreen[None]):
    """The prep page for one company, scrollable."""

    BINDINGS = bindings.PREP

    def __init__(self, company: str, card_id: str | None = None) -> None:
        super().__init__()
        self.company = company
        self.card_id = card_id
        self.page: PrepPage | None = None

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="prep"):
            yield Static(Content(f"Prep: {visible(self.company)}"), classes="prep-line")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#prep", VerticalScroll).focus()
        self.load()

    @work(exclusive=True)
    async def load(self) -> None:
        repo = self.tracker.repo
        company, card_id = self.company, self.card_id

        def gather() -> PrepPage:
            from tracker.template_files import load as load_templates

            settings = repo.settings
            templates = load_templates(settings.template_dir or repo.paths.config_dir / "templates")
            return repo.prep_page(company, templates, prefer_card=card_id)

        try:
            page = await self.tracker.store(gather)
        except StoreError as error:
            self.tracker.fail(error)
            return
        except DomainError as error:
            self.show_lines([(0, Content(visible(str(error))))])
            return
        self.page = page
        self.show_lines(page_lines(page))

    def show_lines(self, shown: list[tuple[int, Content]]) -> None:
        scroll = self.query_one("#prep", VerticalScroll)
        scroll.remove_children()
        widgets = []
        for indent, content in shown:
            widget = Static(content or " ", classes="prep-line")
            widget.styles.padding = (0, 0, 0, indent)
            widgets.append(widget)
        scroll.mount_all(widgets)

    def text(self) -> list[str]:
        """The page as shown, one entry per line of the page (for tests)."""
        return [
            " " * int(w.styles.padding.left) + str(w.render())
            for w in self.query(".prep-line").results(Static)
        ]

    def action_scroll(self, step: int) -> None:
        """j and k, as the arrows."""
        scroll = self.query_one("#prep", VerticalScroll)
        if step > 0:
            scroll.scroll_down(animate=False)
        else:
            scroll.scroll_up(animate=False)

    def action_back(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        from tracker.ui.screens.help import HelpScreen

        self.tracker.show(HelpScreen(self))
