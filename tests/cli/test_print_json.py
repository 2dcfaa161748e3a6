"""`print_json` (every `--json` output) writes the layout of `json.dumps(indent=2,
ensure_ascii=False)`, made safe for a terminal, whichever encoder wrote it."""

from __future__ import annotations

import io
import json
import sys
from typing import Any

import pytest

from tracker.cli.common import json_for_terminal, print_json, print_json_list

VALUES: list[Any] = [
    {"cards": [], "people": {}, "n": 0, "ok": True, "none": None, "big": 2**62},
    [
        {
            "company": "Acme ünïcode — 東京 © 1\xa0km",
            "items": [{"id": "a", "done": False}],
            "empty": [],
        }
    ],
    {"nested": {"deeper": {"list": [1, [2, [3, {}]]]}}},
    {"controls": "ESC \x1b[2J BEL \x07 DEL \x7f C1 \x9b tab \t nl \n"},
    {"lone surrogate": "bad \udcff byte", "huge": 2**70},
]


@pytest.mark.parametrize("value", VALUES)
def test_print_json_is_the_standard_layout(value: Any, capsys: pytest.CaptureFixture[str]) -> None:
    print_json(value)
    out = capsys.readouterr().out
    assert out == json_for_terminal(json.dumps(value, indent=2, ensure_ascii=False)) + "\n"
    assert json.loads(out) == json.loads(json.dumps(value))


@pytest.mark.parametrize("encoding", ["utf-8", "latin-1"])
def test_print_json_bytes_are_the_streams_encoding(
    encoding: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """UTF-8 JSON goes straight to the byte stream under stdout only when stdout is UTF-8."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding=encoding, newline="")
    monkeypatch.setattr(sys, "stdout", stream)
    print_json({"name": "Zoë", "n": 1})
    stream.flush()
    assert raw.getvalue() == '{\n  "name": "Zoë",\n  "n": 1\n}\n'.encode(encoding)


@pytest.mark.parametrize("value", VALUES)
def test_print_json_list_writes_what_print_json_writes(
    value: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """Element by element, in the same layout and with the same escapes."""
    for items in ([], [value], [value, {"n": 1}, [value]]):
        print_json(list(items))
        whole = capsys.readouterr().out
        print_json_list(items, lambda x: x)
        assert capsys.readouterr().out == whole


def test_print_json_list_writes_nothing_when_an_element_fails(
    capsys: pytest.CaptureFixture[str],
) -> None:
    def shape(n: int) -> dict[str, int]:
        if n == 3:
            raise ValueError("a damaged record")
        return {"n": n}

    with pytest.raises(ValueError):
        print_json_list(list(range(5)), shape)
    assert capsys.readouterr().out == ""


class CountingBytes(io.BytesIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, data: Any) -> int:
        self.writes += 1
        return super().write(data)


def test_print_json_list_is_one_write(monkeypatch: pytest.MonkeyPatch) -> None:
    """As print_json: a reader that goes away early (`| head -1`) meets what it met before."""
    raw = CountingBytes()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(raw, encoding="utf-8", newline=""))
    print_json_list(list(range(3)), lambda n: {"n": n})
    assert raw.writes == 1
    assert raw.getvalue() == json.dumps([{"n": 0}, {"n": 1}, {"n": 2}], indent=2).encode() + b"\n"
