"""The web channel in a real browser (Debian's Chromium through Playwright), on a school's page
with a strict CSP, end to end.

A contact clicks the link of an email rendered and decorated by the delivery renderer (``eft`` +
UTM) and lands on the site known. The campaign ``open_day_web`` (the example file, launched in the
ops store) targets the segment its banner names; members come from the warehouse's published
snapshot. The banner shows to a member in their language and not to others, stops at its cap,
stays gone once dismissed, renders campaign text as text (no markup runs), and its call to action
carries UTM parameters. Its impressions, clicks and dismissals land in the landing zone, go through
ingest and ``dbt build``, and are counted per campaign in ``fct_campaign_metrics`` (channel web).
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import duckdb
import pytest
import yaml
from playwright.sync_api import expect
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, Response
from starlette.routing import Route

from delivery.ledger import Ledger, LedgerKey
from delivery.rendering.email import EmailRenderer
from delivery.rendering.links import LinkDecorator
from delivery.rendering.templates import TemplateSet
from delivery.store import open_store
from enrollflow.ingest import ingest_source
from enrollflow.snapshot import snapshot_path
from enrollflow.transform import dbt_build, profile_env
from segments.history import ensure_tables
from segments.warehouse import Warehouse
from tests.delivery.test_rendering import SENDER
from tests.journeys.conftest import launch
from tests.tracking.servers import ThreadServer, free_port
from tracking.app import create_app
from tracking.banners import BannerSource
from tracking.links import sign_contact

KEY = b"banner-browser-key"
EXAMPLE = Path(__file__).resolve().parents[2] / "delivery/campaigns/examples/open_day_web.yml"
SEGMENT = "course_browsers_no_application_7d"
MEMBER, FORMER, OTHER = "c_0000042", "c_0000043", "c_0000044"
HOSTILE = "Open day <img src=x onerror=\"document.title='pwned'\"> this Saturday"
CONSENT_JS = """
if (new URL(location.href).searchParams.get("consent") === "1") {
  document.cookie = "enrollflow_consent=granted; Path=/; SameSite=Lax";
}
"""


def _site(tracker: str) -> Starlette:
    csp = (
        f"default-src 'self'; script-src 'self' {tracker}; style-src 'self' {tracker}; "
        f"connect-src {tracker}; img-src 'self'"
    )

    def page(title: str):
        async def endpoint(request):
            html = (
                f"<!doctype html><html><head><title>{title}</title>"
                '<script src="/consent.js"></script>'
                f'<script src="{tracker}/t.js" data-endpoint="{tracker}/collect" async></script>'
                f"</head><body><h1>{title}</h1></body></html>"
            )
            return HTMLResponse(html, headers={"Content-Security-Policy": csp})

        return endpoint

    async def consent(request):
        return Response(CONSENT_JS, media_type="application/javascript")

    return Starlette(
        routes=[
            Route("/courses/data", page("Data Analytics")),
            Route("/open-day", page("Open day")),
            Route("/consent.js", consent),
        ]
    )


def _publish_members(warehouse: Path) -> None:
    """A published snapshot whose segment_memberships has a member, a former member and others."""
    with duckdb.connect(str(snapshot_path(warehouse))) as con:
        ensure_tables(Warehouse(con))
        con.execute(
            "INSERT INTO segment_memberships VALUES "
            f"('{SEGMENT}', '{MEMBER}', TIMESTAMP '2026-01-01', NULL), "
            f"('{SEGMENT}', '{FORMER}', TIMESTAMP '2026-01-01', TIMESTAMP '2026-02-01'), "
            f"('high_value_learners', '{OTHER}', TIMESTAMP '2026-01-01', NULL)"
        )


@pytest.fixture
def web(tmp_path):
    site_port, tracker_port = free_port(), free_port()
    site, tracker = f"http://127.0.0.1:{site_port}", f"http://127.0.0.1:{tracker_port}"
    store = open_store(f"sqlite:///{tmp_path / 'ops.sqlite'}", create=True)
    doc = yaml.safe_load(EXAMPLE.read_text())
    [banner] = doc["banners"]
    banner["cta_url"] = f"{site}/open-day"
    banner["locales"]["en"]["title"] = HOSTILE
    launch(store, doc, audience_size=10)
    warehouse = tmp_path / "warehouse.duckdb"
    _publish_members(warehouse)
    source = BannerSource(store, snapshot_path(warehouse), ttl=dt.timedelta(0))
    landing = tmp_path / "landing"
    app = create_app(landing, key=KEY, allowed_origins=[site], banners=source)
    with ThreadServer(app, tracker_port), ThreadServer(_site(tracker), site_port):
        yield {"site": site, "landing": landing, "store": store, "tmp": tmp_path}
    store.dispose()


def _email_link(web: dict) -> str:
    """The course link of an email to MEMBER, rendered and decorated as dispatch does it."""
    store, site = web["store"], web["site"]
    key = LedgerKey("spring_newsletter", "invite", MEMBER, "email", to_address="ana@example.edu")
    Ledger(store).enqueue([key], now=dt.datetime.now(dt.UTC))
    row = Ledger(store).get(key.ledger_id)
    templates = TemplateSet(
        "invite",
        {"en": {"subject": "Data Analytics", "html": f'<p><a href="{site}/courses/data?consent=1">See the course</a></p>'}},
    )  # fmt: skip
    message = EmailRenderer(templates, SENDER).render(row, {"locale": "en"})
    links = LinkDecorator(
        key=KEY, site_hosts=["127.0.0.1"], now=dt.datetime.now(dt.UTC),
        untouched_prefixes=(SENDER.unsubscribe_base_url,),
    )  # fmt: skip
    decorated = links.message(message, row)
    hrefs = re.findall(r'href="([^"]+)"', decorated.html)
    course = [h.replace("&amp;", "&") for h in hrefs if "/courses/data" in h]
    unsubscribe = [h for h in hrefs if "/unsubscribe" in h]
    assert len(course) == 1 and unsubscribe and all("eft=" not in h for h in unsubscribe)
    return course[0]


def _banners_answered(response) -> bool:
    return response.url.endswith("/banners")


def _impression_sent(response) -> bool:
    """The collector answered the beacon of an impression (closing the context before it drops it)."""
    return response.url.endswith("/collect") and "banner_impression" in (
        response.request.post_data or ""
    )


def _visit(page, url: str, *, reload: bool = False) -> list[dict]:
    """Load ``url`` (or reload) and return the banners the tracking app answered."""
    with page.expect_response(_banners_answered) as answer:
        page.reload() if reload else page.goto(url)
    return answer.value.json()["banners"]


BANNER_EVENTS = "banner_events-live.jsonl"


def _landed(landing: Path, name: str, want: int = 0, wait: float = 30.0) -> list[dict]:
    deadline = time.monotonic() + wait
    while True:
        rows = [
            json.loads(line)
            for f in sorted(landing.glob(f"web/*/{name}"))
            for line in f.read_text().splitlines()
        ]
        if len(rows) >= want or time.monotonic() > deadline:
            return rows
        time.sleep(0.2)


def test_the_banner_reaches_members_only_respects_its_cap_and_dismissal_and_is_counted(
    web,
    chromium,  # noqa: F811  (the fixture imported above)
    tiny_warehouse,
):
    site, landing = web["site"], web["landing"]
    violations: list[str] = []

    def context(locale: str):
        ctx = chromium.new_context(locale=locale)
        ctx.on(
            "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
        )
        return ctx, ctx.new_page()

    # 1. a member clicks the decorated link of an email: known, in French, banner shown twice
    link = _email_link(web)
    query = parse_qs(urlsplit(link).query)
    assert query["utm_campaign"] == ["spring_newsletter"] and query["utm_medium"] == ["email"]
    fr, page = context("fr-FR")
    shown = _visit(page, link)
    assert [b["locale"] for b in shown] == ["fr"]
    banner = page.get_by_role("region", name="Journée portes ouvertes samedi")
    expect(banner).to_be_visible()
    expect(banner).to_have_attribute("lang", "fr")
    expect(banner.get_by_role("link", name="Réserver")).to_be_visible()
    assert "eft=" not in page.url  # the token left the address bar
    assert len(_visit(page, None, reload=True)) == 1  # 2nd impression today (cap: 2 per day)
    expect(banner).to_be_visible()
    assert _visit(page, None, reload=True) == []  # capped
    expect(page.locator("[data-enrollflow-banner]")).to_have_count(0)
    views = _landed(landing, "events-live.jsonl", want=3)
    assert {v["user_id"] for v in views} == {MEMBER}
    assert (
        views[0]["utm_campaign"] == "spring_newsletter" and "eft=" not in views[0]["page_location"]
    )
    # closing a context drops the requests still in flight: the beacons land first
    assert len(_landed(landing, BANNER_EVENTS, want=2)) == 2  # two impressions
    fr.close()

    # 2. in English: the campaign's markup is shown as text and never runs; dismissal sticks
    token = sign_contact(MEMBER, KEY, now=dt.datetime.now(dt.UTC))
    en, page = context("en-US")
    _visit(page, f"{site}/courses/data?consent=1&eft={token}")
    banner = page.locator("[data-enrollflow-banner]")
    expect(banner.locator(".ef-title")).to_have_text(HOSTILE)
    expect(banner.locator("img")).to_have_count(0)
    assert page.title() == "Data Analytics"
    banner.get_by_role("button", name="Close").click()
    expect(banner).to_have_count(0)
    assert _visit(page, None, reload=True) == []  # dismissed: not shown again (cap would allow)
    expect(page.locator("[data-enrollflow-banner]")).to_have_count(0)
    assert len(_landed(landing, BANNER_EVENTS, want=4)) == 4  # + an impression and a dismissal
    en.close()

    # 3. the call to action leads on with UTM parameters; the visit there is known too
    cta, page = context("en-GB")
    _visit(page, f"{site}/courses/data?consent=1&eft={token}")
    with page.expect_response(_impression_sent), page.expect_response(_banners_answered):
        page.get_by_role("link", name="Book a seat").click()
    landed_at = parse_qs(urlsplit(page.url).query)
    assert urlsplit(page.url).path == "/open-day"
    assert landed_at == {
        "utm_source": ["enrollflow"], "utm_medium": ["web_banner"],
        "utm_campaign": ["open_day_web"], "utm_content": ["open_day_strip"],
    }  # fmt: skip
    assert len(_landed(landing, BANNER_EVENTS, want=7)) == 7  # + two impressions and the click
    cta.close()

    # 4. a former member and a contact of another segment see nothing
    for contact in (FORMER, OTHER):
        ctx, page = context("en-US")
        other = sign_contact(contact, KEY, now=dt.datetime.now(dt.UTC))
        assert _visit(page, f"{site}/courses/data?consent=1&eft={other}") == []
        expect(page.locator("[data-enrollflow-banner]")).to_have_count(0)
        ctx.close()
    assert violations == []  # no inline script or style anywhere: nothing the CSP blocked

    # 5. the events landed (impressions: 2 fr + 1 en + 2 via the call to action)
    events = _landed(landing, BANNER_EVENTS, want=7)
    names = sorted(e["event_name"] for e in events)
    assert names == ["banner_click", "banner_dismiss"] + ["banner_impression"] * 5
    assert {(e["campaign_id"], e["banner_id"], e["user_id"]) for e in events} == {
        ("open_day_web", "open_day_strip", MEMBER)
    }
    page_views = _landed(landing, "events-live.jsonl")
    open_day = [v for v in page_views if "/open-day" in v["page_location"]]
    assert open_day and open_day[0]["user_id"] == MEMBER
    assert open_day[0]["utm_campaign"] == "open_day_web"

    # 6. ingest + dbt build: counted per campaign, channel web
    warehouse = web["tmp"] / "marts.duckdb"
    shutil.copyfile(tiny_warehouse, warehouse)
    days = sorted(dt.date.fromisoformat(p.name) for p in (landing / "web").iterdir())
    with duckdb.connect(str(warehouse)) as con:
        ingest_source(con, landing, "web", days[0], days[-1], dt.datetime.now(dt.UTC),
                      tables=["raw_web__banner_events"])  # fmt: skip
    dbt_build(
        env=profile_env(warehouse_path=warehouse),
        select="stg_web__banner_events+",
        target_path=web["tmp"] / "dbt_target",
    )
    with duckdb.connect(str(warehouse), read_only=True) as con:
        metrics = dict(
            con.execute(
                "SELECT metric, sum(metric_value) FROM fct_campaign_metrics "
                "WHERE campaign_id = 'open_day_web' AND channel = 'web' GROUP BY metric"
            ).fetchall()
        )
    assert metrics == {"impressions": 5.0, "clicks": 1.0, "dismissals": 1.0}
