"""The prep page: what to have in mind before the next interview at a company.

One page built from the records, the lessons and today (:func:`build`), shown by
``tracker prep COMPANY`` (text, Markdown, JSON) and by ``P`` on the board:

- the **open and practising lessons**, strongest themes first (the ranking of
  :func:`tracker.domain.lessons.rank`, learned lessons left out), each with its
  sources in a few words;
- **what is known about the company**: the earlier interviews there (role, days,
  outcome and when), the people known there (title, role on which card, contact
  details) with the last interaction with each and what they said (a few lines),
  and the comparison with the person hired, if one was written;
- **the drafts needed after the interview**: the Thank-you stage's drafts for the
  people of the interview being prepared for, rendered with the templates and
  context the review uses. The interview prepared for is the pending one at that
  company (outcome pending, card not done nor archived): the one asked for, else the
  first on or after today, else the most recent. With none, the drafts are rendered
  once each with placeholders ("[name]") for the role last interviewed for.

The company is matched ignoring case and repeated spaces, on every card, done and
archived ones included. Pure: "today" is a parameter; nothing is read or written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import msgspec

from tracker.domain.capture import company_key
from tracker.domain.comparison import BETTER_WORDS
from tracker.domain.errors import DomainError
from tracker.domain.lessons import LessonState, LessonView, Theme, rank, strength_words
from tracker.domain.model import (
    Card,
    Item,
    Opportunity,
    Outcome,
    Person,
    Role,
    Stage,
    State,
)
from tracker.domain.people import ROLE_WORDS, Interaction
from tracker.domain.rules import ACTIONS, DEFAULT_TIMINGS, Timings, checklist
from tracker.domain.templates import Context, render
from tracker.domain.views import CardView

SAID_LINES = 3
"""What someone said is shown in at most this many lines..."""
SAID_CHARS = 240
"""...and at most this many characters, then "…"."""
BACKGROUND_LINES = 3
"""The hire's background, likewise."""

PLACEHOLDER_NAME = "[name]"
PLACEHOLDER_DAY = "[interview day]"
"""What the drafts say where the person and the day are not known yet."""

THANK_YOU_ACTIONS = ("thank_email", "thank_note", "linkedin")
"""The Thank-you stage's drafts, in the order the stage lists them."""

OUTCOME_WORDS = {
    Outcome.PENDING: "pending",
    Outcome.REJECTED: "rejected",
    Outcome.OFFER: "offer",
    Outcome.WITHDRAWN: "withdrawn",
    Outcome.GHOSTED: "ghosted",
}


def trim(text: str, lines: int = SAID_LINES, chars: int = SAID_CHARS) -> tuple[str, ...]:
    """``text`` as at most ``lines`` non-empty lines and ``chars`` characters in all, each
    line with its spaces collapsed; "…" says where something was cut."""
    found = [" ".join(line.split()) for line in text.splitlines()]
    kept: list[str] = []
    room = chars
    for line in (line for line in found if line):
        if len(kept) == lines or room <= 0:
            kept[-1] += " …"
            break
        if len(line) > room:
            kept.append(line[: max(room - 1, 1)].rstrip() + "…")
            break
        kept.append(line)
        room -= len(line)
    return tuple(kept)


def day_words(day: date) -> str:
    """ "Mon 2026-03-02"."""
    return f"{day.strftime('%a')} {day.isoformat()}"


def interview_head(day: date, today: date) -> str:
    """ "Next interview" for one today or later, "Pending interview" for one past."""
    return "Next interview" if day >= today else "Pending interview"


def when_words(day: date, today: date) -> str:
    """ "today", "tomorrow", "in 5 days", "yesterday", "12 days ago"."""
    gap = (day - today).days
    if gap == 0:
        return "today"
    if gap == 1:
        return "tomorrow"
    if gap == -1:
        return "yesterday"
    return f"in {gap} days" if gap > 0 else f"{-gap} days ago"


