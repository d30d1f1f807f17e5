"""Content library pages through the studio app: gallery and previews, "use this template",
edit → new version, diff and restore, the review flow (author ≠ approver), starting a campaign
from a template, the launch refusal over 1,000 contacts, brand asset uploads and serving."""

from __future__ import annotations

import re

from delivery.campaigns import lifecycle
from delivery.content import library
from delivery.identity import query_audit
from tests.content.test_assets import png
from tests.studio.conftest import BIG_SEGMENT, csrf_of


def _use(client, slug="enrollment_invitation_email") -> str:
    page = client.get("/library/gallery")
    r = client.post(f"/library/gallery/{slug}/use", data={"csrf_token": csrf_of(page.text)},
                    follow_redirects=False)  # fmt: skip
    assert r.status_code == 303, r.text[:300]
    return r.headers["location"].rsplit("/", 1)[1]


def test_gallery_and_sandboxed_previews_in_each_language(studio):
    client = studio.client("vera")
    page = client.get("/library/gallery")
    assert page.status_code == 200 and page.text.count('class="card gallery-card"') == 12
    assert "Use this template" not in page.text  # a viewer cannot start from it
    r = client.get("/library/gallery/open_day_sms/preview?locale=de&variant=B")
    assert r.status_code == 200 and "Probestunde" in r.text and "Data Analytics Bootcamp" in r.text
    assert r.headers["content-security-policy"].startswith("sandbox;")
    r = client.get("/library/gallery/application_deadline_email/preview?locale=pt")
    assert (
        "candidaturas" in r.text and "Cancelar inscrição" in r.text and "1 College Road" in r.text
    )
    assert client.get("/library/gallery/nope_email/preview").status_code == 404


def test_edit_versions_diff_restore_and_review(studio):
    maria = studio.client("maria")
    item = _use(maria)
    page = maria.get(f"/library/{item}")
    assert 'id="review-status">draft<' in page.text
    csrf = csrf_of(page.text)
    fields = {"csrf_token": csrf, "mode": "fields",
              "subject.en": "{{ first_name }}, scholarships for {{ campaign_name }}"}  # fmt: skip
    r = maria.post(f"/library/{item}", data=fields)
    assert "saved as version 2" in r.text
    bad = maria.post(f"/library/{item}", data={**fields, "subject.en": "Hi {{ nme }}"})
    assert bad.status_code == 422 and "nme" in bad.text
    yaml_bad = maria.post(f"/library/{item}", data={"csrf_token": csrf, "mode": "yaml",
                                                    "document": "locales: ["})  # fmt: skip
    assert yaml_bad.status_code == 422 and "not valid YAML" in yaml_bad.text
    diff = maria.get(f"/library/{item}/versions?a=1&b=2")
    assert re.search(r'<tr class="removed">.*your place on', diff.text)
    assert re.search(r'<tr class="added">.*scholarships for', diff.text)
    r = maria.post(f"/library/{item}/restore", data={"csrf_token": csrf, "version": "1"})
    assert "restored as version 3" in r.text
    assert library.get_item(studio.store, item).current_version == 3
    # review: submit; the approver asks for changes with a comment; the author cannot approve
    assert "now in review" in maria.post(f"/library/{item}/submit", data={"csrf_token": csrf}).text
    olga = studio.client("olga")
    ocsrf = csrf_of(olga.get(f"/library/{item}").text)
    r = olga.post(f"/library/{item}/request-changes", data={"csrf_token": ocsrf, "comment": ""})
    assert r.status_code == 409 and "comment is required" in r.text
    r = olga.post(f"/library/{item}/request-changes",
                  data={"csrf_token": ocsrf, "comment": "Name the deadline"})  # fmt: skip
    assert "now changes requested" in r.text and "Name the deadline" in r.text
    assert maria.post(f"/library/{item}/approve", data={"csrf_token": csrf}).status_code == 403
    maria.post(
        f"/library/{item}", data={**fields, "subject.en": "Apply by Friday, {{ first_name }}"}
    )
    maria.post(f"/library/{item}/submit", data={"csrf_token": csrf})
    assert "now approved" in olga.post(f"/library/{item}/approve", data={"csrf_token": ocsrf}).text
    actions = [e["action"] for e in query_audit(studio.store, subject=item)][::-1]
    assert actions == ["content.create", "content.edit", "content.restore", "content.submit",
                       "content.request_changes", "content.edit", "content.submit",
                       "content.approve"]  # fmt: skip


