"""Benchmark: the sandbox provider dispatching one campaign step, beside planning that step.

``sandbox_dispatch``: the campaign step of :mod:`bench.bench_campaigns` (100k due contacts, split
-> email) is planned by the engine (:func:`delivery.journeys.engine.advance_campaign`: rules,
variants, ledger enqueue), then every enqueued message is dispatched through the
:class:`~delivery.providers.sandbox.SandboxProvider` with
:func:`delivery.journeys.render.dispatch_campaign` (claim, send-time rules, render, mark
``sending``, one batch file per 1,000 messages, mark ``submitted``) on a SQLite ops store. The
figure is dispatched messages per second; the baseline is the planning step's own rate over the
same messages (enqueued per second), so the ratio says whether dispatch can keep up with
planning (issue #19: it must never be the demo's bottleneck, >= 10k messages/s). The details
split dispatch into the provider's own time (writing the batch files) and the rest.

Run::

    python -m bench sandbox_dispatch
    python -m bench.bench_sandbox --contacts 5000        # quick look
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.bench_campaigns import NOW_STEP, STEP_CONTACTS, _launched, _warehouse
from bench.runner import Result, benchmark
from delivery.journeys.demo import DEMO_SENDER
from delivery.journeys.engine import advance_campaign
from delivery.journeys.render import dispatch_campaign
from delivery.journeys.sources import WarehouseSource
from delivery.providers.sandbox import SandboxProvider


class _TimedProvider(SandboxProvider):
    """The sandbox provider, adding up the seconds spent in its own ``send``."""

    seconds = 0.0

    def send(self, messages):
        began = time.perf_counter()
        try:
            return super().send(messages)
        finally:
            self.seconds += time.perf_counter() - began


def run(n: int, tmp: Path) -> dict:
    """Plan one step for ``n`` contacts, dispatch it through the sandbox; return figures."""
    conn = _warehouse(n)
    source = WarehouseSource(conn)
    store, campaign = _launched(f"sqlite:///{tmp / 'ops.sqlite'}", n)
    began = time.perf_counter()
    report = advance_campaign(store, source, campaign.campaign_id, now=NOW_STEP, batch_size=n)
    plan_s = time.perf_counter() - began
    provider = _TimedProvider(tmp / "outbox", channel="email", account="bench")
    began = time.perf_counter()
    sent = dispatch_campaign(
        store,
        source,
        campaign,
        provider,
        sender=DEMO_SENDER,
        status_callback_base="http://127.0.0.1:8000",
        now=NOW_STEP,
    )
    dispatch_s = time.perf_counter() - began
    store.dispose()
    conn.close()
    return {
        "enqueued": report.enqueued,
        "submitted": sent.submitted,
        "plan_s": plan_s,
        "dispatch_s": dispatch_s,
        "provider_send_s": provider.seconds,
        "batch_files": len(list((tmp / "outbox").glob("batch-*.jsonl"))),
    }


def sandbox_result(n: int = STEP_CONTACTS) -> Result:
    """Dispatch rate through the sandbox beside the planning step's rate."""
    with tempfile.TemporaryDirectory() as tmp:
        figures = run(n, Path(tmp))
    return Result(
        figure=figures["submitted"] / figures["dispatch_s"],
        unit="messages/s",
        baseline=figures["enqueued"] / figures["plan_s"],
        baseline_label="planning the same step (advance_campaign: rules, variants, ledger enqueue)",
        higher_is_better=True,
        details=figures,
    )


@benchmark("sandbox_dispatch")
def sandbox_dispatch() -> Result:
    """One 100k-contact step dispatched through the sandbox, beside planning it."""
    return sandbox_result()


def main() -> None:  # pragma: no cover - manual runs
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--contacts", type=int, default=STEP_CONTACTS)
    args = parser.parse_args()
    r = sandbox_result(args.contacts)
    print(
        f"sandbox dispatch: {r.figure:,.0f} messages/s | planning: {r.baseline:,.0f} messages/s "
        f"| ratio {r.ratio:.2f} x | {r.details}"
    )


if __name__ == "__main__":  # pragma: no cover
    main()
