"""`tracker reply`, `tracker note`, interactions in `show` and their undo.

The clock is Monday 2026-03-02 10:00 UTC (the autouse ``home`` fixture). What each command
wrote is read back through a second ``Repository`` (the ``repo`` fixture); refused input
prints one sentence, exits non-zero and leaves the files as they were.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tracker.domain.model import ItemStatus
from tracker.domain.people import MAX_SAID
from tracker.store.repo import Repository

from support.cli import fails, ok


def rejected_card(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """Acme, interviewed by Pat Kim with Lee Wu as hiring manager, rejected today:
    Pat Kim has an open "ask for feedback"."""
    card: dict[str, Any] = json.loads(
        ok(
            capsys,
            *("add", "Acme", "Eng", "--with", "Pat Kim", "--with", "Lee Wu:hiring_manager"),
            *("--on", "2026-02-27", "--json"),
        )
    )
    ok(capsys, "reject", "acme", "--on", "today")
    return card


def files(home: Path) -> tuple[bytes, bytes]:
    return (home / "tracker.json").read_bytes(), (home / "events.jsonl").read_bytes()


def said(repo: Repository, card_id: str) -> list[tuple[str, str, str, str]]:
    view = repo.find_card(card_id)
    return [
        (view.people[x.person_id].name, x.day.isoformat(), x.kind, x.text)
        for x in repo.interactions(card_id)
    ]


def test_a_reply_to_an_ask_for_feedback_is_feedback_and_done_completes_it(
    capsys, repo: Repository
) -> None:
    card = rejected_card(capsys)
    out = ok(capsys, "reply", "acme", "pat kim", "System", "design", "was", "thin", "--done")
    assert out.startswith("Logged feedback from Pat Kim on Acme (Eng); “Ask for feedback")
    assert said(repo, card["id"]) == [
        ("Pat Kim", "2026-03-02", "feedback", "System design was thin")
    ]
    (ask,) = [i for i in repo.find_card(card["id"]).card.items if i.action == "ask_feedback"]
    assert ask.status is ItemStatus.DONE
    (event,) = [e for e in repo.events() if e.type == "reply_logged"]
    assert event.data["done"] == [ask.id] and event.data["kind"] == "feedback"


def test_a_reply_without_done_leaves_the_ask_open_and_text_is_optional(
    capsys, repo: Repository
) -> None:
    card = rejected_card(capsys)
    ok(capsys, "reply", "acme", "Pat Kim")
    ok(capsys, "reply", "acme", "Lee Wu", "Thanks, will keep you in mind")
    assert said(repo, card["id"]) == [
        ("Pat Kim", "2026-03-02", "feedback", ""),
        ("Lee Wu", "2026-03-02", "reply", "Thanks, will keep you in mind"),
    ]
    (ask,) = [i for i in repo.find_card(card["id"]).card.items if i.action == "ask_feedback"]
    assert ask.is_open


def test_a_reply_cancels_that_persons_nudges(capsys, repo: Repository) -> None:
    card = json.loads(
        ok(
            capsys,
            "add",
            "Acme",
            "Eng",
            "--with",
            "Sam Roe:recruiter",
            "--on",
            "2026-01-05",
            "--json",
        )
    )
    ok(capsys, "done", "acme", "all")
    view = repo.find_card(card["id"])
    checks = [i for i in view.card.open_items if i.action == "status_check"]
    out = ok(capsys, "reply", "acme", "Sam Roe", "Still deciding")
    assert checks
    assert "; 1 nudge cancelled;" in out
    items = {i.id: i for i in repo.find_card(card["id"]).card.items}
    assert all(items[i.id].reason == "reply received" for i in checks)
    assert said(repo, card["id"]) == [("Sam Roe", "2026-03-02", "reply", "Still deciding")]


def test_note_logs_a_kind_and_cancels_nothing(capsys, repo: Repository) -> None:
    card = rejected_card(capsys)
    out = ok(capsys, "note", "acme", "Lee Wu", "--kind", "advice", "Learn", "Kafka")
    assert out == "Noted advice about Lee Wu on Acme (Eng).\n"
    ok(capsys, "note", "acme", "Lee Wu", "Met at a meetup")
    assert said(repo, card["id"]) == [
        ("Lee Wu", "2026-03-02", "advice", "Learn Kafka"),
        ("Lee Wu", "2026-03-02", "note", "Met at a meetup"),
    ]
    assert all(i.is_open for i in repo.find_card(card["id"]).card.items)


def test_show_lists_each_persons_interactions_and_json_has_them(capsys) -> None:
    rejected_card(capsys)
    ok(capsys, "reply", "acme", "Pat Kim", "Good\nbut slow", "--done")
    ok(capsys, "note", "acme", "Lee Wu", "--kind", "meeting", "Coffee")
    out = ok(capsys, "show", "acme")
    assert (
        "  Pat Kim said:\n    Mon 2026-03-02 feedback: Good\n        but slow\n"
        "  Lee Wu said:\n    Mon 2026-03-02 meeting: Coffee\n"
    ) in out
    shape = json.loads(ok(capsys, "show", "acme", "--json"))
    assert [p["interactions"] for p in shape["people"]] == [
        [{"day": "2026-03-02", "kind": "feedback", "text": "Good\nbut slow"}],
        [{"day": "2026-03-02", "kind": "meeting", "text": "Coffee"}],
    ]


def test_undo_takes_an_interaction_back(capsys, repo: Repository) -> None:
    card = rejected_card(capsys)
    ok(capsys, "reply", "acme", "Pat Kim", "Fine", "--done")
    out = ok(capsys, "undo")
    assert out == "Undid: the feedback from Pat Kim on Acme.\n"
    assert said(repo, card["id"]) == []
    (ask,) = [i for i in repo.find_card(card["id"]).card.items if i.action == "ask_feedback"]
    assert ask.is_open
    ok(capsys, "note", "acme", "Lee Wu", "Hi")
    assert ok(capsys, "undo") == "Undid: the note about Lee Wu on Acme.\n"
    assert said(repo, card["id"]) == []


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("reply", "nosuch", "Pat Kim"), "no card matches"),
        (("reply", "acme", "Nobody"), "no person is called"),
        (("reply", "acme", "Zed Hire"), "Zed Hire is not on Acme (Eng)"),
        (("reply", "acme", "Pat Kim", "bad\x1b[31m"), "control character"),
        (("reply", "acme", "Pat Kim", "x" * (MAX_SAID + 1)), "characters long"),
        (("reply", "acme", "Lee Wu", "--done"), "has no open"),
        (("note", "acme", "Pat Kim", "--kind", "gossip", "hi"), "not a kind of interaction"),
        (("note", "acme", "Pat Kim", " "), "the note is empty"),
        (("note", "acme", "Pat Kim", "a\x07b"), "control character"),
    ],
)
def test_bad_input_is_one_sentence_and_writes_nothing(
    capsys, home: Path, argv: tuple[str, ...], words: str
) -> None:
    rejected_card(capsys)
    ok(capsys, "add", "Other", "Eng", "--with", "Zed Hire")
    before = files(home)
    assert words in fails(capsys, *argv)
    assert files(home) == before


def test_interactions_survive_a_json_export_and_import(capsys, tmp_path: Path) -> None:
    rejected_card(capsys)
    ok(capsys, "reply", "acme", "Pat Kim", "Line one\nline two", "--done")
    ok(capsys, "note", "acme", "Lee Wu", "--kind", "advice", "Learn Kafka")
    dump = tmp_path / "all.json"
    ok(capsys, "export", "--format", "json", "--out", str(dump))
    other = tmp_path / "other"
    ok(capsys, "import", str(dump), "--home", str(other))
    shape = json.loads(ok(capsys, "show", "acme", "--json", "--home", str(other)))
    assert [p["interactions"] for p in shape["people"]] == [
        [{"day": "2026-03-02", "kind": "feedback", "text": "Line one\nline two"}],
        [{"day": "2026-03-02", "kind": "advice", "text": "Learn Kafka"}],
    ]


def test_options_may_come_before_the_words(capsys, repo: Repository) -> None:
    """`tracker reply acme "Pat Kim" --done "System design was thin"`: the words after an
    option are still what they said (argparse alone refused them as "unrecognized
    arguments", found by the long-game test); so for `tracker done CARD --skip ... 2`."""
    card = rejected_card(capsys)
    ok(capsys, "reply", "acme", "pat kim", "--done", "System design was thin")
    assert said(repo, card["id"]) == [
        ("Pat Kim", "2026-03-02", "feedback", "System design was thin")
    ]
    (ask,) = [i for i in repo.find_card(card["id"]).card.items if i.action == "ask_feedback"]
    assert ask.status is ItemStatus.DONE
    ok(capsys, "note", "acme", "lee wu", "--kind", "advice", "Practise", "trade-offs")
    assert said(repo, card["id"])[-1] == ("Lee Wu", "2026-03-02", "advice", "Practise trade-offs")
