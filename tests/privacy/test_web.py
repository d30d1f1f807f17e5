"""Preference centre (from a real email's footer link) and double opt-in, through the HTTP app."""

from __future__ import annotations

import datetime as dt
import re

import sqlalchemy as sa
from starlette.testclient import TestClient

from delivery.ledger import LedgerKey, LedgerRow
from delivery.rendering.email import EmailRenderer, Sender
from delivery.rendering.templates import TemplateSet
from delivery.suppression import suppress
from privacy.consent import current_consent
from privacy.tables import consent_ledger
from privacy.web import create_privacy_app, receives_campaigns
from tests.privacy.conftest import NOW

SECRET = "footer-signing-secret"
TOPICS = {
    "newsletter": "Monthly newsletter",
    "course_updates": "New courses",
    "events": "Open days",
}
SENDER = Sender(
    from_email="news@academy.example.edu", from_name="Academy", organisation="Academy Ltd",
    postal_address="12 Harbour Street, Leeds LS1 4AB", unsubscribe_base_url="https://hooks.example.edu",
    unsubscribe_secret=SECRET,
)  # fmt: skip


def _email(address: str):
    key = LedgerKey("cmp_0001", "s1", "c_0000007", "email", to_address=address)
    row = LedgerRow.from_mapping(dict(
        ledger_id=key.ledger_id, campaign_id="cmp_0001", step_id="s1", contact_id="c_0000007",
        channel="email", occurrence=1, variant_id=None, to_address=address, provider=None,
        state="claimed", owner="t", lease_expires_at=None, attempts=1, content_sha256=None,
        provider_message_id=None, last_error=None, created_at=NOW, updated_at=NOW,
        sending_at=None, submitted_at=None, completed_at=None,
    ))  # fmt: skip
    renderer = EmailRenderer(
        TemplateSet("t", {"en": {"subject": "Hi", "html": "<p>Hi {{ first_name }}</p>"}}), SENDER
    )
    return renderer.render(row, {"first_name": "Ana", "locale": "en"})


def _ticked(page: str) -> set[str]:
    return set(re.findall(r'value="([a-z_]+)" checked', page))


def _footer_path(address: str) -> str:
    (link,) = set(
        re.findall(
            r'href="https://hooks\.example\.edu(/preferences\?token=[^"]+)"', _email(address).html
        )
    )
    return link


def _app(store, keys, sent: list, clock=lambda: NOW):
    app = create_privacy_app(
        store, keys, unsubscribe_secret=SECRET, public_base_url="https://hooks.example.edu",
        topics=TOPICS, wording_version="prefs-2026-11", clock=clock,
        send_confirmation=lambda address, url: sent.append((address, url)),
    )  # fmt: skip
    return TestClient(
        app, base_url="https://hooks.example.edu", headers={"user-agent": "Firefox/140"}
    )


def test_preference_centre_from_the_email_footer(any_store, keys):
    msg = _email("ana@example.edu")
    (link,) = set(
        re.findall(r'href="(https://hooks\.example\.edu/preferences\?token=[^"]+)"', msg.html)
    )
    assert link.split("token=")[1] in msg.text  # the text part carries it too
    client = _app(any_store, keys, [])
    path = link.replace("https://hooks.example.edu", "")
    page = client.get(path)
    # Ana receives our email (consent from before, nothing blocks her): every topic she has not
    # chosen yet is shown ticked, and the page says why
    assert page.status_code == 200 and "Monthly newsletter" in page.text
    assert _ticked(page.text) == set(TOPICS) and "consent you gave us before" in page.text
    r = client.post(path, data={"topic": ["newsletter", "events"]})
    # the first save records the whole choice: the topic left unticked too
    assert r.status_code == 200 and "3 change(s)" in r.text
    assert current_consent(any_store, keys, address="ana@example.edu", channel="email") == {
        "newsletter": "granted", "events": "granted", "course_updates": "withdrawn"}  # fmt: skip
    page = client.get(path)  # now her own choice, and no note
    assert _ticked(page.text) == {"newsletter", "events"}
    assert "consent you gave us before" not in page.text
    r = client.post(path, data={"topic": ["events"]})  # withdraws the newsletter only
    assert "1 change(s)" in r.text
    state = current_consent(any_store, keys, address="ana@example.edu", channel="email")
    assert state == {"newsletter": "withdrawn", "events": "granted", "course_updates": "withdrawn"}
    with any_store.engine.connect() as conn:
        rows = conn.execute(sa.select(consent_ledger)).mappings().all()
    # the two boxes she left ticked confirm earlier consent (marked), not a new opt-in
    assert sorted((r["topic"], r["status"], r["wording_version"]) for r in rows) == [
        ("course_updates", "withdrawn", "prefs-2026-11"),
        ("events", "granted", "prefs-2026-11;prefilled"),
        ("newsletter", "granted", "prefs-2026-11;prefilled"),
        ("newsletter", "withdrawn", "prefs-2026-11"),
    ]
    assert {(r["source"], r["contact_id"]) for r in rows} == {
        ("preference_centre", "c_0000007")}  # fmt: skip
    assert (
        keys.decrypt(rows[0]["user_agent_enc"], column="consent_ledger.user_agent_enc")
        == "Firefox/140"
    )
    # a forged or unknown token, or a topic we do not offer, is refused and changes nothing
    assert client.get("/preferences?token=abc.def").status_code == 400
    assert client.post(path, data={"topic": ["lottery"]}).status_code == 400


