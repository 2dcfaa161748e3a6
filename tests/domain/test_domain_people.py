"""People: names with any role, checked contact details, and linking a person to a card
(tracker.domain.people and rules.link_person)."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.errors import DomainError
from tracker.domain.model import (
    Card,
    ItemStatus,
    Link,
    Opportunity,
    Outcome,
    Person,
    Role,
    Stage,
    State,
)
from tracker.domain.people import (
    Details,
    check_email,
    check_linkedin,
    check_name,
    parse_link,
)
from tracker.domain.rules import close_item, finish, link_person, new_card, reject, settle
from tracker.domain.templates import DEFAULTS, render
from tracker.domain.views import CardView

INTERVIEW = date(2026, 3, 2)  # a Monday
REJECTED_ON = date(2026, 3, 10)
NOW = "2026-03-10T10:00:00+00:00"


def make(*links: tuple[str, Role]) -> tuple[Card, Opportunity]:
    opp = Opportunity(
        id="opp1",
        company="Acme",
        role="Platform Engineer",
        interviews=[INTERVIEW],
        created_at=NOW,
        people=[Link(person, role) for person, role in links],
    )
    return new_card("card123456", opp, NOW), opp


def finish_required(card: Card, opp: Opportunity, today: date) -> None:
    for item in [i for i in card.items if i.is_open and not i.optional]:
        close_item(card, opp, item.id, now=NOW, today=today)


def rejected(*links: tuple[str, Role]) -> tuple[Card, Opportunity]:
    card, opp = make(*links)
    reject(card, opp, REJECTED_ON, now=NOW, today=REJECTED_ON)
    return card, opp


def in_monitor(*links: tuple[str, Role]) -> tuple[Card, Opportunity]:
    card, opp = rejected(*links)
    finish_required(card, opp, date(2026, 3, 12))
    settle(card, opp, date(2026, 4, 9))
    assert card.stage is Stage.MONITOR
    return card, opp


def in_coffee(*links: tuple[str, Role]) -> tuple[Card, Opportunity]:
    card, opp = in_monitor(*links)
    finish_required(card, opp, date(2026, 4, 10))
    settle(card, opp, date(2026, 6, 8))
    assert card.stage is Stage.COFFEE
    return card, opp


def pairs(card: Card) -> list[tuple[str, str | None, str]]:
    return [(i.action, i.person_id, i.status.value) for i in card.items]


# --- typing a person --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spec", "role"),
    [
        ("Pat Kim", Role.INTERVIEWER),
        ("Pat Kim:hired", Role.HIRED),
        ("Pat Kim:referral", Role.REFERRAL),
        ("Pat Kim:Hiring Manager", Role.HIRING_MANAGER),
        ("Pat Kim:hm", Role.HIRING_MANAGER),
        ("Pat Kim:recruiter", Role.RECRUITER),
    ],
)
def test_parse_link_takes_every_role(spec: str, role: Role) -> None:
    assert parse_link(spec).role is role
    assert parse_link(spec).name == "Pat Kim"


def test_parse_link_keeps_a_highlight_with_colons() -> None:
    person = parse_link("  Pat   Kim :hired: talk at 10:30 ")
    assert (person.name, person.role, person.highlight) == ("Pat Kim", Role.HIRED, "talk at 10:30")


@pytest.mark.parametrize(
    ("spec", "words"),
    [
        ("", "name is empty"),
        ("  :hired", "name is empty"),
        ("Pat:ceo", "unknown role 'ceo'"),
        ("Pat\x1b]0;owned\x07", "control character"),
        ("Pat:hired:\x1b[2J", "control character"),
    ],
)
def test_parse_link_refuses(spec: str, words: str) -> None:
    with pytest.raises(DomainError, match=words.replace("[", r"\[")):
        parse_link(spec)


def test_a_name_with_a_line_break_is_refused_not_joined() -> None:
    with pytest.raises(DomainError, match="control character"):
        check_name("Pat\nKim")


@pytest.mark.parametrize("email", ["pat.acme.com", "@acme.com", "pat@", "pat kim@acme.com"])
def test_bad_emails(email: str) -> None:
    with pytest.raises(DomainError, match="is not an e-mail address"):
        check_email(email)


@pytest.mark.parametrize(
    "url",
    [
        "linkedin.com/in/pat",
        "www.linkedin.com/in/pat",
        "ftp://linkedin.com/in/pat",
        "javascript://alert(1)",
        "https://",
        "https://linkedin.com/in/pat kim",
        "https://linkedin.com/\x1b[31m",
    ],
)
def test_bad_linkedin_urls(url: str) -> None:
    with pytest.raises(DomainError, match="is not a web address"):
        check_linkedin(url)


def test_good_details_are_trimmed_and_empty_clears() -> None:
    assert check_email(" pat@acme.com ") == "pat@acme.com"
    assert check_linkedin("HTTPS://www.linkedin.com/in/pat ") == "HTTPS://www.linkedin.com/in/pat"
    assert check_linkedin("http://linkedin.com/in/pat") == "http://linkedin.com/in/pat"
    assert check_email("") == "" and check_linkedin("  ") == ""


def test_details_apply_only_what_is_given_and_say_what_changed() -> None:
    person = Person(id="p1", name="Pat Kim", title="SRE", email="old@acme.com")
    details = Details(email=" pat@acme.com", notes="met at the meetup\nlikes Go").checked()
    assert details.apply(person) == ["email", "notes"]
    assert (person.title, person.email, person.notes) == (
        "SRE",
        "pat@acme.com",
        "met at the meetup\nlikes Go",
    )
    assert details.apply(person) == []  # the same again changes nothing
    assert Details(title="").checked().apply(person) == ["title"] and person.title == ""


def test_details_refuse_control_characters_in_notes_but_keep_line_breaks() -> None:
    with pytest.raises(DomainError, match="control character"):
        Details(notes="ok\x1b]52;c;Zm9v\x07").checked()
    assert Details(notes="a\n\tb").checked().notes == "a\n\tb"


# --- linking a person to a card ------------------------------------------------------------


def test_an_interviewer_added_during_thank_you_gets_their_thank_yous() -> None:
    card, opp = make(("h", Role.HIRING_MANAGER))
    before = len(card.items)
    touched = link_person(card, opp, "x", Role.INTERVIEWER, now=NOW, today=INTERVIEW)
    assert [(i.action, i.person_id, i.optional) for i in touched] == [
        ("thank_email", "x", False),
        ("thank_note", "x", True),
        ("linkedin", "x", False),
    ]
    assert card.items[before:] == touched
    assert len({i.id for i in card.items}) == len(card.items)  # ids stay unique
    assert opp.people[-1] == Link("x", Role.INTERVIEWER)
    assert touched[0].target == INTERVIEW  # counted from the interview, as the others


def test_the_first_person_named_takes_the_thank_you_meant_for_nobody() -> None:
    card, opp = make()
    assert pairs(card) == [("thank_email", None, "open")]
    link_person(card, opp, "x", Role.INTERVIEWER, now=NOW, today=INTERVIEW)
    assert pairs(card) == [
        ("thank_email", "x", "open"),
        ("thank_note", "x", "open"),
        ("linkedin", "x", "open"),
    ]


def test_a_finished_thank_you_is_active_again_for_a_new_interviewer() -> None:
    card, opp = make(("h", Role.HIRING_MANAGER))
    finish_required(card, opp, INTERVIEW)
    assert card.state is State.WAITING
    link_person(card, opp, "x", Role.INTERVIEWER, now=NOW, today=date(2026, 3, 4))
    assert card.state is State.ACTIVE
    assert card.target == INTERVIEW


def test_a_referral_during_feedback_is_asked_what_happened() -> None:
    card, opp = rejected(("h", Role.HIRING_MANAGER))
    finish_required(card, opp, date(2026, 3, 11))
    assert card.state is State.WAITING and card.next_stage_on is not None
    link_person(card, opp, "r", Role.REFERRAL, now=NOW, today=date(2026, 3, 11))
    assert pairs(card)[-1] == ("ask_referral", "r", "open")
    assert card.state is State.ACTIVE
    assert card.next_stage_on is None  # moves on once the new item is done
    finish_required(card, opp, date(2026, 3, 12))
    assert card.state is State.WAITING and card.next_stage_on == date(2026, 4, 9)


def test_naming_the_hire_during_monitor_points_its_items_at_them() -> None:
    card, opp = in_monitor(("h", Role.HIRING_MANAGER))
    assert pairs(card) == [
        ("find_hired", None, "open"),
        ("compare_background", None, "open"),
        ("connect_hired", None, "open"),
    ]
    link_person(card, opp, "x", Role.HIRED, now=NOW, today=date(2026, 4, 10))
    assert pairs(card) == [
        ("find_hired", None, "done"),
        ("compare_background", "x", "open"),
        ("connect_hired", "x", "open"),
    ]
    assert card.items[0].closed_at == NOW
    assert card.state is State.ACTIVE


def test_naming_the_hire_leaves_closed_items_as_they_were() -> None:
    card, opp = in_monitor(("h", Role.HIRING_MANAGER))
    compare = card.items[1]
    close_item(card, opp, compare.id, now=NOW, today=date(2026, 4, 10))
    link_person(card, opp, "x", Role.HIRED, now=NOW, today=date(2026, 4, 10))
    assert pairs(card) == [
        ("find_hired", None, "done"),
        ("compare_background", None, "done"),
        ("connect_hired", "x", "open"),
    ]


def test_naming_the_hire_when_only_finding_them_was_left_finishes_monitor() -> None:
    card, opp = in_monitor(("h", Role.HIRING_MANAGER))
    for item in card.items[1:]:
        close_item(card, opp, item.id, now=NOW, today=date(2026, 4, 10))
    assert card.state is State.ACTIVE
    link_person(card, opp, "x", Role.HIRED, now=NOW, today=date(2026, 4, 11))
    assert card.state is State.WAITING
    assert card.next_stage_on == date(2026, 6, 8)  # Coffee, 90 days after the rejection


def test_naming_the_hire_during_coffee_points_the_invite_and_its_follow_ups() -> None:
    card, opp = in_coffee(("h", Role.HIRING_MANAGER))
    (invite,) = card.items
    close_item(card, opp, invite.id, now=NOW, today=date(2026, 6, 10))
    assert [(i.action, i.person_id) for i in card.open_items] == [
        ("nudge", None),
        ("thank_after_coffee", None),
    ]
    link_person(card, opp, "x", Role.HIRED, now=NOW, today=date(2026, 6, 11))
    assert [(i.action, i.person_id) for i in card.open_items] == [
        ("nudge", "x"),
        ("thank_after_coffee", "x"),
    ]
    assert card.items[0].person_id is None  # the invite was sent before: history stays


def test_a_hire_named_before_monitor_is_used_when_monitor_starts() -> None:
    card, opp = rejected(("h", Role.HIRING_MANAGER))
    assert link_person(card, opp, "x", Role.HIRED, now=NOW, today=REJECTED_ON) == []
    finish_required(card, opp, date(2026, 3, 12))
    settle(card, opp, date(2026, 4, 9))
    assert pairs(card) == [("compare_background", "x", "open"), ("connect_hired", "x", "open")]


def test_naming_another_hire_replaces_the_first_on_the_open_items() -> None:
    card, opp = in_monitor(("h", Role.HIRING_MANAGER), ("x", Role.HIRED))
    assert pairs(card) == [("compare_background", "x", "open"), ("connect_hired", "x", "open")]
    close_item(card, opp, card.items[1].id, now=NOW, today=date(2026, 4, 10))
    link_person(card, opp, "y", Role.HIRED, now=NOW, today=date(2026, 4, 10))
    assert opp.people_with(Role.HIRED) == ["y"]
    assert opp.role_of("x") is None
    # the comparison still to do is about the new hire; the connection made stays with x,
    # and the new hire gets their own
    assert pairs(card) == [
        ("compare_background", "y", "open"),
        ("connect_hired", "x", "done"),
        ("connect_hired", "y", "open"),
    ]


def test_a_replaced_hire_keeps_their_other_role_on_the_card() -> None:
    card, opp = rejected(("h", Role.HIRING_MANAGER), ("h", Role.HIRED))
    link_person(card, opp, "y", Role.HIRED, now=NOW, today=REJECTED_ON)
    assert opp.role_of("h") is Role.HIRING_MANAGER
    assert opp.people_with(Role.HIRED) == ["y"]


def test_a_hire_named_at_the_rejection_and_replaced_is_used_when_monitor_starts() -> None:
    card, opp = rejected(("h", Role.HIRING_MANAGER), ("x", Role.HIRED))
    link_person(card, opp, "y", Role.HIRED, now=NOW, today=REJECTED_ON)
    finish_required(card, opp, date(2026, 3, 12))
    settle(card, opp, date(2026, 4, 9))
    assert pairs(card) == [("compare_background", "y", "open"), ("connect_hired", "y", "open")]


def test_a_done_card_only_records_the_link() -> None:
    card, opp = make(("h", Role.HIRING_MANAGER))
    finish(card, opp, Outcome.OFFER, INTERVIEW, now=NOW, today=INTERVIEW)
    before = pairs(card)
    assert link_person(card, opp, "x", Role.INTERVIEWER, now=NOW, today=INTERVIEW) == []
    assert pairs(card) == before and card.state is State.DONE
    assert opp.role_of("x") is Role.INTERVIEWER


def test_drafts_greet_the_hire_once_named() -> None:
    card, opp = in_monitor(("h", Role.HIRING_MANAGER))
    people = {"x": Person(id="x", name="Pat Kim", company="Acme")}
    view = CardView(card, opp, people)
    connect = card.items[2]
    assert render(DEFAULTS["connect_hired"], view.template_context(connect)).startswith("Hi there,")
    link_person(card, opp, "x", Role.HIRED, now=NOW, today=date(2026, 4, 10))
    assert render(DEFAULTS["connect_hired"], view.template_context(connect)).startswith("Hi Pat,")
    compare = card.items[1]
    assert "Notes on Pat Kim" in render(
        DEFAULTS["compare_background"], view.template_context(compare)
    )
    assert card.items[0].status is ItemStatus.DONE


def test_coffee_drafts_greet_the_hire_named_at_the_rejection_and_sign_with_my_name() -> None:
    card, opp = in_coffee(("h", Role.HIRING_MANAGER), ("x", Role.HIRED))
    view = CardView(card, opp, {"x": Person(id="x", name="Pat Kim", company="Acme")})
    (invite,) = card.items
    draft = render(DEFAULTS["invite_coffee"], view.template_context(invite, "Alex Moreau"))
    assert draft.startswith("Hi Pat,") and draft.endswith("Thank you,\nAlex Moreau")
    close_item(card, opp, invite.id, now=NOW, today=date(2026, 6, 10))
    for item in card.open_items:  # the nudge and the thank-you after the coffee
        text = render(DEFAULTS[item.action], view.template_context(item))
        assert text.startswith("Hi Pat,"), item.action


def test_coffee_drafts_greet_a_hire_named_during_coffee() -> None:
    card, opp = in_coffee(("h", Role.HIRING_MANAGER))
    view = CardView(card, opp, {"x": Person(id="x", name="Pat Kim", company="Acme")})
    (invite,) = card.items
    assert render(DEFAULTS["invite_coffee"], view.template_context(invite)).startswith("Hi there,")
    link_person(card, opp, "x", Role.HIRED, now=NOW, today=date(2026, 6, 9))
    assert render(DEFAULTS["invite_coffee"], view.template_context(invite)).startswith("Hi Pat,")
