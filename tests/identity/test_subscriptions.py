"""Report subscriptions (``delivery.identity.subscriptions``), on SQLite and Postgres: idempotent
and audited with the user as actor; only active subscribers' (opened) emails are listed."""

from __future__ import annotations

import pytest

from delivery.identity import IdentityError, add_user, query_audit
from delivery.identity.accounts import set_active
from delivery.identity.subscriptions import (
    is_subscribed,
    recipients,
    set_subscribed,
    subscriber_emails,
)
from tests.identity.conftest import NOW


def test_subscribing_is_idempotent_audited_and_lists_active_users_only(store):
    for user_id in ("ana", "maria", "root"):
        add_user(store, user_id, f"{user_id.capitalize()}@School.edu", actor="t", now=NOW,
                 roles=["admin" if user_id == "root" else "viewer"])  # fmt: skip
    assert subscriber_emails(store) == []
    assert set_subscribed(store, "maria", True, now=NOW) is True
    assert set_subscribed(store, "maria", True, now=NOW) is False  # already
    set_subscribed(store, "ana", True, now=NOW)
    assert is_subscribed(store, "maria") and not is_subscribed(store, "root")
    assert subscriber_emails(store) == ["Ana@School.edu", "Maria@School.edu"]
    set_active(store, "ana", False, actor="root", now=NOW)
    assert subscriber_emails(store) == ["Maria@School.edu"]
    assert set_subscribed(store, "maria", False, now=NOW) is True
    assert subscriber_emails(store) == []
    actions = [(e["action"], e["actor"]) for e in query_audit(store, subject="maria")]
    assert actions.count(("report.subscribe", "maria")) == 1
    assert ("report.unsubscribe", "maria") in actions
    with pytest.raises(IdentityError, match="expected one of weekly"):
        set_subscribed(store, "maria", True, now=NOW, report="daily")


def test_recipients_are_the_configured_then_the_subscribers_each_once(store):
    add_user(store, "ana", "A@x.edu", actor="t", now=NOW, roles=["viewer"])
    add_user(store, "cy", "c@x.edu", actor="t", now=NOW, roles=["viewer"])
    for user_id in ("ana", "cy"):
        set_subscribed(store, user_id, True, now=NOW, report="alerts")
    assert recipients([" b@x.edu ", "a@X.edu", ""], store, "alerts") == [
        "b@x.edu",
        "a@X.edu",
        "c@x.edu",
    ]
    assert recipients(["b@x.edu"], store, "weekly") == ["b@x.edu"]  # subscribed to alerts only
