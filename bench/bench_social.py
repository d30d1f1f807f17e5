"""Benchmark of the social publish ledger against a rate-limited platform.

``social_publish``
    ``N`` = clamp(``--contacts`` / 5,000, 50, 1,000) standalone posts, approved, on one X account,
    published by :func:`delivery.social.publish.run_publisher` ticks (wall clock, batches of 100)
    through the X client to the local X fake in its own process, which allows ``RATE`` posts per
    1-second window and answers 429 with ``x-rate-limit-reset`` beyond it. Every post goes
    through the ledger (row written, claim committed before the request, outcome recorded; the
    account paused until the reset on a 429, resumed by the next tick). Figure: posts/s.
    Baseline (same process, a fresh fake with the same limit): the bare X client posting the
    same texts in a loop that sleeps until the reset on a 429 -- what the platform allows with no
    ledger at all. Details: duplicates at the fake (must be 0), 429 answers.

Run small: ``python -m bench social_publish --contacts 200000``.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.runner import Result, benchmark, config
from delivery.social import accounts as acc
from delivery.social import ledger
from delivery.social.errors import RateLimited
from delivery.social.oauth import TokenSet
from delivery.social.platforms.base import PostContent
from delivery.social.platforms.x import XClient
from delivery.social.publish import run_publisher
from delivery.store import open_store
from privacy.crypto import KeyRing, new_key

RATE = 5  # posts per 1-second window at the fake (the rate limit dominates)


def _fake_process(conn, rate: int) -> None:
    from tests.fakes.x_api import FakeX

    with FakeX(posts_per_window=rate, window=1.0) as fake:
        conn.send((fake.url, fake.user_id, fake.oauth.issue(ttl=None)))
        while True:
            msg = conn.recv()
            if msg == "stats":
                conn.send({"counts": dict(fake.counts()), "rate_limited": fake.rate_limited})
            else:
                return


class FakeXProcess:
    """The X fake in a child process (so it does not share the publisher's GIL)."""

    def __init__(self, rate: int) -> None:
        ctx = multiprocessing.get_context("fork")
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_fake_process, args=(child, rate), daemon=True)

    def __enter__(self) -> tuple[str, str, str]:
        self._proc.start()
        return self._conn.recv()

    def stats(self) -> dict[str, Any]:
        self._conn.send("stats")
        return self._conn.recv()

    def __exit__(self, *exc: Any) -> None:
        self._conn.send("stop")
        self._proc.join(5)
        if self._proc.is_alive():
            self._proc.kill()


def _texts(n: int) -> list[str]:
    return [f"Open day #{i}: meet the tutors of the spring intake" for i in range(n)]


def _bare_client(texts: list[str]) -> tuple[float, dict[str, Any]]:
    fake = FakeXProcess(RATE)
    url, user_id, token = fake.__enter__()
    client = XClient(url)
    try:
        t0 = time.perf_counter()
        for text in texts:
            while True:
                try:
                    client.publish(user_id, token, PostContent(text))
                    break
                except RateLimited as exc:
                    time.sleep(exc.retry_after.total_seconds())
        seconds = time.perf_counter() - t0
        return seconds, fake.stats()
    finally:
        client.close()
        fake.__exit__()


def _through_ledger(texts: list[str], scratch: Path) -> tuple[float, dict[str, Any]]:
    fake = FakeXProcess(RATE)
    url, user_id, token = fake.__enter__()
    store = open_store(f"sqlite:///{scratch / 'ops.sqlite'}", create=True)
    keys = KeyRing.parse(new_key("k1"), new_key("h1"))
    client = XClient(url)
    try:
        now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
        found = acc.Discovered("x", user_id, "@bench", TokenSet(token, None))
        account = acc.save_account(store, keys, found, actor="bench", now=now).account_id
        for i, text in enumerate(texts):
            ledger.schedule_post(store, post_key=f"p{i}", account_ids=[account],
                                 content=PostContent(text), scheduled_at=now, actor="bench",
                                 now=now, approved_by="bench-approver")  # fmt: skip
        t0 = time.perf_counter()
        published = ticks = 0
        while published < len(texts):
            tick = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            report = run_publisher(store, keys, {"x": client}, now=tick, batch=100)
            published += len(report.published)
            ticks += 1
            if not report.published:
                time.sleep(0.02)
        seconds = time.perf_counter() - t0
        stats = fake.stats()
        stats["ticks"] = ticks
        stats["states"] = ledger.counts(store)
        return seconds, stats
    finally:
        client.close()
        store.dispose()
        fake.__exit__()


@benchmark("social_publish")
def social_publish() -> Result:
    n = max(50, min(1000, config().contacts // 5000))
    texts = _texts(n)
    with tempfile.TemporaryDirectory() as scratch:
        ledger_s, ledger_stats = _through_ledger(texts, Path(scratch))
    bare_s, bare_stats = _bare_client(texts)
    dupes = sum(1 for c in ledger_stats["counts"].values() if c > 1)
    return Result(
        figure=n / ledger_s,
        unit="posts/s",
        baseline=n / bare_s,
        baseline_label=f"bare X client in a loop sleeping to the reset (fake: {RATE} posts/s window)",
        higher_is_better=True,
        details={
            "posts": n,
            "ledger_seconds": round(ledger_s, 3),
            "bare_seconds": round(bare_s, 3),
            "duplicates_at_fake": dupes,
            "published_at_fake": len(ledger_stats["counts"]),
            "ledger_states": ledger_stats["states"],
            "ledger_429s": ledger_stats["rate_limited"],
            "bare_429s": bare_stats["rate_limited"],
            "ticks": ledger_stats["ticks"],
        },
    )
