"""`tracker serve`: the board in a browser through textual-serve.

textual-serve is an optional extra (tracker[web]; tracker[dev], what CI installs, brings
it): most of these tests put a stand-in for its ``Server`` in ``sys.modules`` and check
what tracker hands it (the command each browser tab runs, the address) without serving
anything. The tests that use the real textual-serve skip, with the reason, where the
extra is missing; test_serve_browser.py opens the served board in a real browser.
"""

from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
import types
from typing import Any

import pytest

from support import ROOT
from support.cli import fails, ok, run


class FakeServer:
    """Records how it was made and whether it was started."""

    made: list[FakeServer] = []

    def __init__(self, command: str, **options: Any) -> None:
        self.command = command
        self.options = options
        self.served = False
        FakeServer.made.append(self)

    def serve(self, debug: bool = False) -> None:
        self.served = True


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> type[FakeServer]:
    """textual-serve replaced by :class:`FakeServer`; ``FakeServer.made`` lists the servers."""
    package = types.ModuleType("textual_serve")
    module = types.ModuleType("textual_serve.server")
    module.Server = FakeServer  # type: ignore[attr-defined]
    package.server = module  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "textual_serve", package)
    monkeypatch.setitem(sys.modules, "textual_serve.server", module)
    monkeypatch.setattr(FakeServer, "made", [])
    return FakeServer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_hands_textual_serve_this_python_running_tracker_on_this_home(capsys, server, home):
    port = free_port()
    out = ok(capsys, "serve", "--port", str(port))
    assert out == f"Serving the board at http://127.0.0.1:{port} (Ctrl+C stops).\n"
    [made] = server.made
    assert made.served
    assert made.command == shlex.join([sys.executable, "-m", "tracker", "--home", str(home)])
    assert made.options["host"] == "127.0.0.1"
    assert made.options["port"] == port
    assert made.options["public_url"] == f"http://127.0.0.1:{port}"


def test_the_default_port_is_8000(capsys, server, monkeypatch):
    from tracker.cli import serve

    monkeypatch.setattr(serve, "check_free", lambda *_: None)  # 8000 may be taken here
    out = ok(capsys, "serve")
    assert "http://127.0.0.1:8000 " in out
    assert server.made[0].options["port"] == 8000


def test_a_relative_home_and_a_theme_reach_the_tab_spelled_out(
    capsys, server, tmp_path, monkeypatch
):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRACKER_HOME")
    ok(capsys, "--theme", "gruvbox", "serve", "--home", "elsewhere", "--port", str(free_port()))
    words = shlex.split(server.made[0].command)
    assert words[words.index("--home") + 1] == str(tmp_path / "elsewhere")
    assert words[-2:] == ["--theme", "gruvbox"]


def test_the_command_it_hands_over_really_runs_this_tracker_on_this_home(capsys, server, tmp_path):
    """The command goes through a shell (textual-serve runs it so): run it, with a
    different TRACKER_HOME around it, and it still lists the card of the served home."""
    served = tmp_path / "my home's folder"
    served.mkdir()
    (served / "config.toml").write_text('[time]\ntimezone = "UTC"\n')
    ok(capsys, "add", "Acme", "Backend Engineer", "--home", str(served))
    ok(capsys, "serve", "--home", str(served), "--port", str(free_port()))
    command = server.made[0].command
    env = dict(os.environ, TRACKER_HOME=str(tmp_path / "other"), PYTHONPATH=str(ROOT))
    done = subprocess.run(
        command + " list",
        shell=True,
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Acme" in done.stdout
    assert not (tmp_path / "other").exists()


@pytest.mark.parametrize("port", ["0", "65536", "-1", "http", "80.5", "", "٨٠"])
def test_a_port_outside_1_to_65535_is_refused(capsys, server, port):
    err = fails(capsys, "serve", f"--port={port}")
    assert "is not a port; give a number from 1 to 65535." in err
    assert server.made == []


def test_a_port_in_use_is_refused_before_starting(capsys, server):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        err = fails(capsys, "serve", "--port", str(port))
    assert err == (
        f"tracker: --port: port {port} on 127.0.0.1 is already in use; stop what uses it "
        "or choose another port with --port.\n"
    )
    assert server.made == []


def test_a_host_that_does_not_resolve_is_refused(capsys, server, monkeypatch):
    def no_address(*_: Any, **__: Any) -> Any:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_address)
    err = fails(capsys, "serve", "--host", "nowhere.invalid")
    assert err == (
        "tracker: --host: 'nowhere.invalid' does not resolve to an address; "
        "give an address such as 127.0.0.1.\n"
    )
    assert server.made == []