class Interview(msgspec.Struct, frozen=True):
    """One opportunity at the company: the role, the days, the outcome and when."""

    card_id: str
    role: str
    days: tuple[date, ...]
    outcome: str
    outcome_on: date | None
    where: str
    """Where its card is: "Thank-you", "Monitor (waiting)", "done", "archived"."""

    def outcome_words(self) -> str:
        """ "rejected on Fri 2026-02-27", "pending"."""
        if self.outcome_on is None:
            return self.outcome
        return f"{self.outcome} on {day_words(self.outcome_on)}"

    def to_json(self) -> dict[str, Any]:
        return {
            "card": self.card_id,
            "short_id": self.card_id[:6],
            "role": self.role,
            "interviews": [d.isoformat() for d in self.days],
            "outcome": self.outcome,
            "outcome_on": self.outcome_on.isoformat() if self.outcome_on else None,
            "card_is": self.where,
        }


class Known(msgspec.Struct, frozen=True):
    """A person known at the company, their roles there, and the last thing they said."""

    person: Person
    roles: tuple[tuple[str, str, str], ...]
    """(role in words, the opportunity's role, the card's id) for each link."""
    last: Interaction | None = None
    said: tuple[str, ...] = ()
    """The last interaction's text, trimmed to a few lines."""

    def role_words(self) -> str:
        """ "hiring manager on Backend Engineer (1a2b3c); interviewer on SRE (4d5e6f)"."""
        return "; ".join(f"{role} on {on} ({card[:6]})" for role, on, card in self.roles)

    def contact(self) -> str:
        """ "jane@acme.test · https://www.linkedin.com/in/jane", or ""."""
        return " · ".join(x for x in (self.person.email, self.person.linkedin) if x)

    def to_json(self) -> dict[str, Any]:
        person = self.person
        return {
            "id": person.id,
            "name": person.name,
            "title": person.title or None,
            "email": person.email or None,
            "linkedin": person.linkedin or None,
            "roles": [
                {"role": role, "on": on, "card": card, "short_id": card[:6]}
                for role, on, card in self.roles
            ],
            "last_interaction": None
            if self.last is None
            else {
                "day": self.last.day.isoformat(),
                "kind": self.last.kind,
                "text": self.last.text,
            },
        }


class HireComparison(msgspec.Struct, frozen=True):
    """The comparison with the person hired on one opportunity."""

    role: str
    hire: str
    """Their name, or "" when not named."""
    on: date
    better: str
    """ "yes", "no" or "not sure"."""
    background: tuple[str, ...]
    gaps: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "hire": self.hire or None,
            "on": self.on.isoformat(),
            "better_qualified": self.better,
            "background": "\n".join(self.background),
            "gaps": list(self.gaps),
        }


class Draft(msgspec.Struct, frozen=True):
    """A draft to send after the interview."""

    action: str
    who: str
    """The person's name ("" for a placeholder or nobody in particular)."""
    optional: bool
    text: str

    @property
    def title(self) -> str:
        """ "Send a thank-you e-mail — Jane Doe (optional)"."""
        who = f" — {self.who}" if self.who else ""
        return f"{ACTIONS.get(self.action, self.action)}{who}" + (
            " (optional)" if self.optional else ""
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "title": self.title,
            "person": self.who or None,
            "optional": self.optional,
            "text": self.text,
        }


class PrepPage(msgspec.Struct, frozen=True):
    """Everything the prep page shows, in its order."""

    company: str
    """As the most recent card spells it."""
    today: date
    upcoming: Interview | None
    """The pending interview prepared for, if any."""
    themes: tuple[Theme, ...]
    earlier: tuple[Interview, ...]
    people: tuple[Known, ...]
    comparisons: tuple[HireComparison, ...]
    drafts: tuple[Draft, ...]
    drafts_note: str = ""
    """What the drafts are for, in one sentence."""
    follows: tuple[Interview, ...] = ()
    """The earlier interviews at the company the one prepared for is linked to
    (:attr:`Opportunity.earlier`: an interview there again), oldest first."""

    def follows_lines(self) -> list[str]:
        """ "Earlier at Acme: Backend Engineer, interviewed Fri 2026-02-20, rejected." for
        each earlier interview the one prepared for follows."""
        return [
            f"Earlier at {self.company}: {past.role}, interviewed "
            f"{', '.join(day_words(d) for d in past.days)}, {past.outcome}."
            for past in self.follows
        ]

    def to_json(self) -> dict[str, Any]:
        return {
            "company": self.company,
            "today": self.today.isoformat(),
            "interview": self.upcoming.to_json() if self.upcoming else None,
            "follows": [i.to_json() for i in self.follows],
            "lessons": [
                {
                    "theme": theme.name,
                    "sources": theme.sources,
                    "companies": theme.companies,
                    "lessons": [view.to_json() for view in theme.lessons],
                }
                for theme in self.themes
            ],
            "earlier_interviews": [i.to_json() for i in self.earlier],
            "people": [k.to_json() for k in self.people],
            "comparisons": [c.to_json() for c in self.comparisons],
            "drafts_for": self.drafts_note,
            "drafts": [d.to_json() for d in self.drafts],
        }


