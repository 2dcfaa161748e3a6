"""One table of role words: the domain, the capture form and a CSV import accept the same ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from tracker.domain.capture import ROLE_WORDS, parse_person, parse_role
from tracker.domain.errors import DomainError
from tracker.domain.model import Role
from tracker.exchange import csvfile
from tracker.store.repo import Repository
from tracker.ui.capture import CaptureApp

SPELLINGS = [
    *ROLE_WORDS,
    "hiring_manager",
    "hiring-manager",
    "Hiring Manager",
    " HM ",
    "Recruiter",
    "hiring  manager",
]
UNKNOWN = ["boss", "ceo", "hiringmanager", "inter viewer"]


def test_every_role_has_a_word_and_every_value_is_a_word() -> None:
    assert set(ROLE_WORDS.values()) == set(Role)
    for role in Role:
        assert parse_role(role.value) is role


def test_the_empty_word_is_an_interviewer() -> None:
    assert parse_role("") is Role.INTERVIEWER
    assert parse_person("Ann").role is Role.INTERVIEWER


@pytest.mark.parametrize("word", SPELLINGS)
def test_the_domain_and_the_csv_import_accept_the_same_words(repo: Repository, word: str) -> None:
    role = parse_role(word)
    assert role is not None
    assert parse_person(f"Ann:{word}").role is role
    plan = csvfile.plan_csv(
        repo,
        Path("apps.csv"),
        f"company,role,interview date,people\nACME,Dev,2026-02-27,Ann:{word}\n",
    )
    assert plan.bad == []
    (row,) = plan.rows
    assert [link.role for link in row.opportunity.people] == [role]


@pytest.mark.parametrize("word", UNKNOWN)
def test_the_domain_and_the_csv_import_refuse_the_same_words(repo: Repository, word: str) -> None:
    assert parse_role(word) is None
    with pytest.raises(DomainError, match="unknown role"):
        parse_person(f"Ann:{word}")
    plan = csvfile.plan_csv(
        repo,
        Path("apps.csv"),
        f"company,role,interview date,people\nACME,Dev,2026-02-27,Ann:{word}\n",
    )
    assert plan.rows == []
    assert "is unknown" in plan.bad[0].reason


async def test_the_capture_form_accepts_every_word(repo: Repository) -> None:
    names = [f"P{n}" for n in range(len(SPELLINGS))]
    app = CaptureApp(repo, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"Acme", "tab", *"SRE")
        people = "; ".join(f"{name}:{word}" for name, word in zip(names, SPELLINGS, strict=True))
        app.query_one("#people", Input).value = people
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_value is not None and app.return_value.startswith("Added ")
    snap = Repository(repo.paths, repo.settings).snapshot()
    (opp,) = snap.opportunities.values()
    got = {snap.people[link.person_id].name: link.role for link in opp.people}
    assert got == {name: parse_role(word) for name, word in zip(names, SPELLINGS, strict=True)}
