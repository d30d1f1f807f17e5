"""Benchmarks of privacy: encryption overhead on a dispatch, erasure time for one person.

``privacy_encryption_dispatch``
    ``N`` (100,000, or ``--contacts`` when smaller) emails enqueued and dispatched by
    :func:`delivery.dispatch.dispatch` on SQLite to an in-memory provider through the production
    ledger: the recipient sealed at enqueue (AES-256-GCM + keyed hash, revision
    ``0012_pii_encryption``), the rules on the hash, the address opened only when the message is
    rendered for the provider. Baseline: the same code with a pass-through key ring (encryption
    off, lookups on the clear canonical address). Figure: seconds.
``privacy_erasure``
    ``erase_person`` (what ``enrollflow privacy erase`` runs) of one contact of the cached
    business (:func:`bench.runner.business`): a copy of its landing zone, a copy of its raw
    warehouse (ingested once and cached, shared with ``dbt_full_build``) and an ops store with
    one sealed ledger row per contact (up to ``PRIVACY_BENCH_OPS_ROWS``, 100,000). Baseline: a
    plain scan and delete of another contact's rows in the same three places
    (:func:`_plain_delete`); ``export_person`` (the search alone) in the details. Figure:
    seconds. Size: the run's ``--contacts`` / ``--days``, or ``PRIVACY_BENCH_CONTACTS`` /
    ``PRIVACY_BENCH_DAYS`` (:func:`size`).

Small scale: ``python -m bench privacy_encryption_dispatch privacy_erasure --contacts 5000 --days 30``;
the 1M-contact business with a week of history:
``PRIVACY_BENCH_DAYS=7 python -m bench privacy_erasure``.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import shutil
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from bench.runner import Config, Result, benchmark, business, config
from delivery.dispatch import dispatch
from delivery.ledger import Ledger, LedgerKey
from delivery.messages import Accepted, EmailMessage
from delivery.store import open_store
from privacy.crypto import KeyRing, canonical, new_key

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
N_MESSAGES = 100_000
#: ledger rows of the erasure bench's ops store (one sealed email per contact, at most this many)
OPS_ROWS = int(os.environ.get("PRIVACY_BENCH_OPS_ROWS", "100000"))


class _Accepting:
    """A provider that accepts everything in memory (the figure is the ledger + codec)."""

    kind = "memory"
    channel = "email"
    max_batch = 1000
    name = "memory:bench"

    def send(self, messages):
        return {m.ledger_id: Accepted(f"m-{m.ledger_id}") for m in messages}

    def lookup(self, rows):
        return {}


class _ClearKeys:
    """The baseline's key ring: the same code path with no encryption -- values stored as given
    and looked up by their canonical form (what the store did before revision 0012)."""

    active = "clear"

    def encrypt(self, value, *, column):
        return value

    def decrypt(self, token, *, column):
        return token

    def hash(self, kind, value):
        return canonical(kind, value)


def _dispatch_seconds(n: int, keys, scratch: Path) -> float:
    """Enqueue ``n`` emails and dispatch them: the ledger seals each recipient at enqueue (keyed
    hash for the rules) and the dispatcher opens it only when rendering for the provider."""
    label = "clear" if isinstance(keys, _ClearKeys) else "sealed"
    store = open_store(f"sqlite:///{scratch / label}.sqlite", create=True, keys=keys)
    started = time.perf_counter()
    Ledger(store).enqueue(
        [
            LedgerKey("cmp_b", "s1", f"c_{i:07d}", "email", to_address=f"learner{i}@example.edu")
            for i in range(n)
        ],
        now=NOW,
    )

    def render(row):
        return EmailMessage(
            row.ledger_id, row.to_address, "news@x.edu", "X", "Hi", "<p>Hi</p>", "Hi"
        )

    report = dispatch(store, _Accepting(), render=render, now=NOW, sleep=lambda s: None)
    seconds = time.perf_counter() - started
    assert report.submitted == n, report
    store.dispose()
    return seconds


@benchmark("privacy_encryption_dispatch")
def encryption_dispatch() -> Result:
    n = min(N_MESSAGES, config().contacts)
    keys = KeyRing.parse(new_key("k1"), new_key("h1"))
    with tempfile.TemporaryDirectory(dir=_scratch()) as tmp:
        warm = Path(tmp) / "warm"
        warm.mkdir()
        _dispatch_seconds(min(n, 1000), keys, warm)  # imports, migrations, caches: untimed
        clear = _dispatch_seconds(n, _ClearKeys(), Path(tmp))
        sealed = _dispatch_seconds(n, keys, Path(tmp))
    return Result(
        figure=sealed,
        unit="s",
        baseline=clear,
        baseline_label=f"the same {n:,}-message dispatch with encryption off (clear addresses)",
        higher_is_better=False,
        details={"messages": n, "overhead_pct": 100 * (sealed - clear) / clear},
    )


def _scratch() -> Path:
    path = config().data_dir / "bench"
    path.mkdir(parents=True, exist_ok=True)
    return path


def size() -> Config:
    """The erasure bench's business: the run's ``--contacts`` / ``--days``, unless
    ``PRIVACY_BENCH_CONTACTS`` / ``PRIVACY_BENCH_DAYS`` say otherwise (the erasure scans every
    landing file and warehouse table, so its cost follows the days of history held)."""
    cfg = config()
    return replace(
        cfg,
        contacts=int(os.environ.get("PRIVACY_BENCH_CONTACTS", cfg.contacts)),
        days=int(os.environ.get("PRIVACY_BENCH_DAYS", cfg.days)),
    )


def _two_contacts(landing: Path) -> tuple[dict, dict]:
    """Two CRM records of the business (with an email): the one erased, the baseline's."""
    from privacy.person import open_text

    first = sorted((landing / "crm").glob("*/contacts*.jsonl*"))[0]
    records = (json.loads(line) for line in open_text(first).splitlines())
    with_email = [r for r in records if r.get("email")]
    return with_email[0], with_email[1]


