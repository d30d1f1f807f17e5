"""Benchmark of the studio's Reports page on the demo's business.

``studio_report``: wall seconds of what a marketer's browser asks for when they open one report
in the studio -- ``GET /reports`` (the page), ``GET /reports/view`` (its frame) and
``GET /reports/pdf`` (Download PDF) -- in-process through the app, for the last 30 days of every
campaign, on the warehouse snapshot ``make demo`` publishes (``data/warehouse.snapshot.duckdb``:
20,000 contacts over 180 days; run ``make demo`` first). Median of 5 rounds, each on a fresh
app (an empty report cache). Baseline, same process: the same three requests with the cache
off (``ReportCache(size=0)``: every request builds the report again, as a page without the
cache would). In the details: each request's seconds (the page checks the request and builds
nothing; the frame builds the report; the PDF prints it). Run::

    python -m bench studio_report
"""

from __future__ import annotations

import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from starlette.testclient import TestClient

from bench.runner import Result, benchmark
from delivery import identity
from delivery.store import open_store
from enrollflow.settings import get_settings
from enrollflow.snapshot import snapshot_path
from studio.app import create_app
from studio.config import StudioConfig
from studio.reporting import ReportCache

NOW = dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)
ROUNDS = 5
QUERY = "period=month&campaign="


def _client(folder: Path, warehouse: Path, cache_size: int) -> TestClient:
    url = f"sqlite:///{folder / 'ops.sqlite'}"
    store = open_store(url, create=True)
    if not identity.get_user(store, "bench"):
        identity.add_user(store, "bench", "b@example.edu", actor="bench", now=NOW, roles=["viewer"])
    user = identity.get_user(store, "bench")
    cookie, _ = identity.start_session(store, user, now=NOW)
    store.dispose()
    app = create_app(StudioConfig(store_url=url, warehouse_path=warehouse, clock=lambda: NOW))
    app.state.studio.reports = ReportCache(size=cache_size)
    return TestClient(app, cookies={"studio_session": cookie})


def _round(folder: Path, warehouse: Path, cache_size: int) -> dict[str, float]:
    client = _client(folder, warehouse, cache_size)
    laps = {}
    for name, path in (("page", "/reports"), ("frame", "/reports/view"), ("pdf", "/reports/pdf")):
        began = time.perf_counter()
        r = client.get(f"{path}?{QUERY}")
        laps[name] = time.perf_counter() - began
        assert r.status_code == 200, (path, r.status_code, r.text[:200])
    client.close()
    return {**laps, "total": sum(laps.values())}


@benchmark("studio_report")
def studio_report() -> Result:
    """One report opened in the studio (page, frame, PDF), cached vs built per request."""
    warehouse = snapshot_path(get_settings().warehouse)
    if not warehouse.exists():
        raise SystemExit(
            f"studio_report reads the demo's warehouse snapshot ({warehouse}): run make demo first"
        )
    with tempfile.TemporaryDirectory() as tmp:
        _round(Path(tmp), warehouse, 8)  # warm: imports, fonts, the snapshot's pages
        cached = [_round(Path(tmp), warehouse, 8) for _ in range(ROUNDS)]
        uncached = [_round(Path(tmp), warehouse, 0) for _ in range(ROUNDS)]

    def median(rounds: list[dict[str, float]], key: str) -> float:
        return round(statistics.median(r[key] for r in rounds), 3)

    return Result(
        figure=median(cached, "total"),
        unit="s (page + frame + PDF)",
        baseline=median(uncached, "total"),
        baseline_label="the same three requests building the report each time (no cache)",
        higher_is_better=False,
        details={
            **{f"{k}_s": median(cached, k) for k in ("page", "frame", "pdf")},
            **{f"uncached_{k}_s": median(uncached, k) for k in ("page", "frame", "pdf")},
            "rounds": ROUNDS,
            "warehouse": str(warehouse),
        },
    )
