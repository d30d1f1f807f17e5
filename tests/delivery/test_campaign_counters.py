"""The ``spent`` counter kept by the ledger's triggers equals the ledger scan it replaces, through
every transition the engine makes (claim, send, submit, fail, release, lease expiry, requeue,
provider outcomes), on SQLite and Postgres; the migration backfills it; purging rows keeps it."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from delivery.counters import bump, counters, spent_amounts, spent_by_ledger_scan
from delivery.ledger import RESERVING_STATES, Ledger, LedgerKey, Verdict
from delivery.store import MIGRATIONS_DIR, Store, migrate
from delivery.store.schema import send_ledger
from tests.delivery.conftest import NOW

LEASE = dt.timedelta(minutes=5)


def _keys(campaign: str, n: int) -> list[LedgerKey]:
    return [
        LedgerKey(campaign, "s1", f"c_{i:05d}", "email", 1, None, f"p{i}@example.edu")
        for i in range(n)
    ]


def _priced(cost: float):
    def gate(conn, rows, now=None):
        return {r.ledger_id: Verdict("send", cost=cost) for r in rows}

    return gate


def _agree(store, ids=("cmp_a", "cmp_b")) -> dict[str, float]:
    with store.engine.connect() as conn:
        kept, scanned = spent_amounts(conn, list(ids)), spent_by_ledger_scan(conn, list(ids))
    for cid in ids:
        assert kept.get(cid, 0.0) == pytest.approx(scanned.get(cid, 0.0), abs=1e-9), cid
    return kept


def test_spent_counter_follows_every_ledger_transition(any_store):
    ledger = Ledger(any_store)
    ledger.enqueue(_keys("cmp_a", 10) + _keys("cmp_b", 4), now=NOW)
    assert _agree(any_store) == {}  # pending rows cost nothing yet

    claim = ledger.claim_checked(
        owner="w1", now=NOW, lease=LEASE, limit=6, gate=_priced(0.25), campaign_id="cmp_a"
    )
    ids = [r.ledger_id for r in claim.claimed]
    assert _agree(any_store)["cmp_a"] == pytest.approx(6 * 0.25)

    ledger.mark_sending(ids[:4], owner="w1", now=NOW, lease=LEASE, provider="sandbox")
    ledger.mark_submitted({i: f"m-{i}" for i in ids[:3]}, owner="w1", now=NOW)
    ledger.mark_unknown(ids[3:4], owner="w1", now=NOW, error="timeout")
    assert _agree(any_store)["cmp_a"] == pytest.approx(6 * 0.25)  # all still charged

    ledger.release(ids[4:5], owner="w1", now=NOW)  # provably never left
    ledger.mark_failed({ids[5]: "rejected"}, owner="w1", now=NOW)
    assert _agree(any_store)["cmp_a"] == pytest.approx(4 * 0.25)

    ledger.apply_outcome(ids[0], "delivered", now=NOW)
    ledger.apply_outcome(ids[1], "bounced", now=NOW)
    ledger.apply_outcome(ids[2], "failed", now=NOW)  # dropped after acceptance: refunded
    ledger.requeue_unknown(ids[3:4], now=NOW, reason="not found at the provider")
    assert _agree(any_store)["cmp_a"] == pytest.approx(2 * 0.25)

    other = ledger.claim_checked(
        owner="w2", now=NOW, lease=LEASE, limit=10, gate=_priced(0.1), campaign_id="cmp_b"
    )
    assert len(other.claimed) == 4
    ledger.expire_leases(now=NOW + 2 * LEASE)  # claimed -> pending: the charge is given back
    kept = _agree(any_store)
    assert kept["cmp_b"] == pytest.approx(0.0, abs=1e-9)
    assert kept["cmp_a"] == pytest.approx(2 * 0.25)


def test_purging_old_rows_keeps_what_was_spent(any_store):
    ledger = Ledger(any_store)
    ledger.enqueue(_keys("cmp_a", 3), now=NOW)
    claim = ledger.claim_checked(
        owner="w", now=NOW, lease=LEASE, limit=3, gate=_priced(1.0), campaign_id="cmp_a"
    )
    with any_store.begin() as conn:
        conn.execute(
            send_ledger.delete().where(send_ledger.c.ledger_id == claim.claimed[0].ledger_id)
        )
        assert spent_amounts(conn, ["cmp_a"]) == {"cmp_a": pytest.approx(3.0)}
        assert spent_by_ledger_scan(conn, ["cmp_a"]) == {"cmp_a": pytest.approx(2.0)}


def test_bump_adds_atomically_and_counters_reads_them(any_store):
    with any_store.begin() as conn:
        bump(conn, "cmp_a", "opened", 1, now=NOW)
        bump(conn, "cmp_a", "opened", 2, now=NOW)
        bump(conn, "cmp_a", "clicked", 1, now=NOW)
        assert counters(conn, "cmp_a") == {"opened": 3, "clicked": 1}


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def test_migration_backfills_spend_from_the_ledger(kind, tmp_path, request):
    url = (
        f"sqlite:///{tmp_path / 'ops.sqlite'}"
        if kind == "sqlite"
        else request.getfixturevalue("pg_url")
    )
    engine = sa.create_engine(url.replace("postgresql://", "postgresql+psycopg2://", 1))
    store = Store(url=url, engine=engine)
    migrate(store, "0012_content_library")  # the revision before the counters
    # rows as the ledger of that revision held them (clear address; today's code seals it)
    old = sa.Table("send_ledger", sa.MetaData(), autoload_with=engine)
    at = NOW.replace(tzinfo=None)
    with store.begin() as conn:
        for i, state in enumerate(("submitted", "delivered", "failed", "pending")):
            conn.execute(old.insert().values(
                ledger_id=f"cmp_a:s1:c_{i:05d}:email:1", campaign_id="cmp_a", step_id="s1",
                contact_id=f"c_{i:05d}", channel="email", occurrence=1,
                to_address=f"p{i}@example.edu", state=state, attempts=0, cost_amount=0.5,
                created_at=at, updated_at=at,
            ))  # fmt: skip
    migrate(store)
    with store.engine.connect() as conn:
        assert spent_amounts(conn, ["cmp_a"]) == {"cmp_a": pytest.approx(1.0)}
    store.dispose()


def test_a_row_inserted_with_a_charge_is_counted_and_one_without_is_not(any_store):
    """The insert trigger charges a row written directly in a reserving state (stamped with the
    row's ``updated_at`` on SQLite since revision 0015), and nothing for pending or free rows."""
    at = NOW.replace(tzinfo=None)
    cases = [("submitted", 0.5), ("pending", 0.5), ("delivered", None), ("claimed", 0.0)]
    with any_store.begin() as conn:
        for i, (state, cost) in enumerate(cases):
            conn.execute(send_ledger.insert().values(
                ledger_id=f"cmp_a:s1:c_{i:05d}:email:1", campaign_id="cmp_a", step_id="s1",
                contact_id=f"c_{i:05d}", channel="email", occurrence=1, state=state,
                attempts=1, cost_amount=cost, created_at=at, updated_at=at,
            ))  # fmt: skip
    assert _agree(any_store, ("cmp_a",)) == {"cmp_a": pytest.approx(0.5)}
    if any_store.dialect == "sqlite":
        with any_store.engine.connect() as conn:
            stamped = conn.execute(sa.text("SELECT updated_at FROM campaign_counters")).scalar()
        assert stamped == at.strftime("%Y-%m-%d %H:%M:%S.%f")
    with any_store.begin() as conn:  # a free row's state change charges nothing either
        conn.execute(
            send_ledger.update()
            .where(send_ledger.c.ledger_id == "cmp_a:s1:c_00002:email:1")
            .values(state="failed")
        )
    assert _agree(any_store, ("cmp_a",)) == {"cmp_a": pytest.approx(0.5)}


@pytest.mark.parametrize("name", ["0012_campaign_counters", "0015_cheap_counter_triggers"])
def test_the_migration_charges_the_engines_reserving_states(name):
    import importlib.util

    path = MIGRATIONS_DIR / "versions" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"rev_{name}", path)
    revision = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(revision)
    assert "(" + ", ".join(f"'{s}'" for s in RESERVING_STATES) + ")" == revision.RESERVING
