"""Lessons in the domain: input checks, sources kept once, sources read as they are now
("(gone)" when missing), and the ranking (more companies first, then more sources)."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.errors import DomainError
from tracker.domain.lessons import (
    GONE,
    MAX_TEXT,
    MAX_THEME,
    Lesson,
    LessonState,
    LessonView,
    Source,
    SourceView,
    check_state,
    check_text,
    check_theme,
    merge_sources,
    new_lesson,
    rank,
    resolve,
    strength_words,
    suggested_text,
)
from tracker.domain.model import Comparison, Gap, Opportunity
from tracker.domain.people import Interaction

DAY = date(2026, 3, 2)


def test_text_and_theme_are_trimmed_the_theme_lower_case_and_bad_input_refused() -> None:
    assert check_text("  explain   trade-offs ") == "explain trade-offs"
    assert check_theme("  System   Design ") == "system design"
    assert check_text("x" * MAX_TEXT) == "x" * MAX_TEXT
    for bad in ("", "   ", "x" * (MAX_TEXT + 1), "ok\x1b]52;c;x\x07", "two\nlines"):
        with pytest.raises(DomainError):
            check_text(bad)
    for bad in ("", "x" * (MAX_THEME + 1), "k8s\x9b"):
        with pytest.raises(DomainError):
            check_theme(bad)


def test_states_any_order_and_american_spelling() -> None:
    assert check_state("Practicing") is LessonState.PRACTISING
    assert check_state("learned") is LessonState.LEARNED
    assert check_state(" open ") is LessonState.OPEN
    with pytest.raises(DomainError, match="open, practising or learned"):
        check_state("done")


def test_a_source_attached_twice_is_kept_once() -> None:
    said, gap = Source.interaction("e1"), Source.of_gap("o1", "g1")
    lesson = new_lesson("l1", "Explain trade-offs", "Design", [said, gap, said], on=DAY)
    assert lesson.sources == (said, gap) and lesson.theme == "design"
    assert lesson.state is LessonState.OPEN and lesson.created == DAY
    merged, added = merge_sources(
        lesson.sources, [Source.of_gap("o1", "g1"), Source.of_gap("o1", "g2")]
    )
    assert added == [Source.of_gap("o1", "g2")] and len(merged) == 3


def test_a_lesson_survives_its_document() -> None:
    lesson = new_lesson(
        "l1", "Explain", "design", [Source.interaction("e1"), Source.of_gap("o1", "g2")], on=DAY
    )
    assert Lesson.from_doc(lesson.to_doc()) == lesson
    with pytest.raises(ValueError):
        Lesson.from_doc(lesson.to_doc() | {"sources": [{"kind": "gap", "opportunity": "o1"}]})
    with pytest.raises(ValueError):
        Lesson.from_doc(lesson.to_doc() | {"state": "done"})
    with pytest.raises(TypeError):
        Lesson.from_doc(lesson.to_doc() | {"text": None})


def opportunity(opp_id: str, company: str, gaps: tuple[Gap, ...] = ()) -> Opportunity:
    opp = Opportunity(id=opp_id, company=company, role="Eng", interviews=[DAY], created_at="x")
    if gaps:
        opp.comparison = Comparison(on=DAY, person_id="pat", gaps=gaps)
    return opp


def test_sources_read_who_said_it_where_and_when_and_gone_ones_show_as_gone() -> None:
    said = {"e1": Interaction("e1", DAY, "jane", "c1", "feedback", "Talk it through")}
    opps = {"o1": opportunity("o1", "Globex", (Gap("g1", "Kubernetes"),))}
    names = {"jane": "Jane Doe", "pat": "Pat Kim"}
    cards = {"c1": "Acme"}

    def read(source: Source) -> SourceView:
        return resolve(source, said, opps, names, cards)

    jane = read(Source.interaction("e1"))
    assert jane.words() == "feedback said by Jane Doe at Acme, 2026-03-02"
    assert jane.text == "Talk it through"
    hire = read(Source.of_gap("o1", "g1"))
    assert hire.words() == "the hire at Globex (Pat Kim) had it, 2026-03-02"
    assert hire.text == "Kubernetes"
    for gone in (
        Source.interaction("undone"),
        Source.of_gap("o1", "g9"),
        Source.of_gap("nowhere", "g1"),
    ):
        assert read(gone).gone and read(gone).words() == GONE
    assert read(Source.interaction("undone")).to_json() == {
        "kind": "interaction",
        "event": "undone",
        "gone": True,
    }


def view(lesson_id: str, theme: str, *companies: str, gone: int = 0) -> LessonView:
    lesson = new_lesson(lesson_id, f"lesson {lesson_id}", theme, [], on=DAY)
    sources = tuple(
        SourceView(Source.interaction(f"{lesson_id}{n}"), kind="feedback", company=company)
        for n, company in enumerate(companies)
    ) + tuple(SourceView(Source.interaction(f"{lesson_id}x{n}"), gone=True) for n in range(gone))
    return LessonView(lesson, sources)


def test_themes_rank_by_distinct_companies_first_then_by_sources() -> None:
    views = [
        view("a", "kubernetes", "Globex", "Globex", "Globex"),  # 3 sources, 1 company
        view("b", "communication", "Acme", "globex"),  # 2 sources, 2 companies
        view("c", "sql", "Initech", gone=4),  # gone sources count for nothing
        view("d", "kubernetes", "Globex"),
        view("e", "sql"),
    ]
    themes = rank(views)
    assert [t.name for t in themes] == ["communication", "kubernetes", "sql"]
    assert [(t.companies, t.sources) for t in themes] == [(2, 2), (1, 4), (1, 1)]
    assert [v.lesson.id for v in themes[1].lessons] == ["a", "d"]
    assert [v.lesson.id for v in themes[2].lessons] == ["c", "e"]
    assert strength_words(2, 3) == "3 sources from 2 companies"
    assert strength_words(1, 1) == "1 source" and strength_words(0, 0) == "no sources"


def test_within_a_theme_equal_lessons_go_open_practising_learned() -> None:
    first, second = view("a", "t", "Acme"), view("b", "t", "Acme")
    first.lesson.state = LessonState.LEARNED
    assert [v.lesson.id for v in rank([first, second])[0].lessons] == ["b", "a"]


def test_a_suggested_lesson_is_the_gap_or_the_first_line_said() -> None:
    """What the detail's lesson form starts with: the gap's text; the first non-empty line
    of feedback; a meeting note without its "Advice: " label; a long line cut at a word to
    fit a lesson; nothing for a source that is gone."""
    gap = SourceView(Source.of_gap("o1", "g1"), kind="gap", text="Kubernetes in production")
    said = SourceView(
        Source.interaction("e1"), kind="feedback", text="\n  Talk it   through\nAnd more."
    )
    notes = SourceView(
        Source.interaction("e2"), kind="advice", text="Advice: Ship small\nInsights: remote"
    )
    long = SourceView(Source.interaction("e3"), kind="feedback", text="word " * 60)
    assert suggested_text(gap) == "Kubernetes in production"
    assert suggested_text(said) == "Talk it through"
    assert suggested_text(notes) == "Ship small"
    cut = suggested_text(long)
    assert len(cut) <= MAX_TEXT and cut.endswith("word") and check_text(cut) == cut
    assert suggested_text(SourceView(Source.interaction("e4"), gone=True)) == ""
