"""Parsing what a person types about people: "Name[:role[:highlight]]", and role words;
whether a new interview is one already logged; and what is known at its company
(the earlier interviews a new one follows, the people known there: "apply again").

A colon that is part of a name (or a role word) is written ``\\:``: ``Dr. Who\\: PhD:interviewer``
is Dr. Who: PhD, an interviewer. Every other backslash is kept as it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

import msgspec

from tracker.domain.errors import DomainError
from tracker.domain.model import Card, Opportunity, Person, Role

ROLE_WORDS: dict[str, Role] = {
    "interviewer": Role.INTERVIEWER,
    "hiring manager": Role.HIRING_MANAGER,
    "manager": Role.HIRING_MANAGER,
    "hm": Role.HIRING_MANAGER,
    "coordinator": Role.COORDINATOR,
    "recruiter": Role.RECRUITER,
    "referral": Role.REFERRAL,
    "hired": Role.HIRED,
}
"""The one table of words for a role, with the usual shorthands, as :func:`parse_role` keys them.

Every place a person types a role (``--with``, the capture forms, a CSV
import's people cells) reads it with :func:`parse_role`, so all accept the
same words.
"""

MET_ROLES = frozenset({Role.INTERVIEWER, Role.HIRING_MANAGER, Role.COORDINATOR, Role.RECRUITER})
"""The roles of people met at an interview, which ``--with`` and the forms take: the
referral and the person hired have fields of their own (``--referral``, ``--hired``)."""

CAPTURE_ROLES = "interviewer, hiring_manager, coordinator or recruiter"
""":data:`MET_ROLES` in words, for hints and error messages."""


class NewPerson(msgspec.Struct):
    """A person typed on the command line or in the new-interview form."""

    name: str
    role: Role = Role.INTERVIEWER
    highlight: str = ""


def parse_role(word: str) -> Role | None:
    """The role ``word`` names, or None if it names none; an empty word is an interviewer.

    Case does not matter, nor whether words are joined by spaces, hyphens or
    underscores: "hiring_manager", "Hiring-Manager" and "hiring  manager" are
    all the hiring manager.
    """
    key = " ".join(word.lower().replace("-", " ").replace("_", " ").split())
    return ROLE_WORDS.get(key or "interviewer")


COLON_HINT = "a colon in a name is written \\:, as in 'Ana Lima\\: PhD:interviewer'"
"""How to write a name with a colon, for the refusals that a colon in a name may cause."""


def split_spec(spec: str) -> tuple[str, str, str]:
    """ "Name:role:highlight" as its three parts (missing ones ""), split at the first two
    colons that are not written ``\\:``; each ``\\:`` is a literal colon. The highlight is
    the rest, colons included."""
    parts = [""]
    i = 0
    while i < len(spec):
        char = spec[i]
        if char == "\\" and spec.startswith(":", i + 1):
            parts[-1] += ":"
            i += 2
            continue
        if char == ":" and len(parts) < 3:
            parts.append("")
        else:
            parts[-1] += char
        i += 1
    parts += [""] * (3 - len(parts))
    return parts[0], parts[1], parts[2]


def parse_person(spec: str) -> NewPerson:
    """Read "Name", "Name:role" or "Name:role:highlight" (the highlight may contain colons;
    a colon in the name is written ``\\:``)."""
    name, role_word, highlight = split_spec(spec)
    if not name.strip():
        raise DomainError(f"{spec!r} has no name; write it as 'Jane Doe:hiring_manager'.")
    return met_person(name, role_word, highlight, said=repr(spec), hint=f" ({COLON_HINT})")


def met_person(
    name: str, role_word: str = "", highlight: str = "", *, said: str = "", hint: str = ""
) -> NewPerson:
    """A person met at the interview, from a name taken as it is, a role word (default
    interviewer) and a highlight; ``said`` is how refusals quote what was typed (default: the
    name) and ``hint`` ends the unknown-role refusal."""
    said = said or repr(name)
    if not name.strip():
        raise DomainError(f"{said} is not a name: it is empty.")
    role = parse_role(role_word)
    if role is None:
        raise DomainError(
            f"{said} has an unknown role {role_word.strip()!r}; use {CAPTURE_ROLES}{hint}."
        )
    if role not in MET_ROLES:
        who = "the person hired" if role is Role.HIRED else f"the {role.value}"
        raise DomainError(
            f"{said}: {who} is not someone you met at the interview and has a field of "
            f"its own; use {CAPTURE_ROLES}."
        )
    return NewPerson(name.strip(), role, highlight.strip())


def match_key(text: str) -> str:
    """``text`` as interviews are matched: case and spacing ignored."""
    return " ".join(text.lower().split())


def same_interview(opp: Opportunity, company: str, role: str, day: date) -> bool:
    """Whether ``opp`` is the interview for ``company`` and ``role`` on ``day`` (case and
    spacing ignored): a second card for it could not be told from the first."""
    return (
        day in opp.interviews
        and match_key(opp.company) == match_key(company)
        and match_key(opp.role) == match_key(role)
    )


def find_twin(
    cards: Iterable[Card],
    opportunities: Mapping[str, Opportunity],
    company: str,
    role: str,
    day: date,
) -> tuple[Card, Opportunity] | None:
    """The first of ``cards`` (any state) logged for the same interview, if one is."""
    for card in cards:
        opp = opportunities.get(card.opportunity_id)
        if opp is not None and same_interview(opp, company, role, day):
            return card, opp
    return None


def company_key(company: str) -> str:
    """A company name as the prep page and "apply again" match it: case and repeated
    spaces ignored."""
    return " ".join(company.split()).casefold()


def name_key(name: str) -> str:
    """A person's name as "apply again" matches it: case and repeated spaces ignored."""
    return " ".join(name.split()).casefold()


def met_again(typed: Iterable[NewPerson], known: Iterable[Person]) -> list[str]:
    """The ids of the people ``known`` at a company whom ``typed`` names again (the same
    name, case and spaces ignored), so an interview there again reuses their records; a
    name two known people share is left alone (a new record is made, as before)."""
    by_name: dict[str, list[str]] = {}
    for person in known:
        by_name.setdefault(name_key(person.name), []).append(person.id)
    found = []
    for new in typed:
        ids = by_name.get(name_key(new.name), [])
        if len(ids) == 1 and ids[0] not in found:
            found.append(ids[0])
    return found


def _oldest_first(opp: Opportunity) -> tuple[date, str, str]:
    return min(opp.interviews), opp.created_at, opp.id


def earlier_at(company: str, opportunities: Iterable[Opportunity]) -> list[str]:
    """The ids of the opportunities at ``company`` (matched by :func:`company_key`),
    oldest first: those a new interview there follows (:attr:`Opportunity.earlier`)."""
    wanted = company_key(company)
    if not wanted:
        return []
    found = [opp for opp in opportunities if company_key(opp.company) == wanted]
    return [opp.id for opp in sorted(found, key=_oldest_first)]


def known_at(
    company: str, opportunities: Iterable[Opportunity], people: Mapping[str, Person]
) -> list[Person]:
    """The people known at ``company``: linked with any role to one of its opportunities,
    or with it as their own company; by name. Those a new interview there may have met."""
    wanted = company_key(company)
    if not wanted:
        return []
    ids = {
        link.person_id
        for opp in opportunities
        if company_key(opp.company) == wanted
        for link in opp.people
    }
    ids |= {pid for pid, person in people.items() if company_key(person.company) == wanted}
    found = [people[pid] for pid in ids if pid in people]
    return sorted(found, key=lambda p: (p.name.casefold(), p.id))
