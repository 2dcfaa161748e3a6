"""The one place that reads the wall clock.

Everything else takes ``now`` or ``today`` as an argument. Tests fix the clock
with :func:`set_now`, and subprocesses with the ``TRACKER_NOW`` environment
variable (an ISO 8601 instant, for example ``2026-03-02T10:00:00+01:00``).
"""

from __future__ import annotations

import os
from datetime import UTC, datetime

_fixed: datetime | None = None


def set_now(instant: datetime | None) -> None:
    """Fix the clock at ``instant`` (timezone-aware), or release it with ``None``."""
    global _fixed
    if instant is not None and instant.tzinfo is None:
        raise ValueError("the fixed clock needs a timezone-aware instant")
    _fixed = instant


def now() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    if _fixed is not None:
        return _fixed.astimezone(UTC)
    env = os.environ.get("TRACKER_NOW")
    if env:
        instant = datetime.fromisoformat(env)
        if instant.tzinfo is None:
            instant = instant.replace(tzinfo=UTC)
        return instant.astimezone(UTC)
    return datetime.now(UTC)
