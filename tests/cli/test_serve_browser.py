"""`tracker serve` in a real browser: headless Chromium, driven by Playwright.

The board is served by ``tracker serve`` in its own process, on a free port, and a
headless Chromium (the machine's own: Debian's ``chromium`` package, which
``.ci/run`` installs when it can; Playwright's own browser download is not used)
opens the page. textual-serve draws the terminal with xterm.js on a canvas, so the
text is not in the page's DOM: the test reads what xterm.js holds, its screen buffer
(text and colours of every cell), through xterm.js's public API. The page keeps its
``Terminal`` in a local variable; a setter for ``terminal`` on ``Object.prototype``,
installed before the page's script runs, catches it when textual-serve's client stores
it (``this.terminal = new Terminal(...)``) and exposes it as ``window.__trackerTerminal``.

Without Playwright, textual-serve or a Chromium, the test skips and says which and how
to get it (pytest prints skip reasons: ``-rs`` in pyproject.toml).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from support import ROOT
from support.cli import ok

CHROMIUM_FLAGS = [
    # Without the network ones, Chromium reaches out to Google's hosts as it starts and can
    # hang where there is no network. Playwright gives each launch a fresh, empty profile.
    "--no-sandbox",  # CI runs as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
TIMEOUT_MS = 60_000  # a busy two-core machine starts the server, the browser and the board

CATCH_TERMINAL = """
Object.defineProperty(Object.prototype, "terminal", {
  configurable: true,
  set(value) {
    Object.defineProperty(this, "terminal", {
      value, writable: true, configurable: true, enumerable: true,
    });
    if (value && typeof value.loadAddon === "function" && "buffer" in value) {
      window.__trackerTerminal = value;
    }
  },
});
"""

# The screen as xterm.js holds it: one string per row, and for each row the
# background colour of every character of that string ("mode:colour").
READ_SCREEN = """
() => {
  const term = window.__trackerTerminal;
  if (!term) return null;
  const buffer = term.buffer.active;
  const rows = [];
  for (let y = 0; y < term.rows; y++) {
    const line = buffer.getLine(buffer.viewportY + y);
    let text = "";
    const backgrounds = [];
    for (let x = 0; line && x < term.cols; x++) {
      const cell = line.getCell(x);
      if (!cell || cell.getWidth() === 0) continue;  // the right half of a wide character
      const chars = cell.getChars() || " ";
      text += chars;
      for (let i = 0; i < chars.length; i++) {
        backgrounds.push(cell.getBgColorMode() + ":" + cell.getBgColor());
      }
    }
    rows.push({text, backgrounds});
  }
  return rows;
}
"""
# The background colour of the first letter of ``word`` in READ_SCREEN's rows.
BACKGROUND_OF = """
(rows, word) => {
  for (const row of rows) {
    const column = row.text.indexOf(word);
    if (column >= 0) return row.backgrounds[column];
  }
  return undefined;
}
"""


def chromium() -> str:
    """The machine's Chromium, or skip saying how to get one."""
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    pytest.skip(
        "no Chromium on this machine for the browser test (Debian: `apt-get install chromium`;"
        " bash .ci/run installs it when it runs as root or with password-less sudo)"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_listening(server: subprocess.Popen[str], port: int, log: Path) -> None:
    """Poll until the server accepts connections (a deadline, not a fixed sleep)."""
    deadline = time.monotonic() + TIMEOUT_MS / 1000
    while time.monotonic() < deadline:
        assert server.poll() is None, f"tracker serve exited: {log.read_text()}"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"tracker serve did not listen on port {port} in time")


def where(screen: list[dict[str, Any]], word: str) -> tuple[int, str]:
    """The row of ``word`` on the screen and the background colour of its first letter."""
    for row, line in enumerate(screen):
        column = line["text"].find(word)
        if column >= 0:
            return row, line["backgrounds"][column]
    raise AssertionError(f"{word!r} is not on the screen")


