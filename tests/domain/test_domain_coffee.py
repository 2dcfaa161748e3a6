"""The coffee: a yes to the invitation plans a meeting, and the meeting's notes (AIR)."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.errors import DomainError
from tracker.domain.model import Card, Event, Item, ItemStatus, Link, Opportunity, Role, State
from tracker.domain.people import air_text, check_air, interactions, said_words
from tracker.domain.rules import (
    ACTIONS,
    SHORT_ACTIONS,
    accept_coffee,
    close_item,
    met,
    new_card,
    reject,
    settle,
)

NOW = "2026-06-10T10:00:00+00:00"
INVITED = date(2026, 6, 10)  # a Wednesday
MEETING = date(2026, 6, 24)


def coffee_card(*, tick_invite: bool) -> tuple[Card, Opportunity]:
    """A card in Coffee with a hiring manager "h" and the person hired "x"."""
    opp = Opportunity(
        id="opp1",
        company="Acme",
        role="SRE",
        interviews=[date(2026, 3, 2)],
        created_at=NOW,
        people=[Link("h", Role.HIRING_MANAGER), Link("x", Role.HIRED)],
    )
    card = new_card("card123456", opp, NOW)
    reject(card, opp, date(2026, 3, 10), now=NOW, today=date(2026, 3, 10))
    for done_on, next_stage in ((date(2026, 3, 12), date(2026, 4, 9)), (date(2026, 4, 10), None)):
        for item in [i for i in card.items if i.is_open and not i.optional]:
            close_item(card, opp, item.id, now=NOW, today=done_on)
        settle(card, opp, next_stage or date(2026, 6, 8))
    assert [i.action for i in card.open_items] == ["invite_coffee"]
    if tick_invite:
        close_item(card, opp, card.open_items[0].id, now=NOW, today=INVITED)
    return card, opp


def of(card: Card, action: str) -> list[Item]:
    return [i for i in card.items if i.action == action]


def test_meet_has_words() -> None:
    assert ACTIONS["meet"] == "Meet them for coffee or a call"
    assert SHORT_ACTIONS["meet"] == "Meet"


def test_a_yes_to_an_open_invite_closes_it_and_plans_the_meeting() -> None:
    card, opp = coffee_card(tick_invite=False)
    (invite,) = of(card, "invite_coffee")
    meet = accept_coffee(card, opp, "x", MEETING, now=NOW)
    assert invite.status is ItemStatus.DONE and invite.closed_at == NOW
    assert (meet.action, meet.person_id, meet.optional) == ("meet", "x", False)
    assert (meet.target, meet.deadline) == (MEETING, date(2026, 6, 26))  # due that day, +2
    # No nudges (they said yes) and no thank-you yet (it follows the meeting).
    assert not of(card, "nudge") and not of(card, "thank_after_coffee")
    assert card.state is State.ACTIVE
    assert (card.target, card.deadline) == (meet.target, meet.deadline)
    assert len({i.id for i in card.items}) == len(card.items)


def test_a_yes_after_the_invite_was_sent_cancels_the_nudges() -> None:
    card, opp = coffee_card(tick_invite=True)
    (nudge,) = of(card, "nudge")
    assert nudge.is_open and of(card, "thank_after_coffee")
    meet = accept_coffee(card, opp, "x", MEETING, now=NOW)
    assert nudge.status is ItemStatus.SKIPPED and nudge.reason == "reply received"
    # The thank-you the invite brought waits for the meeting: off the checklist for now.
    assert not of(card, "thank_after_coffee")
    assert [i.action for i in card.open_items] == ["meet"]
    assert meet.id not in {nudge.id}
    assert len({i.id for i in card.items}) == len(card.items)


def test_a_thank_you_with_a_draft_is_kept_and_dated_after_the_meeting() -> None:
    card, opp = coffee_card(tick_invite=True)
    (thanks,) = of(card, "thank_after_coffee")
    thanks.draft = "Dear Pat, thank you!"
    accept_coffee(card, opp, "x", MEETING, now=NOW)
    assert of(card, "thank_after_coffee") == [thanks]
    assert (thanks.target, thanks.deadline) == (MEETING, date(2026, 6, 25))
    met(card, opp, "x", date(2026, 6, 23), now=NOW, today=date(2026, 6, 23))
    assert of(card, "thank_after_coffee") == [thanks]  # not a second one
    assert (thanks.target, thanks.deadline) == (date(2026, 6, 23), date(2026, 6, 24))


def test_a_second_yes_moves_the_meeting() -> None:
    card, opp = coffee_card(tick_invite=False)
    first = accept_coffee(card, opp, "x", MEETING, now=NOW)
    again = accept_coffee(card, opp, "x", date(2026, 7, 1), now=NOW)
    assert again is first
    assert len(of(card, "meet")) == 1
    assert (first.target, first.deadline) == (date(2026, 7, 1), date(2026, 7, 3))


def test_only_an_invited_person_can_say_yes() -> None:
    card, opp = coffee_card(tick_invite=False)
    with pytest.raises(DomainError, match="invited"):
        accept_coffee(card, opp, "h", MEETING, now=NOW)
    assert not of(card, "meet")


def test_the_thank_you_follows_the_meeting_day() -> None:
    card, opp = coffee_card(tick_invite=True)
    meet = accept_coffee(card, opp, "x", MEETING, now=NOW)
    # Noted two days late, for the day it took place.
    met(card, opp, "x", date(2026, 6, 25), now=NOW, today=date(2026, 6, 27))
    assert meet.status is ItemStatus.DONE
    (thanks,) = of(card, "thank_after_coffee")
    assert (thanks.person_id, thanks.optional) == ("x", False)
    assert (thanks.target, thanks.deadline) == (date(2026, 6, 25), date(2026, 6, 26))
    assert card.state is State.ACTIVE
    close_item(card, opp, thanks.id, now=NOW, today=date(2026, 6, 27))
    assert card.state is State.DONE


def test_ticking_the_meet_item_also_brings_the_thank_you() -> None:
    card, opp = coffee_card(tick_invite=False)
    meet = accept_coffee(card, opp, "x", MEETING, now=NOW)
    close_item(card, opp, meet.id, now=NOW, today=MEETING)
    (thanks,) = of(card, "thank_after_coffee")
    assert (thanks.target, thanks.deadline) == (MEETING, date(2026, 6, 25))


def test_a_meeting_in_the_future_is_refused() -> None:
    card, opp = coffee_card(tick_invite=False)
    accept_coffee(card, opp, "x", MEETING, now=NOW)
    with pytest.raises(DomainError, match="after today"):
        met(card, opp, "x", date(2026, 6, 25), now=NOW, today=MEETING)
    assert of(card, "meet")[0].is_open


def test_a_meeting_without_a_logged_yes_takes_the_yes_as_given() -> None:
    card, opp = coffee_card(tick_invite=True)
    meet = met(card, opp, "x", date(2026, 6, 20), now=NOW, today=date(2026, 6, 22))
    assert meet.action == "meet" and meet.status is ItemStatus.DONE
    assert not any(i.is_open for i in of(card, "nudge"))
    (thanks,) = of(card, "thank_after_coffee")
    assert thanks.is_open and thanks.target == date(2026, 6, 20)


def test_air_text_keeps_only_the_parts_given() -> None:
    parts = check_air({"advice": "  Learn Go ", "insights": None, "recommendations": "Read SRE"})
    assert parts == {"advice": "Learn Go", "insights": "", "recommendations": "Read SRE"}
    assert air_text(parts) == "Advice: Learn Go\nRecommendations: Read SRE"
    assert air_text(check_air({})) == ""


@pytest.mark.parametrize(
    ("parts", "words"),
    [
        ({"advice": "bad\x1b[31m"}, "the advice contains a control character"),
        ({"insights": "x" * 2001}, "the insights is 2001 characters long"),
    ],
)
def test_air_parts_are_checked(parts: dict[str, str], words: str) -> None:
    with pytest.raises(DomainError, match=words):
        check_air(parts)  # type: ignore[arg-type]


def test_air_keeps_line_breaks() -> None:
    assert check_air({"advice": "one\n\ttwo"})["advice"] == "one\n\ttwo"


def test_the_advice_interaction_is_dated_by_the_meeting() -> None:
    event = Event(
        id="e1",
        type="interaction_noted",
        at="2026-06-27T10:00:00Z",
        tz="UTC",
        day=date(2026, 6, 27),
        card_id="card123456",
        data={"person": "x", "kind": "advice", "text": "Advice: a", "met_on": "2026-06-25"},
    )
    (found,) = interactions([event])
    assert (found.day, found.kind, found.text) == (date(2026, 6, 25), "advice", "Advice: a")


def note_event(event_id: str, data: dict[str, str]) -> Event:
    return Event(
        id=event_id,
        type="interaction_noted",
        at="2026-06-27T10:00:00Z",
        tz="UTC",
        day=date(2026, 6, 27),
        card_id="card123456",
        data={"person": "x", **data},
    )


def test_a_meetings_notes_read_as_meeting_notes_not_advice_twice() -> None:
    """The notes of `tracker met` name their parts, so they are introduced as "meeting notes"
    ("advice: Advice: …" said it twice); an advice noted by hand keeps its kind; the stored
    text is unchanged."""
    met_notes, empty, by_hand = interactions(
        [
            note_event(
                "e1",
                {"kind": "advice", "text": "Advice: a\nInsights: b", "met_on": "2026-06-25"},
            ),
            note_event("e2", {"kind": "advice", "text": "", "met_on": "2026-06-26"}),
            note_event("e3", {"kind": "advice", "text": "Learn Go"}),
        ]
    )
    assert said_words(met_notes) == "meeting notes:\nAdvice: a\nInsights: b"
    assert met_notes.text == "Advice: a\nInsights: b"
    assert said_words(empty) == "meeting notes: none taken"
    assert said_words(by_hand) == "advice: Learn Go"
    assert (met_notes.met, by_hand.met) == (True, False)


def test_the_meet_draft_looks_forward_to_the_meeting() -> None:
    from tracker.domain.templates import DEFAULTS, Context, check, render

    check(DEFAULTS["meet"], "meet")
    draft = render(DEFAULTS["meet"], Context(name="Pat Kim", company="Acme"))
    assert draft.startswith("Hi Pat,\n\nThank you for saying yes! Looking forward to our coffee")
    assert "your path to Acme" in draft
