"""``enrollflow privacy``: export, erase, the request log and key commands, from settings."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from delivery.ledger import Ledger, LedgerKey
from delivery.store import open_store
from enrollflow.cli import app
from tests.privacy.conftest import NOW

ANA = {"contact_id": "c_0000042", "first_name": "Anabela", "last_name": "Quintanilha",
       "email": "Anabela.Q@example.edu", "phone": "+351912345678", "country": "PT",
       "created_at": "2026-01-01T00:00:00Z", "updated_at": "2026-01-01T00:00:00Z"}  # fmt: skip
BEN = {**ANA, "contact_id": "c_0000043", "first_name": "Benedita", "last_name": "Sousa",
       "email": "ben@example.edu", "phone": "+351900000000"}  # fmt: skip


def test_export_erase_and_requests_from_the_command_line(tmp_path, monkeypatch):
    data = tmp_path / "data"
    day = data / "landing" / "crm" / "2026-01-01"
    day.mkdir(parents=True)
    (day / "contacts.jsonl").write_text(json.dumps(ANA) + "\n" + json.dumps(BEN) + "\n")
    monkeypatch.setenv("ENROLLFLOW_DATA_DIR", str(data))
    for var in ("ENROLLFLOW_PRIVACY_KEYS", "ENROLLFLOW_PRIVACY_HASH_KEY", "ENROLLFLOW_OPS_STORE_URL",
                "ENROLLFLOW_LANDING_DIR", "ENROLLFLOW_WAREHOUSE_PATH"):  # fmt: skip
        monkeypatch.delenv(var, raising=False)
    store = open_store(f"sqlite:///{(data / 'ops.sqlite').resolve()}", create=True)
    Ledger(store).enqueue(
        [LedgerKey("cmp_1", "s1", "c_0000042", "email", to_address=ANA["email"])], now=NOW
    )
    store.dispose()
    runner = CliRunner()

    r = runner.invoke(app, ["privacy", "export", "anabela.q@EXAMPLE.edu", "--by", "dpo"])
    assert r.exit_code == 0, r.output
    doc = json.loads(r.output)
    assert doc["identifiers"]["contact_ids"] == ["c_0000042"]
    assert doc["ops_store"]["send_ledger"][0]["to_address"] == ANA["email"]
    assert [h["record"]["last_name"] for h in doc["landing_zone"]] == ["Quintanilha"]
    assert (data / "privacy.keys").stat().st_mode & 0o777 == 0o600

    r = runner.invoke(app, ["privacy", "erase", "c_0000042", "--by", "dpo", "--regime", "ccpa"])
    assert r.exit_code == 0, r.output
    text = (day / "contacts.jsonl").read_text()
    assert "Quintanilha" not in text and "anabela" not in text.lower() and "Benedita" in text

    r = runner.invoke(app, ["privacy", "erase", "c_0000042", "--by", "dpo"])
    assert r.exit_code != 0 and "no CRM record" in r.output

    r = runner.invoke(app, ["privacy", "requests"])
    assert r.exit_code == 0 and r.output.count("completed") == 2 and "ccpa" in r.output
    assert "erasure" in r.output and "access" in r.output
    r = runner.invoke(app, ["privacy", "requests", "--overdue"])
    assert r.exit_code == 0  # the failed third request is open but not yet due

    r = runner.invoke(
        app, ["privacy", "object", "c_0000043", "--by", "dpo", "--scope", "sell_share"]
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(
        app, ["privacy", "object", "c_0000043", "--by", "dpo", "--scope", "everything"]
    )
    assert r.exit_code != 0 and "sell_share" in r.output
    store = open_store(f"sqlite:///{(data / 'ops.sqlite').resolve()}")
    from privacy.objections import objectors

    assert objectors(store, ["sell_share"]) == {"c_0000043"} and objectors(store) == set()
    store.dispose()

    r = runner.invoke(app, ["privacy", "new-key", "bad id!"])
    assert r.exit_code != 0 and "key id" in r.output
    r = runner.invoke(app, ["privacy", "rotate-key"])
    assert r.exit_code == 0 and "active key k1" in r.output
