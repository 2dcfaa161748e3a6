"""Unit tests for tracker.domain.rules: checklists, cadences and stage transitions."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.errors import DomainError
from tracker.domain.model import (
    Card,
    Item,
    ItemStatus,
    Link,
    Opportunity,
    Outcome,
    Role,
    Stage,
    State,
)
from tracker.domain.rules import (
    ACTIONS,
    DEFAULT_TIMINGS,
    SHORT_ACTIONS,
    Timings,
    Window,
    advance,
    archive,
    close_item,
    finish,
    ghosted,
    log_reply,
    new_card,
    recompute,
    reject,
    reopen_item,
    retreat,
    settle,
    snooze,
)

INTERVIEW = date(2026, 3, 2)  # a Monday
NOW = "2026-03-02T10:00:00+00:00"


def make_opp(
    *links: tuple[str, Role],
    interviews: tuple[date, ...] = (INTERVIEW,),
    decision_by: date | None = None,
) -> Opportunity:
    return Opportunity(
        id="opp1",
        company="Acme",
        role="Platform Engineer",
        interviews=list(interviews),
        created_at=NOW,
        decision_by=decision_by,
        people=[Link(person, role) for person, role in links],
    )


def make_card(opp: Opportunity, timings: Timings = DEFAULT_TIMINGS) -> Card:
    return new_card("card123456", opp, NOW, timings)


def shape(items: list[Item]) -> list[tuple[str, str | None, date, date, bool]]:
    return [(i.action, i.person_id, i.target, i.deadline, i.optional) for i in items]


def items_of(card: Card, action: str, *, open_only: bool = False) -> list[Item]:
    return [i for i in card.items if i.action == action and (i.is_open or not open_only)]


def finish_required(card: Card, opp: Opportunity, today: date) -> None:
    """Mark every open required item done."""
    for item in [i for i in card.items if i.is_open and not i.optional]:
        close_item(card, opp, item.id, now=NOW, today=today)


# --- windows and timings ----------------------------------------------------------------


def test_window_counts_calendar_days() -> None:
    assert Window(1, 3).dates(date(2026, 3, 6)) == (date(2026, 3, 7), date(2026, 3, 9))


def test_window_counts_business_days() -> None:
    # Friday + 5 business days = next Friday; + 7 = the Tuesday after.
    assert Window(5, 7, business=True).dates(date(2026, 3, 6)) == (
        date(2026, 3, 13),
        date(2026, 3, 17),
    )


def test_every_action_has_words() -> None:
    for key in (
        "thank_email",
        "thank_note",
        "linkedin",
        "status_check",
        "reply_thanks",
        "ask_feedback",
        "ask_referral",
        "find_hired",
        "compare_background",
        "connect_hired",
        "invite_coffee",
        "nudge",
        "meet",
        "thank_after_coffee",
    ):
        assert ACTIONS[key].strip()
        assert 0 < len(SHORT_ACTIONS[key].strip()) < len(ACTIONS[key])  # the board's words


# --- new_card: the Thank-you checklist ----------------------------------------------------


@pytest.mark.parametrize("role", [Role.INTERVIEWER, Role.HIRING_MANAGER, Role.COORDINATOR])
def test_people_met_get_email_note_and_linkedin(role: Role) -> None:
    opp = make_opp(("p1", role))
    card = make_card(opp)
    assert shape(card.items) == [
        ("thank_email", "p1", INTERVIEW, date(2026, 3, 3), False),
        ("thank_note", "p1", date(2026, 3, 3), date(2026, 3, 5), True),
        ("linkedin", "p1", date(2026, 3, 3), date(2026, 3, 5), False),
    ]


def test_recruiter_gets_only_a_thank_you_email() -> None:
    opp = make_opp(("r1", Role.RECRUITER))
    card = make_card(opp)
    assert shape(card.items) == [("thank_email", "r1", INTERVIEW, date(2026, 3, 3), False)]


@pytest.mark.parametrize(
    "links",
    [
        (),
        (("f1", Role.REFERRAL),),
        (("h1", Role.HIRED),),
    ],
)
def test_without_people_met_there_is_one_generic_email(links: tuple[tuple[str, Role], ...]) -> None:
    card = make_card(make_opp(*links))
    assert shape(card.items) == [("thank_email", None, INTERVIEW, date(2026, 3, 3), False)]


def test_several_people_get_items_each_with_unique_ids() -> None:
    opp = make_opp(
        ("a", Role.INTERVIEWER),
        ("r", Role.RECRUITER),
        ("h", Role.HIRING_MANAGER),
        ("f", Role.REFERRAL),
    )
    card = make_card(opp)
    # People met first (in the order linked), then recruiters; referrals get nothing.
    assert [(i.action, i.person_id) for i in card.items] == [
        ("thank_email", "a"),
        ("thank_note", "a"),
        ("linkedin", "a"),
        ("thank_email", "h"),
        ("thank_note", "h"),
        ("linkedin", "h"),
        ("thank_email", "r"),
    ]
    assert [i.id for i in card.items] == [f"i{n}" for n in range(1, 8)]
    assert all(i.status is ItemStatus.OPEN for i in card.items)


def test_new_card_fields() -> None:
    opp = make_opp(("p1", Role.INTERVIEWER))
    card = make_card(opp)
    assert card.id == "card123456"
    assert card.opportunity_id == "opp1"
    assert card.created_at == NOW
    assert card.stage is Stage.THANK_YOU
    assert card.state is State.ACTIVE
    assert card.stage_since == INTERVIEW
    assert card.anchor is None
    assert card.next_stage_on is None
    assert card.snoozed_until is None
    # Target and deadline come from the e-mail (same day / +1).
    assert (card.target, card.deadline) == (INTERVIEW, date(2026, 3, 3))


def test_thank_you_counts_from_the_last_interview() -> None:
    opp = make_opp(
        ("p1", Role.INTERVIEWER),
        interviews=(date(2026, 3, 9), date(2026, 2, 20)),
    )
    card = make_card(opp)
    assert card.items[0].target == date(2026, 3, 9)
    assert card.stage_since == date(2026, 3, 9)


def test_custom_timings_change_the_dates() -> None:
    timings = Timings(thank_email=Window(1, 2), linkedin=Window(2, 5))
    card = make_card(make_opp(("p1", Role.INTERVIEWER)), timings)
    email, _note, linkedin = card.items
    assert (email.target, email.deadline) == (date(2026, 3, 3), date(2026, 3, 4))
    assert (linkedin.target, linkedin.deadline) == (date(2026, 3, 4), date(2026, 3, 7))


def test_card_dates_follow_the_open_required_items() -> None:
    opp = make_opp(("p1", Role.INTERVIEWER))
    card = make_card(opp)
    email, note, linkedin = card.items
    close_item(card, opp, email.id, now=NOW, today=INTERVIEW)
    # Only LinkedIn is required and open now; the optional note does not count.
    assert (card.target, card.deadline) == (linkedin.target, linkedin.deadline)
    assert card.state is State.ACTIVE
    assert note.is_open


def test_optional_items_do_not_keep_a_card_active() -> None:
    opp = make_opp(("p1", Role.INTERVIEWER))
    card = make_card(opp)
    finish_required(card, opp, INTERVIEW)
    assert card.state is State.WAITING
    assert items_of(card, "thank_note", open_only=True)


def test_an_optional_note_never_dates_the_card() -> None:
    opp = make_opp(("p1", Role.INTERVIEWER), ("r1", Role.RECRUITER))
    card = make_card(opp)
    finish_required(card, opp, INTERVIEW)
    (note,) = items_of(card, "thank_note")
    (check,) = items_of(card, "status_check")
    assert note.is_open and note.target == date(2026, 3, 3)
    # The status check dates the waiting card, not the earlier optional note.
    assert (card.target, card.deadline) == (date(2026, 3, 9), date(2026, 3, 11))
    # With the status check cancelled by a reply, only the note is left: no date at all.
    assert log_reply(card, "r1", now=NOW) == [check]
    assert note.is_open
    assert (card.target, card.deadline) == (None, None)
    assert card.state is State.WAITING


def test_recompute_clears_dates_of_a_done_card() -> None:
    card = make_card(make_opp(("p1", Role.INTERVIEWER)))
    card.state = State.DONE
    recompute(card)
    assert card.target is None and card.deadline is None
    assert card.state is State.DONE


# --- close_item ------------------------------------------------------------------------------


def test_close_item_done_stamps_the_item() -> None:
    opp = make_opp(("p1", Role.INTERVIEWER))
    card = make_card(opp)
    item = close_item(card, opp, "i1", now="2026-03-02T18:00:00+00:00", today=INTERVIEW)
    assert item is card.item("i1")
    assert item.status is ItemStatus.DONE
    assert item.closed_at == "2026-03-02T18:00:00+00:00"
    assert item.reason is None
    assert not item.is_open
    assert card.progress() == (1, 3)


def test_close_item_done_keeps_a_stripped_reason() -> None:
    opp = make_opp(("p1", Role.INTERVIEWER))
    card = make_card(opp)
    item = close_item(card, opp, "i1", now=NOW, today=INTERVIEW, reason="  sent from phone ")
    assert item.reason == "sent from phone"


def test_skip_with_a_reason() -> None:
    opp = make_opp(("p1", Role.INTERVIEWER))
    card = make_card(opp)
    item = close_item(card, opp, "i2", now=NOW, today=INTERVIEW, skip=True, reason="no address")
    assert item.status is ItemStatus.SKIPPED
    assert item.reason == "no address"
    assert item.closed_at == NOW


@pytest.mark.parametrize("reason", [None, "", "   "])
def test_skip_needs_a_reason(reason: str | None) -> None:
    opp = make_opp(("p1", Role.INTERVIEWER))
    card = make_card(opp)
    with pytest.raises(DomainError, match="reason"):
        close_item(card, opp, "i1", now=NOW, today=INTERVIEW, skip=True, reason=reason)
    assert card.item("i1").is_open
    assert card.item("i1").closed_at is None


@pytest.mark.parametrize("second_skip", [False, True])
def test_closing_an_item_twice_raises(second_skip: bool) -> None:
    opp = make_opp(("p1", Role.INTERVIEWER))
    card = make_card(opp)
    close_item(card, opp, "i1", now=NOW, today=INTERVIEW)
    with pytest.raises(DomainError, match="already done"):
        close_item(card, opp, "i1", now="later", today=INTERVIEW, skip=second_skip, reason="again")
    assert card.item("i1").status is ItemStatus.DONE
    assert card.item("i1").closed_at == NOW


def test_closing_a_skipped_item_again_raises() -> None:
    opp = make_opp(("p1", Role.INTERVIEWER))
    card = make_card(opp)
    close_item(card, opp, "i1", now=NOW, today=INTERVIEW, skip=True, reason="no e-mail")
    with pytest.raises(DomainError, match="already skipped"):
        close_item(card, opp, "i1", now=NOW, today=INTERVIEW)


# --- reopen_item ---------------------------------------------------------------------------------


def test_reopen_item_undoes_a_tick() -> None:
    opp = make_opp(("p1", Role.INTERVIEWER))
    card = make_card(opp)
    close_item(card, opp, "i1", now=NOW, today=INTERVIEW, skip=True, reason="no address")
    assert card.target == date(2026, 3, 3)
    item = reopen_item(card, "i1")
    assert item is card.item("i1")
    assert item.status is ItemStatus.OPEN
    assert item.closed_at is None
    assert item.reason is None
    assert (card.target, card.deadline) == (INTERVIEW, date(2026, 3, 3))


def test_reopen_an_open_item_raises() -> None:
    opp = make_opp(("p1", Role.INTERVIEWER))
    card = make_card(opp)
    with pytest.raises(DomainError, match="still open"):
        reopen_item(card, "i1")


def test_reopen_makes_a_waiting_card_active_again() -> None:
    opp = make_opp(("h", Role.HIRING_MANAGER))
    card = make_card(opp)
    reject(card, opp, date(2026, 3, 10), now=NOW, today=date(2026, 3, 10))
    close_item(card, opp, "i1", now=NOW, today=date(2026, 3, 11))
    assert card.state is State.WAITING and card.next_stage_on == date(2026, 4, 9)
    reopen_item(card, "i1")
    assert card.state is State.ACTIVE
    assert card.next_stage_on is None
    assert (card.target, card.deadline) == (date(2026, 3, 11), date(2026, 3, 13))
    # Nothing moves on by itself while the item is open again.
    assert settle(card, opp, date(2026, 5, 1)) is False
    assert card.stage is Stage.FEEDBACK


def test_reopen_keeps_follow_on_items() -> None:
    opp = make_opp(("r1", Role.RECRUITER))
    card = make_card(opp)
    finish_required(card, opp, INTERVIEW)
    assert len(items_of(card, "status_check")) == 1
    reopen_item(card, "i1")
    assert card.state is State.ACTIVE
    assert len(items_of(card, "status_check")) == 1


def test_reopen_on_a_done_card_raises() -> None:
    opp = make_opp(("p1", Role.INTERVIEWER))
    card = make_card(opp)
    finish(card, opp, Outcome.OFFER, date(2026, 3, 9), now=NOW, today=date(2026, 3, 9))
    with pytest.raises(DomainError):
        reopen_item(card, "i1")


# --- the status check while waiting for the decision ------------------------------------


def test_no_status_check_while_required_items_are_open() -> None:
    opp = make_opp(("p1", Role.INTERVIEWER))
    card = make_card(opp)
    close_item(card, opp, "i1", now=NOW, today=INTERVIEW)
    assert not items_of(card, "status_check")


def test_status_check_appears_when_thank_you_is_done() -> None:
    opp = make_opp(("p1", Role.INTERVIEWER), ("r1", Role.RECRUITER))
    card = make_card(opp)
    finish_required(card, opp, INTERVIEW)
    (check,) = items_of(card, "status_check")
    # +5 / +7 business days from the (Monday) interview.
    assert (check.target, check.deadline) == (date(2026, 3, 9), date(2026, 3, 11))
    assert check.optional
    assert check.is_open
    assert check.person_id == "r1"  # the recruiter is asked first
    assert card.state is State.WAITING
    assert card.stage is Stage.THANK_YOU
    assert len({i.id for i in card.items}) == len(card.items)


def test_status_check_counts_from_the_stated_decision_date() -> None:
    opp = make_opp(("r1", Role.RECRUITER), decision_by=date(2026, 3, 6))  # a Friday
    card = make_card(opp)
    finish_required(card, opp, INTERVIEW)
    (check,) = items_of(card, "status_check")
    assert (check.target, check.deadline) == (date(2026, 3, 13), date(2026, 3, 17))


def test_status_check_counts_from_the_day_thank_you_was_done() -> None:
    # Thank-yous done a week late: the check is 5 business days after that day, not overdue.
    opp = make_opp(("r1", Role.RECRUITER))
    card = make_card(opp)
    finish_required(card, opp, date(2026, 3, 12))  # a Thursday
    (check,) = items_of(card, "status_check")
    assert (check.target, check.deadline) == (date(2026, 3, 19), date(2026, 3, 23))
    assert (card.target, card.deadline) == (date(2026, 3, 19), date(2026, 3, 23))


def test_status_check_counts_from_the_later_of_done_and_the_decision_date() -> None:
    opp = make_opp(("r1", Role.RECRUITER), decision_by=date(2026, 3, 6))  # a Friday
    card = make_card(opp)
    finish_required(card, opp, date(2026, 3, 10))  # after the stated decision date
    (check,) = items_of(card, "status_check")
    assert (check.target, check.deadline) == (date(2026, 3, 17), date(2026, 3, 19))


def test_skipped_required_items_also_finish_thank_you() -> None:
    opp = make_opp(("p1", Role.INTERVIEWER))
    card = make_card(opp)
    for item_id in ("i1", "i3"):
        close_item(card, opp, item_id, now=NOW, today=INTERVIEW, skip=True, reason="n/a")
    assert len(items_of(card, "status_check")) == 1


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        ((("a", Role.INTERVIEWER), ("c", Role.COORDINATOR), ("h", Role.HIRING_MANAGER)), "c"),
        ((("a", Role.INTERVIEWER), ("h", Role.HIRING_MANAGER)), "h"),
        ((("h", Role.HIRING_MANAGER), ("r", Role.RECRUITER)), "r"),
        ((("a", Role.INTERVIEWER),), None),
        ((), None),
    ],
)
def test_status_check_contact(links: tuple[tuple[str, Role], ...], expected: str | None) -> None:
    opp = make_opp(*links)
    card = make_card(opp)
    finish_required(card, opp, INTERVIEW)
    (check,) = items_of(card, "status_check")
    assert check.person_id == expected


def test_a_done_status_check_adds_a_second_but_never_a_third() -> None:
    opp = make_opp(("r1", Role.RECRUITER))
    card = make_card(opp)
    finish_required(card, opp, INTERVIEW)
    (first,) = items_of(card, "status_check")

    close_item(card, opp, first.id, now=NOW, today=date(2026, 3, 10))  # a Tuesday
    checks = items_of(card, "status_check")
    assert len(checks) == 2
    second = checks[1]
    assert second.is_open and second.optional
    assert second.person_id == "r1"
    # +5 / +7 business days from the day the first one was done.
    assert (second.target, second.deadline) == (date(2026, 3, 17), date(2026, 3, 19))
    assert second.id != first.id

    close_item(card, opp, second.id, now=NOW, today=date(2026, 3, 17))
    assert len(items_of(card, "status_check")) == 2
    assert not card.open_items
    assert card.state is State.WAITING
    assert card.stage is Stage.THANK_YOU
    assert (card.target, card.deadline) == (None, None)


def test_a_skipped_status_check_adds_no_second() -> None:
    opp = make_opp(("r1", Role.RECRUITER))
    card = make_card(opp)
    finish_required(card, opp, INTERVIEW)
    (first,) = items_of(card, "status_check")
    close_item(card, opp, first.id, now=NOW, today=date(2026, 3, 10), skip=True, reason="no")
    assert len(items_of(card, "status_check")) == 1


def test_closing_the_optional_note_later_adds_no_extra_status_check() -> None:
    opp = make_opp(("p1", Role.INTERVIEWER))
    card = make_card(opp)
    finish_required(card, opp, INTERVIEW)
    (note,) = items_of(card, "thank_note")
    close_item(card, opp, note.id, now=NOW, today=date(2026, 3, 4))
    assert len(items_of(card, "status_check")) == 1
    assert card.state is State.WAITING


def test_max_status_checks_is_configurable() -> None:
    timings = Timings(max_status_checks=3)
    opp = make_opp(("r1", Role.RECRUITER))
    card = make_card(opp, timings)
    finish_required(card, opp, INTERVIEW)
    for _ in range(3):
        (check,) = items_of(card, "status_check", open_only=True)
        close_item(card, opp, check.id, now=NOW, today=date(2026, 3, 10), timings=timings)
    assert len(items_of(card, "status_check")) == 3


# --- reject and the Feedback checklist -----------------------------------------------------


def test_reject_starts_feedback() -> None:
    opp = make_opp(
        ("h", Role.HIRING_MANAGER),
        ("a", Role.INTERVIEWER),
        ("b", Role.INTERVIEWER),
        ("r", Role.RECRUITER),
        ("f", Role.REFERRAL),
    )
    card = make_card(opp)
    reject(card, opp, date(2026, 3, 10), now=NOW, today=date(2026, 3, 11))
    assert opp.outcome is Outcome.REJECTED
    assert opp.outcome_on == date(2026, 3, 10)
    assert card.anchor == date(2026, 3, 10)
    assert card.stage is Stage.FEEDBACK
    assert card.state is State.ACTIVE
    assert card.stage_since == date(2026, 3, 11)
    assert shape(card.items) == [
        ("reply_thanks", "h", date(2026, 3, 11), date(2026, 3, 13), False),
        ("ask_feedback", "a", date(2026, 3, 11), date(2026, 3, 13), False),
        ("ask_feedback", "b", date(2026, 3, 11), date(2026, 3, 13), False),
        ("ask_referral", "f", date(2026, 3, 11), date(2026, 3, 17), False),
    ]
    assert all(i.is_open for i in card.items)
    assert len({i.id for i in card.items}) == 4
    assert (card.target, card.deadline) == (date(2026, 3, 11), date(2026, 3, 13))


@pytest.mark.parametrize(
    ("links", "expected"),
    [
        ((("r1", Role.RECRUITER), ("r2", Role.RECRUITER), ("c", Role.COORDINATOR)), ["r1"]),
        ((("c1", Role.COORDINATOR), ("c2", Role.COORDINATOR)), ["c1"]),
        ((("c", Role.COORDINATOR), ("r", Role.RECRUITER)), ["r"]),
        ((("a", Role.INTERVIEWER),), [None]),
        ((), [None]),
        (
            (("h1", Role.HIRING_MANAGER), ("r", Role.RECRUITER), ("h2", Role.HIRING_MANAGER)),
            ["h1", "h2"],
        ),
    ],
)
def test_reply_thanks_goes_to_the_best_contact(
    links: tuple[tuple[str, Role], ...], expected: list[str | None]
) -> None:
    opp = make_opp(*links)
    card = make_card(opp)
    reject(card, opp, date(2026, 3, 10), now=NOW, today=date(2026, 3, 10))
    assert [i.person_id for i in items_of(card, "reply_thanks")] == expected


def test_feedback_is_asked_of_every_interviewer() -> None:
    opp = make_opp(("a", Role.INTERVIEWER), ("b", Role.INTERVIEWER))
    card = make_card(opp)
    reject(card, opp, date(2026, 3, 10), now=NOW, today=date(2026, 3, 10))
    assert [(i.action, i.person_id) for i in card.items] == [
        ("reply_thanks", None),
        ("ask_feedback", "a"),
        ("ask_feedback", "b"),
    ]
    assert not items_of(card, "ask_referral")


def test_feedback_dates_count_from_the_rejection_not_today() -> None:
    opp = make_opp(("h", Role.HIRING_MANAGER), ("f", Role.REFERRAL))
    card = make_card(opp)
    reject(card, opp, date(2026, 3, 5), now=NOW, today=date(2026, 3, 20))
    reply, referral = card.items
    assert (reply.target, reply.deadline) == (date(2026, 3, 6), date(2026, 3, 8))
    assert (referral.target, referral.deadline) == (date(2026, 3, 6), date(2026, 3, 12))
    assert card.stage_since == date(2026, 3, 20)


def test_reject_on_the_interview_day_is_allowed() -> None:
    opp = make_opp(("h", Role.HIRING_MANAGER))
    card = make_card(opp)
    reject(card, opp, INTERVIEW, now=NOW, today=INTERVIEW)
    assert card.anchor == INTERVIEW


def test_rejection_before_the_interview_raises() -> None:
    opp = make_opp(("h", Role.HIRING_MANAGER))
    card = make_card(opp)
    with pytest.raises(DomainError, match="before the interview"):
        reject(card, opp, date(2026, 3, 1), now=NOW, today=INTERVIEW)
    assert opp.outcome is Outcome.PENDING
    assert opp.outcome_on is None
    assert card.stage is Stage.THANK_YOU
    assert card.anchor is None


def test_cannot_reject_twice() -> None:
    opp = make_opp(("h", Role.HIRING_MANAGER))
    card = make_card(opp)
    reject(card, opp, date(2026, 3, 10), now=NOW, today=date(2026, 3, 10))
    items_before = [i.id for i in card.items]
    with pytest.raises(DomainError, match="already has the outcome rejected"):
        reject(card, opp, date(2026, 3, 12), now=NOW, today=date(2026, 3, 12))
    assert opp.outcome_on == date(2026, 3, 10)
    assert card.anchor == date(2026, 3, 10)
    assert [i.id for i in card.items] == items_before


def test_a_late_rejection_after_ghosted_starts_feedback() -> None:
    opp = make_opp(("h", Role.HIRING_MANAGER))
    card = make_card(opp)
    ghosted(card, opp, date(2026, 3, 20), now=NOW, today=date(2026, 3, 20))
    reject(card, opp, date(2026, 3, 25), now=NOW, today=date(2026, 3, 25))
    assert card.stage is Stage.FEEDBACK
    assert opp.outcome is Outcome.REJECTED
    assert card.anchor == date(2026, 3, 25)


# --- the whole chain: Feedback -> Monitor -> Coffee -> done ---------------------------------

REJECTED_ON = date(2026, 3, 10)


def rejected_card(*links: tuple[str, Role]) -> tuple[Card, Opportunity]:
    opp = make_opp(*links)
    card = make_card(opp)
    reject(card, opp, REJECTED_ON, now=NOW, today=REJECTED_ON)
    return card, opp


def test_feedback_complete_waits_for_monitor() -> None:
    card, opp = rejected_card(("h", Role.HIRING_MANAGER), ("a", Role.INTERVIEWER))
    finish_required(card, opp, date(2026, 3, 12))
    assert card.stage is Stage.FEEDBACK
    assert card.state is State.WAITING
    assert card.next_stage_on == date(2026, 4, 9)  # anchor + 30
    assert (card.target, card.deadline) == (None, None)
    assert all(i.status is ItemStatus.DONE for i in card.items)


def test_feedback_completed_late_moves_on_from_today() -> None:
    card, opp = rejected_card(("h", Role.HIRING_MANAGER))
    finish_required(card, opp, date(2026, 4, 20))
    assert card.next_stage_on == date(2026, 4, 20)


def test_settle_enters_monitor_on_its_date() -> None:
    card, opp = rejected_card(("h", Role.HIRING_MANAGER))
    finish_required(card, opp, date(2026, 3, 12))

    assert settle(card, opp, date(2026, 4, 8)) is False
    assert card.stage is Stage.FEEDBACK and card.state is State.WAITING

    assert settle(card, opp, date(2026, 4, 9)) is True
    assert card.stage is Stage.MONITOR
    assert card.state is State.ACTIVE
    assert card.stage_since == date(2026, 4, 9)
    assert card.next_stage_on is None
    assert shape(card.items) == [
        ("find_hired", None, date(2026, 4, 9), date(2026, 5, 9), False),
        ("compare_background", None, date(2026, 4, 9), date(2026, 5, 9), False),
        ("connect_hired", None, date(2026, 4, 9), date(2026, 5, 9), False),
    ]
    assert (card.target, card.deadline) == (date(2026, 4, 9), date(2026, 5, 9))

    # Settling again changes nothing.
    assert settle(card, opp, date(2026, 4, 9)) is False


def test_settle_after_the_date_also_enters_monitor() -> None:
    card, opp = rejected_card(("h", Role.HIRING_MANAGER))
    finish_required(card, opp, date(2026, 3, 12))
    assert settle(card, opp, date(2026, 4, 15)) is True
    assert card.stage is Stage.MONITOR
    assert card.stage_since == date(2026, 4, 15)
    # The dates still count from the rejection.
    assert card.target == date(2026, 4, 9)


def test_settle_leaves_an_active_card_alone() -> None:
    card, opp = rejected_card(("h", Role.HIRING_MANAGER))
    assert settle(card, opp, date(2026, 9, 1)) is False
    assert card.stage is Stage.FEEDBACK
    assert card.state is State.ACTIVE


def test_monitor_with_a_known_hire_skips_finding_them() -> None:
    card, opp = rejected_card(("h", Role.HIRING_MANAGER), ("x", Role.HIRED))
    finish_required(card, opp, date(2026, 3, 12))
    settle(card, opp, date(2026, 4, 9))
    assert [(i.action, i.person_id) for i in card.items] == [
        ("compare_background", "x"),
        ("connect_hired", "x"),
    ]


def to_coffee(*links: tuple[str, Role]) -> tuple[Card, Opportunity]:
    card, opp = rejected_card(*links)
    finish_required(card, opp, date(2026, 3, 12))
    settle(card, opp, date(2026, 4, 9))
    finish_required(card, opp, date(2026, 4, 10))
    settle(card, opp, date(2026, 6, 8))
    return card, opp


def test_monitor_complete_waits_for_coffee() -> None:
    card, opp = rejected_card(("h", Role.HIRING_MANAGER))
    finish_required(card, opp, date(2026, 3, 12))
    settle(card, opp, date(2026, 4, 9))
    finish_required(card, opp, date(2026, 4, 10))
    assert card.stage is Stage.MONITOR
    assert card.state is State.WAITING
    assert card.next_stage_on == date(2026, 6, 8)  # anchor + 90

    assert settle(card, opp, date(2026, 6, 7)) is False
    assert settle(card, opp, date(2026, 6, 8)) is True
    assert card.stage is Stage.COFFEE
    assert card.state is State.ACTIVE
    assert shape(card.items) == [
        ("invite_coffee", None, date(2026, 6, 8), date(2026, 9, 6), False),  # +90 / +180
    ]


def test_coffee_invite_adds_a_nudge_and_a_thank_you() -> None:
    card, opp = to_coffee(("h", Role.HIRING_MANAGER), ("x", Role.HIRED))
    (invite,) = card.items
    assert invite.person_id == "x"
    close_item(card, opp, invite.id, now=NOW, today=date(2026, 6, 10))  # a Wednesday
    nudge = items_of(card, "nudge")[0]
    thanks = items_of(card, "thank_after_coffee")[0]
    assert (nudge.person_id, nudge.optional) == ("x", True)
    assert (nudge.target, nudge.deadline) == (date(2026, 6, 19), date(2026, 6, 23))  # +7 / +9 bd
    assert (thanks.person_id, thanks.optional) == ("x", False)
    assert (thanks.target, thanks.deadline) == (date(2026, 6, 24), date(2026, 7, 10))
    assert card.state is State.ACTIVE
    assert (card.target, card.deadline) == (thanks.target, thanks.deadline)
    assert len({i.id for i in card.items}) == 3


def test_a_skipped_coffee_invite_ends_the_chain() -> None:
    card, opp = to_coffee(("h", Role.HIRING_MANAGER))
    close_item(card, opp, "i1", now=NOW, today=date(2026, 6, 10), skip=True, reason="moved on")
    assert not items_of(card, "nudge")
    assert card.state is State.DONE


def test_nudges_are_capped_at_two() -> None:
    card, opp = to_coffee(("h", Role.HIRING_MANAGER), ("x", Role.HIRED))
    close_item(card, opp, "i1", now=NOW, today=date(2026, 6, 10))
    (first,) = items_of(card, "nudge")
    close_item(card, opp, first.id, now=NOW, today=date(2026, 6, 19))  # a Friday
    nudges = items_of(card, "nudge")
    assert len(nudges) == 2
    second = nudges[1]
    assert second.is_open and second.optional and second.person_id == "x"
    assert (second.target, second.deadline) == (date(2026, 6, 30), date(2026, 7, 2))
    close_item(card, opp, second.id, now=NOW, today=date(2026, 6, 30))
    assert len(items_of(card, "nudge")) == 2
    assert card.state is State.ACTIVE  # the thank-you after coffee is still open


def test_log_reply_cancels_that_persons_nudges() -> None:
    card, opp = to_coffee(("h", Role.HIRING_MANAGER), ("x", Role.HIRED))
    close_item(card, opp, "i1", now=NOW, today=date(2026, 6, 10))
    (nudge,) = items_of(card, "nudge")
    (thanks,) = items_of(card, "thank_after_coffee")

    assert log_reply(card, "someone-else", now="2026-06-12T09:00:00+00:00") == []
    assert nudge.is_open

    cancelled = log_reply(card, "x", now="2026-06-12T09:00:00+00:00")
    assert cancelled == [nudge]
    assert nudge.status is ItemStatus.SKIPPED
    assert nudge.reason == "reply received"
    assert nudge.closed_at == "2026-06-12T09:00:00+00:00"
    # The thank-you after the meeting is not a nudge: it stays.
    assert thanks.is_open
    assert card.state is State.ACTIVE


def test_log_reply_cancels_a_pending_status_check() -> None:
    opp = make_opp(("a", Role.INTERVIEWER), ("r", Role.RECRUITER))
    card = make_card(opp)
    finish_required(card, opp, INTERVIEW)
    (check,) = items_of(card, "status_check")
    (note,) = items_of(card, "thank_note")
    assert log_reply(card, "r", now=NOW) == [check]
    assert check.status is ItemStatus.SKIPPED
    # The optional note is for someone else and is not a nudge.
    assert note.is_open
    assert log_reply(card, "a", now=NOW) == []
    assert note.is_open


def test_coffee_complete_ends_the_card() -> None:
    card, opp = to_coffee(("h", Role.HIRING_MANAGER), ("x", Role.HIRED))
    close_item(card, opp, "i1", now=NOW, today=date(2026, 6, 10))
    (nudge,) = items_of(card, "nudge")
    (thanks,) = items_of(card, "thank_after_coffee")
    close_item(card, opp, thanks.id, now=NOW, today=date(2026, 6, 25))
    assert card.state is State.DONE
    assert card.stage is Stage.COFFEE
    assert (card.target, card.deadline) == (None, None)
    assert nudge.status is ItemStatus.SKIPPED
    assert nudge.reason == "not needed"
    assert not card.open_items
    # Time passing does not revive it, and nothing more can be closed.
    assert settle(card, opp, date(2027, 1, 1)) is False
    assert card.state is State.DONE
    with pytest.raises(DomainError, match="done"):
        close_item(card, opp, nudge.id, now=NOW, today=date(2026, 6, 25))


# --- ghosted, offer and withdraw -------------------------------------------------------------


def test_ghosted_skips_feedback() -> None:
    opp = make_opp(("h", Role.HIRING_MANAGER), ("r", Role.RECRUITER))
    card = make_card(opp)
    finish_required(card, opp, INTERVIEW)
    ghosted(card, opp, date(2026, 3, 20), now=NOW, today=date(2026, 3, 20))
    assert opp.outcome is Outcome.GHOSTED
    assert opp.outcome_on == date(2026, 3, 20)
    assert card.anchor == date(2026, 3, 20)
    assert card.stage is Stage.MONITOR
    assert card.state is State.ACTIVE
    assert [i.action for i in card.items] == ["find_hired", "compare_background", "connect_hired"]
    assert all(i.is_open for i in card.items)
    assert (card.target, card.deadline) == (date(2026, 4, 19), date(2026, 5, 19))

    finish_required(card, opp, date(2026, 4, 20))
    assert card.state is State.WAITING
    assert card.next_stage_on == date(2026, 6, 18)  # ghosted day + 90
    assert settle(card, opp, date(2026, 6, 18)) is True
    assert card.stage is Stage.COFFEE
    assert card.items[0].deadline == date(2026, 9, 16)


def test_ghosted_needs_a_pending_outcome() -> None:
    card, opp = rejected_card(("h", Role.HIRING_MANAGER))
    with pytest.raises(DomainError, match="already has the outcome"):
        ghosted(card, opp, date(2026, 3, 20), now=NOW, today=date(2026, 3, 20))
    assert card.stage is Stage.FEEDBACK
    assert opp.outcome is Outcome.REJECTED


def test_ghosted_twice_raises() -> None:
    opp = make_opp(("h", Role.HIRING_MANAGER))
    card = make_card(opp)
    ghosted(card, opp, date(2026, 3, 20), now=NOW, today=date(2026, 3, 20))
    with pytest.raises(DomainError):
        ghosted(card, opp, date(2026, 3, 27), now=NOW, today=date(2026, 3, 27))
    assert card.anchor == date(2026, 3, 20)


@pytest.mark.parametrize(
    ("outcome", "reason"),
    [(Outcome.OFFER, "offer received"), (Outcome.WITHDRAWN, "withdrawn")],
)
def test_offer_and_withdraw_end_the_card(outcome: Outcome, reason: str) -> None:
    opp = make_opp(("a", Role.INTERVIEWER))
    card = make_card(opp)
    close_item(card, opp, "i1", now=NOW, today=INTERVIEW)
    finish(
        card,
        opp,
        outcome,
        date(2026, 3, 9),
        now="2026-03-09T12:00:00+00:00",
        today=date(2026, 3, 9),
    )
    assert opp.outcome is outcome
    assert opp.outcome_on == date(2026, 3, 9)
    assert card.state is State.DONE
    assert (card.target, card.deadline) == (None, None)
    assert card.item("i1").status is ItemStatus.DONE  # closed items keep their status
    for item in card.items[1:]:
        assert item.status is ItemStatus.SKIPPED
        assert item.reason == reason
        assert item.closed_at == "2026-03-09T12:00:00+00:00"
    with pytest.raises(DomainError):
        finish(card, opp, outcome, date(2026, 3, 10), now=NOW, today=date(2026, 3, 10))


def test_withdraw_after_rejection_raises() -> None:
    card, opp = rejected_card(("h", Role.HIRING_MANAGER))
    with pytest.raises(DomainError, match="rejected"):
        finish(card, opp, Outcome.WITHDRAWN, date(2026, 3, 12), now=NOW, today=date(2026, 3, 12))
    assert opp.outcome is Outcome.REJECTED
    assert card.state is State.ACTIVE
    assert all(i.is_open for i in card.items)


def test_finish_only_takes_offer_or_withdrawn() -> None:
    opp = make_opp(("h", Role.HIRING_MANAGER))
    card = make_card(opp)
    with pytest.raises(ValueError):
        finish(card, opp, Outcome.REJECTED, date(2026, 3, 12), now=NOW, today=date(2026, 3, 12))
    assert card.state is State.ACTIVE


def test_rejecting_a_finished_card_raises() -> None:
    opp = make_opp(("h", Role.HIRING_MANAGER))
    card = make_card(opp)
    finish(card, opp, Outcome.OFFER, date(2026, 3, 9), now=NOW, today=date(2026, 3, 9))
    with pytest.raises(DomainError):
        reject(card, opp, date(2026, 3, 10), now=NOW, today=date(2026, 3, 10))
    assert opp.outcome is Outcome.OFFER


# --- advance and retreat -------------------------------------------------------------------------


def test_advance_from_thank_you_with_a_pending_outcome_raises() -> None:
    opp = make_opp(("h", Role.HIRING_MANAGER))
    card = make_card(opp)
    with pytest.raises(DomainError, match="waiting for a decision"):
        advance(card, opp, now=NOW, today=date(2026, 3, 5))
    assert card.stage is Stage.THANK_YOU
    assert all(i.is_open for i in card.items)


def test_advance_early_from_feedback_to_monitor() -> None:
    card, opp = rejected_card(("h", Role.HIRING_MANAGER))
    advance(card, opp, now=NOW, today=date(2026, 3, 11))
    assert card.stage is Stage.MONITOR
    assert card.state is State.ACTIVE
    assert card.stage_since == date(2026, 3, 11)
    assert [i.action for i in card.items] == ["find_hired", "compare_background", "connect_hired"]
    assert card.items[0].target == date(2026, 4, 9)  # still counted from the rejection


def test_advance_a_waiting_card_before_its_date() -> None:
    card, opp = rejected_card(("h", Role.HIRING_MANAGER))
    finish_required(card, opp, date(2026, 3, 12))
    assert card.next_stage_on == date(2026, 4, 9)
    advance(card, opp, now=NOW, today=date(2026, 3, 13))
    assert card.stage is Stage.MONITOR
    assert card.state is State.ACTIVE
    assert card.next_stage_on is None


def test_advance_from_monitor_to_coffee() -> None:
    card, opp = rejected_card(("h", Role.HIRING_MANAGER))
    advance(card, opp, now=NOW, today=date(2026, 3, 11))
    advance(card, opp, now=NOW, today=date(2026, 3, 12))
    assert card.stage is Stage.COFFEE
    assert [i.action for i in card.items] == ["invite_coffee"]


def test_advance_from_coffee_is_done() -> None:
    card, opp = to_coffee(("h", Role.HIRING_MANAGER))
    advance(card, opp, now="2026-06-09T08:00:00+00:00", today=date(2026, 6, 9))
    assert card.state is State.DONE
    assert card.stage is Stage.COFFEE
    (invite,) = card.items
    assert invite.status is ItemStatus.SKIPPED
    assert invite.reason == "advanced"
    assert invite.closed_at == "2026-06-09T08:00:00+00:00"
    with pytest.raises(DomainError):
        advance(card, opp, now=NOW, today=date(2026, 6, 10))


def test_retreat_from_feedback_resets_the_outcome() -> None:
    card, opp = rejected_card(("h", Role.HIRING_MANAGER))
    retreat(card, opp, today=date(2026, 3, 11))
    assert card.stage is Stage.THANK_YOU
    assert card.state is State.ACTIVE
    assert opp.outcome is Outcome.PENDING
    assert opp.outcome_on is None
    assert card.anchor is None
    assert card.stage_since == INTERVIEW  # the stage as it was, from its own start
    assert [i.action for i in card.items] == ["thank_email", "thank_note", "linkedin"]
    assert all(i.is_open for i in card.items)
    assert card.items[0].target == INTERVIEW
    # Now it can be rejected again.
    reject(card, opp, date(2026, 3, 12), now=NOW, today=date(2026, 3, 12))
    assert card.stage is Stage.FEEDBACK


def test_retreat_from_monitor_keeps_the_rejection() -> None:
    card, opp = rejected_card(("h", Role.HIRING_MANAGER))
    advance(card, opp, now=NOW, today=date(2026, 3, 11))
    retreat(card, opp, today=date(2026, 3, 12))
    assert card.stage is Stage.FEEDBACK
    assert opp.outcome is Outcome.REJECTED
    assert card.anchor == REJECTED_ON
    assert [i.action for i in card.items] == ["reply_thanks"]
    assert card.items[0].target == date(2026, 3, 11)
    assert card.items[0].is_open


def test_retreat_from_coffee_to_monitor() -> None:
    card, opp = to_coffee(("h", Role.HIRING_MANAGER))
    retreat(card, opp, today=date(2026, 6, 9))
    assert card.stage is Stage.MONITOR
    # Monitor was finished: it comes back finished, and waits one day rather than
    # moving straight back to Coffee on the next settle.
    assert card.state is State.WAITING
    assert card.next_stage_on == date(2026, 6, 10)
    assert all(i.status is ItemStatus.DONE for i in card.items)
    assert not settle(card, opp, date(2026, 6, 9))
    assert settle(card, opp, date(2026, 6, 10)) and card.stage is Stage.COFFEE


def test_moving_back_after_a_rejection_restores_the_thank_you_checklist() -> None:
    """The issue's card: every thank-you item done, the status check waiting (3/4);
    L logs the rejection, H brings Thank-you back as it was, not 0/3 and overdue."""
    opp = make_opp(("h", Role.HIRING_MANAGER), decision_by=date(2026, 3, 23))
    card = make_card(opp)
    for item in list(card.items):
        close_item(card, opp, item.id, now=NOW, today=INTERVIEW)
    before = [i.to_doc() for i in card.items]
    assert card.progress() == (3, 4) and card.state is State.WAITING
    reject(card, opp, INTERVIEW, now=NOW, today=INTERVIEW)
    assert card.stage is Stage.FEEDBACK
    retreat(card, opp, today=date(2026, 3, 3))
    assert card.stage is Stage.THANK_YOU and opp.outcome is Outcome.PENDING
    assert [i.to_doc() for i in card.items] == before  # the status check is open again
    assert card.progress() == (3, 4)
    assert card.state is State.WAITING
    assert card.target == items_of(card, "status_check")[0].target
    assert card.earlier == {"feedback": card.earlier["feedback"]}  # kept in case it moves on


def test_moving_back_restores_done_items_and_reopens_those_the_move_closed() -> None:
    card, opp = rejected_card(("h", Role.HIRING_MANAGER), ("a", Role.INTERVIEWER))
    reply = items_of(card, "reply_thanks")[0]
    close_item(card, opp, reply.id, now=NOW, today=date(2026, 3, 11))
    advance(card, opp, now=NOW, today=date(2026, 3, 12))
    assert items_of(card, "find_hired")  # Monitor, fresh
    retreat(card, opp, today=date(2026, 3, 13))
    assert card.stage is Stage.FEEDBACK and card.state is State.ACTIVE
    assert card.item(reply.id).status is ItemStatus.DONE
    (ask,) = items_of(card, "ask_feedback")
    assert ask.is_open and ask.reason is None  # "advanced" no longer
    assert card.stage_since == REJECTED_ON


def test_moving_on_again_restores_the_later_stage_too() -> None:
    card, opp = rejected_card(("h", Role.HIRING_MANAGER))
    advance(card, opp, now=NOW, today=date(2026, 3, 12))
    find = items_of(card, "find_hired")[0]
    close_item(card, opp, find.id, now=NOW, today=date(2026, 3, 12))
    retreat(card, opp, today=date(2026, 3, 12))
    advance(card, opp, now=NOW, today=date(2026, 3, 13))
    assert card.stage is Stage.MONITOR
    assert card.item(find.id).status is ItemStatus.DONE
    assert card.stage_since == date(2026, 3, 12)


def test_a_new_outcome_starts_the_later_stages_fresh() -> None:
    card, opp = rejected_card(("h", Role.HIRING_MANAGER))
    close_item(card, opp, items_of(card, "reply_thanks")[0].id, now=NOW, today=REJECTED_ON)
    retreat(card, opp, today=date(2026, 3, 12))
    reject(card, opp, date(2026, 3, 12), now=NOW, today=date(2026, 3, 12))
    assert card.stage is Stage.FEEDBACK
    assert all(i.is_open for i in card.items)
    assert card.items[0].target == date(2026, 3, 13)  # from the new rejection


def test_kept_checklists_survive_the_cards_document() -> None:
    card, opp = rejected_card(("h", Role.HIRING_MANAGER))
    assert "earlier" not in make_card(make_opp()).to_doc()
    again = Card.from_doc(card.to_doc())
    assert again.earlier == card.earlier and set(again.earlier) == {"thank_you"}
    retreat(again, opp, today=date(2026, 3, 11))
    assert [i.action for i in again.items] == ["thank_email", "thank_note", "linkedin"]


def test_retreat_from_thank_you_raises() -> None:
    opp = make_opp(("h", Role.HIRING_MANAGER))
    card = make_card(opp)
    with pytest.raises(DomainError, match="first stage"):
        retreat(card, opp, today=date(2026, 3, 3))
    assert card.stage is Stage.THANK_YOU


def test_retreat_from_a_done_card_raises() -> None:
    card, opp = to_coffee(("h", Role.HIRING_MANAGER))
    advance(card, opp, now=NOW, today=date(2026, 6, 9))
    with pytest.raises(DomainError):
        retreat(card, opp, today=date(2026, 6, 10))
    assert card.state is State.DONE


# --- snooze, archive ---------------------------------------------------------------------------


@pytest.mark.parametrize("until", [date(2026, 3, 5), date(2026, 3, 4)])
def test_snooze_needs_a_day_after_today(until: date) -> None:
    opp = make_opp(("h", Role.HIRING_MANAGER))
    card = make_card(opp)
    with pytest.raises(DomainError, match="after today"):
        snooze(card, until, today=date(2026, 3, 5))
    assert card.state is State.ACTIVE
    assert card.snoozed_until is None


def test_settle_ends_a_snooze_on_its_date() -> None:
    opp = make_opp(("h", Role.HIRING_MANAGER))
    card = make_card(opp)
    snooze(card, date(2026, 3, 10), today=date(2026, 3, 5))
    assert card.state is State.SNOOZED
    assert card.snoozed_until == date(2026, 3, 10)

    assert settle(card, opp, date(2026, 3, 9)) is False
    assert card.state is State.SNOOZED

    assert settle(card, opp, date(2026, 3, 10)) is True
    assert card.state is State.ACTIVE
    assert card.snoozed_until is None


def test_a_snooze_ending_late_still_ends() -> None:
    opp = make_opp(("h", Role.HIRING_MANAGER))
    card = make_card(opp)
    snooze(card, date(2026, 3, 10), today=date(2026, 3, 5))
    assert settle(card, opp, date(2026, 3, 20)) is True
    assert card.state is State.ACTIVE


def test_closing_items_while_snoozed_keeps_the_snooze() -> None:
    card, opp = rejected_card(("h", Role.HIRING_MANAGER))
    snooze(card, date(2026, 4, 20), today=date(2026, 3, 11))
    finish_required(card, opp, date(2026, 3, 12))
    assert card.state is State.SNOOZED
    assert card.next_stage_on == date(2026, 4, 9)
    # On the snooze date the card wakes up and, its Monitor date having passed, moves on.
    assert settle(card, opp, date(2026, 4, 20)) is True
    assert card.stage is Stage.MONITOR
    assert card.state is State.ACTIVE
    assert card.snoozed_until is None


def test_a_waiting_card_wakes_up_waiting() -> None:
    card, opp = rejected_card(("h", Role.HIRING_MANAGER))
    finish_required(card, opp, date(2026, 3, 12))
    snooze(card, date(2026, 3, 20), today=date(2026, 3, 12))
    assert settle(card, opp, date(2026, 3, 20)) is True
    assert card.state is State.WAITING
    assert card.stage is Stage.FEEDBACK


def test_snooze_a_done_card_raises() -> None:
    opp = make_opp(("h", Role.HIRING_MANAGER))
    card = make_card(opp)
    finish(card, opp, Outcome.OFFER, date(2026, 3, 9), now=NOW, today=date(2026, 3, 9))
    with pytest.raises(DomainError):
        snooze(card, date(2026, 3, 20), today=date(2026, 3, 9))
    assert card.state is State.DONE


def test_archive() -> None:
    opp = make_opp(("h", Role.HIRING_MANAGER))
    card = make_card(opp)
    archive(card)
    assert card.state is State.ARCHIVED
    assert (card.target, card.deadline) == (None, None)
    with pytest.raises(DomainError, match="already archived"):
        archive(card)
    with pytest.raises(DomainError, match="archived"):
        close_item(card, opp, "i1", now=NOW, today=INTERVIEW)
    assert settle(card, opp, date(2027, 1, 1)) is False


# --- the day of an outcome -------------------------------------------------------------------

TWO_INTERVIEWS = (INTERVIEW, date(2026, 3, 9))


def _log(outcome: Outcome, card: Card, opp: Opportunity, on: date, today: date) -> None:
    if outcome is Outcome.REJECTED:
        reject(card, opp, on, now=NOW, today=today)
    elif outcome is Outcome.GHOSTED:
        ghosted(card, opp, on, now=NOW, today=today)
    else:
        finish(card, opp, outcome, on, now=NOW, today=today)


ALL_OUTCOMES = [Outcome.REJECTED, Outcome.GHOSTED, Outcome.OFFER, Outcome.WITHDRAWN]


@pytest.mark.parametrize("outcome", ALL_OUTCOMES)
def test_no_outcome_before_the_last_interview(outcome: Outcome) -> None:
    opp = make_opp(("h", Role.HIRING_MANAGER), interviews=TWO_INTERVIEWS)
    card = make_card(opp)
    with pytest.raises(DomainError, match="2026-03-05 is before the last interview on 2026-03-09"):
        _log(outcome, card, opp, date(2026, 3, 5), date(2026, 3, 16))
    assert (opp.outcome, opp.outcome_on, card.stage, card.state) == (
        Outcome.PENDING,
        None,
        Stage.THANK_YOU,
        State.ACTIVE,
    )


@pytest.mark.parametrize("outcome", ALL_OUTCOMES)
def test_no_outcome_after_today(outcome: Outcome) -> None:
    opp = make_opp(("h", Role.HIRING_MANAGER))
    card = make_card(opp)
    with pytest.raises(DomainError, match=r"2026-03-17 is after today \(2026-03-16\)"):
        _log(outcome, card, opp, date(2026, 3, 17), date(2026, 3, 16))
    assert opp.outcome is Outcome.PENDING
    assert card.state is State.ACTIVE


@pytest.mark.parametrize("outcome", ALL_OUTCOMES)
@pytest.mark.parametrize("on", [date(2026, 3, 9), date(2026, 3, 16)])
def test_an_outcome_from_the_last_interview_to_today(outcome: Outcome, on: date) -> None:
    opp = make_opp(("h", Role.HIRING_MANAGER), interviews=TWO_INTERVIEWS)
    card = make_card(opp)
    _log(outcome, card, opp, on, date(2026, 3, 16))
    assert (opp.outcome, opp.outcome_on) == (outcome, on)
