"""People as the user types them: a name with any role, and contact details checked.

``tracker person add CARD NAME[:ROLE[:HIGHLIGHT]]`` takes every role, the
referral and the person hired included (unlike ``--with``, which takes only
the people met at the interview); roles are read with
:func:`tracker.domain.capture.parse_role`. Contact details are refused, never
repaired: an e-mail needs an ``@``, a LinkedIn URL starts with ``http://`` or
``https://``, and no field holds a control character.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields

from tracker.domain.capture import NewPerson, parse_role
from tracker.domain.errors import DomainError
from tracker.domain.model import Person, Role

ALL_ROLES = "interviewer, hiring_manager, coordinator, recruiter, referral or hired"
"""Every role in words, for hints and error messages."""

ROLE_WORDS = {role: role.value.replace("_", " ") for role in Role}
"""How a role is said in a sentence: "hiring manager"."""


def _control(text: str, *, newlines: bool = False) -> bool:
    """Whether ``text`` holds a control character (a line break counts unless ``newlines``)."""
    return any(unicodedata.category(ch) == "Cc" and not (newlines and ch in "\n\t") for ch in text)


def check_name(name: str) -> str:
    """The name, trimmed; an empty one or one with control characters is refused."""
    if _control(name):
        raise DomainError("the person's name contains a control character; type it again.")
    name = " ".join(name.split())
    if not name:
        raise DomainError("the person's name is empty.")
    return name


def check_title(title: str) -> str:
    title = title.strip()
    if _control(title):
        raise DomainError("the title contains a control character; type it again.")
    return title


def check_email(email: str) -> str:
    """The e-mail address, trimmed; empty clears it. It needs text on both sides of an @."""
    email = email.strip()
    if not email:
        return ""
    local, at, domain = email.rpartition("@")
    if not at or not local or not domain:
        raise DomainError(f"{email!r} is not an e-mail address: it needs a name, @ and a domain.")
    if _control(email) or any(ch.isspace() for ch in email):
        raise DomainError(f"{email!r} is not an e-mail address: it contains spaces or controls.")
    return email


def check_linkedin(url: str) -> str:
    """The profile URL, trimmed; empty clears it. It must be an http:// or https:// address."""
    url = url.strip()
    if not url:
        return ""
    scheme, sep, rest = url.partition("://")
    if not sep or scheme.lower() not in ("http", "https") or not rest.strip("/"):
        raise DomainError(
            f"{url!r} is not a web address; give the LinkedIn URL with http:// or https://, "
            "for example https://www.linkedin.com/in/jane-doe."
        )
    if _control(url) or any(ch.isspace() for ch in url):
        raise DomainError(f"{url!r} is not a web address: it contains spaces or controls.")
    return url


def check_notes(notes: str) -> str:
    """The notes, trimmed; line breaks and tabs are fine, other control characters are not."""
    notes = notes.strip()
    if _control(notes, newlines=True):
        raise DomainError("the notes contain a control character; type them again.")
    return notes


@dataclass(frozen=True)
class Details:
    """The contact details to set on a person; None leaves a field as it is, "" clears it."""

    title: str | None = None
    email: str | None = None
    linkedin: str | None = None
    notes: str | None = None

    def checked(self) -> Details:
        """The same details trimmed; raises DomainError (one sentence) for a bad one."""
        return Details(
            title=None if self.title is None else check_title(self.title),
            email=None if self.email is None else check_email(self.email),
            linkedin=None if self.linkedin is None else check_linkedin(self.linkedin),
            notes=None if self.notes is None else check_notes(self.notes),
        )

    def changes(self, person: Person) -> dict[str, str]:
        """The fields that differ from ``person``'s, with their new values."""
        out = {}
        for spec in fields(self):
            value = getattr(self, spec.name)
            if value is not None and value != getattr(person, spec.name):
                out[spec.name] = value
        return out

    def apply(self, person: Person) -> list[str]:
        """Set the given fields on ``person``; returns the names of those that changed."""
        changed = self.changes(person)
        for name, value in changed.items():
            setattr(person, name, value)
        return sorted(changed)


def parse_link(spec: str) -> NewPerson:
    """Read "Name", "Name:role" or "Name:role:highlight" with any role (default interviewer)."""
    name, _, rest = spec.partition(":")
    role_word, _, highlight = rest.partition(":")
    name = check_name(name)
    role = parse_role(role_word)
    if role is None:
        raise DomainError(f"{spec!r} has an unknown role {role_word.strip()!r}; use {ALL_ROLES}.")
    highlight = highlight.strip()
    if _control(highlight):
        raise DomainError("the highlight contains a control character; type it again.")
    return NewPerson(name, role, highlight)
