"""How much `tracker import` takes, and what it says when a file is too big for it.

A CSV is read and planned one row at a time, up to a row limit; a row has at
most so many people and interview dates, and names of bounded length; the
file size limit is what imports in well under 1.5 GB (see IMPORT_LIMIT). Out
of memory anyway, the import says so in one sentence and writes nothing.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tracker.exchange import csvfile

from support import FIXED_NOW, ROOT
from support.exchange import make_home, one_sentence_error, run, tree

HEADER = "company,role,interview date,people,outcome,outcome date\n"


@given(st.text(alphabet=st.sampled_from(list('ab,"\r\n ')), max_size=40))
def test_the_lines_are_split_as_a_stringio_splits_them(text):
    assert list(csvfile._lines(text)) == io.StringIO(text, newline="").readlines()


def test_a_csv_of_more_rows_than_the_limit_is_refused_with_its_count_before_planning_them_all(
    home, tmp_path, capsys, monkeypatch
):
    planned = []
    plan_row = csvfile._plan_row

    def counting(*args, **kwargs):
        planned.append(1)
        return plan_row(*args, **kwargs)

    monkeypatch.setattr(csvfile, "ROW_LIMIT", 5)
    monkeypatch.setattr(csvfile, "_plan_row", counting)
    source = tmp_path / "apps.csv"
    source.write_text(HEADER + "".join(f"Co {n},Dev,2026-02-27,,,\n" for n in range(12)))
    before = tree(home)
    last = one_sentence_error(*run(capsys, "import", str(source)))
    assert "has 12 rows" in last and "up to 5 at a time" in last
    assert len(planned) <= 5
    assert tree(home) == before


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        (
            'ACME,Dev,2026-02-27,"' + "; ".join(f"P{n}" for n in range(21)) + '",,',
            "it lists 21 people; an application takes up to 20",
        ),
        (
            'ACME,Dev,"' + ";".join(f"2026-02-{n:02d}" for n in range(1, 22)) + '",,,',
            "it has 21 interview dates; an application takes up to 20",
        ),
        ("A" * 201 + ",Dev,2026-02-27,,,", "the company is 201 characters long; the limit is 200"),
        (
            "ACME," + "r" * 201 + ",2026-02-27,,,",
            "the role is 201 characters long; the limit is 200",
        ),
        ("ACME,Dev,2026-02-27," + "n" * 201 + ",,", "characters long; the limit is 200"),
    ],
    ids=["21 people", "21 dates", "long company", "long role", "long name"],
)
def test_a_row_bigger_than_an_application_is_a_bad_row(home, tmp_path, capsys, row, reason):
    source = tmp_path / "apps.csv"
    source.write_text(HEADER + "Good,Dev,2026-02-27,,,\n" + row + "\n")
    before = tree(home)
    code, out, err = run(capsys, "import", str(source))
    one_sentence_error(code, out, err, lines_before=1)
    assert err.startswith(f"{source}:3: ") and reason in err.splitlines()[0]
    assert tree(home) == before


# --- under a memory cap, in a child process --------------------------------------------------------

CHILD = textwrap.dedent(
    """
    import resource, sys
    import tracker.exchange, tracker.store.repo  # what the import needs, loaded before the cap
    from tracker.cli import main

    headroom = int(sys.argv[1]) * 1024 * 1024
    if headroom:
        size = next(l for l in open("/proc/self/status") if l.startswith("VmSize"))
        cap = int(size.split()[1]) * 1024 + headroom
    else:
        cap = 1536 * 1024 * 1024  # 1.5 GB
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    sys.exit(main(sys.argv[2:]))
    """
)

needs_rlimit = pytest.mark.skipif(
    sys.platform != "linux",
    reason="RLIMIT_AS caps the address space only on Linux (and /proc tells the size there)",
)


def _capped(headroom_mb: int, home: Path, source: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, TRACKER_NOW=FIXED_NOW.isoformat(), PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-c", CHILD, str(headroom_mb), "--home", str(home), "import", str(source)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_running_out_of_memory_is_one_sentence_and_writes_nothing(
    home, tmp_path, capsys, monkeypatch
):
    """Out of memory while planning, the import says so in one sentence and writes nothing.

    The allocation that fails is chosen, not left to a capped address space: under a cap
    the failure may land inside the JSON decoder or the allocator, which crash instead of raising,
    so such a test passes or fails by where the interpreter happens to be."""
    source = tmp_path / "apps.csv"
    source.write_text(HEADER + "".join(f"C{n},R,2026-01-05,P:interviewer,,\n" for n in range(50)))
    target = make_home(tmp_path / "home")
    calls = []
    plan_row = csvfile._plan_row

    def exhausted(*args, **kwargs):
        calls.append(1)
        if len(calls) == 20:
            raise MemoryError
        return plan_row(*args, **kwargs)

    monkeypatch.setattr(csvfile, "_plan_row", exhausted)
    before = tree(target)
    err = one_sentence_error(*run(capsys, "--home", str(target), "import", str(source)))
    assert "there was not enough memory to import" in err, err
    assert len(calls) == 20
    assert tree(target) == before


@needs_rlimit
def test_a_million_rows_under_a_1_5_gb_cap_are_refused_in_one_sentence(tmp_path):
    source = tmp_path / "million.csv"
    with source.open("w") as out:
        out.write("company,role,interview date\n")
        out.writelines(f"Co {n},Dev,2026-02-27\n" for n in range(1_000_000))
    target = make_home(tmp_path / "home")
    done = _capped(0, target, source)
    assert done.returncode == 1, done.stderr
    assert done.stderr == (
        f"tracker: {source} has 1,000,000 rows; tracker imports up to 10,000 at a time, so split "
        "it into files of 10,000 rows or fewer.\n"
    )
    assert not (target / "tracker.json").exists()
    assert not (target / "events.jsonl").exists()
