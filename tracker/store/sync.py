"""`tracker sync`: the home kept in step with other machines through a git remote.

The sync repository is a git work tree in ``<data folder>/sync`` holding the export
described in :mod:`tracker.store.syncmerge`; its ``origin`` is the remote the user
named in `tracker sync init`, its one branch ``main``. git runs as a subprocess (the
``git`` on PATH), so the user's SSH keys, credential helpers and ``~/.gitconfig`` work.

One sync, all under the store lock (no action can slip in between):

1. fetch ``origin/main`` and check it is a tracker repository of a schema we can read;
2. write the home's export into the work tree and commit it on top of ``HEAD``, the
   last state the home was in step with (only when something changed);
3. merge: nothing to do when the remote holds nothing new; otherwise the three-way
   merge of :mod:`tracker.store.syncmerge` over the merge base, committed with both
   parents (``git commit-tree``: no text merge, no conflict markers, ever);
4. write the merged records and the events this home lacks into the home, through
   the store's normal atomic commit (so an open board notices it as any write);
   only then move ``HEAD`` to the merge commit;
5. push; a push refused because someone pushed first fetches, merges and pushes
   once more.

``kill -9`` at any point leaves the home as the store left it (its commits are
atomic) and the sync repository at a commit the home was in step with, or at the
merge the home already holds: the next sync starts from what the home holds and
completes (stale git lock files are removed first; only tracker uses this repository,
and it does so under the store lock). Faults are one sentence (:class:`SyncError`),
with nothing changed in the home.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from tracker.domain.text import visible
from tracker.store import schema, syncmerge
from tracker.store.errors import StoreError
from tracker.store.repo import Repository

FOLDER = "sync"
BRANCH = "main"
REMOTE_REF = f"refs/remotes/origin/{BRANCH}"
DEFAULT_TIMEOUT = 120.0
"""Seconds a git command that talks to the remote may take (`tracker sync`)."""
AUTO_TIMEOUT = 10.0
"""The same for the automatic sync around the board: a short wait when offline."""
IDENTITY = ("tracker", "tracker@localhost")
"""The commit author when git has no identity configured (a fresh machine, CI)."""


class SyncError(StoreError):
    """Sync cannot go on; ``str(error)`` is one sentence saying why and what to do."""


class Offline(SyncError):
    """The remote could not be reached (or did not answer in time)."""


def folder(repo: Repository) -> Path:
    return repo.paths.data_dir / FOLDER


def is_connected(repo: Repository) -> bool:
    return (folder(repo) / ".git").is_dir()


def _last_line(text: str) -> str:
    """The telling line of git's complaint: ssh's own, else git's first error, else the last."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    found = next(
        (line for line in lines if line.startswith("ssh:")),
        next(
            (line for line in lines if line.startswith(("fatal:", "error:"))),
            lines[-1] if lines else "no message",
        ),
    )
    found = found.removeprefix("fatal: ").removeprefix("error: ")
    return visible(found[:200].rstrip(".:"))


