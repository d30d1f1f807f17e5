"""Benchmarks of the web channel: the tracking endpoint's throughput and the banner decision.

``tracking_collect``: the tracking app (:func:`tracking.app.create_app`) served by uvicorn on
127.0.0.1 in this process; 4 client threads (httpx, keep-alive) POST snippet bodies of two events
each (``session_start`` + ``page_view``, a fresh id per event, a signed link token) to
``/collect``, which validates, identifies and appends them to the landing zone. The figure is
events written per second; the baseline is a bare Starlette endpoint in the same process, on the
same server and port setup, that reads the same body and answers 204 (what HTTP alone costs).

``banner_decision``: :func:`tracking.banners.decide` for a known visitor against an index of
20 running campaigns' banners over 5 segments of 50,000 members each, with a visitor history of
impressions; the figure is the median decision time, the baseline the signed link token's
verification (:func:`tracking.links.read_contact`) that every ``/banners`` request pays before
deciding. The details give p99 and the median of a whole ``POST /banners`` over 127.0.0.1.

Every loop is bounded in count and time; traffic goes to 127.0.0.1 only.

Run::

    python -m bench tracking_collect banner_decision
    python -m bench.bench_web --requests 500     # quick look
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import tempfile
import threading
import time
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from bench.runner import Result, benchmark
from delivery.campaigns.banners import Banner
from tests.tracking.servers import ThreadServer, free_port
from tracking.app import create_app
from tracking.banners import ActiveBanner, BannerIndex, Seen, decide
from tracking.links import read_contact, sign_contact

KEY = b"bench-tracking-key"
SITE = "https://www.school.example"
CLIENTS = 4
TIME_LIMIT_S = 60.0


def _echo_app() -> Starlette:
    async def echo(request: Request) -> Response:
        await request.body()
        return Response(status_code=204)

    return Starlette(routes=[Route("/collect", echo, methods=["POST"])])


def _bodies(n: int, token: str, offset: int = 0) -> list[bytes]:
    now_ms = int(time.time() * 1000)
    return [
        json.dumps(
            {
                "consent": True,
                "pseudo_id": f"{i:016x}.1764928800",
                "session_id": 1764928800,
                "link_token": token,
                "page_location": f"{SITE}/courses/data?utm_source=newsletter&utm_medium=email",
                "page_title": "Data Analytics",
                "events": [
                    {"name": "session_start", "id": f"{2 * i:016x}", "ts": now_ms},
                    {"name": "page_view", "id": f"{2 * i + 1:016x}", "ts": now_ms + 1},
                ],
            }
        ).encode()
        for i in range(offset, offset + n)
    ]


def _hammer(base: str, bodies: list[bytes]) -> float:
    """POST every body with CLIENTS threads (keep-alive); return the seconds it took."""
    chunks = [bodies[i::CLIENTS] for i in range(CLIENTS)]
    deadline = time.monotonic() + TIME_LIMIT_S
    failures: list[int] = []

    def worker(chunk: list[bytes]) -> None:
        with httpx.Client(base_url=base, headers={"Origin": SITE}) as client:
            for body in chunk:
                if time.monotonic() > deadline:
                    failures.append(-1)
                    return
                status = client.post("/collect", content=body).status_code
                if status != 204:
                    failures.append(status)

    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    began = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    took = time.perf_counter() - began
    if failures:
        raise RuntimeError(f"{len(failures)} requests failed or timed out: {failures[:5]}")
    return took


def run_collect(requests: int) -> dict:
    token = sign_contact("c_0000042", KEY, now=dt.datetime.now(dt.UTC))
    bodies = _bodies(requests, token)
    with tempfile.TemporaryDirectory() as tmp:
        landing = Path(tmp) / "landing"
        app_port, echo_port = free_port(), free_port()
        tracking = create_app(landing, key=KEY, allowed_origins=[SITE])
        with ThreadServer(tracking, app_port), ThreadServer(_echo_app(), echo_port):
            warm = _bodies(50, token, offset=requests)  # warm up both (other event ids)
            _hammer(f"http://127.0.0.1:{echo_port}", warm)
            _hammer(f"http://127.0.0.1:{app_port}", warm)
            echo_s = _hammer(f"http://127.0.0.1:{echo_port}", bodies)
            app_s = _hammer(f"http://127.0.0.1:{app_port}", bodies)
        written = sum(
            len(f.read_text().splitlines()) for f in landing.glob("web/*/events-live.jsonl")
        )
    if written != 2 * (requests + 50):
        raise RuntimeError(f"expected {2 * requests + 100} events landed, found {written}")
    return {
        "events_per_s": 2 * requests / app_s,
        "echo_events_per_s": 2 * requests / echo_s,
        "requests": requests,
        "collect_s": round(app_s, 3),
        "echo_s": round(echo_s, 3),
    }


def _index(members_per_segment: int = 50_000) -> BannerIndex:
    segments = [f"segment_{s}" for s in range(5)]
    members = {
        s: frozenset(f"c_{i:07d}" for i in range(k * 10_000, k * 10_000 + members_per_segment))
        for k, s in enumerate(segments)
    }
    banners = []
    for c in range(20):
        banner = Banner.model_validate(
            {
                "id": "strip",
                "kind": "banner" if c % 2 else "popup",
                "cta_url": "https://www.example.edu/open-day",
                "cap": {"impressions": 3, "per": "1d"},
                "locales": {
                    "en": {"title": f"Open day {c}", "cta_label": "Book"},
                    "fr": {"title": f"Portes ouvertes {c}", "cta_label": "Réserver"},
                },
            }
        )
        include = frozenset({segments[c % 5]})
        exclude = frozenset({segments[(c + 1) % 5]})
        banners.append(ActiveBanner(f"campaign_{c:02d}", banner, include, exclude))
    return BannerIndex(tuple(banners), members)


def run_decision(n: int) -> dict:
    index = _index()
    now = dt.datetime.now(dt.UTC)
    token = sign_contact("c_0015000", KEY, now=now)
    epoch = int(now.timestamp())
    history = {f"campaign_{c:02d}.strip": Seen((epoch - 7200, epoch - 60)) for c in range(0, 20, 3)}
    languages = ["fr-FR", "fr", "en"]

    def timed(fn) -> list[float]:
        out = []
        deadline = time.monotonic() + TIME_LIMIT_S
        for _ in range(n):
            began = time.perf_counter_ns()
            fn()
            out.append((time.perf_counter_ns() - began) / 1000)
            if time.monotonic() > deadline:
                break
        return sorted(out)

    shown = decide(index, "c_0015000", languages=languages, history=history, now=now)
    assert shown, "the benchmark visitor must see a banner"
    decisions = timed(
        lambda: decide(index, "c_0015000", languages=languages, history=history, now=now)
    )
    verify = timed(lambda: read_contact(token, KEY, now=now))

    class _Fixed:
        def current(self):
            return index

    with tempfile.TemporaryDirectory() as tmp:
        port = free_port()
        app = create_app(Path(tmp), key=KEY, allowed_origins=[SITE], banners=_Fixed())
        body = json.dumps({"consent": True, "link_token": token, "languages": languages})
        with ThreadServer(app, port), httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            http = []
            for _ in range(min(n, 2000)):
                began = time.perf_counter_ns()
                answer = client.post("/banners", content=body, headers={"Origin": SITE})
                http.append((time.perf_counter_ns() - began) / 1000)
                assert answer.status_code == 200 and answer.json()["banners"]
    return {
        "decision_p50_us": statistics.median(decisions),
        "decision_p99_us": decisions[int(0.99 * (len(decisions) - 1))],
        "verify_p50_us": statistics.median(verify),
        "http_banners_p50_us": statistics.median(http),
        "http_banners_p99_us": sorted(http)[int(0.99 * (len(http) - 1))],
        "decisions": len(decisions),
    }


@benchmark("tracking_collect")
def tracking_collect() -> Result:
    d = run_collect(3000)
    return Result(
        figure=d["events_per_s"],
        unit="events/s",
        baseline=d["echo_events_per_s"],
        baseline_label="bare Starlette echo endpoint, same server and clients",
        details=d,
    )


@benchmark("banner_decision")
def banner_decision() -> Result:
    d = run_decision(20_000)
    return Result(
        figure=d["decision_p50_us"],
        unit="µs (median)",
        baseline=d["verify_p50_us"],
        baseline_label="verifying the visitor's signed link token (paid by every request)",
        higher_is_better=False,
        details=d,
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=500)
    args = parser.parse_args()
    print(run_collect(args.requests))
    print(run_decision(args.requests * 4))
