"""Erasure end to end: a person mailed, texted, unsubscribed and ingested is gone from every store.

The tiny simulated business (landing zone + dbt-built warehouse) is copied; the person is sent an
email and an SMS through the sandbox provider by the real dispatcher, unsubscribes and texts STOP
through the webhooks app; then ``erase_person`` runs and every store and file is searched byte by
byte for their email, phone and names.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
import sqlalchemy as sa
from starlette.testclient import TestClient

from delivery.dispatch import dispatch
from delivery.ledger import LedgerKey
from delivery.messages import EmailMessage, SmsMessage
from delivery.providers.sandbox import SandboxProvider
from delivery.rendering.compliance import make_unsubscribe_token
from delivery.store import Store, open_store
from delivery.webhooks.app import create_app
from enrollflow.ingest import ingest_source
from enrollflow.snapshot import open_snapshot, publish_snapshot, snapshot_path
from privacy.crypto import KeyRing, new_key
from privacy.erasure import Places, erase_person, export_person
from privacy.person import UnknownPersonError
from privacy.requests import list_requests
from privacy.tombstones import TombstoneFilter
from tests.privacy.conftest import NOW, pick_subject

SECRET = "unsubscribe-secret-for-tests"


def _crm(landing) -> dict[str, dict]:
    records = {}
    for path in sorted((landing / "crm").glob("*/contacts*.jsonl")):
        for line in path.read_text().splitlines():
            r = json.loads(line)
            records[r["contact_id"]] = r
    return records


def _send_and_interact(copy, store, subject):
    """Email + SMS to the subject and two others (real dispatch, sandbox outbox), then the
    subject unsubscribes, a SendGrid event lands, and they text STOP (webhooks app)."""
    crm = _crm(copy.landing)
    others = [c for c in sorted(crm) if c != subject.contact_id and crm[c]["phone"]][:2]
    keys = []
    for cid in [subject.contact_id, *others]:
        keys.append(LedgerKey("cmp_9001", "s1", cid, "email", to_address=crm[cid]["email"]))
        keys.append(LedgerKey("cmp_9001", "s2", cid, "sms", to_address=crm[cid]["phone"]))
    from delivery.ledger import Ledger

    Ledger(store).enqueue(keys, now=NOW)

    def render(row):
        person = crm[row.contact_id]
        if row.channel == "sms":
            return SmsMessage(
                row.ledger_id, row.to_address, f"Hi {person['first_name']}! Reply STOP to opt out"
            )
        return EmailMessage(
            ledger_id=row.ledger_id,
            to=row.to_address,
            from_email="news@academy.example.edu",
            from_name="Academy",
            subject=f"{person['first_name']}, your course starts soon",
            html=f"<p>Dear {person['first_name']} {person['last_name']}</p>",
            text=f"Dear {person['first_name']} {person['last_name']}",
            custom_args={"contact_id": row.contact_id},
        )

    outbox = copy.data / "campaign" / "outbox"
    for channel in ("email", "sms"):
        provider = SandboxProvider(outbox / channel, channel=channel)
        dispatch(store, provider, render=render, now=NOW)
    with store.engine.connect() as conn:
        email_ledger_id = conn.execute(
            sa.text(
                "SELECT ledger_id FROM send_ledger WHERE contact_id = :c AND channel = 'email'"
            ),
            {"c": subject.contact_id},
        ).scalar_one()
    app = create_app(
        store,
        copy.landing,
        unsubscribe_secret=SECRET,
        public_base_url="https://hooks.example.edu",
        clock=lambda: NOW,
        allow_unauthenticated=True,  # the test posts unsigned provider callbacks
    )
    client = TestClient(app)
    token = make_unsubscribe_token(
        SECRET, ledger_id=email_ledger_id, channel="email", address=subject.email
    )
    assert (
        client.post(
            f"/unsubscribe?token={token}", content=b"List-Unsubscribe=One-Click"
        ).status_code
        == 200
    )
    event = {
        "email": subject.email,
        "timestamp": int(NOW.timestamp()),
        "event": "delivered",
        "sg_event_id": "ev-privacy-1",
        "sg_message_id": "msg-privacy-1.filter",
        "ledger_id": email_ledger_id,
        "contact_id": subject.contact_id,
    }
    assert client.post("/sendgrid/events", json=[event]).status_code == 200
    stop = {"MessageSid": "SMprivacy1", "From": subject.phone, "To": "+15005550006", "Body": "STOP"}
    assert client.post("/twilio/inbound", data=stop).status_code == 200
    return outbox, others


def _needles(subject) -> list[str]:
    return [subject.email.lower(), subject.phone, subject.first_name, subject.last_name]


def _found_in_bytes(data: bytes, subject) -> list[str]:
    text = data.decode("latin-1")
    low = text.lower()
    return [n for n in _needles(subject) if n.lower() in low or n in text]


def _file_text(path) -> bytes:
    data = path.read_bytes()
    return gzip.decompress(data) if path.name.endswith(".gz") else data


def test_erasure_leaves_no_trace_in_any_store_and_keeps_aggregates(business_copy, keys):
    copy = business_copy
    subject = pick_subject(copy.landing, copy.warehouse)
    store = open_store(f"sqlite:///{copy.data / 'ops.sqlite'}", create=True, keys=keys)
    outbox, others = _send_and_interact(copy, store, subject)
    reports = copy.data / "reports"
    reports.mkdir()
    (reports / "recipients.html").write_text(
        f"<p>Top clicker: {subject.first_name} {subject.last_name} ({subject.email})</p>"
    )
    with duckdb.connect(str(copy.warehouse), read_only=True) as con:
        events_before = con.execute("SELECT count(*) FROM raw_sendgrid__events").fetchone()[0]
        revenue_before = con.execute(
            "SELECT sum(revenue_amount) FROM stg_lms__enrollments"
        ).fetchone()[0]
        assert con.execute(
            "SELECT count(*) FROM raw_crm__contacts WHERE contact_id = ?", [subject.contact_id]
        ).fetchone()[0]
    with duckdb.connect(str(copy.warehouse)) as con:  # what readers open (notebooks, studio)
        publish_snapshot(con, copy.warehouse, now=NOW)
    places = Places(store, copy.landing, copy.warehouse, outbox, reports)
    original = _crm(copy.landing)[subject.contact_id]

    # the export sees the person in every store first
    doc = export_person(subject.phone, places, keys, now=NOW, actor="dpo@academy")
    assert doc["identifiers"]["emails"] == [subject.email.lower()]
    assert {"send_ledger", "suppressions", "consent_events"} <= set(doc["ops_store"])
    assert doc["landing_zone"] and doc["outbox_files"]
    assert "main.raw_crm__contacts" in doc["warehouse"]

    report = erase_person(subject.email.upper(), places, keys, now=NOW, actor="dpo@academy")
    assert report.tombstones >= 3  # contact id, email, phone
    assert report.stores["landing"]["files"] > 0 and report.stores["outbox"]["messages"] == 2
    store.dispose()

    # ops store: the SQLite file and its WAL, as bytes
    ops_files = sorted(copy.data.glob("ops.sqlite*"))
    for path in ops_files:
        assert _found_in_bytes(path.read_bytes(), subject) == [], path
    # landing zone, outbox, reports: every file, decompressed
    for root in (copy.landing, outbox, reports):
        for path in root.rglob("*"):
            if path.is_file():
                assert _found_in_bytes(_file_text(path), subject) == [], path
    # warehouse: every table and view, every column as text, and the file's bytes
    with duckdb.connect(str(copy.warehouse), read_only=True) as con:
        relations = con.execute(
            "SELECT schema_name, table_name FROM duckdb_tables() UNION ALL "
            "SELECT schema_name, view_name FROM duckdb_views() WHERE NOT internal"
        ).fetchall()
        for schema, table in relations:
            rows = con.execute(f'SELECT * FROM "{schema}"."{table}"').fetchall()
            text = "\n".join(map(repr, rows)).encode()
            assert _found_in_bytes(text, subject) == [], f"{schema}.{table}"
        # aggregates stay: same events, same revenue; the person's events carry the pseudonym
        assert (
            con.execute("SELECT count(*) FROM raw_sendgrid__events").fetchone()[0] == events_before
        )
        assert con.execute("SELECT sum(revenue_amount) FROM stg_lms__enrollments").fetchone()[
            0
        ] == pytest.approx(revenue_before)
        assert not con.execute(
            "SELECT count(*) FROM raw_sendgrid__events WHERE contact_id = ?", [subject.contact_id]
        ).fetchone()[0]
    assert _found_in_bytes(copy.warehouse.read_bytes(), subject) == []
    with open_snapshot(copy.warehouse) as con:  # the readers' copy was published again
        text = repr(con.execute("SELECT * FROM raw_crm__contacts").fetchall()).encode()
    assert _found_in_bytes(text, subject) == []
    assert _found_in_bytes(snapshot_path(copy.warehouse).read_bytes(), subject) == []

    # other people are untouched; the request is logged, completed, and forgets its subject
    reopened = open_store(f"sqlite:///{copy.data / 'ops.sqlite'}", keys=keys)
    with reopened.engine.connect() as conn:
        kept = conn.execute(
            sa.text("SELECT count(*) FROM send_ledger WHERE contact_id IN (:a, :b)"),
            {"a": others[0], "b": others[1]},
        ).scalar_one()
        assert kept == 4
        subjects = (
            conn.execute(sa.text("SELECT subject_enc FROM privacy_requests WHERE kind = 'erasure'"))
            .scalars()
            .all()
        )
    assert subjects == [None]
    kinds = {(r.kind, r.status) for r in list_requests(reopened)}
    assert kinds == {("access", "completed"), ("erasure", "completed")}
    with pytest.raises(UnknownPersonError):
        export_person(
            subject.email,
            Places(reopened, copy.landing, copy.warehouse),
            keys,
            now=NOW,
            actor="dpo",
        )

    # the CRM exports them again (and an old provider event turns up): ingest drops both
    day = copy.landing / "crm" / "2026-03-01"
    day.mkdir()
    (day / "contacts.jsonl").write_text(json.dumps(original) + "\n")
    tombstones = TombstoneFilter.load(reopened, keys)
    with duckdb.connect(str(copy.warehouse)) as con:
        result = ingest_source(
            con,
            copy.landing,
            "crm",
            dt.date(2026, 3, 1),
            dt.date(2026, 3, 1),
            NOW,
            tables=["raw_crm__contacts"],
            tombstones=tombstones,
        )
        assert result.tombstoned == {"raw_crm__contacts": 1}
        assert result.rows == {"raw_crm__contacts": 0}
    reopened.dispose()


def _hold_warehouse(path: Path, seconds: float) -> subprocess.Popen:
    """Another process (a Dagster run) holding the DuckDB file for writing for ``seconds``."""
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('held', flush=True); time.sleep(float(sys.argv[2]))", str(path), str(seconds)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdout.readline().strip() == "held"
    return holder


KEY, HASH_KEY = new_key("k1"), new_key("h1")


def _copy_store(copy) -> Store:
    """The copy's ops store (created as `ops migrate` does), sealed with the command's keys."""
    return open_store(
        f"sqlite:///{copy.data / 'ops.sqlite'}", create=True, keys=KeyRing.parse(KEY, HASH_KEY)
    )


def _privacy_command(
    copy, contact_id: str, *args: str, command: str = "erase"
) -> subprocess.CompletedProcess:
    """`enrollflow privacy COMMAND CONTACT --by dpo ARGS` in its own process, on the copy's data."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ENROLLFLOW_")}
    env.update(
        ENROLLFLOW_DATA_DIR=str(copy.data),
        ENROLLFLOW_PRIVACY_KEYS=KEY,
        ENROLLFLOW_PRIVACY_HASH_KEY=HASH_KEY,
    )
    return subprocess.run(
        [sys.executable, "-m", "enrollflow.cli", "privacy", command, contact_id, "--by", "dpo",
         *args],
        capture_output=True, text=True, timeout=300, env=env,
    )  # fmt: skip


