"""The daily review: one due card at a time, a draft for each action, one key per outcome.

| key | does |
|---|---|
| d | done: the selected item |
| D | done: every item on the card |
| x | skip the selected item, with a reason |
| s | snooze the card: 1, 3 or 7 days, or a date in the CLI's words |
| a | advance the card to its next stage |
| y | a reply came from the selected item's person: asks what they said (may be empty); cancels their nudges. On the coffee invitation (or a nudge about it) it then asks the day you meet: a day plans a "meet" item, esc logs the reply alone |
| c | copy the draft to your clipboard (OSC 52: works over SSH and tmux) |
| e | edit the draft in $EDITOR; the edited draft stays on the card |
| n / p | next / previous card |

After the cards, the keep-in-touch check-ins due with the network (people whose cards
are done) come one at a time, with the ``check_in`` draft: d (or D) marks it done, x skips
it with a reason, s snoozes it to a day, c copies the draft (a, y and e are for cards).
Then the reminders of the companies watched after a rejection ("Check openings at Acme"),
with the careers URL: d (or D) when you checked (it keeps the day, like a check-in), x skips
it with a reason, s snoozes it, c copies the URL.
| j / k, down / up | select the next / previous action |
| q | leave; progress is kept and the next review resumes here |
"""

from __future__ import annotations

import base64
import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, NamedTuple

from textual import on, work
from textual.app import ComposeResult, SuspendNotSupported
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tracker.domain.errors import DomainError
from tracker.domain.model import Item
from tracker.domain.network import Touch, touch_context
from tracker.domain.rules import ACTIONS, COFFEE_ANSWERED
from tracker.domain.templates import DEFAULTS, render
from tracker.domain.views import CardView, due_words, is_due, urgency_key
from tracker.domain.watch import Reminder
from tracker.domain.words import plural
from tracker.store.errors import StoreError
from tracker.ui import bindings
from tracker.ui.base import TrackerScreen
from tracker.ui.screens.item_forms import form_for
from tracker.ui.screens.replies import ask_reply
from tracker.ui.text import shown


def osc52(text: str) -> str:
    """The escape sequence that puts ``text`` on the user's own clipboard (OSC 52)."""
    payload = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f"\x1b]52;c;{payload}\x07"


class Aside(NamedTuple):
    """What the review needs of something due that is not on a card (a check-in with the
    network, a watched company's reminder): its record's id, how messages name it, and
    the repository's three answers to it."""

    key: str
    subject: str
    """ "Check-in with Jane Doe", "Check of Acme": how messages start."""
    done_message: str
    skip_hint: str
    done: Callable[..., Any]
    skip: Callable[..., Any]
    snooze: Callable[..., Any]


@dataclass
class Tally:
    """What one review did."""

    done: int = 0
    skipped: int = 0
    snoozed: int = 0
    cards: set[str] = field(default_factory=set)
    touches: set[str] = field(default_factory=set)
    """The people whose check-in this review did (done, skipped or snoozed)."""
    watches: set[str] = field(default_factory=set)
    """The watched companies whose reminder this review did."""


def across(tally: Tally) -> str:
    """What a review went across: "3 cards", "2 check-ins", "1 card and 1 check-in",
    "1 card, 1 check-in and 1 watched company"."""
    parts = [
        plural(len(tally.touches), "check-in") if tally.touches else "",
        plural(len(tally.watches), "watched company", "watched companies") if tally.watches else "",
    ]
    parts = [x for x in parts if x]
    if tally.cards or not parts:
        parts.insert(0, plural(len(tally.cards), "card"))
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


TOUCH = "touch:"
"""How a check-in is named in the review's queue (cards are named by their id)."""
WATCH = "watch:"
"""How a watched company's reminder is named in the review's queue."""


