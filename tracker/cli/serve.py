"""`tracker serve`: the board in a browser, through textual-serve.

textual-serve runs a command for each browser tab and relays its terminal over a
websocket; here that command is this tracker (the same Python, ``-m tracker``) on
this home, so the page shows the same board with the same keys. It is an optional
extra (``pip install "tracker[web]"``), imported only when the command runs: the
capture path never sees it (tests/cli/test_cli_imports.py).

By default it listens on 127.0.0.1 only. Any other address must be typed with
``--host`` and brings a one-line warning: the board has no login, so anyone who can
reach the port can use it. The README shows the safe way from another device, an SSH
tunnel to the loopback port.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from tracker.cli.common import AddCommand, Handler, UserError

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
INSTALL_HINT = (
    'the browser board needs the optional textual-serve package; install it with `pip install "tracker[web]"`'
    " (or `pip install textual-serve` in the same environment as tracker)."
)
WARNING = (
    "tracker: warning: serving on {host}, not loopback: anyone who can reach port {port} "
    "can use the board (there is no login); an SSH tunnel to 127.0.0.1 is the safe way in."
)


def add_parsers(command: AddCommand) -> dict[str, Handler]:
    """Register the subcommands; returns their handlers by name."""
    parser = command("serve", "serve the board to a web browser (needs tracker[web])")
    parser.add_argument(
        "--port",
        metavar="N",
        default=str(DEFAULT_PORT),
        help=f"the TCP port to listen on (default {DEFAULT_PORT})",
    )
    parser.add_argument(
        "--host",
        metavar="ADDR",
        default=DEFAULT_HOST,
        help=f"the address to listen on (default {DEFAULT_HOST}, this machine only)",
    )
    return {"serve": cmd_serve}


def parse_port(text: str) -> int:
    """The port as a number from 1 to 65535; anything else is a UserError."""
    word = text.strip()
    if not (word.isascii() and word.isdigit()) or not 1 <= int(word) <= 65535:
        raise UserError(f"--port: {text!r} is not a port; give a number from 1 to 65535.")
    return int(word)


def addresses(host: str, port: int) -> list[tuple[int, str]]:
    """Every (family, address) ``host`` resolves to; one that does not resolve is a UserError."""
    import socket

    if not host or host != host.strip():
        raise UserError(f"--host: {host!r} is not a host name or address; try 127.0.0.1.")
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise UserError(
            f"--host: {host!r} does not resolve to an address; give an address such as 127.0.0.1."
        ) from None
    seen: list[tuple[int, str]] = []
    for family, _, _, _, sockaddr in found:
        entry = (int(family), str(sockaddr[0]))
        if entry not in seen:
            seen.append(entry)
    return seen


def is_loopback(found: list[tuple[int, str]]) -> bool:
    """Whether every address is a loopback one (127.0.0.0/8, ::1)."""
    import ipaddress

    return all(ipaddress.ip_address(address.split("%")[0]).is_loopback for _, address in found)


def check_free(host: str, port: int, found: list[tuple[int, str]]) -> None:
    """Bind each address for a moment, as the server will; a UserError if one is taken.

    SO_REUSEADDR as aiohttp sets it: a port left in TIME_WAIT by a server just stopped
    is free, one another program listens on is not."""
    import errno
    import socket

    for family, address in found:
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((address, port))
            except OSError as error:
                if error.errno == errno.EADDRINUSE:
                    raise UserError(
                        f"--port: port {port} on {host} is already in use; stop what uses it "
                        "or choose another port with --port."
                    ) from None
                if error.errno == errno.EADDRNOTAVAIL:
                    raise UserError(
                        f"--host: {host} ({address}) is not an address of this machine; "
                        "give one of its own addresses, such as 127.0.0.1."
                    ) from None
                if error.errno == errno.EACCES:
                    raise UserError(
                        f"--port: port {port} needs administrator rights; choose a port above 1023."
                    ) from None
                raise


def board_command(home: str | None, theme: str | None) -> str:
    """The shell command textual-serve runs for each browser tab: this Python running
    tracker on this home (``--home`` spelled out, absolute), in this theme if one was given.

    Without a home (neither ``--home`` nor TRACKER_HOME) the default folders are used;
    the tab's process inherits this environment, so it finds the same ones."""
    import shlex

    words = [sys.executable, "-m", "tracker"]
    chosen = home if home is not None else os.environ.get("TRACKER_HOME")
    if chosen:
        words += ["--home", os.path.abspath(os.path.expanduser(chosen))]
    if theme:
        words += ["--theme", theme]
    return shlex.join(words)


def url(host: str, port: int) -> str:
    """The address to open in a browser; for a wildcard host, this machine's name."""
    import socket

    shown = socket.gethostname() if host in ("0.0.0.0", "::", "") else host
    if ":" in shown:
        shown = f"[{shown}]"
    return f"http://{shown}:{port}"


def quick_to_stop(server_class: type[Any]) -> type[Any]:
    """textual-serve's Server, but Ctrl+C ends the open tabs at once.

    Left alone, aiohttp waits for each open websocket before it exits (about 15 s
    with a tab open); here shutting down cancels their handlers, and textual-serve
    then asks each tab's board to quit, as closing the tab does."""
    import asyncio

    class BoardServer(server_class):  # type: ignore[misc]
        def __init__(self, *args: Any, **options: Any) -> None:
            super().__init__(*args, **options)
            self.tabs: set[asyncio.Task[Any]] = set()

        async def handle_websocket(self, request: Any) -> Any:
            task = asyncio.current_task()
            if task is not None:
                self.tabs.add(task)
            try:
                return await super().handle_websocket(request)
            finally:
                self.tabs.discard(task)

        async def on_shutdown(self, app: Any) -> None:
            await super().on_shutdown(app)
            for task in list(self.tabs):
                task.cancel()

    return BoardServer


def cmd_serve(args: argparse.Namespace) -> int:
    """Check the address, then serve until Ctrl+C."""
    port = parse_port(args.port)
    host = args.host
    found = addresses(host, port)
    try:
        from textual_serve.server import Server
    except ImportError:
        raise UserError(INSTALL_HINT) from None
    check_free(host, port, found)
    if not is_loopback(found):
        sys.stderr.write(WARNING.format(host=host, port=port) + "\n")
    where = url(host, port)
    server = quick_to_stop(Server)(
        board_command(args.home, getattr(args, "theme", None)),
        host=host,
        port=port,
        title="tracker",
        public_url=where,
    )
    # textual-serve prints its banner and log through its own Rich console; give it the
    # real terminal, not the caret-notation wrapper the command line writes through.
    real = getattr(sys.stdout, "stream", sys.stdout)
    console = getattr(server, "console", None)
    if console is not None:
        console.file = real
    sys.stdout.write(f"Serving the board at {where} (Ctrl+C stops).\n")
    sys.stdout.flush()
    server.serve()
    return 0
