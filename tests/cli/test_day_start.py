"""A non-default day start through the real write path (the last review's gap (a)).

`tracker done` at 02:30 local time: with `day_start = "03:00"` the action still
counts for the day before; with `"00:00"` it counts for the new day. The label
is the `day` of the event in events.jsonl (the clock is fixed, never the real one).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import msgspec
import pytest

from tracker import clock

from support.cli import ok

BERLIN = ZoneInfo("Europe/Berlin")


@pytest.mark.parametrize(("day_start", "label"), [("03:00", "2026-03-02"), ("00:00", "2026-03-03")])
def test_done_at_half_past_two_counts_for_the_day_the_day_start_says(
    home: Path, capsys: pytest.CaptureFixture[str], day_start: str, label: str
) -> None:
    (home / "config.toml").write_text(
        f'[time]\ntimezone = "Europe/Berlin"\nday_start = "{day_start}"\n'
    )
    ok(capsys, "add", "Acme", "Engineer")  # Monday 2 March, 11:00 in Berlin
    clock.set_now(datetime(2026, 3, 3, 2, 30, tzinfo=BERLIN))  # Tuesday, 02:30 in Berlin
    ok(capsys, "done", "acme")
    last = msgspec.json.decode((home / "events.jsonl").read_bytes().splitlines()[-1])
    assert last["type"] == "item_done"
    assert last["at"] == "2026-03-03T01:30:00Z" and last["tz"] == "Europe/Berlin"
    assert last["day"] == label
    streak = msgspec.json.decode(ok(capsys, "streak", "--json"))
    assert streak["today"] == label and streak["today_kept"] is True
