"""Lessons: what to practise, drawn from what people said and from what the hire had.

A lesson is a short phrase ("explain trade-offs out loud in system design"), a
theme (a short tag, kept lower-case: "system design"), a state (open →
practising → learned; any state may be set again) and its **sources**. A source
is either an interaction (the id of the event that logged it: feedback, advice
or any other kind) or a gap of a comparison with the person hired (the
opportunity's id and the gap's stable id). A source attached twice is kept once.

Sources are references, never copies: what they say is read from the event log
and the opportunities when lessons are shown (:func:`resolve`), so an undone
interaction or a rewritten comparison shows as "(gone)" instead of failing.

Ranking: a theme whose sources came from more companies is stronger ("the same
source from two companies is the strongest signal"), then one with more sources.
Input is refused, never repaired (one sentence, a :class:`DomainError`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from enum import StrEnum
from typing import Any

import msgspec

from tracker.domain.errors import DomainError
from tracker.domain.model import Opportunity
from tracker.domain.people import AIR_PARTS, Interaction
from tracker.domain.text import has_control

MAX_TEXT = 200
"""The longest lesson, in characters: a short phrase."""

MAX_THEME = 40
"""The longest theme, in characters: a short tag."""

GONE = "(gone)"
"""How a source that no longer exists is shown."""


class LessonState(StrEnum):
    OPEN = "open"
    PRACTISING = "practising"
    LEARNED = "learned"


STATE_ORDER = {LessonState.OPEN: 0, LessonState.PRACTISING: 1, LessonState.LEARNED: 2}

_STATE_INPUT = {
    "open": LessonState.OPEN,
    "practising": LessonState.PRACTISING,
    "practicing": LessonState.PRACTISING,
    "practise": LessonState.PRACTISING,
    "practice": LessonState.PRACTISING,
    "learned": LessonState.LEARNED,
    "learnt": LessonState.LEARNED,
}

INTERACTION = "interaction"
GAP = "gap"
SOURCE_KINDS = (INTERACTION, GAP)


class Source(msgspec.Struct, frozen=True):
    """Where a lesson came from: an interaction (``event``) or a gap (``opportunity_id``
    and ``gap``). Two sources are the same when their :attr:`key` is."""

    kind: str
    event: str | None = None
    """The id of the event that logged the interaction."""
    opportunity_id: str | None = None
    """The opportunity whose comparison holds the gap."""
    gap: str | None = None
    """The gap's id in that comparison ("g1")."""

    @classmethod
    def interaction(cls, event_id: str) -> Source:
        return cls(INTERACTION, event=event_id)

    @classmethod
    def of_gap(cls, opportunity_id: str, gap_id: str) -> Source:
        return cls(GAP, opportunity_id=opportunity_id, gap=gap_id)

    @property
    def key(self) -> tuple[str, ...]:
        if self.kind == INTERACTION:
            return (INTERACTION, self.event or "")
        return (GAP, self.opportunity_id or "", self.gap or "")

    def to_doc(self) -> dict[str, Any]:
        if self.kind == INTERACTION:
            return {"kind": INTERACTION, "event": self.event}
        return {"kind": GAP, "opportunity": self.opportunity_id, "gap": self.gap}

    @classmethod
    def from_doc(cls, doc: Any) -> Source:
        if type(doc) is not dict:
            raise TypeError(f"a lesson's source, {doc!r}, is not an object")
        kind = doc.get("kind")
        if kind == INTERACTION and type(doc.get("event")) is str:
            return cls.interaction(doc["event"])
        if kind == GAP and type(doc.get("opportunity")) is str and type(doc.get("gap")) is str:
            return cls.of_gap(doc["opportunity"], doc["gap"])
        raise ValueError(f"a lesson's source, {doc!r}, is neither an interaction nor a gap")