def practise_themes(views: Iterable[LessonView]) -> tuple[Theme, ...]:
    """The open and practising lessons by theme, strongest first (learned ones left out,
    so a theme's strength counts only what is still to practise)."""
    return tuple(rank(v for v in views if v.lesson.state is not LessonState.LEARNED))


def _where(card: Card) -> str:
    if card.state in (State.DONE, State.ARCHIVED):
        return card.state.value
    if card.state is State.ACTIVE:
        return card.stage.title
    return f"{card.stage.title} ({card.state.value})"


def _interview(card: Card, opp: Opportunity) -> Interview:
    return Interview(
        card_id=card.id,
        role=opp.role,
        days=tuple(sorted(opp.interviews)),
        outcome=OUTCOME_WORDS[opp.outcome],
        outcome_on=opp.outcome_on,
        where=_where(card),
    )


def _pending(card: Card, opp: Opportunity) -> bool:
    return opp.outcome is Outcome.PENDING and card.state not in (State.DONE, State.ARCHIVED)


def _choose(
    found: list[tuple[Card, Opportunity]], today: date, prefer: str | None
) -> tuple[Card, Opportunity] | None:
    pending = [(c, o) for c, o in found if _pending(c, o)]
    for pair in pending:
        if pair[0].id == prefer:
            return pair
    ahead = sorted(
        (p for p in pending if p[1].last_interview >= today),
        key=lambda p: (p[1].last_interview, p[0].created_at),
    )
    if ahead:
        return ahead[0]
    latest = sorted(pending, key=lambda p: (p[1].last_interview, p[0].created_at))
    return latest[-1] if latest else None


def unknown_company(company: str, companies: Iterable[str]) -> DomainError:
    """The one sentence for a company no card is at, naming those there are."""
    spelled: dict[str, str] = {}
    for name in companies:
        spelled.setdefault(company_key(name), " ".join(name.split()))
    names = sorted(spelled.values(), key=str.casefold)
    if not names:
        return DomainError(
            f"no card is at a company called {company.strip()!r}: there are no cards yet."
        )
    shown = ", ".join(names[:12]) + (f" and {len(names) - 12} more" if len(names) > 12 else "")
    return DomainError(
        f"no card is at a company called {company.strip()!r}; the companies: {shown}."
    )


def build(
    company: str,
    *,
    cards: Iterable[Card],
    opportunities: Mapping[str, Opportunity],
    people: Mapping[str, Person],
    said: Iterable[Interaction],
    lessons: Iterable[LessonView],
    templates: Mapping[str, str],
    today: date,
    my_name: str = "",
    timings: Timings = DEFAULT_TIMINGS,
    prefer_card: str | None = None,
) -> PrepPage:
    """The prep page for ``company`` (see the module's docstring); a company no card is
    at is a :class:`DomainError` naming the companies there are."""
    wanted = company_key(company)
    all_cards = list(cards)
    found = [
        (card, opportunities[card.opportunity_id])
        for card in all_cards
        if card.opportunity_id in opportunities
        and company_key(opportunities[card.opportunity_id].company) == wanted
    ]
    if not wanted or not found:
        raise unknown_company(
            company,
            (
                opportunities[c.opportunity_id].company
                for c in all_cards
                if c.opportunity_id in opportunities
            ),
        )
    found.sort(key=lambda p: (p[1].last_interview, p[0].created_at, p[0].id), reverse=True)
    chosen = _choose(found, today, prefer_card)
    upcoming = _interview(*chosen) if chosen else None
    earlier = tuple(_interview(c, o) for c, o in found if chosen is None or c.id != chosen[0].id)
    return PrepPage(
        company=found[0][1].company,
        today=today,
        upcoming=upcoming,
        themes=practise_themes(lessons),
        earlier=earlier,
        people=_people(found, chosen, people, said),
        comparisons=_comparisons(found, people),
        drafts=_drafts(found, chosen, people, templates, my_name, timings),
        drafts_note=_drafts_note(found, chosen, people),
        follows=_follows(found, chosen),
    )


