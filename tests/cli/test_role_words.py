"""One table of role words: the domain, `--with`, the capture form and a CSV import read the
same words. `--with` and the forms take the people met at the interview (MET_ROLES); a
referral and the person hired have their own fields there, while a CSV import takes any role."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from tracker.domain.capture import MET_ROLES, ROLE_WORDS, parse_person, parse_role
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
MET = [word for word in SPELLINGS if parse_role(word) in MET_ROLES]
NOT_MET = [word for word in SPELLINGS if parse_role(word) not in MET_ROLES]


def test_some_words_name_roles_that_are_not_met_at_an_interview() -> None:
    """Otherwise the tests of the refusal below would test nothing."""
    assert NOT_MET == ["referral", "hired"]


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
    if role in MET_ROLES:
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


@pytest.mark.parametrize("word", NOT_MET)
def test_with_and_the_forms_refuse_a_referral_or_the_hire(word: str, capsys) -> None:
    with pytest.raises(DomainError, match="not someone you met at the interview"):
        parse_person(f"Ann:{word}")
    from support.cli import fails

    err = fails(capsys, "add", "Acme", "Dev", "--with", f"Ann:{word}")
    assert "has a field of its own" in err
    assert "interviewer, hiring_manager, coordinator or recruiter" in err


@pytest.mark.parametrize("word", MET)
def test_with_accepts_the_same_words_as_the_forms(word: str, capsys, repo: Repository) -> None:
    from support.cli import ok

    ok(capsys, "add", "Acme", "Dev", "--with", f"Ann:{word}")
    snap = Repository(repo.paths, repo.settings).snapshot()
    (opp,) = snap.opportunities.values()
    assert [link.role for link in opp.people] == [parse_role(word)]


async def test_the_capture_form_accepts_every_word_of_a_met_role(repo: Repository) -> None:
    names = [f"P{n}" for n in range(len(MET))]
    app = CaptureApp(repo, blink=False)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"Acme", "tab", *"SRE")
        people = "; ".join(f"{name}:{word}" for name, word in zip(names, MET, strict=True))
        app.query_one("#people", Input).value = people
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_value is not None and app.return_value.startswith("Added ")
    snap = Repository(repo.paths, repo.settings).snapshot()
    (opp,) = snap.opportunities.values()
    got = {snap.people[link.person_id].name: link.role for link in opp.people}
    assert got == {name: parse_role(word) for name, word in zip(names, MET, strict=True)}
