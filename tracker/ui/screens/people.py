"""Your network: everyone you met, grouped by company, and one person at a time.

The People screen (``p`` on the board) lists each company as a heading ("Acme — 3
people · 1 check-in due"), then its people, one line each: name, title and roles,
the last interaction ("feedback Fri 27 Feb"), and the next keep-in-touch check-in in
the board's words ("check-in 3d overdue", "check-in today", "check-in in 12d"),
coloured by its state (overdue, today, soon) as :mod:`tracker.domain.directory` says.
The list is one :class:`OptionList` (the Line API: only the visible lines are drawn).

| key | does |
|---|---|
| up / down, j / k | move |
| enter | open the person (on a company: its prep page) |
| n | new interview at that company: apply again |
| / | filter by name or company as you type (enter back to the list, esc clears) |
| escape, q, p | back to the board |

The person view (``enter``) shows their contact details, cadence and next check-in,
their cards with their role and where each card is, and every interaction with them,
newest first; ``e`` edits them (the card detail's person editor), ``n`` applies again at
their company. Everything from data is shown, never obeyed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tracker.domain.dates import humanize_due
from tracker.domain.directory import (
    NONE,
    OVERDUE,
    SOON,
    TODAY,
    Contact,
    Group,
    narrowed,
)
from tracker.domain.errors import DomainError
from tracker.domain.model import ON_BOARD, Person, Role
from tracker.domain.network import Touch, every_words
from tracker.domain.people import ROLE_WORDS, Details, Interaction
from tracker.domain.views import CardView
from tracker.domain.words import plural
from tracker.store.errors import StoreError
from tracker.store.repo import Repository
from tracker.ui import bindings
from tracker.ui.base import TrackerScreen
from tracker.ui.screens.apply_again import open_apply_again
from tracker.ui.widgets.column import fit

COMPANY = "c:"
"""The option id of a company heading starts with this; a person's is their id."""

DUE_STYLES = {OVERDUE: "bold $error", TODAY: "bold $warning", SOON: "$warning", NONE: "dim"}
"""How the next check-in is drawn by its state (later ones plainly)."""

NAME_WIDTH, LAST_WIDTH, NEXT_WIDTH = 18, 19, 12
"""The cells of the name, last-interaction and next-check-in columns; the role takes
what is left."""

ROLE_MAX = 48
"""The role column grows with the terminal up to this many cells."""

HEADS = ("Name", "Title and role", "Last interaction", "Next check-in")

EMPTY = (
    "Nobody yet. The people you meet come from your cards: the people of a new\n"
    "interview (n on the board), or + in a card's detail; `tracker person add` too."
)


def heading_prompt(group: Group, today: date) -> Content:
    due = group.due(today)
    tail = plural(len(group.contacts), "person", "people")
    if due:
        tail += f" · {plural(due, 'check-in')} due"
    return Content.assemble((fit(group.title, 60), "bold $accent"), (f" — {tail}", "dim"))


def columns(width: int) -> tuple[int, int, int, int]:
    """The cells of the name, role, last-interaction and next-check-in columns in a
    list ``width`` cells wide (two of indent, one between columns)."""
    role = min(max(width - 2 - NAME_WIDTH - LAST_WIDTH - NEXT_WIDTH - 3, 6), ROLE_MAX)
    return NAME_WIDTH, role, LAST_WIDTH, NEXT_WIDTH


def head_line(width: int) -> str:
    """The columns' names, over the list."""
    cells = columns(width)
    return "  " + " ".join(h.ljust(n) for h, n in zip(HEADS, cells, strict=True)).rstrip()


def contact_prompt(contact: Contact, today: date, width: int) -> Content:
    """One person on one line: name, role, last interaction, next check-in."""
    name_w, role_w, last_w, next_w = columns(width)
    state = contact.due_state(today)
    style = DUE_STYLES.get(state, "")
    name = fit(contact.person.name, name_w).ljust(name_w)
    role = fit(contact.role_words(), role_w).ljust(role_w)
    last = fit(contact.last_words(), last_w).ljust(last_w)
    nxt = fit(contact.next_words(today), next_w)
    return Content.assemble(
        "  ",
        (name, "bold"),
        " ",
        (role, "$text-muted"),
        " ",
        last,
        " ",
        (nxt, style) if style else nxt,
    )


