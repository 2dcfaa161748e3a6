"""The card detail: people with roles, contact details and what they said, the checklist,
notes, history; fields are editable.

| key | does |
|---|---|
| space | toggle the highlighted checklist item |
| enter | on a person: the person editor (name, title, e-mail, LinkedIn, notes, highlight) |
| + | add a person to this card, with any role (naming the hire ticks "find who was hired") |
| y | a reply came from the person: what did they say? (may be left empty) |
| N | note an interaction with the person: a note, advice, a meeting, feedback |
| c | copy the person's e-mail address (else their LinkedIn URL) to the clipboard |
| L | a lesson from the card's feedback, advice or comparison gaps: a new one, or attach it |
| ctrl+s | save the edited company, role and notes |
| ? | every key of the detail, with its id |
| escape | save and go back to the board |

``y``, ``N`` and ``c`` act on the person highlighted in the people list, or, from the
checklist, on the highlighted item's person. E-mail addresses and LinkedIn URLs that
pass the domain's checks show as terminal hyperlinks (OSC 8; ``mailto:`` for e-mail).

Opened from the archive (``read_only``), the card can be read and scrolled but not
changed: the fields are disabled, and a key that would write says why and how to
bring the card back. A new key that writes checks :meth:`CardDetailScreen.refused` first.
``L`` does not: a lesson belongs to no card, so what an archived card taught is still
turned into lessons from its read-only detail.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.markup import escape
from textual.style import Style
from textual.widgets import Footer, Input, Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from tracker.domain.capture import NewPerson
from tracker.domain.comparison import BETTER_WORDS, gap_words
from tracker.domain.errors import DomainError
from tracker.domain.lessons import strength_words
from tracker.domain.model import Event, ItemStatus, Outcome, Person, State
from tracker.domain.people import (
    AIR_PARTS,
    FIELD_WORDS,
    ROLE_WORDS,
    Details,
    Interaction,
    by_person,
    check_email,
    check_linkedin,
    interactions,
    said_words,
)
from tracker.domain.rules import ACTIONS, answers_invitation
from tracker.domain.text import visible
from tracker.domain.views import CardView
from tracker.store.errors import StoreError
from tracker.ui import bindings
from tracker.ui.base import TrackerScreen
from tracker.ui.screens.item_forms import form_for
from tracker.ui.screens.lesson_from import LessonChoice, LessonFromScreen
from tracker.ui.screens.replies import ask_reply
from tracker.ui.screens.review import osc52
from tracker.ui.text import shown
from tracker.ui.widgets.fields import FieldArea, FieldInput

MARKS = {ItemStatus.OPEN: "[ ]", ItemStatus.DONE: "[x]", ItemStatus.SKIPPED: "[-]"}


def history_line(event: Event, names: Mapping[str, str] | None = None) -> str:
    """One line of a card's history; ``names`` (person id to name) says who each
    action was for."""
    data = event.data
    names = names or {}

    def who(person: object) -> str:
        name = names.get(person) if isinstance(person, str) else None
        return name or (str(data.get("name")) if data.get("name") else "someone")

    what = event.type.replace("_", " ")
    if event.type in ("item_done", "item_skipped"):
        labels = []
        for i in data.get("items", []):
            label = ACTIONS.get(i.get("action", ""), i.get("action", ""))
            person = names.get(i.get("person") or "")
            labels.append(f"{label} — {person}" if person else label)
        what = f"{'done' if event.type == 'item_done' else 'skipped'}: {', '.join(labels)}"
        if data.get("reason"):
            what += f" ({data['reason']})"
    elif event.type == "reply_logged":
        what = f"{data.get('kind') or 'reply'} from {who(data.get('person'))}"
        if data.get("done"):
            what += f"; done: {ACTIONS['ask_feedback']}"
        if data.get("meeting"):
            what = f"yes to coffee from {who(data.get('person'))}; meeting on {data['meeting']}"
    elif event.type == "interaction_noted" and data.get("met_on"):
        air = data.get("air")
        noted = [key for key, _ in AIR_PARTS if isinstance(air, dict) and air.get(key)]
        what = f"met {who(data.get('person'))} on {data['met_on']}" + (
            f"; noted {', '.join(noted)}" if noted else ""
        )
    elif event.type == "interaction_noted":
        what = f"{data.get('kind') or 'note'} about {who(data.get('person'))}"
    elif event.type == "compared":
        comparison = data.get("comparison")
        gaps = comparison.get("gaps") if isinstance(comparison, dict) else None
        count = len(gaps) if isinstance(gaps, list) else 0
        name = str(data.get("name") or "") or "the person hired"
        what = f"compared with {name}: {gap_words(count)}"
    elif event.type == "stage_changed":
        what = f"moved {data.get('from', '?')} → {data.get('to', '?')}" + (
            " (on its date)" if data.get("auto") else ""
        )
    elif event.type == "outcome_logged":
        what = f"outcome: {data.get('outcome')}"
    elif event.type == "snoozed":
        what = f"snoozed until {data.get('until')}"
    elif event.type == "person_added":
        what = f"added {data.get('name', '?')} ({str(data.get('role', '?')).replace('_', ' ')})"
        if data.get("replaced"):
            what += " instead of " + " and ".join(str(x.get("name")) for x in data["replaced"])
    elif event.type == "person_edited":
        fields = [f for f in FIELD_WORDS if f in data.get("changed", [])]  # the editor's order
        changed = ", ".join(FIELD_WORDS[f] for f in fields)
        was = f" (was {data['was']})" if data.get("was") else ""
        what = f"edited {who(data.get('person'))}{was}: {changed or 'nothing'}"
    elif event.type == "created":
        what = f"interview logged ({data.get('interview', '')})"
    elif event.type == "sync_merged":
        what = (
            f"sync: {str(data.get('field', '?')).replace('_', ' ')} changed on two machines; "
            f"kept {_short(data.get('kept'))}, set aside {_short(data.get('set_aside'))}"
        )
    return f"{event.day.isoformat()}  {what}"


def _short(value: object) -> str:
    """A value a sync set aside, quoted and cut to one short line."""
    text = "nothing" if value in (None, "") else str(value).replace("\n", " ")
    return f"“{text[:57]}…”" if len(text) > 60 else f"“{text}”"


PEOPLE_LABEL = "People (enter edits · + adds · y reply came · N note · c copies address)"


def contact(value: str, check: Callable[[str], str], scheme: str = "") -> Content:
    """A contact detail as a terminal hyperlink (OSC 8) when it passes ``check`` as it is
    stored (so the link holds no control character or space), else as plain text."""
    try:
        good = check(value) == value
    except DomainError:
        good = False
    if not good:
        return shown(value)
    return Content.assemble((value, Style(underline=True, link=scheme + value)))


def person_prompt(person: Person, roles: list[str], said: list[Interaction]) -> Content:
    """A person in the people list: name, roles and highlight; title, e-mail and LinkedIn
    (links where they are good); then what they said, oldest first."""
    extra = f" — {person.highlight}" if person.highlight else ""
    parts: list[Content] = [shown(f"{person.name} ({', '.join(roles)}){extra}")]
    details = [shown(person.title)] if person.title else []
    if person.email:
        details.append(contact(person.email, check_email, "mailto:"))
    if person.linkedin:
        details.append(contact(person.linkedin, check_linkedin))
    if details:
        parts.append(Content("\n    ") + Content(" · ").join(details))
    for x in said:
        line = f"{x.day.isoformat()} {said_words(x)}"
        parts.append(shown("\n    " + line.replace("\n", "\n      "), multiline=True))
    return Content.assemble(*parts)


def comparison_lines(view: CardView) -> str:
    """The comparison with the person hired, as lines that follow the summary ("" if none)."""
    comparison = view.opportunity.comparison
    if comparison is None:
        return ""
    hire = view.people.get(comparison.person_id or "")
    better = BETTER_WORDS.get(comparison.better, comparison.better)
    text = (
        f"\ncompared with {hire.name if hire else 'the person hired'} on "
        f"{comparison.on.isoformat()} · better qualified: {better}"
    )
    if comparison.background:
        text += "\n  background: " + comparison.background.replace("\n", "\n    ")
    if comparison.gaps:
        text += "\n  gaps: " + " · ".join(gap.text for gap in comparison.gaps)
    return text


class CardDetailScreen(TrackerScreen[None]):
    """Everything about one card."""

    BINDINGS = [*bindings.DETAIL, *bindings.FORM_FIELDS]
    """Tab between the fields is a priority binding, and the fields apply their own
    editing keys in order (:mod:`tracker.ui.widgets.fields`), as in the forms."""

    def __init__(self, card_id: str, read_only: bool = False) -> None:
        super().__init__()
        self.card_id = card_id
        self.read_only = read_only
        """Opened from the archive: readable, scrollable, never written."""
        self.view: CardView | None = None

    def compose(self) -> ComposeResult:
        ro = self.read_only
        with VerticalScroll(id="detail"):
            with Horizontal(classes="detail-fields"):
                yield FieldInput(id="company", placeholder="Company", disabled=ro)
                yield FieldInput(id="role", placeholder="Role", disabled=ro)
            yield Static("", id="summary")
            yield Label("People" if ro else PEOPLE_LABEL, classes="section")
            yield OptionList(id="people-list")
            yield Label("Checklist" if ro else "Checklist (space toggles)", classes="section")
            yield OptionList(id="checklist")
            yield Label("Notes", classes="section")
            yield FieldArea(id="notes", soft_wrap=True, read_only=ro)
            yield Label("History", classes="section")
            yield Static("", id="history")
        yield Footer()

    def on_mount(self) -> None:
        self.load()

    @work(exclusive=True, group="detail")
    async def load(self, first: bool = True) -> None:
        repo = self.tracker.repo

        def read() -> tuple[CardView, list[Event]]:
            view = repo.find_card(self.card_id, include_inactive=True)
            return view, repo.card_events(self.card_id)

        try:
            view, events = await self.tracker.store(read)
        except (DomainError, StoreError) as error:
            self.notify(str(error), severity="error")
            self.dismiss(None)
            return
        self.show(view, events, fields=first)
        if first:
            self.query_one("#checklist", OptionList).focus()

    def show(self, view: CardView, events: list[Event], fields: bool) -> None:
        self.view = view
        card, opp = view.card, view.opportunity
        today = self.tracker.repo.today()
        if fields:
            # Shown as the terminal may show them; a field left as shown is not saved (_edits).
            self.query_one("#company", Input).value = visible(opp.company)
            self.query_one("#role", Input).value = visible(opp.role)
            self.query_one("#notes", TextArea).text = visible(card.notes, multiline=True)
        outcome = opp.outcome.value + (f" on {opp.outcome_on}" if opp.outcome_on else "")
        interviews = ", ".join(d.isoformat() for d in opp.interviews)
        decision = f" · decision by {opp.decision_by.isoformat()}" if opp.decision_by else ""
        self.query_one("#summary", Static).update(
            shown(
                f"{' · '.join([card.stage.title, *view.state_and_due(today)])}\n"
                f"interview {interviews}{decision} · outcome {outcome} · id {card.short_id}"
                + comparison_lines(view)
                + (f"\n{why_read_only(view)}" if self.read_only else ""),
                multiline=True,
            )
        )
        people = self.query_one("#people-list", OptionList)
        was_on = people.highlighted
        people.clear_options()
        roles: dict[str, list[str]] = {}  # a person with two roles on the card is listed once
        for link in opp.people:
            roles.setdefault(link.person_id, []).append(link.role.value.replace("_", " "))
        said = by_person(interactions(events))
        for person_id, words in roles.items():
            person = view.people.get(person_id)
            if person:
                prompt = person_prompt(person, words, said.get(person_id, []))
                people.add_option(Option(prompt, id=person.id))
        if not opp.people:
            people.add_option(Option("nobody recorded", disabled=True))
        else:
            people.highlighted = min(was_on or 0, people.option_count - 1)
        checklist = self.query_one("#checklist", OptionList)
        highlighted = checklist.highlighted
        checklist.clear_options()
        for n, item in enumerate(card.items, start=1):
            who = view.person_name(item)
            text = (
                f"{n:>2}. {MARKS[item.status]} {ACTIONS.get(item.action, item.action)}"
                f"{' — ' + who if who else ''}{' (optional)' if item.optional else ''}"
                f"  · by {item.target.isoformat()}"
                f"{' · ' + item.reason if item.reason and not item.is_open else ''}"
            )
            checklist.add_option(Option(shown(text), id=item.id))
        if card.items:
            checklist.highlighted = min(highlighted or 0, len(card.items) - 1)
        names = {person.id: person.name for person in view.people.values()}
        history = [visible(history_line(e, names)) for e in reversed(events)]
        self.query_one("#history", Static).update(
            shown("\n".join(history[:50]) or "no history yet", multiline=True)
        )

    WRITES = frozenset({"save", "toggle_item", "add_person", "reply", "note"})
    """The actions that change the card or its people: off in a read-only detail. ``lesson``
    is not one: a lesson belongs to no card, so an archived card still teaches."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A read-only detail neither offers nor runs the keys that write (its footer
        shows only what works there; the summary says why and how to bring it back)."""
        return not (self.read_only and action in self.WRITES)

    def refused(self) -> bool:
        """True, having said why, when the card is read-only (opened from the archive)."""
        if self.read_only and self.view is not None:
            self.notify(
                visible(why_read_only(self.view)), severity="warning", timeout=6, markup=False
            )
        return self.read_only

    def action_toggle_item(self) -> None:
        checklist = self.query_one("#checklist", OptionList)
        if self.view is None or self.focused is not checklist or checklist.highlighted is None:
            return
        if self.refused():
            return
        item = self.view.card.items[checklist.highlighted]
        repo = self.tracker.repo
        if item.is_open:
            if form_for(self.tracker, self.view, item, self._apply):
                return
            self._apply(repo.close_items, self.card_id, [item.id])
        else:
            self._apply(repo.reopen_item, self.card_id, item.id)

    @on(OptionList.OptionSelected, "#checklist")
    def _selected(self) -> None:
        self.action_toggle_item()

    def action_help(self) -> None:
        from tracker.ui.screens.help import HelpScreen

        self.tracker.show(HelpScreen(self))

    # --- people -----------------------------------------------------------------

    def chosen_person(self) -> Person | None:
        """The person the people keys act on: the one highlighted in the people list, or,
        from the checklist, the highlighted item's person. None (with a message) if nobody."""
        if self.view is None:
            return None
        people = self.query_one("#people-list", OptionList)
        checklist = self.query_one("#checklist", OptionList)
        person_id: str | None = None
        if self.focused is people and people.highlighted is not None:
            person_id = people.get_option_at_index(people.highlighted).id
        elif self.focused is checklist and checklist.highlighted is not None:
            person_id = self.view.card.items[checklist.highlighted].person_id
        person = self.view.people.get(person_id) if person_id else None
        if person is None:
            self.notify(
                "Choose a person in the people list first (shift+tab moves there).",
                severity="warning",
                timeout=3,
            )
        return person

    def roles_of(self, person_id: str) -> str:
        if self.view is None:
            return ""
        roles = [
            ROLE_WORDS[x.role] for x in self.view.opportunity.people if x.person_id == person_id
        ]
        return ", ".join(dict.fromkeys(roles))

    @on(OptionList.OptionSelected, "#people-list")
    def _person_selected(self, event: OptionList.OptionSelected) -> None:
        person_id = event.option.id
        if self.view is None or person_id is None or person_id not in self.view.people:
            return
        if self.refused():
            return
        self.edit_person(self.view.people[person_id])

    def edit_person(self, person: Person) -> None:
        """Open the person editor; its answer is one ``edit_person`` on this card."""
        from tracker.ui.screens.person import PersonScreen

        def saved(details: Details | None) -> None:
            if details is None:
                return
            if details == Details():
                self.notify("Nothing changed.", timeout=2)
                return
            self._apply(
                self.tracker.repo.edit_person,
                person.id,
                details,
                card_id=self.card_id,
                message=lambda result: f"Saved {result[0].name}.",
            )

        self.tracker.show(PersonScreen(person, self.roles_of(person.id)), saved)

    def action_add_person(self) -> None:
        from tracker.ui.screens.person import AddPersonScreen

        if self.refused():
            return
        if self.view is None:
            return

        def added(new: NewPerson | None) -> None:
            if new is None:
                return

            def message(result: Any) -> str:
                view, person, created = result
                known = "" if created else " (already known: linked, not created)"
                return f"Added {person.name}{known} to {view.company} as {ROLE_WORDS[new.role]}."

            self._apply(
                self.tracker.repo.add_person,
                self.card_id,
                new.name,
                new.role,
                highlight=new.highlight,
                message=message,
            )

        self.tracker.show(AddPersonScreen(self.view.company), added)

    def action_reply(self) -> None:
        if self.refused():
            return
        person = self.chosen_person()
        if person is None or self.view is None:
            return
        ask_reply(
            self.tracker,
            self.tracker.repo.today(),
            self.card_id,
            person.id,
            person.name,
            self._apply,
            coffee=answers_invitation(self.view.card, person.id),
            feedback=any(
                i.action == "ask_feedback" and i.person_id == person.id
                for i in self.view.card.open_items
            ),
        )

    def action_note(self) -> None:
        from tracker.ui.screens.person import Note, NoteScreen

        if self.refused():
            return
        person = self.chosen_person()
        if person is None:
            return

        def noted(note: Note | None) -> None:
            if note is not None:
                self._apply(
                    self.tracker.repo.note_interaction,
                    self.card_id,
                    person.id,
                    note.text,
                    note.kind,
                    message=f"Noted {note.kind} about {person.name}.",
                )

        self.tracker.show(NoteScreen(person.name), noted)

    def action_copy_contact(self) -> None:
        person = self.chosen_person()
        if person is None:
            return
        if person.email:
            text, what = person.email, "e-mail address"
        elif person.linkedin:
            text, what = person.linkedin, "LinkedIn URL"
        else:
            self.notify(
                f"{person.name} has no e-mail address or LinkedIn URL to copy; "
                "enter on them adds one.",
                timeout=4,
            )
            return
        self.app.copy_to_clipboard(text)  # Textual keeps it for paste inside the app too
        driver = self.app._driver
        if driver is not None:
            driver.write(osc52(text))
            driver.flush()
        self.notify(f"Copied {person.name}'s {what}.", timeout=2)

    # --- lessons ----------------------------------------------------------------

    @work(exclusive=True, group="detail-lesson")
    async def action_lesson(self) -> None:
        """Offer the card's sources (as `tracker lesson sources` numbers them); the answer
        is one ``add_lesson`` or ``attach``. Allowed read-only: it does not change the card."""
        repo, view = self.tracker.repo, self.view
        if view is None:
            return
        try:
            sources, lessons = await self.tracker.store(
                lambda: (repo.card_sources(self.card_id), repo.lessons())
            )
        except (DomainError, StoreError) as error:
            self.notify(str(error), severity="error")
            return
        if not sources:
            self.notify(
                f"{visible(view.company)} has no feedback, advice or comparison gap yet to "
                "learn from: y or N on a person logs what they said, and the comparison "
                "with the person hired gives the gaps.",
                timeout=6,
                markup=False,
            )
            return
        self.tracker.show(LessonFromScreen(view.company, sources, lessons), self._lesson_chosen)

    def _lesson_chosen(self, choice: LessonChoice | None) -> None:
        repo = self.tracker.repo
        if choice is None:
            return
        if choice.lesson_id is None:
            self._apply(
                repo.add_lesson,
                choice.text,
                choice.theme,
                [choice.source],
                message=lambda made: escape(
                    f"Added the lesson “{made.lesson.text}” ({made.lesson.theme}); "
                    "E on the board lists it."
                ),
            )
            return

        def attached(result: Any) -> str:
            after, added = result
            if not added:
                return escape(f"“{after.lesson.text}” already has that source; nothing changed.")
            return escape(
                f"Attached to “{after.lesson.text}”: "
                f"{strength_words(after.companies, len(after.live))}."
            )

        self._apply(repo.attach, choice.lesson_id, [choice.source], message=attached)

    @work(group="detail-write")
    async def _apply(
        self,
        fn: Callable[..., Any],
        *args: Any,
        message: str | Callable[[Any], str] | None = None,
        **kwargs: Any,
    ) -> None:
        """Run the repository call ``fn`` on the store thread, then repaint; ``message``
        (or ``message(result)``) is said when it succeeded, the refusal when not."""
        try:
            result = await self.tracker.store(fn, *args, **kwargs)
        except (DomainError, StoreError) as error:
            self.notify(str(error), severity="error")
            return
        if message is not None:
            self.notify(message(result) if callable(message) else message, timeout=3)
        self.load(first=False)

    def _edits(self) -> dict[str, str]:
        if self.view is None:
            return {}
        changes: dict[str, str] = {}
        company = self.query_one("#company", Input).value
        role = self.query_one("#role", Input).value
        notes = self.query_one("#notes", TextArea).text
        # Compared with what was shown: a field left alone keeps its stored text, even
        # when that holds control characters the field could only show as ^[.
        if company.strip() != visible(self.view.company):
            changes["company"] = company
        if role.strip() != visible(self.view.role):
            changes["role"] = role
        if notes != visible(self.view.card.notes, multiline=True):
            changes["notes"] = notes
        return changes

    async def _save(self) -> bool:
        changes = self._edits()
        if not changes:
            return True
        try:
            await self.tracker.store(self.tracker.repo.edit, self.card_id, **changes)
        except (DomainError, StoreError) as error:
            self.notify(str(error), severity="error")
            return False
        return True

    @work(group="detail-write")
    async def action_save(self) -> None:
        if self.refused():
            return
        if await self._save():
            self.notify("Saved.", timeout=2)
            self.load(first=True)

    @work(group="detail-write")
    async def action_close(self) -> None:
        if self.read_only or await self._save():
            self.dismiss(None)


def why_read_only(view: CardView) -> str:
    """One line: the card is done or archived, so it is read-only here, and the way back."""
    opp = view.opportunity
    if view.card.state is State.ARCHIVED:
        what = "is archived"
    elif opp.outcome in (Outcome.OFFER, Outcome.WITHDRAWN):
        what = f"is done ({opp.outcome.value})"
    else:
        what = "is done (its follow-ups are finished)"
    return (
        f"Read-only: {view.company} {what}. If that was your last action, "
        "u on the board (or tracker undo) brings it back."
    )
