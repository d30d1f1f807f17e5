"""The web channel's decision through the tracking app's HTTP API (``POST /banners``) and its events.

Banners come from campaigns running in the ops store and members from the warehouse's published
snapshot; the visitor's history (impressions, dismissals) applies the cap and the dismissal;
hostile bodies are refused naming the field. Campaign files with banners are validated.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest
import yaml
from starlette.testclient import TestClient

from delivery.campaigns import lifecycle
from delivery.campaigns.errors import CampaignFileError
from delivery.campaigns.validation import validate_campaign
from delivery.store import open_store
from enrollflow.snapshot import snapshot_path
from segments.history import ensure_tables
from segments.warehouse import Warehouse
from tests.journeys.conftest import launch
from tracking.app import create_app
from tracking.banners import BannerSource, current_members
from tracking.links import sign_contact

KEY = b"banner-test-key"
SITE = "https://www.school.example"
NOW = dt.datetime(2026, 12, 5, 10, 0)
EXAMPLE = Path(__file__).resolve().parents[2] / "delivery/campaigns/examples/open_day_web.yml"
SEGMENT = "course_browsers_no_application_7d"


def _doc() -> dict:
    return yaml.safe_load(EXAMPLE.read_text())


@pytest.fixture
def env(tmp_path):
    store = open_store(f"sqlite:///{tmp_path / 'ops.sqlite'}", create=True)
    launch(store, _doc(), audience_size=10)
    warehouse = tmp_path / "warehouse.duckdb"
    with duckdb.connect(str(snapshot_path(warehouse))) as con:
        ensure_tables(Warehouse(con))
        con.execute(
            f"INSERT INTO segment_memberships VALUES ('{SEGMENT}', 'c_1', TIMESTAMP '2026-01-01', NULL)"
        )
    source = BannerSource(store, snapshot_path(warehouse), ttl=dt.timedelta(0))
    app = create_app(
        tmp_path / "landing", key=KEY, allowed_origins=[SITE], clock=lambda: NOW, banners=source
    )
    yield {"client": TestClient(app), "store": store, "warehouse": warehouse, "tmp": tmp_path}
    store.dispose()


def _ask(client, contact: str | None = "c_1", origin: str = SITE, **over):
    body = {
        "consent": True,
        "pseudo_id": "0a1b2c3d4e5f6a7b.1764928800",
        "link_token": sign_contact(contact, KEY, now=NOW) if contact else None,
        "languages": ["en-GB", "en"],
        "history": {},
    } | over
    data = body if isinstance(body, bytes) else json.dumps(body)
    return client.post("/banners", content=data, headers={"Origin": origin})


def test_a_member_gets_the_banner_ready_to_render_with_utm_on_its_call_to_action(env):
    answer = _ask(env["client"])
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    [banner] = answer.json()["banners"]
    assert banner["key"] == "open_day_web.open_day_strip" and banner["kind"] == "banner"
    assert (banner["title"], banner["locale"]) == ("Open day this Saturday", "en")
    assert banner["cta_url"] == (
        "https://www.example.edu/open-day?utm_source=enrollflow&utm_medium=web_banner"
        "&utm_campaign=open_day_web&utm_content=open_day_strip"
    )
    assert banner["cap"] == {"impressions": 2, "per_seconds": 86400}
    fr = _ask(env["client"], languages=["fr-CA"]).json()["banners"][0]
    assert (fr["locale"], fr["cta_label"]) == ("fr", "Réserver")


def test_others_anonymous_and_unconsented_visitors_get_nothing(env):
    client = env["client"]
    assert _ask(client, contact="c_2").json() == {"banners": []}
    assert _ask(client, contact=None).json() == {"banners": []}
    assert _ask(client, consent=False).json() == {"banners": []}
    assert _ask(client, link_token="forged.token").json() == {"banners": []}


def test_the_cap_counts_recent_impressions_and_a_dismissal_is_final(env):
    now = int(NOW.replace(tzinfo=dt.UTC).timestamp())
    key = "open_day_web.open_day_strip"
    client = env["client"]
    capped = {key: {"shown": [now - 60, now - 3600], "dismissed": False}}
    assert _ask(client, history=capped).json()["banners"] == []
    yesterday = {key: {"shown": [now - 90_000, now - 3600], "dismissed": False}}
    assert len(_ask(client, history=yesterday).json()["banners"]) == 1
    dismissed = {key: {"shown": [now - 90_000], "dismissed": True}}
    assert _ask(client, history=dismissed).json()["banners"] == []


def test_a_paused_campaign_or_a_new_snapshot_changes_the_answer(env):
    client = env["client"]
    lifecycle.pause(env["store"], "open_day_web", actor="maria", now=NOW, reason="test")
    assert _ask(client).json()["banners"] == []
    lifecycle.resume(env["store"], "open_day_web", actor="maria", now=NOW)
    assert len(_ask(client).json()["banners"]) == 1
    # the pipeline publishes a snapshot where c_1 left the segment
    snapshot = snapshot_path(env["warehouse"])
    replacement = env["tmp"] / "next.duckdb"
    with duckdb.connect(str(replacement)) as con:
        ensure_tables(Warehouse(con))
    replacement.replace(snapshot)
    assert _ask(client).json()["banners"] == []
    assert current_members(env["tmp"] / "missing.duckdb", {SEGMENT}) == {}


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"history": []}, "history"),
        ({"history": {"not a key": {}}}, "history"),
        ({"history": {"a.b": {"shown": list(range(11))}}}, "history.a.b.shown"),
        ({"history": {"a.b": {"shown": ["yesterday"]}}}, "history.a.b.shown"),
        ({"history": {"a.b": {"dismissed": "yes"}}}, "history.a.b.dismissed"),
        ({"history": {f"c.b{i}": {} for i in range(21)}}, "history"),
        ({"languages": "en"}, "languages"),
    ],
)
def test_hostile_bodies_are_refused_naming_the_field(env, over, field):
    answer = _ask(env["client"], **over)
    assert answer.status_code == 400 and answer.json()["error"].startswith(field)


def test_foreign_origins_huge_and_malformed_bodies_are_refused(env):
    client = env["client"]
    assert _ask(client, origin="https://evil.example").status_code == 403
    assert _ask(client, languages=["x" * 9000]).status_code == 413
    bad = client.post("/banners", content=b"{not json", headers={"Origin": SITE})
    assert bad.status_code == 400 and bad.json()["error"] == "body: not JSON"
    assert client.options("/banners", headers={"Origin": SITE}).status_code == 204
    css = client.get("/t.css")
    assert css.headers["content-type"].startswith("text/css") and ".ef-banner" in css.text


def test_banner_events_land_apart_from_page_views_and_bad_ones_are_refused(env):
    client = env["client"]
    ms = int((NOW - dt.datetime(1970, 1, 1)).total_seconds() * 1000)
    event = {"name": "banner_impression", "id": "00aa11bb22cc33dd", "ts": ms,
             "campaign_id": "open_day_web", "banner_id": "open_day_strip", "kind": "banner",
             "locale": "fr"}  # fmt: skip
    body = {
        "consent": True, "pseudo_id": "0a1b2c3d4e5f6a7b.1764928800", "session_id": 1764928800,
        "link_token": sign_contact("c_1", KEY, now=NOW),
        "page_location": f"{SITE}/courses/data?eft=leak", "events": [event],
    }  # fmt: skip
    post = lambda b: client.post("/collect", content=json.dumps(b), headers={"Origin": SITE})  # noqa: E731
    assert post(body).status_code == 204
    assert post(body).status_code == 204  # a retried beacon is written once
    files = sorted((env["tmp"] / "landing" / "web").glob("*/*.jsonl"))
    assert [f.name for f in files] == ["banner_events-live.jsonl"]
    [row] = [json.loads(line) for line in files[0].read_text().splitlines()]
    assert (row["event_name"], row["user_id"], row["campaign_id"], row["locale"]) == (
        "banner_impression", "c_1", "open_day_web", "fr",
    )  # fmt: skip
    assert "eft=" not in row["page_location"]
    for bad, field in (
        ({"campaign_id": "Robert'); DROP"}, "events[].campaign_id"),
        ({"kind": "modal"}, "events[].kind"),
        ({"locale": "<script>"}, "events[].locale"),
    ):
        answer = post({**body, "events": [{**event, **bad}]})
        assert answer.status_code == 400 and answer.json()["error"].startswith(field)


def test_campaign_files_with_banners_are_checked():
    doc = _doc()
    assert validate_campaign(doc, "open_day_web.yml").banners[0].cap.impressions == 2
    cases = [
        (lambda d: d.update(channels=["email"]), "banners need 'web' in channels"),
        (lambda d: d["banners"][0].update(cta_url="javascript:alert(1)"), "https://"),
        (lambda d: d["banners"][0].update(cta_url="http://www.example.edu/x"), "https://"),
        (lambda d: d["banners"][0]["locales"]["fr"].pop("cta_label"), "cta_label"),
        (lambda d: d["banners"][0].update(default_locale="de"), "default_locale"),
        (lambda d: d["banners"][0].update(cap={"impressions": 0, "per": "1d"}), "impressions"),
        (lambda d: d["banners"][0].update(segments=["no_such_segment"]), "no_such_segment"),
        (lambda d: d["banners"].append(dict(d["banners"][0])), "unique"),
    ]
    for change, message in cases:
        bad = _doc()
        change(bad)
        with pytest.raises(CampaignFileError, match=message):
            validate_campaign(bad, "open_day_web.yml", known_segments={SEGMENT})


def test_the_cli_serves_banners_from_the_settings_ops_store_and_snapshot(env, monkeypatch):
    """``enrollflow web serve`` builds its app from the settings: the same answer over HTTP."""
    import typer

    from enrollflow.commands.web import build_app

    monkeypatch.setenv("ENROLLFLOW_OPS_STORE_URL", str(env["store"].engine.url))
    monkeypatch.setenv("ENROLLFLOW_WAREHOUSE_PATH", str(env["warehouse"]))
    monkeypatch.setenv("ENROLLFLOW_LANDING_DIR", str(env["tmp"] / "cli-landing"))
    client = TestClient(build_app(KEY.decode(), [SITE]))
    token = sign_contact("c_1", KEY, now=dt.datetime.now(dt.UTC))
    answer = client.post(
        "/banners", content=json.dumps({"consent": True, "link_token": token}),
        headers={"Origin": SITE},
    )  # fmt: skip
    assert [b["banner_id"] for b in answer.json()["banners"]] == ["open_day_strip"]
    monkeypatch.setenv("ENROLLFLOW_OPS_STORE_URL", f"sqlite:///{env['tmp'] / 'missing.sqlite'}")
    with pytest.raises(typer.BadParameter, match="--no-banners"):
        build_app(KEY.decode(), [SITE])
    assert build_app(KEY.decode(), [SITE], banners=False) is not None
