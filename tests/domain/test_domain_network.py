"""The network: who is in it, their last contact, their cadence and their next touch."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.errors import DomainError
from tracker.domain.model import Card, Link, Opportunity, Outcome, Person, Role, Stage, State
from tracker.domain.network import (
    DEFAULT,
    Standing,
    card_end,
    due_on_from_doc,
    due_touches,
    ended_state,
    parse_every,
    standings,
    standings_from_docs,
    touch_for,
    touches,
)
from tracker.domain.templates import DEFAULTS, Context, render

DAY = date(2026, 3, 2)


def opp(
    oid: str, people: list[str], *, on: date = DAY, outcome_on: date | None = None
) -> Opportunity:
    return Opportunity(
        id=oid,
        company=f"{oid.title()} Co",
        role="Engineer",
        interviews=[on],
        created_at="2026-03-02T10:00:00",
        outcome=Outcome.REJECTED if outcome_on else Outcome.PENDING,
        outcome_on=outcome_on,
        people=[Link(p, Role.INTERVIEWER) for p in people],
    )


def card(cid: str, oid: str, state: State, ended: date | None = None) -> Card:
    return Card(
        id=cid,
        opportunity_id=oid,
        stage=Stage.COFFEE,
        state=state,
        items=[],
        created_at="2026-03-02T10:00:00",
        ended=ended,
    )


def network(*cards_and_opps: tuple[Card, Opportunity]) -> tuple[list[Card], dict[str, Opportunity]]:
    return [c for c, _ in cards_and_opps], {o.id: o for _, o in cards_and_opps}


def test_parse_every_takes_days_weeks_never_and_default():
    assert parse_every("60d") == 60
    assert parse_every(" 45 ") == 45
    assert parse_every("8w") == 56
    assert parse_every("never") == 0
    assert parse_every("Never") == 0
    assert parse_every("default") is DEFAULT
    for bad in ("0d", "0", "soon", "-5d", "3m", "", "99999d"):
        with pytest.raises(DomainError, match="60d, 8w"):
            parse_every(bad)


def test_a_touch_is_due_the_default_cadence_after_the_card_ended():
    jane = Person("p1", "Jane Doe")
    cards, opps = network((card("c1", "o1", State.DONE, ended=DAY), opp("o1", ["p1"])))
    (touch,) = touches([jane], cards, opps, 90)
    assert touch.last_contact == DAY
    assert touch.due_on == DAY + timedelta(days=90)
    assert not due_touches([jane], cards, opps, 90, DAY + timedelta(days=89))
    (due,) = due_touches([jane], cards, opps, 90, DAY + timedelta(days=95))
    assert due.days_overdue(DAY + timedelta(days=95)) == 5
    assert due.label == "Check in with Jane Doe"


def test_last_contact_is_the_latest_of_interaction_touch_and_card_end():
    later = DAY + timedelta(days=20)
    jane = Person("p1", "Jane Doe", contacted=later)
    cards, opps = network(
        (card("c1", "o1", State.DONE, ended=DAY), opp("o1", ["p1"])),
        (card("c2", "o2", State.ARCHIVED, ended=DAY + timedelta(days=5)), opp("o2", ["p1"])),
    )
    (touch,) = touches([jane], cards, opps, 90)
    assert touch.last_contact == later  # touched again: the next touch moves
    jane.contacted = DAY - timedelta(days=30)
    (touch,) = touches([jane], cards, opps, 90)
    assert touch.last_contact == DAY + timedelta(days=5)  # the later card's end


def test_a_card_finished_before_its_end_was_kept_counts_from_its_outcome_or_interview():
    rejected = opp("o1", ["p1"], on=DAY - timedelta(days=10), outcome_on=DAY)
    assert card_end(card("c1", "o1", State.DONE), rejected) == DAY
    plain = opp("o2", ["p1"], on=DAY - timedelta(days=10))
    assert card_end(card("c2", "o2", State.ARCHIVED), plain) == DAY - timedelta(days=10)


def test_the_cadence_is_the_persons_own_or_the_default_and_never_has_none():
    cards, opps = network((card("c1", "o1", State.DONE, ended=DAY), opp("o1", ["p1", "p2", "p3"])))
    own = Person("p1", "Ann Own", every=30)
    never = Person("p2", "Ben Never", every=0)
    default = Person("p3", "Cy Default")
    found = {t.person.id: t for t in touches([own, never, default], cards, opps, 60)}
    assert found["p1"].due_on == DAY + timedelta(days=30)
    assert "p2" not in found
    assert found["p3"].due_on == DAY + timedelta(days=60)
    assert touches([default], cards, opps, 0) == []  # [network] every = 0: off


def test_a_snooze_puts_the_touch_off_until_its_day():
    jane = Person("p1", "Jane Doe", touch_snoozed=DAY + timedelta(days=100))
    cards, opps = network((card("c1", "o1", State.DONE, ended=DAY), opp("o1", ["p1"])))
    (touch,) = touches([jane], cards, opps, 90)
    assert touch.due_on == DAY + timedelta(days=100)
    jane.touch_snoozed = DAY + timedelta(days=10)  # before the cadence: no effect
    (touch,) = touches([jane], cards, opps, 90)
    assert touch.due_on == DAY + timedelta(days=90)


def test_a_person_on_a_card_still_on_the_board_gets_no_touch():
    jane = Person("p1", "Jane Doe", contacted=DAY - timedelta(days=400))
    for live in (State.ACTIVE, State.WAITING, State.SNOOZED):
        cards, opps = network(
            (card("c1", "o1", State.DONE, ended=DAY - timedelta(days=300)), opp("o1", ["p1"])),
            (card("c2", "o2", live), opp("o2", ["p1"])),
        )
        assert touches([jane], cards, opps, 90) == []
    nobody = Person("p9", "On No Card")
    assert touch_for(nobody, standings([], {}).get("p9"), 90) is None


def test_the_draft_names_the_person_and_signs():
    text = render(DEFAULTS["check_in"], Context(name="Jane Doe", company="Acme", my_name="Alex"))
    assert text.startswith("Hi Jane,")
    assert "Acme" in text
    assert text.endswith("Best,\nAlex")
    assert "{" not in render(DEFAULTS["check_in"], Context(name="Jane Doe", highlight="Postgres"))


def test_ending_and_coming_back():
    assert ended_state(State.ACTIVE, State.DONE) is True
    assert ended_state(State.WAITING, State.ARCHIVED) is True
    assert ended_state(State.DONE, State.ACTIVE) is False
    assert ended_state(State.ACTIVE, State.SNOOZED) is None
    assert ended_state(State.DONE, State.ARCHIVED) is None


days = st.integers(min_value=0, max_value=60).map(lambda n: DAY + timedelta(days=n))
states = st.sampled_from(list(State))


@given(
    st.lists(
        st.tuples(
            states,
            st.one_of(st.none(), days),
            st.one_of(st.none(), days),
            days,
            st.sets(st.sampled_from(["p1", "p2", "p3"])),
        ),
        max_size=6,
    )
)
def test_the_prompt_summarys_standings_agree_with_the_records(rows):
    """standings_from_docs (the prompt summary's, on raw documents) is standings."""
    cards, opps = [], {}
    for n, (state, ended, outcome_on, interview, people) in enumerate(rows):
        o = opp(f"o{n}", sorted(people), on=interview, outcome_on=outcome_on)
        opps[o.id] = o
        cards.append(card(f"c{n}", o.id, state, ended))
    raw = standings_from_docs([c.to_doc() for c in cards], {k: o.to_doc() for k, o in opps.items()})
    assert raw == standings(cards, opps)


@given(
    st.one_of(st.none(), st.integers(min_value=0, max_value=400)),
    st.one_of(st.none(), days),
    st.one_of(st.none(), days),
    days,
    st.booleans(),
)
def test_the_prompt_summarys_due_day_agrees_with_touch_for(every, contacted, snoozed, ended, live):
    """due_on_from_doc (the prompt summary's, on a raw document) is touch_for's due day."""
    person = Person("p1", "Jane Doe", every=every, contacted=contacted, touch_snoozed=snoozed)
    standing = Standing(live, ended)
    touch = touch_for(person, standing, 90)
    expected = touch.due_on if touch else None
    assert (None if live else due_on_from_doc(person.to_doc(), ended, 90)) == expected