def _follows(
    found: list[tuple[Card, Opportunity]], chosen: tuple[Card, Opportunity] | None
) -> tuple[Interview, ...]:
    """The earlier interviews ``chosen`` is linked to, as the order of its links has them
    (one whose card is gone is left out)."""
    if chosen is None:
        return ()
    by_opp = {opp.id: (card, opp) for card, opp in found}
    return tuple(_interview(*by_opp[i]) for i in chosen[1].earlier if i in by_opp)


def _people(
    found: list[tuple[Card, Opportunity]],
    chosen: tuple[Card, Opportunity] | None,
    people: Mapping[str, Person],
    said: Iterable[Interaction],
) -> tuple[Known, ...]:
    """The people linked to the company's opportunities: those of the interview prepared
    for first (in the order they were added), then the others by name."""
    roles: dict[str, list[tuple[str, str, str]]] = {}
    order: list[str] = []
    first_id = chosen[0].id if chosen else None
    ordered = ([chosen] if chosen else []) + [p for p in found if p[0].id != first_id]
    for card, opp in ordered:
        for link in opp.people:
            if link.person_id not in people:
                continue
            if link.person_id not in roles:
                order.append(link.person_id)
            roles.setdefault(link.person_id, []).append((ROLE_WORDS[link.role], opp.role, card.id))
    first = set(chosen[1].people_with(*Role) if chosen else [])
    order.sort(
        key=lambda pid: (pid not in first, "" if pid in first else people[pid].name.casefold())
    )
    last: dict[str, Interaction] = {}
    for interaction in said:  # oldest first: the last one wins
        if interaction.person_id in roles:
            last[interaction.person_id] = interaction
    return tuple(
        Known(
            person=people[pid],
            roles=tuple(roles[pid]),
            last=last.get(pid),
            said=trim(last[pid].text) if pid in last else (),
        )
        for pid in order
    )


def _comparisons(
    found: list[tuple[Card, Opportunity]], people: Mapping[str, Person]
) -> tuple[HireComparison, ...]:
    out = []
    for _, opp in found:
        comparison = opp.comparison
        if comparison is None:
            continue
        hire = people.get(comparison.person_id or "")
        out.append(
            HireComparison(
                role=opp.role,
                hire=hire.name if hire else "",
                on=comparison.on,
                better=BETTER_WORDS.get(comparison.better, comparison.better),
                background=trim(comparison.background, BACKGROUND_LINES, SAID_CHARS),
                gaps=tuple(gap.text for gap in comparison.gaps),
            )
        )
    return tuple(out)


def _drafts(
    found: list[tuple[Card, Opportunity]],
    chosen: tuple[Card, Opportunity] | None,
    people: Mapping[str, Person],
    templates: Mapping[str, str],
    my_name: str,
    timings: Timings,
) -> tuple[Draft, ...]:
    """The Thank-you stage's checklist for the interview prepared for, each draft as the
    review shows it (an edited draft kept on the card's item wins); without one, each
    Thank-you draft once, with placeholders."""
    if chosen is None:
        role = found[0][1].role
        context = Context(
            name=PLACEHOLDER_NAME,
            company=found[0][1].company,
            role=role,
            interview_day=PLACEHOLDER_DAY,
            my_name=my_name,
        )
        return tuple(
            Draft(action, "", action == "thank_note", render(templates.get(action, ""), context))
            for action in THANK_YOU_ACTIONS
        )
    card, opp = chosen
    view = CardView(
        card, opp, {x.person_id: people[x.person_id] for x in opp.people if x.person_id in people}
    )
    edited: dict[tuple[str, str | None], str] = {}
    if card.stage is Stage.THANK_YOU:
        edited = {(i.action, i.person_id): i.draft for i in card.items if i.draft}
    out = []
    for item in checklist(Stage.THANK_YOU, card, opp, timings):
        text = edited.get((item.action, item.person_id)) or _render(view, item, templates, my_name)
        out.append(Draft(item.action, view.person_name(item), item.optional, text))
    return tuple(out)


def _render(view: CardView, item: Item, templates: Mapping[str, str], my_name: str) -> str:
    return render(templates.get(item.action, ""), view.template_context(item, my_name))