def test_erase_waits_for_a_pipeline_run_to_release_the_warehouse(business_copy):
    """The command, while a run holds the warehouse: it says it waits, then erases once the
    file is free, and the request completes."""
    copy = business_copy
    subject = pick_subject(copy.landing, copy.warehouse)
    _copy_store(copy).dispose()
    holder = _hold_warehouse(copy.warehouse, 3)
    try:
        done = _privacy_command(copy, subject.contact_id)
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 0, done.stderr
    assert "held by another process (a pipeline run); waiting up to 600 s" in done.stderr
    assert "erased" in done.stdout
    crm_text = "".join(p.read_text() for p in (copy.landing / "crm").glob("*/contacts.jsonl"))
    assert subject.email not in crm_text
    with duckdb.connect(str(copy.warehouse), read_only=True) as con:
        names = con.execute("SELECT string_agg(last_name, ',') FROM raw_crm__contacts").fetchone()
    assert subject.last_name not in names[0]


def test_erasure_blocked_past_its_wait_changes_nothing_and_a_retry_completes(business_copy):
    from privacy.erasure import WarehouseBusyError, pseudonym_for
    from privacy.person import resolve_person

    copy = business_copy
    subject = pick_subject(copy.landing, copy.warehouse)
    store = _copy_store(copy)
    keys = store.keys
    holder = _hold_warehouse(copy.warehouse, 120)
    try:
        refused = _privacy_command(copy, subject.contact_id, "--wait", "1")
        no_export = _privacy_command(copy, subject.contact_id, "--wait", "0", command="export")
    finally:
        holder.kill()
        holder.wait()
    assert no_export.returncode == 1 and "nothing is exported" in no_export.stderr
    assert no_export.stdout == ""
    # a clear refusal, not a traceback: the request it leaves open is named
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "was not released within 1 s" in refused.stderr
    assert "nothing is erased yet" in refused.stderr  # the person's lookup met the lock first
    assert "run the erasure again" in refused.stderr
    requests = {r.kind: r for r in list_requests(store)}
    assert {(r.kind, r.status) for r in requests.values()} == {
        ("erasure", "open"),
        ("access", "open"),
    }
    assert requests["erasure"].request_id in refused.stderr
    assert requests["access"].request_id in no_export.stderr
    # nothing changed: the landing zone still has them
    crm_text = "".join(p.read_text() for p in (copy.landing / "crm").glob("*/contacts.jsonl"))
    assert subject.email in crm_text
    places = Places(store, copy.landing, copy.warehouse)
    with pytest.raises(WarehouseBusyError):  # the library's own refusal, with no wait
        holder = _hold_warehouse(copy.warehouse, 120)
        try:
            erase_person(subject.contact_id, places, keys, now=NOW, actor="dpo")
        finally:
            holder.kill()
            holder.wait()
    person = resolve_person(
        subject.contact_id, store=store, warehouse=copy.warehouse, landing=copy.landing
    )
    again = _privacy_command(copy, subject.contact_id)  # the retry, as the message says
    assert again.returncode == 0, again.stderr
    pseudonym = pseudonym_for(keys, person)
    crm_text = "".join(p.read_text() for p in (copy.landing / "crm").glob("*/contacts.jsonl"))
    assert subject.email not in crm_text and pseudonym in crm_text
    with duckdb.connect(str(copy.warehouse), read_only=True) as con:
        assert con.execute(
            "SELECT count(*) FROM raw_crm__contacts WHERE contact_id = ?", [pseudonym]
        ).fetchone()[0]
    # the failed attempts are completed by the retry (each names the request that served it)
    requests = {r.request_id: r for r in list_requests(store) if r.kind == "erasure"}
    assert {r.status for r in requests.values()} == {"completed"} and len(requests) == 3
    served = [r for r in requests.values() if "served_by" in r.outcome]
    assert len(served) == 2
    assert {r.outcome["served_by"] for r in served} == set(requests) - {
        r.request_id for r in served
    }
    store.dispose()


