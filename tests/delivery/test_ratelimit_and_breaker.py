"""Token bucket arithmetic (fake clock) and the circuit breaker's cooldown/resume cycle."""

from __future__ import annotations

import datetime as dt

import pytest

from delivery import breaker
from delivery.ratelimit import BucketRegistry, TokenBucket
from tests.delivery.conftest import NOW


class Clock:
    """A fake monotonic clock whose sleep advances it."""

    def __init__(self) -> None:
        self.t = 100.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 6))
        self.t += seconds


def _bucket(rate=10.0, burst=10.0):
    clock = Clock()
    return TokenBucket(rate, burst, clock=clock, sleep=clock.sleep), clock


def test_bucket_allows_the_burst_then_paces_at_the_rate():
    bucket, clock = _bucket(rate=10, burst=10)
    assert bucket.acquire(10) == 0.0
    assert bucket.acquire(5) == pytest.approx(0.5)
    assert bucket.acquire(1) == pytest.approx(0.1)
    # 1,000 messages at 10/s take 100 s whatever the request sizes
    start = clock.t
    for n in [7, 3, 10, 25, 5] * 20:
        bucket.acquire(n)
    assert clock.t - start == pytest.approx(100.0, abs=0.2)


def test_bucket_larger_requests_than_burst_go_into_debt_not_over_rate():
    bucket, clock = _bucket(rate=100, burst=50)
    bucket.acquire(50)
    start = clock.t
    bucket.acquire(200)  # waits for a full bucket (0.5 s), then owes 150 tokens
    bucket.acquire(10)  # must wait the debt (1.5 s) plus 0.1 s
    assert clock.t - start == pytest.approx(0.5 + 1.6, abs=1e-6)


def test_pause_until_provider_reset_and_refund_of_refused_tokens():
    bucket, clock = _bucket(rate=10, burst=10)
    bucket.acquire(10)
    bucket.refund(10)  # the provider refused that request: it did not count
    bucket.pause_for(2.0)  # ... and said to come back in 2 s
    assert bucket.acquire(10) == pytest.approx(2.0)


def test_bucket_rejects_nonsense_rates():
    with pytest.raises(ValueError, match="rate"):
        TokenBucket(0)
    registry = BucketRegistry({"sendgrid:a": 5.0}, default_rate=1.0)
    assert registry.bucket("sendgrid:a") is registry.bucket("sendgrid:a")
    assert registry.bucket("sendgrid:a").rate == 5.0 and registry.bucket("twilio:b").rate == 1.0


def test_breaker_cooldown_doubles_and_success_closes(any_store):
    name, cool = "sendgrid:default", dt.timedelta(minutes=1)
    h1 = breaker.record_failure(any_store, name, now=NOW, reason="SendGrid 503", cooldown=cool)
    assert h1.retry_at == NOW.replace(tzinfo=None) + cool
    assert breaker.check(any_store, name, now=NOW + dt.timedelta(seconds=59)) is not None
    t2 = NOW + dt.timedelta(minutes=1)
    assert breaker.check(any_store, name, now=t2) is None  # probe allowed
    h2 = breaker.record_failure(any_store, name, now=t2, reason="SendGrid 503", cooldown=cool)
    assert h2.retry_at - t2.replace(tzinfo=None) == 2 * cool
    h3 = breaker.record_failure(
        any_store, name, now=t2, reason="x", cooldown=cool, max_cooldown=dt.timedelta(minutes=3)
    )
    assert h3.retry_at - t2.replace(tzinfo=None) == dt.timedelta(minutes=3)
    assert breaker.record_success(any_store, name, now=t2) is True
    assert breaker.record_success(any_store, name, now=t2) is False
    assert [h.status for h in breaker.status(any_store)] == ["closed"]


# -- the account's bucket shared through the ops store -------------------------------------------


def test_shared_bucket_paces_every_process_of_one_account_together(any_store):
    """Two runs (two bucket objects) over one store: together they never exceed the rate."""
    from delivery.ratelimit import SharedBucket

    t = [1000.0]
    waits: list[float] = []
    a, b = (
        SharedBucket(any_store, "sendgrid:default", 50, 10, clock=lambda: t[0], sleep=waits.append)
        for _ in range(2)
    )
    got = [(a if i % 2 == 0 else b).acquire(10) for i in range(10)]  # 100 tokens at once
    # one burst (10) goes at once; each further 10 waits 0.2 s more: 50/s for the pair together
    assert got == pytest.approx([0.0, 0.2, 0.4, 0.6, 0.8, 1.0, 1.2, 1.4, 1.6, 1.8])
    assert waits == pytest.approx(got[1:])
    other = SharedBucket(
        any_store, "twilio:default", 50, 10, clock=lambda: t[0], sleep=waits.append
    )
    assert other.acquire(10) == 0.0  # another account has its own bucket


def test_shared_bucket_pause_and_refund_reach_the_other_runs(any_store):
    from delivery.ratelimit import SharedBucket

    t = [1000.0]
    a, b = (
        SharedBucket(
            any_store, "sendgrid:default", 10, 10, clock=lambda: t[0], sleep=lambda s: None
        )
        for _ in range(2)
    )
    a.pause_for(30)  # a 429 with a reset 30 s away, seen by run a
    assert b.acquire(1) == pytest.approx(30.0)  # run b waits for it too
    t[0] += 60
    assert a.acquire(10) == 0.0
    assert b.acquire(10) == pytest.approx(1.0)
    a.refund(10)  # the provider refused a's request: it did not count
    assert b.acquire(10) == pytest.approx(1.0)


def test_concurrent_reservations_never_share_a_slot(any_store):
    """Threads racing (row lock / BEGIN IMMEDIATE): every reservation is a distinct slot."""
    import threading

    from delivery.ratelimit import SharedBucket

    waits: list[float] = []
    lock = threading.Lock()

    def run():
        bucket = SharedBucket(any_store, "sendgrid:default", 100, 1, clock=lambda: 5000.0)
        for _ in range(5):
            w = (
                bucket.acquire(1)
                if False
                else bucket._update(  # noqa: SLF001 - no sleeping
                    lambda now, tat, paused: (max(tat, now) + 0.01, paused, max(tat, now) - now)
                )
            )
            with lock:
                waits.append(round(w, 6))

    threads = [threading.Thread(target=run) for _ in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(waits) == [round(0.01 * k, 6) for k in range(30)]
