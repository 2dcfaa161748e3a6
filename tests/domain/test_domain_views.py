"""Unit tests for tracker.domain.views and the entities' documents in tracker.domain.model."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.model import (
    STAGES,
    Card,
    Event,
    Item,
    ItemStatus,
    Link,
    Opportunity,
    Outcome,
    Person,
    Role,
    Stage,
    State,
)
from tracker.domain.rules import (
    archive,
    close_item,
    finish,
    new_card,
    reject,
    snooze,
)
from tracker.domain.views import (
    CardView,
    Due,
    days_late,
    due_from,
    due_status,
    due_words,
    is_due,
    urgency_key,
)

TODAY = date(2026, 3, 10)
INTERVIEW = date(2026, 3, 2)
NOW = "2026-03-02T10:00:00+00:00"


def bare_card(
    *,
    card_id: str = "c1",
    stage: Stage = Stage.THANK_YOU,
    state: State = State.ACTIVE,
    target: date | None = None,
    deadline: date | None = None,
    created_at: str = NOW,
    snoozed_until: date | None = None,
    next_stage_on: date | None = None,
) -> Card:
    return Card(
        id=card_id,
        opportunity_id="opp1",
        stage=stage,
        state=state,
        items=[],
        created_at=created_at,
        target=target,
        deadline=deadline,
        snoozed_until=snoozed_until,
        next_stage_on=next_stage_on,
    )


def make_opp(*links: tuple[str, Role]) -> Opportunity:
    return Opportunity(
        id="opp1",
        company="Acme",
        role="Platform Engineer",
        interviews=[INTERVIEW],
        created_at=NOW,
        people=[Link(person, role) for person, role in links],
    )


PEOPLE = {
    "ada": Person(id="ada", name="Ada Lovelace"),
    "bob": Person(id="bob", name="Bob Ross"),
}


def make_view(*links: tuple[str, Role]) -> CardView:
    opp = make_opp(*links)
    return CardView(new_card("card123456", opp, NOW), opp, dict(PEOPLE))


# --- due_status and is_due ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "target", "deadline", "expected"),
    [
        (State.ACTIVE, date(2026, 3, 1), date(2026, 3, 9), Due.OVERDUE),
        (State.ACTIVE, date(2026, 3, 8), date(2026, 3, 10), Due.PAST_TARGET),  # deadline today
        (State.ACTIVE, date(2026, 3, 9), date(2026, 3, 12), Due.PAST_TARGET),
        (State.ACTIVE, date(2026, 3, 10), date(2026, 3, 11), Due.TODAY),
        (State.ACTIVE, date(2026, 3, 10), date(2026, 3, 10), Due.TODAY),
        (State.ACTIVE, date(2026, 3, 11), date(2026, 3, 13), Due.ON_TRACK),
        (State.ACTIVE, date(2026, 3, 9), None, Due.PAST_TARGET),
        (State.WAITING, date(2026, 3, 1), date(2026, 3, 3), Due.OVERDUE),  # optional items left
        (State.WAITING, date(2026, 3, 20), date(2026, 3, 25), Due.ON_TRACK),
        (State.WAITING, None, None, Due.NONE),  # waiting with nothing to do
        (State.ACTIVE, None, None, Due.NONE),
        (State.SNOOZED, date(2026, 3, 1), date(2026, 3, 2), Due.NONE),
        (State.DONE, date(2026, 3, 1), date(2026, 3, 2), Due.NONE),
        (State.ARCHIVED, date(2026, 3, 1), date(2026, 3, 2), Due.NONE),
    ],
)
def test_due_status_and_is_due(
    state: State, target: date | None, deadline: date | None, expected: Due
) -> None:
    card = bare_card(state=state, target=target, deadline=deadline)
    assert due_status(card, TODAY) is expected
    assert is_due(card, TODAY) is (expected in (Due.OVERDUE, Due.PAST_TARGET, Due.TODAY))


def test_due_status_moves_with_today() -> None:
    view = make_view(("ada", Role.INTERVIEWER))  # target 2 Mar, deadline 3 Mar
    card = view.card
    assert due_status(card, date(2026, 3, 1)) is Due.ON_TRACK
    assert due_status(card, date(2026, 3, 2)) is Due.TODAY
    assert due_status(card, date(2026, 3, 3)) is Due.PAST_TARGET
    assert due_status(card, date(2026, 3, 4)) is Due.OVERDUE


def test_a_snoozed_real_card_is_not_due() -> None:
    view = make_view(("ada", Role.INTERVIEWER))
    snooze(view.card, date(2026, 3, 20), today=TODAY)
    assert due_status(view.card, TODAY) is Due.NONE
    assert not is_due(view.card, TODAY)


# --- urgency_key ------------------------------------------------------------------------------


def _order(cards: list[Card]) -> list[str]:
    return [c.id for c in sorted(cards, key=lambda c: urgency_key(c, TODAY))]


def test_urgency_puts_overdue_before_past_target_before_today() -> None:
    cards = [
        bare_card(card_id="none", state=State.WAITING),
        bare_card(card_id="on_track", target=date(2026, 3, 12), deadline=date(2026, 3, 14)),
        bare_card(card_id="today", target=TODAY, deadline=date(2026, 3, 11)),
        bare_card(
            card_id="past_target",
            stage=Stage.THANK_YOU,
            target=date(2026, 3, 9),
            deadline=date(2026, 3, 11),
        ),
        bare_card(
            card_id="overdue",
            stage=Stage.COFFEE,
            target=date(2026, 3, 8),
            deadline=date(2026, 3, 9),
        ),
        bare_card(
            card_id="snoozed",
            state=State.SNOOZED,
            target=date(2026, 1, 1),
            deadline=date(2026, 1, 2),
        ),
    ]
    order = _order(cards)
    assert order[:4] == ["overdue", "past_target", "today", "on_track"]
    assert set(order[4:]) == {"none", "snoozed"}


def test_urgency_orders_by_stage_when_equally_late() -> None:
    cards = [
        bare_card(
            card_id=stage.value,
            stage=stage,
            target=date(2026, 2, 1),
            deadline=date(2026, 2, 2),
        )
        for stage in reversed(STAGES)
    ]
    assert all(due_status(c, TODAY) is Due.OVERDUE for c in cards)
    assert _order(cards) == ["thank_you", "feedback", "monitor", "coffee"]


def test_urgency_orders_by_age_when_equally_late_in_the_same_stage() -> None:
    cards = [
        bare_card(
            card_id=name,
            target=date(2026, 3, 5),
            deadline=date(2026, 3, 6),
            created_at=created,
        )
        for name, created in (
            ("young", "2026-03-05T09:00:00+00:00"),
            ("old", "2026-02-01T09:00:00+00:00"),
            ("middle", "2026-02-15T09:00:00+00:00"),
        )
    ]
    assert _order(cards) == ["old", "middle", "young"]


def test_urgency_puts_the_most_late_first_before_stage_and_age() -> None:
    # "8d overdue" is older and an earlier stage, yet "11d overdue" comes first; the same
    # within "past the target" (counted from the target, as the due words say).
    cards = [
        bare_card(
            card_id="8d_overdue",
            target=date(2026, 3, 1),
            deadline=date(2026, 3, 2),
            created_at="2026-01-01T09:00:00+00:00",
        ),
        bare_card(
            card_id="11d_overdue",
            stage=Stage.COFFEE,
            target=date(2026, 2, 20),
            deadline=date(2026, 2, 27),
        ),
        bare_card(
            card_id="1d_late",
            target=date(2026, 3, 9),
            deadline=date(2026, 3, 10),
            created_at="2026-01-01T09:00:00+00:00",
        ),
        bare_card(
            card_id="3d_late",
            stage=Stage.MONITOR,
            target=date(2026, 3, 7),
            deadline=date(2026, 4, 30),
        ),
        bare_card(card_id="in_5d", target=date(2026, 3, 15), deadline=date(2026, 3, 16)),
        bare_card(
            card_id="in_2d",
            stage=Stage.COFFEE,
            target=date(2026, 3, 12),
            deadline=date(2026, 3, 20),
        ),
    ]
    assert [days_late(c, TODAY) for c in cards] == [8, 11, 1, 3, -5, -2]
    assert _order(cards) == ["11d_overdue", "8d_overdue", "3d_late", "1d_late", "in_2d", "in_5d"]


def test_urgency_key_is_stable_for_ties() -> None:
    a = bare_card(card_id="a", target=TODAY, deadline=TODAY)
    b = bare_card(card_id="b", target=TODAY, deadline=TODAY)
    assert _order([b, a]) == ["a", "b"]


# --- CardView: next action and words ----------------------------------------------------------


def test_next_action_names_the_person() -> None:
    view = make_view(("ada", Role.INTERVIEWER))
    assert view.next_action() == "Send a thank-you e-mail — Ada Lovelace"
    assert view.company == "Acme"
    assert view.role == "Platform Engineer"


def test_next_action_without_a_person() -> None:
    view = make_view()
    assert view.next_action() == "Send a thank-you e-mail"


def test_next_action_with_an_unknown_person_leaves_the_name_out() -> None:
    view = make_view(("ghost", Role.INTERVIEWER))
    assert view.next_action() == "Send a thank-you e-mail"


def test_next_action_prefers_required_items() -> None:
    view = make_view(("ada", Role.INTERVIEWER))
    # The optional note (i2) and LinkedIn (i3) share a target; LinkedIn is required.
    close_item(view.card, view.opportunity, "i1", now=NOW, today=INTERVIEW)
    assert view.next_item() is view.card.item("i3")
    assert view.next_action() == "Send a LinkedIn request with a personal line — Ada Lovelace"


def test_next_action_earliest_target_first() -> None:
    view = make_view(("ada", Role.INTERVIEWER), ("bob", Role.RECRUITER))
    close_item(view.card, view.opportunity, "i1", now=NOW, today=INTERVIEW)
    # Bob's e-mail (target 2 Mar) comes before Ada's LinkedIn (target 3 Mar).
    assert view.next_action() == "Send a thank-you e-mail — Bob Ross"


def test_next_action_while_waiting_for_the_decision() -> None:
    view = make_view()
    close_item(view.card, view.opportunity, "i1", now=NOW, today=INTERVIEW)
    # Only the optional status check is left.
    assert view.next_action() == "Ask for a status update"
    (check,) = view.card.open_items
    close_item(view.card, view.opportunity, check.id, now=NOW, today=TODAY, skip=True, reason="x")
    assert view.card.open_items == []
    assert view.next_item() is None
    assert view.next_action() == "Waiting for the decision; log it, or mark it ghosted"


def test_a_status_check_comes_before_an_optional_note() -> None:
    view = make_view(("ada", Role.INTERVIEWER), ("bob", Role.RECRUITER))
    for item_id in ("i1", "i3", "i4"):
        close_item(view.card, view.opportunity, item_id, now=NOW, today=INTERVIEW)
    # Left open: Ada's optional note (target 3 Mar) and the status check to Bob (9 Mar).
    assert {i.action for i in view.card.open_items} == {"thank_note", "status_check"}
    assert view.next_action() == "Ask for a status update — Bob Ross"
    assert due_status(view.card, date(2026, 3, 5)) is Due.ON_TRACK
    assert due_status(view.card, date(2026, 3, 9)) is Due.TODAY


def test_a_card_with_only_an_optional_note_left_is_not_due() -> None:
    view = make_view(("ada", Role.INTERVIEWER), ("bob", Role.RECRUITER))
    for item_id in ("i1", "i3", "i4"):
        close_item(view.card, view.opportunity, item_id, now=NOW, today=INTERVIEW)
    (check,) = [i for i in view.card.open_items if i.action == "status_check"]
    close_item(view.card, view.opportunity, check.id, now=NOW, today=TODAY, skip=True, reason="x")
    # A second status check is not added for a skipped one; the note alone does not date it.
    assert [i.action for i in view.card.open_items] == ["thank_note"]
    assert due_status(view.card, date(2026, 6, 1)) is Due.NONE
    assert not is_due(view.card, date(2026, 6, 1))
    assert view.next_action() == "Write a hand-written note — Ada Lovelace"
    assert view.due_words(TODAY) == "waiting"


def test_next_action_while_waiting_for_the_next_stage() -> None:
    view = make_view(("bob", Role.HIRING_MANAGER))
    reject(view.card, view.opportunity, TODAY, now=NOW, today=TODAY)
    assert view.next_action() == (
        "Reply with thanks; ask to be considered for future roles — Bob Ross"
    )
    close_item(view.card, view.opportunity, "i1", now=NOW, today=TODAY)
    assert view.next_action() == "Monitor from 9 Apr"  # short: a board card shows it whole


def test_state_and_due_say_the_state_once() -> None:
    view = make_view(("bob", Role.HIRING_MANAGER))
    assert view.state_and_due(INTERVIEW) == ["active", "today"]
    reject(view.card, view.opportunity, TODAY, now=NOW, today=TODAY)
    close_item(view.card, view.opportunity, "i1", now=NOW, today=TODAY)
    assert view.card.state is State.WAITING and view.card.target is None
    assert view.state_and_due(TODAY) == ["waiting"]
    snooze(view.card, date(2026, 3, 20), today=TODAY)
    assert view.state_and_due(TODAY) == ["snoozed to 2026-03-20"]
    finish(view.card, view.opportunity, Outcome.OFFER, TODAY, now=NOW, today=TODAY)
    assert view.state_and_due(TODAY) == ["done"]


def test_next_action_done_and_archived() -> None:
    view = make_view(("ada", Role.INTERVIEWER))
    finish(view.card, view.opportunity, Outcome.OFFER, TODAY, now=NOW, today=TODAY)
    assert view.next_action() == "Done (offer)"

    other = make_view(("ada", Role.INTERVIEWER))
    for item in other.card.items:
        item.status = ItemStatus.SKIPPED
    archive(other.card)
    assert other.next_action() == "Archived"


def test_next_action_nothing_left() -> None:
    card = bare_card(stage=Stage.COFFEE, state=State.WAITING)
    view = CardView(card, make_opp(), {})
    assert view.next_action() == "Nothing left to do"


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 3, 1), "tomorrow"),
        (date(2026, 2, 27), "in 3d"),
        (INTERVIEW, "today"),
        (date(2026, 3, 3), "1d late, deadline today"),  # past target, not deadline
        (date(2026, 3, 4), "1d overdue"),  # past deadline: counted from the deadline
        (date(2026, 3, 5), "2d overdue"),
    ],
)
def test_due_words(today: date, expected: str) -> None:
    view = make_view()  # target 2 Mar, deadline 3 Mar
    assert view.due_words(today) == expected


def test_due_words_for_resting_cards() -> None:
    snoozed = make_view()
    snooze(snoozed.card, date(2026, 3, 20), today=TODAY)
    assert snoozed.due_words(TODAY) == "snoozed to 2026-03-20"

    done = make_view()
    finish(done.card, done.opportunity, Outcome.WITHDRAWN, TODAY, now=NOW, today=TODAY)
    assert done.due_words(TODAY) == "done"

    waiting = CardView(bare_card(state=State.WAITING), make_opp(), {})
    assert waiting.due_words(TODAY) == "waiting"


# --- CardView.to_json ------------------------------------------------------------------------


def test_to_json_shape() -> None:
    view = make_view(("ada", Role.INTERVIEWER), ("ghost", Role.RECRUITER))
    close_item(view.card, view.opportunity, "i1", now=NOW, today=INTERVIEW)
    doc = view.to_json(date(2026, 3, 3))

    assert json.loads(json.dumps(doc)) == doc  # plain JSON all the way down
    for key in ("id", "company", "role", "stage", "state", "target", "deadline", "items"):
        assert key in doc
    assert doc["id"] == "card123456"
    assert doc["short_id"] == "card12"
    assert doc["company"] == "Acme"
    assert doc["role"] == "Platform Engineer"
    assert doc["stage"] == "thank_you"
    assert doc["state"] == "active"
    # The recruiter's e-mail (2 / 3 March) is the earliest open required item.
    assert doc["target"] == "2026-03-02"
    assert doc["deadline"] == "2026-03-03"
    assert doc["due"] == "past_target"
    assert doc["outcome"] == "pending"
    assert doc["interviews"] == ["2026-03-02"]
    assert doc["progress"] == [1, 4]
    assert doc["next_action"] == view.next_action()
    assert doc["snoozed_until"] is None
    assert doc["next_stage_on"] is None
    assert doc["people"] == [
        {"id": "ada", "name": "Ada Lovelace", "role": "interviewer"},
        {"id": "ghost", "name": "", "role": "recruiter"},
    ]

    items = doc["items"]
    assert [i["action"] for i in items] == ["thank_email", "thank_note", "linkedin", "thank_email"]
    assert [i["person"] for i in items] == ["Ada Lovelace"] * 3 + [None]
    assert [i["done"] for i in items] == [True, False, False, False]
    assert [i["number"] for i in items] == [1, 2, 3, 4]
    first = items[0]
    assert first["id"] == "i1"
    assert first["label"] == "Send a thank-you e-mail"
    assert first["target"] == "2026-03-02"
    assert first["deadline"] == "2026-03-03"
    assert first["optional"] is False
    assert first["status"] == "done"
    assert items[1]["optional"] is True


def test_to_json_of_a_waiting_card_has_null_dates() -> None:
    view = make_view(("bob", Role.HIRING_MANAGER))
    reject(view.card, view.opportunity, TODAY, now=NOW, today=TODAY)
    close_item(view.card, view.opportunity, "i1", now=NOW, today=TODAY)
    doc = view.to_json(TODAY)
    assert doc["state"] == "waiting"
    assert doc["stage"] == "feedback"
    assert doc["target"] is None
    assert doc["deadline"] is None
    assert doc["due"] == "none"
    assert doc["next_stage_on"] == "2026-04-09"
    assert doc["outcome"] == "rejected"
    assert doc["items"][0]["done"] is True


def test_to_json_skipped_items_count_as_done() -> None:
    view = make_view()
    close_item(view.card, view.opportunity, "i1", now=NOW, today=INTERVIEW, skip=True, reason="r")
    item = view.to_json(INTERVIEW)["items"][0]
    assert item["done"] is True
    assert item["status"] == "skipped"
    assert item["reason"] == "r"


# --- model helpers ----------------------------------------------------------------------------


def test_stage_order_and_titles() -> None:
    assert [s.index for s in STAGES] == [0, 1, 2, 3]
    assert [s.title for s in STAGES] == ["Thank-you", "Feedback", "Monitor", "Coffee"]


@pytest.mark.parametrize(
    ("name", "first"),
    [("Ada Lovelace", "Ada"), ("Cher", "Cher"), ("  Grace  Hopper ", "Grace"), ("", "")],
)
def test_first_name(name: str, first: str) -> None:
    assert Person(id="p", name=name).first_name == first


def test_opportunity_people_helpers() -> None:
    opp = Opportunity(
        id="o",
        company="Acme",
        role="Eng",
        interviews=[date(2026, 3, 9), date(2026, 2, 20)],
        created_at=NOW,
        people=[
            Link("a", Role.INTERVIEWER),
            Link("h", Role.HIRING_MANAGER),
            Link("b", Role.INTERVIEWER),
        ],
    )
    assert opp.last_interview == date(2026, 3, 9)
    assert opp.people_with(Role.INTERVIEWER) == ["a", "b"]
    assert opp.people_with(Role.HIRING_MANAGER, Role.INTERVIEWER) == ["a", "h", "b"]
    assert opp.people_with(Role.HIRED) == []
    assert opp.role_of("h") is Role.HIRING_MANAGER
    assert opp.role_of("nobody") is None


def test_card_item_lookup_and_progress() -> None:
    view = make_view(("ada", Role.INTERVIEWER))
    card = view.card
    assert card.item("i2").action == "thank_note"
    with pytest.raises(KeyError):
        card.item("i99")
    assert card.progress() == (0, 3)
    assert card.short_id == "card12"


# --- to_doc / from_doc round trips --------------------------------------------------------------


def _roundtrip(entity, cls):
    doc = entity.to_doc()
    # Documents are plain JSON, as TinyDB stores them.
    restored = cls.from_doc(json.loads(json.dumps(doc)))
    assert restored == entity
    assert restored.to_doc() == doc
    return doc


def test_person_roundtrip() -> None:
    person = Person(
        id="p1",
        name="Ada Lovelace",
        title="Staff Engineer",
        company="Acme",
        email="ada@example.com",
        linkedin="https://www.linkedin.com/in/ada",
        notes="met at the onsite",
        highlight="their Postgres migration",
    )
    doc = _roundtrip(person, Person)
    assert doc["email"] == "ada@example.com"
    assert Person.from_doc({"id": "p2", "name": "Bob"}) == Person(id="p2", name="Bob")


def test_opportunity_roundtrip() -> None:
    opp = Opportunity(
        id="o1",
        company="Acme",
        role="Platform Engineer",
        interviews=[date(2026, 2, 20), date(2026, 3, 2)],
        created_at=NOW,
        outcome=Outcome.REJECTED,
        outcome_on=date(2026, 3, 10),
        decision_by=date(2026, 3, 6),
        notes="panel of three",
        tags=["remote", "infra"],
        people=[Link("a", Role.INTERVIEWER), Link("f", Role.REFERRAL)],
    )
    doc = _roundtrip(opp, Opportunity)
    assert doc["interviews"] == ["2026-02-20", "2026-03-02"]
    assert doc["outcome"] == "rejected"
    assert doc["outcome_on"] == "2026-03-10"
    assert doc["decision_by"] == "2026-03-06"
    assert doc["people"] == [
        {"person": "a", "role": "interviewer"},
        {"person": "f", "role": "referral"},
    ]


def test_opportunity_roundtrip_with_defaults() -> None:
    opp = make_opp()
    doc = _roundtrip(opp, Opportunity)
    assert doc.get("outcome", "pending") == "pending"
    assert doc.get("outcome_on") is None
    assert doc.get("decision_by") is None
    minimal = Opportunity.from_doc(
        {
            "id": "o2",
            "company": "Beta",
            "role": "SRE",
            "interviews": ["2026-03-02"],
            "created_at": NOW,
        }
    )
    assert minimal.outcome is Outcome.PENDING
    assert minimal.people == [] and minimal.tags == []


@pytest.mark.parametrize(
    "item",
    [
        Item(
            id="i1",
            action="thank_email",
            person_id="p1",
            target=date(2026, 3, 2),
            deadline=date(2026, 3, 3),
        ),
        Item(
            id="i7",
            action="status_check",
            person_id=None,
            target=date(2026, 3, 9),
            deadline=date(2026, 3, 11),
            optional=True,
            status=ItemStatus.SKIPPED,
            closed_at="2026-03-10T08:00:00+00:00",
            reason="reply received",
            draft="Hi Ada, ...",
        ),
    ],
)
def test_item_roundtrip(item: Item) -> None:
    doc = _roundtrip(item, Item)
    assert doc.get("person") == item.person_id
    assert doc.get("status", "open") == item.status.value


def test_card_roundtrip() -> None:
    card = Card(
        id="card123456",
        opportunity_id="o1",
        stage=Stage.FEEDBACK,
        state=State.SNOOZED,
        items=[
            Item("i1", "reply_thanks", "h", date(2026, 3, 11), date(2026, 3, 13)),
            Item(
                "i2",
                "ask_feedback",
                "a",
                date(2026, 3, 11),
                date(2026, 3, 13),
                status=ItemStatus.DONE,
                closed_at=NOW,
            ),
        ],
        created_at=NOW,
        target=date(2026, 3, 11),
        deadline=date(2026, 3, 13),
        snoozed_until=date(2026, 3, 20),
        anchor=date(2026, 3, 10),
        next_stage_on=date(2026, 4, 9),
        notes="be kind",
        stage_since=date(2026, 3, 10),
    )
    doc = _roundtrip(card, Card)
    assert doc["opportunity"] == "o1"
    assert doc["stage"] == "feedback"
    assert doc["state"] == "snoozed"
    assert doc["anchor"] == "2026-03-10"
    # The checklist is one JSON text in the document (schema 2).
    assert isinstance(doc["items"], str)
    assert [i["id"] for i in json.loads(doc["items"])] == ["i1", "i2"]


def test_a_card_compares_by_every_field_shows_them_and_is_not_hashable() -> None:
    """The card is a plain class (not a dataclass, issue 17): its ``__eq__`` and ``__repr__``
    do what the dataclass's did."""
    card = make_view(("ada", Role.INTERVIEWER)).card
    same = Card.from_doc(card.to_doc())
    assert same == card
    assert not card.__ne__(same)
    changes = {"notes": "changed", "items": [], "ended": date(2026, 1, 2), "earlier": {"x": {}}}
    for name, value in changes.items():
        other = Card.from_doc(card.to_doc())
        setattr(other, name, value)
        assert other != card, name
    assert card != card.to_doc()
    with pytest.raises(TypeError):
        hash(card)
    shown = repr(card)
    assert shown.startswith(f"Card(id={card.id!r}, opportunity_id={card.opportunity_id!r}, ")
    assert shown.endswith("ended=None)") and "items=[Item(" in shown