class Git:
    """Runs ``git`` in one folder; errors become one sentence."""

    def __init__(self, where: Path, timeout: float, *, batch: bool = False) -> None:
        self.where = where
        self.timeout = timeout
        self.env = dict(os.environ)
        self.env["GIT_TERMINAL_PROMPT"] = "0" if batch else self.env.get("GIT_TERMINAL_PROMPT", "1")
        if batch and "GIT_SSH_COMMAND" not in self.env:
            self.env["GIT_SSH_COMMAND"] = "ssh -o BatchMode=yes -o ConnectTimeout=5"
        self.env.pop("GIT_DIR", None)
        self.env.pop("GIT_WORK_TREE", None)
        self.env.pop("GIT_INDEX_FILE", None)

    def run(
        self,
        *args: str,
        remote: str = "",
        check: bool = True,
        data: bytes | None = None,
    ) -> subprocess.CompletedProcess[bytes]:
        """``git args``; ``remote`` (the URL, for messages) marks a command that talks to it."""
        command = ["git", "-c", "core.hooksPath=/dev/null", "-c", "commit.gpgsign=false", *args]
        try:
            done = subprocess.run(
                command,
                cwd=self.where,
                env=self.env,
                input=data,
                stdin=None if data is not None else subprocess.DEVNULL,
                capture_output=True,
                timeout=self.timeout if remote else max(self.timeout, 60.0),
                check=False,
            )
        except FileNotFoundError:
            raise SyncError(
                "git is not installed (or not on PATH), and sync runs git: install git, "
                "then run `tracker sync` again."
            ) from None
        except subprocess.TimeoutExpired:
            if remote:
                raise Offline(
                    f"the remote {visible(remote)} did not answer within {self.timeout:.0f} s, "
                    "so nothing was synced; check the network and run `tracker sync` again."
                ) from None
            raise SyncError(
                f"git {args[0]} did not finish in time; run `tracker sync` again."
            ) from None
        if check and done.returncode != 0:
            why = _last_line(done.stderr.decode(errors="replace"))
            if remote:
                raise Offline(
                    f"cannot reach the remote {visible(remote)} ({why}), so nothing was synced; "
                    "check the address and the network, then run `tracker sync` again."
                )
            raise SyncError(f"git {args[0]} failed in {self.where} ({why}); nothing was synced.")
        return done

    def out(self, *args: str) -> str:
        return self.run(*args).stdout.decode().strip()

    def commit_of(self, ref: str) -> str | None:
        done = self.run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", check=False)
        return done.stdout.decode().strip() or None if done.returncode == 0 else None

    def is_ancestor(self, older: str, newer: str) -> bool:
        return self.run("merge-base", "--is-ancestor", older, newer, check=False).returncode == 0

    def files_at(self, commit: str) -> dict[str, bytes]:
        """Every file of ``commit``'s tree (path -> bytes)."""
        names = self.run("ls-tree", "-r", "-z", "--name-only", commit).stdout.split(b"\0")
        found = {}
        for name in names:
            if name:
                path = name.decode()
                found[path] = self.run("cat-file", "blob", f"{commit}:{path}").stdout
        return found

    def identity(self) -> list[str]:
        """``-c user.name=... -c user.email=...`` when git has no identity here."""
        name = self.run("config", "user.name", check=False).stdout.strip()
        email = self.run("config", "user.email", check=False).stdout.strip()
        flags = []
        if not name:
            flags += ["-c", f"user.name={IDENTITY[0]}"]
        if not email:
            flags += ["-c", f"user.email={IDENTITY[1]}"]
        return flags


@dataclass
class Outcome:
    """What a sync did, for the one-line report."""

    sent: int = 0
    """Local changes (records changed, events added) committed and pushed."""
    received: int = 0
    """Changes written into the home from the remote."""
    conflicts: int = 0
    pushed: bool = False


@dataclass
class Status:
    remote: str
    local_changes: int
    ahead: int
    behind: int


def _remote_url(git: Git) -> str:
    return git.out("remote", "get-url", "origin")


def _as_remote(text: str) -> str:
    """A path given for the remote, made absolute (git runs in the sync folder)."""
    if "://" in text or (":" in text.split("/")[0] and not Path(text).exists()):
        return text
    return str(Path(text).expanduser().resolve())


def _check_remote_files(git: Git, commit: str, remote: str) -> syncmerge.Export:
    try:
        return syncmerge.from_files(git.files_at(commit))
    except syncmerge.NewerSchema as newer:
        raise SyncError(
            f"the remote {visible(remote)} holds data from a newer tracker (schema {newer.args[0]}); "
            "upgrade tracker on this machine to sync with it. Nothing was changed."
        ) from None
    except syncmerge.NotTrackerRepository as why:
        raise SyncError(
            f"the remote {visible(remote)} is not a tracker sync repository ({why}); "
            "give an empty repository or one made by `tracker sync init`. Nothing was changed."
        ) from None


def _fetch(git: Git, remote: str) -> str | None:
    """Fetch the remote's branch; its commit, or None when the remote has none yet.

    A remote with branches but no ``main`` is not a tracker repository."""
    heads = git.run("ls-remote", "--heads", "origin", remote=remote).stdout.decode().split("\n")
    names = [line.split("\t")[-1] for line in heads if "\t" in line]
    if not names:
        git.run("update-ref", "-d", REMOTE_REF, check=False)
        return None
    if f"refs/heads/{BRANCH}" not in names:
        raise SyncError(
            f"the remote {visible(remote)} is not a tracker sync repository (it has no {BRANCH} "
            "branch); give an empty repository or one made by `tracker sync init`. "
            "Nothing was changed."
        )
    git.run("fetch", "--quiet", "origin", f"+refs/heads/{BRANCH}:{REMOTE_REF}", remote=remote)
    return git.commit_of(REMOTE_REF)


