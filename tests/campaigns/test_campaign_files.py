"""Campaign files: examples validate, every bad-file case fails with file, path and fix."""

from __future__ import annotations

import json

import pytest
import yaml

from delivery.campaigns.errors import CampaignFileError
from delivery.campaigns.graph import to_mermaid
from delivery.campaigns.schema import SCHEMA_PATH, schema_text
from delivery.campaigns.validation import (
    load_campaign_file,
    segment_names_in,
    validate_campaign,
)
from tests.campaigns.conftest import EXAMPLES, node_index

SOURCE = "campaigns/bad.yml"
SEGMENTS_DIR = EXAMPLES.parents[2] / "segments" / "definitions"


def _problems(doc, **kwargs) -> list[str]:
    with pytest.raises(CampaignFileError) as info:
        validate_campaign(doc, SOURCE, **kwargs)
    assert str(info.value).startswith(SOURCE)
    return [str(p) for p in info.value.problems]


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yml")), ids=lambda p: p.name)
def test_examples_are_valid(path):
    campaign = load_campaign_file(path, known_segments=segment_names_in(SEGMENTS_DIR))
    assert campaign.workflow.nodes[0].type == "entry"


def test_schema_file_is_current():
    assert SCHEMA_PATH.read_text() == schema_text(), "run: enrollflow campaign schema"


def test_schema_rejects_unknown_keys_for_editors():
    schema = json.loads(SCHEMA_PATH.read_text())
    assert schema["additionalProperties"] is False
    assert "workflow" in schema["required"]


def test_unknown_node_type(demo_doc):
    demo_doc["workflow"]["nodes"][node_index(demo_doc, "invite")]["type"] = "sned"
    [problem] = _problems(demo_doc)
    assert "workflow.nodes[2](id=invite)" in problem
    assert "'sned'" in problem and "entry, wait, branch, split, send, exit" in problem


def test_unknown_key_is_named(demo_doc):
    demo_doc["budget"]["amout"] = 5
    problems = _problems(demo_doc)
    assert any(p.startswith("budget.amout") and "remove the key" in p for p in problems)


def test_dangling_edge(demo_doc):
    demo_doc["workflow"]["nodes"][node_index(demo_doc, "wait_48h")]["next"] = "opened_invit"
    problems = _problems(demo_doc)
    assert any(
        "workflow.nodes[3](id=wait_48h).next" in p
        and "unknown node 'opened_invit'" in p
        and "opened_invite" in p
        for p in problems
    )


def test_cycle_without_wait(demo_doc):
    demo_doc["workflow"]["nodes"][node_index(demo_doc, "sms_reminder")]["next"] = "opened_invite"
    problems = _problems(demo_doc)
    assert any("cycle without a wait" in p and "put a wait node" in p for p in problems)


def test_cycle_through_a_wait_is_allowed(demo_doc):
    demo_doc["workflow"]["nodes"][node_index(demo_doc, "sms_reminder")]["next"] = "wait_48h"
    campaign = validate_campaign(demo_doc, SOURCE)
    assert campaign.workflow.node("sms_reminder").next == "wait_48h"


def test_unknown_template(demo_doc):
    demo_doc["workflow"]["nodes"][node_index(demo_doc, "invite")]["template"] = "invite_mail"
    [problem] = _problems(demo_doc)
    assert "workflow.nodes[2](id=invite).template" in problem
    assert "unknown template 'invite_mail'" in problem and "invite_email" in problem


def test_template_of_wrong_channel(demo_doc):
    demo_doc["workflow"]["nodes"][node_index(demo_doc, "invite")]["template"] = "reminder_sms"
    [problem] = _problems(demo_doc)
    assert "is for sms, the node sends email" in problem


def test_a_topic_must_be_one_the_preference_centre_offers(demo_doc):
    demo_doc["topic"] = "lottery"
    [problem] = _problems(demo_doc)
    assert problem.startswith("topic: unknown topic 'lottery'")
    assert "newsletter, course_updates, events" in problem
    demo_doc["topic"] = "course_updates"
    assert validate_campaign(demo_doc, SOURCE).topic == "course_updates"


def test_unknown_segment(demo_doc):
    known = {"course_browsers_no_application_7d", "spanish_speakers_not_engaged"}
    [problem] = _problems(demo_doc, known_segments=known)
    assert problem.startswith("audience.segments: unknown segment 'new_leads_no_application_14d'")
    assert "use one of: course_browsers_no_application_7d" in problem


def test_bad_cron(demo_doc):
    entry = demo_doc["workflow"]["nodes"][0]
    entry["trigger"] = {"kind": "schedule", "cron": "0 25 * * *", "local_time": "09:00"}
    [problem] = _problems(demo_doc)
    assert (
        "workflow.nodes[0](id=start).trigger.cron: invalid cron expression '0 25 * * *'" in problem
    )


def test_cron_with_six_fields_is_refused(demo_doc):
    demo_doc["workflow"]["nodes"][0]["trigger"] = {"kind": "schedule", "cron": "0 0 9 * * *"}
    assert "invalid cron" in _problems(demo_doc)[0]


