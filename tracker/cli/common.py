"""What every command module shares: the error type, settings, the repository, dates, JSON.

Command modules import each other never, only this module (an import-linter
contract checks it). Only the standard library is imported at the top, so
building the parser stays cheap; the store is imported when a command runs.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, TextIO

from tracker.domain.text import plain, visible

if TYPE_CHECKING:
    from tracker.paths import Paths
    from tracker.settings import Settings
    from tracker.store.repo import Repository

EXIT_ERROR = 1
EXIT_USAGE = 2

FIRST_YEAR, LAST_YEAR = 1970, 2200
"""The years a typed date and TRACKER_NOW may fall in: nothing real is outside them,
and day arithmetic near year 1 or 9999 overflows."""

Handler = Callable[[argparse.Namespace], int]
"""A command: the parsed arguments in, the exit status out."""
AddCommand = Callable[[str, str], argparse.ArgumentParser]
"""Adds one subcommand (name, help) to the parser and returns its parser."""


class UserError(Exception):
    """A mistake in what was typed; the message is shown as is."""


def load_settings(args: argparse.Namespace) -> tuple[Paths, Settings]:
    """Where the files are and what the config file says; a bad config is a UserError."""
    from tracker import config, paths

    where = paths.resolve(args.home)
    try:
        return where, config.load(where.config)
    except config.ConfigError as error:
        raise UserError(str(error)) from None


def open_repo(args: argparse.Namespace) -> Repository:
    """The repository of the home the arguments name (``--home``, else TRACKER_HOME)."""
    from tracker.store.repo import Repository

    return Repository(*load_settings(args))


def parse_date_word(text: str | None, today: date, what: str) -> date | None:
    """A date from the words users type; a bad one is a UserError naming ``what``."""
    if text is None:
        return None
    from tracker.domain.dates import parse_day
    from tracker.domain.errors import DomainError

    try:
        day = parse_day(text, today)
    except DomainError as error:
        raise UserError(f"{what}: {error}") from None
    except (OverflowError, ValueError):  # +9999m from a far day
        day = None
    if day is None or not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise UserError(
            f"{what}: {text!r} is too far from today; give a date between the years "
            f"{FIRST_YEAR} and {LAST_YEAR}."
        )
    return day


def check_clock() -> None:
    """Refuse a ``TRACKER_NOW`` that is not an instant tracker can count from, in one sentence."""
    import os

    from tracker import clock

    fixed = os.environ.get("TRACKER_NOW")
    try:
        now = clock.now()
    except ValueError:
        raise UserError(
            f"TRACKER_NOW is {fixed!r}, which is not an ISO 8601 instant like "
            "2026-03-02T10:00:00+01:00; fix it or unset it."
        ) from None
    if not FIRST_YEAR <= now.year <= LAST_YEAR:
        raise UserError(
            f"TRACKER_NOW is {fixed!r}, outside the years tracker counts with "
            f"({FIRST_YEAR} to {LAST_YEAR}); fix it or unset it."
        )


def fmt_day(day: date) -> str:
    """ "Mon 2026-03-02": how dates are echoed back."""
    return f"{day.strftime('%a')} {day.isoformat()}"


def say(*lines: str) -> None:
    """Print lines built from data, one line each: a control character in a name
    is shown (``^[``), never sent to the terminal, and a line break in one is too."""
    for line in lines:
        sys.stdout.write(visible(line) + "\n")


_JSON_UNSAFE = "[\x7f-\x9f\ud800-\udfff]"
"""What JSON leaves as it is but a terminal must not get: DEL, C1, lone surrogates."""


def json_for_terminal(text: str) -> str:
    """JSON text with DEL, C1 controls and lone surrogates written as ``\\uXXXX`` escapes.

    JSON escapes the C0 controls itself; these it may leave raw, and they can only
    stand inside a string, where the escape means the same: still lossless."""
    if plain(text, multiline=True):
        return text
    return re.sub(_JSON_UNSAFE, lambda m: f"\\u{ord(m.group()):04x}", text)


def print_json(value: Any) -> None:
    """Print ``value`` as indented JSON, keeping non-ASCII text readable.

    Written by msgspec, in the layout of ``json.dumps(indent=2, ensure_ascii=False)``
    (about 20 times faster: `tracker list --json` spent most of its time here); what
    msgspec refuses (a lone surrogate: text that was not UTF-8) goes through json."""
    out = sys.stdout
    stream = out.stream if isinstance(out, VisibleText) else out
    try:
        data = _indented(value)
    except UnicodeEncodeError:
        import json

        text = json.dumps(value, indent=2, ensure_ascii=False)
    else:
        buffer = _utf8_buffer(stream)
        if buffer is not None and _terminal_safe(data):
            # Already what the text below would encode to: skip decoding 3 MB, checking
            # it and encoding it again (~10 ms for `tracker list --json` at 1,000 cards).
            stream.flush()
            buffer.write(data)  # not data + b"\n": a second copy of 3 MB
            buffer.write(b"\n")
            return
        text = data.decode()
    # JSON escapes every C0 control and json_for_terminal the rest, so the text is
    # already what VisibleText would make of it: skip that second pass (~10 ms at 3 MB).
    stream.write(json_for_terminal(text) + "\n")


def print_json_list(items: list[Any], shape: Callable[[Any], Any]) -> None:
    """``print_json([shape(x) for x in items])``, byte for byte, for a long list: each
    element is serialised as soon as it is made, so its objects are freed before the next
    is built and no serialiser buffer grows to 3 MB (`tracker list --json` at 1,000 cards:
    about 5 ms). Nothing is written until every element is made, so an error stops the
    whole list. What the quick way cannot write exactly (a lone surrogate, a control
    character to escape, a stdout that is not UTF-8) goes through :func:`print_json`."""
    out = sys.stdout
    stream = out.stream if isinstance(out, VisibleText) else out
    buffer = _utf8_buffer(stream)
    chunks: list[bytes] = []
    if buffer is not None:
        try:
            for item in items:
                chunk = _indented(shape(item))
                if not _terminal_safe(chunk):
                    break
                chunks.append(chunk.replace(b"\n", b"\n  "))  # one level deeper, in the list
            else:
                stream.flush()
                # One write, as print_json makes: a reader that goes away early
                # (`| head -1`) meets the same error at the same point.
                if chunks:
                    chunks[0] = b"[\n  " + chunks[0]
                    chunks[-1] += b"\n]\n"  # the same chunk when there is one
                buffer.write(b",\n  ".join(chunks) if chunks else b"[]\n")
                return
        except UnicodeEncodeError:
            pass
        chunks.clear()
    print_json([shape(item) for item in items])


_C1_UTF8 = b"\xc2[\x80-\x9f]"
"""A C1 control, encoded in UTF-8."""


def _indented(value: Any) -> bytes:
    """``value`` as JSON indented by two spaces, as ``json.dumps(indent=2,
    ensure_ascii=False)`` lays it out, in UTF-8; raises ``UnicodeEncodeError`` for a lone
    surrogate."""
    import msgspec.json

    return msgspec.json.format(msgspec.json.encode(value), indent=2)


def _terminal_safe(data: bytes) -> bool:
    """Whether JSON from msgspec (UTF-8, no lone surrogate) is left as it is by
    :func:`json_for_terminal`: no DEL, no C1 control."""
    return b"\x7f" not in data and (b"\xc2" not in data or re.search(_C1_UTF8, data) is None)


def _utf8_buffer(stream: Any) -> Any:
    """The byte stream under the text stream ``stream`` when text written to it arrives
    as its UTF-8 bytes unchanged (a UTF-8 stream and "\\n" line ends), else None."""
    import codecs
    import os

    buffer = getattr(stream, "buffer", None)
    encoding = getattr(stream, "encoding", None)
    if buffer is None or not isinstance(encoding, str) or os.linesep != "\n":
        return None
    try:
        utf8 = codecs.lookup(encoding).name == "utf-8"
    except LookupError:
        return None
    return buffer if utf8 else None


class VisibleText:
    """A text stream that shows every control character but line breaks (see ``visible``).

    The command line writes through it, so text from data that some command
    printed without :func:`say` still cannot drive the terminal. Bytes written
    to ``buffer`` (an export to stdout) are the writer's to make safe."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        self.stream.write(visible(text, multiline=True))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextmanager
def visible_output() -> Iterator[None]:
    """Route ``sys.stdout`` and ``sys.stderr`` through :class:`VisibleText` while a command runs."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = VisibleText(out), VisibleText(err)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = out, err
