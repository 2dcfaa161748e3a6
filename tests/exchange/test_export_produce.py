"""What the steps produce, in every export: the hire and the feedback (CSV), the feedback and
the coffees of the week (Markdown), the coffee meeting (iCalendar), and people's words and
contact details across a JSON export and import.

The clock is Monday 2 March 2026, 10:00 UTC. Records are made through ``Repository`` actions;
the coffee's ``interaction_noted`` event (``met_on``, ``air``) and the ``meet`` item are made
through the store's own action machinery (``_card_op``), in the shape ``tracker met`` and the
coffee's meeting day write them.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import icalendar
import pytest

from tracker import clock
from tracker.domain.capture import NewPerson
from tracker.domain.model import Card, Item, Opportunity, Role, Stage
from tracker.domain.people import Details
from tracker.exchange import csvfile, jsonfile
from tracker.store.repo import Repository

from support import FIXED_NOW
from support.exchange import make_home, repo_at, run

MONDAY = date(2026, 3, 2)


def rejected(repo: Repository, company: str = "ACME", hired: str | None = None) -> str:
    """An interview with Pat Kim (interviewer) and Lee Wu (hiring manager), rejected today;
    returns the card id."""
    view = repo.add_interview(
        company,
        "Engineer",
        people=[NewPerson("Pat Kim"), NewPerson("Lee Wu", Role.HIRING_MANAGER)],
        on=date(2026, 2, 20),
    )
    repo.reject(view.card.id, MONDAY, hired=hired)
    return view.card.id


def person_id(repo: Repository, name: str, card_id: str | None = None) -> str:
    """The id of the one person called ``name`` (on ``card_id``, when given)."""
    snap = repo.snapshot()
    ids = set(snap.people)
    if card_id is not None:
        ids = {x.person_id for x in snap.opportunities[snap.cards[card_id].opportunity_id].people}
    (found,) = [p.id for p in snap.people.values() if p.name == name and p.id in ids]
    return found


def met(repo: Repository, card_id: str, name: str, on: date, **air: str) -> None:
    """Log a coffee as ``tracker met`` does: an ``advice`` interaction with ``met_on``."""
    who = person_id(repo, name)
    text = "\n".join(f"{key.title()}: {value}" for key, value in air.items())

    def apply(card: Card, opp: Opportunity, act: Any) -> dict[str, Any]:
        return {
            "person": who,
            "name": name,
            "kind": "advice",
            "text": text,
            "air": air,
            "met_on": on.isoformat(),
        }

    repo._card_op("interaction_noted", card_id, apply)


def add_meet(repo: Repository, card_id: str, name: str, on: date) -> None:
    """Agree a coffee on ``on``: an open ``meet`` item for ``name`` due that day."""
    who = person_id(repo, name)

    def apply(card: Card, opp: Opportunity, act: Any) -> dict[str, Any]:
        item = Item(
            id=f"i{len(card.items) + 1}", action="meet", person_id=who, target=on, deadline=on
        )
        card.items.append(item)
        return {"item": item.id, "on": on.isoformat()}

    repo._card_op("meeting_set", card_id, apply)


def export(capsys: pytest.CaptureFixture[str], fmt: str) -> str:
    code, out, err = run(capsys, "export", "--format", fmt)
    assert code == 0, err
    return out


# --- CSV -----------------------------------------------------------------------------------------


def rows(text: str) -> dict[str, dict[str, str]]:
    return {r["company"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}


def test_the_csv_has_the_hire_and_the_feedback_said(repo: Repository, capsys) -> None:
    card = rejected(repo, hired="Zed Hart")
    repo.log_reply(card, person_id(repo, "Pat Kim", card), "More depth on caching.\nAnd tests.")
    repo.note_interaction(card, person_id(repo, "Lee Wu", card), "Liked the demo", kind="feedback")
    repo.note_interaction(card, person_id(repo, "Lee Wu", card), "Learn Kafka", kind="advice")
    undone = rejected(repo, "Undoneco")
    repo.log_reply(undone, person_id(repo, "Pat Kim", undone), "gone")
    repo.undo()
    quiet = repo.add_interview("Quiet", "Dev")
    out = export(capsys, "csv")
    assert out.splitlines()[0].endswith(",notes,hired,feedback,card id")
    got = rows(out)
    assert got["ACME"]["hired"] == "Zed Hart"
    assert got["ACME"]["feedback"] == (
        "Pat Kim: More depth on caching.\nAnd tests. | Lee Wu: Liked the demo"
    )  # the advice is not feedback
    assert got["Undoneco"]["feedback"] == ""  # an undone reply is not listed
    assert got["Quiet"]["hired"] == got["Quiet"]["feedback"] == ""
    assert got["Quiet"]["card id"] == quiet.card.id


def test_the_hire_and_feedback_from_a_formula_name_are_safe_cells(
    repo: Repository, capsys, tmp_path: Path
) -> None:
    """A card has one hire (naming another replaces it): the cell holds the one named last."""
    view = repo.add_interview("ACME", "Dev", people=[NewPerson("=cmd|' /C calc'!A0")])
    repo.reject(view.card.id, MONDAY, hired="Bo")
    repo.add_person(view.card.id, "@Ann", Role.HIRED)
    repo.log_reply(view.card.id, person_id(repo, "=cmd|' /C calc'!A0"), "+1 for you")
    target = tmp_path / "out.csv"
    code, _, err = run(capsys, "export", "--format", "csv", "--out", str(target))
    assert code == 0, err
    (row,) = rows(target.read_text(encoding="utf-8")).values()
    assert row["hired"] == "'@Ann"
    assert row["feedback"] == "'=cmd|' /C calc'!A0: +1 for you"


def test_a_csv_export_with_the_new_columns_and_a_colon_name_imports_back(
    repo: Repository, capsys, tmp_path: Path
) -> None:
    view = repo.add_interview(
        "ACME", "Dev", people=[NewPerson("Dr. Who: PhD", Role.HIRING_MANAGER)], on=date(2026, 2, 20)
    )
    repo.reject(view.card.id, MONDAY, hired="Zed: Jr")
    repo.log_reply(view.card.id, person_id(repo, "Dr. Who: PhD"), "Good: but slow")
    out = export(capsys, "csv")
    assert rows(out)["ACME"]["people"] == "Dr. Who\\: PhD:hiring_manager; Zed\\: Jr:hired"
    source = tmp_path / "apps.csv"
    source.write_text(out, encoding="utf-8", newline="")
    other = make_home(tmp_path / "other")
    code, _, err = run(capsys, "--home", str(other), "import", str(source))
    assert code == 0, err
    snap = repo_at(other).snapshot()
    (opp,) = snap.opportunities.values()
    assert [(snap.people[x.person_id].name, x.role) for x in opp.people] == [
        ("Dr. Who: PhD", Role.HIRING_MANAGER),
        ("Zed: Jr", Role.HIRED),
    ]
    # The feedback column is not imported: what people said lives in the event log.
    assert not any(e.type == "reply_logged" for e in repo_at(other).events())


def test_an_old_csv_without_the_new_columns_still_imports(
    repo: Repository, capsys, tmp_path
) -> None:
    source = tmp_path / "old.csv"
    source.write_text(
        "company,role,interview date,people,outcome,outcome date,notes,card id\n"
        "ACME,Dev,2026-02-20,Pat Kim:hm; Zed:hired,rejected,2026-02-25,,abc123\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "import", str(source))
    assert code == 0, err
    snap = Repository(repo.paths, repo.settings).snapshot()
    assert sorted(p.name for p in snap.people.values()) == ["Pat Kim", "Zed"]
    assert csvfile.CSV_COLUMNS[-3:] == ("hired", "feedback", "card id")


# --- Markdown weekly report --------------------------------------------------------------------


def section(report: str, title: str) -> str:
    return report.split(f"## {title}")[1].split("\n## ")[0]


def test_md_lists_the_feedback_received_and_the_coffees_held_this_week(
    repo: Repository, capsys
) -> None:
    # Last week (Thursday 26 February): feedback that must not be listed.
    clock.set_now(FIXED_NOW - timedelta(days=4))
    old = repo.add_interview("Oldco", "Dev", people=[NewPerson("Olga")], on=date(2026, 2, 20))
    repo.reject(old.card.id, date(2026, 2, 26))
    repo.log_reply(old.card.id, person_id(repo, "Olga"), "Last week's words")
    clock.set_now(FIXED_NOW)
    card = rejected(repo)
    repo.log_reply(card, person_id(repo, "Pat Kim", card), "More *depth* on caching\nand [tests]")
    repo.log_reply(card, person_id(repo, "Lee Wu", card), "")  # a plain reply: not feedback
    gone = rejected(repo, "Undoneco")
    repo.log_reply(gone, person_id(repo, "Pat Kim", gone), "undone words")
    repo.undo()
    coffee = repo.add_interview("Globex", "SRE", people=[NewPerson("Ana Lima")])
    # Met on Wednesday (logged today, ahead of time is fine for the report's sake), with AIR.
    met(repo, coffee.card.id, "Ana Lima", date(2026, 3, 4), advice="Ship | small", insights="Teams")
    met(repo, coffee.card.id, "Ana Lima", date(2026, 2, 27), advice="Last week's coffee")
    repo.note_interaction(coffee.card.id, person_id(repo, "Ana Lima"), "No met_on", kind="advice")

    report = export(capsys, "md")
    feedback = section(report, "Feedback received this week")
    assert feedback.startswith(" (1)\n")
    assert (
        "- Mon 2026-03-02: Pat Kim, ACME (Engineer): “More \\*depth\\* on caching and \\[tests\\]”"
        in feedback
    )
    assert "Lee Wu" not in feedback and "Olga" not in feedback and "undone" not in feedback
    coffees = section(report, "Coffees held this week")
    assert coffees.startswith(" (1)\n")
    assert (
        "- Wed 2026-03-04: Coffee with Ana Lima, Globex (SRE). Advice: Ship \\| small; "
        "Insights: Teams" in coffees
    )
    assert "Last week" not in coffees and "No met\\_on" not in coffees


def test_md_says_so_when_no_feedback_or_coffee_this_week(repo: Repository, capsys) -> None:
    report = export(capsys, "md")
    assert "## Feedback received this week (0)\n\nNo feedback logged this week." in report
    assert "## Coffees held this week (0)\n\nNo coffee this week." in report


# --- iCalendar -----------------------------------------------------------------------------------


def coffee_card(repo: Repository) -> str:
    """A card in Coffee with Zed Hart named as the hire; returns its id."""
    card = rejected(repo, hired="Zed Hart")
    later = FIXED_NOW + timedelta(days=91)
    clock.set_now(later)
    repo.settle()
    view = repo.find_card(card)
    while view.card.stage is not Stage.COFFEE:
        repo.close_items(card, [i.id for i in view.card.open_items])
        repo.settle()
        view = repo.find_card(card)
    return card


def test_ics_puts_a_coffee_meeting_on_its_day_as_coffee_with_the_name(
    repo: Repository, capsys
) -> None:
    card = coffee_card(repo)
    today = repo.today()
    add_meet(repo, card, "Zed Hart", today + timedelta(days=5))
    cal = icalendar.Calendar.from_ical(export(capsys, "ics"))
    events = {str(e["SUMMARY"]): e for e in cal.walk("VEVENT")}
    meeting = events["Coffee with Zed Hart (ACME)"]
    assert meeting.decoded("DTSTART") == today + timedelta(days=5)
    assert meeting.decoded("DTEND") == today + timedelta(days=6)
    assert "Meeting on" in str(meeting["DESCRIPTION"])
    assert "advice, insights, recommendations with Zed Hart" in str(meeting["DESCRIPTION"])
    assert meeting.walk("VALARM")


def test_ics_keeps_a_past_coffee_meeting_on_its_day_not_as_a_late_reminder(
    repo: Repository, capsys
) -> None:
    card = coffee_card(repo)
    today = repo.today()
    add_meet(repo, card, "Zed Hart", today - timedelta(days=2))
    cal = icalendar.Calendar.from_ical(export(capsys, "ics"))
    (meeting,) = [e for e in cal.walk("VEVENT") if str(e["SUMMARY"]).startswith("Coffee with")]
    assert str(meeting["SUMMARY"]) == "Coffee with Zed Hart (ACME)"
    assert meeting.decoded("DTSTART") == today - timedelta(days=2)
    others = [e for e in cal.walk("VEVENT") if e is not meeting]
    assert others and all(e.decoded("DTSTART") >= today for e in others)


# --- JSON: lossless --------------------------------------------------------------------------------


def test_interactions_coffees_and_contact_details_survive_a_json_export_and_import(
    repo: Repository, tmp_path: Path
) -> None:
    card = rejected(repo, hired="Zed Hart")
    pat, lee = person_id(repo, "Pat Kim", card), person_id(repo, "Lee Wu", card)
    repo.edit_person(
        pat,
        Details(
            title="Staff Engineer",
            email="pat@acme.example",
            linkedin="https://www.linkedin.com/in/patkim",
            notes="Runs the platform team.\nLikes Go.",
        ),
    )
    repo.log_reply(card, pat, "More depth on caching", done=True)
    repo.log_reply(card, lee, "Thanks!")
    repo.note_interaction(card, lee, "Learn Kafka", kind="advice")
    met(repo, card, "Zed Hart", date(2026, 3, 4), advice="Ship small", recommendations="Read DDIA")
    add_meet(repo, card, "Zed Hart", date(2026, 3, 9))

    exported = jsonfile.export_json(repo)
    other = repo_at(make_home(tmp_path / "other"))
    jsonfile.apply_json(other, jsonfile.plan_json(Path("all.json"), exported.decode()))

    copy = repo_at(tmp_path / "other")
    assert copy.snapshot().people == repo.snapshot().people
    person = copy.snapshot().people[pat]
    assert (person.title, person.email, person.linkedin, person.notes) == (
        "Staff Engineer",
        "pat@acme.example",
        "https://www.linkedin.com/in/patkim",
        "Runs the platform team.\nLikes Go.",
    )
    assert [(x.person_id, x.kind, x.text) for x in copy.interactions(card)] == [
        (pat, "feedback", "More depth on caching"),
        (lee, "reply", "Thanks!"),
        (lee, "advice", "Learn Kafka"),
        (person_id(repo, "Zed Hart"), "advice", "Advice: Ship small\nRecommendations: Read DDIA"),
    ]
    (coffee,) = [e for e in copy.events() if e.data.get("met_on")]
    assert coffee.data["air"] == {"advice": "Ship small", "recommendations": "Read DDIA"}
    assert copy.snapshot().cards[card].items == repo.snapshot().cards[card].items  # the meet item
    assert json.loads(jsonfile.export_json(copy))["events"] == json.loads(exported)["events"]
