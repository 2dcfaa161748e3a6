"""`tracker reply --meet` (a yes to coffee plans the meeting) and `tracker met` (its AIR notes).

The clock is Monday 2026-03-02 10:00 UTC. What each command wrote is read back through a
second ``Repository`` (the ``repo`` fixture); refused input prints one sentence, exits
non-zero and leaves the files as they were.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tracker.domain.model import ItemStatus
from tracker.store.repo import Repository

from support.cli import fails, ok
from support.coffee import coffee_card


def files(home: Path) -> tuple[bytes, bytes]:
    return (home / "tracker.json").read_bytes(), (home / "events.jsonl").read_bytes()


def actions(repo: Repository) -> list[tuple[str, str, ItemStatus]]:
    view = repo.find_card("acme", include_inactive=True)
    return [(i.action, view.person_name(i), i.status) for i in view.card.items]


def test_reply_meet_plans_the_meeting(capsys, repo: Repository) -> None:
    coffee_card(repo)
    ok(capsys, "done", "acme")  # the invitation is sent: a nudge and a thank-you follow
    out = ok(capsys, "reply", "acme", "Pat Kim", "Happy to!", "--meet", "2026-03-06")
    assert out.startswith("Logged the yes from Pat Kim on Acme (Backend Engineer): meeting on ")
    assert "Fri 2026-03-06; 1 nudge cancelled; next on " in out
    assert actions(repo) == [
        ("invite_coffee", "Pat Kim", ItemStatus.DONE),
        ("nudge", "Pat Kim", ItemStatus.SKIPPED),
        ("meet", "Pat Kim", ItemStatus.OPEN),
    ]
    meet = repo.find_card("acme").card.open_items[0]
    assert (meet.target, meet.deadline) == (date(2026, 3, 6), date(2026, 3, 8))
    assert repo.interactions(repo.find_card("acme").card.id)[-1].text == "Happy to!"


def test_met_notes_the_air_and_the_thank_you_follows(capsys, repo: Repository) -> None:
    coffee_card(repo)
    ok(capsys, "reply", "acme", "Pat Kim", "--meet", "yesterday")
    out = ok(
        capsys,
        *("met", "acme", "--on", "yesterday", "--advice", "Learn Go"),
        *("--recommendations", "Read the SRE book"),
    )
    assert out == (
        "Noted the meeting with Pat Kim on Sun 2026-03-01 (Acme, Backend Engineer); noted "
        "advice, recommendations; next on "
        f"{repo.find_card('acme').card.short_id}: Thank them after the meeting — Pat Kim, "
        "1d late, deadline today.\n"
    )
    assert actions(repo) == [
        ("invite_coffee", "Pat Kim", ItemStatus.DONE),
        ("meet", "Pat Kim", ItemStatus.DONE),
        ("thank_after_coffee", "Pat Kim", ItemStatus.OPEN),
    ]
    event = repo.card_events(repo.find_card("acme").card.id)[-1]
    assert (event.type, event.data["kind"], event.data["met_on"]) == (
        "interaction_noted",
        "advice",
        "2026-03-01",
    )
    assert event.data["text"] == "Advice: Learn Go\nRecommendations: Read the SRE book"
    shown = json.loads(ok(capsys, "show", "acme", "--json"))
    assert "Advice: Learn Go" in json.dumps(shown)
    text = ok(capsys, "show", "acme")
    assert (
        "    Sun 2026-03-01 meeting notes:\n"
        "        Advice: Learn Go\n"
        "        Recommendations: Read the SRE book\n"
    ) in text  # not "advice: Advice: …": the notes name their parts


def test_met_with_no_notes_and_no_person_named(capsys, repo: Repository) -> None:
    coffee_card(repo)
    ok(capsys, "reply", "acme", "Pat Kim", "--meet", "today")
    out = ok(capsys, "met", "acme")
    assert out.startswith("Noted the meeting with Pat Kim on Mon 2026-03-02 (Acme, Backend Eng")
    assert "noted" not in out.split(";")[0].replace("Noted", "")
    assert actions(repo)[1] == ("meet", "Pat Kim", ItemStatus.DONE)


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (("reply", "acme", "Pat Kim", "--meet", "someday"), "--meet: "),
        (("reply", "acme", "Pat Kim", "--meet", "today", "--done"), "give one of them"),
        (("reply", "acme", "Nobody Here", "--meet", "today"), "Nobody Here"),
        (("reply", "acme", "Jane Doe", "--meet", "today"), "Jane Doe has no coffee invitation"),
        (("reply", "acme", "Pat Kim", "ok\x1b[2J", "--meet", "today"), "control character"),
        (("met", "acme", "--on", "tomorrow"), "after today"),
        (("met", "acme", "--on", "never"), "--on: "),
        (("met", "acme", "--advice", "bad\x1b]52;c;eA==\x07"), "the advice contains a control"),
        (("met", "acme", "--insights", "y" * 2001), "the insights is 2001 characters long"),
        (("met", "acme", "Jane Doe"), "no coffee or call with Jane Doe is planned on Acme"),
        (("met", "acme", "Nobody Here"), "Nobody Here"),
    ],
)
def test_bad_input_is_one_sentence_and_writes_nothing(
    capsys, repo: Repository, home: Path, argv: tuple[str, ...], words: str
) -> None:
    coffee_card(repo)
    before = files(home)
    assert words in fails(capsys, *argv)
    assert files(home) == before


def test_met_before_any_coffee_asks_for_the_yes_first(capsys, home: Path) -> None:
    ok(capsys, "add", "Acme", "Eng", "--with", "Pat Kim")
    before = files(home)
    err = fails(capsys, "met", "acme")
    assert "no coffee or call is planned on Acme (Eng); log the yes first" in err
    assert files(home) == before


def test_undo_takes_the_meeting_back(capsys, repo: Repository) -> None:
    coffee_card(repo)
    ok(capsys, "reply", "acme", "Pat Kim", "--meet", "today")
    ok(capsys, "met", "acme", "--advice", "Ship small")
    assert "the meeting with Pat Kim on Acme" in ok(capsys, "undo")
    assert actions(repo)[-1] == ("meet", "Pat Kim", ItemStatus.OPEN)
    assert "the yes to coffee from Pat Kim on Acme" in ok(capsys, "undo")
    assert actions(repo) == [("invite_coffee", "Pat Kim", ItemStatus.OPEN)]
