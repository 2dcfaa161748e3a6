"""People as the user types them: a name with any role, and contact details checked.

``tracker person add CARD NAME[:ROLE[:HIGHLIGHT]]`` takes every role, the
referral and the person hired included (unlike ``--with``, which takes only
the people met at the interview); roles are read with
:func:`tracker.domain.capture.parse_role`. Contact details are refused, never
repaired: an e-mail needs an ``@``, a LinkedIn URL starts with ``http://`` or
``https://``, and no field holds a control character.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import msgspec
import msgspec.structs

from tracker.domain.capture import COLON_HINT, NewPerson, parse_role, split_spec
from tracker.domain.errors import DomainError
from tracker.domain.model import Event, Person, Role
from tracker.domain.text import has_control

ALL_ROLES = "interviewer, hiring_manager, coordinator, recruiter, referral or hired"
"""Every role in words, for hints and error messages."""

ROLE_WORDS = {role: role.value.replace("_", " ") for role in Role}
"""How a role is said in a sentence: "hiring manager"."""

FIELD_WORDS = {
    "name": "name",
    "title": "title",
    "email": "e-mail",
    "linkedin": "LinkedIn",
    "notes": "notes",
    "highlight": "highlight",
    "every": "keep-in-touch cadence",
}
"""How each field of a person is named in messages and in the history, in the editor's order."""


def check_name(name: str) -> str:
    """The name, trimmed; an empty one or one with control characters is refused."""
    if has_control(name):
        raise DomainError("the person's name contains a control character; type it again.")
    name = " ".join(name.split())
    if not name:
        raise DomainError("the person's name is empty.")
    return name


def check_role(word: str, said: str = "", hint: str = "") -> Role:
    """The role ``word`` names, any role (an empty word is an interviewer); an unknown
    word is refused, quoting ``said`` (what was typed, or the person's name) when given,
    and ending with ``hint``."""
    role = parse_role(word)
    if role is None:
        who = f"{said} has an" if said else "that is an"
        raise DomainError(f"{who} unknown role {word.strip()!r}; use {ALL_ROLES}{hint}.")
    return role


def check_highlight(highlight: str) -> str:
    """One line about a person, trimmed; a control character (a line break too) is refused."""
    if has_control(highlight):
        raise DomainError("the highlight contains a control character; type it again.")
    return highlight.strip()


def check_title(title: str) -> str:
    title = title.strip()
    if has_control(title):
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
    if has_control(email) or any(ch.isspace() for ch in email):
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
    if has_control(url) or any(ch.isspace() for ch in url):
        raise DomainError(f"{url!r} is not a web address: it contains spaces or controls.")
    return url


def check_notes(notes: str) -> str:
    """The notes, trimmed; line breaks and tabs are fine, other control characters are not."""
    notes = notes.strip()
    if has_control(notes, multiline=True):
        raise DomainError("the notes contain a control character; type them again.")
    return notes


class Details(msgspec.Struct, frozen=True):
    """The details to set on a person; None leaves a field as it is, "" clears it
    (except the name, which cannot be cleared)."""

    name: str | None = None
    title: str | None = None
    email: str | None = None
    linkedin: str | None = None
    notes: str | None = None
    highlight: str | None = None

    def checked(self) -> Details:
        """The same details trimmed; raises DomainError (one sentence) for a bad one."""
        return Details(
            name=None if self.name is None else check_name(self.name),
            title=None if self.title is None else check_title(self.title),
            email=None if self.email is None else check_email(self.email),
            linkedin=None if self.linkedin is None else check_linkedin(self.linkedin),
            notes=None if self.notes is None else check_notes(self.notes),
            highlight=None if self.highlight is None else check_highlight(self.highlight),
        )

    def changes(self, person: Person) -> dict[str, str]:
        """The fields that differ from ``person``'s, with their new values."""
        out = {}
        for spec in msgspec.structs.fields(self):
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
    """Read "Name", "Name:role" or "Name:role:highlight" with any role (default interviewer);
    a colon in the name is written ``\\:``."""
    name, role_word, highlight = split_spec(spec)
    return new_link(name, role_word, highlight, said=repr(spec), hint=f" ({COLON_HINT})")


def new_link(
    name: str, role_word: str = "", highlight: str = "", *, said: str = "", hint: str = ""
) -> NewPerson:
    """A person to add to a card from its three parts, as :func:`parse_link` reads them
    and the board's add-person form takes them (its name field taken as it is): the same
    checks and sentences. ``said`` is how the unknown-role refusal quotes what was typed
    (default: the name) and ``hint`` ends it."""
    name = check_name(name)
    role = check_role(role_word, said or repr(name), hint)
    return NewPerson(name, role, check_highlight(highlight))


# --- interactions: what people said ----------------------------------------------

INTERACTION_KINDS = ("reply", "feedback", "advice", "meeting", "note")
"""What an interaction can be. A reply logged while an "ask for feedback" item for
that person is open is ``feedback``; ``tracker note`` takes the other kinds."""

INTERACTION_EVENTS = ("reply_logged", "interaction_noted", "touch_done")
"""The event types that record an interaction (a reply, or a note about a person; a
keep-in-touch check-in done with a note is a ``note``, on no card)."""