def test_a_checklist_reads_the_same_as_json_text_or_as_a_list() -> None:
    """Schema 2 stores it as text; schema 1 files and exports give a list."""
    card = make_view(("ada", Role.INTERVIEWER), ("bob", Role.HIRING_MANAGER)).card
    doc = card.to_doc()
    as_list = {**doc, "items": json.loads(doc["items"])}
    assert Card.from_doc(as_list) == Card.from_doc(doc) == card
    # Either way the card writes text again, and an unread checklist is kept verbatim.
    assert Card.from_doc(as_list).to_doc() == doc
    odd = {**doc, "items": doc["items"].replace(":", ": ")}
    assert Card.from_doc(odd).to_doc()["items"] == odd["items"]
    # Replacing the checklist of a card never read must not keep the old text.
    fresh = Card.from_doc(doc)
    fresh.items = []
    assert fresh.to_doc()["items"] == "[]"


def test_a_checklist_parsed_by_another_thread_meanwhile_is_found() -> None:
    """The board's thread and the store's may both read an unparsed checklist: one of them
    may reach ``__getattr__`` just after the other stored the list and dropped the text."""
    card = Card.from_doc(make_view(("ada", Role.INTERVIEWER)).card.to_doc())
    parsed: list[Item] = []
    del card.__dict__["_raw_items"]  # what the other thread left: the list, not the text
    card.__dict__["items"] = parsed
    assert card.__getattr__("items") is parsed