def _drafts_note(
    found: list[tuple[Card, Opportunity]],
    chosen: tuple[Card, Opportunity] | None,
    people: Mapping[str, Person],
) -> str:
    if chosen is None:
        return (
            f"No pending interview at {found[0][1].company}: the thank-you drafts with "
            f"{PLACEHOLDER_NAME} for the name, for the role last interviewed for; log the "
            "interview (tracker add) to have them addressed to the people you meet."
        )
    _, opp = chosen
    return f"For the {opp.role} interview on {day_words(opp.last_interview)}."


# --- as lines of text: the command line and the board show the same ------------------

TITLE, HEADING, TEXT, QUOTE, DRAFT = "title", "heading", "text", "quote", "draft"
"""How a line is meant: the page's title, a section's heading, a line, what someone
said, a line of a draft."""


def lines(page: PrepPage) -> list[tuple[str, str]]:
    """The page as (kind, text) lines, each one line of data (no line break inside);
    the command line prints them, the board styles them by kind."""
    out: list[tuple[str, str]] = [(TITLE, f"Prep: {page.company}")]
    if page.upcoming is not None:
        up = page.upcoming
        last = up.days[-1]
        out.append(
            (
                TEXT,
                f"{interview_head(last, page.today)}: {up.role} on {day_words(last)} ({when_words(last, page.today)}), "
                f"card {up.card_id[:6]}, {up.where}.",
            )
        )
    else:
        out.append((TEXT, f"No pending interview at {page.company} is logged."))
    out += [(TEXT, line) for line in page.follows_lines()]

    count = sum(len(t.lessons) for t in page.themes)
    out += [("", ""), (HEADING, f"Lessons to practise ({count})")]
    if not page.themes:
        out.append((TEXT, "No open or practising lessons (tracker lessons lists them all)."))
    for theme in page.themes:
        out.append((TEXT, f"{theme.name} — {strength_words(theme.companies, theme.sources)}"))
        for view in theme.lessons:
            lesson = view.lesson
            signal = f" ({view.companies} companies)" if view.companies > 1 else ""
            out.append((TEXT, f"  [{lesson.state.value}] {lesson.text}{signal}"))
            words = [s.words() for s in view.sources]
            out.append((QUOTE, "    " + ("; ".join(words) if words else "no sources")))

    out += [("", ""), (HEADING, f"Earlier interviews at {page.company} ({len(page.earlier)})")]
    if not page.earlier:
        out.append((TEXT, "None: this is the first."))
    for past in page.earlier:
        days = ", ".join(day_words(d) for d in past.days)
        out.append(
            (
                TEXT,
                f"- {past.role}: {days}; {past.outcome_words()} (card {past.card_id[:6]}, {past.where})",
            )
        )

    out += [("", ""), (HEADING, f"People you know there ({len(page.people)})")]
    if not page.people:
        out.append((TEXT, "Nobody yet."))
    for known in page.people:
        person = known.person
        title = f", {person.title}" if person.title else ""
        out.append((TEXT, f"- {person.name}{title}: {known.role_words()}"))
        contact = known.contact()
        if contact:
            out.append((TEXT, f"    {contact}"))
        if known.last is None:
            out.append((QUOTE, "    No interaction logged yet."))
        else:
            said = known.last
            head = f"    Last: {said.kind} on {day_words(said.day)}"
            if not known.said:
                out.append((QUOTE, head + " (no text)."))
            else:
                out.append((QUOTE, head + ":"))
                out += [
                    (QUOTE, f"      “{line}”" if len(known.said) == 1 else f"      {line}")
                    for line in known.said
                ]

    if page.comparisons:
        out += [("", ""), (HEADING, "The comparison with the hire")]
    for comp in page.comparisons:
        who = comp.hire or "the person hired"
        out.append(
            (TEXT, f"- {comp.role}: {who}, better qualified: {comp.better} ({day_words(comp.on)})")
        )
        out += [(QUOTE, f"    {line}") for line in comp.background]
        if comp.gaps:
            out.append((TEXT, "    They had: " + "; ".join(comp.gaps)))

    out += [
        ("", ""),
        (HEADING, f"Drafts for after the interview ({len(page.drafts)})"),
        (TEXT, page.drafts_note),
    ]
    for draft in page.drafts:
        out += [("", ""), (TEXT, f"{draft.title}:")]
        out += [(DRAFT, f"  {line}" if line else "") for line in draft.text.splitlines()]
    return out
