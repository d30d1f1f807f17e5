"""Token buckets per provider account, so a run stays under the configured send rate.

A bucket refills at ``rate`` tokens per second up to ``burst``; :meth:`TokenBucket.acquire`
blocks until the tokens are there. :meth:`TokenBucket.pause_until` honours a provider's reset
time (``X-RateLimit-Reset``, Twilio 20429) so the next request waits for it.

The buckets are per process: several concurrent runs against one account should split the
account's rate between them (``rate / runs``).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


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