def _ops_store(path: Path, keys: KeyRing, contacts: list[dict], erased: dict):
    """An ops store holding one sealed ledger row per contact (up to :data:`OPS_ROWS`), the
    erased person's too, and a suppression and consent event of theirs."""
    from delivery.suppression import suppress

    store = open_store(f"sqlite:///{path}", create=True, keys=keys)
    Ledger(store).enqueue(
        [LedgerKey("cmp_b", "s1", c["contact_id"], "email", to_address=c["email"])
         for c in contacts],
        now=NOW,
    )  # fmt: skip
    with store.begin() as conn:
        suppress(conn, store, channel="email", address=erased["email"], reason="unsubscribe",
                 source="bench", now=NOW)  # fmt: skip
    return store


def _plain_delete(record: dict, landing: Path, warehouse: Path, store) -> dict[str, int]:
    """The floor: a plain scan and delete of one person's rows, by their id, email and phone --
    landing lines naming them dropped (the file rewritten), warehouse rows whose ``contact_id``,
    ``email`` or ``phone`` column equals one of them deleted, their ledger rows deleted. No
    tombstone, pseudonym, scrub of free text, compaction or snapshot."""
    import duckdb

    from delivery.store.schema import send_ledger
    from privacy.person import open_text

    needles = [v for v in (record["contact_id"], record["email"], record.get("phone")) if v]
    lines = files = rows = 0
    for path in sorted(p for p in landing.rglob("*.jsonl*") if p.is_file()):
        text = open_text(path)
        if not any(n in text for n in needles):
            continue
        kept = [ln for ln in text.splitlines(keepends=True) if not any(n in ln for n in needles)]
        data = "".join(kept).encode()
        path.write_bytes(gzip.compress(data, mtime=0) if path.name.endswith(".gz") else data)
        files, lines = files + 1, lines + text.count("\n") - len(kept)
    with duckdb.connect(str(warehouse)) as con:
        columns = con.execute(
            "SELECT c.table_schema, c.table_name, list(c.column_name) "
            "FROM information_schema.columns c JOIN information_schema.tables t "
            "USING (table_catalog, table_schema, table_name) WHERE t.table_type = 'BASE TABLE' "
            "AND c.column_name IN ('contact_id', 'email', 'phone') GROUP BY ALL"
        ).fetchall()
        for schema, table, cols in columns:
            test = " OR ".join(f'"{c}" IN (SELECT unnest(?))' for c in cols)
            count = con.execute(
                f'DELETE FROM "{schema}"."{table}" WHERE {test}', [needles] * len(cols)
            ).fetchone()
            rows += count[0] if count else 0
        con.execute("CHECKPOINT")
    with store.begin() as conn:
        ledger = conn.execute(
            send_ledger.delete().where(send_ledger.c.contact_id == record["contact_id"])
        ).rowcount
    return {"landing_files": files, "landing_lines": lines, "warehouse_rows": rows,
            "ledger_rows": ledger}  # fmt: skip


