"""Content previews: the real renderer (sanitised HTML, compliance footer) for a sample audience
member, served as a sandboxed document and framed only in a sandboxed iframe."""

from __future__ import annotations

import yaml

from delivery.campaigns import lifecycle
from delivery.campaigns.validation import validate_campaign
from tests.campaigns.conftest import EXAMPLES


def _apply(studio, mutate=None):
    doc = yaml.safe_load((EXAMPLES / "spring_enrollment.yml").read_text())
    if mutate:
        mutate(doc)
    lifecycle.apply_campaign(
        studio.store, validate_campaign(doc), actor="maria", now=studio.clock()
    )


def test_email_preview_is_rendered_sanitised_and_sandboxed(studio):
    def hostile(doc):
        for text in doc["content"][0]["locales"].values():
            text["body"] = (
                "<p>Hi {{ first_name }}</p><script>alert(1)</script><img src=x onerror=alert(2)>"
            )

    _apply(studio, hostile)
    client = studio.client("vera")
    r = client.get("/campaigns/spring_data_enrollment/preview/invite_email?variant=B")
    assert r.status_code == 200, r.text[:300]
    csp = r.headers["content-security-policy"]
    assert csp.startswith("sandbox;") and "script-src" not in csp and "default-src 'none'" in csp
    assert r.headers["x-frame-options"] == "SAMEORIGIN"
    # variant B's subject, in the sample contact's language
    assert "3 seats left in the April" in r.text or "quedan 3 plazas" in r.text
    assert "<script" not in r.text and "onerror" not in r.text  # nh3, as when sending
    assert "1 College Road, Leeds" in r.text and "/unsubscribe?token=" in r.text  # footer
    page = client.get("/campaigns/spring_data_enrollment")
    assert '<iframe sandbox="" title="Preview of invite_email' in page.text
    assert "/preview/invite_email?variant=B" in page.text and "/preview/reminder_sms" in page.text


def test_sms_preview_and_a_sample_contact_from_the_audience(studio, studio_warehouse):
    import duckdb

    _apply(studio)
    path, _ = studio_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        first = con.execute(
            """SELECT d.first_name FROM dim_contacts d JOIN segment_memberships m USING (contact_id)
               WHERE m.segment_name IN ('new_leads_no_application_14d',
                 'course_browsers_no_application_7d', 'spanish_speakers_not_engaged')
                 AND m.valid_to IS NULL ORDER BY d.contact_id LIMIT 1"""
        ).fetchone()[0]
    r = studio.client("vera").get("/campaigns/spring_data_enrollment/preview/reminder_sms")
    assert r.status_code == 200 and first in r.text and "STOP" in r.text
    assert (
        studio.client("vera").get("/campaigns/spring_data_enrollment/preview/nope").status_code
        == 404
    )
