"""`tracker add` builds only its own module's parsers (issue 17: the capture path builds
one command's parser, not all of them); the table that says which module registers which
command matches what the modules register."""

from __future__ import annotations

import argparse

import pytest

from tracker.cli import dispatch

from support.cli import ok


def registered() -> dict[str, object]:
    """Each command name and the module of GROUPS that registers it."""
    found: dict[str, object] = {}
    for module in dispatch.GROUPS:

        def command(name: str, help_text: str, module: str = module) -> argparse.ArgumentParser:
            found[name] = module
            return argparse.ArgumentParser(add_help=False)

        dispatch.group(module).add_parsers(command)
    return found


def test_the_table_names_every_command_and_its_module() -> None:
    assert registered() == dispatch.COMMANDS


def test_a_command_builds_only_its_modules_parsers(
    home, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    for module in dispatch.GROUPS:
        if module != "cards":

            def refuse(command: object, name: str = module) -> dict[str, object]:
                raise AssertionError(f"{name} was built for `tracker add`")

            monkeypatch.setattr(dispatch.group(module), "add_parsers", refuse)
    assert "Added" in ok(capsys, "add", "Acme", "SRE")


def test_an_unknown_command_still_lists_them_all(capsys: pytest.CaptureFixture[str]) -> None:
    from support.cli import run

    code, out, err = run(capsys, "ad", "Acme")
    assert code == 2 and "invalid choice" in err and "lessons" in err


def test_a_command_builds_only_its_own_parser(
    home, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """`tracker add` builds the parser of `add` alone, not its 14 neighbours in the cards
    module; `tracker list` then builds `list`, and the usage and help still work."""
    built: list[str] = []
    real = dispatch.Parser.__init__

    def counting(self: dispatch.Parser, *args: object, **kwargs: object) -> None:
        real(self, *args, **kwargs)  # type: ignore[arg-type]
        built.append(self.prog)

    monkeypatch.setattr(dispatch.Parser, "__init__", counting)
    assert "Added" in ok(capsys, "add", "Acme", "SRE")
    assert [p for p in built if p.startswith("tracker ")] == ["tracker add"]
    built.clear()
    assert "Acme" in ok(capsys, "list")
    assert [p for p in built if p.startswith("tracker ")] == ["tracker list"]
    assert "--with" in ok(capsys, "add", "--help")
