"""Exactly-once under kill -9: a real send process SIGKILLs itself at each point, then restarts.

The crashing sender is a separate OS process (forked, so it starts fast) that runs the real
dispatch against the SendGrid fake and kills itself with SIGKILL at a named fault point -- no
``finally``, no rollback handler, exactly like ``kill -9``. Recovery is what an operator's next run
does: expire leases, reconcile ``unknown`` rows from the provider's records (the fake's accepted
messages by ``ledger_id``), dispatch again. The fake must hold exactly one message per ledger key
and the ledger must say ``submitted`` for each.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from delivery.dispatch import FAULT_POINTS
from delivery.ledger import Ledger
from delivery.providers.sendgrid import SendGridProvider
from delivery.reconcile import reconcile_unknown
from delivery.store import open_store
from tests.delivery import send_worker
from tests.delivery.conftest import NOW, email_keys

ROOT = Path(__file__).resolve().parents[2]
N_MESSAGES = 10
BATCH = 4
LEASE_S = 1.0


def _crash(store_url: str, fake_url: str, point: str, kill_on: int) -> int | None:
    """Run a sender in its own process that SIGKILLs itself at ``point``; return its exit code."""
    proc = multiprocessing.get_context("fork").Process(
        target=send_worker.run,
        args=(store_url, fake_url),
        kwargs={"kill_at": point, "kill_on": kill_on, "batch": BATCH, "lease": LEASE_S},
    )
    proc.start()
    proc.join(60)
    return proc.exitcode


def _recover(store_url: str, fake_url: str) -> None:
    """What the next run does after a crash: expire leases, reconcile unknowns."""
    store = open_store(store_url, create=True)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=LEASE_S + 1)
    provider = SendGridProvider("SG.test-key", host=fake_url, timeout=2.0)
    reconcile_unknown(store, provider, now=later, not_found_after=dt.timedelta(0))
    store.dispose()


def _prepare(store_url: str) -> list[str]:
    store = open_store(store_url, create=True)
    keys = email_keys(N_MESSAGES)
    Ledger(store).enqueue(keys, now=NOW)
    store.dispose()
    return [k.ledger_id for k in keys]


def _assert_exactly_once(store_url: str, fake, ids: list[str], label: str) -> None:
    counts = fake.counts()
    assert sorted(counts) == sorted(ids), f"a message was lost ({label})"
    assert set(counts.values()) == {1}, f"duplicates ({label}): {counts}"
    store = open_store(store_url, create=True)
    rows = Ledger(store).rows()
    assert {r.state for r in rows} == {"submitted"}
    # the ledger's provider id is the X-Message-Id the fake gave that very message
    for r in rows:
        assert r.provider_message_id == fake.by_ledger_id(r.ledger_id)[0]["x_message_id"]
    store.dispose()


def _crash_recover_finish(store_url: str, fake, point: str) -> None:
    ids = _prepare(store_url)
    # killed the 2nd time the point is reached: one batch is through when it dies
    assert _crash(store_url, fake.url, point, kill_on=2) == -signal.SIGKILL
    assert set(fake.counts().values()) <= {1}
    _recover(store_url, fake.url)
    report = send_worker.run(store_url, fake.url, batch=BATCH, lease=LEASE_S)
    assert report["hold"] is None
    _assert_exactly_once(store_url, fake, ids, f"crash at {point}")


@pytest.mark.parametrize("point", FAULT_POINTS)
def test_kill_at_each_point_then_restart_sends_each_key_once(tmp_path, fake_sendgrid, point):
    _crash_recover_finish(f"sqlite:///{tmp_path / 'ops.sqlite'}", fake_sendgrid, point)


@pytest.mark.postgres
@pytest.mark.parametrize("point", ["after_mark_sending", "before_ledger_commit"])
def test_kill_on_postgres_then_restart_sends_each_key_once(pg_url, fake_sendgrid, point):
    _crash_recover_finish(pg_url, fake_sendgrid, point)


def test_crash_before_ledger_commit_leaves_unknowns_reconciled_not_resent(tmp_path, fake_sendgrid):
    """Rows accepted by the provider but not committed are *unknown* after the crash; recovery finds
    them at the provider (submitted) and only requeues the ones that provably never arrived."""
    store_url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    _prepare(store_url)
    assert _crash(store_url, fake_sendgrid.url, "before_ledger_commit", 1) == -signal.SIGKILL
    accepted = set(fake_sendgrid.counts())
    assert len(accepted) == BATCH  # the first batch reached the provider, then the process died
    store = open_store(store_url, create=True)
    ledger = Ledger(store)
    assert {r.state for r in ledger.rows() if r.ledger_id in accepted} == {"sending"}

    _recover(store_url, fake_sendgrid.url)
    states = {r.ledger_id: r.state for r in ledger.rows()}
    assert {states[i] for i in accepted} == {"submitted"}
    assert {s for i, s in states.items() if i not in accepted} == {"pending"}
    store.dispose()


def test_unknown_rows_stay_unknown_within_the_grace_period(tmp_path, fake_sendgrid):
    """A message missing at the provider right after the crash may just not be indexed yet: it must
    not be resent before ``not_found_after`` has passed."""
    store_url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    _prepare(store_url)
    assert _crash(store_url, fake_sendgrid.url, "after_mark_sending", 1) == -signal.SIGKILL
    assert fake_sendgrid.counts() == {}
    store = open_store(store_url, create=True)
    provider = SendGridProvider("SG.test-key", host=fake_sendgrid.url, timeout=2.0)
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=LEASE_S + 1)
    report = reconcile_unknown(store, provider, now=later, not_found_after=dt.timedelta(hours=1))
    assert (report.expired_to_unknown, report.found, report.requeued) == (BATCH, 0, 0)
    assert Ledger(store).counts()["unknown"] == BATCH
    store.dispose()


def test_two_sender_processes_at_once_never_send_a_key_twice(tmp_path, fake_sendgrid):
    """Two independent ``python -m`` sender processes race over the same pending rows."""
    store_url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    ids = _prepare(store_url)
    cmd = [
        sys.executable, "-m", "tests.delivery.send_worker",
        "--store", store_url, "--sendgrid", fake_sendgrid.url, "--batch", "2",
    ]  # fmt: skip
    procs = [
        subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    reports = []
    for p in procs:
        out, err = p.communicate(timeout=60)
        assert p.returncode == 0, err
        reports.append(json.loads(out))
    _assert_exactly_once(store_url, fake_sendgrid, ids, "two senders")
    assert sum(r["submitted"] for r in reports) == N_MESSAGES