class PeopleScreen(TrackerScreen[None]):
    """Everyone by company; ``enter`` opens a person, ``n`` applies again."""

    BINDINGS = bindings.PEOPLE

    def __init__(self) -> None:
        super().__init__()
        self.groups: list[Group] = []
        """Everyone as last loaded, by company."""
        self.today: date | None = None

    def compose(self) -> ComposeResult:
        yield Label("People", id="people-title", classes="dialog-title")
        yield Input(placeholder="/ filters by name or company", id="people-filter")
        yield Static("", id="people-head")
        yield OptionList(id="network-list")
        yield Static(EMPTY, id="people-empty", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#people-empty", Static).display = False
        self.query_one("#network-list", OptionList).focus()
        self.load()

    @work(exclusive=True, group="people-load")
    async def load(self, keep: str | None = None) -> None:
        repo = self.tracker.repo
        try:
            groups = await self.tracker.store(repo.directory)
        except StoreError as error:
            self.tracker.fail(error)
            return
        except DomainError as error:
            self.notify(str(error), severity="error", timeout=8)
            return
        self.groups, self.today = groups, repo.today()
        self.paint(keep)

    def on_resize(self) -> None:
        if self.groups:
            self.paint()

    def needle(self) -> str:
        return self.query_one("#people-filter", Input).value

    def paint(self, keep: str | None = None) -> None:
        today = self.today
        if today is None:
            return
        listing = self.query_one("#network-list", OptionList)
        keep = keep or self.current()
        width = max((listing.scrollable_content_region.width or self.size.width - 4) - 1, 40)
        everyone = sum(len(g.contacts) for g in self.groups)
        due = sum(g.due(today) for g in self.groups)
        shown = narrowed(self.groups, self.needle())
        count = sum(len(g.contacts) for g in shown)
        title = "People"
        if everyone:
            title += f" ({count} of {everyone})" if self.needle().strip() else f" ({everyone})"
        if due:
            title += f" · {plural(due, 'check-in')} due"
        self.query_one("#people-title", Label).update(title)
        self.query_one("#people-head", Static).update(head_line(width))
        options: list[Option] = []
        for group in shown:
            options.append(Option(heading_prompt(group, today), id=COMPANY + group.company))
            options += [
                Option(contact_prompt(c, today, width), id=c.person.id) for c in group.contacts
            ]
        listing.clear_options()
        listing.add_options(options)
        empty = self.query_one("#people-empty", Static)
        empty.display = not options
        self.query_one("#people-head", Static).display = bool(options)
        if not options:
            empty.update("Nobody matches the filter." if everyone else EMPTY)
            return
        index = next((n for n, o in enumerate(options) if keep and o.id == keep), None)
        if index is None:  # the first person, not their company's heading
            index = 1 if len(options) > 1 else 0
        listing.highlighted = index

    def current(self) -> str | None:
        listing = self.query_one("#network-list", OptionList)
        if listing.highlighted is None or not listing.option_count:
            return None
        return listing.get_option_at_index(listing.highlighted).id

    def contact(self, option_id: str | None) -> Contact | None:
        for group in self.groups:
            for contact in group.contacts:
                if contact.person.id == option_id:
                    return contact
        return None

    def company_of(self, option_id: str | None) -> str | None:
        """The company of the heading or person ``option_id`` (None: neither)."""
        if option_id is None:
            return None
        if option_id.startswith(COMPANY):
            return option_id[len(COMPANY) :]
        contact = self.contact(option_id)
        return contact.company if contact is not None else None

    # --- keys ---------------------------------------------------------------------
    def action_move(self, step: int) -> None:
        listing = self.query_one("#network-list", OptionList)
        if step > 0:
            listing.action_cursor_down()
        else:
            listing.action_cursor_up()

    @on(OptionList.OptionSelected, "#network-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.open(event.option.id)  # a click

    def action_open(self) -> None:
        """enter: open what the cursor is on; in the filter field, back to the list."""
        if self.focused is self.query_one("#people-filter", Input):
            self.query_one("#network-list", OptionList).focus()
            return
        self.open(self.current())

    def open(self, option_id: str | None) -> None:
        if option_id is None:
            return
        if option_id.startswith(COMPANY):
            from tracker.ui.screens.prep import PrepScreen

            company = option_id[len(COMPANY) :]
            if company:
                self.tracker.show(PrepScreen(company))
            return
        self.tracker.show(PersonViewScreen(option_id), lambda _: self.load(option_id))

    def action_new_interview(self) -> None:
        company = self.company_of(self.current())
        if company is None:
            return
        keep = self.current()
        open_apply_again(self.tracker, company, lambda _: self.load(keep))

    def action_filter(self) -> None:
        self.query_one("#people-filter", Input).focus()

    @on(Input.Changed, "#people-filter")
    def _filter_changed(self) -> None:
        self.paint()

    def action_back(self) -> None:
        """Leave; in the filter field, esc clears it and goes back to the list first."""
        field = self.query_one("#people-filter", Input)
        if self.focused is field:
            field.value = ""
            self.query_one("#network-list", OptionList).focus()
            return
        self.dismiss(None)

    def action_help(self) -> None:
        from tracker.ui.screens.help import HelpScreen

        self.tracker.show(HelpScreen(self))


# --- one person ------------------------------------------------------------------------


def person_page(
    repo: Repository, person_id: str
) -> tuple[Person, list[tuple[CardView, Role]], Touch | None, list[Interaction], date, int]:
    """What the person view shows, read on the store thread."""
    person = repo.snapshot().people.get(person_id)
    if person is None:
        raise DomainError("that person no longer exists (was it undone in another window?).")
    said = [i for i in repo.all_interactions() if i.person_id == person_id]
    return (
        person,
        repo.person_cards(person_id),
        repo.touch_of(person_id),
        said,
        repo.today(),
        repo.settings.network_every,
    )


def day_words(day: date) -> str:
    return f"{day.strftime('%a')} {day.day:02d} {day.strftime('%b %Y')}"


def person_lines(
    person: Person,
    cards: list[tuple[CardView, Role]],
    touch: Touch | None,
    said: list[Interaction],
    today: date,
    default_every: int,
) -> list[tuple[int, str, str]]:
    """The person view as (indent, text, style) lines; text is data, shown later."""
    out: list[tuple[int, str, str]] = []
    head = person.name + (f" — {person.title}" if person.title else "")
    out.append((0, head, "bold $accent"))
    for label, value in (
        ("Company", person.company),
        ("E-mail", person.email),
        ("LinkedIn", person.linkedin),
        ("Highlight", person.highlight),
    ):
        if value:
            out.append((0, f"{label}: {value}", ""))
    if person.notes:
        out.append((0, "Notes:", ""))
        out += [(2, line, "italic") for line in person.notes.splitlines() if line.strip()]
    cadence = every_words(person.every)
    if person.every is None:
        cadence = f"{every_words(default_every)} (the default)"
    out += [(0, "", ""), (0, "Keep in touch", "bold")]
    out.append((2, f"Cadence: {cadence}", ""))
    if touch is not None:
        out.append(
            (
                2,
                f"Next check-in: {humanize_due(touch.due_on, today)} ({day_words(touch.due_on)}), "
                f"last contact {day_words(touch.last_contact)}",
                "",
            )
        )
    elif any(view.card.state in ON_BOARD for view, _ in cards):
        out.append((2, "No check-in while a card of theirs is on the board.", "dim"))
    out += [(0, "", ""), (0, f"Cards ({len(cards)})", "bold")]
    if not cards:
        out.append((2, "On no card.", "dim"))
    for view, role in reversed(cards):
        where = " · ".join([view.card.stage.title, *view.state_and_due(today)])
        if view.card.state not in ON_BOARD:
            where = view.card.state.value
        out.append(
            (
                2,
                f"{view.company} — {view.role}: {ROLE_WORDS[role]}; interviewed "
                f"{day_words(view.opportunity.last_interview)}; "
                f"{view.opportunity.outcome.value}; {where}",
                "",
            )
        )
    out += [(0, "", ""), (0, f"Interactions ({len(said)})", "bold")]
    if not said:
        out.append((2, "None logged yet.", "dim"))
    companies = {view.card.id: view.company for view, _ in cards}
    for interaction in reversed(said):
        at = companies.get(interaction.card_id or "", "")
        out.append(
            (
                2,
                f"{day_words(interaction.day)} · {interaction.kind}" + (f" · {at}" if at else ""),
                "",
            )
        )
        out += [
            (4, line, "italic $text-muted")
            for line in interaction.text.splitlines()
            if line.strip()
        ]
    return out


class PersonViewScreen(TrackerScreen[None]):
    """One person: contact details, check-in, cards and interactions."""

    BINDINGS = bindings.PERSON_VIEW

    def __init__(self, person_id: str) -> None:
        super().__init__()
        self.person_id = person_id
        self.person: Person | None = None
        self.company = ""
        """Where ``n`` applies again: their company, else their latest card's."""
        self.roles = ""

    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="person-view")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#person-view", VerticalScroll).focus()
        self.load()

    @work(exclusive=True, group="person-load")
    async def load(self) -> None:
        try:
            page = await self.tracker.store(person_page, self.tracker.repo, self.person_id)
        except StoreError as error:
            self.tracker.fail(error)
            return
        except DomainError as error:
            self.notify(str(error), severity="error", timeout=8)
            self.dismiss(None)
            return
        person, cards, touch, said, today, default_every = page
        self.person = person
        self.company = person.company or (cards[-1][0].company if cards else "")
        self.roles = ", ".join(dict.fromkeys(ROLE_WORDS[role] for _, role in cards))
        self.show_lines(person_lines(person, cards, touch, said, today, default_every))

    def show_lines(self, lines: list[tuple[int, str, str]]) -> None:
        from tracker.domain.text import visible

        scroll = self.query_one("#person-view", VerticalScroll)
        scroll.remove_children()
        widgets = []
        for indent, text, style in lines:
            content = Content.styled(visible(text), style) if style else Content(visible(text))
            widget = Static(content if text else " ", classes="person-line")
            widget.styles.padding = (0, 0, 0, indent)
            widgets.append(widget)
        scroll.mount_all(widgets)

    def text(self) -> list[str]:
        """The view as shown, one entry per line (for tests)."""
        return [str(w.render()) for w in self.query(".person-line").results(Static)]

    def action_scroll(self, step: int) -> None:
        scroll = self.query_one("#person-view", VerticalScroll)
        if step > 0:
            scroll.scroll_down(animate=False)
        else:
            scroll.scroll_up(animate=False)

    def action_edit(self) -> None:
        from tracker.ui.screens.person import PersonScreen

        person = self.person
        if person is None:
            return

        def saved(details: Details | None) -> None:
            if details is None:
                return
            if details == Details():
                self.notify("Nothing changed.", timeout=2)
                return
            self.save(person.id, details)

        self.tracker.show(PersonScreen(person, self.roles), saved)

    @work(group="write")
    async def save(self, person_id: str, details: Details) -> None:
        try:
            person, _ = await self.tracker.store(self.tracker.repo.edit_person, person_id, details)
        except StoreError as error:
            self.tracker.fail(error)
            return
        except DomainError as error:
            self.notify(str(error), severity="error", timeout=8)
            return
        self.notify(f"Saved {person.name}.")
        self.load()

    def action_new_interview(self) -> None:
        open_apply_again(self.tracker, self.company, self._applied)

    def _applied(self, _: Any) -> None:
        self.load()

    def action_back(self) -> None:
        self.dismiss(None)

    def action_help(self) -> None:
        from tracker.ui.screens.help import HelpScreen

        self.tracker.show(HelpScreen(self))
