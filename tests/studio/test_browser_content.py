"""The content story in a real browser (Debian's Chromium): the marketer picks a gallery
template, edits it and submits it for review; the approver requests changes with a comment;
the marketer fixes it; the approver approves; a campaign over 1,000 contacts is refused launch
before and launches after. Brand assets are uploaded. Screenshots of every new page at 375 and
1440 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.content.test_assets import png
from tests.studio.browser import shoot
from tests.studio.test_browser_story import sign_in, sign_out

pytestmark = pytest.mark.timeout(600)
ITEM = "enrollment_invitation_email"


def test_content_review_story(chromium, big_live_server, tmp_path):
    base = big_live_server.url
    context = chromium.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    # the marketer starts from the gallery
    sign_in(page, base, "maria")
    page.get_by_role("link", name="Content", exact=True).click()
    expect(page.get_by_role("heading", name="Content library")).to_be_visible()
    page.get_by_role("link", name="Template gallery").click()
    expect(page.locator(".gallery-card")).to_have_count(12)
    page.locator('a[href$="open_day_email/preview?locale=fr"]').click()  # a language tab
    expect(
        page.frame_locator('iframe[name="frame-open_day_email"]').locator("body")
    ).to_contain_text("portes ouvertes")
    shoot(page, "content-gallery")
    page.get_by_role("button", name="Use this template: Enrollment invitation (email)").click()
    expect(page.locator("#review-status")).to_have_text("draft")
    page.get_by_label("Subject (en)", exact=True).fill(
        "{{ first_name }}, your seat on {{ campaign_name }} is waiting"
    )
    page.get_by_role("button", name="Save new version").first.click()
    expect(page.locator("#message")).to_contain_text("saved as version 2")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("#review-status")).to_have_text("in review")
    # a campaign with this text, for an audience over 1,000 contacts
    page.get_by_label("Campaign name (the course or event)").fill("Spring data intake")
    page.get_by_label("new leads no application 14d").check()
    page.get_by_role("button", name="Create draft campaign").click()
    expect(page.locator("#status")).to_have_text("draft")
    expect(page.locator("#content-approval")).to_contain_text("not approved")
    sign_out(page)

    # the approver asks for changes, with a comment, and approves the campaign's plan
    sign_in(page, base, "olga")
    page.goto(f"{base}/library")
    page.get_by_role("link", name="Enrollment invitation (email)").click()
    page.get_by_label("What should change?").fill("Say when applications close.")
    page.get_by_role("button", name="Request changes").click()
    expect(page.locator("#review-status")).to_have_text("changes requested")
    page.goto(f"{base}/campaigns/spring_data_intake")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("#status")).to_have_text("approved")
    sign_out(page)

    # launch is refused: the content is not approved; the marketer fixes it
    sign_in(page, base, "maria")
    page.goto(f"{base}/campaigns/spring_data_intake")
    page.get_by_role("button", name="Launch").click()
    expect(page.locator("#message")).to_contain_text(f"content {ITEM} is not approved")
    expect(page.locator("#status")).to_have_text("approved")
    shoot(page, "campaign-content-refused")
    page.goto(f"{base}/library/{ITEM}")
    expect(page.locator(".timeline")).to_contain_text("Say when applications close.")
    shoot(page, "content-item-changes-requested")
    page.get_by_label("Subject (en)", exact=True).fill(
        "{{ first_name }}, applications for {{ campaign_name }} close Friday"
    )
    page.get_by_role("button", name="Save new version").first.click()
    expect(page.locator("#message")).to_contain_text("saved as version 3")
    page.get_by_role("button", name="Submit for review").click()
    page.get_by_role("link", name=re.compile("Versions and changes")).click()
    page.get_by_label("Compare version").select_option("2")
    page.get_by_label("with version").select_option("3")
    page.get_by_role("button", name="Show changes").click()
    expect(page.locator("tr.added")).to_contain_text("close Friday")
    shoot(page, "content-versions")
    # the campaign takes the library's new text (a new campaign version)
    page.goto(f"{base}/campaigns/spring_data_intake")
    page.get_by_role("button", name="Use the library's current text").click()
    expect(page.locator(".muted").first).to_contain_text("version 2")
    page.get_by_role("link", name="Versions", exact=True).click()
    expect(page.locator("tr.added").first).to_contain_text("close Friday")
    shoot(page, "campaign-versions")
    # brand assets
    page.get_by_role("link", name="Brand", exact=True).click()
    page.get_by_label(re.compile("Image file")).set_input_files(
        {"name": "logo.png", "mimeType": "image/png", "buffer": png((240, 80))}
    )
    page.get_by_label("Kind").select_option("logo")
    page.get_by_role("button", name="Upload").click()
    expect(page.locator("#message")).to_contain_text("uploaded")
    expect(page.get_by_role("img", name="logo: logo.png")).to_be_visible()
    page.get_by_label("Name", exact=True).fill("Primary blue")
    page.get_by_role("button", name="Save colour").click()
    expect(page.locator(".swatches")).to_contain_text("Primary blue")
    shoot(page, "brand-assets")
    sign_out(page)

    # the approver approves the content and the new campaign version
    sign_in(page, base, "olga")
    page.goto(f"{base}/library/{ITEM}")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("#review-status")).to_have_text("approved")
    shoot(page, "content-item-approved")
    page.goto(f"{base}/campaigns/spring_data_intake")
    expect(page.locator("#content-approval .review-approved")).to_have_count(1)
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("#status")).to_have_text("approved")
    sign_out(page)

    # now the launch is allowed
    sign_in(page, base, "maria")
    page.goto(f"{base}/library")
    shoot(page, "content-library")
    page.goto(f"{base}/campaigns/spring_data_intake")
    page.get_by_role("button", name="Launch").click()
    expect(page.locator("#status")).to_have_text(re.compile("scheduled|running"))
    shoot(page, "campaign-content-approved")
    assert [e for e in errors if "Content Security Policy" in e] == []
    context.close()
