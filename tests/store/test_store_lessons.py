"""Lessons in the store: each write is one event and one undo entry (no card), read back
through a second ``Repository``; sources are kept once, read as they are now, and one that
no longer exists shows as "(gone)"; a damaged lesson is refused like any damaged record."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import msgspec
import pytest

from tracker import config, paths
from tracker.domain.capture import NewPerson
from tracker.domain.errors import DomainError
from tracker.domain.lessons import GONE, LessonState, Source, rank
from tracker.domain.model import Role
from tracker.store import schema
from tracker.store.errors import StoreError
from tracker.store.health import diagnose
from tracker.store.repo import Repository


def fresh(home: Path) -> Repository:
    """A second repository on the same home, as another process would read it."""
    where = paths.resolve(home)
    return Repository(where, config.load(home / "config.toml"))


def files(home: Path) -> tuple[bytes, bytes]:
    return (home / "tracker.json").read_bytes(), (home / "events.jsonl").read_bytes()


def rejected(repo: Repository, company: str, person: str, said: str) -> str:
    """A card at ``company``, rejected with Pat Kim hired, and ``person``'s feedback."""
    view = repo.add_interview(
        company, "Eng", on=date(2026, 2, 20), people=[NewPerson(person, Role.INTERVIEWER)]
    )
    repo.reject(view.card.id, date(2026, 2, 27), hired=f"Pat {company}")
    (pid,) = [p for p, x in view.people.items() if x.name == person]
    repo.log_reply(view.card.id, pid, said, done=True)
    return view.card.id


def test_add_attach_and_set_are_one_event_each_read_back_and_undone(
    repo: Repository, home: Path
) -> None:
    acme = rejected(repo, "Acme", "Jane Doe", "Explain your trade-offs")
    globex = rejected(repo, "Globex", "Ann Bo", "Say trade-offs out loud")
    repo.compare(globex, "Ten years of SRE", ["Kubernetes in production"], "no")
    (jane,) = repo.card_sources(acme)
    ann, gap = repo.card_sources(globex)
    assert (jane.kind, ann.kind, gap.kind) == ("feedback", "feedback", "gap")

    made = repo.add_lesson("Explain trade-offs out loud", "System Design", [jane.source])
    events = len(repo.events())
    stored = fresh(home)
    (lesson,) = stored.lessons()
    assert lesson.lesson.theme == "system design" and lesson.lesson.state is LessonState.OPEN
    assert lesson.lesson.created == date(2026, 3, 2)
    assert [s.words() for s in lesson.sources] == ["feedback said by Jane Doe at Acme, 2026-03-02"]
    last = stored.events()[-1]
    assert last.type == "lesson_added" and last.card_id is None
    assert last.data["lesson"] == made.lesson.id

    after, added = repo.attach("trade-offs", [ann.source, jane.source, ann.source])
    assert added == [ann.source] and after.companies == 2
    assert len(repo.events()) == events + 1 and repo.events()[-1].type == "lesson_attached"
    repo.add_lesson("Run Kubernetes in production", "kubernetes", [gap.source])
    themes = rank(fresh(home).lessons())
    assert [(t.name, t.companies, t.sources) for t in themes] == [
        ("system design", 2, 2),
        ("kubernetes", 1, 1),
    ]
    assert themes[1].lessons[0].sources[0].words() == (
        "the hire at Globex (Pat Globex) had it, 2026-03-02"
    )

    view, changed = repo.set_lesson_state(made.lesson.id[:5], LessonState.LEARNED)
    assert changed and fresh(home).find_lesson("trade").state is LessonState.LEARNED
    view, changed = repo.set_lesson_state("trade", LessonState.OPEN)  # any state, any order
    assert changed and view.lesson.state is LessonState.OPEN

    assert fresh(home).undo() == "setting “Explain trade-offs out loud” to open"
    assert repo.find_lesson("trade").state is LessonState.LEARNED
    assert repo.undo() == "setting “Explain trade-offs out loud” to learned"
    assert repo.undo() == "adding the lesson “Run Kubernetes in production”"
    assert repo.undo() == "attaching 1 source to “Explain trade-offs out loud”"
    assert [s.source for s in fresh(home).lessons()[0].sources] == [jane.source]
    assert repo.undo() == "adding the lesson “Explain trade-offs out loud”"
    assert fresh(home).lessons() == []