def test_a_malformed_checklist_raises_what_the_reader_asked_for() -> None:
    doc = {**make_view(("ada", Role.INTERVIEWER)).card.to_doc(), "items": '[{"id": 1'}
    with pytest.raises(ValueError):
        _ = Card.from_doc(doc).items

    class Damaged(Exception):
        pass

    card = Card.from_doc(doc, damaged=Damaged)
    with pytest.raises(Damaged, match="malformed checklist"):
        _ = card.items
    with pytest.raises(TypeError):
        Card.from_doc({**doc, "items": 3})


def test_card_roundtrip_of_a_fresh_card() -> None:
    card = make_view(("ada", Role.INTERVIEWER)).card
    doc = _roundtrip(card, Card)
    assert doc.get("snoozed_until") is None
    assert doc.get("anchor") is None
    assert doc.get("next_stage_on") is None


@pytest.mark.parametrize(
    "event",
    [
        Event(
            id="e1",
            type="item_done",
            at="2026-03-02T00:30:00+00:00",
            tz="Europe/Berlin",
            day=date(2026, 3, 1),
            card_id="card123456",
            data={"item": "i1", "action": "thank_email", "nested": {"n": [1, 2]}},
        ),
        Event(id="e2", type="review_finished", at=NOW, tz="UTC", day=date(2026, 3, 2)),
    ],
)
def test_event_roundtrip(event: Event) -> None:
    doc = _roundtrip(event, Event)
    assert doc["day"] == event.day.isoformat()
    assert ("card" in doc) is (event.card_id is not None)
    assert ("data" in doc) is bool(event.data)


