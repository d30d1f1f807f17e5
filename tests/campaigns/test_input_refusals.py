"""What validates must send: hostile or absurd campaign and segment files are refused at
validation, naming the file, the field and the fix."""

from __future__ import annotations

import copy
import tracemalloc
from pathlib import Path

import pytest
import yaml

from delivery.campaigns.errors import CampaignFileError
from delivery.campaigns.templates import sample_context
from delivery.campaigns.validation import load_campaign_file, validate_campaign
from delivery.journeys.sources import CONTACT_COLUMNS
from delivery.ledger import LedgerRow
from delivery.messages import RenderError
from delivery.rendering.email import MAX_MESSAGE_BYTES, EmailRenderer
from delivery.rendering.templates import TemplateSet
from segments.errors import SegmentSpecError
from segments.loader import parse_segment
from tests.delivery.test_rendering import SENDER

EXAMPLE = Path(__file__).resolve().parents[2] / "delivery/campaigns/examples/spring_enrollment.yml"
DOC = yaml.safe_load(EXAMPLE.read_text())

#: The 561-byte kind of file that ran past 90 s and 1.3 GB: nine levels of nine aliases.
BOMB_LINES = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]'] + [
    f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 9)
]


def _refusal(doc: dict) -> str:
    with pytest.raises(CampaignFileError) as err:
        validate_campaign(doc, "spring.yml")
    return str(err.value)


def _with(path: tuple, value) -> dict:
    doc = copy.deepcopy(DOC)
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return doc


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("budget", "amount"), float("inf"), "finite number"),
        (("budget", "amount"), float("nan"), "finite number"),
        (("budget", "amount"), True, "not true/false"),
        (("budget", "amount"), "500", "not quoted"),
        (("budget", "cost_per_message", "sms"), float("inf"), "finite number"),
        (("kpis", "conversion_window_days"), True, "whole number"),
        (("workflow", "step_time_limit_seconds"), 1e12, "smaller value"),
        (("workflow", "nodes", 3, "duration"), "99999999w", "longer than 366 days"),
        (("workflow", "nodes", 3, "duration"), "9" * 40 + "d", "longer than 366 days"),
        (("workflow", "nodes", 1, "variants", 0, "weight"), True, "not true/false"),
    ],
)
def test_absurd_numbers_are_refused_naming_field_and_fix(path, value, expected):
    text = _refusal(_with(path, value))
    assert "spring.yml" in text and expected in text
    field = ".".join(str(p) for p in path if not isinstance(p, int))
    assert all(part in text for part in field.split(".")), text


@pytest.mark.parametrize("subject", ["Hi\r\nBcc: all@example.edu", "Line one\nline two"])
def test_a_subject_with_a_line_break_is_refused(subject):
    doc = _with(("content", 0, "locales", "en", "subject"), subject)
    text = _refusal(doc)
    assert "content[0](id=invite_email).locales.en.subject" in text and "one line" in text
    variant = copy.deepcopy(DOC)
    variant["content"][0]["variants"]["B"]["en"]["subject"] = subject
    assert "one line" in _refusal(variant)


def test_a_template_variable_dispatch_does_not_provide_is_refused():
    doc = _with(("content", 0, "locales", "en", "body"), "<p>Dear {{ last_name }}</p>")
    text = _refusal(doc)
    assert "last_name" in text and "content(id=invite_email)" in text and "use only:" in text
    sms = _with(("content", 1, "locales", "en", "body"), "Stop here: {{ unsubscribe_url }}")
    assert "unsubscribe_url" in _refusal(sms)  # an SMS has no unsubscribe link


def test_the_validation_context_is_exactly_the_dispatch_context():
    columns = set(CONTACT_COLUMNS)
    assert set(sample_context("sms")) == columns | {"campaign_name", "contact"}
    assert set(sample_context("email")) == set(sample_context("sms")) | {"unsubscribe_url"}


def test_a_yaml_alias_bomb_is_refused_at_once_in_bounded_memory(tmp_path):
    text = "\n".join(BOMB_LINES) + "\n"
    campaign = tmp_path / "bomb.yml"
    campaign.write_text(text)
    tracemalloc.start()
    try:
        with pytest.raises(
            CampaignFileError, match=r"(?s)bomb\.yml.*line 2.*alias \*a0 is not allowed"
        ):
            load_campaign_file(campaign)
        with pytest.raises(SegmentSpecError, match="alias"):
            parse_segment("description: x\nwhere: {segment: x}\n" + text, "bomb.yml")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5_000_000  # refused before any expansion (9**9 nodes otherwise)


def test_merge_keys_are_aliases_too():
    text = "base: &b {description: x}\nseg:\n  <<: *b\n"
    with pytest.raises(SegmentSpecError, match="alias"):
        parse_segment(text, "merge.yml")


def test_one_rendered_email_has_a_size_limit():
    big = "{{ 'x' * 99000 }}"
    ts = TemplateSet("big", {"en": {"subject": "Hi", "html": f"<p>{big}</p>", "text": big}})
    row = LedgerRow.from_mapping(
        {
            "ledger_id": "c:s:x:email:1",
            "campaign_id": "c",
            "step_id": "s",
            "contact_id": "x",
            "channel": "email",
            "occurrence": 1,
            "variant_id": None,
            "to_address": "ana@example.edu",
            "provider": None,
            "state": "claimed",
            "owner": None,
            "lease_expires_at": None,
            "attempts": 1,
            "content_sha256": None,
            "provider_message_id": None,
            "last_error": None,
            "created_at": None,
            "updated_at": None,
            "sending_at": None,
            "submitted_at": None,
            "completed_at": None,
        }
    )
    with pytest.raises(RenderError, match=f"above the limit of {MAX_MESSAGE_BYTES:,}"):
        EmailRenderer(ts, SENDER).render(row, {"locale": "en"})
