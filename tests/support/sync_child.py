"""Runs one `tracker sync` of TRACKER_HOME and kills itself with SIGKILL at a point
(a real ``kill -9``: no clean-up, no ``finally``), for tests/store/test_sync.py.

    python tests/support/sync_child.py POINT

* ``before-home``: the merge is committed in git (not yet on HEAD), the home not written;
* ``after-home``: the home holds the merged result, git's HEAD is not moved yet;
* ``before-push``: HEAD is the merge, nothing pushed yet.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tracker import config, paths  # noqa: E402
from tracker.store import sync  # noqa: E402
from tracker.store.repo import Repository  # noqa: E402


def main() -> None:
    point = sys.argv[1]
    home = paths.resolve()
    repo = Repository(home, config.load(home.config))

    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    apply = sync._apply

    def apply_then(repo: Repository, merged: Any) -> int:
        if point == "before-home":
            die()
        done = apply(repo, merged)
        if point == "after-home":
            die()
        return done

    sync._apply = apply_then  # type: ignore[assignment]
    if point == "before-push":
        run = sync.Git.run

        def run_then(self: sync.Git, *args: str, **kw: Any) -> Any:
            if args and args[0] == "push":
                die()
            return run(self, *args, **kw)

        sync.Git.run = run_then  # type: ignore[method-assign]
    sync.sync(repo)
    print("finished")


if __name__ == "__main__":
    main()
