"""`tracker lesson add|attach|set|sources` and `tracker lessons` (text, ``--theme``, ``--json``).

The clock is Monday 2026-03-02 10:00 UTC (the autouse ``home`` fixture). What a command
wrote is read back through a second ``Repository`` (the ``repo`` fixture); refused input
prints one sentence, exits non-zero and leaves the files as they were.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tracker.domain.lessons import LessonState
from tracker.store.repo import Repository

from support.cli import fails, ok


def files(home: Path) -> tuple[bytes, bytes]:
    return (home / "tracker.json").read_bytes(), (home / "events.jsonl").read_bytes()


def two_rejections(capsys: pytest.CaptureFixture[str]) -> None:
    """Globex: Jane Doe's feedback and a comparison with two gaps; Acme: Ann Bo's feedback."""
    ok(capsys, "add", "Globex", "SRE", "--with", "Jane Doe", "--on", "2026-02-20")
    ok(capsys, "add", "Acme", "Eng", "--with", "Ann Bo", "--on", "2026-02-23")
    ok(capsys, "reject", "globex", "--hired", "Pat Kim")
    ok(capsys, "reject", "acme")
    ok(capsys, "reply", "globex", "Jane Doe", "You did not explain trade-offs", "--done")
    ok(capsys, "reply", "acme", "Ann Bo", "Talk through trade-offs first", "--done")
    ok(
        capsys,
        *("compare", "globex", "--background", "SRE", "--gap", "Kubernetes in production"),
        *("--gap", "on-call", "--better", "no"),
    )


def test_sources_are_numbered_and_a_lesson_takes_them_from_two_companies(
    capsys: pytest.CaptureFixture[str], repo: Repository
) -> None:
    two_rejections(capsys)
    out = ok(capsys, "lesson", "sources", "globex")
    assert out.splitlines()[:4] == [
        "Sources on Globex (SRE):",
        "  1  feedback said by Jane Doe at Globex, 2026-03-02: “You did not explain trade-offs”",
        "  2  the hire at Globex (Pat Kim) had it, 2026-03-02: “Kubernetes in production”",
        "  3  the hire at Globex (Pat Kim) had it, 2026-03-02: “on-call”",
    ]

    out = ok(
        capsys,
        *("lesson", "add", "Explain trade-offs out loud", "--theme", "System Design"),
        *("--from", "globex", "--source", "1"),
    )
    assert out.startswith("Added the lesson “Explain trade-offs out loud” (")
    assert out.endswith(", system design): 1 source.\n")
    # Acme has exactly one source: --from alone takes it.
    out = ok(capsys, "lesson", "attach", "trade-offs", "--from", "acme")
    assert "Attached 1 source to “Explain trade-offs out loud”" in out
    assert out.endswith("it has 2 sources from 2 companies.\n")
    out = ok(capsys, "lesson", "attach", "trade-offs", "--from", "acme")
    assert out == "“Explain trade-offs out loud” already has that source; nothing changed.\n"
    ok(
        capsys,
        *("lesson", "add", "Run Kubernetes", "--theme", "kubernetes"),
        *("--from", "globex", "--source", "2", "--source", "3", "--source", "2"),
    )

    (trade,) = [v for v in repo.lessons() if v.lesson.theme == "system design"]
    assert [(s.who, s.company) for s in trade.sources] == [
        ("Jane Doe", "Globex"),
        ("Ann Bo", "Acme"),
    ]
    (k8s,) = [v for v in repo.lessons() if v.lesson.theme == "kubernetes"]
    assert [s.text for s in k8s.sources] == ["Kubernetes in production", "on-call"]

    shown = ok(capsys, "lessons")
    lines = shown.splitlines()
    assert lines[0] == "system design — 2 sources from 2 companies"
    assert lines[1].endswith("[open] Explain trade-offs out loud  (2 companies)")
    assert lines[4] == "kubernetes — 2 sources"
    out = ok(capsys, "lesson", "sources", "globex")
    assert "“You did not explain trade-offs” (in “Explain trade-offs out loud”)" in out

    shape = json.loads(ok(capsys, "lessons", "--theme", "KUBERNETES", "--json"))
    assert [t["theme"] for t in shape] == ["kubernetes"]
    assert shape[0]["lessons"][0]["sources"][0] == {
        "kind": "gap",
        "opportunity": repo.find_card("globex").opportunity.id,
        "gap": "g1",
        "gone": False,
        "said_as": "gap",
        "who": "Pat Kim",
        "company": "Globex",
        "day": "2026-03-02",
        "text": "Kubernetes in production",
    }


def test_set_changes_the_state_in_any_order_and_undo_puts_it_back(
    capsys: pytest.CaptureFixture[str], repo: Repository
) -> None:
    ok(capsys, "lesson", "add", "Speak slowly", "--theme", "communication")
    lesson = repo.find_lesson("speak")
    assert ok(capsys, "lesson", "set", lesson.id[:4], "learned") == (
        f"“Speak slowly” ({lesson.id[:6]}) is now learned.\n"
    )
    assert ok(capsys, "lesson", "set", "speak slowly", "practicing").endswith(
        "is now practising.\n"
    )
    assert "already practising; nothing changed" in ok(
        capsys, "lesson", "set", "speak", "practising"
    )
    assert repo.find_lesson("speak").state is LessonState.PRACTISING
    assert ok(capsys, "undo") == "Undid: setting “Speak slowly” to practising.\n"
    assert repo.find_lesson("speak").state is LessonState.LEARNED
    ok(capsys, "undo")
    ok(capsys, "undo")
    assert repo.lessons() == []
    assert ok(capsys, "lessons").startswith("No lessons yet.")


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["lesson", "frob"], "use add, attach, set or sources"),
        (["lesson", "add"], "needs the lesson"),
        (["lesson", "add", "Speak up"], "--theme T"),
        (["lesson", "add", "Speak\x1b]52;c;eA==\x07 up", "--theme", "x"], "control character"),
        (["lesson", "add", "x" * 201, "--theme", "x"], "201 characters"),
        (["lesson", "add", "Speak up", "--theme", " "], "the theme is empty"),
        (["lesson", "add", "Explain TRADE-OFFS", "--theme", "x"], "already a lesson"),
        (["lesson", "add", "Speak up", "--theme", "x", "--from", "globex"], "has 3 sources (1 "),
        (["lesson", "add", "Speak up", "--theme", "x", "--from", "initech"], "no card matches"),
        (["lesson", "add", "Speak up", "--theme", "x", "--source", "1"], "needs --from CARD"),
        (["lesson", "add", "Up", "--theme", "x", "--from", "globex", "--source", "4"], "1 to 3"),
        (["lesson", "add", "Up", "--theme", "x", "--from", "globex", "--source", "x"], "1 to 3"),
        (["lesson", "attach", "trade", "--from", "initech"], "no card matches"),
        (["lesson", "attach", "trade"], "--from CARD"),
        (["lesson", "attach", "nothing", "--from", "acme"], "no lesson matches"),
        (["lesson", "set", "trade"], "needs a lesson and a state"),
        (["lesson", "set", "trade", "done"], "open, practising or learned"),
        (["lesson", "set", "nothing", "learned"], "no lesson matches"),
        (["lesson", "set", "trade", "learned", "--theme", "x"], "--theme goes with"),
        (["lesson", "sources", "trade", "--from", "acme"], "--from and --source go with"),
        (["lesson", "sources"], "needs a card"),
        (["lessons", "--theme", "sql"], "no lesson has the theme 'sql'; the themes: design."),
    ],
)
def test_bad_input_is_one_sentence_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], home: Path, argv: list[str], says: str
) -> None:
    two_rejections(capsys)
    ok(capsys, "lesson", "add", "Explain trade-offs", "--theme", "design")
    ok(capsys, "add", "Initech", "Dev")
    ok(capsys, "undo")
    before = files(home)
    assert says in fails(capsys, *argv)
    assert files(home) == before


def test_a_card_with_nothing_to_take_says_so(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    ok(capsys, "add", "Acme", "Eng", "--with", "Ann Bo")
    assert "has no feedback, advice or comparison gap yet" in ok(
        capsys, "lesson", "sources", "acme"
    )
    before = files(home)
    err = fails(capsys, "lesson", "add", "Speak up", "--theme", "x", "--from", "acme")
    assert "Acme (Eng) has no feedback, advice or comparison gap yet" in err
    assert files(home) == before


def test_text_from_data_reaches_the_terminal_shown_not_sent(
    capsys: pytest.CaptureFixture[str], repo: Repository
) -> None:
    ok(capsys, "add", "Ev\x1b]0;il", "Eng", "--with", "Ann Bo")
    ok(capsys, "reject", "ev")
    ok(capsys, "reply", "ev", "Ann Bo", "Say it", "--done")
    ok(capsys, "lesson", "add", "Speak up", "--theme", "x", "--from", "ev")
    for out in (ok(capsys, "lessons"), ok(capsys, "lesson", "sources", "ev")):
        assert "\x1b" not in out and "Ev^[]0;il" in out
