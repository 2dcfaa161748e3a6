"""The comparison with the person hired: their background, what they had that the user
did not (the gaps), and whether they were better qualified.

The gaps are separate entries with stable ids ("g1", "g2", ...) because each may
become a lesson later: writing the comparison again keeps the id of every gap whose
text is unchanged, and a new text gets a number never given in that comparison, not
even to a gap since removed (:attr:`Comparison.issued` remembers the highest).
Input is refused, never repaired (one sentence, a :class:`DomainError`): control
characters, an empty or overlong gap, an overlong background, an unknown answer.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from tracker.domain.errors import DomainError
from tracker.domain.model import Comparison, Gap
from tracker.domain.text import has_control

MAX_GAP = 120
"""The longest gap, in characters: a short phrase ("Kubernetes in production")."""

MAX_BACKGROUND = 2000
"""The longest background, in characters."""

BETTER = ("yes", "no", "unsure")
"""Whether the person hired was better qualified."""

BETTER_WORDS = {"yes": "yes", "no": "no", "unsure": "not sure"}
"""How each answer is said."""

_BETTER_INPUT = {
    "yes": "yes",
    "y": "yes",
    "no": "no",
    "n": "no",
    "unsure": "unsure",
    "not sure": "unsure",
    "not-sure": "unsure",
    "not_sure": "unsure",
    "notsure": "unsure",
}


def check_better(answer: str) -> str:
    """ "yes", "no" or "unsure" from what was typed ("not sure" is "unsure")."""
    word = " ".join(answer.split()).lower()
    found = _BETTER_INPUT.get(word)
    if found is None:
        raise DomainError(
            f"{answer.strip()!r} does not say whether they were better qualified; "
            "use yes, no or unsure."
        )
    return found


def check_background(text: str) -> str:
    """The background, trimmed; line breaks and tabs are fine, other control characters
    are not, nor more than :data:`MAX_BACKGROUND` characters. It may be empty."""
    if has_control(text, multiline=True):
        raise DomainError("the background contains a control character; type it again.")
    text = text.strip()
    if len(text) > MAX_BACKGROUND:
        raise DomainError(
            f"the background is {len(text)} characters long; keep it to {MAX_BACKGROUND} or fewer."
        )
    return text


def check_gaps(gaps: Iterable[str]) -> list[str]:
    """The gaps, each trimmed with its spaces collapsed, duplicates (ignoring case) dropped.
    An empty gap, one with a control character or one over :data:`MAX_GAP` characters is
    refused."""
    out: list[str] = []
    seen: set[str] = set()
    for n, raw in enumerate(gaps, start=1):
        if has_control(raw):
            raise DomainError(f"gap {n} contains a control character; type it again.")
        text = " ".join(raw.split())
        if not text:
            raise DomainError(f"gap {n} is empty; say in a few words what they had.")
        if len(text) > MAX_GAP:
            raise DomainError(
                f"gap {n} is {len(text)} characters long; keep each to {MAX_GAP} or fewer."
            )
        key = text.casefold()
        if key not in seen:
            seen.add(key)
            out.append(text)
    return out


def _number(gap_id: str) -> int:
    digits = gap_id[1:]
    return int(digits) if gap_id.startswith("g") and digits.isdigit() else 0


def compare(
    background: str,
    gaps: Iterable[str],
    better: str,
    *,
    on: date,
    person_id: str | None,
    before: Comparison | None = None,
) -> Comparison:
    """A comparison from what the user typed, checked (see the module's rules).

    ``before`` is the comparison it replaces: a gap whose text (ignoring case) was
    there keeps its id; a new one gets the next number after the highest ever given.
    Nothing at all (no background, no gap) is refused.
    """
    background = check_background(background)
    texts = check_gaps(gaps)
    answer = check_better(better)
    if not background and not texts:
        raise DomainError("the comparison is empty; give their background or at least one gap.")
    known = {gap.text.casefold(): gap.id for gap in before.gaps} if before else {}
    last = max([before.issued, *(_number(gap.id) for gap in before.gaps)]) if before else 0
    made = []
    for text in texts:
        gap_id = known.get(text.casefold())
        if gap_id is None:
            last += 1
            gap_id = f"g{last}"
        made.append(Gap(gap_id, text))
    return Comparison(
        on=on,
        person_id=person_id,
        background=background,
        gaps=tuple(made),
        better=answer,
        issued=last,
    )


def comparison_json(comparison: Comparison, name: str) -> dict[str, Any]:
    """The stable ``--json`` shape of a comparison; ``name`` is the person hired's ("")."""
    return {
        "on": comparison.on.isoformat(),
        "person": comparison.person_id,
        "name": name or None,
        "background": comparison.background,
        "gaps": [{"id": gap.id, "text": gap.text} for gap in comparison.gaps],
        "better": comparison.better,
    }


def gap_words(count: int) -> str:
    """ "no gaps", "1 gap", "2 gaps"."""
    return "no gaps" if count == 0 else f"{count} gap{'s' if count != 1 else ''}"
