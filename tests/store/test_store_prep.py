"""The store's side of the prep page: every interaction not undone, read from the log
alone; the page built from the records, the lessons and today, and nothing written."""

from __future__ import annotations

from pathlib import Path

from tracker.domain.capture import NewPerson
from tracker.domain.model import Role
from tracker.domain.templates import DEFAULTS
from tracker.store.repo import Repository


def test_all_interactions_leave_out_the_undone_ones(repo: Repository) -> None:
    acme = repo.add_interview("Acme", "Eng", people=[NewPerson("Jane Doe", Role.INTERVIEWER)])
    globex = repo.add_interview("Globex", "SRE", people=[NewPerson("Ann Bo", Role.INTERVIEWER)])
    (jane,) = acme.people
    (ann,) = globex.people
    repo.log_reply(acme.card.id, jane, "first")
    repo.note_interaction(globex.card.id, ann, "learn Go", "advice")
    repo.log_reply(acme.card.id, jane, "second")
    repo.undo()
    said = repo.all_interactions()
    assert [(i.person_id, i.kind, i.text) for i in said] == [
        (jane, "reply", "first"),
        (ann, "advice", "learn Go"),
    ]


def test_the_page_is_a_read(repo: Repository, home: Path) -> None:
    repo.add_interview("Acme", "Eng", people=[NewPerson("Jane Doe", Role.INTERVIEWER)])
    before = {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()}
    page = repo.prep_page("ACME", DEFAULTS)
    assert page.upcoming is not None and page.upcoming.role == "Eng"
    assert [k.person.name for k in page.people] == ["Jane Doe"]
    assert {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()} == before


def test_the_page_shows_the_cards_as_time_leaves_them_without_writing(
    repo: Repository, home: Path
) -> None:
    from datetime import UTC, date, datetime

    from tracker import clock

    view = repo.add_interview("Acme", "Eng", on=date(2026, 2, 20))
    repo.snooze(view.card.id, date(2026, 3, 4))
    assert repo.prep_page("acme", DEFAULTS).upcoming.where == "Thank-you (snoozed)"  # type: ignore[union-attr]
    clock.set_now(datetime(2026, 3, 5, 10, 0, tzinfo=UTC))
    before = {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()}
    assert repo.prep_page("acme", DEFAULTS).upcoming.where == "Thank-you"  # type: ignore[union-attr]
    assert {p.name: p.read_bytes() for p in home.iterdir() if p.is_file()} == before


def test_the_page_shows_the_earlier_interviews_the_next_one_follows(repo: Repository) -> None:
    from datetime import date

    from tracker.domain.prep import lines

    first = repo.add_interview("Acme", "Engineer", on=date(2026, 1, 10))
    repo.reject(first.card.id, date(2026, 1, 20))
    repo.add_interview("ACME", "Staff Engineer", earlier=repo.earlier_at("acme"))
    page = repo.prep_page("acme", DEFAULTS)
    assert [past.role for past in page.follows] == ["Engineer"]
    assert page.to_json()["follows"][0]["outcome"] == "rejected"
    text = [text for _, text in lines(page)]
    assert text[2] == "Earlier at ACME: Engineer, interviewed Sat 2026-01-10, rejected."


def test_an_interview_not_linked_shows_no_earlier_line(repo: Repository) -> None:
    from datetime import date

    from tracker.domain.prep import lines

    first = repo.add_interview("Acme", "Engineer", on=date(2026, 1, 10))
    repo.reject(first.card.id, date(2026, 1, 20))
    repo.add_interview("Acme", "Staff Engineer")
    page = repo.prep_page("acme", DEFAULTS)
    assert page.follows == ()
    assert not any(text.startswith("Earlier at") for _, text in lines(page))