def connect(repo: Repository, remote: str, *, timeout: float = DEFAULT_TIMEOUT) -> str:
    """Make the sync repository for ``remote`` (checked first: reachable, and empty or a
    tracker repository); returns the remote as stored. Nothing is left behind on failure."""
    target = folder(repo)
    if (target / ".git").exists():
        git = Git(target, timeout)
        raise SyncError(
            f"this home already syncs with {visible(_remote_url(git))}; run `tracker sync` "
            f"(to change the remote, remove {target} first)."
        )
    if not remote.strip() or remote.startswith("-"):
        raise SyncError(f"{remote!r} is not a git remote; give an SSH or HTTPS URL or a path.")
    url = _as_remote(remote.strip())
    repo.db._ensure_folder()
    work = repo.paths.data_dir / ".sync-init"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(mode=0o700)
    try:
        git = Git(work, timeout)
        git.run("init", "--quiet", "--initial-branch", BRANCH)
        git.run("remote", "add", "origin", url)
        git.run("config", "core.autocrlf", "false")
        head = _fetch(git, url)
        if head is not None:
            _check_remote_files(git, head, url)
        work.rename(target)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    return url


def _open(repo: Repository, timeout: float, batch: bool) -> Git:
    target = folder(repo)
    if not (target / ".git").is_dir():
        raise SyncError(
            "this home has no sync remote yet: run `tracker sync init REMOTE` with an SSH or "
            "HTTPS URL or the path of a bare git repository."
        )
    return Git(target, timeout, batch=batch)


def _clear_stale_locks(target: Path) -> None:
    """Remove git lock files a killed sync left (we hold the store lock: no git runs here)."""
    dot = target / ".git"
    for name in ("index.lock", "HEAD.lock", "config.lock", "packed-refs.lock", "shallow.lock"):
        with suppress(OSError):
            (dot / name).unlink()
    refs = dot / "refs"
    if refs.is_dir():
        for stale in refs.rglob("*.lock"):
            with suppress(OSError):
                stale.unlink()


def _write_tree(git: Git, files: dict[str, bytes]) -> str:
    """Make the work tree hold exactly ``files``; stage them; return the tree id."""
    root = git.where
    wanted = {root / path for path in files}
    for path in root.rglob("*"):
        if ".git" in path.relative_to(root).parts:
            continue
        if path.is_file() and path not in wanted:
            path.unlink()
    for name, raw in files.items():
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw)
    git.run("add", "--all", "--", ".")
    return git.out("write-tree")


def _commit(git: Git, tree: str, parents: Sequence[str], message: str) -> str:
    args = [*git.identity(), "commit-tree", tree]
    for parent in parents:
        args += ["-p", parent]
    return git.out(*args, "-m", message)


def _home_export(repo: Repository) -> syncmerge.Export:
    return syncmerge.from_home(repo.db.data(), repo.db.events())


def _changes(before: syncmerge.Export, after: syncmerge.Export) -> int:
    """How many records and events differ from ``before`` to ``after``."""
    count = len(after.event_ids - before.event_ids)
    for name in set(before.tables) | set(after.tables):
        b, a = before.tables.get(name, {}), after.tables.get(name, {})
        count += sum(1 for key in set(b) | set(a) if b.get(key) != a.get(key))
    return count


def _apply(repo: Repository, merged: syncmerge.Export) -> int:
    """Write ``merged`` into the home in one store commit: its records, and the events the
    home lacks (appended, oldest first); returns how many changes that made.

    Undo entries whose records the merge changed are dropped (undoing them would put back
    records over the other machine's changes); the others stay, so undo keeps working on
    this machine's actions the merge left alone. The day index is rebuilt from the log."""
    with repo.db.transaction(today=repo.today()) as txn:
        current = repo.db.storage.cached
        assert current is not None
        home = syncmerge.from_home(current, repo.db.events())
        known = home.event_ids
        fresh = [event for event in merged.events if event["id"] not in known]
        changed: set[tuple[str, str]] = set()
        data = dict(current)
        for name in set(home.tables) | set(merged.tables):
            mine, theirs = home.tables.get(name, {}), merged.tables.get(name, {})
            changed |= {
                (name, key) for key in set(mine) | set(theirs) if mine.get(key) != theirs.get(key)
            }
            data[name] = dict(theirs)
        if not changed and not fresh:
            return 0
        undo = {
            key: entry
            for key, entry in current.get("undo", {}).items()
            if not any(
                (table, record) in changed
                for table, records in entry.get("before", {}).items()
                for record in records
            )
        }
        data["undo"] = undo
        if fresh:
            data.pop(schema.DAY_INDEX, None)  # rebuilt from the whole log by the commit
        txn.replace(data)
        for event in fresh:
            txn.append_event(event)
        return len(changed) + len(fresh)


