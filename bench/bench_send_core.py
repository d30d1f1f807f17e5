"""Benchmarks of the production send path: the dispatch-time check's cost, and throughput at a cap.

``send_check_overhead``
    ``N`` = min(``--contacts``, 100,000) emails of one campaign, enqueued by the journey engine
    (the campaign-step benchmark's warehouse: 20 zones, 92 % consent), 10 % of the contacts with
    2 emails already this week, 1 % suppressed or withdrawn in the ops store after the enqueue.
    Figure: seconds of :func:`delivery.journeys.render.dispatch_campaign` *with* the dispatch-time
    check (consent, canonical suppression, quiet hours, cap reservation, budget -- in each
    claim's transaction) through a provider that accepts at once (so the check's share is not
    hidden behind network time). Baseline: the same dispatch of the same ledger (a copy of the
    store) without the check. Each runs twice, alternating, on its own copy; the faster run of
    each is kept. The target is a ratio <= 1.10.
``send_path_at_cap``
    The same ``N`` emails dispatched with the check, rendered by the campaign's renderer, through
    the official SendGrid SDK to the local fake in its own process, capped at ``CAP`` messages/s
    (a 429 every 25th request), under a token bucket 2 % below the cap. Figure: messages/s;
    baseline: the cap. Details: share of the cap (target >= 0.95) and duplicates at the fake
    (must be 0).

Run small: ``python -m bench send_check_overhead send_path_at_cap --contacts 5000``.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bench.bench_campaigns import NOW_STEP, _launched, _prior_sends, _warehouse
from bench.bench_delivery import CAP, PERIODIC_429, RATE_MARGIN, FakeInProcess
from bench.runner import Result, benchmark, config
from delivery.dispatch import DispatchPolicy
from delivery.journeys.demo import DEMO_SENDER
from delivery.journeys.engine import advance_campaign
from delivery.journeys.render import dispatch_campaign
from delivery.journeys.sources import WarehouseSource
from delivery.messages import Accepted, Message
from delivery.providers.sendgrid import SendGridProvider
from delivery.ratelimit import TokenBucket
from delivery.store import open_store
from delivery.store.schema import send_ledger
from delivery.suppression import record_consent, suppress

MAX_N = 100_000
REPEATS = 2  # each variant twice, alternating; the faster of each is kept (a shared machine)
CALLBACK = "http://127.0.0.1:8000"


class AcceptAll:
    """A provider that accepts every message at once (no network): dispatch's own cost."""

    kind = "sandbox"
    channel = "email"
    max_batch = 1000
    name = "accept:bench"

    def send(self, messages: Sequence[Message]):
        return {m.ledger_id: Accepted(f"acc-{m.ledger_id}") for m in messages}

    def lookup(self, rows):
        return {}


def _size() -> int:
    return min(config().contacts, MAX_N)


def _prepared(tmp: Path, n: int):
    """A SQLite store with ``n`` pending emails of the launched step campaign, and its warehouse."""
    warehouse = _warehouse(n)
    url = f"sqlite:///{tmp / 'ops.sqlite'}"
    store, campaign = _launched(url, n)
    with store.begin() as conn:  # the prior sends of _launched are replaced by 2-in-7-days ones
        conn.execute(send_ledger.delete())
    _prior_sends(store, n, seed=11, per_contact=(2,))
    rng = np.random.default_rng(11)
    advance_campaign(store, WarehouseSource(warehouse), campaign.campaign_id, now=NOW_STEP)
    with store.begin() as conn:  # withdrawn after the enqueue, in the ops store
        for i in rng.choice(n, n // 100, replace=False):
            address = f"C_{i:07d}@Example.edu "
            if i % 2:
                suppress(
                    conn, store, channel="email", address=address, reason="unsubscribe",
                    source="bench", now=NOW_STEP,
                )  # fmt: skip
            else:
                record_consent(
                    conn, channel="email", address=address, status="revoked", source="bench",
                    now=NOW_STEP,
                )  # fmt: skip
    store.dispose()
    return url, campaign, warehouse


def _dispatch(url: str, campaign, warehouse, provider, *, checked: bool, **kw):
    store = open_store(url)
    began = time.perf_counter()
    report = dispatch_campaign(
        store,
        WarehouseSource(warehouse),
        campaign,
        provider,
        sender=DEMO_SENDER,
        status_callback_base=CALLBACK,
        now=NOW_STEP,
        checked=checked,
        **kw,
    )
    elapsed = time.perf_counter() - began
    store.dispose()
    return report, elapsed


@benchmark("send_check_overhead")
def send_check_overhead() -> Result:
    """Dispatch with the dispatch-time check vs the same dispatch without it."""
    n = _size()
    runs: dict[bool, list] = {False: [], True: []}
    with tempfile.TemporaryDirectory() as tmp:
        _url, campaign, warehouse = _prepared(Path(tmp), n)
        for k, checked_run in enumerate((False, True) * REPEATS):  # alternate, each on a copy
            copy_path = Path(tmp) / f"ops_{k}.sqlite"
            shutil.copyfile(Path(tmp) / "ops.sqlite", copy_path)
            runs[checked_run].append(
                _dispatch(
                    f"sqlite:///{copy_path}", campaign, warehouse, AcceptAll(), checked=checked_run
                )
            )
    plain, plain_s = min(runs[False], key=lambda r: r[1])
    checked, checked_s = min(runs[True], key=lambda r: r[1])
    return Result(
        figure=checked_s,
        unit="s",
        baseline=plain_s,
        baseline_label="the same dispatch without the dispatch-time check",
        higher_is_better=False,
        details={
            "messages": n,
            "overhead_share": round(checked_s / plain_s - 1, 4),
            "checked_submitted": checked.submitted,
            "checked_skipped": checked.skipped,
            "checked_deferred": checked.deferred,
            "plain_submitted": plain.submitted,
            "plain_skipped": plain.skipped,
        },
    )


@benchmark("send_path_at_cap")
def send_path_at_cap(cap: int = CAP) -> Result:
    """The checked, rendered campaign dispatch through SendGrid at the fake's cap."""
    n = _size()
    with tempfile.TemporaryDirectory() as tmp:
        url, campaign, warehouse = _prepared(Path(tmp), n)
        fake = FakeInProcess(cap, PERIODIC_429)
        with fake as fake_url:
            provider = SendGridProvider("SG.bench-key", host=fake_url, timeout=30)
            report, elapsed = _dispatch(
                url,
                campaign,
                warehouse,
                provider,
                checked=True,
                bucket=TokenBucket(cap * RATE_MARGIN, burst=2000),
                policy=DispatchPolicy(lease=dt.timedelta(minutes=5)),
            )
            fake_stats = fake.stats()
    rate = report.submitted / elapsed
    return Result(
        figure=rate,
        unit="msgs/s",
        baseline=float(cap),
        baseline_label="the fake's cap",
        details={
            "messages": n,
            "submitted": report.submitted,
            "share_of_cap": round(rate / cap, 4),
            "duplicates_at_provider": fake_stats["duplicates"],
            "accepted_at_provider": fake_stats["accepted"],
            "rate_limited_429": fake_stats["rate_limited"],
            "elapsed_s": round(elapsed, 2),
        },
    )
