"""Running the CLI in-process in tests: its exit status, stdout and stderr."""

from __future__ import annotations

import pytest

from tracker.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    """Run the CLI in-process; returns (exit status, stdout, stderr)."""
    capsys.readouterr()
    try:
        code = main(list(argv))
    except SystemExit as leave:
        code = leave.code if isinstance(leave.code, int) else 1
    out, err = capsys.readouterr()
    return code, out, err


def ok(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code, out, err = run(capsys, *argv)
    assert code == 0, f"{argv} failed with {code}: {err}"
    assert err == ""
    return out


def fails(capsys: pytest.CaptureFixture[str], *argv: str, code: int = 1) -> str:
    """Run a command that must fail: one `tracker:` line on stderr, nothing on stdout."""
    got, out, err = run(capsys, *argv)
    assert got == code, f"{argv} exited {got}, expected {code}; stderr: {err!r}"
    assert out == ""
    assert err.startswith("tracker: "), err
    assert err.endswith("\n") and err.count("\n") == 1, f"not one line: {err!r}"
    assert "Traceback" not in err
    return err
