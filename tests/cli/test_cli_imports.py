"""The capture path must start fast: no Textual, no Rich.

A fresh interpreter runs the command in-process and reports what it imported;
the parent checks the list, so a stray top-level import anywhere on the path
(cli, store, domain, config) fails here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from support import ROOT

CHILD = """
import json, sys
from tracker.cli import main
code = main(json.loads(sys.argv[1]))
sys.stdout.flush()
print("\\n" + json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""

HEAVY = ("textual", "rich")


def _child(script: str, argv: list[str], home: Path) -> tuple[dict[str, Any], str]:
    """What ``script``, run in a fresh interpreter with ``argv``, reported on its last
    line (a JSON object), and everything it printed."""
    env = dict(os.environ, TRACKER_HOME=str(home), PYTHONPATH=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", script, json.dumps(argv)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1]), done.stdout


def _imported(argv: list[str], home: Path) -> tuple[int, list[str], str]:
    report, out = _child(CHILD, argv, home)
    return report["code"], report["modules"], out


def _heavy(modules: list[str]) -> list[str]:
    return [m for m in modules if m.split(".")[0] in HEAVY]


def test_textual_and_rich_are_installed():
    """Otherwise the checks below would pass for the wrong reason."""
    import importlib.util

    for name in HEAVY:
        assert importlib.util.find_spec(name) is not None, name


def test_add_imports_neither_textual_nor_rich(home):
    code, modules, out = _imported(
        [
            "add",
            "Acme",
            "Backend Engineer",
            "--with",
            "Jane Doe:hiring_manager",
            "--on",
            "last fri",
        ],
        home,
    )
    assert code == 0
    assert out.startswith("Added ")
    # The command really ran through the store.
    assert "tracker.store.repo" in modules
    assert (home / "tracker.json").is_file()
    assert _heavy(modules) == []


def test_a_command_imports_its_own_command_module_only(home):
    """`tracker add` imports tracker.cli.cards, not the ten other command modules (issue
    17: every module a capture imports costs start-up time); a bare `tracker --version`
    imports none of them."""
    from tracker.cli.dispatch import GROUPS

    def command_modules(modules: list[str]) -> list[str]:
        return [m for m in modules if m.startswith("tracker.cli.") and m[12:] in GROUPS]

    code, modules, _ = _imported(["add", "Acme", "Engineer"], home)
    assert code == 0 and "tracker.store.repo" in modules
    assert command_modules(modules) == ["tracker.cli.cards"]
    code, modules, _ = _imported(["watches", "--json"], home)
    assert code == 0
    assert command_modules(modules) == ["tracker.cli.watches"]


START_UP_ONLY = ("dataclasses", "inspect", "typing_extensions", "orjson")
"""Modules a capture does not need (issue 17): ``dataclasses`` ran about 10 ms of
generated code for 27 record classes, ``inspect`` costs about 4 ms to import, and
``typing_extensions`` and ``orjson`` were only how msgspec and the JSON files brought
those two in."""


def test_a_capture_imports_no_dataclasses_and_no_inspect(home):
    """The domain's records are ``msgspec.Struct`` classes (made in C), the card a plain
    class, every JSON file goes through msgspec, and msgspec is imported without
    ``typing_extensions``: together about 12 ms of a 60 ms ``tracker add``."""
    code, modules, out = _imported(["add", "Acme", "Engineer", "--with", "Jane Doe"], home)
    assert code == 0 and out.startswith("Added ")
    assert "msgspec" in modules and "tracker.store.repo" in modules
    assert [m for m in modules if m.split(".")[0] in START_UP_ONLY] == []


LATER = """
import json, sys
from tracker.cli import main
code = main(json.loads(sys.argv[1]))
import typing_extensions  # as Textual does, in the same process, after the command
sys.stdout.flush()
print("\\n" + json.dumps({"code": code, "later": typing_extensions.__name__}))
"""


def test_typing_extensions_is_only_hidden_while_msgspec_is_imported(home):
    report, out = _child(LATER, ["add", "Acme", "Engineer"], home)
    assert report == {"code": 0, "later": "typing_extensions"} and out.startswith("Added ")


REFUSING = """
import builtins, json, sys
real = builtins.__import__
def strict(name, *args, **kwargs):
    # A msgspec that would not import without typing_extensions.
    if name == "msgspec" and "typing_extensions" in sys.modules and sys.modules["typing_extensions"] is None:
        raise ImportError("typing_extensions is required")
    return real(name, *args, **kwargs)
builtins.__import__ = strict
from tracker.cli import main
code = main(json.loads(sys.argv[1]))
sys.stdout.flush()
print("\\n" + json.dumps({"code": code, "te": "typing_extensions" in sys.modules}))
"""


def test_a_msgspec_that_needs_typing_extensions_is_imported_as_usual(home):
    report, out = _child(REFUSING, ["add", "Acme", "Engineer"], home)
    assert report == {"code": 0, "te": True} and out.startswith("Added ")


@pytest.mark.parametrize(
    "argv",
    [
        ["due", "--count"],
        ["list", "--json"],
        ["show", "acme", "--json"],
        ["hired", "acme", "Pat Kim"],
        ["people", "--json"],
        ["lessons", "--json"],
        ["lesson", "sources", "acme"],
    ],
)
def test_other_quick_commands_import_neither_textual_nor_rich(home, argv):
    code, _, _ = _imported(["add", "Acme", "Engineer"], home)
    assert code == 0
    code, modules, _ = _imported(argv, home)
    assert code == 0
    assert _heavy(modules) == []


def test_the_check_would_see_textual(home):
    """The same child notices when Textual is imported, so the checks above can fail."""
    report, _ = _child("import textual\n" + CHILD, ["paths"], home)
    assert "textual" in _heavy(report["modules"])


def test_serve_refusing_a_port_imports_no_textual_serve(home):
    """`tracker serve` imports textual-serve only to serve: its checks, and the parser
    every command builds, do not (the capture-path contract in pyproject says the same)."""
    code, modules, _ = _imported(["serve", "--port", "0"], home)
    assert code == 1
    assert [m for m in modules if m.split(".")[0] in (*HEAVY, "textual_serve", "aiohttp")] == []
