"""`tracker person`, `people`, `hired`, `ghosted --hired`, and the decision-by date in `show`.

The clock is Monday 2026-03-02 10:00 UTC (the autouse ``home`` fixture). Every command's
effect is read back through a second ``Repository`` (the ``repo`` fixture); refused input
prints one sentence, exits non-zero and leaves the files as they were.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tracker.domain.model import ItemStatus, Role, Stage
from tracker.store.repo import Repository

from support.cli import fails, ok


def add(capsys: pytest.CaptureFixture[str], company: str, *extra: str) -> dict[str, Any]:
    return json.loads(ok(capsys, "add", company, "Backend Engineer", *extra, "--json"))


def monitor_card(capsys: pytest.CaptureFixture[str], company: str = "Acme") -> dict[str, Any]:
    """A card rejected on 2026-01-20 whose Feedback is done: Monitor starts today."""
    card = add(capsys, company, "--with", "Jane Doe:hiring_manager", "--on", "2026-01-15")
    ok(capsys, "reject", company, "--on", "2026-01-20")
    ok(capsys, "done", company, "all")
    ok(capsys, "list")  # the passing of time: Monitor starts today
    return card


def files(home: Path) -> tuple[bytes, bytes]:
    return (home / "tracker.json").read_bytes(), (home / "events.jsonl").read_bytes()


def person_named(repo: Repository, name: str):  # type: ignore[no-untyped-def]
    (person,) = [p for p in repo.snapshot().people.values() if p.name == name]
    return person


# --- hired ------------------------------------------------------------------------------


def test_hired_names_the_hire_and_monitor_points_at_them(capsys, repo: Repository) -> None:
    card = monitor_card(capsys)
    out = ok(capsys, "hired", "acme", "Pat", "Kim")
    assert out == (
        f"Added Pat Kim to Acme (Backend Engineer) as hired; next on {card['short_id']}: "
        "Compare their background with yours — Pat Kim, 11d late, deadline in 19d.\n"
    )
    view = repo.find_card(card["id"])
    pat = person_named(repo, "Pat Kim")
    assert view.opportunity.role_of(pat.id) is Role.HIRED
    assert pat.company == "Acme"
    assert [(i.action, i.person_id, i.status) for i in view.card.items] == [
        ("find_hired", None, ItemStatus.DONE),
        ("compare_background", pat.id, ItemStatus.OPEN),
        ("connect_hired", pat.id, ItemStatus.OPEN),
    ]
    assert ok(capsys, "undo") == "Undid: adding Pat Kim to Acme.\n"
    view = repo.find_card(card["id"])
    assert view.opportunity.people_with(Role.HIRED) == []
    assert [i.person_id for i in view.card.items] == [None, None, None]


def test_a_hire_named_during_feedback_is_in_monitor_when_it_starts(capsys, repo) -> None:
    card = add(capsys, "Acme", "--with", "Jane Doe:hiring_manager", "--on", "2026-01-15")
    ok(capsys, "reject", "acme", "--on", "2026-01-20")
    ok(capsys, "hired", "acme", "Pat Kim")
    ok(capsys, "done", "acme", "all")
    ok(capsys, "list")
    view = repo.find_card(card["id"])
    assert view.card.stage is Stage.MONITOR
    assert [(i.action, view.person_name(i)) for i in view.card.items] == [
        ("compare_background", "Pat Kim"),
        ("connect_hired", "Pat Kim"),
    ]


def test_hired_after_a_rejection_that_named_someone_replaces_them(capsys, repo) -> None:
    card = add(capsys, "Acme", "--on", "2026-02-02")
    ok(capsys, "reject", "acme", "--on", "2026-02-20", "--hired", "Pat Kim")
    out = ok(capsys, "hired", "acme", "Lee Wu")
    assert out.startswith(
        "Added Lee Wu to Acme (Backend Engineer) as hired instead of Pat Kim "
        "(undo puts them back); next on "
    )
    view = repo.find_card(card["id"])
    assert [view.people[p].name for p in view.opportunity.people_with(Role.HIRED)] == ["Lee Wu"]
    assert ok(capsys, "undo") == "Undid: naming Lee Wu as the hire instead of Pat Kim on Acme.\n"
    view = repo.find_card(card["id"])
    assert [view.people[p].name for p in view.opportunity.people_with(Role.HIRED)] == ["Pat Kim"]


def test_ghosted_takes_the_hire_like_reject(capsys, repo: Repository) -> None:
    card = add(capsys, "Acme", "--on", "2026-02-02")
    out = ok(capsys, "ghosted", "acme", "--on", "yesterday", "--hired", "Pat Kim")
    assert out.startswith("Marked ghosted on Sun 2026-03-01. Now ")
    view = repo.find_card(card["id"])
    assert view.card.stage is Stage.MONITOR
    assert [(i.action, view.person_name(i)) for i in view.card.items] == [
        ("compare_background", "Pat Kim"),
        ("connect_hired", "Pat Kim"),
    ]


# --- person add ---------------------------------------------------------------------------


def test_person_add_takes_any_role_at_any_stage(capsys, repo: Repository) -> None:
    card = add(capsys, "Acme", "--with", "Jane Doe:hiring_manager")
    out = ok(capsys, "person", "add", "acme", "Ana Ruiz:referral:introduced me at PyCon")
    assert out.startswith("Added Ana Ruiz to Acme (Backend Engineer) as referral; next on ")
    ok(capsys, "person", "add", "acme", "Sam Lee:interviewer", "--title", "Staff Engineer")
    ok(capsys, "reject", "acme")
    ok(capsys, "person", "add", card["id"][:6], "Pat Kim:hired")

    view = repo.find_card(card["id"])
    roles = {view.people[x.person_id].name: x.role for x in view.opportunity.people}
    assert roles == {
        "Jane Doe": Role.HIRING_MANAGER,
        "Ana Ruiz": Role.REFERRAL,
        "Sam Lee": Role.INTERVIEWER,
        "Pat Kim": Role.HIRED,
    }
    assert person_named(repo, "Ana Ruiz").highlight == "introduced me at PyCon"
    assert person_named(repo, "Sam Lee").title == "Staff Engineer"
    # Feedback asks the referral and the interviewer added earlier.
    assert [(i.action, view.person_name(i)) for i in view.card.items] == [
        ("reply_thanks", "Jane Doe"),
        ("ask_feedback", "Sam Lee"),
        ("ask_referral", "Ana Ruiz"),
    ]


def test_an_interviewer_added_during_thank_you_gets_their_items(capsys, repo) -> None:
    card = add(capsys, "Acme", "--with", "Jane Doe:hiring_manager")
    ok(capsys, "person", "add", "acme", "Sam Lee")
    view = repo.find_card(card["id"])
    assert [(i.action, view.person_name(i)) for i in view.card.items][-3:] == [
        ("thank_email", "Sam Lee"),
        ("thank_note", "Sam Lee"),
        ("linkedin", "Sam Lee"),
    ]


def test_the_same_person_on_two_cards(capsys, repo: Repository) -> None:
    add(capsys, "Acme", "--with", "Ana Ruiz:recruiter")
    globex = add(capsys, "Globex")
    out = ok(capsys, "person", "add", "globex", "ana ruiz:recruiter")
    ana = person_named(repo, "Ana Ruiz")
    assert out.startswith(
        f"Added Ana Ruiz ({ana.id[:6]}, Acme, already known; --new adds someone else) to Globex"
    )
    assert len(repo.snapshot().people) == 1
    assert repo.find_card(globex["id"]).opportunity.role_of(ana.id) is Role.RECRUITER
    ok(capsys, "person", "add", "globex", "Ana Ruiz:interviewer", "--new")
    assert len(repo.snapshot().people) == 2


# --- person, people -----------------------------------------------------------------------


def test_person_edits_and_shows_one_person(capsys, repo: Repository, home: Path) -> None:
    card = add(capsys, "Acme", "--with", "Jane Doe:hiring_manager:their Postgres migration")
    out = ok(
        capsys,
        "person",
        "jane doe",
        "--title",
        "VP Engineering",
        "--email",
        "jane@acme.com",
        "--linkedin",
        "https://www.linkedin.com/in/janedoe",
        "--note",
        "Met at the onsite",
    )
    assert out == "Updated Jane Doe: e-mail, LinkedIn, notes, title.\n"
    jane = person_named(repo, "Jane Doe")
    assert (jane.title, jane.email, jane.linkedin, jane.notes) == (
        "VP Engineering",
        "jane@acme.com",
        "https://www.linkedin.com/in/janedoe",
        "Met at the onsite",
    )

    before = files(home)
    out = ok(capsys, "person", jane.id[:4], "--title", "VP Engineering")
    assert out == "Jane Doe already has those details; nothing changed.\n"
    assert files(home) == before

    out = ok(capsys, "person", "Jane", "Doe")
    assert out.splitlines() == [
        f"{jane.id[:6]}  Jane Doe",
        "  title: VP Engineering",
        "  company: Acme",
        "  e-mail: jane@acme.com",
        "  LinkedIn: https://www.linkedin.com/in/janedoe",
        "  highlight: their Postgres migration",
        "  notes: Met at the onsite",
        "  cards:",
        f"    {card['short_id']} Acme (Backend Engineer): hiring_manager; Thank-you · active · today",
        "  keep in touch: default (every 90d)",
    ]
    shown = json.loads(ok(capsys, "person", "jane doe", "--json"))
    assert shown["email"] == "jane@acme.com"
    assert shown["cards"] == [
        {
            "id": card["id"],
            "short_id": card["short_id"],
            "company": "Acme",
            "role": "Backend Engineer",
            "person_role": "hiring_manager",
            "stage": "thank_you",
            "state": "active",
        }
    ]
    assert ok(capsys, "undo") == "Undid: the edit of Jane Doe.\n"
    assert person_named(repo, "Jane Doe").email == ""


def test_people_lists_everyone_with_roles_and_cards(capsys) -> None:
    acme = add(capsys, "Acme", "--with", "Ana Ruiz:recruiter", "--with", "Sam Lee")
    globex = add(capsys, "Globex", "--referral", "Bo Chen")
    ok(capsys, "person", "add", "globex", "Ana Ruiz:recruiter")
    ok(capsys, "person", "Ana Ruiz", "--title", "Talent Partner")
    ok(capsys, "offer", "globex")
    lines = ok(capsys, "people").splitlines()
    assert [line.split("  ", 1)[1] for line in lines] == [
        "Ana Ruiz — Talent Partner, Acme: recruiter on "
        f"{acme['short_id']} Acme (Backend Engineer); "
        f"recruiter on {globex['short_id']} Globex (Backend Engineer, done)",
        f"Bo Chen: referral on {globex['short_id']} Globex (Backend Engineer, done)",
        f"Sam Lee — Acme: interviewer on {acme['short_id']} Acme (Backend Engineer)",
    ]
    only = json.loads(ok(capsys, "people", "--company", "GLOBEX", "--json"))
    assert [p["name"] for p in only] == ["Ana Ruiz", "Bo Chen"]
    assert only[0]["title"] == "Talent Partner"
    assert ok(capsys, "people", "--company", "Initech") == (
        "Nobody at 'Initech'; `tracker people` lists everyone.\n"
    )


def test_people_with_nobody_yet(capsys) -> None:
    assert ok(capsys, "people").startswith("No people yet.")
    assert json.loads(ok(capsys, "people", "--json")) == []


# --- the decision-by date -----------------------------------------------------------------


def test_show_says_the_decision_by_date(capsys) -> None:
    add(capsys, "Acme", "--decision-by", "fri")
    out = ok(capsys, "show", "acme")
    assert "  interview: Mon 2026-03-02; decision by Fri 2026-03-06; outcome: pending" in out
    assert json.loads(ok(capsys, "show", "acme", "--json"))["decision_by"] == "2026-03-06"
    add(capsys, "Globex")
    assert "decision by" not in ok(capsys, "show", "globex")
    assert json.loads(ok(capsys, "show", "globex", "--json"))["decision_by"] is None


# --- bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["hired", "initech", "Pat Kim"], "no card matches 'initech'"),
        (["hired", "acme", "Pat Kim"], "'acme' matches 2 cards"),
        (["hired", "acme one", " "], "the person's name is empty"),
        (["person", "add", "acme one", ":hired"], "the person's name is empty"),
        (["person", "add", "acme one", "Pat:ceo"], "unknown role 'ceo'"),
        (["person", "add", "nowhere", "Pat"], "no card matches 'nowhere'"),
        (["person", "add", "acme one"], "needs a card and a name"),
        (["person", "Nobody", "--title", "x"], "no person is called 'Nobody'"),
        (["person", "sam lee"], "'sam lee' matches 2 people"),
        (["person", "Jane Doe", "--linkedin", "linkedin.com/in/jane"], "http:// or https://"),
        (["person", "Jane Doe", "--linkedin", "ftp://x.org/jane"], "http:// or https://"),
        (["person", "Jane Doe", "--email", "jane.acme.com"], "not an e-mail address"),
        (
            ["person", "add", "acme one", "Pat:hired", "--email", "pat"],
            "not an e-mail address",
        ),
        (["person", "Jane Doe", "--title", "\x1b]0;pwned\x07"], "control character"),
        (["person", "add", "acme one", "Pat\x1b[2J"], "control character"),
        (["hired", "acme one", "Pat\x07"], "control character"),
        (["reject", "acme one", "--hired", ""], "the person's name is empty"),
        (["ghosted", "acme one", "--hired", "\x1b[31mPat"], "control character"),
        (["person", "Jane Doe", "--new"], "--new goes with"),
    ],
)
def test_bad_input_is_one_sentence_and_writes_nothing(
    capsys, home: Path, argv: list[str], words: str
) -> None:
    add(capsys, "Acme One", "--with", "Jane Doe:hiring_manager", "--with", "Sam Lee")
    add(capsys, "Acme Two", "--with", "Sam Lee")
    before = files(home)
    err = fails(capsys, *argv)
    assert words in err
    assert files(home) == before


def test_an_ambiguous_person_lists_the_matches(capsys, repo: Repository) -> None:
    add(capsys, "Acme", "--with", "Sam Lee")
    add(capsys, "Globex", "--with", "Sam Lee")
    err = fails(capsys, "person", "SAM LEE")
    ids = sorted(p.id[:6] for p in repo.snapshot().people.values())
    assert err == (
        f"tracker: 'SAM LEE' matches 2 people: {ids[0]} Sam Lee ({_company(repo, ids[0])}); "
        f"{ids[1]} Sam Lee ({_company(repo, ids[1])}); use more of the id.\n"
    )


def _company(repo: Repository, short: str) -> str:
    return next(p.company for p in repo.snapshot().people.values() if p.id.startswith(short))


def test_same_person_same_role_twice_is_refused(capsys, home: Path) -> None:
    add(capsys, "Acme", "--with", "Sam Lee")
    before = files(home)
    err = fails(capsys, "person", "add", "acme", "sam lee:interviewer")
    assert err == "tracker: Sam Lee is already on Acme as interviewer.\n"
    assert files(home) == before
