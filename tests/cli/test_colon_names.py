"""A name with a colon: ``--with 'Dr. Who\\: PhD:interviewer'`` and ``--person NAME --role ROLE``.

The clock is Monday 2026-03-02 10:00 UTC (the autouse ``home`` fixture). What `tracker add`
wrote is read back through a second ``Repository`` (the ``repo`` fixture); refused input
prints one sentence, exits non-zero and writes nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tracker.domain.capture import parse_person, split_spec
from tracker.domain.errors import DomainError
from tracker.domain.model import Role
from tracker.domain.people import parse_link
from tracker.store.repo import Repository

from support.cli import fails, ok, run


@pytest.mark.parametrize(
    ("spec", "parts"),
    [
        ("Ana", ("Ana", "", "")),
        ("Ana:hm", ("Ana", "hm", "")),
        ("Ana:hm:talk at 10:30", ("Ana", "hm", "talk at 10:30")),
        ("Dr. Who\\: PhD", ("Dr. Who: PhD", "", "")),
        ("Dr. Who\\: PhD:interviewer", ("Dr. Who: PhD", "interviewer", "")),
        ("A\\:B\\:C:hm:x\\:y", ("A:B:C", "hm", "x:y")),
        ("C:\\ drive\\", ("C", "\\ drive\\", "")),  # a backslash not before a colon stays
    ],
)
def test_a_backslash_colon_is_a_colon_that_does_not_split(
    spec: str, parts: tuple[str, str, str]
) -> None:
    assert split_spec(spec) == parts


def test_with_and_person_add_read_the_escape_the_same_way() -> None:
    met = parse_person("Dr. Who\\: PhD:hm:Kafka: at scale")
    assert (met.name, met.role, met.highlight) == (
        "Dr. Who: PhD",
        Role.HIRING_MANAGER,
        "Kafka: at scale",
    )
    linked = parse_link("Dr. Who\\: PhD:hired")
    assert (linked.name, linked.role) == ("Dr. Who: PhD", Role.HIRED)


def test_an_unescaped_colon_in_a_name_is_refused_saying_how_to_write_it() -> None:
    with pytest.raises(DomainError) as caught:
        parse_person("Dr. Who: PhD")
    assert "unknown role 'PhD'" in str(caught.value)
    assert "a colon in a name is written \\:" in str(caught.value)
    with pytest.raises(DomainError, match=r"written \\:"):
        parse_link("Dr. Who: PhD")


def names_and_roles(repo: Repository) -> list[tuple[str, Role, str]]:
    fresh = Repository(repo.paths, repo.settings)
    snap = fresh.snapshot()
    (opp,) = snap.opportunities.values()
    return [
        (snap.people[link.person_id].name, link.role, snap.people[link.person_id].highlight)
        for link in opp.people
    ]


def test_add_with_an_escaped_colon_keeps_the_name_whole(capsys, repo: Repository) -> None:
    out = ok(capsys, "add", "Acme", "SRE", "--with", "Dr. Who\\: PhD:hm:Kafka: at scale")
    assert "Send a thank-you e-mail — Dr. Who: PhD" in out
    assert names_and_roles(repo) == [("Dr. Who: PhD", Role.HIRING_MANAGER, "Kafka: at scale")]


def test_add_person_with_role_and_highlight_in_order_among_with(capsys, repo: Repository) -> None:
    ok(
        capsys,
        *("add", "Acme", "SRE", "--with", "Bo:coordinator"),
        *("--person", "Dr. Who: PhD", "--role", "hiring manager", "--highlight", "Kafka: at scale"),
        *("--person", "Ann: Jr", "--with", "Cy"),
    )
    assert names_and_roles(repo) == [
        ("Bo", Role.COORDINATOR, ""),
        ("Dr. Who: PhD", Role.HIRING_MANAGER, "Kafka: at scale"),
        ("Ann: Jr", Role.INTERVIEWER, ""),  # --person takes the name as it is, colons too
        ("Cy", Role.INTERVIEWER, ""),
    ]


@pytest.mark.parametrize(
    ("argv", "code", "words"),
    [
        (("--with", "Dr. Who: PhD"), 1, "a colon in a name is written \\:"),
        (("--role", "hm"), 2, "--role: comes after the --person NAME it is for"),
        (("--with", "Ann", "--role", "hm"), 2, "--role: comes after the --person NAME"),
        (("--highlight", "x"), 2, "--highlight: comes after the --person NAME"),
        (("--person", "Ann", "--role", "hm", "--role", "hm"), 2, "is given twice for --person"),
        (("--person", "Ann", "--role", "ceo"), 1, "--person 'Ann' has an unknown role 'ceo'"),
        (("--person", "Ann", "--role", "hired"), 1, "is not someone you met at the interview"),
        (("--person", "  "), 1, "--person '  ' is not a name: it is empty"),
    ],
)
def test_bad_people_are_one_sentence_and_write_nothing(
    capsys, home: Path, argv: tuple[str, ...], code: int, words: str
) -> None:
    err = fails(capsys, "add", "Acme", "SRE", *argv, code=code)
    assert words in err
    assert err.count(". ") == 0 or "Dr. Who" in err  # one sentence
    assert not (home / "tracker.json").exists() and not (home / "events.jsonl").exists()


def test_help_documents_both_forms(capsys) -> None:
    code, out, _ = run(capsys, "add", "--help")
    assert code == 0
    flat = " ".join(out.split())
    assert "a colon in NAME is written \\: ('Ana Lima\\: PhD:interviewer')" in flat
    assert "--person NAME" in flat and "--role ROLE" in flat and "--highlight TEXT" in flat
