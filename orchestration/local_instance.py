"""The local Dagster instance's ``dagster.yaml`` (``make demo``, ``make ui``, ``enrollflow demo``).

``python -m orchestration.local_instance DAGSTER_HOME`` writes ``DAGSTER_HOME/dagster.yaml`` when
it is missing, or adds the event log block to one that has only the telemetry setting (what
earlier versions of the Makefile wrote). A file that configures storage itself is left alone.

The instance keeps Dagster's local SQLite files under ``DAGSTER_HOME/history/`` (runs in
``runs.db``, events in ``runs/<run_id>.db`` and ``runs/index.db``), with the event log of
:mod:`orchestration.local_event_log`, which stores the same files about 4× cheaper. This module
imports nothing from Dagster, so the Makefile can call it before any run.
"""

from __future__ import annotations

import sys
from pathlib import Path

TELEMETRY = "telemetry:\n  enabled: false\n"


def event_log_block(home: Path) -> str:
    """The ``event_log_storage`` section for ``home`` (Dagster's default event log location)."""
    return (
        "event_log_storage:\n"
        "  module: orchestration.local_event_log\n"
        "  class: LocalSqliteEventLogStorage\n"
        "  config:\n"
        f"    base_dir: {home.resolve() / 'history' / 'runs'}\n"
    )


def ensure_local_home(home: str | Path) -> Path:
    """Create ``home`` and its ``dagster.yaml`` (see the module docstring); return the yaml's path."""
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    current = config.read_text(encoding="utf-8") if config.exists() else None
    if current is None:
        config.write_text(TELEMETRY + event_log_block(home), encoding="utf-8")
    elif current.strip() == TELEMETRY.strip():
        config.write_text(current.rstrip("\n") + "\n" + event_log_block(home), encoding="utf-8")
    return config


if __name__ == "__main__":  # pragma: no cover - exercised through the Makefile
    if len(sys.argv) != 2:
        sys.exit("usage: python -m orchestration.local_instance DAGSTER_HOME")
    print(ensure_local_home(sys.argv[1]))
