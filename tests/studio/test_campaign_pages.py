"""New campaign → the CLI's campaign document; list, detail, results, YAML, lifecycle actions."""

from __future__ import annotations

import re
import shutil

import duckdb
import pytest
import yaml

from delivery.campaigns import lifecycle
from delivery.campaigns.validation import load_campaign_file, validate_campaign
from delivery.identity import query_audit
from tests.campaigns.conftest import EXAMPLES
from tests.studio.conftest import csrf_of

SEGMENTS = ["new_leads_no_application_14d", "course_browsers_no_application_7d"]


def _form(**overrides):
    data = {
        "name": "Autumn data intake",
        "type": "enrollment",
        "objective": "Fill the autumn cohort",
        "target_conversion_pct": "3",
        "target_cpa_amount": "40",
        "budget_amount": "500",
        "currency": "EUR",
        "cost_email": "0.001",
        "cost_sms": "0.04",
        "start_date": "2026-03-01",
        "end_date": "2026-05-01",
        "send_time": "09:00",
        "channels": ["email", "sms"],
        "segments": SEGMENTS,
        "ab_enabled": "1",
        "subject_a": "Your data career starts in autumn, {{ first_name }}",
        "subject_b": "{{ first_name }}, 3 seats left",
        "weight_a": "50",
        "holdout": "10",
        "email_body": "<p>Hi {{ first_name }}, the autumn cohort opens soon.</p>",
        "sms_body": "Hi {{ first_name }}, applications close Friday. Reply STOP to opt out.",
    }
    data.update(overrides)
    return data


