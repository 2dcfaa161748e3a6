"""The prep page in the domain: a company with two earlier interviews, people met twice,
what they said last, a comparison with the hire and lessons (learned ones left out,
strongest themes first); the Thank-you drafts for the interview ahead; a company never
seen refused in one sentence naming those there are."""

from __future__ import annotations

from datetime import date

import pytest

from tracker.domain.errors import DomainError
from tracker.domain.lessons import Lesson, LessonState, LessonView, Source, SourceView
from tracker.domain.model import (
    Card,
    Comparison,
    Gap,
    Link,
    Opportunity,
    Outcome,
    Person,
    Role,
    State,
)
from tracker.domain.people import Interaction
from tracker.domain.prep import PrepPage, build, lines, trim
from tracker.domain.rules import new_card
from tracker.domain.templates import DEFAULTS

TODAY = date(2026, 3, 2)

PEOPLE = {
    "jane": Person(
        "jane",
        "Jane Doe",
        title="Engineering Manager",
        company="Acme",
        email="jane@acme.test",
        linkedin="https://www.linkedin.com/in/jane",
        highlight="their Postgres migration",
    ),
    "bob": Person("bob", "Bob Smith", company="Acme"),
    "pat": Person("pat", "Pat Kim", company="Acme"),
    "lee": Person("lee", "Lee Park", company="Acme"),
    "ann": Person("ann", "Ann Bo", company="Globex"),
}


def opp(key: str, company: str, role: str, days: list[date], people: list[Link]) -> Opportunity:
    return Opportunity(
        key, company, role, days, f"2026-01-0{len(key)}T10:00:00+00:00", people=people
    )


def records() -> tuple[dict[str, Opportunity], list[Card]]:
    backend = opp(
        "o1",
        "Acme",
        "Backend Engineer",
        [date(2026, 1, 10), date(2026, 1, 12)],
        [Link("jane", Role.HIRING_MANAGER), Link("bob", Role.INTERVIEWER), Link("pat", Role.HIRED)],
    )
    backend.outcome, backend.outcome_on = Outcome.REJECTED, date(2026, 1, 20)
    backend.comparison = Comparison(
        on=date(2026, 2, 21),
        person_id="pat",
        background="SRE at a bank\nran the on-call rota",
        gaps=(Gap("g1", "Kubernetes in production"), Gap("g2", "On-call leadership")),
        better="yes",
        issued=2,
    )
    data = opp("o2", "ACME ", "Data Engineer", [date(2026, 2, 1)], [Link("bob", Role.INTERVIEWER)])
    data.outcome, data.outcome_on = Outcome.GHOSTED, date(2026, 2, 20)
    staff = opp(
        "o3",
        "acme",
        "Staff Engineer",
        [date(2026, 3, 4)],
        [Link("jane", Role.HIRING_MANAGER), Link("lee", Role.INTERVIEWER)],
    )
    globex = opp("o4", "Globex", "SRE", [date(2026, 2, 2)], [Link("ann", Role.INTERVIEWER)])
    opps = {o.id: o for o in (backend, data, staff, globex)}
    cards = [new_card(f"c{o.id[1]}" + "0" * 31, o, o.created_at) for o in opps.values()]
    cards[0].state = State.DONE
    cards[1].state = State.ARCHIVED
    return opps, cards


SAID = [
    Interaction(
        "e1",
        date(2026, 1, 25),
        "jane",
        "c1" + "0" * 31,
        "feedback",
        "You jumped to the solution.\nExplain the trade-offs first.",
    ),
    Interaction("e2", date(2026, 2, 2), "jane", "c3" + "0" * 31, "reply", "Glad to have you back"),
    Interaction("e3", date(2026, 2, 3), "ann", "c4" + "0" * 31, "feedback", "Say the trade-offs"),
]


def lesson_views() -> list[LessonView]:
    def said(event: str, who: str, company: str, text: str) -> SourceView:
        return SourceView(Source.interaction(event), False, "feedback", who, company, TODAY, text)

    trade = Lesson(
        "l1",
        "Explain trade-offs out loud",
        "system design",
        LessonState.PRACTISING,
        TODAY,
        (Source.interaction("e1"), Source.interaction("e3")),
    )
    k8s = Lesson("l2", "Run Kubernetes in production", "kubernetes", LessonState.OPEN, TODAY, ())
    done = Lesson("l3", "Arrive early", "logistics", LessonState.LEARNED, TODAY, ())
    gap = SourceView(
        Source.of_gap("o1", "g1"), False, "gap", "Pat Kim", "Acme", TODAY, "Kubernetes"
    )
    return [
        LessonView(k8s, (gap,)),
        LessonView(
            trade,
            (
                said("e1", "Jane Doe", "Acme", "You jumped"),
                said("e3", "Ann Bo", "Globex", "Say the trade-offs"),
            ),
        ),
        LessonView(done, ()),
    ]


