"""Parsing what a person types to capture an interview: "Name[:role[:highlight]]"."""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain.errors import DomainError
from tracker.domain.model import Role

ROLE_WORDS = {
    "interviewer": Role.INTERVIEWER,
    "hiring_manager": Role.HIRING_MANAGER,
    "hiring-manager": Role.HIRING_MANAGER,
    "hiring manager": Role.HIRING_MANAGER,
    "manager": Role.HIRING_MANAGER,
    "hm": Role.HIRING_MANAGER,
    "coordinator": Role.COORDINATOR,
    "recruiter": Role.RECRUITER,
}
"""Words accepted for a role, with the usual shorthands."""

CAPTURE_ROLES = "interviewer, hiring_manager, coordinator or recruiter"


@dataclass
class NewPerson:
    """A person typed on the command line or in the new-interview form."""

    name: str
    role: Role = Role.INTERVIEWER
    highlight: str = ""


def parse_person(spec: str) -> NewPerson:
    """Read "Name", "Name:role" or "Name:role:highlight" (the highlight may contain colons)."""
    name, _, rest = spec.partition(":")
    role_word, _, highlight = rest.partition(":")
    if not name.strip():
        raise DomainError(f"{spec!r} has no name; write it as 'Jane Doe:hiring_manager'.")
    key = " ".join(role_word.strip().lower().split()) or "interviewer"
    if key not in ROLE_WORDS:
        raise DomainError(
            f"{spec!r} has an unknown role {role_word.strip()!r}; use {CAPTURE_ROLES}."
        )
    return NewPerson(name.strip(), ROLE_WORDS[key], highlight.strip())
