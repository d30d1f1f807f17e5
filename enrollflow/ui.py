"""``make ui``: Dagster's ``dg dev`` with a warm dbt worker beside it.

Every dbt asset run started from the UI is a new process that would import dbt and load the
project again (~3.5 s on this machine before its first node). The worker
(:mod:`enrollflow.dbt_worker`) pays that once: ``dg dev`` and every process it starts (the code
server, the runs it launches, the daemon's sensor runs) inherit ``ENROLLFLOW_DBT_WORKER``, so
their dbt calls fork the warm worker instead (a changed project is parsed again, and a worker
that cannot be reached means plain ``dbt``, as before). The worker's log is
``<data dir>/logs/dbt-worker-ui-<time>.log``; it stops when ``dg dev`` does.

Usage (what the Makefile runs)::

    python -m enrollflow.ui -h 127.0.0.1 -p 3000
"""

from __future__ import annotations

import datetime as dt
import signal
import subprocess
import sys
from pathlib import Path

from enrollflow.dbt_worker import running_worker
from enrollflow.settings import get_settings


def main(argv: list[str] | None = None, dg: str | None = None) -> int:
    """Run ``dg dev ARGV`` (``dg``: the venv's, beside this interpreter) with a worker for its
    lifetime; return its exit status."""
    args = sys.argv[1:] if argv is None else argv
    logs = get_settings().data_dir / "logs"
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    dg = dg or str(Path(sys.executable).parent / "dg")
    children: list[subprocess.Popen] = []

    def forward(signum: int, _frame: object) -> None:
        # Ctrl-C reaches the whole process group anyway; a plain SIGTERM (a supervisor, `kill`)
        # reaches only this process: pass it on, then wait for dg dev to stop
        if signum != signal.SIGINT:
            for child in children:
                child.send_signal(signum)

    with running_worker(logs / f"dbt-worker-ui-{stamp}.log"):
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, forward)
        children.append(subprocess.Popen([dg, "dev", *args]))
        return children[0].wait()


if __name__ == "__main__":
    sys.exit(main())