def page(company: str = "acme", **extra: object) -> PrepPage:
    opps, cards = records()
    return build(
        company,
        cards=cards,
        opportunities=opps,
        people=PEOPLE,
        said=SAID,
        lessons=lesson_views(),
        templates=DEFAULTS,
        today=TODAY,
        my_name="Sam Lee",
        **extra,  # type: ignore[arg-type]
    )


def test_the_page_for_a_company_with_two_earlier_interviews() -> None:
    got = page("  ACME  ")
    assert got.company == "acme"  # as the most recent card spells it
    assert got.upcoming is not None and got.upcoming.role == "Staff Engineer"
    assert [(i.role, i.outcome_words(), i.where) for i in got.earlier] == [
        ("Data Engineer", "ghosted on Fri 2026-02-20", "archived"),
        ("Backend Engineer", "rejected on Tue 2026-01-20", "done"),
    ]
    assert got.earlier[1].days == (date(2026, 1, 10), date(2026, 1, 12))
    # The people of the interview ahead first, then the others by name; Globex's not at all.
    assert [k.person.name for k in got.people] == ["Jane Doe", "Lee Park", "Bob Smith", "Pat Kim"]
    jane = got.people[0]
    assert jane.role_words() == (
        "hiring manager on Staff Engineer (c30000); hiring manager on Backend Engineer (c10000)"
    )
    assert jane.contact() == "jane@acme.test · https://www.linkedin.com/in/jane"
    assert jane.last is not None and jane.last.kind == "reply"
    assert jane.said == ("Glad to have you back",)
    assert got.people[1].last is None
    (comparison,) = got.comparisons
    assert comparison.hire == "Pat Kim" and comparison.better == "yes"
    assert comparison.gaps == ("Kubernetes in production", "On-call leadership")
    assert comparison.background == ("SRE at a bank", "ran the on-call rota")
    # Lessons: the learned one left out; two companies beat one.
    assert [t.name for t in got.themes] == ["system design", "kubernetes"]
    assert [v.lesson.text for t in got.themes for v in t.lessons] == [
        "Explain trade-offs out loud",
        "Run Kubernetes in production",
    ]


def test_the_drafts_are_the_thank_you_stage_for_the_people_of_the_interview_ahead() -> None:
    got = page()
    assert [d.title for d in got.drafts] == [
        "Send a thank-you e-mail — Jane Doe",
        "Write a hand-written note — Jane Doe (optional)",
        "Send a LinkedIn request with a personal line — Jane Doe",
        "Send a thank-you e-mail — Lee Park",
        "Write a hand-written note — Lee Park (optional)",
        "Send a LinkedIn request with a personal line — Lee Park",
    ]
    email = got.drafts[0].text
    assert "Hi Jane," in email and "on Wednesday 4 March" in email
    assert "I especially liked talking about their Postgres migration." in email
    assert email.endswith("Best regards,\nSam Lee")
    assert got.drafts_note == "For the Staff Engineer interview on Wed 2026-03-04."


def test_an_edited_draft_on_the_card_wins_as_in_the_review() -> None:
    opps, cards = records()
    cards[2].items[0].draft = "My own words to Jane"
    got = build(
        "Acme",
        cards=cards,
        opportunities=opps,
        people=PEOPLE,
        said=SAID,
        lessons=[],
        templates=DEFAULTS,
        today=TODAY,
    )
    assert got.drafts[0].text == "My own words to Jane"
    assert got.themes == ()


