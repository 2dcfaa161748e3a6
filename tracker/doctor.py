"""`tracker doctor`: read-only checks of one tracker home, each finding with its fix.

The store checks its own files (:mod:`tracker.store.health`: the state file,
records, event log, lock, permissions, temp files); this module adds what lies
above the store, the config file, and never writes either.
"""

from __future__ import annotations

from tracker import config
from tracker.paths import Paths
from tracker.store.health import Finding, Report
from tracker.store.health import diagnose as check_files


def diagnose(paths: Paths) -> Report:
    """Check the config file, then the home's files; never writes."""
    report = check_files(paths)
    if report.has_home:
        report.findings[:0] = _config_findings(paths)
    return report


def _config_findings(paths: Paths) -> list[Finding]:
    try:
        config.load(paths.config)
    except config.ConfigError as error:
        return [Finding(str(error).rstrip("."), f"fix {paths.config}")]
    return []
