"""Fixtures of the delivery tests: stores on SQLite and Postgres, the provider fakes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from delivery.ledger import LedgerKey
from delivery.messages import EmailMessage, SmsMessage
from delivery.store import Store, open_store
from tests.fakes.sendgrid import FakeSendGrid

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def sqlite_store(tmp_path) -> Iterator[Store]:
    store = open_store(f"sqlite:///{tmp_path / 'ops.sqlite'}", create=True)
    yield store
    store.dispose()


@pytest.fixture(scope="session")
def _pg_session_store(pg_session_url) -> Iterator[Store]:
    store = open_store(pg_session_url, create=True)
    yield store
    store.dispose()


@pytest.fixture
def pg_store(_pg_session_store) -> Store:
    """The session's Postgres store, emptied of delivery rows (creating a database per test is slow)."""
    with _pg_session_store.begin() as conn:
        for table in (
            "send_ledger",
            "suppressions",
            "consent_events",
            "provider_state",
            "audit_log",
            "campaign_counters",
            "message_engagement",
            "webhook_receipts",
        ):
            conn.execute(sa.text(f"DELETE FROM {table}"))
    return _pg_session_store


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def any_store(request) -> Store:
    """The same test on SQLite and on the real Postgres."""
    name = "sqlite_store" if request.param == "sqlite" else "pg_store"
    return request.getfixturevalue(name)


@pytest.fixture
def fake_sendgrid() -> Iterator[FakeSendGrid]:
    with FakeSendGrid() as fake:
        yield fake


def email_keys(n: int, *, campaign: str = "cmp_0001", step: str = "s1") -> list[LedgerKey]:
    """``n`` email ledger keys with valid addresses."""
    return [
        LedgerKey(campaign, step, f"c_{i:07d}", "email", to_address=f"learner{i}@example.edu")
        for i in range(n)
    ]


def plain_email(row) -> EmailMessage:
    """A minimal rendered email for a ledger row (tests of the ledger mechanics)."""
    return EmailMessage(
        ledger_id=row.ledger_id,
        to=row.to_address,
        from_email="news@academy.example.edu",
        from_name="Academy",
        subject=f"Hello {row.contact_id}",
        html=f"<p>Hi {row.contact_id}</p>",
        text=f"Hi {row.contact_id}",
        custom_args={"campaign_id": row.campaign_id, "contact_id": row.contact_id},
    )


def plain_sms(row) -> SmsMessage:
    """A minimal rendered SMS for a ledger row."""
    return SmsMessage(ledger_id=row.ledger_id, to=row.to_address, body=f"Hi {row.contact_id}")
