"""An answer a provider does not document still gets a safe action (``delivery.providers.codes``).

The documented codes are tested through each SDK in ``test_provider_error_codes.py``; these are
the fall-backs for everything else: a server error is retried, refused credentials stop the
provider, an unknown client error holds it (nothing is sent blindly again) or fails the message
alone, and an SMTP 4xx defers the recipient.
"""

from __future__ import annotations

import pytest

from delivery.providers.codes import (
    Action,
    mandrill_rule,
    sendgrid_rule,
    smtp_rule,
    sns_rule,
    twilio_rule,
)


@pytest.mark.parametrize(
    ("status", "action"), [(501, Action.RETRY), (599, Action.RETRY), (418, Action.HOLD)]
)
def test_sendgrid_undocumented_status(status, action):
    rule = sendgrid_rule(status)
    assert (rule.code, rule.action) == (status, action)


def test_sendgrid_documented_status_is_the_table_row():
    assert sendgrid_rule(413).action is Action.SPLIT


@pytest.mark.parametrize(
    ("code", "status", "action", "meaning"),
    [
        (None, 401, Action.STOP, "Authentication failed (account SID / auth token)"),
        (99999, 401, Action.STOP, "Authentication failed (account SID / auth token)"),
        (None, 429, Action.RETRY, "Too Many Requests"),
        (99999, 503, Action.RETRY, "server error"),
        (99999, 404, Action.HOLD, "not found"),
        (None, 400, Action.FAIL, "request refused for this message"),
    ],
)
def test_twilio_unknown_code_falls_back_on_the_http_status(code, status, action, meaning):
    rule = twilio_rule(code, status)
    assert (rule.action, rule.meaning) == (action, meaning)
    if meaning in ("server error", "not found", "request refused for this message"):
        assert rule.code == (code or status)  # the alert names what the provider said


@pytest.mark.parametrize(
    ("code", "action"),
    [(421, Action.RETRY), (450, Action.DEFER), (471, Action.DEFER), (557, Action.FAIL)],
)
def test_smtp_unlisted_replies_follow_their_class(code, action):
    assert smtp_rule(code).action is action


@pytest.mark.parametrize(
    ("code", "status", "message", "action"),
    [
        ("InvalidParameter", 400, "Invalid parameter: PhoneNumber Reason: +1 is not valid", Action.SUPPRESS),
        ("InvalidParameter", 400, "Phone number is opted out", Action.SUPPRESS),
        ("InvalidParameter", 400, "Invalid parameter: Message too long", Action.FAIL),
        ("Throttling", 400, "", Action.RETRY),
        ("SomethingNew", 429, "", Action.RETRY),
        ("SomethingNew", 502, "", Action.RETRY),
        ("SomethingNew", 403, "", Action.STOP),
        ("SomethingNew", 400, "", Action.HOLD),
    ],
)  # fmt: skip
def test_sns_errors(code, status, message, action):
    assert sns_rule(code, status, message).action is action


@pytest.mark.parametrize(
    ("name", "status", "action", "code"),
    [
        ("ValidationError", 500, Action.FAIL, "ValidationError"),  # the name wins over the 500
        (None, 503, Action.RETRY, 503),
        (None, 401, Action.STOP, "Invalid_Key"),
        ("Unknown_Thing", 403, Action.STOP, "Invalid_Key"),
        ("Unknown_Thing", 507, Action.RETRY, "Unknown_Thing"),
        (None, 422, Action.HOLD, 422),
    ],
)
def test_mandrill_errors(name, status, action, code):
    rule = mandrill_rule(name, status)
    assert (rule.action, rule.code) == (action, code)
