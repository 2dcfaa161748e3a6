"""What the export and import formats share: reading a file's text, the refusal, a person's name.

Exports never write; imports are all or nothing and refuse an unusable file
with :class:`ImportRefused`, whose text is one sentence naming the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from tracker.domain.model import Person
from tracker.store.errors import StoreError


class ImportRefused(StoreError):
    """An import file that cannot be used at all; ``str(error)`` is one sentence."""


def read_text(source: Path, raw: bytes) -> str:
    """UTF-8 text (a BOM is fine); anything else is refused in one sentence naming the file."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ImportRefused(
            f"{source} is not UTF-8 text (byte 0x{raw[error.start]:02x} at position "
            f"{error.start}); save it as UTF-8 (in a spreadsheet: CSV UTF-8) and try again."
        ) from None
    if "\x00" in text:
        raise ImportRefused(
            f"{source} contains NUL bytes, so it is not UTF-8 text (a UTF-16 or .xlsx file?); "
            "save it as UTF-8 (in a spreadsheet: CSV UTF-8) and try again."
        )
    return text


def person_name(people: Mapping[str, Person], person_id: str | None) -> str:
    """The name of ``person_id``, or "" when there is none (or the person is gone)."""
    if person_id is None:
        return ""
    person = people.get(person_id)
    return person.name if person else ""
