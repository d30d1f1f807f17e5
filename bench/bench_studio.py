"""Benchmarks of the Campaign Studio.

``studio_list_page``: server time (p50/p95 of 40 requests, in-process, rendering included) of
``GET /campaigns`` with 100 campaigns whose ledger holds ``--contacts`` messages between them (all
accepted and charged, as the engine leaves them; the ``spent`` counter kept by the ledger's
triggers) and whose marts (performance and health, one row per campaign, channel and day over
``--days`` days) sit in a DuckDB warehouse; baseline: the ledger scan the list used to run for
the budget spent (``delivery.counters.spent_by_ledger_scan`` over the 100 campaigns), in the same
process on the same store.

``studio_live_latency`` / ``studio_live_latency_postgres``: a SendGrid "open" event POSTed to the
webhooks app (uvicorn) until the changed "opened" number arrives at a WebSocket client of the
studio (uvicorn) -- what the browser's script writes to the screen on receipt; p95 of 40 events
(p50 in the details); SQLite ops store (the studio reads every 0.25 s) or Postgres (woken by the
webhook's NOTIFY); baseline: the webhook POST alone (the event applied to the ops store).

``studio_ws_fanout``: 100 WebSocket clients watching one campaign; p95 over clients and 10
events of event → message; baseline: the same with one client.

Synthetic data (numpy, fixed seed), SQLite ops store. Run::

    python -m bench studio_list_page studio_live_latency studio_ws_fanout --contacts 20000 --days 30
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import httpx
import numpy as np
import pandas as pd
import uvicorn
import yaml
from starlette.testclient import TestClient
from websockets.sync.client import connect as ws_connect

from bench.runner import Result, benchmark, config, throwaway_postgres
from delivery import identity
from delivery.campaigns import lifecycle
from delivery.campaigns.validation import validate_campaign
from delivery.counters import spent_amounts, spent_by_ledger_scan
from delivery.dispatch import dispatch
from delivery.ledger import Ledger, LedgerKey
from delivery.messages import EmailMessage
from delivery.providers.sandbox import SandboxProvider
from delivery.store import open_store
from delivery.webhooks.app import create_app as webhooks_app
from studio.app import create_app
from studio.config import REPO, StudioConfig

NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)
EXAMPLE = REPO / "delivery" / "campaigns" / "examples" / "spring_enrollment.yml"
CAMPAIGNS = 100


def _p(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def _ms_p95(
    samples: list[float], baseline: list[float], unit: str, label: str, **details
) -> Result:
    """p95 of ``samples`` beside the p95 of ``baseline`` (seconds in, milliseconds out)."""
    return Result(
        figure=_p(samples, 95) * 1000,
        unit=f"ms p95{unit}",
        baseline=_p(baseline, 95) * 1000,
        baseline_label=label,
        higher_is_better=False,
        details={"p50_ms": _p(samples, 50) * 1000, **details},
    )


@contextlib.contextmanager
def _scratch(name: str) -> Iterator[Path]:
    folder = config().data_dir / "bench" / name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _warehouse(path: Path, ids: list[str], days: int) -> None:
    rng = np.random.default_rng(42)
    rows = [(c, ch, d) for c in ids for ch in ("email", "sms") for d in range(days)]
    n = len(rows)
    sends = rng.integers(50, 500, n)
    perf = pd.DataFrame(
        {
            "campaign_id": [r[0] for r in rows],
            "channel": [r[1] for r in rows],
            "variant_id": None,
            "performance_date": [dt.date(2026, 1, 1) + dt.timedelta(days=r[2]) for r in rows],
            "sends": sends,
            "deliveries": (sends * 0.97).astype(int),
            "unique_opens": (sends * 0.3).astype(int),
            "unique_clicks": (sends * 0.05).astype(int),
            "bounces": (sends * 0.03).astype(int),
            "unsubscribes": (sends * 0.002).astype(int),
            "conversions": (sends * 0.01).astype(int),
            "revenue_amount": sends * 2.0,
            "spend_amount": sends * 0.01,
        }
    )
    health = perf[perf["channel"] == "email"][["campaign_id", "performance_date"]].rename(
        columns={"performance_date": "health_date"}
    )
    health["health_score"] = rng.uniform(20, 95, len(health))
    with duckdb.connect(str(path)) as con:
        con.register("perf", perf)
        con.register("health", health)
        con.execute("CREATE TABLE fct_campaign_performance AS SELECT * FROM perf")
        con.execute("CREATE TABLE fct_campaign_health AS SELECT * FROM health")


def _render(row) -> EmailMessage:
    return EmailMessage(
        ledger_id=row.ledger_id, to=row.to_address, from_email="news@academy.example.edu",
        from_name="Academy", subject="Hello", html="<p>Hi</p>", text="Hi",
    )  # fmt: skip


def _ledger(store, ids: list[str], per: int) -> None:
    """``per`` accepted messages for each campaign, costed as the engine charges them, written
    set-based (a recursive CTE; 1M ``LedgerKey`` objects would cost more than the benchmark)."""
    at = NOW.replace(tzinfo=None).isoformat(sep=" ")
    with store.begin() as conn:
        for n, cid in enumerate(ids):
            conn.exec_driver_sql(
                """WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < ?)
                INSERT INTO send_ledger (ledger_id, campaign_id, step_id, contact_id, channel,
                    occurrence, to_address, provider, state, attempts, created_at, updated_at,
                    submitted_at, cost_amount)
                SELECT ? || ':invite:c_' || printf('%07d', ? + i) || ':email:1', ?, 'invite',
                    'c_' || printf('%07d', ? + i), 'email', 1, 'l' || (? + i) || '@example.edu',
                    'sandbox', 'submitted', 1, ?, ?, ?, 0.001
                FROM seq""",
                (per - 1, cid, n * per, cid, n * per, n * per, at, at, at),
            )


def _setup(folder: Path, messages: int, days: int, store_url: str | None = None):
    store_url = store_url or f"sqlite:///{folder / 'ops.sqlite'}"
    store = open_store(store_url, create=True)
    doc = yaml.safe_load(EXAMPLE.read_text())
    ids = [f"cmp_{i:03d}" for i in range(CAMPAIGNS)]
    for cid in ids:
        lifecycle.apply_campaign(
            store, validate_campaign({**doc, "campaign_id": cid, "name": f"Campaign {cid}"}),
            actor="bench", now=NOW,
        )  # fmt: skip
    if messages:
        _ledger(store, ids, max(messages // CAMPAIGNS, 1))
    user = identity.add_user(
        store, "bench", "bench@example.edu", actor="bench", now=NOW, roles=["marketer"]
    )
    cookie, _ = identity.start_session(store, user, now=NOW)
    warehouse = folder / "warehouse.duckdb"
    _warehouse(warehouse, ids, days)
    config_ = StudioConfig(
        store_url=store_url, warehouse_path=warehouse,
        clock=lambda: NOW,
    )  # fmt: skip
    return store, config_, cookie, ids


def _timed(fn, n: int = 40) -> list[float]:
    out = []
    for _ in range(n):
        began = time.perf_counter()
        fn()
        out.append(time.perf_counter() - began)
    return out


@benchmark("studio_list_page")
def list_page() -> Result:
    cfg = config()
    with _scratch("studio_list") as folder:
        store, studio_config, cookie, ids = _setup(folder, cfg.contacts, min(cfg.days, 365))
        client = TestClient(create_app(studio_config), cookies={"studio_session": cookie})
        assert client.get("/campaigns").status_code == 200  # warm: snapshot opened once

        def get(path: str = "/campaigns") -> str:
            r = client.get(path)
            assert r.status_code == 200
            return r.text

        assert get().count('href="/campaigns/cmp_') == CAMPAIGNS
        assert f"{cfg.contacts // CAMPAIGNS * 0.001:.2f} / " in get()  # spend from the counter
        page = _timed(get)
        search = _timed(lambda: get("/campaigns?q=cmp_04&status=draft"))

        def scan() -> None:
            with store.engine.connect() as conn:
                spent_by_ledger_scan(conn, ids)

        def kept() -> None:
            with store.engine.connect() as conn:
                spent_amounts(conn, ids)

        baseline, counter = _timed(scan, 10), _timed(kept)
        client.close()
        store.dispose()
    return Result(
        figure=_p(page, 95) * 1000,
        unit="ms p95 server time",
        baseline=_p(baseline, 95) * 1000,
        baseline_label="the old ledger scan for spend alone (spent_by_ledger_scan, 100 campaigns)",
        higher_is_better=False,
        details={
            "p50_ms": _p(page, 50) * 1000,
            "baseline_p50_ms": _p(baseline, 50) * 1000,
            "counter_query_p95_ms": _p(counter, 95) * 1000,
            "filtered_search_p95_ms": _p(search, 95) * 1000,
            "campaigns": CAMPAIGNS,
            "ledger_rows": (cfg.contacts // CAMPAIGNS) * CAMPAIGNS,
        },
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def _serve(app) -> Iterator[str]:
    port = _free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.02)
    try:
        yield f"127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextlib.contextmanager
def _live_setup(events: int, store_url: str | None = None) -> Iterator[tuple]:
    with _scratch("studio_live") as folder:
        store, studio_config, cookie, _ = _setup(folder, 0, 7, store_url)
        keys = [
            LedgerKey("live", "invite", f"c_{i:07d}", "email", to_address=f"w{i}@example.edu")
            for i in range(events)
        ]
        doc = yaml.safe_load(EXAMPLE.read_text())
        lifecycle.apply_campaign(
            store, validate_campaign({**doc, "campaign_id": "live"}), actor="bench", now=NOW
        )
        Ledger(store).enqueue(keys, now=NOW)
        dispatch(store, SandboxProvider(folder / "outbox"), render=_render, now=NOW)
        hooks = webhooks_app(
            store, folder / "landing", unsubscribe_secret="s" * 32,
            public_base_url="http://127.0.0.1", sendgrid_token="t",
        )  # fmt: skip
        with _serve(create_app(studio_config)) as studio, _serve(hooks) as hooks_at:
            yield keys, studio, hooks_at, cookie
        store.dispose()


def _event(key: LedgerKey, n: int) -> list[dict]:
    """A SendGrid open: moves the message to delivered and counts an opened message."""
    return [{"email": key.to_address, "timestamp": 1772442000 + n, "event": "open",
             "sg_event_id": f"b{n}", "sg_message_id": f"m{n}.x", "ledger_id": key.ledger_id}]  # fmt: skip


def _watch(studio: str, cookie: str):
    return ws_connect(
        f"ws://{studio}/ws/campaigns/live/live",
        additional_headers={"Cookie": f"studio_session={cookie}", "Origin": f"http://{studio}"},
    )


def _latency(store_url: str | None, label: str) -> Result:
    events = 40
    with _live_setup(events, store_url) as (keys, studio, hooks, cookie), httpx.Client() as http:
        ws = _watch(studio, cookie)
        json.loads(ws.recv())
        latencies, posts = [], []
        for n, key in enumerate(keys):
            began = time.perf_counter()
            http.post(f"http://{hooks}/sendgrid/events?token=t", json=_event(key, n))
            posts.append(time.perf_counter() - began)
            while json.loads(ws.recv(timeout=30))["opened"] < n + 1:
                pass
            latencies.append(time.perf_counter() - began)
        ws.close()
    return _ms_p95(
        latencies, posts, " webhook -> WebSocket",
        "the webhook POST alone (event applied to the ops store)", events=events,
        store=label, poll_interval_ms=250,
    )  # fmt: skip


@benchmark("studio_live_latency")
def live_latency() -> Result:
    return _latency(None, "sqlite (polled every 0.25 s)")


@benchmark("studio_live_latency_postgres")
def live_latency_postgres() -> Result:
    with throwaway_postgres("studio_live") as url:
        return _latency(url, "postgres (LISTEN/NOTIFY)")


def _fanout(clients: int, rounds: int = 10) -> list[float]:
    with _live_setup(rounds) as (keys, studio, hooks, cookie), httpx.Client() as http:
        sockets = [_watch(studio, cookie) for _ in range(clients)]
        for ws in sockets:
            ws.recv()
        out: list[float] = []
        for n, key in enumerate(keys):
            got = [0.0] * clients

            def wait(i: int, ws, n=n, got=got) -> None:
                while json.loads(ws.recv(timeout=30))["opened"] < n + 1:
                    pass
                got[i] = time.perf_counter()

            threads = [threading.Thread(target=wait, args=(i, ws)) for i, ws in enumerate(sockets)]
            for t in threads:
                t.start()
            began = time.perf_counter()
            http.post(f"http://{hooks}/sendgrid/events?token=t", json=_event(key, n))
            for t in threads:
                t.join()
            out += [g - began for g in got]
        for ws in sockets:
            ws.close()
    return out


@benchmark("studio_ws_fanout")
def ws_fanout() -> Result:
    many = _fanout(100)
    one = _fanout(1)
    return _ms_p95(
        many, one, " event -> each of 100 clients", "the same with 1 client", clients=100, events=10
    )
