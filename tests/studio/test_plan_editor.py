"""The plan editor (``/campaigns/{id}/plan``): name, objective, subscription topic, KPI targets,
budget and end date changed in a form, saved as a version the CLI's validator accepts; bad input
refused with the field named and nothing saved; the lifecycle's rules for active campaigns."""

from __future__ import annotations

import copy
import html
import re

import yaml

from delivery.campaigns import lifecycle
from delivery.campaigns.validation import validate_campaign
from delivery.identity import query_audit
from studio.forms import plan_document, plan_values
from tests.campaigns.conftest import _DEMO
from tests.studio.conftest import csrf_of

CID = "spring_plan"


def _seed(studio, **changes) -> dict:
    doc = copy.deepcopy(_DEMO)
    doc.update(campaign_id=CID, **changes)
    lifecycle.apply_campaign(
        studio.store, validate_campaign(doc), actor="maria", now=studio.clock()
    )
    return doc


def _stored(studio) -> dict:
    return _stored_of(studio, CID)


def _stored_of(studio, campaign_id: str) -> dict:
    spec = lifecycle.get_campaign(studio.store, campaign_id).spec
    return spec.model_dump(mode="json", exclude_defaults=True)


def _post(client, **fields):
    """Submit the plan form as the page fills it (the stored plan) with ``fields`` typed over."""
    page = client.get(f"/campaigns/{CID}/plan")
    form = {**plan_values(_form_values(page.text)), **fields, "csrf_token": csrf_of(page.text)}
    opened = re.search(r'name="version" value="(\d+)"', page.text)
    if opened:  # the version the page was opened on (a closed campaign's page has no form)
        form["version"] = opened.group(1)
    return client.post(f"/campaigns/{CID}/plan", data=form)


def _form_values(page: str) -> dict:
    """The document the page's fields stand for: only what plan_values reads back."""

    def value(name: str) -> str:
        m = re.search(rf'id="{name}" name="{name}" (?:type="[a-z]+" )?value="([^"]*)"', page)
        return html.unescape(m.group(1)) if m else ""

    topic = re.search(r'<option value="([a-z_]+)" selected>', page)
    doc: dict = {
        "name": value("name"),
        "objective": value("objective"),
        "kpis": {},
        "budget": {"amount": float(value("budget_amount"))},
    }
    if topic:
        doc["topic"] = topic.group(1)
    if value("target_conversion_pct"):
        doc["kpis"]["target_conversion_rate"] = float(value("target_conversion_pct")) / 100
    if value("target_cpa_amount"):
        doc["kpis"]["target_cpa_amount"] = float(value("target_cpa_amount"))
    if value("end_date"):
        doc["end_at"] = value("end_date")
    return doc


def test_the_page_shows_the_stored_plan(studio):
    doc = _seed(studio)
    page = studio.client("maria").get(f"/campaigns/{CID}/plan")
    assert page.status_code == 200
    shown = _form_values(page.text)
    assert shown["name"] == doc["name"]
    assert shown["budget"]["amount"] == doc["budget"]["amount"]
    assert shown["kpis"]["target_conversion_rate"] == doc["kpis"]["target_conversion_rate"]
    assert "topic" not in shown  # "None" selected
    assert f'href="/campaigns/{CID}/plan"' in studio.client("maria").get(f"/campaigns/{CID}").text


def test_saving_the_plan_makes_a_version_the_cli_validates_and_keeps_the_rest(studio):
    _seed(studio)
    before = _stored(studio)
    maria = studio.client("maria")
    r = _post(
        maria,
        name="Spring intake — data & AI",
        topic="course_updates",
        budget_amount="750",
        target_conversion_pct="4.5",
        target_cpa_amount="",
        end_date="",
    )
    assert r.status_code == 200, r.text
    assert "plan saved as version 2" in r.text
    after = _stored(studio)
    assert after["name"] == "Spring intake — data & AI"
    assert after["topic"] == "course_updates"
    assert after["budget"]["amount"] == 750.0
    assert after["kpis"] == {"target_conversion_rate": 0.045}  # the CPA target removed
    assert "end_at" not in after
    for key in ("workflow", "content", "audience", "channels", "start_at", "organisation"):
        assert after[key] == before[key], key
    assert after["budget"]["cost_per_message"] == before["budget"]["cost_per_message"]
    # the exported YAML is a document the CLI's validator accepts as it is
    exported = maria.get(f"/campaigns/{CID}.yml").text
    assert validate_campaign(yaml.safe_load(exported)).topic == "course_updates"
    applies = query_audit(studio.store, action="campaign.apply")
    assert [(e["actor"], e["subject"]) for e in applies].count(("maria", CID)) == 1  # v2 by maria
    # saving the same plan again changes nothing
    again = _post(maria)
    assert "nothing changed" in again.text
    assert lifecycle.get_campaign(studio.store, CID).current_version == 2


