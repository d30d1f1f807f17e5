"""The Reports page in a real browser (Debian's Chromium): a viewer opens Reports from the menu,
reads the last 7 days in the frame, picks a month and one campaign, and downloads the PDF; the
page does not scroll sideways on a phone. Screenshots at 375 and 1440 px."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from playwright.sync_api import expect

from reports import data
from tests.studio.browser import WIDTHS, desktop_page, shoot
from tests.studio.test_browser_story import sign_in

pytestmark = pytest.mark.timeout(300)


def _sideways(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_a_viewer_reads_a_month_of_one_campaign_and_downloads_its_pdf(chromium, live_server):
    base, env = live_server.url, live_server.env
    with duckdb.connect(str(env.config.warehouse_path), read_only=True) as con:
        campaign = data.campaigns(con).iloc[0]
        latest = data.data_now(con)
    page, errors = desktop_page(chromium)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    sign_in(page, base, "vera")
    page.get_by_role("link", name="Reports", exact=True).click()
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    frame = page.frame_locator("iframe.report-frame")
    expect(frame.get_by_role("heading", name="Campaign report: All campaigns")).to_be_visible()
    expect(frame.get_by_text("(last 7 days)")).to_be_visible()
    shoot(page, "reports")

    start = (latest - dt.timedelta(days=1)).date().replace(day=1)  # the last day's month
    end = (start + dt.timedelta(days=31)).replace(day=1) - dt.timedelta(days=1)
    month = f"{start:%B %Y}"
    page.get_by_label("Period", exact=True).select_option(label=month)
    page.get_by_label("Campaign", exact=True).select_option(campaign.campaign_id)
    page.get_by_role("button", name="Show report").click()
    name = campaign.campaign_name
    expect(frame.get_by_role("heading", name=f"Campaign report: {name}")).to_be_visible()
    expect(frame.get_by_text(f"({month})")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download PDF").click()
    assert download.value.suggested_filename == f"report-{start}_{end}-{campaign.campaign_id}.pdf"
    assert download.value.path().read_bytes()[:4] == b"%PDF"
    for width, height in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": height})
        assert _sideways(page) <= 0, width
    # a custom range, then back to a preset: the dates of the range do not stay in the way
    page.get_by_label("Or from").fill(f"{start}")
    page.get_by_label("to", exact=True).fill(f"{start + dt.timedelta(days=9)}")
    page.get_by_role("button", name="Show report").click()
    expect(frame.get_by_text(f"({start}..{start + dt.timedelta(days=9)})")).to_be_visible()
    page.get_by_label("Period", exact=True).select_option(label="Last 30 days")
    page.get_by_role("button", name="Show report").click()
    expect(frame.get_by_text("(last 30 days)")).to_be_visible()
    page.get_by_label("Or from").fill("2026-03-02")
    page.get_by_label("to", exact=True).fill("2026-02-01")
    page.get_by_role("button", name="Show report").click()
    expect(page.get_by_role("alert")).to_have_text(
        "the last day (2026-02-01) is before the first (2026-03-02)"
    )
    shoot(page, "reports-refused")
    # the refused form's 400 is the only failed load (no CSP refusal, no missing icon)
    refused = "/reports?period=month&from=2026-03-02&to=2026-02-01"
    assert [e for e in errors if not e.startswith("Failed to load resource")] == [
        f"400 {base}{refused}&campaign={campaign.campaign_id}"
    ]
    assert len(errors) == 2
