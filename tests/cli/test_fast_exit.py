"""The console script leaves without the interpreter's teardown (issue 17, "Shutdown").

`tracker.cli:run` flushes stdout and stderr, then ends the process with `os._exit`: a
short command no longer spends 10-20 ms freeing objects nobody waits for. These tests
run it in a real subprocess: what was printed must all arrive, the exit status must be
the command's, and the teardown (here an atexit hook, which runs in it) must not run.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support import FIXED_NOW

SCRIPT = """
import atexit, sys
atexit.register(lambda: sys.stderr.write("TEARDOWN\\n"))
sys.argv = ["tracker", *sys.argv[1:]]
from tracker.cli import run
run()
"""


def tracker(home: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
    env.update(TRACKER_HOME=str(home), TRACKER_NOW=FIXED_NOW.isoformat())
    return subprocess.run(
        [sys.executable, "-c", SCRIPT, *argv], env=env, capture_output=True, text=True
    )


def test_a_capture_ends_without_teardown_and_keeps_its_output(tmp_path: Path) -> None:
    for n in range(3):
        done = tracker(tmp_path, "add", f"Acme {n}", "Engineer", "--with", "Jane Doe")
        assert done.returncode == 0, done.stderr
        assert "TEARDOWN" not in done.stderr
        assert f"Acme {n}" in done.stdout
    listed = tracker(tmp_path, "list")
    assert listed.returncode == 0
    assert [line.count("Acme") for line in listed.stdout.splitlines()] == [1, 1, 1]


def test_exit_status_of_errors_help_and_version_is_kept(tmp_path: Path) -> None:
    refused = tracker(tmp_path, "show", "nobody")
    assert refused.returncode == 1
    assert refused.stderr.startswith("tracker: ") and "TEARDOWN" not in refused.stderr
    usage = tracker(tmp_path, "list", "--stage", "nonsense")
    assert usage.returncode == 2 and "TEARDOWN" not in usage.stderr
    helped = tracker(tmp_path, "add", "--help")
    assert helped.returncode == 0 and helped.stdout.startswith("usage: tracker add")
    version = tracker(tmp_path, "--version")
    assert version.returncode == 0 and version.stdout.startswith("tracker ")
    assert "TEARDOWN" not in helped.stderr + version.stderr


def test_a_long_listing_through_a_pipe_arrives_whole(tmp_path: Path) -> None:
    """Everything buffered is flushed before the process ends (a pipe is block-buffered)."""
    for n in range(40):
        assert tracker(tmp_path, "add", f"Company {n:02}", "Engineer").returncode == 0
    listed = tracker(tmp_path, "list")
    assert len(listed.stdout.splitlines()) == 40
    assert listed.stdout.endswith("\n")


GC_SCRIPT = """
import gc, sys
sys.argv = ["tracker", *sys.argv[1:]]
from tracker.cli import board, cards, run, serve

def said(real):
    def handler(args):
        sys.stderr.write(f"GC {gc.isenabled()}\\n")
        sys.stderr.flush()
        return real(args) if real else 0
    return handler

cards.cmd_add = said(cards.cmd_add)
cards.cmd_list = said(cards.cmd_list)
board.cmd_board = said(None)
serve.cmd_serve = said(None)
run()
"""


def test_a_one_shot_command_runs_without_the_cyclic_collector(tmp_path: Path) -> None:
    """A capture or a listing makes thousands of objects in no cycle (its imports too): the
    collector would only walk them. The board and `tracker serve` live long and get it back."""

    def gc_seen(*argv: str) -> str:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TRACKER_")}
        env.update(TRACKER_HOME=str(tmp_path), TRACKER_NOW=FIXED_NOW.isoformat())
        done = subprocess.run(
            [sys.executable, "-c", GC_SCRIPT, *argv], env=env, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
        return done.stderr.strip()

    assert gc_seen("add", "Acme", "Engineer") == "GC False"
    assert gc_seen("list") == "GC False"
    assert gc_seen() == "GC True"  # the board
    assert gc_seen("serve") == "GC True"
