"""The comparison with the person hired (tracker.domain.comparison): checked input, gaps
with ids that survive an edit, and the opportunity document that carries it."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.comparison import MAX_BACKGROUND, MAX_GAP, check_better, compare
from tracker.domain.errors import DomainError
from tracker.domain.model import Comparison, Gap, Opportunity

DAY = date(2026, 3, 2)


def made(background: str = "", gaps: tuple[str, ...] = (), better: str = "yes") -> Comparison:
    return compare(background, gaps, better, on=DAY, person_id="p1")


def test_gaps_are_trimmed_numbered_and_duplicates_dropped() -> None:
    comparison = made(
        "Ten years of SRE\nat a bank",
        ("  Kubernetes   in production ", "Go", "kubernetes in production", "Go"),
    )
    assert comparison.gaps == (Gap("g1", "Kubernetes in production"), Gap("g2", "Go"))
    assert comparison.background == "Ten years of SRE\nat a bank"
    assert comparison.person_id == "p1" and comparison.on == DAY and comparison.better == "yes"


def test_an_edit_keeps_the_ids_of_unchanged_gaps_and_numbers_new_ones_after() -> None:
    first = made("", ("Kubernetes", "Go", "Public talks"))
    again = compare(
        "now with a background",
        ("Public talks", "Terraform", "KUBERNETES"),
        "no",
        on=date(2026, 3, 9),
        person_id="p1",
        before=first,
    )
    assert again.gaps == (
        Gap("g3", "Public talks"),
        Gap("g4", "Terraform"),
        Gap("g1", "KUBERNETES"),
    )
    assert again.on == date(2026, 3, 9) and again.better == "no"


def test_a_removed_gaps_number_is_never_given_to_another_text() -> None:
    first = made("", ("Kubernetes", "Go"))
    without = compare("", ("Kubernetes",), "yes", on=DAY, person_id="p1", before=first)
    assert without.gaps == (Gap("g1", "Kubernetes"),) and without.issued == 2
    back = compare("", ("Kubernetes", "Rust"), "yes", on=DAY, person_id="p1", before=without)
    assert back.gaps == (Gap("g1", "Kubernetes"), Gap("g3", "Rust"))
    assert back.issued == 3


@pytest.mark.parametrize(
    ("typed", "answer"),
    [("yes", "yes"), ("Y", "yes"), ("no", "no"), ("unsure", "unsure"), (" Not  Sure ", "unsure")],
)
def test_better_takes_yes_no_unsure_and_not_sure(typed: str, answer: str) -> None:
    assert check_better(typed) == answer


@pytest.mark.parametrize(
    ("background", "gaps", "better", "words"),
    [
        ("", ("Go\x1b]52;c;x\x07",), "yes", "gap 1 contains a control character"),
        ("", ("Go", "two\nlines"), "yes", "gap 2 contains a control character"),
        ("", ("Go", "   "), "yes", "gap 2 is empty"),
        ("", ("x" * (MAX_GAP + 1),), "yes", f"keep each to {MAX_GAP} or fewer"),
        ("bad \x1b[2J", ("Go",), "yes", "the background contains a control character"),
        ("x" * (MAX_BACKGROUND + 1), ("Go",), "yes", f"keep it to {MAX_BACKGROUND} or fewer"),
        ("", ("Go",), "maybe", "use yes, no or unsure"),
        ("  ", (), "yes", "the comparison is empty"),
    ],
)
def test_bad_input_is_one_sentence(
    background: str, gaps: tuple[str, ...], better: str, words: str
) -> None:
    with pytest.raises(DomainError) as caught:
        made(background, gaps, better)
    message = str(caught.value)
    assert words in message
    assert message.endswith(".") and message.count(". ") == 0, message


def test_a_gap_of_exactly_the_limit_and_a_background_with_tabs_are_kept() -> None:
    comparison = made("a\tb\r\nc", ("x" * MAX_GAP,))
    assert comparison.gaps[0].text == "x" * MAX_GAP
    assert comparison.background == "a\tb\r\nc"


def test_the_opportunity_document_carries_the_comparison_and_stays_compact_without() -> None:
    opp = Opportunity("o1", "Acme", "Eng", [DAY], "2026-03-02T10:00:00+00:00")
    assert "comparison" not in opp.to_doc()
    opp.comparison = made("SRE", ("Kubernetes", "Go"), "unsure")
    doc = opp.to_doc()
    assert doc["comparison"] == {
        "on": "2026-03-02",
        "person": "p1",
        "background": "SRE",
        "gaps": [{"id": "g1", "text": "Kubernetes"}, {"id": "g2", "text": "Go"}],
        "better": "unsure",
        "issued": 2,
    }
    assert Opportunity.from_doc(doc) == opp
    assert Opportunity.from_doc(Opportunity.from_doc(doc).to_doc()).comparison == opp.comparison


@pytest.mark.parametrize(
    "bad",
    [
        {"on": "2026-03-02", "gaps": "Go"},
        {"on": "2026-03-02", "gaps": [{"id": "g1"}]},
        {"on": "not a day"},
        {"gaps": []},
        {"on": "2026-03-02", "person": 7},
        {"on": "2026-03-02", "issued": "2"},
        {"on": "2026-03-02", "issued": -1},
    ],
)
def test_a_malformed_comparison_document_is_an_error_not_a_guess(bad: dict[str, object]) -> None:
    doc = Opportunity("o1", "Acme", "Eng", [DAY], "2026-03-02T10:00:00+00:00").to_doc()
    doc["comparison"] = bad
    with pytest.raises((KeyError, TypeError, ValueError)):
        Opportunity.from_doc(doc)