def test_double_opt_in_records_consent_only_after_confirmation(any_store, keys):
    sent: list = []
    client = _app(any_store, keys, sent)
    r = client.post("/signup", data={"email": "Bea@Example.edu", "topic": ["newsletter"]})
    assert r.status_code == 200
    assert current_consent(any_store, keys, address="bea@example.edu", channel="email") == {}
    ((address, url),) = sent
    path = url.replace("https://hooks.example.edu", "")
    assert client.get(path).status_code == 200  # a GET (link scanner) confirms nothing
    assert current_consent(any_store, keys, address="bea@example.edu", channel="email") == {}
    assert client.post(path).status_code == 200
    assert current_consent(any_store, keys, address="bea@example.edu", channel="email") == {
        "newsletter": "granted"}  # fmt: skip
    with any_store.engine.connect() as conn:
        (row,) = conn.execute(sa.select(consent_ledger)).mappings().all()
    assert row["source"] == "double_opt_in" and row["wording_version"] == "prefs-2026-11"
    assert keys.decrypt(row["ip_enc"], column="consent_ledger.ip_enc") == "testclient"
    assert (
        client.post(
            "/signup", data={"email": "not-an-address", "topic": ["newsletter"]}
        ).status_code
        == 400
    )
    # a link used after a week has expired
    late = _app(any_store, keys, sent, clock=lambda: NOW + dt.timedelta(days=8))
    late.post("/signup", data={"email": "cy@example.edu", "topic": ["events"]})
    later = _app(any_store, keys, [], clock=lambda: NOW + dt.timedelta(days=16))
    assert "expired" in later.post(sent[-1][1].replace("https://hooks.example.edu", "")).text


def test_a_person_our_email_no_longer_reaches_sees_nothing_ticked(any_store, keys):
    """Unsubscribed (the one-click link: a suppression) or every topic withdrawn: no box is
    ticked from earlier consent, and what they tick themselves is a plain opt-in."""
    client = _app(any_store, keys, [])
    with any_store.begin() as conn:
        suppress(conn, any_store, channel="email", address="Bo@Example.edu ", reason="unsubscribed",
                 source="unsubscribe_link", now=NOW)  # fmt: skip
    page = client.get(_footer_path("bo@example.edu"))
    assert _ticked(page.text) == set() and "consent you gave us before" not in page.text
    assert (
        "3 change(s)"
        in client.post(_footer_path("bo@example.edu"), data={"topic": ["events"]}).text
    )
    with any_store.engine.connect() as conn:
        versions = dict(
            conn.execute(sa.select(consent_ledger.c.topic, consent_ledger.c.wording_version)).all()
        )
    assert versions == dict.fromkeys(TOPICS, "prefs-2026-11")
    # Cy withdrew everything (her first save, nothing ticked): her next visit shows that
    cy = _footer_path("cy@example.edu")
    assert _ticked(client.get(cy).text) == set(TOPICS)
    client.post(cy, data={})
    assert not receives_campaigns(any_store, keys, "email", "cy@example.edu")
    assert _ticked(client.get(cy).text) == set()
    assert receives_campaigns(any_store, keys, "email", "dee@example.edu")