def test_without_a_pending_interview_the_drafts_have_placeholders() -> None:
    opps, cards = records()
    cards[2].state = State.DONE
    got = build(
        "acme",
        cards=cards,
        opportunities=opps,
        people=PEOPLE,
        said=SAID,
        lessons=[],
        templates=DEFAULTS,
        today=TODAY,
    )
    assert got.upcoming is None
    assert len(got.earlier) == 3
    assert [d.title for d in got.drafts] == [
        "Send a thank-you e-mail",
        "Write a hand-written note (optional)",
        "Send a LinkedIn request with a personal line",
    ]
    assert "Hi [name]," in got.drafts[0].text and "on [interview day]" in got.drafts[0].text
    assert "Staff Engineer" in got.drafts[0].text  # the role last interviewed for
    assert got.drafts_note.startswith("No pending interview at acme: the thank-you drafts")


def test_a_company_never_seen_is_one_sentence_naming_the_companies() -> None:
    with pytest.raises(DomainError) as caught:
        page("Initech")
    assert str(caught.value) == (
        "no card is at a company called 'Initech'; the companies: Acme, Globex."
    )
    with pytest.raises(DomainError, match="there are no cards yet"):
        build(
            "Acme",
            cards=[],
            opportunities={},
            people={},
            said=[],
            lessons=[],
            templates=DEFAULTS,
            today=TODAY,
        )


def test_the_interview_asked_for_wins_else_the_first_ahead() -> None:
    opps, cards = records()
    later = opp("o5", "Acme", "Principal", [date(2026, 3, 20)], [])
    opps["o5"] = later
    cards.append(new_card("c5" + "0" * 31, later, later.created_at))
    common = dict(
        cards=cards, opportunities=opps, people=PEOPLE, said=SAID, lessons=[], today=TODAY
    )
    first = build("acme", templates=DEFAULTS, **common)  # type: ignore[arg-type]
    assert first.upcoming is not None and first.upcoming.role == "Staff Engineer"
    chosen = build("acme", templates=DEFAULTS, prefer_card="c5" + "0" * 31, **common)  # type: ignore[arg-type]
    assert chosen.upcoming is not None and chosen.upcoming.role == "Principal"
    assert "Staff Engineer" in [i.role for i in chosen.earlier]


def test_the_lines_of_the_page() -> None:
    shown = [text for _, text in lines(page())]
    assert shown[:2] == [
        "Prep: acme",
        "Next interview: Staff Engineer on Wed 2026-03-04 (in 2 days), card c30000, Thank-you.",
    ]
    for line in (
        "Lessons to practise (2)",
        "system design — 2 sources from 2 companies",
        "  [practising] Explain trade-offs out loud (2 companies)",
        "    feedback said by Jane Doe at Acme, 2026-03-02; feedback said by Ann Bo at Globex, "
        "2026-03-02",
        "Earlier interviews at acme (2)",
        "- Backend Engineer: Sat 2026-01-10, Mon 2026-01-12; rejected on Tue 2026-01-20 "
        "(card c10000, done)",
        "- Jane Doe, Engineering Manager: hiring manager on Staff Engineer (c30000); "
        "hiring manager on Backend Engineer (c10000)",
        "    jane@acme.test · https://www.linkedin.com/in/jane",
        "    Last: reply on Mon 2026-02-02:",
        "      “Glad to have you back”",
        "    No interaction logged yet.",
        "- Backend Engineer: Pat Kim, better qualified: yes (Sat 2026-02-21)",
        "    They had: Kubernetes in production; On-call leadership",
        "Drafts for after the interview (6)",
        "Send a thank-you e-mail — Jane Doe:",
        "  Hi Jane,",
    ):
        assert line in shown, line
    assert all("\n" not in text for text in shown)
    assert "Arrive early" not in "\n".join(shown)


def test_what_they_said_is_trimmed_to_a_few_lines() -> None:
    assert trim("one\n\n  two   words \nthree\nfour") == ("one", "two words", "three …")
    assert trim("x" * 300) == ("x" * 239 + "…",)
    assert trim("a\nb", chars=1) == ("a …",)
    assert trim("") == ()


def test_a_pending_interview_already_past_is_said_so() -> None:
    shown = [text for _, text in lines(page(prefer_card=None))]
    assert shown[1].startswith("Next interview: ")
    opps, cards = records()
    opps["o3"].interviews = [date(2026, 2, 27)]
    got = build(
        "acme",
        cards=cards,
        opportunities=opps,
        people=PEOPLE,
        said=SAID,
        lessons=[],
        templates=DEFAULTS,
        today=TODAY,
    )
    assert [text for _, text in lines(got)][1] == (
        "Pending interview: Staff Engineer on Fri 2026-02-27 (3 days ago), card c30000, Thank-you."
    )
