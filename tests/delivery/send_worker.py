"""A real send process for the crash tests: dispatch pending email rows through SendGrid.

``python -m tests.delivery.send_worker --store URL --sendgrid URL [--kill-at POINT --kill-on N]``

With ``--kill-at`` the process SIGKILLs itself the N-th time dispatch reaches that fault point
(see ``delivery.dispatch.FAULT_POINTS``) -- no cleanup, no ``finally``, exactly like ``kill -9``.
Prints the dispatch report as JSON on success.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import signal

from delivery.dispatch import DispatchPolicy, dispatch
from delivery.providers.sendgrid import SendGridProvider
from delivery.store import open_store
from tests.delivery.conftest import plain_email


def run(
    store_url: str,
    sendgrid_url: str,
    *,
    api_key: str = "SG.test-key",
    kill_at: str | None = None,
    kill_on: int = 1,
    batch: int = 4,
    lease: float = 1.0,
) -> dict[str, object]:
    """Dispatch every pending email row; SIGKILL this process at ``kill_at`` (the N-th time)."""
    hits = {"n": 0}

    def fault(point: str) -> None:
        if point == kill_at:
            hits["n"] += 1
            if hits["n"] == kill_on:
                os.kill(os.getpid(), signal.SIGKILL)

    store = open_store(store_url, create=True)
    provider = SendGridProvider(api_key, host=sendgrid_url, timeout=2.0)
    report = dispatch(
        store,
        provider,
        render=plain_email,
        now=dt.datetime.now(dt.UTC),
        policy=DispatchPolicy(
            lease=dt.timedelta(seconds=lease),
            batch_size=batch,
            backoff_initial=0.01,
            backoff_max=0.05,
        ),
        fault=fault,
    )
    store.dispose()
    return report.as_dict()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--store", required=True)
    ap.add_argument("--sendgrid", required=True)
    ap.add_argument("--api-key", default="SG.test-key")
    ap.add_argument("--kill-at", default=None)
    ap.add_argument("--kill-on", type=int, default=1)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--lease", type=float, default=1.0)
    args = ap.parse_args()
    report = run(
        args.store,
        args.sendgrid,
        api_key=args.api_key,
        kill_at=args.kill_at,
        kill_on=args.kill_on,
        batch=args.batch,
        lease=args.lease,
    )
    print(json.dumps(report, default=str))


if __name__ == "__main__":
    main()
