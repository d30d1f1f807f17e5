"""The ingest asset, as Dagster runs it, drops an erased person's records (tombstones)."""

from __future__ import annotations

import dagster as dg
import duckdb

from delivery.store import open_store
from orchestration.defs.ingest.assets import build_ingest_assets
from privacy.keyfile import load_keyring
from privacy.person import Person
from privacy.tombstones import add_tombstones
from tests.orchestration.ingest_helpers import START, landing_with_days, resources
from tests.privacy.conftest import NOW


def _crm_rows(warehouse) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute("SELECT contact_id, email FROM raw_crm__contacts ORDER BY 1").fetchall()


def test_the_crm_ingest_asset_skips_tombstoned_contacts(tmp_path, monkeypatch):
    data = tmp_path / "data"
    monkeypatch.setenv("ENROLLFLOW_DATA_DIR", str(data))
    for var in (
        "ENROLLFLOW_OPS_STORE_URL",
        "ENROLLFLOW_PRIVACY_KEYS",
        "ENROLLFLOW_PRIVACY_HASH_KEY",
    ):
        monkeypatch.delenv(var, raising=False)
    landing = landing_with_days(tmp_path / "landing", days=1)
    (crm,) = [a for a in build_ingest_assets(START) if a.op.name == "ingest_crm"]
    partition = START.isoformat()

    # no erasure yet (no key file, no store): everything loads
    assert dg.materialize(
        [crm], resources=resources(tmp_path, landing), partition_key=partition
    ).success
    before = _crm_rows(tmp_path / "warehouse.duckdb")
    assert len(before) == 2
    erased_id, erased_email = before[0]

    # one person is erased (by email only), then the same day is ingested again
    keys = load_keyring(None, None, data / "privacy.keys")
    store = open_store(f"sqlite:///{(data / 'ops.sqlite').resolve()}", create=True)
    with store.begin() as conn:
        person = Person(contact_ids=frozenset(), emails=frozenset({erased_email.upper()}))
        add_tombstones(conn, store, keys, person, now=NOW, request_id="pr_test")
    store.dispose()
    result = dg.materialize([crm], resources=resources(tmp_path, landing), partition_key=partition)
    assert result.success
    assert _crm_rows(tmp_path / "warehouse.duckdb") == before[1:]