MAX_SAID = 2000
"""The longest text an interaction holds, in characters."""


def check_said(text: str) -> str:
    """What a person said, trimmed: line breaks and tabs are fine, other control
    characters are not, nor more than :data:`MAX_SAID` characters. It may be empty."""
    if has_control(text, multiline=True):
        raise DomainError("what they said contains a control character; type it again.")
    text = text.strip()
    if len(text) > MAX_SAID:
        raise DomainError(
            f"what they said is {len(text)} characters long; keep it to {MAX_SAID} or fewer."
        )
    return text


def check_note(text: str) -> str:
    """The text of a noted interaction: what :func:`check_said` allows, but not empty."""
    said = check_said(text)
    if not said:
        raise DomainError("the note is empty; say what they said or what happened.")
    return said


AIR_PARTS = (
    ("advice", "Advice"),
    ("insights", "Insights"),
    ("recommendations", "Recommendations"),
)
"""What a coffee meeting gives (AIR), in order: the key in the event, and the label in its text."""


def check_air(parts: dict[str, str | None]) -> dict[str, str]:
    """The three parts of a meeting's notes, trimmed (each may be empty or missing): each
    holds no control character but line breaks and tabs, and at most :data:`MAX_SAID`
    characters."""
    checked = {}
    for key, _ in AIR_PARTS:
        text = parts.get(key) or ""
        if has_control(text, multiline=True):
            raise DomainError(f"the {key} contains a control character; type it again.")
        text = text.strip()
        if len(text) > MAX_SAID:
            raise DomainError(
                f"the {key} is {len(text)} characters long; keep it to {MAX_SAID} or fewer."
            )
        checked[key] = text
    return checked


def air_text(parts: dict[str, str]) -> str:
    """The meeting's notes as one text: "Advice: …", "Insights: …", "Recommendations: …"
    on their own lines, only the parts given (empty when none was)."""
    return "\n".join(f"{label}: {parts[key]}" for key, label in AIR_PARTS if parts.get(key))


def check_kind(kind: str) -> str:
    """An interaction kind, as typed; an unknown one is refused, naming the known ones."""
    word = kind.strip().lower()
    if word not in INTERACTION_KINDS:
        raise DomainError(
            f"{kind!r} is not a kind of interaction; use {', '.join(INTERACTION_KINDS)}."
        )
    return word


class Interaction(msgspec.Struct, frozen=True):
    """What a person said, or what happened with them, on one card and day."""

    id: str
    """The id of the event that logged it."""
    day: date
    person_id: str
    card_id: str | None
    kind: str
    text: str
    met: bool = False
    """Logged by ``tracker met`` (or the meeting's form): its text is the meeting's notes,
    "Advice: …", "Insights: …", "Recommendations: …" on their own lines."""

    def to_json(self) -> dict[str, str | None]:
        return {"day": self.day.isoformat(), "kind": self.kind, "text": self.text}


def interactions(events: Iterable[Event]) -> list[Interaction]:
    """The interactions the events log, oldest first, leaving out those undone.

    A reply logged before replies had a kind and text is a ``reply`` with no text.
    """
    events = list(events)
    undone = {e.data.get("undid") for e in events if e.type == "undo"}
    found = []
    for event in events:
        if event.type not in INTERACTION_EVENTS or event.id in undone:
            continue
        person = event.data.get("person")
        if not isinstance(person, str):
            continue
        if event.type == "touch_done" and not event.data.get("text"):
            continue  # a check-in without a note is no interaction
        kind = event.data.get("kind")
        text = event.data.get("text")
        found.append(
            Interaction(
                id=event.id,
                day=_met_on(event) or event.day,
                person_id=person,
                card_id=event.card_id,
                kind=kind if isinstance(kind, str) and kind in INTERACTION_KINDS else "reply",
                text=text if isinstance(text, str) else "",
                met=isinstance(event.data.get("met_on"), str),
            )
        )
    return found


MEETING_NOTES = "meeting notes"
"""How the notes of a coffee or call (an ``advice`` interaction from ``tracker met``) are
introduced: their text already names its parts ("Advice: …")."""


def said_words(said: Interaction) -> str:
    """An interaction as the card shows it, after its day: "feedback: Talk it through",
    "reply"; a meeting's notes as "meeting notes:" with each part on its own line below
    (their text starts with "Advice:", so "advice: Advice: …" would say it twice). Line
    breaks are kept: the caller indents them."""
    if said.met:
        return f"{MEETING_NOTES}:\n{said.text}" if said.text else f"{MEETING_NOTES}: none taken"
    return f"{said.kind}: {said.text}" if said.text else said.kind


def _met_on(event: Event) -> date | None:
    """The day of the meeting a coffee's notes were taken at (it may be before the event's)."""
    met_on = event.data.get("met_on")
    if not isinstance(met_on, str):
        return None
    try:
        return date.fromisoformat(met_on)
    except ValueError:
        return None


def by_person(found: Iterable[Interaction]) -> dict[str, list[Interaction]]:
    """``found`` grouped by person, each oldest first."""
    out: dict[str, list[Interaction]] = {}
    for interaction in found:
        out.setdefault(interaction.person_id, []).append(interaction)
    return out
