"""The command line, run in-process through ``tracker.cli.main`` (plus a few subprocesses).

The autouse ``home`` fixture gives every test its own TRACKER_HOME and fixes
the clock at Monday 2026-03-02 10:00 UTC, so every date below is exact.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from tracker import clock
from tracker.cli import main
from tracker.store.repo import Repository

from support import ROOT
from support.cli import fails, ok, run

ACCEPTED = "today, tomorrow, yesterday, +3d"
CARD_KEYS = {"id", "company", "role", "stage", "state", "target", "deadline", "items"}
ITEM_KEYS = {"action", "person", "done"}


# --- helpers -------------------------------------------------------------------


def add(
    capsys: pytest.CaptureFixture[str], company: str, role: str = "Engineer", *extra: str
) -> dict[str, Any]:
    """Add an interview and return its card as JSON."""
    return json.loads(ok(capsys, "add", company, role, *extra, "--json"))


def show(capsys: pytest.CaptureFixture[str], card: str) -> dict[str, Any]:
    return json.loads(ok(capsys, "show", card, "--json"))


def listed(capsys: pytest.CaptureFixture[str], *extra: str) -> list[dict[str, Any]]:
    return json.loads(ok(capsys, "list", "--json", *extra))


def statuses(card: dict[str, Any]) -> list[str]:
    return [item["status"] for item in card["items"]]


def set_day(year: int, month: int, day: int) -> None:
    clock.set_now(datetime(year, month, day, 10, 0, tzinfo=UTC))


# --- add -------------------------------------------------------------------------


def test_add_prints_one_line_with_short_id_and_due(capsys, repo):
    out = ok(capsys, "add", "Acme", "Backend Engineer", "--with", "Jane Doe:hiring_manager")
    assert out.count("\n") == 1
    (card,) = repo.snapshot().cards.values()
    assert out.startswith(f"Added {card.id[:6]} Acme (Backend Engineer): ")
    assert "Send a thank-you e-mail — Jane Doe" in out
    # Interviewed today: the thank-you e-mail is due today, deadline tomorrow.
    assert "today (target Mon 2026-03-02, deadline Tue 2026-03-03)" in out
    assert "interview Mon 2026-03-02" in out


def test_add_refuses_the_same_interview_twice_without_force(capsys, repo):
    first = add(capsys, "Acme", "Backend Engineer")
    err = fails(capsys, "add", "acme", " backend  engineer ", "--on", "today")
    assert err == (
        f"tracker: Acme (Backend Engineer) on Mon 2026-03-02 is already logged as card "
        f"{first['id'][:6]} (active, Thank-you); add --force to log it again.\n"
    )
    assert len(repo.snapshot().cards) == 1
    add(capsys, "Acme", "Backend Engineer", "--on", "yesterday")  # another day
    add(capsys, "Acme", "Frontend Engineer")  # another role
    add(capsys, "Acme", "Backend Engineer", "--force")
    assert len(Repository(repo.paths, repo.settings).snapshot().cards) == 4


def test_add_refuses_a_twin_of_a_done_card_too(capsys, repo):
    first = add(capsys, "Acme", "SRE")
    ok(capsys, "offer", first["id"][:6])
    err = fails(capsys, "add", "Acme", "SRE")
    assert f"card {first['id'][:6]} (done, Thank-you)" in err


def test_add_stores_people_roles_highlight_referral_and_note(capsys, repo):
    ok(
        capsys,
        "add",
        "Acme",
        "Backend Engineer",
        "--with",
        "Jane Doe:hiring_manager:loves Rust",
        "--with",
        "Bob",
        "--with",
        "Cy:COORDINATOR",
        "--with",
        "Rita:recruiter",
        "--with",
        "Max:hm",
        "--referral",
        "Ann Ref",
        "--note",
        "met on site",
    )
    snap = repo.snapshot()
    (opp,) = snap.opportunities.values()
    roles = {snap.people[link.person_id].name: link.role.value for link in opp.people}
    assert roles == {
        "Jane Doe": "hiring_manager",
        "Bob": "interviewer",
        "Cy": "coordinator",
        "Rita": "recruiter",
        "Max": "hiring_manager",
        "Ann Ref": "referral",
    }
    jane = next(p for p in snap.people.values() if p.name == "Jane Doe")
    assert jane.highlight == "loves Rust"
    (card,) = snap.cards.values()
    assert card.stage.value == "thank_you"
    assert card.notes == "met on site"
    assert opp.interviews[0].isoformat() == "2026-03-02"


def test_add_on_date_is_resolved_and_echoed(capsys, repo):
    out = ok(capsys, "add", "Acme", "Engineer", "--on", "last fri")
    assert "interview Fri 2026-02-27" in out
    (opp,) = repo.snapshot().opportunities.values()
    assert [d.isoformat() for d in opp.interviews] == ["2026-02-27"]
    # Interviewed Friday, e-mail deadline Saturday: it is overdue on Monday.
    assert "overdue" in out


def test_add_decision_by_is_stored_and_echoed(capsys, repo):
    out = ok(capsys, "add", "Acme", "Engineer", "--decision-by", "next fri")
    assert out.count("\n") == 1
    assert "Fri 2026-03-06" in out
    (opp,) = repo.snapshot().opportunities.values()
    assert opp.decision_by is not None and opp.decision_by.isoformat() == "2026-03-06"


def test_add_json_has_the_stable_keys(capsys):
    card = add(capsys, "Acme", "Engineer", "--with", "Jane:hiring_manager")
    assert card.keys() >= CARD_KEYS
    assert card["company"] == "Acme" and card["role"] == "Engineer"
    assert card["stage"] == "thank_you"
    assert card["state"] == "active"
    assert card["target"] == "2026-03-02"
    assert card["deadline"] == "2026-03-03"
    assert card["items"], "a Thank-you card has a checklist"
    for item in card["items"]:
        assert item.keys() >= ITEM_KEYS
        assert item["person"] == "Jane"
        assert item["done"] is False
    assert {i["action"] for i in card["items"]} == {"thank_email", "thank_note", "linkedin"}


def test_add_without_people_has_one_anonymous_thank_you(capsys):
    card = add(capsys, "Acme")
    assert [(i["action"], i["person"]) for i in card["items"]] == [("thank_email", None)]


@pytest.mark.parametrize("spec", ["Ann:ceo", "Ann:referral", "Ann:hired"])
def test_add_unknown_role_in_with_is_an_error(capsys, repo, spec):
    err = fails(capsys, "add", "Acme", "Engineer", "--with", spec)
    assert spec in err
    assert "interviewer, hiring_manager, coordinator or recruiter" in err
    assert repo.snapshot().cards == {}


def test_add_with_without_a_name_is_an_error(capsys, repo):
    err = fails(capsys, "add", "Acme", "Engineer", "--with", ":hiring_manager")
    assert "no name" in err
    assert repo.snapshot().cards == {}


@pytest.mark.parametrize(
    ("company", "role", "word"),
    [("", "Engineer", "company"), ("   ", "Engineer", "company"), ("Acme", " ", "role")],
)
def test_add_empty_company_or_role_is_an_error(capsys, repo, company, role, word):
    err = fails(capsys, "add", company, role)
    assert word in err and "empty" in err
    assert repo.snapshot().cards == {}


def test_add_decision_before_interview_is_an_error(capsys, repo):
    err = fails(capsys, "add", "Acme", "Engineer", "--on", "today", "--decision-by", "yesterday")
    assert "2026-03-01" in err and "2026-03-02" in err
    assert repo.snapshot().cards == {}


# --- dates ----------------------------------------------------------------------------


@pytest.mark.parametrize("word", ["07/04/2025", "2026-13-01", "someday", "2026-02-30", "+3x", ""])
def test_bad_dates_list_the_accepted_forms(capsys, repo, word):
    err = fails(capsys, "add", "Acme", "Engineer", "--on", word)
    assert "--on" in err
    assert ACCEPTED in err and "YYYY-MM-DD" in err
    assert repo.snapshot().cards == {}


def test_bad_date_is_named_in_the_error(capsys):
    err = fails(capsys, "add", "Acme", "Engineer", "--on", "07/04/2025")
    assert "'07/04/2025'" in err


@pytest.mark.parametrize(
    "command",
    [
        ("reject", "acme", "--on"),
        ("offer", "acme", "--on"),
        ("withdraw", "acme", "--on"),
        ("ghosted", "acme", "--on"),
        ("snooze", "acme"),
        ("add", "Beta", "PM", "--decision-by"),
    ],
)
def test_bad_dates_are_refused_by_every_command(capsys, repo, command):
    add(capsys, "Acme")
    before = show(capsys, "acme")
    err = fails(capsys, *command, "07/04/2025")
    assert ACCEPTED in err
    assert show(capsys, "acme") == before
    assert len(repo.snapshot().cards) == 1


@pytest.mark.parametrize(
    ("word", "echo"),
    [
        ("tomorrow", "Tue 2026-03-03"),
        ("+3d", "Thu 2026-03-05"),
        ("+2w", "Mon 2026-03-16"),
        ("+1m", "Thu 2026-04-02"),
        ("mon", "Mon 2026-03-09"),
        ("next fri", "Fri 2026-03-06"),
        ("Friday", "Fri 2026-03-06"),
        ("2026-03-20", "Fri 2026-03-20"),
    ],
)
def test_snooze_echoes_the_resolved_date(capsys, word, echo):
    card = add(capsys, "Acme")
    out = ok(capsys, "snooze", "acme", word)
    assert out == f"Snoozed {card['short_id']} Acme until {echo}.\n"
    after = show(capsys, "acme")
    assert after["state"] == "snoozed"
    assert after["snoozed_until"] == echo.split()[1]


@pytest.mark.parametrize("argv", [("--on", "-3d"), ("--on=-3d",), ("--on", "last fri")])
def test_backward_dates_work_after_an_option(capsys, argv):
    """`-3d` is listed as an accepted form; argparse must not take it for an option."""
    out = ok(capsys, "add", "Acme", "Engineer", *argv)
    assert "interview Fri 2026-02-27" in out
    assert ok(capsys, "reject", "acme", "--on", "-1d").startswith(
        "Rejection logged on Sun 2026-03-01."
    )


@pytest.mark.parametrize("word", ["today", "yesterday", "2026-03-02"])
def test_snooze_to_today_or_earlier_is_an_error(capsys, word):
    add(capsys, "Acme")
    err = fails(capsys, "snooze", "acme", word)
    assert "after today" in err
    assert show(capsys, "acme")["state"] == "active"


# --- list, show, due, paths --------------------------------------------------------------


def test_list_text_and_json(capsys):
    first = add(capsys, "Acme", "Engineer")
    second = add(capsys, "Beta", "PM")
    out = ok(capsys, "list")
    lines = out.splitlines()
    assert len(lines) == 2
    assert any(line.startswith(first["short_id"]) and "Acme (Engineer)" in line for line in lines)
    assert any(line.startswith(second["short_id"]) and "Beta (PM)" in line for line in lines)
    cards = listed(capsys)
    assert {c["id"] for c in cards} == {first["id"], second["id"]}
    for card in cards:
        assert card.keys() >= CARD_KEYS


def test_list_empty_board(capsys):
    assert listed(capsys) == []
    out = ok(capsys, "list")
    assert "No cards yet" in out


def test_list_stage_filter_and_all(capsys):
    add(capsys, "Acme")
    add(capsys, "Beta")
    add(capsys, "Gamma")
    ok(capsys, "reject", "beta")
    ok(capsys, "offer", "gamma")
    assert [c["company"] for c in listed(capsys)] == ["Acme", "Beta"]
    assert [c["company"] for c in listed(capsys, "--stage", "feedback")] == ["Beta"]
    assert [c["company"] for c in listed(capsys, "--stage", "thank_you")] == ["Acme"]
    assert listed(capsys, "--stage", "coffee") == []
    everything = listed(capsys, "--all")
    assert {c["company"]: c["state"] for c in everything} == {
        "Acme": "active",
        "Beta": "active",
        "Gamma": "done",
    }


def test_list_bad_stage_is_a_usage_error(capsys):
    err = fails(capsys, "list", "--stage", "lunch", code=2)
    assert "lunch" in err


def test_show_text_numbers_the_checklist(capsys):
    card = add(capsys, "Acme", "Engineer", "--with", "Jane:hiring_manager")
    out = ok(capsys, "show", card["short_id"])
    assert out.splitlines()[0] == f"{card['short_id']}  Acme — Engineer"
    assert "people: Jane (hiring_manager)" in out
    assert "   1. [ ] Send a thank-you e-mail — Jane; target 2026-03-02, deadline 2026-03-03" in out
    assert "   2. [ ] Write a hand-written note — Jane (optional)" in out
    assert "   3. [ ] Send a LinkedIn request" in out
    assert "   4." not in out


def test_show_says_the_state_once(capsys):
    add(capsys, "Acme", "Engineer")
    assert "  stage: Thank-you (active), today\n" in ok(capsys, "show", "acme")
    ok(capsys, "done", "acme", "all")
    assert "  stage: Thank-you (waiting), in 7d\n" in ok(capsys, "show", "acme")
    ok(capsys, "reject", "acme")
    ok(capsys, "done", "acme", "all")
    assert "  stage: Feedback (waiting)\n" in ok(capsys, "show", "acme")
    ok(capsys, "snooze", "acme", "+1w")
    assert "  stage: Feedback (snoozed to 2026-03-09)\n" in ok(capsys, "show", "acme")
    ok(capsys, "offer", "acme")
    assert "  stage: Feedback (done)\n" in ok(capsys, "show", "acme")


def test_show_json_matches_the_store(capsys, repo):
    card = add(capsys, "Acme", "Engineer", "--with", "Jane:hiring_manager", "--with", "Bob")
    shown = show(capsys, card["id"][:4])
    stored = repo.snapshot().cards[card["id"]]
    assert shown["id"] == stored.id
    assert shown["stage"] == stored.stage.value
    assert shown["state"] == stored.state.value
    assert shown["target"] == stored.target.isoformat()
    assert shown["deadline"] == stored.deadline.isoformat()
    assert [i["action"] for i in shown["items"]] == [i.action for i in stored.items]
    assert [i["person"] for i in shown["items"]] == ["Jane"] * 3 + ["Bob"] * 3


def test_show_finds_done_cards_too(capsys):
    add(capsys, "Acme")
    ok(capsys, "offer", "acme")
    assert show(capsys, "acme")["state"] == "done"


def test_due_lists_due_and_overdue_most_urgent_first(capsys):
    today = add(capsys, "Today Co")
    late = add(capsys, "Late Co", "Engineer", "--on", "-5d")
    add(capsys, "Future Co", "Engineer", "--on", "+3d")
    out = ok(capsys, "due")
    lines = out.splitlines()
    assert lines[0] == "Overdue (past the deadline)"
    assert lines[1].strip().startswith(late["short_id"]) and "overdue" in lines[1]
    assert lines[2] == "Today, Mon 2026-03-02"
    assert lines[3].strip().startswith(today["short_id"])
    assert lines[4] == "Next 7 days"
    assert "Thu 2026-03-05" in lines[5] and "Future Co" in lines[5]
    assert len(lines) == 6
    cards = json.loads(ok(capsys, "due", "--json"))
    assert [c["company"] for c in cards] == ["Late Co", "Today Co"]
    assert [c["due"] for c in cards] == ["overdue", "today"]
    for card in cards:
        assert card.keys() >= CARD_KEYS


def test_due_names_its_sections_by_the_boards_states(capsys):
    overdue = add(capsys, "Overdue Co", "Engineer", "--on", "-5d")
    late = add(capsys, "Late Co", "Engineer", "--on", "-3d")
    ok(capsys, "reject", "late co", "--on", "-2d")  # Feedback: target yesterday, deadline tomorrow
    lines = ok(capsys, "due").splitlines()
    assert lines[0] == "Overdue (past the deadline)"
    assert lines[1].strip().startswith(overdue["short_id"]) and "4d overdue" in lines[1]
    assert lines[2] == "Late (past the target)"
    assert lines[3].strip().startswith(late["short_id"])
    assert "1d late, deadline tomorrow" in lines[3]
    assert len(lines) == 4


def test_due_with_nothing_due(capsys):
    add(capsys, "Future Co", "Engineer", "--on", "+3d")
    assert ok(capsys, "due").splitlines()[:2] == [
        "Nothing is due today (Mon 2026-03-02).",
        "Next 7 days",
    ]
    assert json.loads(ok(capsys, "due", "--json")) == []
    assert ok(capsys, "due", "--count") == "0\n"


def test_due_count_counts_only_due_and_overdue_active_cards(capsys):
    add(capsys, "Today Co")
    add(capsys, "Late Co", "Engineer", "--on", "-5d")
    add(capsys, "Future Co", "Engineer", "--on", "+3d")
    add(capsys, "Snoozed Co", "Engineer", "--on", "-5d")
    ok(capsys, "snooze", "snoozed", "tomorrow")
    add(capsys, "Offer Co", "Engineer", "--on", "-5d")
    ok(capsys, "offer", "offer co")
    add(capsys, "Withdrawn Co")
    ok(capsys, "withdraw", "withdrawn")
    assert ok(capsys, "due", "--count") == "2\n"
    # Tomorrow the snooze ends and Snoozed Co is overdue again.
    set_day(2026, 3, 3)
    assert ok(capsys, "due", "--count") == "3\n"
    # Future Co's interview day comes: its e-mail is due that day.
    set_day(2026, 3, 5)
    assert ok(capsys, "due", "--count") == "4\n"


def test_paths_text_and_json(capsys, home):
    info = json.loads(ok(capsys, "paths", "--json"))
    assert {"database", "backups", "config"} <= info.keys()
    assert info["database"] == str(home / "tracker.json")
    assert info["backups"] == str(home / "backups")
    assert info["config"] == str(home / "config.toml")
    out = ok(capsys, "paths")
    assert f"database:  {home / 'tracker.json'}" in out
    assert f"backups:   {home / 'backups'}" in out
    assert f"config:    {home / 'config.toml'}" in out


# --- done and skip -----------------------------------------------------------------------


def test_done_without_item_closes_the_next_open_one(capsys):
    card = add(capsys, "Acme", "Engineer", "--with", "Jane:hiring_manager", "--with", "Bob")
    out = ok(capsys, "done", "acme")
    assert out.startswith(
        f"Done 1 item. Now {card['short_id']} Acme (Engineer): Send a thank-you e-mail — Bob"
    )
    after = show(capsys, "acme")
    assert statuses(after) == ["done"] + ["open"] * 5
    assert after["items"][0]["done"] is True


def test_done_with_numbers_closes_those_items(capsys):
    add(capsys, "Acme", "Engineer", "--with", "Jane:hiring_manager", "--with", "Bob")
    out = ok(capsys, "done", "acme", "4", "2")
    assert out.startswith("Done 2 items.")
    assert statuses(show(capsys, "acme")) == ["open", "done", "open", "done", "open", "open"]


def test_done_same_number_twice_counts_once(capsys):
    add(capsys, "Acme", "Engineer", "--with", "Jane:hiring_manager")
    out = ok(capsys, "done", "acme", "1", "1")
    assert out.startswith("Done 1 item.")
    assert statuses(show(capsys, "acme")) == ["done", "open", "open"]


def test_done_all_finishes_thank_you_and_waits(capsys):
    add(capsys, "Acme", "Engineer", "--with", "Jane:hiring_manager")
    out = ok(capsys, "done", "acme", "ALL")
    assert out.startswith("Done 3 items.")
    after = show(capsys, "acme")
    assert after["stage"] == "thank_you"
    assert after["state"] == "waiting"
    assert statuses(after)[:3] == ["done", "done", "done"]


@pytest.mark.parametrize("word", ["0", "4", "99", "x", "-1", "1.5"])
def test_done_item_out_of_range_is_an_error(capsys, word):
    card = add(capsys, "Acme", "Engineer", "--with", "Jane:hiring_manager")
    err = fails(capsys, "done", "acme", word)
    assert f"{word!r} is not an item of card {card['short_id']}" in err
    assert "1 to 3" in err
    assert statuses(show(capsys, "acme")) == ["open"] * 3


def test_done_out_of_range_among_good_numbers_changes_nothing(capsys):
    add(capsys, "Acme", "Engineer", "--with", "Jane:hiring_manager")
    fails(capsys, "done", "acme", "1", "7")
    assert statuses(show(capsys, "acme")) == ["open"] * 3


def test_done_on_card_with_nothing_open_is_an_error(capsys):
    card = add(capsys, "Acme")
    ok(capsys, "reject", "acme")
    ok(capsys, "done", "acme")  # the one Feedback item: the card now waits for Monitor
    waiting = show(capsys, "acme")
    assert waiting["state"] == "waiting"
    assert not any(item["status"] == "open" for item in waiting["items"])
    for extra in ((), ("all",)):
        err = fails(capsys, "done", "acme", *extra)
        assert err == f"tracker: card {card['short_id']} has no open item left.\n"
    assert show(capsys, "acme") == waiting


def test_done_on_an_already_done_item_is_an_error(capsys):
    add(capsys, "Acme", "Engineer", "--with", "Jane:hiring_manager")
    ok(capsys, "done", "acme", "1")
    err = fails(capsys, "done", "acme", "1")
    assert "already done" in err


def test_skip_records_the_reason(capsys):
    add(capsys, "Acme", "Engineer", "--with", "Jane:hiring_manager")
    out = ok(capsys, "skip", "acme", "2", "--reason", "no postal address")
    assert out.startswith("Skipped item 2. Now ")
    after = show(capsys, "acme")
    assert statuses(after) == ["open", "skipped", "open"]
    assert after["items"][1]["reason"] == "no postal address"
    assert after["items"][1]["done"] is True


def test_skip_without_reason_is_a_usage_error(capsys):
    add(capsys, "Acme")
    err = fails(capsys, "skip", "acme", "1", code=2)
    assert "--reason" in err
    assert statuses(show(capsys, "acme")) == ["open"]


def test_skip_with_blank_reason_is_an_error(capsys):
    add(capsys, "Acme")
    err = fails(capsys, "skip", "acme", "1", "--reason", "  ")
    assert "reason" in err
    assert statuses(show(capsys, "acme")) == ["open"]


def test_skip_item_out_of_range_is_an_error(capsys):
    add(capsys, "Acme")
    err = fails(capsys, "skip", "acme", "2", "--reason", "nope")
    assert "1 to 1" in err


# --- outcomes and moves -----------------------------------------------------------------


def test_reject_moves_to_feedback_and_echoes_the_day(capsys, repo):
    card = add(
        capsys,
        "Acme",
        "Engineer",
        "--with",
        "Jane:hiring_manager",
        "--with",
        "Bob",
        "--on",
        "last fri",
    )
    out = ok(capsys, "reject", "acme", "--on", "yesterday", "--hired", "Sam Hired")
    assert out.startswith("Rejection logged on Sun 2026-03-01. Now ")
    after = show(capsys, "acme")
    assert after["stage"] == "feedback"
    assert after["outcome"] == "rejected"
    assert {"name": "Sam Hired", "role": "hired"} in [
        {k: p[k] for k in ("name", "role")} for p in after["people"]
    ]
    assert [(i["action"], i["person"]) for i in after["items"]] == [
        ("reply_thanks", "Jane"),
        ("ask_feedback", "Bob"),
    ]
    opp = repo.snapshot().opportunities[repo.snapshot().cards[card["id"]].opportunity_id]
    assert opp.outcome_on is not None and opp.outcome_on.isoformat() == "2026-03-01"


def test_reject_defaults_to_today(capsys):
    add(capsys, "Acme")
    out = ok(capsys, "reject", "acme")
    assert "Rejection logged on Mon 2026-03-02." in out


def test_reject_before_the_interview_is_an_error(capsys):
    add(capsys, "Acme")
    err = fails(capsys, "reject", "acme", "--on", "yesterday")
    assert "before the interview" in err
    assert show(capsys, "acme")["stage"] == "thank_you"


def test_offer_ends_the_card(capsys):
    add(capsys, "Acme", "Engineer", "--with", "Jane")
    out = ok(capsys, "offer", "acme")
    assert out == "Offer logged on Mon 2026-03-02 for Acme (Engineer); the card is done.\n"
    after = show(capsys, "acme")
    assert after["state"] == "done"
    assert after["outcome"] == "offer"
    assert after["target"] is None and after["deadline"] is None
    assert listed(capsys) == []


def test_withdraw_ends_the_card(capsys):
    add(capsys, "Acme", "Engineer", "--on", "-3d")
    out = ok(capsys, "withdraw", "acme", "--on", "yesterday")
    assert out == "Withdrawal logged on Sun 2026-03-01 for Acme (Engineer); the card is done.\n"
    after = show(capsys, "acme")
    assert after["state"] == "done"
    assert after["outcome"] == "withdrawn"


def test_ghosted_skips_feedback(capsys):
    add(capsys, "Acme", "Engineer", "--on", "-20d")
    out = ok(capsys, "ghosted", "acme")
    assert out.startswith("Marked ghosted on Mon 2026-03-02. Now ")
    after = show(capsys, "acme")
    assert after["stage"] == "monitor"
    assert after["outcome"] == "ghosted"
    assert after["state"] == "active"


def test_actions_on_a_finished_card_are_errors(capsys):
    card = add(capsys, "Acme")
    ok(capsys, "offer", "acme")
    # By company name a done card is no longer found...
    err = fails(capsys, "done", "acme")
    assert "no card matches 'acme'" in err
    # ...by id it is, and says why nothing can happen.
    err = fails(capsys, "snooze", card["short_id"], "+1w")
    assert "is done" in err
    assert show(capsys, card["short_id"])["state"] == "done"


def test_advance_moves_through_the_stages(capsys):
    add(capsys, "Acme")
    ok(capsys, "reject", "acme")
    out = ok(capsys, "advance", "acme")
    assert out.startswith("Moved to Monitor. Now ")
    assert show(capsys, "acme")["stage"] == "monitor"
    assert ok(capsys, "advance", "acme").startswith("Moved to Coffee.")
    assert show(capsys, "acme")["stage"] == "coffee"
    assert ok(capsys, "advance", "acme") == "Acme (Engineer) is done.\n"
    assert show(capsys, "acme")["state"] == "done"


def test_advance_while_waiting_for_the_decision_is_an_error(capsys):
    add(capsys, "Acme")
    err = fails(capsys, "advance", "acme")
    assert "waiting for a decision" in err
    assert show(capsys, "acme")["stage"] == "thank_you"


# --- undo ------------------------------------------------------------------------------


def test_undo_reverses_the_last_action_only(capsys):
    add(capsys, "Acme", "Engineer", "--with", "Jane:hiring_manager")
    ok(capsys, "done", "acme", "1")
    ok(capsys, "done", "acme", "3")
    assert (
        ok(capsys, "undo")
        == "Undid: “Send a LinkedIn request with a personal line” done on Acme.\n"
    )
    assert statuses(show(capsys, "acme")) == ["done", "open", "open"]
    ok(capsys, "undo")
    assert statuses(show(capsys, "acme")) == ["open", "open", "open"]


def test_undo_a_rejection(capsys):
    add(capsys, "Acme")
    ok(capsys, "reject", "acme")
    assert ok(capsys, "undo") == "Undid: the rejected outcome on Acme.\n"
    after = show(capsys, "acme")
    assert after["stage"] == "thank_you"
    assert after["outcome"] == "pending"


def test_undo_an_add_removes_the_card(capsys, repo):
    add(capsys, "Acme")
    assert ok(capsys, "undo") == "Undid: adding Acme (Engineer).\n"
    assert listed(capsys, "--all") == []
    assert repo.snapshot().cards == {}


def test_undo_takes_back_the_newest_action_of_any_process_and_says_what(capsys, repo):
    from tracker.store.repo import Repository

    board = Repository(repo.paths, repo.settings)  # the board's own actions, in its session
    acme = board.add_interview("Acme", "Engineer", on=date(2026, 3, 2)).card.id
    board.snooze(acme, date(2026, 3, 9))
    add(capsys, "Delta", "Eng")
    assert ok(capsys, "undo") == "Undid: adding Delta (Eng).\n"
    assert ok(capsys, "undo") == "Undid: the snooze until 2026-03-09 on Acme.\n"
    assert ok(capsys, "undo") == "Undid: adding Acme (Engineer).\n"
    assert repo.snapshot().cards == {}


def test_undo_with_nothing_to_undo_is_an_error(capsys):
    err = fails(capsys, "undo")
    assert err == "tracker: there is nothing to undo.\n"
    add(capsys, "Acme")
    ok(capsys, "undo")
    assert fails(capsys, "undo") == "tracker: there is nothing to undo.\n"


# --- naming a card ------------------------------------------------------------------------


def test_card_by_id_prefix_and_company_substring(capsys):
    card = add(capsys, "Acme Corporation")
    assert show(capsys, card["id"][:4])["id"] == card["id"]
    assert show(capsys, card["id"].upper()[:8])["id"] == card["id"]
    assert show(capsys, "CORPOR")["id"] == card["id"]
    # Three characters are not an id prefix.
    err = fails(capsys, "show", card["id"][:3])
    assert f"{card['id'][:3]!r} is too short for a card id" in err


@pytest.mark.parametrize("ref", ["75", "7", "abc", "0F1"])
def test_a_short_id_prefix_says_an_id_needs_4_characters(capsys, ref):
    add(capsys, "Acme")
    err = fails(capsys, "done", ref)
    assert err == (
        f"tracker: {ref!r} is too short for a card id, which needs at least 4 characters, and no "
        "company matches it; `tracker list` shows the cards and their ids.\n"
    )


def test_a_short_hex_word_still_finds_a_company(capsys):
    card = add(capsys, "Facebook")
    assert show(capsys, "fac")["id"] == card["id"]


def test_unknown_card_is_an_error(capsys):
    add(capsys, "Acme")
    for command in (
        ("show", "zeta"),
        ("done", "zeta"),
        ("skip", "zeta", "1", "--reason", "r"),
        ("reject", "zeta"),
        ("offer", "zeta"),
        ("withdraw", "zeta"),
        ("ghosted", "zeta"),
        ("snooze", "zeta", "+1w"),
        ("advance", "zeta"),
    ):
        err = fails(capsys, *command)
        assert (
            err
            == "tracker: no card matches 'zeta'; `tracker list` shows the cards and their ids.\n"
        )
    assert show(capsys, "acme")["state"] == "active"


def test_blank_card_reference_is_an_error(capsys):
    add(capsys, "Acme")
    err = fails(capsys, "show", "  ")
    assert "id" in err


def test_ambiguous_company_lists_every_match(capsys):
    one = add(capsys, "Acme One")
    two = add(capsys, "Acme Two")
    for command in (("show", "acme"), ("done", "ACME"), ("snooze", "acme", "+1w")):
        err = fails(capsys, *command)
        assert "matches 2 cards" in err
        assert f"{one['short_id']} Acme One (Engineer)" in err
        assert f"{two['short_id']} Acme Two (Engineer)" in err
    assert show(capsys, "acme one")["id"] == one["id"]
    assert statuses(show(capsys, "acme two")) == ["open"]


def test_company_match_ignores_finished_cards_for_actions(capsys):
    add(capsys, "Acme One")
    two = add(capsys, "Acme Two")
    ok(capsys, "offer", "acme one")
    out = ok(capsys, "snooze", "acme", "+1w")
    assert out == f"Snoozed {two['short_id']} Acme Two until Mon 2026-03-09.\n"


# --- homes ------------------------------------------------------------------------------


@pytest.mark.parametrize("before", [True, False], ids=["home-before-command", "home-after-command"])
def test_home_option_overrides_tracker_home(capsys, tmp_path, home, before):
    other = tmp_path / "other"

    def at(*argv: str) -> list[str]:
        return ["--home", str(other), *argv] if before else [*argv, "--home", str(other)]

    ok(capsys, *at("add", "Acme", "Engineer"))
    assert (other / "tracker.json").is_file()
    assert not (home / "tracker.json").exists()
    assert [c["company"] for c in json.loads(ok(capsys, *at("list", "--json")))] == ["Acme"]
    assert listed(capsys) == []
    assert json.loads(ok(capsys, *at("paths", "--json")))["database"] == str(other / "tracker.json")
    ok(capsys, *at("done", "acme"))
    assert statuses(json.loads(ok(capsys, *at("show", "acme", "--json"))))[0] == "done"
    assert "no card matches" in fails(capsys, "show", "acme")  # TRACKER_HOME stays empty


def test_home_option_moves_the_config_too(capsys, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "config.toml").write_text("[nonsense]\n")
    err = fails(capsys, "--home", str(other), "add", "Acme", "Engineer")
    assert str(other / "config.toml") in err
    # The TRACKER_HOME config is fine, so the same command works there.
    ok(capsys, "add", "Acme", "Engineer")


def test_tracker_home_environment_is_used(capsys, tmp_path, monkeypatch):
    other = tmp_path / "env-home"
    monkeypatch.setenv("TRACKER_HOME", str(other))
    ok(capsys, "add", "Acme", "Engineer")
    assert (other / "tracker.json").is_file()
    assert json.loads(ok(capsys, "paths", "--json"))["config"] == str(other / "config.toml")


@pytest.mark.parametrize(
    "command", [("add", "Acme", "Engineer"), ("list",), ("due", "--count"), ("undo",)]
)
def test_home_under_a_regular_file_is_one_sentence(capsys, tmp_path, command):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    target = blocker / "sub"
    err = fails(capsys, "--home", str(target), *command)
    assert str(target) in err
    assert blocker.read_text() == "not a folder"


# --- damaged data ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    [
        ("list",),
        ("show", "acme"),
        ("due", "--count"),
        ("add", "Beta", "PM"),
        ("done", "acme"),
        ("undo",),
    ],
)
def test_corrupt_database_is_named_and_left_alone(capsys, home, command):
    database = home / "tracker.json"
    garbage = b"\x00\xff{not json at all\x9c"
    database.write_bytes(garbage)
    err = fails(capsys, *command)
    assert str(database) in err
    assert "damaged" in err
    assert database.read_bytes() == garbage


def test_database_of_the_wrong_shape_is_named_and_left_alone(capsys, home):
    database = home / "tracker.json"
    database.write_text('{"cards": []}')
    err = fails(capsys, "add", "Acme", "Engineer")
    assert str(database) in err
    assert database.read_text() == '{"cards": []}'


# --- usage -----------------------------------------------------------------------------------


def test_unknown_subcommand_is_a_usage_error(capsys):
    err = fails(capsys, "frobnicate", code=2)
    assert "frobnicate" in err


@pytest.mark.parametrize(
    "argv",
    [("add", "Acme"), ("show",), ("snooze", "acme"), ("done",), ("add", "Acme", "Eng", "--bogus")],
)
def test_missing_or_unknown_arguments_are_usage_errors(capsys, argv):
    fails(capsys, *argv, code=2)


def test_errors_raise_with_debug(capsys):
    with pytest.raises(Exception, match="no card matches"):
        main(["--debug", "show", "nope"])
    with pytest.raises(Exception, match="no card matches"):
        main(["show", "nope", "--debug"])


def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0
    assert out.startswith("tracker ")


# --- subprocesses -------------------------------------------------------------------------------


def _python(*argv: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, TRACKER_HOME=str(home), PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "tracker", *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_end_to_end_capture_in_a_subprocess(home):
    assert os.environ["TRACKER_NOW"].startswith("2026-03-02T10:00")
    added = _python(
        "add",
        "Acme",
        "Backend Engineer",
        "--with",
        "Jane Doe:hiring_manager:likes Rust",
        "--on",
        "last fri",
        home=home,
    )
    assert added.returncode == 0, added.stderr
    assert added.stderr == ""
    assert added.stdout.count("\n") == 1
    assert "interview Fri 2026-02-27" in added.stdout
    shown = _python("show", "acme", "--json", home=home)
    assert shown.returncode == 0, shown.stderr
    card = json.loads(shown.stdout)
    assert added.stdout.startswith(f"Added {card['short_id']} Acme (Backend Engineer): ")
    assert card["interviews"] == ["2026-02-27"]
    assert card["stage"] == "thank_you"
    assert [i["person"] for i in card["items"]] == ["Jane Doe"] * 3
    count = _python("due", "--count", home=home)
    assert (count.returncode, count.stdout) == (0, "1\n")


@pytest.mark.parametrize("where", ["before", "after"])
def test_debug_shows_a_traceback_only_when_asked(home, where):
    plain = _python("show", "nope", home=home)
    assert plain.returncode == 1
    assert plain.stdout == ""
    assert (
        plain.stderr
        == "tracker: no card matches 'nope'; `tracker list` shows the cards and their ids.\n"
    )
    argv = ("--debug", "show", "nope") if where == "before" else ("show", "nope", "--debug")
    loud = _python(*argv, home=home)
    assert loud.returncode != 0
    assert "Traceback (most recent call last)" in loud.stderr
    assert "DomainError: no card matches 'nope'" in loud.stderr


def test_closed_stdout_is_not_reported_as_a_path_problem(home):
    """`tracker list | head -1`: the reader going away is not the user's mistake."""
    _python("add", "Acme", "Engineer", home=home)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        env = dict(os.environ, TRACKER_HOME=str(home), PYTHONPATH=str(ROOT))
        done = subprocess.run(
            [sys.executable, "-m", "tracker", "list", "--json"],
            cwd=ROOT,
            env=env,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    finally:
        os.close(write_end)
    assert "cannot use" not in done.stderr
    assert "Traceback" not in done.stderr
    assert "Exception ignored" not in done.stderr
    assert done.stderr.count("\n") <= 1


@pytest.mark.parametrize("argv", [[], ["--demo"], ["--theme", "nord", "--home", "/x"], ["--debug"]])
def test_a_bare_tracker_parses_as_the_full_parser_would(argv, monkeypatch):
    """`tracker` alone skips building the commands' parsers (start-up time);
    it must open the board with exactly the options the full parser gives."""
    from tracker.cli import board, dispatch

    opened: list[dict[str, Any]] = []
    monkeypatch.setattr(board, "cmd_board", lambda args: opened.append(vars(args)) or 0)
    assert dispatch.main(argv) == 0
    assert opened == [vars(dispatch.build_parser().parse_args(argv))]
    built: list[bool] = []
    real = dispatch.build_parser
    monkeypatch.setattr(
        dispatch,
        "build_parser",
        lambda *, commands=True, only=None, name=None: (
            built.append(commands) or real(commands=commands, only=only, name=name)
        ),
    )
    dispatch.main(argv)
    assert built == [bool(argv)]


def test_add_at_a_company_interviewed_at_before_links_the_earlier_ones(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    from tracker import config, paths

    ok(capsys, "add", "Acme", "Engineer", "--on", "2026-01-10")
    ok(capsys, "add", "Globex", "SRE")
    out = ok(capsys, "add", "ACME", "Staff Engineer")
    assert "linked to an earlier interview there" in out
    where = paths.resolve()
    snap = Repository(where, config.load(where.config)).snapshot()
    by_role = {o.role: o for o in snap.opportunities.values()}
    assert by_role["Staff Engineer"].earlier == [by_role["Engineer"].id]
    assert by_role["SRE"].earlier == [] and by_role["Engineer"].earlier == []
    assert "linked" not in ok(capsys, "add", "Initech", "QA")


def test_add_again_reuses_the_people_known_at_the_company(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    from tracker import config, paths
    from tracker.domain.model import Role

    ok(capsys, "add", "Acme", "Engineer", "--on", "2026-01-10", "--with", "Jane Doe:hm")
    ok(capsys, "add", "Globex", "SRE", "--with", "Ann Bo")
    out = ok(capsys, "add", "acme", "Staff", "--with", "jane  doe", "--with", "Ann Bo")
    assert "Jane Doe already known there (the same person records)" in out
    where = paths.resolve()
    snap = Repository(where, config.load(where.config)).snapshot()
    names = sorted(p.name for p in snap.people.values())
    assert names == ["Ann Bo", "Ann Bo", "Jane Doe"]  # Ann Bo was never at Acme: a new one
    (staff,) = [o for o in snap.opportunities.values() if o.role == "Staff"]
    (jane,) = [p for p in snap.people.values() if p.name == "Jane Doe"]
    assert (jane.id, Role.INTERVIEWER) in [(x.person_id, x.role) for x in staff.people]
