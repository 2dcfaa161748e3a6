"""Unit tests for tracker.domain.text.visible: no control character survives, nothing else changes."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.domain.text import has_control, visible

CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("X\x1b]52;c;aGVsbG8=\x07Co", "X^[]52;c;aGVsbG8=^GCo"),
        ("\x1b]0;title\x1b\\", "^[]0;title^[\\"),
        ("A\x9b31mB", "A^[[31mB"),
        ("A\x9d0;t\x9c", "A^[]0;t^[\\"),
        ("del\x7f", "del^?"),
        ("nul\x00", "nul^@"),
        ("a\tb", "a b"),
        ("a\nb", "a^Jb"),
        ("a\r\nb", "a^M^Jb"),
        ("a\rb", "a^Mb"),
        ("Bad\udcffCo", "Bad\ufffdCo"),
        ("Zoë 日本 😀 — ·", "Zoë 日本 😀 — ·"),
        ("", ""),
    ],
)
def test_visible_shows_control_characters_in_caret_notation(raw: str, shown: str) -> None:
    assert visible(raw) == shown


def test_multiline_keeps_line_breaks_and_nothing_else() -> None:
    assert visible("one\ntwo\r\nthree\rfour\x1b[2J\tx", multiline=True) == (
        "one\ntwo\r\nthree^Mfour^[[2J x"
    )


def test_text_without_control_characters_is_the_same_object() -> None:
    text = "Acme (Backend Engineer)"
    assert visible(text) is text


@given(st.text())
def test_nothing_unsafe_survives_and_it_is_idempotent(text: str) -> None:
    once = visible(text)
    assert not CONTROL.search(once)
    assert visible(once) == once
    multi = visible(text, multiline=True)
    assert not CONTROL.search(multi.replace("\r\n", "").replace("\n", ""))
    assert visible(multi, multiline=True) == multi


@pytest.mark.parametrize(
    ("text", "one_line", "multi_line"),
    [
        ("Jane Doe", False, False),
        ("Jane\tDoe", True, False),
        ("line one\nline two", True, False),
        ("crlf\r\nline", True, False),
        ("bare\rCR", True, True),
        ("X\x1b]52;c;aGVsbG8=\x07Co", True, True),
        ("C1\x9bx", True, True),
    ],
)
def test_input_checks_refuse_what_visible_would_change(
    text: str, one_line: bool, multi_line: bool
) -> None:
    """One rule for what counts as a control character, for showing and for refusing."""
    assert has_control(text) is one_line
    assert has_control(text, multiline=True) is multi_line
    assert has_control(text) is (visible(text) != text)


def _multi_by_lines(text: str) -> str:
    """The multi-line rule stated directly: split at LF and CR LF, show each piece as
    one line, join with the same breaks."""
    parts = re.split("(\r\n|\n)", text)
    return "".join(part if part in ("\n", "\r\n") else visible(part) for part in parts)


@given(st.text(alphabet=st.sampled_from("ab\n\r\t\x1b\x9b\x7f\x00\ud800é")))
def test_multiline_is_each_line_shown_as_one_line(text: str) -> None:
    assert visible(text, multiline=True) == _multi_by_lines(text)
