"""The snippet in a real browser (Debian's headless Chromium) on a page with a strict CSP.

A school's page on one origin loads /t.js from the tracking app on another. With consent, the visit
lands as GA4-like events identified by the signed link token, and the token leaves the address bar;
without consent nothing is sent.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from tests.tracking.servers import ThreadServer, free_port
from tracking.app import create_app
from tracking.links import sign_contact

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
KEY = b"browser-test-key"

CONSENT_JS = """
if (new URL(location.href).searchParams.get("consent") === "1") {
  document.cookie = "enrollflow_consent=granted; Path=/; SameSite=Lax";
}
setTimeout(function () { document.body.setAttribute("data-href", location.href); }, 1500);
"""


def _site(tracker: str) -> Starlette:
    csp = f"default-src 'self'; script-src 'self' {tracker}; connect-src {tracker}"

    async def page(request):
        html = (
            "<!doctype html><html><head><title>Data Analytics</title>"
            '<script src="/consent.js"></script>'
            f'<script src="{tracker}/t.js" data-endpoint="{tracker}/collect" async></script>'
            "</head><body><h1>Data Analytics</h1></body></html>"
        )
        return HTMLResponse(html, headers={"Content-Security-Policy": csp})

    async def consent(request):
        return Response(CONSENT_JS, media_type="application/javascript")

    return Starlette(routes=[Route("/courses/data", page), Route("/consent.js", consent)])


def _visit(url: str, profile: Path) -> str:
    done = subprocess.run(
        [CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={profile}", "--virtual-time-budget=8000", "--dump-dom", url],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


@pytest.fixture
def servers(tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is required (.ci/run installs Debian's chromium package)")
    site_port, tracker_port = free_port(), free_port()
    site, tracker = f"http://127.0.0.1:{site_port}", f"http://127.0.0.1:{tracker_port}"
    landing = tmp_path / "landing"
    app = create_app(landing, key=KEY, allowed_origins=[site])
    with ThreadServer(app, tracker_port), ThreadServer(_site(tracker), site_port):
        yield site, landing


def _landed(landing: Path, wait: float = 10.0) -> list[dict]:
    deadline = time.monotonic() + wait
    while True:
        files = sorted(landing.glob("web/*/events-live.jsonl"))
        rows = [json.loads(line) for f in files for line in f.read_text().splitlines()]
        if rows or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)


def test_a_consented_visit_from_an_email_link_is_tracked(servers, tmp_path):
    site, landing = servers
    token = sign_contact("c_0000042", KEY, now=dt.datetime.now(dt.UTC))
    dom = _visit(
        f"{site}/courses/data?consent=1&utm_source=newsletter&eft={token}", tmp_path / "p1"
    )
    rows = _landed(landing)
    assert [r["event_name"] for r in rows] == ["session_start", "page_view"]
    view = rows[-1]
    assert view["user_id"] == "c_0000042"
    assert view["utm_source"] == "newsletter" and view["page_title"] == "Data Analytics"
    assert "eft=" not in view["page_location"]
    # the token has left the address bar too (what a visitor would copy and share)
    assert 'data-href="' in dom and "eft=" not in dom.split('data-href="')[1].split('"')[0]


def test_without_consent_the_browser_sends_nothing(servers, tmp_path):
    site, landing = servers
    _visit(f"{site}/courses/data?utm_source=newsletter", tmp_path / "p2")
    assert _landed(landing, wait=3.0) == []
