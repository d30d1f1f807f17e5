"""The local Dagster instance's ``dagster.yaml`` (``make demo``, ``make ui``, ``enrollflow demo``).

``python -m orchestration.local_instance DAGSTER_HOME`` writes ``DAGSTER_HOME/dagster.yaml`` when
it is missing, and rewrites one that an earlier version wrote (the telemetry setting alone, or
with the event log block but no instance class). A file that configures anything else is left
alone.

The instance keeps Dagster's local SQLite files under ``DAGSTER_HOME/history/`` (runs in
``runs.db``, events in ``runs/<run_id>.db`` and ``runs/index.db``), with the event log of
:mod:`orchestration.local_event_log`, which stores the same files several times cheaper, and its
instance class (event batch writing on). This module imports nothing from Dagster, so the
Makefile can call it before any run.
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


INSTANCE_CLASS = (
    "instance_class:\n  module: orchestration.local_event_log\n  class: LocalDagsterInstance\n"
)


def local_config(home: Path) -> str:
    """The whole local ``dagster.yaml`` for ``home``."""
    return INSTANCE_CLASS + TELEMETRY + event_log_block(home)


def ensure_local_home(home: str | Path) -> Path:
    """Create ``home`` and its ``dagster.yaml`` (see the module docstring); return the yaml's path."""
    home = Path(home)
    home.mkdir(parents=True, exist_ok=True)
    config = home / "dagster.yaml"
    current = config.read_text(encoding="utf-8").strip() if config.exists() else None
    earlier = {TELEMETRY.strip(), (TELEMETRY + event_log_block(home)).strip()}
    if current is None or current in earlier:
        config.write_text(local_config(home), encoding="utf-8")
    return config


if __name__ == "__main__":  # pragma: no cover - exercised through the Makefile
    if len(sys.argv) != 2:
        sys.exit("usage: python -m orchestration.local_instance DAGSTER_HOME")
    print(ensure_local_home(sys.argv[1]))
