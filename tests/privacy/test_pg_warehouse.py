"""Erasure in a Postgres warehouse: the tiny business's raw tables copied to a fresh database."""

from __future__ import annotations

import psycopg2
import pytest

from enrollflow.warehouse import copy_tables_to_postgres
from privacy.person import Scrubber, resolve_person
from privacy.stores_pg_warehouse import erase_in_postgres_warehouse
from tests.privacy.conftest import pick_subject

TABLES = ["raw_crm__contacts", "raw_crm__consent_events", "raw_sendgrid__events",
          "raw_twilio__callbacks", "raw_ledger__sends", "raw_lms__enrollments"]  # fmt: skip


@pytest.mark.postgres
def test_postgres_warehouse_erasure(tiny_business, tiny_raw_warehouse, pg_url):
    copy_tables_to_postgres(tiny_raw_warehouse, pg_url, "raw", TABLES)
    subject = pick_subject(tiny_business.landing, tiny_raw_warehouse)
    person = resolve_person(
        subject.contact_id, store=None, warehouse=tiny_raw_warehouse, landing=tiny_business.landing
    )
    scrubber = Scrubber(person)

    def dump() -> tuple[str, int, float]:
        with psycopg2.connect(pg_url) as con, con.cursor() as cur:
            text = []
            for table in TABLES:
                cur.execute(f"SELECT * FROM raw.{table}")
                text += map(repr, cur.fetchall())
            cur.execute("SELECT count(*) FROM raw.raw_sendgrid__events")
            events = cur.fetchone()[0]
            cur.execute("SELECT sum(amount) FROM raw.raw_lms__enrollments")
            revenue = float(cur.fetchone()[0] or 0)
        return "\n".join(text), events, revenue

    before, events, revenue = dump()
    assert subject.email in before
    touched = erase_in_postgres_warehouse(pg_url, ["raw"], scrubber)
    assert touched["raw.raw_crm__contacts"] >= 1 and touched["raw.raw_sendgrid__events"] >= 1
    after, events_after, revenue_after = dump()
    for needle in (subject.email, subject.phone, subject.first_name, subject.last_name):
        assert needle not in after, needle
    assert subject.contact_id not in after and scrubber.pseudonym in after
    assert (events_after, revenue_after) == (events, pytest.approx(revenue))
