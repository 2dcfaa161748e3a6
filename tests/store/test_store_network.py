"""The network in the store: a card's end day, last contacts stamped by interactions, and
check-ins done, skipped and snoozed as undoable actions, read back through a second
Repository."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from tracker import clock, config, paths
from tracker.domain.capture import NewPerson
from tracker.domain.errors import DomainError
from tracker.domain.model import Outcome, Role
from tracker.domain.network import DEFAULT
from tracker.domain.people import Details
from tracker.store.repo import Repository

from support import FIXED_NOW

TODAY = FIXED_NOW.date()


def fresh(home: Path) -> Repository:
    """A second repository on the same home, as another process would read it."""
    return Repository(paths.resolve(home), config.load(home / "config.toml"))


def files(home: Path) -> tuple[bytes, bytes]:
    return (home / "tracker.json").read_bytes(), (home / "events.jsonl").read_bytes()


def later(days: int) -> None:
    clock.set_now(FIXED_NOW + timedelta(days=days))


def done_card(repo: Repository, name: str = "Jane Doe") -> str:
    """Acme, interviewed today with ``name``, ended today by an offer; returns their id."""
    view = repo.add_interview("Acme", "Dev", people=[NewPerson(name, Role.INTERVIEWER)])
    repo.finish(view.card.id, Outcome.OFFER, TODAY)
    return view.opportunity.people[0].person_id


def test_a_card_that_ends_keeps_its_day_and_its_people_are_due_90_days_later(repo, home):
    jane = done_card(repo)
    stored = fresh(home)
    (card,) = stored.snapshot().cards.values()
    assert card.ended == TODAY
    (touch,) = stored.touches()
    assert (touch.person.id, touch.last_contact) == (jane, TODAY)
    assert touch.due_on == TODAY + timedelta(days=90)
    assert stored.due_touches() == []
    later(90)
    assert [t.person.name for t in fresh(home).due_touches()] == ["Jane Doe"]


def test_the_config_sets_the_default_cadence(repo, home):
    done_card(repo)
    (home / "config.toml").write_text('[time]\ntimezone = "UTC"\n[network]\nevery = 30\n')
    (touch,) = fresh(home).touches()
    assert touch.due_on == TODAY + timedelta(days=30)
    (home / "config.toml").write_text('[time]\ntimezone = "UTC"\n[network]\nevery = "never"\n')
    assert fresh(home).touches() == []


def test_touch_done_moves_the_last_contact_keeps_the_note_and_undoes(repo, home):
    jane = done_card(repo)
    later(95)
    repo.touch_done(jane, "  Talked about their new team  ")
    stored = fresh(home)
    person = stored.snapshot().people[jane]
    assert person.contacted == TODAY + timedelta(days=95)
    assert stored.due_touches() == []
    (touch,) = stored.touches()
    assert touch.due_on == TODAY + timedelta(days=185)
    event = stored.events()[-1]
    assert (event.type, event.card_id, event.data["person"], event.data["text"]) == (
        "touch_done",
        None,
        jane,
        "Talked about their new team",
    )
    from tracker.domain.people import interactions

    (said,) = interactions(stored.events())
    assert (said.kind, said.text, said.card_id) == ("note", "Talked about their new team", None)
    assert TODAY + timedelta(days=95) in stored.kept_days()

    assert repo.undo() == "the check-in with Jane Doe"
    back = fresh(home)
    assert back.snapshot().people[jane].contacted is None
    assert [t.person.id for t in back.due_touches()] == [jane]
    assert interactions(back.events()) == []
    assert TODAY + timedelta(days=95) not in back.kept_days()


def test_skip_needs_a_reason_restarts_the_cadence_and_keeps_the_day(repo, home):
    jane = done_card(repo)
    later(91)
    before = files(home)
    with pytest.raises(DomainError, match="say why"):
        repo.skip_touch(jane, "   ")
    assert files(home) == before
    repo.skip_touch(jane, "they changed jobs, wrote on LinkedIn instead")
    stored = fresh(home)
    assert stored.due_touches() == []
    assert stored.touches()[0].due_on == TODAY + timedelta(days=91 + 90)
    assert TODAY + timedelta(days=91) in stored.kept_days()
    repo.undo()
    assert TODAY + timedelta(days=91) not in fresh(home).kept_days()


def test_snooze_puts_it_off_until_a_day_after_today(repo, home):
    jane = done_card(repo)
    later(91)
    before = files(home)
    with pytest.raises(DomainError, match="after today"):
        repo.snooze_touch(jane, TODAY + timedelta(days=91))
    assert files(home) == before
    repo.snooze_touch(jane, TODAY + timedelta(days=98))
    stored = fresh(home)
    assert stored.due_touches() == []
    assert stored.touches()[0].due_on == TODAY + timedelta(days=98)
    assert TODAY + timedelta(days=91) not in stored.kept_days()  # a snooze is no follow-up
    later(98)
    assert len(fresh(home).due_touches()) == 1
    repo.touch_done(jane)
    assert fresh(home).snapshot().people[jane].touch_snoozed is None
    repo.undo()
    assert fresh(home).snapshot().people[jane].touch_snoozed == TODAY + timedelta(days=98)


def test_interactions_stamp_the_last_contact_with_their_action(repo, home):
    view = repo.add_interview("Acme", "Dev", people=[NewPerson("Jane Doe", Role.INTERVIEWER)])
    jane = view.opportunity.people[0].person_id
    later(3)
    repo.log_reply(view.card.id, jane, "thanks!")
    assert fresh(home).snapshot().people[jane].contacted == TODAY + timedelta(days=3)
    later(5)
    repo.note_interaction(view.card.id, jane, "met at a meetup")
    assert fresh(home).snapshot().people[jane].contacted == TODAY + timedelta(days=5)
    repo.undo()
    assert fresh(home).snapshot().people[jane].contacted == TODAY + timedelta(days=3)
    repo.archive(view.card.id)
    (touch,) = fresh(home).touches()
    assert touch.last_contact == TODAY + timedelta(days=5)  # archived today (day 5)
    repo.undo()
    assert fresh(home).snapshot().cards[view.card.id].ended is None


def test_people_on_a_card_on_the_board_get_no_touch_and_cannot_be_touched(repo, home):
    jane = done_card(repo)
    acme2 = repo.add_interview("Initech", "Dev")
    repo.add_person(acme2.card.id, "Jane Doe", Role.INTERVIEWER)  # the same Jane, on the board
    later(200)
    stored = fresh(home)
    assert stored.due_touches() == []
    before = files(home)
    with pytest.raises(DomainError, match="still on the board \\(Initech\\)"):
        stored.touch_done(jane)
    assert files(home) == before


def test_the_cadence_per_person_is_set_reset_and_undone(repo, home):
    jane = done_card(repo)
    person, changed = repo.edit_person(jane, Details(), every=30)
    assert changed == ["every"]
    assert fresh(home).touches()[0].due_on == TODAY + timedelta(days=30)
    repo.edit_person(jane, Details(), every=0)
    assert fresh(home).touches() == []
    _, changed = repo.edit_person(jane, Details(), every=0)
    assert changed == []
    repo.edit_person(jane, Details(), every=DEFAULT)
    assert fresh(home).snapshot().people[jane].every is None
    repo.undo()
    assert fresh(home).snapshot().people[jane].every == 0


def test_a_json_export_round_trips_the_network(repo, home, tmp_path):
    from tracker.exchange.jsonfile import apply_json, export_json, plan_json

    jane = done_card(repo)
    repo.edit_person(jane, Details(), every=45)
    later(50)
    repo.snooze_touch(jane, date(2026, 6, 1))
    repo.touch_done(jane, "caught up")
    text = export_json(repo).decode()
    other = tmp_path / "other"
    other.mkdir()
    (other / "config.toml").write_text('[time]\ntimezone = "UTC"\n')
    apply_json(fresh(other), plan_json(tmp_path / "export.json", text))
    person = fresh(other).snapshot().people[jane]
    assert (person.every, person.contacted) == (45, TODAY + timedelta(days=50))
