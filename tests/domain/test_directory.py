"""The People screen's listing: everyone by company, their role, last interaction and
next check-in with its due state, and the filter."""

from __future__ import annotations

from datetime import date

from tracker.domain.capture import NewPerson
from tracker.domain.directory import LATER, NONE, OVERDUE, SOON, TODAY, directory, narrowed
from tracker.store.repo import Repository

from support.people import seed_network

TODAY_ = date(2026, 3, 2)


def test_everyone_by_company_with_role_last_interaction_and_check_in(repo: Repository) -> None:
    seed_network(repo)
    groups = repo.directory()
    assert [g.title for g in groups] == ["Acme", "Globex", "Hooli", "Initech"]
    acme = groups[0]
    assert [c.person.name for c in acme.contacts] == ["Bob Smith", "Jane Doe"]
    jane = acme.contacts[1]
    assert jane.role_words() == "VP Engineering · hiring manager"
    assert jane.last_words() == "reply 2025-10-01"
    assert acme.contacts[0].last_words() == "—"
    assert (jane.next_words(TODAY_), jane.due_state(TODAY_)) == ("in 3d", SOON)
    ana = groups[1].contacts[0]
    assert (ana.next_words(TODAY_), ana.due_state(TODAY_)) == ("62d overdue", OVERDUE)
    gavin = groups[2].contacts[0]
    assert (gavin.next_words(TODAY_), gavin.due_state(TODAY_)) == ("today", TODAY)
    assert [g.due(TODAY_) for g in groups] == [0, 1, 2, 0]
    bill = groups[3].contacts[0]
    assert (bill.next_words(TODAY_), bill.due_state(TODAY_)) == ("on the board", NONE)
    assert jane.due_state(date(2026, 1, 1)) == LATER


def test_a_person_without_a_company_comes_last_and_companies_match_ignoring_case(
    repo: Repository,
) -> None:
    from tracker.domain.model import Person

    repo.add_interview("acme ", "SRE", people=[NewPerson("Ann Bo")])
    repo.add_interview("ACME", "Eng", people=[NewPerson("Cy Dee")])
    everyone = [*repo.people_on_cards(), (Person(id="z", name="Zed"), [])]
    groups = directory(everyone, [], [])
    assert [(g.title, len(g.contacts)) for g in groups] == [("acme", 2), ("No company", 1)]
    assert groups[1].contacts[0].next_words(TODAY_) == "—"


def test_the_filter_keeps_a_matching_company_whole_or_the_matching_names(
    repo: Repository,
) -> None:
    seed_network(repo)
    groups = repo.directory()
    assert [g.title for g in narrowed(groups, "  HOO ")] == ["Hooli"]
    assert [c.person.name for g in narrowed(groups, "hooli") for c in g.contacts] == [
        "Gavin Belson",
        "Richard Hendricks",
    ]
    only = narrowed(groups, "doe")
    assert [(g.title, [c.person.name for c in g.contacts]) for g in only] == [
        ("Acme", ["Jane Doe"])
    ]
    assert narrowed(groups, "nobody") == []
    assert narrowed(groups, " ") == groups


def test_met_again_names_the_known_people_typed_again_once_each() -> None:
    from tracker.domain.capture import met_again
    from tracker.domain.model import Person

    known = [Person("a", "Jane Doe"), Person("b", "Sam Lee"), Person("c", "Sam Lee")]
    typed = [NewPerson("JANE  doe"), NewPerson("Sam Lee"), NewPerson("Jane Doe"), NewPerson("X")]
    assert met_again(typed, known) == ["a"]  # two Sam Lees: neither is guessed


def test_a_check_in_done_is_the_last_contact_shown(repo: Repository) -> None:
    """A check-in done without a note logs no interaction, but it is a contact: the
    People screen shows it rather than the older interaction (found by the long-game
    test: after three check-ins the column still showed March's feedback)."""
    seed_network(repo)
    ana = next(c for g in repo.directory() for c in g.contacts if c.person.name == "Ana Souza")
    repo.touch_done(ana.person.id)
    again = next(c for g in repo.directory() for c in g.contacts if c.person.name == "Ana Souza")
    assert again.last_words() == f"check-in {repo.today().isoformat()}"
