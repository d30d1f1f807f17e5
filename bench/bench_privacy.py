"""Benchmarks of privacy: encryption overhead on a dispatch, erasure time for one person.

``privacy_encryption_dispatch``
    ``N`` (100,000, or ``--contacts`` when smaller) emails enqueued and dispatched by
    :func:`delivery.dispatch.dispatch` on SQLite to an in-memory provider through the production
    ledger: the recipient sealed at enqueue (AES-256-GCM + keyed hash, revision
    ``0012_pii_encryption``), the rules on the hash, the address opened only when the message is
    rendered for the provider. Baseline: the same code with a pass-through key ring (encryption
    off, lookups on the clear canonical address). Figure: seconds.
``privacy_erasure``
    ``erase_person`` of one contact of the cached business (landing zone, a warehouse ingested
    from it, an ops store). Baseline: ``export_person`` of another contact (the same search
    without rewriting). Figure: seconds.

Small scale: ``python -m bench privacy_encryption_dispatch privacy_erasure --contacts 5000 --days 30``.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
import time
from pathlib import Path

from bench.runner import Result, benchmark, business, config
from delivery.dispatch import dispatch
from delivery.ledger import Ledger, LedgerKey
from delivery.messages import Accepted, EmailMessage
from delivery.store import open_store
from privacy.crypto import KeyRing, canonical, new_key

NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
N_MESSAGES = 100_000


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


def _two_contacts(landing: Path) -> tuple[str, str]:
    first = sorted((landing / "crm").glob("*/contacts*.jsonl*"))[0]
    from privacy.person import open_text

    ids = [json.loads(line)["contact_id"] for line in open_text(first).splitlines()[:2]]
    return ids[0], ids[1]


@benchmark("privacy_erasure")
def erasure() -> Result:
    from enrollflow.ingest import ingest_all
    from privacy.erasure import Places, erase_person, export_person

    source = business() / "landing"
    manifest = json.loads((source / "_manifest.json").read_text())
    keys = KeyRing.parse(new_key("k1"), new_key("h1"))
    with tempfile.TemporaryDirectory(dir=_scratch()) as tmp:
        work = Path(tmp)
        landing = work / "landing"
        shutil.copytree(source, landing)  # erasure rewrites files: never the cached business
        warehouse = work / "warehouse.duckdb"
        start, end = (dt.date.fromisoformat(manifest[k]) for k in ("start_date", "end_date"))
        ingest_all(warehouse, landing, start, end, NOW)
        store = open_store(f"sqlite:///{work / 'ops.sqlite'}", create=True, keys=keys)
        places = Places(store, landing, warehouse)
        erased, other = _two_contacts(landing)
        t0 = time.perf_counter()
        export_person(other, places, keys, now=NOW, actor="bench")
        search = time.perf_counter() - t0
        t0 = time.perf_counter()
        report = erase_person(erased, places, keys, now=NOW, actor="bench")
        seconds = time.perf_counter() - t0
        store.dispose()
    return Result(
        figure=seconds,
        unit="s",
        baseline=search,
        baseline_label="export_person of another contact (the same search, no rewrite)",
        higher_is_better=False,
        details={
            "contacts": manifest["contacts"],
            "landing_files_rewritten": report.stores["landing"]["files"],
            "warehouse_tables": len(report.stores["warehouse"]),
        },
    )