def _create(client, **overrides):
    page = client.get("/campaigns/new")
    return client.post(
        "/campaigns/new",
        data={**_form(**overrides), "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )


def test_the_form_saves_the_document_the_cli_validates_and_versions(studio):
    client = studio.client("maria")
    r = _create(client)
    assert r.status_code == 303 and r.headers["location"] == "/campaigns/autumn_data_intake"
    record = lifecycle.get_campaign(studio.store, "autumn_data_intake")
    assert record.status == "draft" and record.owner == "maria" and record.current_version == 1
    spec = record.spec
    assert spec.has_ab_test and spec.channels == ["email", "sms"]
    split = spec.workflow.node("subject_test")
    assert [v.weight for v in split.variants] == [50, 50] and split.holdout == pytest.approx(0.1)
    assert spec.kpis.target_conversion_rate == pytest.approx(0.03)
    assert (
        spec.template("invite_email").variants["B"]["en"].subject
        == "{{ first_name }}, 3 seats left"
    )
    # the same document through the CLI's validator gives the same campaign
    assert validate_campaign(spec.model_dump(mode="json")) == spec
    # the detail page's YAML export is a file `enrollflow campaign apply` accepts, same meaning
    text = client.get("/campaigns/autumn_data_intake.yml").text
    path = studio.config.warehouse_path.parent / "autumn.yml"
    path.write_text(text)
    assert load_campaign_file(path) == spec
    assert query_audit(studio.store, action="campaign.apply")[0]["actor"] == "maria"


def test_the_yaml_shows_text_as_written_and_saves_back_unchanged(studio):
    client = studio.client("maria")
    name = "Intake de otoño — análisis de datos 📊"
    body = (
        "<p>Hola {{ first_name }}, la inscripción al curso de análisis de datos cierra el viernes; "
        * 3
    )
    assert (
        _create(client, campaign_id="autumn_data_intake", name=name, email_body=body).status_code
        == 303
    )
    text = client.get("/campaigns/autumn_data_intake.yml").text
    assert f"name: {name}\n" in text and "\\x" not in text and "\\u" not in text
    assert body.strip() in text  # one line, not folded with backslashes
    detail = client.get("/campaigns/autumn_data_intake").text
    assert "inscripción al curso de análisis" in detail  # the editor on the page holds the same
    # saved from the page's editor as it is shown: the same document, so no new version
    before = lifecycle.get_campaign(studio.store, "autumn_data_intake").spec
    saved = client.post(
        "/campaigns/autumn_data_intake/document",
        data={"document": text, "csrf_token": csrf_of(detail)},
    )
    assert re.search(r'id="message">([^<]*)<', saved.text).group(1) == "saved as version 1"
    after = lifecycle.get_campaign(studio.store, "autumn_data_intake")
    assert after.current_version == 1 and after.spec == before and after.spec.name == name
    # an edit made in that text (accented, as shown) is a new version holding it
    edited = text.replace("cierra el viernes", "cierra el sábado")
    saved = client.post(
        "/campaigns/autumn_data_intake/document",
        data={"document": edited, "csrf_token": csrf_of(detail)},
    )
    assert re.search(r'id="message">([^<]*)<', saved.text).group(1) == "saved as version 2"
    spec = lifecycle.get_campaign(studio.store, "autumn_data_intake").spec
    assert "cierra el sábado" in str(spec.model_dump()) and "cierra el viernes" not in str(
        spec.model_dump()
    )


def test_form_problems_are_shown_with_their_path_and_nothing_is_saved(studio):
    client = studio.client("maria")
    r = _create(client, budget_amount="-5")
    assert r.status_code == 422 and "budget.amount: Input should be greater than 0" in r.text
    r = _create(client, segments=["no_such_segment"])
    assert r.status_code == 422 and "unknown segment &#39;no_such_segment&#39;" in r.text
    assert 'value="Autumn data intake"' in r.text  # what was typed is kept
    assert lifecycle.list_campaigns(studio.store) == []
    r = _create(client, topic="lottery")  # not one the preference centre offers
    assert r.status_code == 422 and "topic: unknown topic &#39;lottery&#39;" in r.text
    assert lifecycle.list_campaigns(studio.store) == []
    assert _create(client).status_code == 303
    r = _create(client)  # the same id again
    assert r.status_code == 409 and "exists already" in r.text


def test_the_form_sets_the_campaigns_subscription_topic(studio):
    client = studio.client("maria")
    page = client.get("/campaigns/new").text
    assert '<option value="course_updates" >New courses and start dates</option>' in page
    assert _create(client, topic="course_updates").status_code == 303
    assert lifecycle.get_campaign(studio.store, "autumn_data_intake").spec.topic == "course_updates"
    detail = client.get("/campaigns/autumn_data_intake").text
    assert "<dt>Topic</dt><dd>New courses and start dates</dd>" in detail
    assert _create(client, campaign_id="no_topic", topic="").status_code == 303
    assert lifecycle.get_campaign(studio.store, "no_topic").spec.topic is None


def test_audience_preview_counts_reachable_contacts_per_channel(studio, studio_warehouse):
    path, now = studio_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        expected = con.execute(
            """SELECT count(*),
                      count(*) FILTER (WHERE d.has_email_consent AND NOT d.is_email_suppressed
                                       AND d.email IS NOT NULL),
                      count(*) FILTER (WHERE d.has_sms_consent AND NOT d.is_sms_suppressed
                                       AND d.phone IS NOT NULL)
               FROM (SELECT DISTINCT contact_id FROM segment_memberships
                     WHERE segment_name IN (SELECT unnest($s)) AND valid_to IS NULL) m
               JOIN dim_contacts d USING (contact_id)""",
            {"s": SEGMENTS},
        ).fetchone()
    client = studio.client("maria")
    r = client.get("/campaigns/audience", params={"segments": SEGMENTS, "holdout": "10"})
    assert r.status_code == 200
    total, email, sms = expected
    assert total > 0
    assert f"<strong>{total:,}</strong> contacts" in r.text
    assert f"email: <strong>{email:,}</strong>" in r.text
    assert f"sms: <strong>{sms:,}</strong>" in r.text
    assert "contacts per arm you can detect" in r.text


def test_list_filters_and_lifecycle_runs_through_delivery(studio):
    maria = studio.client("maria")
    assert _create(maria).status_code == 303
    assert (
        _create(maria, name="Alumni next course", ab_enabled="", channels=["email"]).status_code
        == 303
    )
    r = maria.get("/campaigns", params={"q": "alumni"})
    assert "Alumni next course" in r.text and "Autumn data intake" not in r.text
    r = maria.get("/campaigns", params={"status": "running"})
    assert "No campaigns match" in r.text
    page = maria.get("/campaigns/alumni_next_course")
    csrf = csrf_of(page.text)
    r = maria.post("/campaigns/alumni_next_course/launch", data={"csrf_token": csrf})
    assert r.status_code == 200 and "the campaign is now scheduled" in r.text
    r = maria.post("/campaigns/alumni_next_course/pause", data={"csrf_token": csrf})
    assert "the campaign is now paused" in r.text
    r = maria.post("/campaigns/alumni_next_course/pause", data={"csrf_token": csrf})
    assert r.status_code == 409 and "cannot pause" in r.text
    r = maria.post("/campaigns/alumni_next_course/resume", data={"csrf_token": csrf})
    assert "the campaign is now running" in r.text
    # the approver approves the other one with the audience the CLI would compute
    olga = studio.client("olga")
    page = olga.get("/campaigns/autumn_data_intake")
    r = olga.post("/campaigns/autumn_data_intake/approve", data={"csrf_token": csrf_of(page.text)})
    assert r.status_code == 200 and "now approved" in r.text
    approvals = lifecycle.history(studio.store, "autumn_data_intake")["approvals"]
    assert approvals[0]["approver"] == "olga" and approvals[0]["audience_size"] > 0
    actions = [(e["actor"], e["action"]) for e in query_audit(studio.store, action="campaign.")]
    assert ("olga", "campaign.approve") in actions and ("maria", "campaign.resume") in actions
    # history and audit trail in UTC, to the minute / the second, never with microseconds
    approved = approvals[0]["approved_at"]
    page = olga.get("/campaigns/autumn_data_intake").text
    assert f"approved by olga at {approved:%Y-%m-%d %H:%M} UTC" in page
    assert re.search(r"<li>\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC <strong>maria</strong>", page)
    audit = olga.get("/audit").text
    assert re.search(r'"When" class="when">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC</td>', audit)
    assert not re.search(r"\d\d:\d\d:\d\d\.\d{6}", page + audit)


def test_editing_the_document_makes_a_new_version_and_bad_yaml_is_refused(studio):
    maria = studio.client("maria")
    doc = yaml.safe_load((EXAMPLES / "course_page_followup.yml").read_text())
    lifecycle.apply_campaign(
        studio.store, validate_campaign(doc), actor="maria", now=studio.clock()
    )
    page = maria.get("/campaigns/course_page_followup")
    csrf = csrf_of(page.text)
    doc["objective"] = "Turn visitors into applicants, faster."
    r = maria.post(
        "/campaigns/course_page_followup/document",
        data={"document": yaml.safe_dump(doc), "csrf_token": csrf},
    )
    assert r.status_code == 200 and "saved as version 2" in r.text
    assert lifecycle.get_campaign(studio.store, "course_page_followup").spec.objective.endswith(
        "faster."
    )
    doc["workflow"]["nodes"][1]["next"] = "nowhere"
    r = maria.post(
        "/campaigns/course_page_followup/document",
        data={"document": yaml.safe_dump(doc), "csrf_token": csrf},
    )
    assert r.status_code == 422 and "nowhere" in r.text
    r = maria.post(
        "/campaigns/course_page_followup/document",
        data={"document": "campaign_id: [", "csrf_token": csrf},
    )
    assert r.status_code == 422 and "not valid YAML" in r.text
    assert lifecycle.get_campaign(studio.store, "course_page_followup").current_version == 2


def test_a_document_from_a_page_opened_before_another_save_is_refused(studio):
    """The YAML editor saves the whole document: from a page opened before someone else's save
    it would undo that save, so it is refused (409) with the text kept, and nothing is saved."""
    doc = yaml.safe_load((EXAMPLES / "course_page_followup.yml").read_text())
    lifecycle.apply_campaign(
        studio.store, validate_campaign(doc), actor="maria", now=studio.clock()
    )
    maria, root = studio.client("maria"), studio.client("root")
    stale = maria.get("/campaigns/course_page_followup")
    assert 'name="version" value="1"' in stale.text
    fresh = root.get("/campaigns/course_page_followup")
    theirs = {**doc, "objective": "Root's objective."}
    r = root.post(
        "/campaigns/course_page_followup/document",
        data={
            "document": yaml.safe_dump(theirs),
            "version": "1",
            "csrf_token": csrf_of(fresh.text),
        },
    )
    assert "saved as version 2" in r.text
    mine = {**doc, "name": "Maria's name"}
    r = maria.post(
        "/campaigns/course_page_followup/document",
        data={"document": yaml.safe_dump(mine), "version": "1", "csrf_token": csrf_of(stale.text)},
    )
    assert r.status_code == 409 and "changed since you opened this page" in r.text
    assert "Maria&#39;s name" in r.text  # the edited text stays in the editor
    assert 'name="version" value="1"' in r.text  # sent again as it is, it is refused again
    record = lifecycle.get_campaign(studio.store, "course_page_followup")
    assert record.current_version == 2 and record.spec.objective == "Root's objective."


def test_results_come_from_the_marts(studio, studio_warehouse):
    path, _ = studio_warehouse
    with duckdb.connect(str(path), read_only=True) as con:
        cid, sends, clicks, revenue, spend = con.execute(
            """SELECT campaign_id, sum(sends), sum(unique_clicks), sum(revenue_amount),
                      sum(spend_amount) FROM fct_campaign_performance
               WHERE channel = 'email' GROUP BY campaign_id ORDER BY sum(sends) DESC LIMIT 1"""
        ).fetchone()
    doc = yaml.safe_load((EXAMPLES / "course_page_followup.yml").read_text())
    doc["campaign_id"] = cid
    lifecycle.apply_campaign(
        studio.store, validate_campaign(doc), actor="maria", now=studio.clock()
    )
    r = studio.client("vera").get(f"/campaigns/{cid}")
    assert r.status_code == 200
    assert f'<td>email</td><td class="num">{sends:,}</td>' in r.text  # 3,765 as the report
    assert f'<td class="num">{clicks:,}</td>' in r.text
    # ROI as the report writes it, a multiple of spend (a cheap channel's 247442 % read badly)
    row = r.text.split("<td>email</td>", 1)[1].split("</tr>", 1)[0]
    assert spend > 0 and f'<td class="num">{(revenue - spend) / spend:+,.1f}×</td>' in row


def test_a_snapshot_from_before_reached_shows_no_rate_rather_than_an_error(
    studio_warehouse, tmp_path
):
    # a newer studio on a snapshot the previous version built (no `reached` column yet): the
    # pages render, the conversion rate waits for the next build
    from tests.studio.conftest import _env

    path, now = studio_warehouse
    older = tmp_path / "older.duckdb"
    shutil.copyfile(path, older)
    with duckdb.connect(str(older)) as con:
        con.execute("ALTER TABLE fct_campaign_performance DROP COLUMN reached")
        cid = con.execute(
            "SELECT campaign_id FROM fct_campaign_performance WHERE channel = 'email' "
            "GROUP BY campaign_id ORDER BY sum(sends) DESC LIMIT 1"
        ).fetchone()[0]
    env = _env(f"sqlite:///{tmp_path / 'ops.sqlite'}", (older, now), tmp_path)
    try:
        doc = yaml.safe_load((EXAMPLES / "course_page_followup.yml").read_text())
        doc["campaign_id"] = cid
        lifecycle.apply_campaign(env.store, validate_campaign(doc), actor="maria", now=env.clock())
        client = env.client("vera")
        listed = client.get("/campaigns")
        assert listed.status_code == 200 and cid in listed.text
        detail = client.get(f"/campaigns/{cid}")
        assert detail.status_code == 200 and "<td>email</td>" in detail.text
    finally:
        env.store.dispose()
