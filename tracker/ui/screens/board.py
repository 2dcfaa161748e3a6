"""The board screen: four columns, a status line, and every card action as a key.

| key | does |
|---|---|
| arrows, h j k l | move the focus |
| H / L, shift+left / shift+right | move the card to the previous / next stage (L on a Thank-you card is x) |
| enter | open the card detail |
| space | complete the card's next checklist item |
| r | the daily review |
| n | new interview |
| x / o / w | log a rejection / an offer / a withdrawal (each asks for the day first) |
| g | ghosted: no answer came (asks for the day and who was hired, as x does) |
| s | snooze |
| a | archive |
| u | undo the board's own last action (asks before undoing what was done elsewhere) |
| / | filter by company, person or role |
| A | the archive screen |
| S | streak and stats |
| E | lessons |
| P | the prep page of the card's company |
| p | people: your network, by company |
| ? | every key |
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from tracker.domain.errors import DomainError
from tracker.domain.model import STAGES, Outcome, Stage
from tracker.domain.streaks import StreakStatus, percent, review_hint
from tracker.domain.views import CardView
from tracker.domain.words import plural
from tracker.store.errors import StoreError
from tracker.ui import bindings
from tracker.ui.base import TrackerScreen
from tracker.ui.model import BoardModel, keep_out_of_collections, load_board
from tracker.ui.screens.item_forms import form_for
from tracker.ui.widgets.column import CardColumn
from tracker.ui.widgets.line import TextLine

if TYPE_CHECKING:
    from tracker.ui.screens.dialogs import NewInterview


DEMO_NOTICE = "This is the demo: what you add here starts your real board."
"""The new-interview form's first line on the demo board."""


class StatusBar(Horizontal):
    """Today's date and how much is due; the right-hand slot is for the streak badge."""

    def compose(self) -> ComposeResult:
        yield TextLine(id="status-left")
        yield Static("", id="streak-badge")

    texts: tuple[str, ...] = ()
    """The status line, longest first (see :func:`status_texts`)."""
    hint: str | None = None
    """A sentence after the counts: what keeps the day when nothing is due."""

    def show(
        self,
        today: date,
        due: int,
        overdue: int,
        needle: str,
        total: int,
        shown: int,
        demo: bool = False,
        check_ins: int = 0,
    ) -> None:
        self.texts = tuple(status_texts(today, due, overdue, needle, total, shown, demo, check_ins))
        self.set_class(demo, "-demo")
        self._draw()

    def set_hint(self, hint: str | None) -> None:
        self.hint = hint
        self._draw()

    def _draw(self) -> None:
        hinted = [f"{text} · {self.hint}" for text in self.texts] if self.hint else []
        self.query_one("#status-left", TextLine).set_text(*hinted, *self.texts)


def status_texts(
    today: date,
    due: int,
    overdue: int,
    needle: str,
    total: int,
    shown: int,
    demo: bool,
    check_ins: int = 0,
) -> list[str]:
    """The status line, longest first: a narrow terminal shows the first that fits.

    Words go in this order: the long title and the year, the date, the card count,
    the overdue count and the network's check-ins due ("2 check-ins due", only when
    some are), the filter; "DEMO" and the due count stay, and the streak badge beside
    the line is never cut. While a filter is on, the card count says how many of the
    cards are shown ("1 of 2 cards").
    """
    heads = (
        ["tracker DEMO (sample cards; n starts your own board)", "DEMO: n starts your own board"]
        if demo
        else ["tracker"]
    )
    last = ["DEMO"] if demo else []
    counts = [
        f"{due} due",
        *([f"{overdue} overdue"] if overdue else []),
        *([f"{plural(check_ins, 'check-in')} due"] if check_ins else []),
    ]
    every = plural(total, "card")
    cards = [f"{shown} of {every}" if needle else every]
    filtered = [f"filter: {needle}"] if needle else []
    long_day, short_day = today.strftime("%a %d %b %Y"), today.strftime("%a %d %b")
    forms = [
        [f"{heads[0]}  {long_day}", *counts, *cards, *filtered],
        *([[heads[1], short_day, *counts, *cards, *filtered]] if demo else []),
        [*last, short_day, *counts, *cards, *filtered],
        [*last, *counts, *cards, *filtered],
        [*last, *counts, *filtered],
        [*last, counts[0], *filtered],
        [*last, counts[0]],
    ]
    return [" · ".join(parts) for parts in forms]


