"""Token buckets per provider account, so a run stays under the configured send rate.

A bucket refills at ``rate`` tokens per second up to ``burst``; :meth:`TokenBucket.acquire`
blocks until the tokens are there. :meth:`TokenBucket.pause_until` honours a provider's reset
time (``X-RateLimit-Reset``, Twilio 20429) so the next request waits for it.

:class:`TokenBucket` is per process. :class:`SharedBucket` keeps the same bucket in the ops
store (``provider_rate``, one row per account, GCRA), so every run and process sending through
one account stays under the account's rate *together*; the step job uses it.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from delivery.store import Store, to_utc_naive
from delivery.store.schema import provider_rate as R


class TokenBucket:
    """A thread-safe token bucket.

    Parameters
    ----------
    rate : float
        Tokens (messages) per second; must be > 0.
    burst : float
        Bucket capacity (the most tokens available at once); defaults to one second of ``rate``.
    clock, sleep : callable
        Monotonic clock and sleep function (tests and benchmarks may inject their own).
    """

    def __init__(
        self,
        rate: float,
        burst: float | None = None,
        *,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if rate <= 0:
            raise ValueError(f"TokenBucket rate={rate!r}: expected messages per second > 0")
        self.rate = float(rate)
        self.burst = float(burst if burst is not None else rate)
        if self.burst <= 0:
            raise ValueError(f"TokenBucket burst={burst!r}: expected > 0")
        self._clock = clock
        self._sleep = sleep
        self._tokens = self.burst
        self._last = clock()
        self._paused_until = 0.0
        self._lock = threading.Lock()

    def _refill(self, now: float) -> None:
        self._tokens = min(self.burst, self._tokens + (now - self._last) * self.rate)
        self._last = now

    def acquire(self, n: float = 1.0) -> float:
        """Take ``n`` tokens, sleeping until they are available.

        A request larger than ``burst`` waits for a full bucket and then goes into debt, so the
        long-run rate still never exceeds ``rate``.

        Returns
        -------
        float
            Seconds slept.
        """
        slept = 0.0
        while True:
            with self._lock:
                now = self._clock()
                self._refill(now)
                need = min(n, self.burst)
                wait = max(self._paused_until - now, 0.0)
                if wait == 0.0 and self._tokens >= need - 1e-9:  # float refill round-off
                    self._tokens -= n
                    return slept
                if wait == 0.0:
                    wait = (need - self._tokens) / self.rate
            self._sleep(wait)
            slept += wait

    def pause_until(self, moment: float) -> None:
        """Let nothing through before monotonic time ``moment`` (a provider's reset time)."""
        with self._lock:
            self._paused_until = max(self._paused_until, moment)

    def refund(self, n: float) -> None:
        """Give back ``n`` tokens taken for a request the provider refused (it did not count it)."""
        with self._lock:
            self._tokens = min(self.burst, self._tokens + n)

    def pause_for(self, seconds: float) -> None:
        """Let nothing through for ``seconds`` from now."""
        self.pause_until(self._clock() + max(seconds, 0.0))


class BucketRegistry:
    """One :class:`TokenBucket` per provider account name (``sendgrid:default``, ...)."""

    def __init__(self, rates: dict[str, float] | None = None, default_rate: float = 100.0) -> None:
        self._rates = dict(rates or {})
        self._default = default_rate
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()

    def bucket(self, name: str) -> TokenBucket:
        """Return (creating once) the bucket of provider account ``name``."""
        with self._lock:
            if name not in self._buckets:
                self._buckets[name] = TokenBucket(self._rates.get(name, self._default))
            return self._buckets[name]


class SharedBucket:
    """A token bucket of one provider account shared by every process, kept in the ops store.

    The generic cell rate algorithm: the row holds the theoretical arrival time ``tat`` (when
    the account's reserved capacity ends). :meth:`acquire` reserves ``n`` tokens in one short
    transaction (row lock on Postgres, ``BEGIN IMMEDIATE`` on SQLite) -- two runs never reserve
    the same capacity -- then sleeps, outside the transaction, until the reservation is within
    one burst of now. Same interface as :class:`TokenBucket` for dispatch.

    Parameters
    ----------
    store : Store
        The ops store (revision ``0007_send_providers`` or later).
    provider : str
        Account name, e.g. ``sendgrid:default``.
    rate : float
        Messages per second for the whole account (> 0).
    burst : float, optional
        Messages that may go at once (default: one second of ``rate``).
    clock, sleep : callable
        Wall clock in unix seconds (shared by processes) and sleep; tests inject their own.
    """

    def __init__(
        self,
        store: Store,
        provider: str,
        rate: float,
        burst: float | None = None,
        *,
        clock: Callable[[], float] = time.time,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not rate > 0:
            raise ValueError(f"SharedBucket rate={rate!r}: expected messages per second > 0")
        self.store, self.provider = store, provider
        self.rate = float(rate)
        self.burst = float(burst if burst is not None else rate)
        self._clock, self._sleep = clock, sleep

    def _update(self, change: Callable[[float, float, float], tuple[float, float, float]]) -> float:
        """Apply ``change(now, tat, paused_until) -> (tat, paused_until, result)`` atomically."""
        now = self._clock()
        stamp = to_utc_naive(dt.datetime.now(dt.UTC))
        insert = postgresql.insert if self.store.dialect == "postgresql" else sqlite.insert
        with self.store.begin() as conn:
            conn.execute(  # the account's row exists once, whoever comes first
                insert(R)
                .values(provider=self.provider, tat=now, paused_until=0.0, updated_at=stamp)
                .on_conflict_do_nothing()
            )
            query = sa.select(R.c.tat, R.c.paused_until).where(R.c.provider == self.provider)
            if self.store.dialect == "postgresql":
                query = query.with_for_update()
            tat, paused = conn.execute(query).one()
            tat, paused, result = change(now, tat, paused)
            conn.execute(
                R.update()
                .where(R.c.provider == self.provider)
                .values(tat=tat, paused_until=paused, updated_at=stamp)
            )
        return result

    def acquire(self, n: float = 1.0) -> float:
        """Reserve ``n`` tokens of the account's rate and sleep until they are due.

        Returns
        -------
        float
            Seconds slept.
        """
        tau = self.burst / self.rate

        def reserve(now: float, tat: float, paused: float) -> tuple[float, float, float]:
            start = max(tat, now, paused)
            end = start + n / self.rate
            return end, paused, max(0.0, end - tau - now, paused - now)

        wait = self._update(reserve)
        if wait > 0:
            self._sleep(wait)
        return wait

    def refund(self, n: float) -> None:
        """Give back ``n`` tokens of a request the provider refused (it did not count it)."""
        self._update(lambda now, tat, paused: (max(now, tat - n / self.rate), paused, 0.0))

    def pause_until(self, moment: float) -> None:
        """Let nothing through before unix time ``moment`` (a provider's reset time)."""
        self._update(lambda now, tat, paused: (tat, max(paused, moment), 0.0))

    def pause_for(self, seconds: float) -> None:
        """Let nothing through, for any process, for ``seconds`` from now."""
        self.pause_until(self._clock() + max(seconds, 0.0))