def test_the_warehouse_stays_locked_until_the_compacted_file_is_in_place(
    business_copy, keys, monkeypatch
):
    """A pipeline job waiting for the warehouse must open the erased, compacted file, never the
    old one between the copy and the swap (its writes would land in a file about to be
    unlinked): at the swap the erasure still holds the lock, and a writer afterwards keeps its
    rows."""
    import os
    import subprocess
    import sys

    from privacy import stores_warehouse
    from privacy.erasure import pseudonym_for
    from privacy.person import resolve_person

    copy = business_copy
    with duckdb.connect(str(copy.warehouse)) as con:  # readers have a snapshot to be replaced
        publish_snapshot(con, copy.warehouse, now=NOW)
    subject = pick_subject(copy.landing, copy.warehouse)
    store = open_store(f"sqlite:///{copy.data / 'ops.sqlite'}", create=True, keys=keys)
    person = resolve_person(
        subject.contact_id, store=store, warehouse=copy.warehouse, landing=copy.landing
    )
    probe = (
        "import duckdb, sys\n"
        "try:\n    duckdb.connect(sys.argv[1], read_only=True).close()\n"
        "except duckdb.IOException as exc:\n    print('locked' if 'lock' in str(exc) else exc)\n"
        "else:\n    print('opened')\n"
    )
    at_swap: list[str] = []
    real_replace = os.replace

    def replace(src, dst):
        if os.fspath(dst) == os.fspath(copy.warehouse):
            done = subprocess.run(
                [sys.executable, "-c", probe, str(copy.warehouse)], capture_output=True,
                text=True, timeout=60,
            )  # fmt: skip
            at_swap.append(done.stdout.strip() or done.stderr)
        return real_replace(src, dst)

    monkeypatch.setattr(stores_warehouse.os, "replace", replace)
    erase_person(subject.contact_id, Places(store, copy.landing, copy.warehouse), keys, now=NOW,
                 actor="dpo")  # fmt: skip
    monkeypatch.undo()
    assert at_swap == ["locked"]
    pseudonym = pseudonym_for(keys, person)
    with duckdb.connect(str(copy.warehouse)) as con:  # the job that waited, on the new file
        con.execute("CREATE TABLE written_after AS SELECT 1 AS x")
    for opened in (duckdb.connect(str(copy.warehouse), read_only=True),
                   open_snapshot(copy.warehouse)):  # fmt: skip
        with opened as con:
            crm = con.execute(
                "SELECT count(*) FILTER (WHERE contact_id = ?), count(*) FILTER (WHERE email = ?) "
                "FROM raw_crm__contacts",
                [pseudonym, subject.email],
            ).fetchall()
            [(as_pseudonym, with_email)] = crm
            assert as_pseudonym >= 1 and with_email == 0
    with duckdb.connect(str(copy.warehouse), read_only=True) as con:
        assert con.execute("SELECT x FROM written_after").fetchall() == [(1,)]
    assert not copy.warehouse.with_name(copy.warehouse.name + ".erase-compact").exists()
    store.dispose()
