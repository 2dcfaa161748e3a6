"""`tracker sync` on the command line: two homes (``--home``) and a bare repository,
with the real git and no git identity (as on CI)."""

from __future__ import annotations

import getpass
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from tracker.store import sync

from support.cli import fails, ok, run
from support.sync import at, bare, isolate_git, make_home, reopen, state


@pytest.fixture
def remote(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    isolate_git(monkeypatch, tmp_path)
    return bare(tmp_path / "remote.git")


@pytest.fixture
def homes(tmp_path: Path) -> tuple[Path, Path]:
    at(0)
    a, b = tmp_path / "a", tmp_path / "b"
    make_home(a)
    make_home(b)
    return a, b


def test_init_sync_and_status_on_two_machines(
    capsys: pytest.CaptureFixture[str], remote: Path, homes: tuple[Path, Path]
) -> None:
    a, b = homes
    ok(capsys, "--home", str(a), "add", "Acme", "SRE")
    out = ok(capsys, "--home", str(a), "sync", "init", str(remote))
    assert out == (
        f"Connected this home to {remote}.\nSynced: sent 4 changes, received 0 changes.\n"
    )
    ok(capsys, "--home", str(b), "add", "Beta", "Dev")
    out = ok(capsys, "--home", str(b), "sync", "init", str(remote))
    assert "received 3 changes" in out  # A's card, its opportunity, its event
    before = (a / "tracker.json").read_bytes(), (a / "events.jsonl").read_bytes()
    status = ok(capsys, "--home", str(a), "sync", "--status")
    assert status == (
        f"Remote: {remote}\n"
        "Local: nothing new in this home since the last sync.\n"
        "Commits: 0 ahead, 2 behind the remote.\n"
    )
    assert ((a / "tracker.json").read_bytes(), (a / "events.jsonl").read_bytes()) == before
    at(1)
    ok(capsys, "--home", str(a), "add", "Gamma", "Ops")
    assert "Local: 3 changes in this home not synced yet." in ok(
        capsys, "--home", str(a), "sync", "--status"
    )
    for _ in range(2):
        ok(capsys, "--home", str(a), "sync")
        ok(capsys, "--home", str(b), "sync")
    for home in (a, b):
        listed = ok(capsys, "--home", str(home), "list")
        assert all(name in listed for name in ("Acme", "Beta", "Gamma"))
        assert "All good" in ok(capsys, "--home", str(home), "doctor")
    assert state(make_home(a)) == state(make_home(b))


def test_a_conflict_is_said_and_kept_in_the_history(
    capsys: pytest.CaptureFixture[str], remote: Path, homes: tuple[Path, Path]
) -> None:
    a, b = homes
    ok(capsys, "--home", str(a), "add", "Acme", "SRE")
    ok(capsys, "--home", str(a), "sync", "init", str(remote))
    ok(capsys, "--home", str(b), "sync", "init", str(remote))
    card = next(iter(reopen(make_home(a)).snapshot().cards))
    at(1)
    make_home(a).edit(card, notes="from A")
    at(2)
    make_home(b).edit(card, notes="from B")
    ok(capsys, "--home", str(a), "sync")
    out = ok(capsys, "--home", str(b), "sync")
    assert "1 field changed on both sides kept the later change" in out
    shown = ok(capsys, "--home", str(b), "show", card[:6])
    assert "from B" in shown


def test_faults_are_one_sentence_with_nothing_changed(
    capsys: pytest.CaptureFixture[str], remote: Path, homes: tuple[Path, Path], tmp_path: Path
) -> None:
    a, _ = homes
    ok(capsys, "--home", str(a), "add", "Acme", "SRE")
    kept = (a / "tracker.json").read_bytes()
    err = fails(capsys, "--home", str(a), "sync")
    assert "no sync remote yet: run `tracker sync init REMOTE`" in err
    err = fails(capsys, "--home", str(a), "sync", "--status")
    assert "no sync remote yet" in err
    err = fails(capsys, "--home", str(a), "sync", "init")
    assert "needs the remote" in err
    err = fails(capsys, "--home", str(a), "sync", "init", str(tmp_path / "nowhere"))
    assert "cannot reach the remote" in err and "nothing was synced" in err
    assert not (a / "sync").exists()
    err = fails(capsys, "--home", str(a), "sync", "push", code=2)
    assert "invalid choice: 'push'" in err
    ok(capsys, "--home", str(a), "sync", "init", str(remote))
    err = fails(capsys, "--home", str(a), "sync", "init", str(remote))
    assert "already syncs with" in err
    kept = (a / "tracker.json").read_bytes()
    subprocess.run(
        ["git", "-C", str(a / "sync"), "remote", "set-url", "origin", str(tmp_path / "gone")],
        check=True,
    )
    err = fails(capsys, "--home", str(a), "sync")
    assert "cannot reach the remote" in err
    assert (a / "tracker.json").read_bytes() == kept


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_sync_over_ssh_to_a_loopback_sshd(
    capsys: pytest.CaptureFixture[str],
    remote: Path,
    homes: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As users run it: an ssh:// remote, through a throwaway sshd on 127.0.0.1."""
    sshd = shutil.which("sshd") or next(
        (p for p in ("/usr/sbin/sshd", "/usr/local/sbin/sshd") if os.access(p, os.X_OK)), None
    )
    if sshd is None or shutil.which("ssh") is None or shutil.which("ssh-keygen") is None:
        pytest.skip("no sshd (or ssh, ssh-keygen) on this machine: the SSH sync test needs OpenSSH")
    privsep = Path("/run/sshd")  # sshd refuses to start without it (Debian makes it at boot)
    try:
        privsep.mkdir(mode=0o755, exist_ok=True)
    except OSError as error:
        pytest.skip(f"sshd needs its privilege separation folder {privsep}: {error.strerror}")
    keys = tmp_path / "ssh"
    keys.mkdir(mode=0o700)
    for name in ("host", "user"):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(keys / name)], check=True
        )
    (keys / "authorized_keys").write_bytes((keys / "user.pub").read_bytes())
    port = _free_port()
    config = keys / "sshd_config"
    config.write_text(
        f"Port {port}\nListenAddress 127.0.0.1\nHostKey {keys / 'host'}\n"
        f"AuthorizedKeysFile {keys / 'authorized_keys'}\nStrictModes no\n"
        f"PidFile {keys / 'sshd.pid'}\nPasswordAuthentication no\nUsePAM no\n"
    )
    server = subprocess.Popen([sshd, "-D", "-e", "-f", str(config)], stderr=subprocess.PIPE)
    try:
        for _ in range(200):  # until it listens (a poll, not a sleep on the clock's time)
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            if server.poll() is not None:
                pytest.fail(f"sshd did not start: {server.communicate()[1].decode()}")
            time.sleep(0.05)
        monkeypatch.setenv(
            "GIT_SSH_COMMAND",
            f"ssh -i {keys / 'user'} -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null "
            "-o BatchMode=yes",
        )
        url = f"ssh://{getpass.getuser()}@127.0.0.1:{port}{remote}"
        a, b = homes
        ok(capsys, "--home", str(a), "add", "Acme", "SRE")
        ok(capsys, "--home", str(a), "sync", "init", url)
        ok(capsys, "--home", str(b), "sync", "init", url)
        assert "Acme" in ok(capsys, "--home", str(b), "list")
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_the_repository_holds_only_what_syncs(
    capsys: pytest.CaptureFixture[str], remote: Path, homes: tuple[Path, Path]
) -> None:
    a, _ = homes
    ok(capsys, "--home", str(a), "add", "Acme", "SRE")
    ok(capsys, "--home", str(a), "backup")
    ok(capsys, "--home", str(a), "sync", "init", str(remote))
    listed = subprocess.run(
        ["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only", "main"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert sorted(listed) == [
        ".gitattributes",
        "events.jsonl",
        "tables/cards.jsonl",
        "tables/lessons.jsonl",
        "tables/opportunities.jsonl",
        "tables/people.jsonl",
        "tables/rest_days.jsonl",
        "tables/watches.jsonl",
        "tracker-sync.json",
    ]
    assert sync.folder(make_home(a)) == a / "sync"


def test_auto_sync_around_the_board(
    capsys: pytest.CaptureFixture[str],
    remote: Path,
    homes: tuple[Path, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`[sync] auto = true`: the board opens on what the other machine synced, and what
    was done on the board is synced when it closes; offline, one line and the board
    still opens on this machine's data."""
    import tracker.ui
    from tracker import config as settings_file
    from tracker import paths
    from tracker.store.repo import Repository

    a, b = homes
    ok(capsys, "--home", str(a), "add", "Acme", "SRE")
    ok(capsys, "--home", str(a), "sync", "init", str(remote))
    ok(capsys, "--home", str(b), "sync", "init", str(remote))
    with (b / "config.toml").open("a") as handle:
        handle.write("\n[sync]\nauto = true\n")
    assert "sync.auto = true" in ok(capsys, "--home", str(b), "config")
    at(1)
    ok(capsys, "--home", str(a), "add", "Gamma", "Ops")
    ok(capsys, "--home", str(a), "sync")
    seen: list[list[str]] = []

    def board(home: str | None = None, **_: object) -> int:
        where = paths.resolve(str(home))
        repo = Repository(where, settings_file.load(where.config))
        seen.append(sorted(v.opportunity.company for v in repo.snapshot().views()))
        repo.add_interview("Board", "Dev")  # an action on the board
        return 0

    monkeypatch.setattr(tracker.ui, "run_board", board)
    assert ok(capsys, "--home", str(b)) == ""
    assert seen == [["Acme", "Gamma"]]  # synced before it opened
    ok(capsys, "--home", str(a), "sync")
    assert "Board" in ok(capsys, "--home", str(a), "list")  # synced after it closed
    subprocess.run(
        ["git", "-C", str(b / "sync"), "remote", "set-url", "origin", str(tmp_path / "gone")],
        check=True,
    )
    code, out, err = run(capsys, "--home", str(b))
    assert code == 0 and len(seen) == 2
    lines = err.splitlines()
    assert len(lines) == 2, err
    assert lines[0].startswith("tracker: no sync before the board opened: cannot reach the remote")
    assert lines[0].endswith("; the board opens on this machine's data.")
    assert lines[1].startswith("tracker: no sync after the board closed: cannot reach the remote")


def test_auto_sync_is_off_by_default_and_checked(
    capsys: pytest.CaptureFixture[str], homes: tuple[Path, Path]
) -> None:
    a, _ = homes
    assert "sync.auto = false" in ok(capsys, "--home", str(a), "config")
    with (a / "config.toml").open("a") as handle:
        handle.write('\n[sync]\nauto = "yes"\n')
    err = fails(capsys, "--home", str(a), "config")
    assert "sync.auto in " in err and "must be true or false; got 'yes'" in err