def test_a_campaign_from_a_template_launches_over_1000_only_with_approved_content(big_studio):
    studio = big_studio
    maria = studio.client("maria")
    item = _use(maria, "course_launch_email")
    csrf = csrf_of(maria.get(f"/library/{item}").text)
    r = maria.post(f"/library/{item}/campaign",
                   data={"csrf_token": csrf, "name": "Cloud Skills", "start_date": "2026-03-01",
                         "segments": [BIG_SEGMENT]}, follow_redirects=False)  # fmt: skip
    assert r.status_code == 303 and r.headers["location"] == "/campaigns/cloud_skills", r.text[:500]
    record = lifecycle.get_campaign(studio.store, "cloud_skills")
    assert record.spec.type == "enrollment" and record.spec.has_ab_test
    status = maria.get("/campaigns/cloud_skills/content")
    assert "not approved" in status.text and f"/library/{item}" in status.text
    olga = studio.client("olga")
    ocsrf = csrf_of(olga.get("/campaigns/cloud_skills").text)
    assert "now approved" in olga.post("/campaigns/cloud_skills/approve",
                                       data={"csrf_token": ocsrf}).text  # fmt: skip
    refused = maria.post("/campaigns/cloud_skills/launch", data={"csrf_token": csrf})
    assert refused.status_code == 409 and f"content {item} is not approved" in refused.text
    maria.post(f"/library/{item}/submit", data={"csrf_token": csrf})
    olga.post(f"/library/{item}/approve", data={"csrf_token": ocsrf})
    assert "approved" in maria.get("/campaigns/cloud_skills/content").text
    launched = maria.post("/campaigns/cloud_skills/launch", data={"csrf_token": csrf})
    assert launched.status_code == 200
    assert re.search(r"launch: the campaign is now (scheduled|running)", launched.text)


def test_campaign_versions_diff_and_restore(studio):
    from tests.studio.test_access import _seed_campaign

    cid = _seed_campaign(studio)
    record = lifecycle.get_campaign(studio.store, cid)
    edited = record.spec.model_copy(update={"name": "Course page follow-up (v2)"})
    lifecycle.apply_campaign(studio.store, edited, actor="maria", now=studio.clock())
    maria = studio.client("maria")
    page = maria.get(f"/campaigns/{cid}/versions")
    assert re.search(r'<tr class="added">.*Course page follow-up \(v2\)', page.text)
    r = maria.post(
        f"/campaigns/{cid}/restore", data={"csrf_token": csrf_of(page.text), "version": "1"}
    )
    assert "version 1 restored as version 3" in r.text
    assert lifecycle.get_campaign(studio.store, cid).spec.name == "Course page follow-up"
    assert query_audit(studio.store, action="campaign.restore")[0]["actor"] == "maria"
    assert "Restore" not in studio.client("vera").get(f"/campaigns/{cid}/versions").text


def test_campaign_content_sent_to_review_from_the_campaign_page(studio):
    from tests.studio.test_access import _seed_campaign

    cid = _seed_campaign(studio)
    maria = studio.client("maria")
    csrf = csrf_of(maria.get(f"/campaigns/{cid}").text)
    r = maria.post(f"/campaigns/{cid}/content/review", data={"csrf_token": csrf})
    assert r.status_code == 200 and f"{cid}__followup_email" in r.text
    assert library.get_item(studio.store, f"{cid}__followup_email").status == "in_review"


def test_brand_asset_upload_and_immutable_serving(studio):
    maria = studio.client("maria")
    csrf = csrf_of(maria.get("/assets").text)
    logo = png()
    files = {"file": ("logo.png", logo, "image/png")}
    r = maria.post("/assets", data={"csrf_token": csrf, "kind": "logo"}, files=files)
    assert r.status_code == 201, r.text[:300]
    url = re.search(r"/assets/[0-9a-f]{64}\.png", r.text).group(0)
    again = maria.post("/assets", data={"csrf_token": csrf, "kind": "logo"}, files=files)
    assert again.status_code == 200 and "already in the library" in again.text
    anonymous = studio.client()
    served = anonymous.get(url)
    assert served.status_code == 200 and served.content == logo
    assert served.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert served.headers["content-type"] == "image/png"
    etag = served.headers["etag"]
    assert etag == f'"{url[8:72]}"'
    assert anonymous.get(url, headers={"If-None-Match": etag}).status_code == 304
    assert anonymous.get(url.replace(".png", ".gif")).status_code == 404
    assert anonymous.get("/assets/" + "0" * 64 + ".png").status_code == 404
    # hostile uploads
    no_csrf = maria.post("/assets", data={"kind": "logo"}, files=files)
    assert no_csrf.status_code == 403
    viewer = studio.client("vera")
    vcsrf = csrf_of(viewer.get("/campaigns").text)
    assert viewer.post("/assets", data={"csrf_token": vcsrf}, files=files).status_code == 403
    fake = {"file": ("logo.png", b"<html>not an image</html>", "image/png")}
    r = maria.post("/assets", data={"csrf_token": csrf, "kind": "logo"}, files=fake)
    assert r.status_code == 422 and "not an image" in r.text
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'
    r = maria.post("/assets", data={"csrf_token": csrf},
                   files={"file": ("x.svg", svg, "image/svg+xml")})  # fmt: skip
    assert r.status_code == 422 and "event handler" in r.text
    huge = {"file": ("big.png", logo + b"\0" * (6 * 1024 * 1024), "image/png")}
    r = maria.post("/assets", data={"csrf_token": csrf}, files=huge)
    assert r.status_code == 413

    def chunks():
        yield b'--x\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n'
        for _ in range(7):
            yield b"\0" * (1024 * 1024)

    r = maria.post("/assets", content=chunks(),
                   headers={"content-type": "multipart/form-data; boundary=x", "x-csrf-token": csrf})  # fmt: skip
    assert r.status_code == 413
    assert len(list(studio.config.assets_dir.rglob("*.png"))) == 1