def reminder_text(reminder: Reminder, opportunities: Any) -> str:
    """What the review shows beside a watched company's reminder: the careers page, where
    the watch came from (the roles and their outcomes), and the last check's note."""
    watch = reminder.watch
    lines = [
        f"Careers page: {watch.url}"
        if watch.url
        else f"No careers page saved: tracker watch {watch.company} --url URL keeps one.",
        "",
    ]
    came = []
    for opp_id in watch.opportunities:
        opp = opportunities.get(opp_id)
        if opp is None:
            continue
        when = opp.outcome_on or opp.last_interview
        outcome = opp.outcome.value if opp.outcome_on else "interviewed"
        came.append(f"  {opp.role}: {outcome} {when.day} {when:%b %Y}")
    if came:
        lines += ["Interviews there:", *came, ""]
    if watch.note:
        lines += [f"Last check: {watch.note}", ""]
    lines.append(f"Watched every {watch.every} days until {watch.until.day} {watch.until:%b %Y}.")
    lines.append("d when you have checked · x skip · s snooze · c copy the URL")
    lines.append("Found a role? A starts a new interview there (it counts as checked).")
    return "\n".join(lines)


@dataclass
class Streak:
    current: int
    score: float

    def __str__(self) -> str:
        return f"streak {self.current} · score {self.score:.0%}"


def streak_of(repo: Any) -> Streak | None:
    try:
        from tracker.store.streak_store import current_status
    except ImportError:
        return None
    status = current_status(repo)
    return Streak(status.current, status.score)