def test_bad_input_is_refused_with_its_field_and_nothing_is_saved(studio):
    _seed(studio)
    maria = studio.client("maria")
    cases = {
        "budget.amount": {"budget_amount": "lots"},
        "topic": {"topic": "everything"},
        "name": {"name": ""},
        "kpis.target_conversion_rate": {"target_conversion_pct": "250"},
        "end_at": {"end_date": "not-a-date"},
    }
    for field, typed in cases.items():
        r = _post(maria, **typed)
        assert r.status_code == 422, (field, r.text[:300])
        assert "The plan was not saved" in r.text and field in r.text, field
        value = next(iter(typed.values()))
        if value and field != "topic":
            assert f'value="{value}"' in r.text, field  # what was typed stays in the form
    huge = _post(maria, name="x" * 100_000)
    assert huge.status_code == 422 and "name" in huge.text
    assert lifecycle.get_campaign(studio.store, CID).current_version == 1
    # without the form's CSRF token nothing is saved either
    r = maria.post(f"/campaigns/{CID}/plan", data={"name": "Forged", "budget_amount": "1"})
    assert r.status_code == 403
    assert _stored(studio)["name"] == _DEMO["name"]


def test_a_page_opened_before_another_save_saves_nothing(studio):
    """Two editors: the second save, from a page opened before the first one, is refused and
    saves nothing (it would undo the other's change); after a reload it goes through."""
    _seed(studio)
    maria, root = studio.client("maria"), studio.client("root")
    stale = maria.get(f"/campaigns/{CID}/plan")
    assert _post(root, topic="events").status_code == 200  # version 2
    form = {**plan_values(_stored(studio)), "budget_amount": "999"}
    r = maria.post(
        f"/campaigns/{CID}/plan",
        data={**form, "version": "1", "csrf_token": csrf_of(stale.text)},
    )
    assert r.status_code == 409 and "changed since you opened this page" in r.text
    assert 'value="999"' in r.text  # what was typed stays
    assert 'name="version" value="1"' in r.text  # sent again as it is, it is refused again
    after = _stored(studio)
    assert after["budget"]["amount"] == _DEMO["budget"]["amount"] and after["topic"] == "events"
    r = _post(maria, budget_amount="999")  # reloaded: the page carries version 2
    assert r.status_code == 200 and "plan saved as version 3" in r.text
    assert _stored(studio)["topic"] == "events"  # root's change kept


def test_only_editors_reach_it_and_unknown_campaigns_are_a_404(studio):
    _seed(studio)
    assert studio.client("vera").get(f"/campaigns/{CID}/plan").status_code == 403
    assert studio.client("olga").get(f"/campaigns/{CID}/plan").status_code == 403
    assert studio.client("maria").get("/campaigns/nope/plan").status_code == 404


def test_a_bigger_budget_for_a_running_campaign_waits_for_approval(studio):
    """Above 1,000 contacts a new version of an active campaign needs approval again: the
    lifecycle pauses it and the page says why."""
    from tests.journeys.conftest import launch

    doc = copy.deepcopy(_DEMO)
    doc["campaign_id"] = CID
    launch(studio.store, doc, audience_size=5_000, now=studio.clock())
    lifecycle.set_status(studio.store, CID, "start", actor="engine", now=studio.clock())
    r = _post(studio.client("maria"), budget_amount="900")
    assert r.status_code == 200 and "plan saved as version 2" in r.text
    record = lifecycle.get_campaign(studio.store, CID)
    assert record.status == "paused" and record.status_reason.startswith("approval")
    assert 'id="status">paused' in r.text and "Reason: approval" in r.text


def _completed(studio) -> None:
    """The example launched, started and completed (a campaign that ran)."""
    from tests.journeys.conftest import launch

    doc = copy.deepcopy(_DEMO)
    doc["campaign_id"] = CID
    launch(studio.store, doc, now=studio.clock())
    lifecycle.set_status(studio.store, CID, "start", actor="engine", now=studio.clock())
    lifecycle.set_status(studio.store, CID, "complete", actor="engine", now=studio.clock())


def test_a_completed_campaign_is_read_only(studio):
    _completed(studio)
    maria = studio.client("maria")
    page = maria.get(f"/campaigns/{CID}/plan")
    assert 'id="closed"' in page.text and 'id="plan-form"' not in page.text
    campaign_page = maria.get(f"/campaigns/{CID}")
    assert f'href="/campaigns/{CID}/plan"' not in campaign_page.text  # no "Edit plan" offered
    r = maria.post(
        f"/campaigns/{CID}/plan",
        data={
            **plan_values(_stored(studio)),
            "budget_amount": "1",
            "csrf_token": csrf_of(campaign_page.text),
        },
    )
    assert r.status_code == 409 and "completed" in r.text
    assert lifecycle.get_campaign(studio.store, CID).current_version == 1