def _merge_step(git: Git, repo: Repository, url: str, outcome: Outcome) -> str:
    """Commit the home's changes, merge the remote's, write the result into the home;
    returns the commit to push."""
    repo.db.check_records()  # a damaged record is never sent (one sentence, nothing synced)
    remote_head = _fetch(git, url)
    theirs = _check_remote_files(git, remote_head, url) if remote_head else None
    ours = _home_export(repo)
    tree = _write_tree(git, syncmerge.to_files(ours))
    head = git.commit_of("HEAD")
    if head is None or git.out("rev-parse", f"{head}^{{tree}}") != tree:
        before = _check_remote_files(git, head, url) if head else syncmerge.empty_export()
        outcome.sent += _changes(before, ours)
        head = _commit(git, tree, [head] if head else [], "tracker sync: changes from this home")
        git.run("update-ref", "HEAD", head)
    if remote_head is None or git.is_ancestor(remote_head, head):
        return head
    if git.is_ancestor(head, remote_head):
        assert theirs is not None
        target, merged = remote_head, theirs
    else:
        assert theirs is not None
        base_commit = git.run("merge-base", head, remote_head, check=False).stdout.decode().strip()
        base = (
            _check_remote_files(git, base_commit, url) if base_commit else syncmerge.empty_export()
        )
        result = syncmerge.merge(base, ours, theirs)
        merged = result.export
        outcome.conflicts += len(result.conflicts)
        tree = _write_tree(git, syncmerge.to_files(merged))
        target = _commit(git, tree, [head, remote_head], "tracker sync: merge")
    try:
        repo.check_records({**merged.tables, "meta": {}})
    except (KeyError, ValueError, TypeError, AttributeError) as error:
        raise SyncError(
            f"merging with the remote would leave a damaged record ({visible(str(error))}), so "
            "nothing was changed in this home; report this with `tracker sync --status`."
        ) from None
    outcome.received += _apply(repo, merged)
    # Only now: a sync killed before this line starts again from the home's last state.
    git.run("update-ref", "HEAD", target)
    git.run("reset", "--quiet", "--hard", target)
    return target


def sync(repo: Repository, *, timeout: float = DEFAULT_TIMEOUT, batch: bool = False) -> Outcome:
    """One sync (see the module's text); raises :class:`SyncError` / :class:`Offline`."""
    git = _open(repo, timeout, batch)
    url = _remote_url(git)
    outcome = Outcome()
    with repo.db.lock:
        _clear_stale_locks(git.where)
        for attempt in range(2):
            head = _merge_step(git, repo, url, outcome)
            pushed = git.run(
                "push", "--quiet", "origin", f"{head}:refs/heads/{BRANCH}", remote=url, check=False
            )
            if pushed.returncode == 0:
                outcome.pushed = True
                return outcome
            why = pushed.stderr.decode(errors="replace")
            if attempt == 0 and (
                "rejected" in why or "fetch first" in why or "non-fast-forward" in why
            ):
                continue  # someone pushed first: fetch, merge, try once more
            if "rejected" in why:
                raise SyncError(
                    "the remote took another push while this one was merging, twice; this home "
                    "holds everything merged so far: run `tracker sync` again."
                )
            raise Offline(
                f"cannot push to the remote {visible(url)} ({_last_line(why)}); this home holds "
                "everything merged so far: run `tracker sync` again once it is reachable."
            )
    return outcome


def status(repo: Repository, *, timeout: float = DEFAULT_TIMEOUT) -> Status:
    """What is ahead and behind: fetches the remote, writes nothing into the home."""
    git = _open(repo, timeout, batch=False)
    url = _remote_url(git)
    with repo.db.lock:
        _clear_stale_locks(git.where)
        remote_head = _fetch(git, url)
        if remote_head is not None:
            _check_remote_files(git, remote_head, url)
        head = git.commit_of("HEAD")
        last = syncmerge.from_files(git.files_at(head)) if head else syncmerge.empty_export()
        local = _changes(last, _home_export(repo))
        ahead = behind = 0
        if head and remote_head:
            counts = git.out("rev-list", "--left-right", "--count", f"{head}...{remote_head}")
            ahead, behind = (int(n) for n in counts.split())
        elif head:
            ahead = int(git.out("rev-list", "--count", head))
        elif remote_head:
            behind = int(git.out("rev-list", "--count", remote_head))
    return Status(url, local, ahead, behind)


def describe(outcome: Outcome) -> str:
    """The one line `tracker sync` prints."""
    from tracker.domain.words import plural

    parts = [
        f"sent {plural(outcome.sent, 'change')}",
        f"received {plural(outcome.received, 'change')}",
    ]
    if outcome.conflicts:
        parts.append(
            f"{plural(outcome.conflicts, 'field')} changed on both sides kept the later change "
            "(the other is in the card's history)"
        )
    return "Synced: " + ", ".join(parts) + "."