class ReviewScreen(TrackerScreen[None]):
    """Walk through what is due, most urgent first."""

    AUTO_FOCUS = "#actions"

    BINDINGS = bindings.REVIEW

    def __init__(self, *, quit_on_leave: bool = False) -> None:
        super().__init__()
        self.quit_on_leave = quit_on_leave
        self.queue: list[str] = []
        self.index = 0
        self.view: CardView | None = None
        self.tally = Tally()
        self.before: Streak | None = None
        self.finished = False
        self.templates: dict[str, str] = dict(DEFAULTS)
        self.today = date(2000, 1, 1)
        self.seen: set[tuple[str, str, str]] = set()
        """(card, stage, item) of every item shown, so items the review creates are found."""
        self.touch: Touch | None = None
        """The check-in shown, when the queue is at one (``view`` is None then)."""
        self.touch_draft = ""
        self.reminder: Reminder | None = None
        """The watched company's reminder shown, when the queue is at one."""
        self.reminder_text = ""

    def compose(self) -> ComposeResult:
        with Vertical(id="review"):
            yield Static("", id="review-head")
            with Horizontal(id="review-body"):
                yield OptionList(id="actions")
                with VerticalScroll(id="draft-box"):
                    yield Static("", id="draft")
            yield Static("", id="review-summary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#review-summary").display = False
        self.start()

    # --- loading ------------------------------------------------------------------
    @work(exclusive=True, group="review")
    async def start(self) -> None:
        repo = self.tracker.repo

        def load() -> tuple[list[str], str | None, Streak | None, dict[str, str], date]:
            from tracker.template_files import load as load_templates

            today = repo.today()  # time's passing applies in memory: opening writes nothing
            views = [v for v in repo.settled_snapshot().views() if is_due(v.card, today)]
            views.sort(key=lambda v: urgency_key(v.card, today))
            touches = [TOUCH + t.person.id for t in repo.due_touches(today)]
            touches += [WATCH + r.watch.id for r in repo.due_reminders(today)]
            return (
                [v.card.id for v in views] + touches,
                repo.review_position(),
                streak_of(repo),
                load_templates(repo.settings.template_dir or repo.paths.config_dir / "templates"),
                today,
            )

        try:
            queue, resume, before, templates, today = await self.tracker.store(load)
        except (DomainError, StoreError) as error:
            self.notify(str(error), severity="error", timeout=8)
            return
        self.queue, self.before, self.templates, self.today = queue, before, templates, today
        self.index = queue.index(resume) if resume in queue else 0
        if not queue:
            await self.finish()
            return
        await self.show_card()

    async def show_card(self, keep_item: int | None = None) -> None:
        card_id = self.queue[self.index]
        repo = self.tracker.repo
        self.reminder = None
        if card_id.startswith(TOUCH):
            await self.show_touch(card_id.removeprefix(TOUCH))
            return
        self.touch = None
        if card_id.startswith(WATCH):
            await self.show_reminder(card_id.removeprefix(WATCH))
            return
        self.view = await self.tracker.store(repo.find_card, card_id, include_inactive=True)
        self.paint(keep_item)

    async def _pass_over(self) -> None:
        """Drop the check-in or reminder at the queue's position (no longer due) and show
        what comes next, or the end."""
        self.queue.pop(self.index)
        if self.index < len(self.queue):
            await self.show_card()
        else:
            await self.finish()

    async def show_touch(self, person_id: str) -> None:
        """Show the check-in with ``person_id``, with its draft; one no longer due (done
        elsewhere, or its person undone) is passed over."""
        repo = self.tracker.repo
        me = repo.settings.profile_name
        template = self.templates.get("check_in", DEFAULTS["check_in"])

        def load() -> tuple[Touch | None, str]:
            touch = repo.touch_of(person_id)
            if touch is None or not touch.is_due(repo.today()):
                return None, ""
            cards = repo.person_cards(person_id)
            latest = cards[-1][0].opportunity if cards else None
            return touch, render(template, touch_context(touch, latest, me))

        touch, draft = await self.tracker.store(load)
        self.view = None
        if touch is None:
            await self._pass_over()
            return
        self.touch, self.touch_draft = touch, draft
        self.paint_touch()

    async def show_reminder(self, watch_id: str) -> None:
        """Show the reminder of the watch ``watch_id``, with its careers URL and where it
        came from; one no longer due (checked elsewhere, stopped, undone) is passed over."""
        repo = self.tracker.repo

        def load() -> tuple[Reminder | None, str]:
            reminder = repo.reminder_of(watch_id)
            if reminder is None or not reminder.is_due(repo.today()):
                return None, ""
            return reminder, reminder_text(reminder, repo.snapshot().opportunities)

        reminder, text = await self.tracker.store(load)
        self.view = None
        if reminder is None:
            await self._pass_over()
            return
        self.reminder, self.reminder_text = reminder, text
        self.paint_reminder()

    def paint_reminder(self) -> None:
        reminder = self.reminder
        if reminder is None:
            return
        late = reminder.days_overdue(self.today)
        when = f"{late}d overdue" if late else "today"
        last = reminder.watch.last
        word = "last checked" if reminder.watch.checked else "watched since"
        self.query_one("#review-head", Static).update(
            shown(
                f"Review · {self.index + 1} of {len(self.queue)} · Watch · "
                f"{reminder.company} · {word} {last.day} {last:%b %Y} · {when}"
            )
        )
        actions = self.query_one("#actions", OptionList)
        actions.clear_options()
        actions.add_option(Option(shown(f"{reminder.label}  ({when})"), id="watch"))
        actions.highlighted = 0
        self.query_one("#draft", Static).update(shown(self.reminder_text, multiline=True))

    def paint_touch(self) -> None:
        touch = self.touch
        if touch is None:
            return
        late = touch.days_overdue(self.today)
        when = f"{late}d overdue" if late else "today"
        company = f" ({touch.person.company})" if touch.person.company else ""
        last = touch.last_contact
        self.query_one("#review-head", Static).update(
            shown(
                f"Review · {self.index + 1} of {len(self.queue)} · Keep in touch · "
                f"{touch.person.name}{company} · last contact {last.day} {last:%b %Y} · {when}"
            )
        )
        actions = self.query_one("#actions", OptionList)
        actions.clear_options()
        actions.add_option(Option(shown(f"{touch.label}  ({when})"), id="touch"))
        actions.highlighted = 0
        self.query_one("#draft", Static).update(shown(self.touch_draft, multiline=True))

    def paint(self, keep_item: int | None = None) -> None:
        view = self.view
        if view is None:
            return
        card = view.card
        self.query_one("#review-head", Static).update(
            shown(
                f"Review · card {self.index + 1} of {len(self.queue)} · {view.company} — {view.role} · "
                f"{card.stage.title} · {view.due_words(self.today)}"
            )
        )
        actions = self.query_one("#actions", OptionList)
        actions.clear_options()
        for item in view.open_items():
            self.seen.add((card.id, card.stage.value, item.id))
            who = view.person_name(item)
            label = f"{ACTIONS.get(item.action, item.action)}{' — ' + who if who else ''}"
            when = due_words(item.target, item.deadline, self.today)
            actions.add_option(Option(shown(f"{label}  ({when})"), id=item.id))
        if card.open_items:
            actions.highlighted = min(keep_item or 0, len(card.open_items) - 1)
        self.show_draft()

    def selected_item(self) -> Item | None:
        if self.view is None:
            return None
        actions = self.query_one("#actions", OptionList)
        index = actions.highlighted
        items = self.view.open_items()
        if index is None or not 0 <= index < len(items):
            return None
        return items[index]

    def draft_for(self, item: Item) -> str:
        assert self.view is not None
        if item.draft:
            return item.draft
        template = self.templates.get(item.action, "")
        me = self.tracker.repo.settings.profile_name
        return render(template, self.view.template_context(item, me))

    def show_draft(self) -> None:
        if self.touch is not None or self.reminder is not None:
            return  # painted with the check-in or the reminder
        item = self.selected_item()
        draft = (
            self.draft_for(item) if item else "Nothing left to do on this card: n for the next one."
        )
        # The draft is the user's template filled with data: shown, line breaks kept.
        self.query_one("#draft", Static).update(shown(draft, multiline=True))

    @on(OptionList.OptionHighlighted, "#actions")
    def _highlighted(self) -> None:
        self.show_draft()

    # --- outcomes ---------------------------------------------------------------------
    def _act(
        self,
        fn: Callable[..., Any],
        *args: Any,
        then: str = "stay",
        count: str | None = None,
        amount: int = 1,
        message: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Run the repository call ``fn(*args, **kwargs)``, then count it and move on."""
        self._run(fn, args, kwargs, then, count, amount, message)

    @work(group="review-write")
    async def _run(
        self,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        then: str,
        count: str | None,
        amount: int,
        message: str | None,
    ) -> None:
        keep = self.query_one("#actions", OptionList).highlighted
        try:
            result = await self.tracker.store(fn, *args, **kwargs)
        except (DomainError, StoreError) as error:
            self.notify(str(error), severity="error", timeout=6)
            return
        if count:
            setattr(self.tally, count, getattr(self.tally, count) + amount)
        if self.touch is not None:
            self.tally.touches.add(self.touch.person.id)
        elif self.reminder is not None:
            self.tally.watches.add(self.reminder.watch.id)
        elif self.view is not None:
            self.tally.cards.add(self.view.card.id)
        if message:
            self.notify(message, timeout=2)
        if isinstance(result, CardView):
            self.view = result
        if then == "next" or (self.view is not None and not self.view.card.open_items):
            await self.advance_queue()
        else:
            self.paint(keep)

    async def advance_queue(self) -> None:
        if self.index + 1 < len(self.queue):
            self.index += 1
            await self.show_card()
        elif await self.take_new_due():
            await self.show_card()
        else:
            await self.finish()

    async def take_new_due(self) -> bool:
        """At the end of the queue: go on with the cards that have due items this review
        has not shown yet (a stage that moved on, a status check); False when none has."""
        repo = self.tracker.repo
        seen = set(self.seen)

        def load() -> list[str]:
            today = repo.today()  # time's passing applies in memory: opening writes nothing
            views = [v for v in repo.settled_snapshot().views() if is_due(v.card, today)]
            views.sort(key=lambda v: urgency_key(v.card, today))
            return [
                v.card.id
                for v in views
                if any(
                    item.target <= today and (v.card.id, v.card.stage.value, item.id) not in seen
                    for item in v.card.open_items
                )
            ]

        try:
            fresh = await self.tracker.store(load)
        except (DomainError, StoreError) as error:
            self.notify(str(error), severity="error", timeout=8)
            return False
        if not fresh:
            return False
        self.queue = [card_id for card_id in self.queue if card_id not in fresh] + fresh
        self.index = len(self.queue) - len(fresh)
        return True

    def _aside(self) -> Aside | None:
        """The check-in or the watched company's reminder shown (no card), or None."""
        repo = self.tracker.repo
        if self.reminder is not None:
            company = self.reminder.company
            return Aside(
                self.reminder.watch.id,
                f"Check of {company}",
                f"Checked the openings at {company}.",
                "not looking this month…",
                repo.watch_checked,
                repo.skip_watch,
                repo.snooze_watch,
            )
        if self.touch is not None:
            name = self.touch.person.name
            return Aside(
                self.touch.person.id,
                f"Check-in with {name}",
                f"Checked in with {name}.",
                "wrote to them elsewhere, not now…",
                repo.touch_done,
                repo.skip_touch,
                repo.snooze_touch,
            )
        return None

    def action_done(self) -> None:
        aside = self._aside()
        if aside is not None:
            self._act(aside.done, aside.key, then="next", count="done", message=aside.done_message)
            return
        item = self.selected_item()
        if self.view and item:
            if form_for(self.tracker, self.view, item, self._done_with):
                return
            self._act(self.tracker.repo.close_items, self.view.card.id, [item.id], count="done")

    def _done_with(self, fn: Callable[..., Any], *args: Any) -> None:
        """What a form (:mod:`tracker.ui.screens.item_forms`) keeps, counted as one done."""
        self._act(fn, *args, count="done")

    def action_done_all(self) -> None:
        if self.touch is not None or self.reminder is not None:
            self.action_done()
            return
        if self.view and self.view.card.open_items:
            ids = [i.id for i in self.view.card.open_items]
            self._act(
                self.tracker.repo.close_items,
                self.view.card.id,
                ids,
                then="next",
                count="done",
                amount=len(ids),
            )

    def action_skip(self) -> None:
        from tracker.ui.screens.dialogs import TextScreen

        aside = self._aside()
        if aside is not None:

            def skipped(text: str | None) -> None:
                if text:
                    self._act(
                        aside.skip,
                        aside.key,
                        text,
                        then="next",
                        count="skipped",
                        message=f"{aside.subject} skipped.",
                    )

            self.tracker.show(TextScreen("Why skip it?", placeholder=aside.skip_hint), skipped)
            return
        item = self.selected_item()
        if not (self.view and item):
            return
        card_id = self.view.card.id

        def with_reason(text: str | None) -> None:
            if text:
                self._act(self._skip_with_reason, card_id, item.id, text, count="skipped")

        self.tracker.show(
            TextScreen("Why skip it?", placeholder="no e-mail address, met them already…"),
            with_reason,
        )

    def _skip_with_reason(self, card_id: str, item_id: str, text: str) -> CardView:
        result: CardView = self.tracker.repo.close_items(card_id, [item_id], skip=True, reason=text)
        return result

    def action_snooze(self) -> None:
        from tracker.ui.screens.dialogs import DateScreen

        aside = self._aside()
        if aside is not None:

            def later(day: date | None) -> None:
                if day is not None:
                    self._act(
                        aside.snooze,
                        aside.key,
                        day,
                        then="next",
                        count="snoozed",
                        message=f"{aside.subject} snoozed until {day.strftime('%a %d %b')}.",
                    )

            self.tracker.show(
                DateScreen(
                    f"Snooze the {aside.subject[0].lower()}{aside.subject[1:]}: 1, 3 or 7 days,"
                    " or a date",
                    self.today,
                    default="+7d",
                    shortcuts={"1": 1, "3": 3, "7": 7},
                ),
                later,
            )
            return
        if not self.view:
            return
        card_id = self.view.card.id
        company = self.view.company

        def chosen(day: date | None) -> None:
            if day is not None:
                self._act(
                    self.tracker.repo.snooze,
                    card_id,
                    day,
                    then="next",
                    count="snoozed",
                    message=f"{company} snoozed until {day.strftime('%a %d %b')}.",
                )

        self.tracker.show(
            DateScreen(
                f"Snooze {company}: 1, 3 or 7 days, or a date",
                self.today,
                default="+1d",
                shortcuts={"1": 1, "3": 3, "7": 7},
            ),
            chosen,
        )

    def action_apply_again(self) -> None:
        """On a watched company's reminder: a new interview there (the apply-again form,
        which offers the people known there). Once it is saved the reminder counts as
        checked, its note naming the role, and the review goes on."""
        reminder = self.reminder
        if reminder is None:
            self.notify(
                "A starts a new interview at a watched company, from its reminder.",
                severity="warning",
                timeout=3,
            )
            return
        from tracker.ui.screens.apply_again import open_apply_again

        def applied(view: CardView) -> None:
            shown_now = self.reminder
            if shown_now is None or shown_now.watch.id != reminder.watch.id:
                return  # the review moved on meanwhile: the reminder stays as it is
            self._act(
                self.tracker.repo.watch_checked,
                reminder.watch.id,
                f"applied again: {view.role}",
                then="next",
                count="done",
                message=f"Checked the openings at {reminder.company}: applied again.",
            )

        open_apply_again(self.tracker, reminder.company, applied)

    def action_advance(self) -> None:
        if self.view:
            self._act(
                self.tracker.repo.advance,
                self.view.card.id,
                then="next",
                message=f"{self.view.company} moved on.",
            )

    def action_reply(self) -> None:
        item = self.selected_item()
        if not (self.view and item):
            return
        if item.person_id is None:
            self.notify("This action is not for a named person.", severity="warning", timeout=3)
            return
        ask_reply(
            self.tracker,
            self.today,
            self.view.card.id,
            item.person_id,
            self.view.person_name(item),
            self._act,
            coffee=item.action in COFFEE_ANSWERED,
            feedback=item.action == "ask_feedback" and item.is_open,
        )

    def action_copy(self) -> None:
        item = self.selected_item()
        if self.reminder is not None:
            if not self.reminder.watch.url:
                self.notify(
                    f"No careers page for {self.reminder.company}: "
                    f"tracker watch {self.reminder.company} --url URL keeps one.",
                    timeout=4,
                )
                return
            self.app.copy_to_clipboard(self.reminder.watch.url)
            driver = self.app._driver
            if driver is not None:
                driver.write(osc52(self.reminder.watch.url))
                driver.flush()
            self.notify("Careers page copied to your clipboard.", timeout=2)
            return
        if self.touch is not None:
            text = self.touch_draft
        elif item is None:
            return
        else:
            text = self.draft_for(item)
        self.app.copy_to_clipboard(text)  # Textual keeps it for paste inside the app too
        driver = self.app._driver
        if driver is not None:
            driver.write(osc52(text))
            driver.flush()
        self.notify("Draft copied to your clipboard.", timeout=2)

    def action_edit(self) -> None:
        item = self.selected_item()
        if not (self.view and item):
            return
        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
        if not editor:
            self.notify(
                "Set $EDITOR to edit drafts (for example: export EDITOR=nano).",
                severity="warning",
                timeout=5,
            )
            return
        text = self.draft_for(item)
        with tempfile.NamedTemporaryFile(
            "w", suffix=".txt", delete=False, encoding="utf-8"
        ) as handle:
            handle.write(text)
            path = handle.name
        command = [*shlex.split(editor), path]
        try:
            try:
                with self.app.suspend():
                    code = subprocess.call(command)
            except SuspendNotSupported:  # no terminal to hand over (headless): run it as is
                code = subprocess.call(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
            with open(path, encoding="utf-8") as handle:
                edited = handle.read().rstrip("\n")
        except OSError as error:
            self.notify(
                f"Cannot run the editor {editor!r} ({error.strerror or error}); check $EDITOR.",
                severity="error",
                timeout=6,
            )
            return
        finally:
            os.unlink(path)
        if code != 0:
            self.notify(
                f"The editor exited with status {code}; the draft was not changed.",
                severity="warning",
                timeout=5,
            )
            return
        if edited != text:
            self._act(
                self.tracker.repo.set_draft,
                self.view.card.id,
                item.id,
                edited,
                message="Draft kept on the card.",
            )

    def action_item(self, step: int) -> None:
        """Select the next (1) or previous (-1) action, as the arrows do in the list."""
        actions = self.query_one("#actions", OptionList)
        if step > 0:
            actions.action_cursor_down()
        else:
            actions.action_cursor_up()

    def action_move(self, step: int) -> None:
        if not self.queue or self.finished:
            return
        self.index = (self.index + step) % len(self.queue)
        self._show()

    @work(group="review")
    async def _show(self) -> None:
        await self.show_card()

    # --- the end ------------------------------------------------------------------------
    async def finish(self) -> None:
        repo = self.tracker.repo
        tally = self.tally

        def close() -> tuple[int, int, Streak | None]:
            today = repo.today()
            views = repo.settled_snapshot().views()
            tomorrow = today + timedelta(days=1)
            touches = repo.touches()  # the network's check-ins are due like cards
            watched = repo.reminders()  # and so are the watched companies' reminders
            left = sum(1 for v in views if is_due(v.card, today))
            left += sum(1 for t in touches if t.is_due(today))
            left += sum(1 for r in watched if r.is_due(today))
            due_tomorrow = sum(1 for v in views if is_due(v.card, tomorrow))
            due_tomorrow += sum(1 for t in touches if t.is_due(tomorrow))
            due_tomorrow += sum(1 for r in watched if r.is_due(tomorrow))
            repo.finish_review(
                nothing_left_due=left == 0,
                counts={"done": tally.done, "skipped": tally.skipped, "snoozed": tally.snoozed},
            )
            return left, due_tomorrow, streak_of(repo)

        left, due_tomorrow, after = await self.tracker.store(close)
        self.finished = True
        self.query_one("#review-body").display = False
        streak = (
            f"{self.before} → {after}"
            if self.before and after
            else "streaks come in a later version"
        )
        lines = [
            ("Review stopped" if left else "Review finished")
            if self.queue
            else "Nothing is due today",
            "",
            f"{tally.done} done · {tally.skipped} skipped · {tally.snoozed} snoozed "
            f"across {across(tally)}",
            streak,
            f"{due_tomorrow} due tomorrow" + (f" · {left} still due today" if left else ""),
            "",
            "q to leave",
        ]
        self.query_one("#review-head", Static).update("Review")
        summary = self.query_one("#review-summary", Static)
        summary.update("\n".join(lines))
        summary.display = True

    def action_help(self) -> None:
        from tracker.ui.screens.help import HelpScreen

        self.tracker.show(HelpScreen(self))

    def action_leave(self) -> None:
        self._leave()

    @work(group="review-write")
    async def _leave(self) -> None:
        if not self.finished and self.queue:
            await self.tracker.store(self.tracker.repo.save_review_position, self.queue[self.index])
        if self.quit_on_leave:
            self.app.exit()
        else:
            self.dismiss(None)