@pytest.mark.parametrize(
    ("target", "deadline", "words"),
    [
        (date(2026, 2, 20), date(2026, 2, 27), "11d overdue"),
        (date(2026, 3, 9), date(2026, 6, 7), "1d late, deadline in 89d"),
        (date(2026, 3, 8), date(2026, 3, 10), "2d late, deadline today"),
        (date(2026, 3, 10), date(2026, 3, 11), "today"),
        (date(2026, 3, 11), date(2026, 3, 13), "tomorrow"),
        (date(2026, 3, 13), date(2026, 3, 15), "in 3d"),
    ],
)
def test_due_words_are_the_same_for_a_card_and_an_item(
    target: date, deadline: date, words: str
) -> None:
    assert due_words(target, deadline, TODAY) == words
    view = make_view(("ada", Role.INTERVIEWER))
    view.card.target, view.card.deadline = target, deadline
    assert view.due_words(TODAY) == words


_days = st.one_of(st.none(), st.integers(-20, 20).map(lambda n: TODAY + timedelta(days=n)))


@given(st.sampled_from(list(State)), _days, _days)
def test_property_due_from_is_the_first_day_is_due_holds(state, target, deadline):
    """The prompt summary counts 14 days at once with due_from: the same as is_due each day."""
    card = bare_card(state=state, target=target, deadline=deadline)
    first = due_from(card)
    for offset in range(-25, 26):
        day = TODAY + timedelta(days=offset)
        assert is_due(card, day) == (first is not None and day >= first), day