def test_a_host_that_is_not_this_machine_is_refused(capsys, server):
    err = fails(capsys, "serve", "--host", "192.0.2.1", "--port", str(free_port()))
    assert "192.0.2.1 (192.0.2.1) is not an address of this machine" in err
    assert server.made == []


def test_listening_beyond_loopback_warns_in_one_line(capsys, server):
    port = free_port()
    code, out, err = run(capsys, "serve", "--host", "0.0.0.0", "--port", str(port))
    assert code == 0
    assert err == (
        f"tracker: warning: serving on 0.0.0.0, not loopback: anyone who can reach port {port} "
        "can use the board (there is no login); an SSH tunnel to 127.0.0.1 is the safe way in.\n"
    )
    [made] = server.made
    assert made.options["host"] == "0.0.0.0"
    # The page must tell a browser elsewhere where to connect: not 0.0.0.0.
    assert made.options["public_url"] == f"http://{socket.gethostname()}:{port}"
    assert f"http://{socket.gethostname()}:{port}" in out


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_hosts_do_not_warn(capsys, server, host):
    ok(capsys, "serve", "--host", host, "--port", str(free_port()))
    assert server.made[0].options["host"] == host


def test_without_the_extra_one_sentence_says_how_to_install_it(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "textual_serve", None)  # import fails as if missing
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    err = fails(capsys, "serve", "--port", str(free_port()))
    assert err == (
        "tracker: the browser board needs the optional textual-serve package; install it with "
        '`pip install "tracker[web]"` (or `pip install textual-serve` in the same environment '
        "as tracker).\n"
    )


def test_the_web_extra_is_declared_and_pinned():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    [requirement] = project["optional-dependencies"]["web"]
    assert requirement.startswith("textual-serve>=") and "<" in requirement


def test_textual_serves_real_server_gets_the_command(capsys, monkeypatch, home):
    """With the extra installed: its real Server, built as tracker builds it, not started."""
    server_module = pytest.importorskip(
        "textual_serve.server", reason='textual-serve is not installed (pip install ".[web]")'
    )
    started: list[Any] = []
    monkeypatch.setattr(
        server_module.Server, "serve", lambda self, debug=False: started.append(self)
    )
    port = free_port()
    ok(capsys, "serve", "--port", str(port))
    [made] = started
    assert made.command == shlex.join([sys.executable, "-m", "tracker", "--home", str(home)])
    assert (made.host, made.port, made.title) == ("127.0.0.1", port, "tracker")
    assert made.public_url == f"http://127.0.0.1:{port}"


def test_a_browser_tab_gets_the_board_with_its_card_and_its_keys(capsys, home):
    """End to end, with the extra installed: `tracker serve` in its own process, a
    websocket client in place of the browser's page (textual-serve's protocol: the
    tab's terminal output in, ``["stdin", keys]`` out). The board of this home arrives
    with its card; ``?`` opens the keys screen; Ctrl+C (SIGINT) stops it, tab open."""
    pytest.importorskip(
        "textual_serve", reason='textual-serve is not installed (pip install ".[web]")'
    )
    import asyncio
    import json
    import signal

    import aiohttp

    ok(capsys, "add", "Acme", "Backend Engineer")
    port = free_port()
    env = dict(os.environ, TRACKER_HOME=str(home), PYTHONPATH=str(ROOT))
    server = subprocess.Popen(
        [sys.executable, "-m", "tracker", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )

    async def browse() -> tuple[str, str]:
        async with aiohttp.ClientSession() as session:
            for _ in range(300):  # until it listens: up to 30 s on a busy machine
                try:
                    async with session.get(f"http://127.0.0.1:{port}/") as page:
                        assert page.status == 200
                        assert "tracker" in await page.text()
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)
            url = f"ws://127.0.0.1:{port}/ws?width=120&height=36"
            async with session.ws_connect(url) as tab:

                async def until(word: str) -> str:
                    seen = b""
                    async with asyncio.timeout(60):
                        while word.encode() not in seen:
                            message = await tab.receive()
                            if message.type == aiohttp.WSMsgType.TEXT:
                                continue  # textual-serve's own messages (pong, ...)
                            assert message.type == aiohttp.WSMsgType.BINARY, message
                            seen += message.data
                    return seen.decode("utf-8", "replace")

                board = await until("Acme")
                await tab.send_str(json.dumps(["stdin", "?"]))
                keys = await until("Stage back")
                server.send_signal(signal.SIGINT)
                return board, keys

    try:
        board, keys = asyncio.run(browse())
        assert server.wait(timeout=30) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
    assert "Thank-you" in board and "Backend Engineer" in board
    assert "Stage back" not in board  # a key of the keys screen only
    out = server.stdout.read() if server.stdout else ""
    assert f"Serving the board at http://127.0.0.1:{port} (Ctrl+C stops)." in out
