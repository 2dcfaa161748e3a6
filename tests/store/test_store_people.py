"""The repository's people section: finding, listing, adding to a card, editing; each write is
one undoable action with its event, and a refused one writes nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tracker import config, paths
from tracker.domain.capture import NewPerson
from tracker.domain.errors import DomainError
from tracker.domain.model import ItemStatus, Role, Stage
from tracker.domain.people import Details
from tracker.store.repo import Repository


def fresh(home: Path) -> Repository:
    """A second repository on the same home, as another process would read it."""
    where = paths.resolve(home)
    return Repository(where, config.load(home / "config.toml"))


def files(home: Path) -> tuple[bytes, bytes]:
    return (home / "tracker.json").read_bytes(), (home / "events.jsonl").read_bytes()


def monitor_card(repo: Repository, company: str = "Acme") -> str:
    """A card rejected on 2026-01-20 whose Feedback is done: Monitor started on 2026-03-02."""
    view = repo.add_interview(
        company,
        "Backend Engineer",
        on=date(2026, 1, 15),
        people=[NewPerson("Jane Doe", Role.HIRING_MANAGER)],
    )
    repo.reject(view.card.id, date(2026, 1, 20))
    repo.close_items(view.card.id, [i.id for i in repo.find_card(company).card.open_items])
    repo.settle()
    assert repo.find_card(company).card.stage is Stage.MONITOR
    return view.card.id


def test_naming_the_hire_is_one_undoable_action(repo: Repository, home: Path) -> None:
    card_id = monitor_card(repo)
    view, person, created = repo.add_person(card_id, " Pat  Kim ", Role.HIRED)
    assert created and person.name == "Pat Kim" and person.company == "Acme"

    stored = fresh(home)
    after = stored.find_card("acme")
    assert stored.snapshot().people[person.id].name == "Pat Kim"
    assert after.opportunity.people_with(Role.HIRED) == [person.id]
    assert [(i.action, after.person_name(i), i.status) for i in after.card.items] == [
        ("find_hired", "", ItemStatus.DONE),
        ("compare_background", "Pat Kim", ItemStatus.OPEN),
        ("connect_hired", "Pat Kim", ItemStatus.OPEN),
    ]
    event = stored.card_events(card_id)[-1]
    assert event.type == "person_added"
    assert event.data["name"] == "Pat Kim" and event.data["role"] == "hired"
    assert view.people[person.id].name == "Pat Kim"

    assert repo.undo() == "adding Pat Kim to Acme"
    stored = fresh(home)
    assert person.id not in stored.snapshot().people
    back = stored.find_card("acme")
    assert back.opportunity.people_with(Role.HIRED) == []
    assert [(i.action, i.person_id, i.status) for i in back.card.items] == [
        ("find_hired", None, ItemStatus.OPEN),
        ("compare_background", None, ItemStatus.OPEN),
        ("connect_hired", None, ItemStatus.OPEN),
    ]


def test_a_known_person_is_linked_not_copied(repo: Repository, home: Path) -> None:
    acme = repo.add_interview("Acme", "Dev", people=[NewPerson("Ana Ruiz", Role.RECRUITER)])
    globex = repo.add_interview("Globex", "Dev")
    ana = next(iter(acme.people.values()))
    _, person, created = repo.add_person(globex.card.id, "ana ruiz", Role.RECRUITER)
    assert not created and person.id == ana.id
    _, by_id, created = repo.add_person(globex.card.id, ana.id[:6], Role.REFERRAL)
    assert not created and by_id.id == ana.id

    stored = fresh(home)
    assert len(stored.snapshot().people) == 1
    assert [(v.company, role) for v, role in stored.person_cards(ana.id)] == [
        ("Acme", Role.RECRUITER),
        ("Globex", Role.RECRUITER),
        ("Globex", Role.REFERRAL),
    ]
    # --new makes a second person with the same name.
    _, other, created = repo.add_person(globex.card.id, "Ana Ruiz", Role.INTERVIEWER, new=True)
    assert created and other.id != ana.id and other.company == "Globex"
    with pytest.raises(DomainError, match=r"'ana ruiz' matches 2 people: .*use more of the id"):
        repo.find_person("ana ruiz")


def test_the_same_role_twice_is_refused_and_nothing_is_written(
    repo: Repository, home: Path
) -> None:
    view = repo.add_interview("Acme", "Dev", people=[NewPerson("Bob", Role.INTERVIEWER)])
    before = files(home)
    with pytest.raises(DomainError, match="Bob is already on Acme as interviewer"):
        repo.add_person(view.card.id, "Bob", Role.INTERVIEWER)
    with pytest.raises(DomainError, match="name is empty"):
        repo.add_person(view.card.id, "  ", Role.HIRED)
    with pytest.raises(DomainError, match="not a web address"):
        repo.add_person(view.card.id, "Cy", Role.HIRED, details=Details(linkedin="linkedin.com"))
    assert files(home) == before


def test_details_given_with_the_person_are_stored(repo: Repository, home: Path) -> None:
    view = repo.add_interview("Acme", "Dev")
    _, person, _ = repo.add_person(
        view.card.id,
        "Pat Kim",
        Role.HIRED,
        highlight="shipped the new billing",
        details=Details(title="Staff Engineer", linkedin="https://linkedin.com/in/patkim"),
    )
    stored = fresh(home).snapshot().people[person.id]
    assert (stored.title, stored.linkedin, stored.highlight) == (
        "Staff Engineer",
        "https://linkedin.com/in/patkim",
        "shipped the new billing",
    )


def test_edit_person_is_undoable_and_an_edit_that_changes_nothing_writes_nothing(
    repo: Repository, home: Path
) -> None:
    view = repo.add_interview("Acme", "Dev", people=[NewPerson("Jane Doe", Role.HIRING_MANAGER)])
    jane = next(iter(view.people.values()))
    person, changed = repo.edit_person(
        jane.id, Details(title=" VP Engineering ", email="jane@acme.com")
    )
    assert changed == ["email", "title"] and person.title == "VP Engineering"
    assert fresh(home).find_person("JANE DOE").email == "jane@acme.com"
    event = fresh(home).events()[-1]
    assert (event.type, event.card_id, event.data["changed"]) == (
        "person_edited",
        None,
        ["email", "title"],
    )

    before = files(home)
    assert repo.edit_person(jane.id, Details(title="VP Engineering"))[1] == []
    assert files(home) == before

    assert repo.undo() == "the edit of Jane Doe"
    back = fresh(home).find_person(jane.id[:4])
    assert (back.title, back.email) == ("", "")


def test_find_person(repo: Repository) -> None:
    view = repo.add_interview("Acme", "Dev", people=[NewPerson("Jane Doe", Role.HIRING_MANAGER)])
    jane = next(iter(view.people.values()))
    assert repo.find_person("  jane   DOE ").id == jane.id
    assert repo.find_person(jane.id[:4].upper()).id == jane.id
    with pytest.raises(DomainError, match="no person is called 'Jane'"):
        repo.find_person("Jane")  # a name matches whole, not in part
    with pytest.raises(DomainError, match="name a person"):
        repo.find_person(" ")


def test_people_on_cards_lists_everyone_by_name_with_their_cards(repo: Repository) -> None:
    acme = repo.add_interview("Acme", "Dev", people=[NewPerson("Zoe", Role.INTERVIEWER)])
    repo.add_interview("Globex", "SRE", referral="ann")
    repo.add_person(acme.card.id, "Ann", Role.REFERRAL)  # links the referral "ann"
    listed = [
        (p.name, [(v.company, r.value) for v, r in cards]) for p, cards in repo.people_on_cards()
    ]
    assert listed == [
        ("ann", [("Acme", "referral"), ("Globex", "referral")]),
        ("Zoe", [("Acme", "interviewer")]),
    ]


def test_ghosted_with_the_hire_starts_monitor_with_them(repo: Repository, home: Path) -> None:
    view = repo.add_interview("Acme", "Dev", on=date(2026, 2, 2))
    repo.ghosted(view.card.id, date(2026, 3, 1), hired="Pat Kim")
    after = fresh(home).find_card("acme")
    assert after.card.stage is Stage.MONITOR
    assert [(i.action, after.person_name(i)) for i in after.card.items] == [
        ("compare_background", "Pat Kim"),
        ("connect_hired", "Pat Kim"),
    ]


@pytest.mark.parametrize("outcome", ["reject", "ghosted"])
def test_the_hire_named_with_an_outcome_is_checked_like_any_name(
    repo: Repository, outcome: str
) -> None:
    """The board's rejection dialog sends the name straight to the repository: the
    repository itself refuses a name with a control character, and writes nothing."""
    card = repo.add_interview("ACME", "Engineer").card
    before = (repo.paths.database.read_bytes(), repo.paths.events.read_bytes())
    with pytest.raises(DomainError, match="control character"):
        getattr(repo, outcome)(card.id, repo.today(), hired="Pat\x1b]0;owned\x07 Kim")
    assert (repo.paths.database.read_bytes(), repo.paths.events.read_bytes()) == before
    view = getattr(repo, outcome)(card.id, repo.today(), hired="  Pat   Kim ")
    assert [view.people[link.person_id].name for link in view.opportunity.people] == ["Pat Kim"]


def test_naming_another_hire_replaces_the_one_named_with_the_rejection(
    repo: Repository, home: Path
) -> None:
    """The rejection's hire can be changed later: one undoable action; the card keeps one
    hire, the open items and the drafts name the new one, the first stays among the people."""
    view = repo.add_interview(
        "Acme", "Dev", on=date(2026, 1, 15), people=[NewPerson("Jane Doe", Role.HIRING_MANAGER)]
    )
    repo.reject(view.card.id, date(2026, 1, 20), hired="Pat Kim")
    repo.close_items(view.card.id, [i.id for i in repo.find_card("acme").card.open_items])
    repo.settle()
    pat = fresh(home).find_person("Pat Kim")
    monitor = repo.find_card("acme")
    assert [(i.action, monitor.person_name(i)) for i in monitor.card.items] == [
        ("compare_background", "Pat Kim"),
        ("connect_hired", "Pat Kim"),
    ]

    _, lee, created = repo.add_person(view.card.id, "Lee Wu", Role.HIRED)
    assert created
    stored = fresh(home)
    after = stored.find_card("acme")
    assert after.opportunity.people_with(Role.HIRED) == [lee.id]
    assert after.opportunity.role_of(pat.id) is None
    assert pat.id in stored.snapshot().people  # still known, on no card
    assert [(i.action, after.person_name(i), i.status) for i in after.card.items] == [
        ("compare_background", "Lee Wu", ItemStatus.OPEN),
        ("connect_hired", "Lee Wu", ItemStatus.OPEN),
    ]
    assert after.template_context(after.card.items[1]).name == "Lee Wu"  # the drafts
    event = stored.card_events(view.card.id)[-1]
    assert event.data["replaced"] == [{"person": pat.id, "name": "Pat Kim"}]

    assert repo.undo() == "naming Lee Wu as the hire instead of Pat Kim on Acme"
    back = fresh(home).find_card("acme")
    assert back.opportunity.people_with(Role.HIRED) == [pat.id]
    assert [back.person_name(i) for i in back.card.items] == ["Pat Kim", "Pat Kim"]
    assert lee.id not in fresh(home).snapshot().people


def test_a_highlight_with_a_control_character_is_refused(repo: Repository, home: Path) -> None:
    view = repo.add_interview("Acme", "Dev")
    before = files(home)
    with pytest.raises(DomainError, match="highlight contains a control character"):
        repo.add_person(view.card.id, "Pat Kim", Role.HIRED, highlight="ex-\x1b[31mGoogle")
    assert files(home) == before


@pytest.mark.parametrize("outcome", ["reject", "ghosted"])
def test_a_hire_named_with_the_outcome_replaces_one_named_before(
    repo: Repository, home: Path, outcome: str
) -> None:
    view = repo.add_interview("Acme", "Dev", on=date(2026, 2, 2))
    repo.add_person(view.card.id, "Pat Kim", Role.HIRED)
    getattr(repo, outcome)(view.card.id, date(2026, 2, 20), hired="Lee Wu")
    after = fresh(home).find_card("acme")
    assert [after.people[p].name for p in after.opportunity.people_with(Role.HIRED)] == ["Lee Wu"]
