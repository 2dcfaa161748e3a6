"""`tracker prep COMPANY`: one page to read before the next interview at a company.

The page (:mod:`tracker.domain.prep`) holds the open and practising lessons, what is
known about the company (earlier interviews, people, what they said last, the
comparison with the hire) and the drafts needed after the interview. Text by
default, Markdown with ``--format md``, JSON with ``--json``; ``--out FILE`` writes
it as ``tracker export --out`` does (atomically), refusing an existing file unless
``--force``. A read: nothing in the home is written.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from tracker.cli.common import (
    AddCommand,
    Handler,
    UserError,
    open_repo,
    print_json,
    say,
)
from tracker.domain.text import visible

if TYPE_CHECKING:
    from pathlib import Path

    from tracker.domain.prep import PrepPage

FORMATS = ("text", "md")


def add_parsers(command: AddCommand) -> dict[str, Handler]:
    """Register the subcommand; returns its handler by name."""
    p = command(
        "prep",
        "before an interview: your lessons, what you know about the company, the drafts after it",
    )
    p.add_argument(
        "company",
        nargs="+",
        metavar="COMPANY",
        help="the company, as on any of its cards (case does not matter)",
    )
    p.add_argument("--format", choices=FORMATS, default="text", help="text (default) or md")
    p.add_argument("--json", action="store_true", help="the page as JSON, for scripts")
    p.add_argument("--out", metavar="FILE", help="write to FILE (atomically) instead of stdout")
    p.add_argument("--force", action="store_true", help="with --out: replace an existing FILE")
    return {"prep": cmd_prep}


def cmd_prep(args: argparse.Namespace) -> int:
    import json
    from pathlib import Path

    from tracker.domain.prep import lines
    from tracker.template_files import load as load_templates

    if args.json and args.format != "text":
        raise UserError("--json and --format md are two ways to write the page; choose one.")
    if args.force and args.out is None:
        raise UserError("--force goes with --out FILE: it lets the page replace that file.")
    out = Path(args.out).expanduser() if args.out is not None else None
    if out is not None:
        _check_out(out, args.force)
    company = " ".join(args.company)
    repo = open_repo(args)
    settings = repo.settings
    templates = load_templates(settings.template_dir or repo.paths.config_dir / "templates")
    page = repo.prep_page(company, templates)
    if out is None:
        if args.json:
            print_json(page.to_json())
        elif args.format == "md":
            sys.stdout.write(visible(_markdown(page), multiline=True))
        else:
            say(*(text for _, text in lines(page)))
        return 0
    if args.json:
        text = json.dumps(page.to_json(), indent=2, ensure_ascii=False) + "\n"
    elif args.format == "md":
        text = _markdown(page)
    else:
        text = "\n".join(line for _, line in lines(page)) + "\n"
    payload = text.encode("utf-8")
    _write(out, payload, args.force)
    what = "JSON" if args.json else "Markdown" if args.format == "md" else "text"
    say(f"Wrote the prep page for {page.company} ({what}) to {out} ({len(payload):,} bytes).")
    return 0


def _markdown(page: PrepPage) -> str:
    from tracker.exchange.prep import prep_md

    return prep_md(page)


def _check_out(out: Path, force: bool) -> None:
    """Refuse, before anything is read, a folder or an existing file without --force."""
    if out.is_dir():
        raise UserError(
            f"{out} is a folder; give --out a file name, for example {out / 'prep.md'}."
        )
    if out.exists() and not force:
        raise UserError(f"{out} already exists; choose another name, or add --force to replace it.")


def _write(out: Path, payload: bytes, force: bool) -> None:
    """As ``tracker export --out`` writes: :func:`tracker.store.files.write_atomic`."""
    from tracker.store.files import write_atomic

    _check_out(out, force)  # again: the file may have appeared while the page was built
    write_atomic(out, payload)
