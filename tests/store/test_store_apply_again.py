"""Apply again: a new interview at a company already interviewed at follows the earlier
opportunities there (``Opportunity.earlier``), and the people already known there can be
linked to it as interviewers, their records reused."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.capture import NewPerson
from tracker.domain.errors import DomainError
from tracker.domain.model import Opportunity, Role
from tracker.store.repo import Repository


def rejected_at_acme(repo: Repository) -> tuple[str, dict[str, str]]:
    view = repo.add_interview(
        "Acme",
        "Engineer",
        on=date(2026, 1, 10),
        people=[NewPerson("Jane Doe", Role.HIRING_MANAGER), NewPerson("Bob Smith")],
    )
    repo.reject(view.card.id, date(2026, 1, 20))
    return view.opportunity.id, {p.name: p.id for p in view.people.values()}


def test_earlier_is_kept_and_dropped_from_the_document_when_empty() -> None:
    opp = Opportunity("o1", "Acme", "Eng", [date(2026, 1, 1)], "2026-01-01T00:00:00")
    assert "earlier" not in opp.to_doc()
    opp.earlier = ["o0"]
    doc = opp.to_doc()
    assert doc["earlier"] == ["o0"]
    assert Opportunity.from_doc(doc).earlier == ["o0"]


def test_a_malformed_earlier_is_refused() -> None:
    doc = Opportunity("o1", "Acme", "Eng", [date(2026, 1, 1)], "x").to_doc()
    doc["earlier"] = "o0"
    with pytest.raises(TypeError, match="earlier"):
        Opportunity.from_doc(doc)


def test_earlier_at_matches_the_company_as_the_prep_page_does(repo: Repository) -> None:
    first, _ = rejected_at_acme(repo)
    second = repo.add_interview("ACME ", "SRE", on=date(2026, 2, 1)).opportunity.id
    repo.add_interview("Acme Corp", "Eng")
    assert repo.earlier_at("  acme") == [first, second]
    assert repo.earlier_at("Globex") == []


def test_a_new_interview_follows_the_earlier_ones_and_reuses_the_people(
    repo: Repository,
) -> None:
    first, ids = rejected_at_acme(repo)
    assert [p.name for p in repo.known_at("acme")] == ["Bob Smith", "Jane Doe"]
    view = repo.add_interview(
        "Acme",
        "Staff Engineer",
        people=[NewPerson("Ann Bo"), NewPerson("jane  doe", Role.HIRING_MANAGER, "roadmap")],
        earlier=repo.earlier_at("Acme"),
        known=[ids["Jane Doe"], ids["Bob Smith"], ids["Bob Smith"]],
    )
    second = Repository(repo.paths, repo.settings).snapshot()
    opp = second.opportunities[view.opportunity.id]
    assert opp.earlier == [first]
    links = [(second.people[x.person_id].name, x.role) for x in opp.people]
    assert links == [
        ("Ann Bo", Role.INTERVIEWER),
        ("Jane Doe", Role.HIRING_MANAGER),
        ("Bob Smith", Role.INTERVIEWER),
    ]
    assert len(second.people) == 3  # Jane and Bob are the same records, not new ones
    assert second.people[ids["Jane Doe"]].highlight == "roadmap"
    card = second.cards[view.card.id]
    assert {i.person_id for i in card.items} >= {ids["Jane Doe"], ids["Bob Smith"]}


def test_undo_takes_the_new_interview_back_and_leaves_the_people(repo: Repository) -> None:
    _, ids = rejected_at_acme(repo)
    view = repo.add_interview(
        "Acme", "Staff", earlier=repo.earlier_at("Acme"), known=[ids["Bob Smith"]]
    )
    repo.undo()
    snap = Repository(repo.paths, repo.settings).snapshot()
    assert view.opportunity.id not in snap.opportunities
    assert set(snap.people) == set(ids.values())


def test_an_earlier_interview_or_person_that_is_gone_is_refused(repo: Repository) -> None:
    _, ids = rejected_at_acme(repo)
    before = repo.snapshot()
    with pytest.raises(DomainError, match="earlier interview"):
        repo.add_interview("Acme", "Staff", earlier=["nope"])
    with pytest.raises(DomainError, match="no longer exists"):
        repo.add_interview("Acme", "Staff", known=["nope"])
    after = Repository(repo.paths, repo.settings).snapshot()
    assert set(after.opportunities) == set(before.opportunities)
    assert set(after.people) == set(ids.values())


def test_the_company_questions_follow_each_commit_of_a_long_lived_repository(
    repo: Repository,
) -> None:
    """The board asks earlier_at/known_at/find_interview of one repository for its whole
    life; the answer read once must not be kept past a commit (which changes the same
    data in place), nor past another process's write."""
    assert repo.earlier_at("Acme") == [] and repo.known_at("Acme") == []
    first, ids = rejected_at_acme(repo)
    assert repo.earlier_at("Acme") == [first]
    assert {p.id for p in repo.known_at("Acme")} == set(ids.values())
    twin = repo.find_interview("acme", "engineer", date(2026, 1, 10))
    assert twin is not None and twin[1].id == first
    other = Repository(repo.paths, repo.settings)  # another process
    second = other.add_interview("ACME", "SRE", people=[NewPerson("Ann Bo")]).opportunity.id
    assert repo.earlier_at("acme") == [first, second]
    assert "Ann Bo" in [p.name for p in repo.known_at("Acme")]
    repo.undo()
    assert repo.earlier_at("Acme") == [first]
    assert repo.find_interview("Acme", "SRE", repo.today()) is None


def test_the_company_answer_keeps_no_copy_of_the_state_and_is_not_used_in_a_transaction(
    repo: Repository,
) -> None:
    """The kept answer must not hold the data it was read from alive (the board would keep
    two copies of the whole state after another process's write), and a transaction sees
    what it put itself."""
    import gc
    import weakref

    first, _ = rejected_at_acme(repo)
    assert repo.earlier_at("Acme") == [first]

    class Probe(dict):  # type: ignore[type-arg]
        pass

    data = repo.db.data()
    probe = Probe(data)
    repo.db.storage._cache = probe  # the same data, in an object a weak reference can follow
    assert repo.earlier_at("Acme") == [first]
    gone = weakref.ref(probe)
    repo.db.storage.invalidate()
    del probe
    gc.collect()
    assert gone() is None
    assert repo.earlier_at("Acme") == [first]  # kept for the data as it is now

    class Abandon(Exception):
        pass

    with pytest.raises(Abandon), repo.db.transaction() as txn:
        doc = Opportunity("o9", "ACME", "SRE", [date(2026, 2, 1)], "2026-02-01T00:00:00").to_doc()
        txn.put("opportunities", doc)
        assert "o9" in repo.earlier_at("Acme")  # its own put, not the answer kept before
        raise Abandon  # nothing is committed
    assert repo.earlier_at("Acme") == [first]
