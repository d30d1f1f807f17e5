"""The tracking app through HTTP: consent, identification by signed link, hostile input, ingest."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest
from starlette.testclient import TestClient

from enrollflow.ingest import ingest_source
from tracking.app import create_app
from tracking.links import LinkTokenError, read_contact, sign_contact

KEY = b"tracking-test-key"
SITE = "https://www.school.example"
NOW = dt.datetime(2026, 12, 5, 10, 0)
PHONE_UA = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148"


@pytest.fixture
def landing(tmp_path: Path) -> Path:
    return tmp_path / "landing"


@pytest.fixture
def client(landing: Path) -> TestClient:
    return TestClient(create_app(landing, key=KEY, allowed_origins=[SITE], clock=lambda: NOW))


def _body(**over) -> dict:
    ms = int((NOW - dt.datetime(1970, 1, 1)).total_seconds() * 1000)
    body = {
        "consent": True,
        "pseudo_id": "0a1b2c3d4e5f6a7b.1764928800",
        "session_id": 1764928800,
        "link_token": None,
        "page_location": f"{SITE}/courses/data-analytics?utm_source=newsletter&utm_medium=email"
        "&utm_campaign=spring&email=ana%40x.edu&eft=leaked",
        "page_referrer": "https://mail.google.com/",
        "page_title": "Data Analytics",
        "events": [
            {"name": "session_start", "id": "00aa11bb22cc33dd", "ts": ms},
            {"name": "page_view", "id": "00aa11bb22cc33de", "ts": ms + 1},
        ],
    }
    return body | over


def _post(client: TestClient, body, origin: str = SITE, **kw):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return client.post(
        "/collect",
        content=data,
        headers={"Origin": origin, "Content-Type": "application/json", "User-Agent": PHONE_UA},
        **kw,
    )


def _landed(landing: Path) -> list[dict]:
    files = sorted(landing.glob("web/*/events-live.jsonl"))
    return [json.loads(line) for f in files for line in f.read_text().splitlines()]


def test_a_consented_visit_from_a_message_link_lands_as_a_known_contact(client, landing):
    token = sign_contact("c_0000042", KEY, now=NOW)
    assert _post(client, _body(link_token=token)).status_code == 204
    session_start, page_view = _landed(landing)
    assert session_start["event_name"] == "session_start" and page_view["event_name"] == "page_view"
    assert page_view["user_id"] == "c_0000042"
    assert page_view["utm_source"] == "newsletter" and page_view["utm_campaign"] == "spring"
    assert page_view["device_category"] == "mobile"
    # neither the link token nor personal data in the query are kept
    assert "eft=" not in page_view["page_location"] and "x.edu" not in page_view["page_location"]
    assert page_view["page_location"].startswith(f"{SITE}/courses/data-analytics?utm_source=")


def test_without_consent_nothing_is_kept(client, landing):
    assert _post(client, _body(consent=False)).status_code == 204
    assert _landed(landing) == []


def test_a_forged_or_expired_token_leaves_the_visitor_anonymous(client, landing):
    forged = sign_contact("c_0000042", b"another-key", now=NOW)
    expired = sign_contact("c_0000042", KEY, now=NOW - dt.timedelta(days=91))
    for token in (forged, expired, "x" * 5000, "abc.def"):
        assert _post(client, _body(link_token=token)).status_code == 204
    assert {r["user_id"] for r in _landed(landing)} == {None}
    with pytest.raises(LinkTokenError, match="expired"):
        read_contact(expired, KEY, now=NOW)


def test_only_the_sites_origins_may_post(client, landing):
    assert _post(client, _body(), origin="https://evil.example").status_code == 403
    pre = client.options(
        "/collect", headers={"Origin": SITE, "Access-Control-Request-Method": "POST"}
    )
    assert pre.status_code == 204 and pre.headers["access-control-allow-origin"] == SITE
    assert _landed(landing) == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b"{not json", "body"),
        ([1, 2], "body"),
        (_body(pseudo_id="ana@x.edu"), "pseudo_id"),
        (_body(session_id=True), "session_id"),
        (_body(events=[]), "events"),
        (_body(events=[{"name": "purchase", "id": "00aa11bb22cc33dd"}]), "events[].name"),
        (_body(events=[{"name": "page_view", "id": "<script>"}]), "events[].id"),
        (_body(page_location="javascript:alert(1)"), "page_location"),
        (_body(page_location=SITE + "/?" + "a" * 3000), "page_location"),
    ],
)
def test_bad_bodies_are_refused_naming_the_field(client, landing, body, field):
    response = _post(client, body)
    assert response.status_code == 400
    assert response.json()["error"].startswith(field)
    assert _landed(landing) == []


def test_an_oversized_body_is_refused_while_streaming(client, landing):
    def chunks():
        for _ in range(64):
            yield b" " * 1024

    response = client.post(
        "/collect", content=chunks(), headers={"Origin": SITE, "Content-Type": "application/json"}
    )
    assert response.status_code == 413 and _landed(landing) == []


def test_a_replayed_post_is_ingested_once(client, landing, tmp_path):
    token = sign_contact("c_0000042", KEY, now=NOW)
    for _ in range(3):  # a retried beacon, a replay
        assert _post(client, _body(link_token=token)).status_code == 204
    assert len(_landed(landing)) == 2
    with duckdb.connect(str(tmp_path / "warehouse.duckdb")) as con:
        result = ingest_source(con, landing, "web", NOW.date(), NOW.date(), NOW)
        rows = con.execute(
            "select event_name, user_id, utm_source from raw_web__events order by event_name"
        ).fetchall()
    assert result.rejects == {"raw_web__events": 0, "raw_web__banner_events": 0}
    assert rows == [
        ("page_view", "c_0000042", "newsletter"),
        ("session_start", "c_0000042", "newsletter"),
    ]


def test_the_snippet_is_served_as_a_cacheable_script(client):
    response = client.get("/t.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/javascript")
    assert "enrollflow_consent" in response.text and "eval(" not in response.text