def test_schedule_needs_exactly_one_of_cron_or_date(demo_doc):
    demo_doc["workflow"]["nodes"][0]["trigger"] = {"kind": "schedule", "local_time": "09:00"}
    [problem] = _problems(demo_doc)
    assert "exactly one of 'cron'" in problem and "workflow.nodes[0](id=start).trigger" in problem


@pytest.mark.parametrize(
    ("variants", "expected"),
    [
        (
            [
                {"id": "A", "weight": 0, "next": "invite"},
                {"id": "B", "weight": 1, "next": "invite"},
            ],
            "greater than 0",
        ),
        ([{"id": "A", "weight": 1, "next": "invite"}], "at least 2"),
        (
            [
                {"id": "A", "weight": 1, "next": "invite"},
                {"id": "A", "weight": 1, "next": "invite"},
            ],
            "duplicate variant ids",
        ),
    ],
)
def test_bad_ab_weights(demo_doc, variants, expected):
    demo_doc["workflow"]["nodes"][node_index(demo_doc, "subject_test")]["variants"] = variants
    problems = _problems(demo_doc)
    assert any(expected in p and "subject_test" in p for p in problems), problems


def test_template_variant_not_made_by_any_split(demo_doc):
    demo_doc["content"][0]["variants"]["C"] = {"en": {"subject": "x"}}
    [problem] = _problems(demo_doc)
    assert "content(id=invite_email).variants.C" in problem


def test_ab_test_needs_100_contacts(demo_doc):
    problems = _problems(demo_doc, audience_size=99)
    assert any("at least 100 contacts" in p and "has 99" in p for p in problems)
    assert validate_campaign(demo_doc, SOURCE, audience_size=100).has_ab_test


def test_unreachable_node(demo_doc):
    demo_doc["workflow"]["nodes"].append({"id": "orphan", "type": "exit"})
    [problem] = _problems(demo_doc)
    assert "orphan" in problem and "cannot be reached" in problem


def test_two_entries_and_no_exit(demo_doc):
    nodes = demo_doc["workflow"]["nodes"]
    nodes[node_index(demo_doc, "done")] = {
        "id": "done",
        "type": "wait",
        "duration": "1h",
        "next": "start",
    }
    problems = _problems(demo_doc)
    assert any("no exit node" in p for p in problems)
    assert any("leads back into the entry" in p for p in problems)


def test_wait_needs_one_kind(demo_doc):
    demo_doc["workflow"]["nodes"][node_index(demo_doc, "wait_48h")]["until_local_time"] = "09:00"
    [problem] = _problems(demo_doc)
    assert "exactly one of duration, until_local_time or until_event" in problem


def test_bad_duration_and_time(demo_doc):
    demo_doc["workflow"]["nodes"][node_index(demo_doc, "wait_48h")]["duration"] = "2 days"
    demo_doc["rules"]["email_window"] = {"start": "21:00", "end": "08:00"}
    problems = _problems(demo_doc)
    assert any("workflow.nodes[3](id=wait_48h).duration" in p for p in problems)
    assert any(p.startswith("rules.email_window") and "must be before end" in p for p in problems)


def test_unknown_timezone(demo_doc):
    demo_doc["organisation_timezone"] = "Europe/Londn"
    [problem] = _problems(demo_doc)
    assert problem.startswith("organisation_timezone") and "Europe/Londn" in problem


def test_yaml_syntax_error_names_file(tmp_path):
    path = tmp_path / "broken.yml"
    path.write_text("campaign_id: [unclosed\n")
    with pytest.raises(CampaignFileError, match=r"(?s)broken\.yml.*not valid YAML"):
        load_campaign_file(path)


def test_mermaid_graph_has_every_node_and_edge():
    campaign = load_campaign_file(EXAMPLES / "spring_enrollment.yml")
    text = to_mermaid(campaign)
    assert text.startswith("flowchart TD\n")
    for node in campaign.workflow.nodes:
        assert f"    {node.id}" in text
    assert "opened_invite -->|no| sms_reminder" in text
    assert "subject_test -->|holdout| done" in text


def test_segment_names_from_definitions(tmp_path):
    (tmp_path / "a.yml").write_text(yaml.safe_dump({"name": "engaged_prospects"}))
    (tmp_path / "lapsed.yml").write_text(yaml.safe_dump({"description": "no name key"}))
    assert segment_names_in(tmp_path) == {"engaged_prospects", "lapsed"}


def test_undefined_template_variable_fails_at_validation(demo_doc):
    demo_doc["content"][0]["variants"]["B"]["en"]["subject"] = "{{ firstname }}, 3 seats left"
    [problem] = _problems(demo_doc)
    assert problem.startswith("content(id=invite_email).variants.B")
    assert "firstname" in problem and "use only:" in problem


def test_template_syntax_error_is_reported(demo_doc):
    demo_doc["content"][1]["locales"]["en"]["body"] = "Hi {{ first_name "
    problems = _problems(demo_doc)
    assert any("reminder_sms" in p for p in problems)
