"""`enter` on the archive opens the card read-only: everything readable, nothing written.

The clock is Monday 2026-03-02 10:00 UTC. The files are compared byte for byte before and
after: a read-only card writes nothing, whatever key is pressed.
"""

from __future__ import annotations

from datetime import date

from tracker.domain.capture import NewPerson
from tracker.domain.model import Outcome, Role
from tracker.store.repo import Repository
from tracker.ui.screens.archive import ArchiveList, ArchiveScreen
from tracker.ui.screens.board import BoardScreen
from tracker.ui.screens.detail import CardDetailScreen
from tracker.ui.screens.dialogs import TextScreen

from support.ui import make_app, settle


def files(repo: Repository) -> tuple[bytes, bytes]:
    return repo.paths.database.read_bytes(), repo.paths.events.read_bytes()


def archived_card(repo: Repository) -> str:
    """Acme: rejected, feedback received from Jane, a note, then archived."""
    view = repo.add_interview(
        "Acme",
        "Backend Engineer",
        on=date(2026, 2, 2),
        people=[NewPerson("Jane Doe", Role.INTERVIEWER, "their Postgres migration")],
        note="Panel of three; ask about the on-call rota next time.",
    )
    card_id = view.card.id
    jane = next(iter(view.people))
    repo.reject(card_id, date(2026, 2, 20))
    repo.log_reply(card_id, jane, "Go deeper on system design trade-offs.", done=True)
    repo.archive(card_id)
    return card_id


async def test_enter_on_the_archive_opens_the_card_read_only(repo: Repository) -> None:
    card_id = archived_card(repo)
    offer = repo.add_interview("Globex", "SRE", on=date(2026, 1, 10)).card.id
    repo.finish(offer, Outcome.OFFER, date(2026, 2, 1))
    before = files(repo)
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert isinstance(app.screen, ArchiveScreen)
        assert app.screen.query_one(ArchiveList).get_row_at(0)[0] == "Acme"  # newest first
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, CardDetailScreen) and detail.read_only
        assert detail.card_id == card_id
        assert detail.query_one("#company").disabled and detail.query_one("#role").disabled
        assert detail.query_one("#notes").read_only
        summary = str(detail.query_one("#summary").render())
        assert (
            "Read-only: Acme is archived. If that was your last action, u on the board "
            "(or tracker undo) brings it back." in summary
        )
        people = detail.query_one("#people-list")
        assert str(people.get_option_at_index(0).prompt).splitlines() == [
            "Jane Doe (interviewer) — their Postgres migration",
            "    2026-03-02 feedback: Go deeper on system design trade-offs.",
        ]
        assert "Panel of three" in detail.query_one("#notes").text
        assert "archived" in str(detail.query_one("#history").render())

        # every key that would write says why, once, and writes nothing
        def said() -> int:
            return sum(1 for n in app._notifications if n.message.startswith("Read-only"))

        # The keys that write are neither offered in the footer nor run.
        offered = [a.binding.description for a in app.active_bindings.values() if a.enabled]
        footer = " ".join(offered)
        for hidden in ("Save", "Toggle item", "Add person"):
            assert hidden not in footer
        await pilot.press("space")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        people.focus()
        people.highlighted = 0
        await pilot.press("enter")  # the person editor, on an editable card
        await settle(pilot)
        assert app.screen is detail and not isinstance(app.screen, TextScreen)
        assert said() == 1
        notes = detail.query_one("#notes")
        notes.focus()
        await pilot.press(*"typed", "enter", "backspace")
        await settle(pilot)
        assert notes.text == "Panel of three; ask about the on-call rota next time."

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ArchiveScreen)
        await pilot.press("j", "enter")  # the offer
        await settle(pilot)
        assert isinstance(app.screen, CardDetailScreen) and app.screen.card_id == offer
        assert "Read-only: Globex is done (offer)." in str(
            app.screen.query_one("#summary").render()
        )
        await pilot.press("escape", "escape")
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen)
    assert files(repo) == before


async def test_enter_on_an_empty_archive_says_so(repo: Repository) -> None:
    app = make_app(repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("A", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ArchiveScreen)
        assert [n.message for n in app._notifications] == [
            "The archive is empty: done and archived cards come here."
        ]


async def test_the_board_detail_stays_editable(repo: Repository) -> None:
    """The flag is the archive's: a card opened from the board can still be changed."""
    card_id = repo.add_interview("Acme", "Dev").card.id
    app = make_app(repo)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, CardDetailScreen) and not detail.read_only
        assert not detail.query_one("#company").disabled
        await pilot.press("space")
        await settle(pilot)
    assert not Repository(repo.paths, repo.settings).snapshot().cards[card_id].items[0].is_open