def test_the_board_in_a_headless_browser_shows_its_cards_and_takes_keys(
    capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path
) -> None:
    """Columns and cards appear in the page; ArrowDown, pressed in the page, moves the
    focus from the top card to the one below (their backgrounds swap in xterm.js)."""
    playwright_api = pytest.importorskip(
        "playwright.sync_api", reason='Playwright is not installed (pip install ".[dev]")'
    )
    pytest.importorskip(
        "textual_serve", reason='textual-serve is not installed (pip install ".[web]")'
    )
    browser_path = chromium()
    ok(capsys, "add", "Acme", "Backend Engineer")
    ok(capsys, "add", "Globex", "Data Engineer")
    port = free_port()
    env = dict(os.environ, TRACKER_HOME=str(home), PYTHONPATH=str(ROOT))
    log = tmp_path / "serve.log"  # a file, not a pipe: its request log must never fill up
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "tracker", "serve", "--port", str(port)],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            text=True,
        )
    shot = tmp_path / "page.png"
    try:
        wait_listening(server, port, log)
        with playwright_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=browser_path, headless=True, args=CHROMIUM_FLAGS
            )
            try:
                page = browser.new_page(viewport={"width": 1200, "height": 800})
                page.set_default_timeout(TIMEOUT_MS)
                page.add_init_script(CATCH_TERMINAL)
                page.goto(f"http://127.0.0.1:{port}/")
                try:
                    # The board is up: every column title and both cards are on the screen,
                    # and one card is highlighted (the two cards' backgrounds differ).
                    page.wait_for_function(
                        f"""() => {{
                          const rows = ({READ_SCREEN})();
                          if (!rows) return false;
                          const text = rows.map(r => r.text).join("\\n");
                          if (!["Thank-you", "Feedback", "Monitor", "Coffee", "Acme",
                                "Globex"].every(w => text.includes(w))) return false;
                          const bg = ({BACKGROUND_OF});
                          return bg(rows, "Acme") !== bg(rows, "Globex");
                        }}"""
                    )
                    before = page.evaluate(READ_SCREEN)
                    text = "\n".join(line["text"] for line in before)
                    assert "Backend Engineer" in text and "Data Engineer" in text
                    cards = {name: where(before, name) for name in ("Acme", "Globex")}
                    top, low = sorted(cards, key=lambda name: cards[name][0])
                    (top_row, top_bg), (low_row, low_bg) = cards[top], cards[low]
                    assert top_row < low_row  # one column, one card above the other

                    # A real key press in the page: xterm.js's input gets it and sends it.
                    page.locator(".xterm-helper-textarea").focus()
                    page.keyboard.press("ArrowDown")
                    page.wait_for_function(
                        f"""() => {{
                          const rows = ({READ_SCREEN})();
                          const bg = ({BACKGROUND_OF});
                          return bg(rows, {top!r}) === {low_bg!r}
                            && bg(rows, {low!r}) === {top_bg!r};
                        }}"""
                    )
                except playwright_api.TimeoutError:
                    page.screenshot(path=str(shot))
                    screen = page.evaluate(READ_SCREEN)
                    shown = (
                        "\n".join(line["text"] for line in screen)
                        if screen
                        else "(none: the page's xterm.js Terminal was not caught; does"
                        " textual-serve's client still keep it as `this.terminal`?)"
                    )
                    raise AssertionError(
                        f"the page did not show what was expected in time (screenshot: {shot});"
                        f" the screen in xterm.js:\n{shown}"
                    ) from None
            finally:
                browser.close()
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()


def test_the_dev_extra_brings_playwright_pinned() -> None:
    """CI (tracker[dev]) must install the driver, or the browser test would always skip."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    [requirement] = [
        line for line in project["optional-dependencies"]["dev"] if line.startswith("playwright")
    ]
    assert ">=" in requirement and "<" in requirement