@benchmark("privacy_erasure")
def erasure() -> Result:
    from bench.bench_dbt import raw_warehouse
    from privacy.erasure import Places, erase_person, export_person

    cfg = size()
    out = business(cfg)
    source = out / "landing"
    manifest = json.loads((source / "_manifest.json").read_text())
    end = dt.date.fromisoformat(manifest["end_date"])
    raw = raw_warehouse(out, "dbt_bench_raw", end)  # shared with the dbt benchmarks
    keys = KeyRing.parse(new_key("k1"), new_key("h1"))
    with tempfile.TemporaryDirectory(dir=_scratch()) as tmp:
        work = Path(tmp)
        landing, warehouse = work / "landing", work / "warehouse.duckdb"
        print(f"  copying the landing zone and the raw warehouse into {work}")
        shutil.copytree(source, landing)  # erasure rewrites files: never the cached business
        shutil.copyfile(raw, warehouse)
        erased, other = _two_contacts(landing)
        contacts = _ledger_contacts(landing, min(OPS_ROWS, cfg.contacts), erased)
        store = _ops_store(work / "ops.sqlite", keys, contacts, erased)
        places = Places(store, landing, warehouse)
        t0 = time.perf_counter()  # first: it also warms the page cache for both timed runs
        export_person(other["contact_id"], places, keys, now=NOW, actor="bench")
        search = time.perf_counter() - t0
        t0 = time.perf_counter()
        floor = _plain_delete(other, landing, warehouse, store)
        plain = time.perf_counter() - t0
        t0 = time.perf_counter()
        report = erase_person(erased["contact_id"], places, keys, now=NOW, actor="bench")
        seconds = time.perf_counter() - t0
        store.dispose()
        sizes = {"landing_bytes": _bytes(landing), "warehouse_bytes": warehouse.stat().st_size}
    return Result(
        figure=seconds,
        unit="s",
        baseline=plain,
        baseline_label="a plain scan and delete of another person's rows (by id/email/phone: "
        "landing lines dropped, warehouse and ledger rows deleted; no scrub, no compaction)",
        higher_is_better=False,
        details={
            "contacts": manifest["contacts"],
            "days": manifest["days"],
            "ops_ledger_rows": len(contacts),
            "export_person_s": search,
            "landing_files_rewritten": report.stores["landing"]["files"],
            "warehouse_tables": len(report.stores["warehouse"]),
            "plain_delete": floor,
            **sizes,
        },
    )


def _ledger_contacts(landing: Path, n: int, erased: dict) -> list[dict]:
    """``n`` CRM records with an email (the erased person among them), for the ops store."""
    from privacy.person import open_text

    out = [erased]
    for path in sorted((landing / "crm").glob("*/contacts*.jsonl*")):
        for line in open_text(path).splitlines():
            if len(out) >= n:
                return out
            record = json.loads(line)
            if record.get("email") and record["contact_id"] != erased["contact_id"]:
                out.append(record)
    return out


def _bytes(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
