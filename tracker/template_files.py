"""Templates on disk: one file per template in the templates folder overrides a default.

``<folder>/<action>.txt`` replaces the default draft for that action (for
example ``thank_email.txt``). The folder is ``templates/`` beside the config
file, or ``[templates] folder`` in it. Every file is checked when loaded; an
unknown placeholder is an error that names the file.
"""

from __future__ import annotations

from pathlib import Path

from tracker.domain.errors import DomainError
from tracker.domain.templates import DEFAULTS, check


def load(where: Path) -> dict[str, str]:
    """Defaults overridden by the files in ``where``; raises DomainError naming a bad file."""
    templates = dict(DEFAULTS)
    if not where.is_dir():
        return templates
    for path in sorted(where.glob("*.txt")):
        action = path.stem
        if action not in DEFAULTS:
            raise DomainError(
                f"the template file {path} is for an unknown action {action!r}; "
                f"name it after one of: {', '.join(sorted(DEFAULTS))}."
            )
        try:
            text = path.read_text(encoding="utf-8").strip("\n")
        except (OSError, UnicodeDecodeError) as error:
            raise DomainError(f"cannot read the template file {path} ({error}).") from None
        check(text, str(path))
        templates[action] = text
    return templates
