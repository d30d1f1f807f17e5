"""Double opt-in as ``enrollflow ops webhooks`` serves it, over HTTP.

Sign-up -> the confirmation email lands in the sandbox outbox (the email provider of the
settings) -> its link confirms -> the consent ledger holds the grant with its provenance
(source, wording version, IP, user agent). A replayed link and a forged token are refused.
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from starlette.testclient import TestClient

from delivery.providers.sandbox import outbox_records
from enrollflow.commands.ops import served_webhooks_app
from enrollflow.settings import get_settings
from privacy.consent import current_consent
from privacy.tables import consent_ledger, optin_confirmations

PUBLIC = "https://hooks.example.edu"


def test_signup_confirmation_email_link_grants_consent_once(sqlite_store, tmp_path, monkeypatch):
    monkeypatch.setenv("ENROLLFLOW_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("ENROLLFLOW_EMAIL_PROVIDER", raising=False)
    settings = get_settings()
    app = served_webhooks_app(
        sqlite_store,
        settings,
        unsubscribe_secret="footer-secret",
        public_url=PUBLIC,
        twilio_auth_token="tw-token",
        sendgrid_token="sg-token",
        sendgrid_public_key=None,
        insecure_dev=False,
    )
    client = TestClient(app, headers={"user-agent": "Mozilla/5.0 (signup test)"})
    r = client.post(
        "/signup", data={"email": "Dora@Example.edu", "topic": ["newsletter", "events"]}
    )
    assert r.status_code == 200 and "Check your inbox" in r.text
    keys = sqlite_store.keys
    assert current_consent(sqlite_store, keys, address="dora@example.edu", channel="email") == {}

    outbox = settings.data_dir / "campaign" / "outbox" / "email"
    (mail,) = list(outbox_records(outbox))
    assert mail["to"] == "Dora@Example.edu" and "confirm" in mail["subject"].lower()
    (link,) = re.findall(rf"{re.escape(PUBLIC)}/confirm\?[^\s\"<]+", mail["text"])
    assert link.split("token=")[1].split("&")[0] not in mail["ledger_id"]  # not in metadata
    path = link.removeprefix(PUBLIC)

    assert client.get(path).status_code == 200  # a link scanner's GET confirms nothing
    assert current_consent(sqlite_store, keys, address="dora@example.edu", channel="email") == {}
    assert client.post(path).status_code == 200
    assert current_consent(sqlite_store, keys, address="dora@example.edu", channel="email") == {
        "newsletter": "granted",
        "events": "granted",
    }
    with sqlite_store.engine.connect() as conn:
        rows = conn.execute(sa.select(consent_ledger)).mappings().all()
    assert {r["source"] for r in rows} == {"double_opt_in"}
    assert {r["wording_version"] for r in rows} == {"preferences-v1"}
    assert {
        keys.decrypt(r["user_agent_enc"], column="consent_ledger.user_agent_enc") for r in rows
    } == {"Mozilla/5.0 (signup test)"}
    assert {keys.decrypt(r["ip_enc"], column="consent_ledger.ip_enc") for r in rows} == {
        "testclient"
    }

    replay = client.post(path)  # the same link again: refused, nothing recorded twice
    assert replay.status_code == 400 and "already used" in replay.text
    forged = client.post(path.replace("token=", "token=x"))
    assert forged.status_code == 400 and "not valid" in forged.text
    assert client.post("/confirm?token=abc&topics=newsletter").status_code == 400
    with sqlite_store.engine.connect() as conn:
        assert conn.execute(sa.select(sa.func.count()).select_from(consent_ledger)).scalar() == 2
        confirmed = conn.execute(sa.select(optin_confirmations.c.confirmed_at)).scalars().all()
    assert all(confirmed)