def test_nothing_is_written_when_nothing_changes_or_input_is_bad(
    repo: Repository, home: Path
) -> None:
    acme = rejected(repo, "Acme", "Jane Doe", "Explain your trade-offs")
    (jane,) = repo.card_sources(acme)
    repo.add_lesson("Explain trade-offs", "design", [jane.source])
    before = files(home)
    view, added = repo.attach("explain", [jane.source])
    assert added == [] and len(view.sources) == 1
    _, changed = repo.set_lesson_state("explain", LessonState.OPEN)
    assert not changed
    for bad in (
        lambda: repo.add_lesson("EXPLAIN  trade-offs", "other"),  # the same text
        lambda: repo.add_lesson("", "design"),
        lambda: repo.add_lesson("Speak up", "x" * 41),
        lambda: repo.add_lesson("Speak up", "design", [Source.interaction("nope")]),
        lambda: repo.add_lesson("Speak up", "design", [Source.of_gap("nope", "g1")]),
        lambda: repo.attach("explain", [Source.interaction("nope")]),
        lambda: repo.attach("nothing like it", [jane.source]),
        lambda: repo.set_lesson_state("", LessonState.LEARNED),
    ):
        with pytest.raises(DomainError):
            bad()
    assert files(home) == before


def test_a_lesson_is_found_by_id_prefix_exact_text_or_a_part_only_one_holds(
    repo: Repository,
) -> None:
    one = repo.add_lesson("Explain trade-offs", "design").lesson
    two = repo.add_lesson("Explain trade-offs out loud", "design").lesson
    assert repo.find_lesson(one.id[:4]).id == one.id
    assert repo.find_lesson("explain  TRADE-OFFS").id == one.id  # exact beats the longer one
    assert repo.find_lesson("loud").id == two.id
    with pytest.raises(DomainError, match="matches 2 lessons"):
        repo.find_lesson("explain")
    with pytest.raises(DomainError, match="no lesson matches"):
        repo.find_lesson("kubernetes")


def test_a_source_that_no_longer_exists_shows_as_gone(repo: Repository, home: Path) -> None:
    acme = rejected(repo, "Acme", "Jane Doe", "Explain your trade-offs")
    repo.compare(acme, "", ["Kubernetes", "Go"], "no")
    said, k8s, go = repo.card_sources(acme)
    repo.add_lesson("Explain trade-offs", "design", [said.source, k8s.source, go.source])
    repo.compare(acme, "", ["Go"], "no")  # Kubernetes is no longer a gap
    (view,) = fresh(home).lessons()
    assert [s.words() for s in view.sources][1] == GONE
    assert view.sources[2].text == "Go" and len(view.live) == 2

    # The board undoes its own note after a lesson was made from it elsewhere: the
    # lesson stays (undo_own leaves newer actions on other records alone).
    board = fresh(home)
    people = repo.find_card("acme").people
    (pid,) = [key for key, person in people.items() if person.name == "Jane Doe"]
    board.note_interaction(acme, pid, "Slow down when you explain", "advice")
    (_, later, _) = repo.card_sources(acme)
    assert later.kind == "advice" and later.words().startswith("advice said by Jane Doe at Acme")
    repo.add_lesson("Slow down", "communication", [later.source])
    assert board.undo_own().done
    views = {v.lesson.text: v for v in fresh(home).lessons()}
    assert [s.words() for s in views["Slow down"].sources] == [GONE]
    assert views["Slow down"].companies == 0
    assert rank(views.values())[-1].sources == 0
    assert [s.text for s in fresh(home).card_sources(acme)] == ["Explain your trade-offs", "Go"]
    assert said.source in views["Explain trade-offs"].lesson.sources
    fresh(home).set_lesson_state("slow", LessonState.LEARNED)  # and it can still be written
    with pytest.raises(DomainError, match="no longer exists"):
        repo.attach("explain", [later.source])


def test_a_damaged_lesson_is_refused_by_reads_and_writes(repo: Repository, home: Path) -> None:
    repo.add_interview("Acme", "Eng")
    made = repo.add_lesson("Explain trade-offs", "design").lesson
    data = msgspec.json.decode((home / "tracker.json").read_bytes())
    data["lessons"][made.id]["state"] = "bogus"
    (home / "tracker.json").write_bytes(msgspec.json.encode(data))
    before = files(home)
    with pytest.raises(StoreError, match="is damaged"):
        fresh(home).lessons()
    with pytest.raises(StoreError, match="is damaged"):
        fresh(home).add_interview("Globex", "SRE")
    assert files(home) == before
    found = [finding.problem for finding in diagnose(paths.resolve(home)).findings]
    assert any(f"record {made.id!r} in lessons is malformed" in why for why in found), found


def test_the_migration_to_3_starts_the_lessons_table_empty() -> None:
    old = schema.empty()
    del old["lessons"]
    schema.meta(old)["schema"] = 2
    data, version = schema.migrate(old)
    assert version == 2 and data["lessons"] == {} and schema.version_of(data) == 4
    assert "lessons" in schema.empty()