def test_plan_document_only_touches_the_plan_fields():
    doc = copy.deepcopy(_DEMO)
    values = plan_values(doc)
    same = plan_document(doc, values)
    assert same == doc  # the end date as it was keeps the stored moment
    moved = plan_document(doc, {**values, "end_date": "2026-05-15", "target_conversion_pct": "3"})
    assert moved["end_at"] == "2026-05-15T00:00:00Z"
    assert moved["kpis"]["target_conversion_rate"] == 0.03  # not 0.030000000000000002


def test_duplicate_makes_a_new_draft_from_the_document_and_opens_its_plan(studio):
    _completed(studio)
    original = _stored(studio)
    root = studio.client("root")
    plan = root.get(f"/campaigns/{CID}/plan")  # read-only, with the way out
    assert 'action="/campaigns/spring_plan/duplicate"' in plan.text
    r = root.post(
        f"/campaigns/{CID}/duplicate",
        data={"csrf_token": csrf_of(plan.text)},
        follow_redirects=False,
    )
    assert r.status_code == 303 and r.headers["location"] == f"/campaigns/{CID}_copy/plan"
    copied = lifecycle.get_campaign(studio.store, f"{CID}_copy")
    assert (copied.status, copied.current_version) == ("draft", 1)
    spec = copied.spec.model_dump(mode="json", exclude_defaults=True)
    assert spec["name"] == f"{original['name']} (copy)" and spec["owner"] == "root"
    for key in ("workflow", "content", "audience", "channels", "budget", "kpis", "start_at"):
        assert spec[key] == original[key], key
    assert lifecycle.get_campaign(studio.store, CID).status == "completed"  # untouched
    # its plan editor opens on the copy, which can be renamed at once
    page = root.get(r.headers["location"])
    assert 'id="plan-form"' in page.text and "(copy)" in page.text

    # a double click or a replayed post leads to that copy while it is untouched ...
    def duplicate():
        return root.post(
            f"/campaigns/{CID}/duplicate",
            data={"csrf_token": csrf_of(plan.text)},
            follow_redirects=False,
        ).headers["location"]

    assert duplicate() == f"/campaigns/{CID}_copy/plan"
    assert {r["campaign_id"] for r in lifecycle.list_campaigns(studio.store)} == {
        CID,
        f"{CID}_copy",
    }
    # ... and once it has been changed, another copy takes the next free id
    form = {**plan_values(_stored_of(studio, f"{CID}_copy")), "name": "Autumn rerun"}
    renamed = root.post(
        f"/campaigns/{CID}_copy/plan", data={**form, "csrf_token": csrf_of(page.text)}
    )
    assert "plan saved as version 2" in renamed.text
    assert duplicate() == f"/campaigns/{CID}_copy_2/plan"
    # unknown campaigns, viewers and forged posts copy nothing
    assert (
        root.post("/campaigns/nope/duplicate", data={"csrf_token": csrf_of(plan.text)}).status_code
        == 404
    )
    vera = studio.client("vera")
    page = vera.get(f"/campaigns/{CID}")
    assert (
        vera.post(
            f"/campaigns/{CID}/duplicate", data={"csrf_token": csrf_of(page.text)}
        ).status_code
        == 403
    )
    assert root.post(f"/campaigns/{CID}/duplicate", data={}).status_code == 403
    ids = {r["campaign_id"] for r in lifecycle.list_campaigns(studio.store)}
    assert ids == {CID, f"{CID}_copy", f"{CID}_copy_2"}


def test_copy_ids_stay_within_64_characters():
    from studio.forms import copy_id

    long = "a" * 64
    first = copy_id(long, {long})
    assert first.endswith("_copy") and len(first) == 64
    second = copy_id(long, {long, first})
    assert second.endswith("_copy_2") and len(second) == 64


def test_large_and_precise_numbers_are_shown_in_full_and_kept_by_an_unchanged_save():
    doc = {
        **copy.deepcopy(_DEMO),
        "budget": {**_DEMO["budget"], "amount": 1234567.89},
        "kpis": {"target_conversion_rate": 0.1234567, "target_cpa_amount": 1500000.0},
    }
    values = plan_values(doc)
    assert values["budget_amount"] == "1234567.89"
    assert values["target_cpa_amount"] == "1500000"
    assert values["target_conversion_pct"] == "12.34567"
    assert plan_document(doc, values) == doc
