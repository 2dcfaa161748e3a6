"""What goes wrong when text that should be JSON is not, said in words.

Every JSON file and output of tracker goes through msgspec (``msgspec.json.decode`` and
``encode``): the state file, the event log, the prompt summary, exports, sync files,
backups and ``--json`` output. It writes the same bytes orjson did for tracker's data
(strings, integers, booleans, null) and is as quick at the sizes tracker reads, and
msgspec is needed anyway for the domain's record classes; orjson imported ``dataclasses``
and with it ``inspect`` at start-up, about 4 ms of every capture (docs/speed.md).

msgspec says what is wrong in its own words ("JSON is malformed: invalid character
(byte 17)", "Input data was truncated") and raises ``RecursionError`` for nesting deeper
than the interpreter's recursion limit; :data:`NOT_JSON` and :func:`not_json` turn
either into one phrase for a message.
"""

from __future__ import annotations

import re

import msgspec

NOT_JSON: tuple[type[Exception], ...] = (msgspec.DecodeError, RecursionError)
"""What ``msgspec.json.decode`` raises for text that is not JSON (``DecodeError`` is a
``ValueError``; ``RecursionError`` is for nesting too deep to follow)."""

_BYTE = r"\(byte (\d+)\)"


def not_json(error: BaseException) -> str:
    """``error`` (one of :data:`NOT_JSON`) as a phrase without parentheses (messages put
    it inside theirs): "not valid JSON at byte 17", "not valid JSON: it ends too soon",
    "not valid JSON: it is nested too deeply"."""
    if isinstance(error, RecursionError):
        return "not valid JSON: it is nested too deeply"
    said = str(error)
    found = re.search(_BYTE, said)
    if found:
        return f"not valid JSON at byte {found.group(1)}"
    if "truncated" in said:
        return "not valid JSON: it ends too soon"
    return "not valid JSON"