class Lesson(msgspec.Struct):
    """Something to practise, with where it came from."""

    id: str
    text: str
    theme: str
    state: LessonState
    created: date
    sources: tuple[Source, ...] = ()

    def to_doc(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            "theme": self.theme,
            "state": self.state.value,
            "created": self.created.isoformat(),
            "sources": [s.to_doc() for s in self.sources],
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Lesson:
        if type(doc) is not dict:
            raise TypeError("a lesson is not an object")
        for key in ("id", "text", "theme", "state", "created"):
            if type(doc.get(key)) is not str:
                raise TypeError(f"the lesson's {key} {doc.get(key)!r} is not text")
        sources = doc.get("sources", [])
        if type(sources) is not list:
            raise TypeError("the lesson's sources are not a list")
        return cls(
            id=doc["id"],
            text=doc["text"],
            theme=doc["theme"],
            state=LessonState(doc["state"]),
            created=date.fromisoformat(doc["created"]),
            sources=tuple(Source.from_doc(s) for s in sources),
        )


# --- input --------------------------------------------------------------------------


def check_text(text: str) -> str:
    """The lesson's phrase, trimmed with its spaces collapsed; empty, overlong or
    holding a control character is refused."""
    if has_control(text):
        raise DomainError("the lesson contains a control character; type it again.")
    text = " ".join(text.split())
    if not text:
        raise DomainError("the lesson is empty; say in a short phrase what to practise.")
    if len(text) > MAX_TEXT:
        raise DomainError(
            f"the lesson is {len(text)} characters long; keep it to {MAX_TEXT} or fewer."
        )
    return text


def check_theme(theme: str) -> str:
    """The theme, lower-case, trimmed with its spaces collapsed; empty, overlong or
    holding a control character is refused."""
    if has_control(theme):
        raise DomainError("the theme contains a control character; type it again.")
    theme = " ".join(theme.split()).lower()
    if not theme:
        raise DomainError('the theme is empty; give a short tag such as "system design".')
    if len(theme) > MAX_THEME:
        raise DomainError(
            f"the theme is {len(theme)} characters long; keep it to {MAX_THEME} or fewer."
        )
    return theme


def check_state(word: str) -> LessonState:
    """A state from what was typed ("practicing" is "practising")."""
    found = _STATE_INPUT.get(" ".join(word.split()).lower())
    if found is None:
        raise DomainError(
            f"{word.strip()!r} is not a lesson state; use open, practising or learned."
        )
    return found


def merge_sources(
    before: Iterable[Source], new: Iterable[Source]
) -> tuple[tuple[Source, ...], list[Source]]:
    """``before`` with each of ``new`` not already there appended; returns (all, added)."""
    kept = list(before)
    seen = {s.key for s in kept}
    added = []
    for source in new:
        if source.key not in seen:
            seen.add(source.key)
            kept.append(source)
            added.append(source)
    return tuple(kept), added


def new_lesson(
    lesson_id: str, text: str, theme: str, sources: Iterable[Source], *, on: date
) -> Lesson:
    """A new, open lesson from what the user typed, checked; repeated sources kept once."""
    merged, _ = merge_sources((), sources)
    return Lesson(
        id=lesson_id,
        text=check_text(text),
        theme=check_theme(theme),
        state=LessonState.OPEN,
        created=on,
        sources=merged,
    )


# --- showing: sources resolved, themes ranked -----------------------------------------


class SourceView(msgspec.Struct, frozen=True):
    """A source as it reads now: who, at which company, on which day, what."""

    source: Source
    gone: bool = False
    kind: str = ""
    """The interaction's kind ("feedback", "advice"…), or "gap"."""
    who: str = ""
    company: str = ""
    day: date | None = None
    text: str = ""
    """What they said, or what the hire had."""

    def words(self) -> str:
        """ "feedback said by Jane Doe at Acme, 2026-03-12", "the hire at Globex had it"."""
        if self.gone:
            return GONE
        at = f" at {self.company}" if self.company else ""
        when = f", {self.day.isoformat()}" if self.day else ""
        if self.kind == GAP:
            named = f" ({self.who})" if self.who else ""
            return f"the hire{at}{named} had it{when}"
        return f"{self.kind} said by {self.who or 'someone'}{at}{when}"

    def to_json(self) -> dict[str, Any]:
        base: dict[str, Any] = {"kind": self.source.kind}
        if self.source.kind == INTERACTION:
            base["event"] = self.source.event
        else:
            base |= {"opportunity": self.source.opportunity_id, "gap": self.source.gap}
        if self.gone:
            return base | {"gone": True}
        return base | {
            "gone": False,
            "said_as": self.kind,
            "who": self.who or None,
            "company": self.company or None,
            "day": self.day.isoformat() if self.day else None,
            "text": self.text,
        }


def resolve(
    source: Source,
    interactions: Mapping[str, Interaction],
    opportunities: Mapping[str, Opportunity],
    names: Mapping[str, str],
    company_of_card: Mapping[str, str],
) -> SourceView:
    """What ``source`` refers to, read from the interactions not undone (by event id),
    the opportunities, the people's names and each card's company; (gone) when missing."""
    if source.kind == INTERACTION:
        said = interactions.get(source.event or "")
        if said is None:
            return SourceView(source, gone=True)
        company = company_of_card.get(said.card_id or "", "")
        return SourceView(
            source,
            kind=said.kind,
            who=names.get(said.person_id, ""),
            company=company,
            day=said.day,
            text=said.text,
        )
    opp = opportunities.get(source.opportunity_id or "")
    comparison = opp.comparison if opp is not None else None
    gap = None
    if comparison is not None:
        gap = next((g for g in comparison.gaps if g.id == source.gap), None)
    if opp is None or comparison is None or gap is None:
        return SourceView(source, gone=True)
    return SourceView(
        source,
        kind=GAP,
        who=names.get(comparison.person_id or "", ""),
        company=opp.company,
        day=comparison.on,
        text=gap.text,
    )


def suggested_text(source: SourceView) -> str:
    """A first draft of a lesson made from ``source``, for the user to edit: the gap's text,
    or the first line of what was said (a meeting note's "Advice: " label left out), its
    spaces collapsed, cut at a word to fit :data:`MAX_TEXT` ("" when gone or empty)."""
    if source.gone:
        return ""
    line = next((x for x in source.text.splitlines() if x.strip()), "")
    line = " ".join(line.split())
    for _, label in AIR_PARTS:
        if line.startswith(f"{label}: "):
            line = line[len(label) + 2 :]
            break
    if len(line) > MAX_TEXT:
        cut = line[: MAX_TEXT + 1].rsplit(" ", 1)[0]
        line = cut if cut and len(cut) <= MAX_TEXT else line[:MAX_TEXT]
    return line


def _companies(views: Iterable[SourceView]) -> int:
    return len({v.company.casefold() for v in views if not v.gone and v.company})


class LessonView(msgspec.Struct, frozen=True):
    """A lesson with its sources as they read now."""

    lesson: Lesson
    sources: tuple[SourceView, ...]

    @property
    def live(self) -> tuple[SourceView, ...]:
        return tuple(s for s in self.sources if not s.gone)

    @property
    def companies(self) -> int:
        """How many distinct companies its (existing) sources came from."""
        return _companies(self.sources)

    @property
    def strength(self) -> tuple[int, int]:
        return self.companies, len(self.live)

    def to_json(self) -> dict[str, Any]:
        lesson = self.lesson
        return {
            "id": lesson.id,
            "short_id": lesson.id[:6],
            "text": lesson.text,
            "theme": lesson.theme,
            "state": lesson.state.value,
            "created": lesson.created.isoformat(),
            "companies": self.companies,
            "sources": [s.to_json() for s in self.sources],
        }


class Theme(msgspec.Struct, frozen=True):
    """A theme with its lessons, strongest first."""

    name: str
    lessons: tuple[LessonView, ...] = ()

    @property
    def sources(self) -> int:
        return sum(len(v.live) for v in self.lessons)

    @property
    def companies(self) -> int:
        return _companies(s for v in self.lessons for s in v.sources)

    @property
    def strength(self) -> tuple[int, int]:
        return self.companies, self.sources


def rank(views: Iterable[LessonView]) -> list[Theme]:
    """Themes by strength: more distinct companies first, then more sources, then by name.
    Within a theme, lessons the same way, then open before practising before learned, then
    oldest first."""
    by_theme: dict[str, list[LessonView]] = {}
    for view in views:
        by_theme.setdefault(view.lesson.theme, []).append(view)
    themes = [
        Theme(
            name,
            tuple(
                sorted(
                    found,
                    key=lambda v: (
                        -v.companies,
                        -len(v.live),
                        STATE_ORDER[v.lesson.state],
                        v.lesson.created,
                        v.lesson.text.casefold(),
                    ),
                )
            ),
        )
        for name, found in by_theme.items()
    ]
    themes.sort(key=lambda t: (-t.companies, -t.sources, t.name))
    return themes


def strength_words(companies: int, sources: int) -> str:
    """ "3 sources from 2 companies", "1 source", "no sources"."""
    if sources == 0:
        return "no sources"
    said = f"{sources} source{'s' if sources != 1 else ''}"
    if companies > 1:
        said += f" from {companies} companies"
    return said