class BoardScreen(TrackerScreen[None]):
    """Thank-you → Feedback → Monitor → Coffee."""

    AUTO_FOCUS = None
    """The board itself takes the keys; the filter field is focused only on demand."""

    BINDINGS = bindings.BOARD

    def __init__(self) -> None:
        super().__init__()
        self.model: BoardModel | None = None
        self.column_index = 0
        self.rows = [0, 0, 0, 0]
        self._seen: object = None
        self._badge: tuple[str, bool, bool] | None = None
        self.loaded = False
        """True once the first load has been drawn (tests and benchmarks wait for it)."""

    def compose(self) -> ComposeResult:
        yield StatusBar(id="status")
        with Horizontal(id="columns"):
            for index, stage in enumerate(STAGES):
                # The column with the cursor is styled as active from the start: setting
                # the class only once mounted would restyle its subtree before the first frame.
                active = " -active" if index == self.column_index else ""
                with Vertical(classes=f"column{active}", id=f"col-{stage.value}"):
                    yield TextLine(stage.title, classes="column-title", id=f"title-{stage.value}")
                    yield CardColumn(id=f"cards-{stage.value}")
        yield Input(
            placeholder="filter: company, person or role (enter keeps, esc clears)",
            id="filter",
            disabled=True,
        )
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#filter", Input).display = False
        first = self.tracker.take_preloaded()
        if first is not None:  # loaded before the app started: the first frame shows the cards
            self.show_model(*first)
        else:
            self.reload()
        self.set_interval(self.tracker.poll_interval, self.poll)

    # --- data ---------------------------------------------------------------
    @work(exclusive=True, group="load")
    async def reload(self) -> None:
        """Read the store (on the store thread) and redraw everything."""
        needle = self.model.needle if self.model else ""
        try:
            model, seen = await self.tracker.store(load_board, self.tracker.repo, needle)
        except (StoreError, DomainError) as error:
            self.notify(str(error), severity="error", timeout=8)
            return
        self.show_model(model, seen)

    def show_model(self, model: BoardModel, seen: object) -> None:
        selected = self.selected_id()
        self.model, self._seen = model, seen
        self.paint(follow=selected)
        first = not self.loaded
        self.loaded = True
        self.call_after_refresh(keep_out_of_collections)
        if first:
            self.call_after_refresh(self._after_first_frame)
        else:
            self.refresh_streak()  # the cards first; the badge a moment later

    def _after_first_frame(self) -> None:
        """What the first board leaves for the store thread, once its frame is drawn:
        begun sooner, the thread would hold the GIL while the frame is built (checking
        every record of 10,000 cards takes ~100 ms; the frame waited ~30 ms for it)."""
        self.refresh_streak()
        self.check_records()

    @work(exclusive=True, group="check")
    async def check_records(self) -> None:
        """Read what the first board left unread, on the store thread: a damaged
        record ends the app with the store's sentence, as one drawn would."""
        try:
            await self.tracker.store(self.tracker.repo.check_snapshot)
        except StoreError as error:
            self.tracker.fail(error)
            return
        keep_out_of_collections()  # what the check built lives as long as the board, too

    # --- streak ------------------------------------------------------------------
    @work(exclusive=True, group="streak")
    async def refresh_streak(self) -> None:
        try:
            streak = await self.tracker.store(streak_status, self.tracker.repo)
        except (StoreError, DomainError):
            return
        self.show_streak(streak)

    def show_streak(self, streak: StreakStatus | None) -> None:
        badge = self.query_one("#streak-badge", Static)
        if streak is None:
            badge.update("")
            self.query_one(StatusBar).set_hint(None)
            return
        marker = "! " if streak.at_risk else ""
        shown = (
            f"{marker}streak {streak.current} · best {streak.best} · {percent(streak.score)}%",
            streak.at_risk,
            streak.today_kept,
        )
        model = self.model
        hint = (
            review_hint(
                streak, due=model.due_count() + model.touches_due, on_board=len(model.views)
            )
            if model is not None
            else None
        )
        self.query_one(StatusBar).set_hint(hint)
        if shown != self._badge:  # unchanged after most moves: no update, no extra frame
            self._badge = shown
            badge.update(shown[0])
            badge.set_class(streak.at_risk, "-at-risk")
            badge.set_class(streak.today_kept, "-kept")
        if streak.milestone:
            self._celebrate(streak.milestone)

    @work(group="streak")
    async def _celebrate(self, milestone: int) -> None:
        from tracker.store.streak_store import claim_milestone

        try:
            first = await self.tracker.store(claim_milestone, self.tracker.repo, milestone)
        except (StoreError, DomainError):
            return
        if first:
            self.notify(
                f"{milestone} days in a row. Keep showing up.", title="Streak milestone", timeout=6
            )

    def poll(self) -> None:
        """Pick up captures from other terminals and the change of day."""
        if self.model is None:
            return
        repo = self.tracker.repo
        if repo.changed_since(self._seen) or repo.today() != self.model.today:
            self.reload()
        self.write_summary()

    @work(exclusive=True, group="summary")
    async def write_summary(self) -> None:
        """Write the prompt summary the board's actions left out (they do not pay for
        it: :meth:`Repository.defer_summary`), on the store thread, when idle."""
        try:
            await self.tracker.store(self.tracker.repo.write_summary)
        except (StoreError, DomainError):
            return  # only the prompt's speed is lost; the next write tries again

    def selected(self) -> CardView | None:
        if self.model is None:
            return None
        column = self.model.columns[STAGES[self.column_index]]
        row = self.rows[self.column_index]
        return column[row] if 0 <= row < len(column) else None

    def selected_id(self) -> str | None:
        view = self.selected()
        return view.card.id if view else None

    # --- drawing --------------------------------------------------------------
    def paint(self, follow: str | None = None) -> None:
        model = self.model
        if model is None:
            return
        if follow is not None:
            position = model.position(follow)
            if position is not None:
                self.column_index, self.rows[position[0]] = position
        for index, stage in enumerate(STAGES):
            cards = model.columns[stage]
            self.rows[index] = max(0, min(self.rows[index], len(cards) - 1))
            column = self.query_one(f"#cards-{stage.value}", CardColumn)
            column.placeholder = (
                "No cards yet: press n to log an interview."
                if index == 0 and not model.views
                else "Nothing matches the filter."
                if index == 0 and model.needle and not any(model.columns.values())
                else ""
            )
            column.set_cards(cards, model.today, model.revision[stage])
            title = f"{stage.title} ({len(cards)})"
            self.query_one(f"#title-{stage.value}", TextLine).set_text(title)
        self.paint_cursor()
        self.query_one(StatusBar).show(
            model.today,
            model.due_count(),
            model.overdue_count(),
            model.needle,
            len(model.views),
            sum(len(cards) for cards in model.columns.values()),
            demo=self.tracker.demo_of is not None,
            check_ins=model.check_ins_due,
        )

    def paint_cursor(self) -> None:
        if self.model is None:
            return
        for index, stage in enumerate(STAGES):
            column = self.query_one(f"#cards-{stage.value}", CardColumn)
            has_cards = bool(self.model.columns[stage])
            column.set_cursor(self.rows[index] if has_cards else None, index == self.column_index)
            box = self.query_one(f"#col-{stage.value}")
            if box.has_class("-active") != (index == self.column_index):
                box.set_class(
                    index == self.column_index, "-active"
                )  # a change restyles the subtree

    # --- focus ------------------------------------------------------------------
    def action_focus_move(self, dx: int, dy: int) -> None:
        if self.model is None:
            return
        if dx:
            self.column_index = (self.column_index + dx) % len(STAGES)
        if dy:
            count = len(self.model.columns[STAGES[self.column_index]])
            row = self.rows[self.column_index] + dy
            self.rows[self.column_index] = max(0, min(row, count - 1))
        self.paint_cursor()

    # --- writes -------------------------------------------------------------------
    def write(
        self, fn: Callable[..., Any], *args: Any, done: str | None = None, **kwargs: Any
    ) -> None:
        """Run a repository action on the store thread, then show its result."""
        self._write(fn, args, kwargs, done)

    @work(group="write")
    async def _write(
        self,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
        done: str | None,
    ) -> None:
        try:
            result = await self.tracker.store(fn, *args, **kwargs)
            seen = self.tracker.repo.signature()
        except (StoreError, DomainError) as error:
            self.notify(str(error), severity="error", timeout=6)
            return
        if isinstance(result, CardView) and self.model is not None:
            self.model.upsert(result)
            self._seen = seen
            self.paint(follow=result.card.id)
            self.refresh_streak()
        else:
            self.reload()
        if done:
            self.notify(done, timeout=3)

    def _need_card(self) -> CardView | None:
        view = self.selected()
        if view is None:
            self.notify("No card here. Press n to log an interview.", severity="warning", timeout=3)
        return view

    def action_move_card(self, direction: int) -> None:
        view = self._need_card()
        if view is None:
            return
        repo = self.tracker.repo
        card = view.card
        if direction > 0:
            if card.stage is Stage.THANK_YOU and view.opportunity.outcome is Outcome.PENDING:
                self.action_reject()  # moving on from Thank-you is a rejection: ask, as x does
            else:
                self.write(repo.advance, card.id)
        else:
            self.write(repo.retreat, card.id)

    def action_complete_next(self) -> None:
        view = self._need_card()
        if view is None:
            return
        item = view.next_item()
        if item is None:
            self.notify(f"{view.company} has nothing left to tick.", timeout=3)
            return
        if form_for(self.tracker, view, item, self.write):
            return
        self.write(self.tracker.repo.close_items, view.card.id, [item.id])

    def action_offer(self) -> None:
        self._ask_outcome(Outcome.OFFER)

    def action_withdraw(self) -> None:
        self._ask_outcome(Outcome.WITHDRAWN)

    def _ask_outcome(self, outcome: Outcome) -> None:
        """An outcome ends the card: ask for its day first (enter: today, esc: nothing)."""
        from tracker.ui.screens.dialogs import DateScreen

        view = self._need_card()
        if view is None:
            return
        repo = self.tracker.repo
        company = view.company
        offer = outcome is Outcome.OFFER
        was = view.opportunity.outcome
        title = f"Offer from {company}" if offer else f"You withdrew from {company}"
        if was is not Outcome.PENDING:
            title += f" (it is {was.value} now)"

        def chosen(day: date | None) -> None:
            if day is not None:
                when = "today" if day == repo.today() else day.strftime("%a %d %b")
                self.write(
                    repo.finish,
                    view.card.id,
                    outcome,
                    day,
                    done=(
                        f"Offer from {company} logged for {when}; the card is done. "
                        "Congratulations! (u undoes it)"
                        if offer
                        else f"Withdrawal from {company} logged for {when}; the card is done "
                        "(u undoes it)."
                    ),
                )

        self.tracker.show(
            DateScreen(f"{title}: on which day?", repo.today(), default="today"), chosen
        )

    def action_archive_card(self) -> None:
        view = self._need_card()
        if view:
            self.write(
                self.tracker.repo.archive,
                view.card.id,
                done=f"{view.company} archived (u undoes it; A lists the archive).",
            )

    def action_undo(self) -> None:
        self._undo()

    @work(group="write")
    async def _undo(self, confirmed: tuple[str, ...] | None = None) -> None:
        """Undo the board's own last action; what was done elsewhere only once confirmed."""
        from tracker.ui.screens.dialogs import ConfirmScreen

        try:
            result = await self.tracker.store(self.tracker.repo.undo_own, confirmed)
        except (StoreError, DomainError) as error:
            self.notify(str(error), severity="warning", timeout=4)
            return
        if not result.done:

            def answered(yes: bool | None) -> None:
                if yes:
                    self._undo(result.entries)

            self.tracker.show(ConfirmScreen(result.question, "y undoes · n or esc keeps"), answered)
            return
        where = " (done outside this board)" if result.foreign else ""
        self.notify(f"Undid: {', then '.join(result.labels)}{where}.", timeout=3)
        self.reload()

    # --- dialogs --------------------------------------------------------------------
    def action_open_card(self) -> None:
        from tracker.ui.screens.detail import CardDetailScreen

        view = self._need_card()
        if view:
            self.tracker.show(CardDetailScreen(view.card.id), self._after_detail)

    def _after_detail(self, _: None) -> None:
        self.reload()

    def action_new_interview(self) -> None:
        from tracker.ui.screens.dialogs import NewInterviewScreen, log_interview, twin_sentence

        repo = self.tracker.repo
        demo = self.tracker.demo_of is not None

        def saved(result: NewInterview | None) -> None:
            if result is None:
                return
            if self.tracker.demo_of is not None:
                self.start_own_board(result)
                return
            self.write(log_interview, repo, result, done=f"Added {result.company}.")

        async def twin_of(new: NewInterview) -> str | None:
            try:
                return await self.tracker.store(twin_sentence, repo, new)
            except (StoreError, DomainError):
                return None  # the save itself will say what is wrong

        # On the demo the card goes to the user's own, new board: no sample is its twin.
        notice, twins = (DEMO_NOTICE, None) if demo else ("", twin_of)
        self.tracker.show(NewInterviewScreen(repo.today(), twins, notice=notice), saved)

    @work(group="write")
    async def start_own_board(self, result: NewInterview) -> None:
        """On the demo board: add the interview to the user's own home and switch to it."""
        from tracker.store.repo import Repository
        from tracker.ui.screens.dialogs import log_interview

        home = self.tracker.demo_of
        if home is None:
            return
        settings = self.tracker.repo.settings  # the demo runs on the user's own settings
        try:
            own = await self.tracker.store(Repository, home, settings)
            view = await self.tracker.store(log_interview, own, result)
            first = await self.tracker.store(load_board, own)
        except (StoreError, DomainError) as error:
            self.notify(f"Not added (the demo is still open): {error}", severity="error", timeout=8)
            return
        self.tracker.leave_demo(own)
        self.action_clear_filter()
        self.column_index, self.rows = 0, [0, 0, 0, 0]
        self.show_model(*first)
        self.paint(follow=view.card.id)
        self.notify(
            f"Added {result.company} to your own board. The demo is closed; "
            "tracker opens this board from now on.",
            title="Your board",
            timeout=8,
        )

    def action_snooze(self) -> None:
        from tracker.ui.screens.dialogs import DateScreen

        view = self._need_card()
        if view is None:
            return
        repo = self.tracker.repo

        def chosen(day: date | None) -> None:
            if day is not None:
                self.write(
                    repo.snooze,
                    view.card.id,
                    day,
                    done=f"{view.company} snoozed until {day.strftime('%a %d %b')}.",
                )

        self.tracker.show(
            DateScreen(f"Snooze {view.company} until", repo.today(), default="+3d"), chosen
        )

    def action_reject(self) -> None:
        from tracker.ui.screens.dialogs import Rejection, RejectScreen

        view = self._need_card()
        if view is None:
            return
        repo = self.tracker.repo

        def chosen(result: Rejection | None) -> None:
            if result is not None:
                self.write(
                    repo.reject,
                    view.card.id,
                    result.on,
                    result.hired,
                    done=f"Rejection from {view.company} logged; Feedback starts now (u undoes it).",
                )

        self.tracker.show(RejectScreen(view.company, repo.today()), chosen)

    def action_ghosted(self) -> None:
        """No answer came: Feedback is skipped and Monitor starts (asks as x does)."""
        from tracker.ui.screens.dialogs import Rejection, RejectScreen

        view = self._need_card()
        if view is None:
            return
        was = view.opportunity.outcome
        if was is not Outcome.PENDING:
            self.notify(
                f"{view.company} already has the outcome {was.value}; "
                "undo it first (u, or tracker undo) to mark it ghosted.",
                severity="warning",
                timeout=5,
            )
            return
        repo = self.tracker.repo

        def chosen(result: Rejection | None) -> None:
            if result is not None:
                self.write(
                    repo.ghosted,
                    view.card.id,
                    result.on,
                    result.hired,
                    done=f"{view.company} marked ghosted; Monitor starts now (u undoes it).",
                )

        self.tracker.show(
            RejectScreen(view.company, repo.today(), title=f"Ghosted by {view.company}"), chosen
        )

    def action_review(self) -> None:
        from tracker.ui.screens.review import ReviewScreen

        self.tracker.show(ReviewScreen(), self._after_detail)

    def action_stats(self) -> None:
        from tracker.ui.screens.stats import StatsScreen

        self.tracker.show(StatsScreen())

    def action_lessons(self) -> None:
        from tracker.ui.screens.lessons import LessonsScreen

        self.tracker.show(LessonsScreen())

    def action_people(self) -> None:
        from tracker.ui.screens.people import PeopleScreen

        self.tracker.show(PeopleScreen(), self._after_detail)

    def action_prep(self) -> None:
        """The prep page for the focused card's company (any card: the page is about the
        company; a pending interview on this card is the one prepared for)."""
        from tracker.ui.screens.prep import PrepScreen

        view = self._need_card()
        if view is not None:
            self.tracker.show(PrepScreen(view.company, view.card.id))

    def action_archive_screen(self) -> None:
        from tracker.ui.screens.archive import ArchiveScreen

        self.tracker.show(ArchiveScreen())

    def action_help(self) -> None:
        from tracker.ui.screens.help import HelpScreen

        self.tracker.show(HelpScreen(self))

    # --- filter -----------------------------------------------------------------------
    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        field.disabled = False
        field.display = True
        field.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if self.model is not None:
            selected = self.selected_id()
            self.model.set_filter(event.value)
            self.paint(follow=selected)

    @on(Input.Submitted, "#filter")
    def _filter_done(self, event: Input.Submitted) -> None:
        field = self.query_one("#filter", Input)
        field.display = bool(field.value)
        field.disabled = True
        self.set_focus(None)

    def action_clear_filter(self) -> None:
        field = self.query_one("#filter", Input)
        if field.value or field.display:
            field.value = ""
            field.display = False
            field.disabled = True
            self.set_focus(None)

    def key_escape(self) -> None:
        # Escape inside the filter field clears it and gives the keys back to the board.
        if self.focused is self.query_one("#filter", Input):
            self.action_clear_filter()

    # --- command palette ------------------------------------------------------------------
    def palette_commands(self) -> Iterable[SystemCommand]:
        for binding in self.BINDINGS:
            assert isinstance(binding, Binding)
            if binding.id in (
                "focus_left",
                "focus_right",
                "focus_up",
                "focus_down",
                "clear_filter",
            ):
                continue
            action = binding.action
            yield SystemCommand(
                binding.description,
                f"{binding.description} (key: {binding.key.split(',')[0]})",
                partial_action(self, action),
            )


def streak_status(repo: Any) -> StreakStatus | None:
    """The streak for the badge (None when it cannot be computed, e.g. a bad vacation record)."""
    from tracker.store.streak_store import current_status

    try:
        return current_status(repo)
    except (StoreError, DomainError):
        return None


def partial_action(screen: Screen[Any], action: str) -> Callable[[], Any]:
    def run() -> Any:
        return screen.run_action(action)

    return run
