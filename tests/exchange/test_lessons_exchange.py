"""Lessons survive a JSON export and import whole: the table, the events and the undo entries
that would put a lesson back; a broken lesson in an export is refused in one sentence."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tracker.domain.capture import NewPerson
from tracker.domain.lessons import LessonState
from tracker.domain.model import Role
from tracker.store.repo import Repository

from support.exchange import make_home, one_sentence_error, repo_at, run, state


def home_with_lessons(repo: Repository, board: Repository) -> None:
    """Acme and Globex rejected with feedback; two lessons, one from both, one practising;
    a third lesson whose only source the board undid (it shows as gone)."""
    for company, person in (("Acme", "Jane Doe"), ("Globex", "Ann Bo")):
        view = repo.add_interview(
            company, "Eng", on=date(2026, 2, 20), people=[NewPerson(person, Role.INTERVIEWER)]
        )
        repo.reject(view.card.id, date(2026, 2, 27), hired="Pat Kim")
        (pid,) = [p for p, x in view.people.items() if x.name == person]
        repo.log_reply(view.card.id, pid, f"{person}: explain trade-offs", done=True)
    acme, globex = repo.find_card("acme").card.id, repo.find_card("globex").card.id
    repo.compare(globex, "SRE", ["Kubernetes"], "no")
    (jane,) = repo.card_sources(acme)
    ann, k8s = repo.card_sources(globex)
    repo.add_lesson("Explain trade-offs", "design", [jane.source])
    repo.attach("trade", [ann.source])
    repo.add_lesson("Run Kubernetes", "kubernetes", [k8s.source])
    repo.set_lesson_state("kubernetes", LessonState.PRACTISING)
    people = repo.find_card("acme").people
    (pid,) = [p for p, x in people.items() if x.name == "Jane Doe"]
    board.note_interaction(acme, pid, "Slow down", "advice")
    (_, advice) = repo.card_sources(acme)
    repo.add_lesson("Slow down", "communication", [advice.source])
    assert board.undo_own().done


def export(capsys: pytest.CaptureFixture[str]) -> str:
    code, out, err = run(capsys, "export", "--format", "json")
    assert code == 0, err
    return out


def test_lessons_round_trip_through_a_json_export(
    repo: Repository, home: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    home_with_lessons(repo, repo_at(home))
    text = export(capsys)
    assert len(json.loads(text)["tables"]["lessons"]) == 3
    source = tmp_path / "export.json"
    source.write_text(text)
    other = make_home(tmp_path / "other")
    code, out, err = run(capsys, "--home", str(other), "import", str(source), "--dry-run")
    assert code == 0, err
    assert "3 lessons" in out
    code, out, err = run(capsys, "--home", str(other), "import", str(source))
    assert code == 0, err
    assert state(other) == state(home)
    assert (other / "events.jsonl").read_bytes() == (home / "events.jsonl").read_bytes()

    copied = repo_at(other)
    assert copied.lessons() == repo.lessons()
    texts = {v.lesson.text: [s.words() for s in v.sources] for v in copied.lessons()}
    assert texts["Slow down"] == ["(gone)"]
    assert texts["Explain trade-offs"][1] == "feedback said by Ann Bo at Globex, 2026-03-02"
    # the undo entries came along: the import's home undoes the last lesson like the first
    assert copied.undo() == "adding the lesson “Slow down”"
    assert copied.undo() == "setting “Run Kubernetes” to practising"
    assert copied.find_lesson("kubernetes").state is LessonState.OPEN


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("state", "done", "the state of lesson"),
        ("created", "someday", "the created of lesson"),
        ("sources", [{"kind": "gap", "opportunity": 7, "gap": "g1"}], "the opportunity of"),
        ("sources", [{"kind": "rumour"}], "neither an interaction nor a gap"),
    ],
)
def test_a_broken_lesson_in_an_export_is_refused(
    repo: Repository,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    field: str,
    value: object,
    words: str,
) -> None:
    repo.add_interview("Acme", "Eng")
    repo.add_lesson("Explain trade-offs", "design")
    doc = json.loads(export(capsys))
    (lesson,) = doc["tables"]["lessons"].values()
    lesson[field] = value
    source = tmp_path / "export.json"
    source.write_text(json.dumps(doc))
    other = tmp_path / "other"
    last = one_sentence_error(*run(capsys, "--home", str(other), "import", str(source)))
    assert words in last and str(source) in last
    assert not (other / "tracker.json").exists()
