"""Text from data, made safe to show on a terminal.

A company, a name, a note, an imported CSV cell or a template may hold control
characters; sent to a terminal as they are, ``ESC ] 52`` sets the clipboard,
``ESC ] 0`` the window title, ``ESC [ 2 J`` clears the screen. :func:`visible`
is the one rule every output (the command line, the board, the capture form)
applies to text that came from data: each control character is shown in caret
notation, so it can be seen and nothing is interpreted.
"""

from __future__ import annotations

import re

_UNSAFE = "\r\n|[\x00-\x1f\x7f-\x9f\ud800-\udfff]"
"""(A pattern: ``re`` compiles it on first use and keeps it; compiling these at import
cost a capture ~1 ms, and text that :func:`plain` passes never needs them.)
A CR LF pair (one token, so multi-line text keeps it), C0, DEL, C1, and lone
surrogates (bytes that were not UTF-8, which no terminal encoding can carry)."""

REPLACEMENT = "\ufffd"
"""What a lone surrogate (an undecodable byte) is shown as."""


def _caret(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return "^" + chr(code + 0x40)  # ESC ^[, BEL ^G, LF ^J, CR ^M
    if code == 0x7F:
        return "^?"
    if code <= 0x9F:
        return "^[" + chr(code - 0x40)  # C1 as its 7-bit escape: CSI (U+009B) ^[[
    return REPLACEMENT


def _single(match: re.Match[str]) -> str:
    token = match.group()
    if token == "\t":
        return " "
    return "".join(_caret(char) for char in token)


_UNSAFE_MULTI = "\r(?!\n)|[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]"
""":data:`_UNSAFE` less the line breaks (LF, and CR LF) that multi-line text keeps: a long
text of many lines is then not a match, and a call, per line."""


def visible(text: str, *, multiline: bool = False) -> str:
    """``text`` with no control character left: each shown in caret notation.

    ESC is shown as ``^[``, BEL as ``^G``, DEL as ``^?``, a C1 control as its
    7-bit escape (CSI, U+009B, as ``^[[``), a byte that was not UTF-8 (a lone
    surrogate) as U+FFFD, and a tab as a space. With ``multiline`` (notes,
    drafts, whole exports), line breaks (``\\n`` and ``\\r\\n``) are kept;
    otherwise they are shown too (``^J``), so one field stays one line.
    Text without control characters is returned as it is.
    """
    if plain(text, multiline=multiline):
        return text
    return re.sub(_UNSAFE_MULTI if multiline else _UNSAFE, _single, text)


def plain(text: str, *, multiline: bool = False) -> bool:
    """A quick yes for text with nothing to show in caret notation: every character is
    printable (so no control, DEL, C1 or lone surrogate), line breaks aside with
    ``multiline``. ``str.isprintable`` scans a 2 MB export in microseconds where a
    regular expression takes milliseconds; a "no" (a tab, a no-break space) only means
    look closer."""
    return (text.replace("\n", "") if multiline else text).isprintable()


def has_control(text: str, *, multiline: bool = False) -> bool:
    """Whether ``text`` holds a character :func:`visible` would show in caret notation.

    Input checks use it to refuse such text where it is typed; ``multiline`` allows
    line breaks and tabs (notes, what someone said).
    """
    if plain(text, multiline=multiline):
        return False
    allowed = ("\n", "\r\n", "\t") if multiline else ()
    return any(match.group() not in allowed for match in re.finditer(_UNSAFE, text))
