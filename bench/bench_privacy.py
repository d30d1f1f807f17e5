"""Benchmarks of privacy: encryption overhead on a dispatch, erasure time for one person.

``privacy_encryption_dispatch``
    ``N`` (100,000, or ``--contacts`` when smaller) emails enqueued and dispatched by
    :func:`delivery.dispatch.dispatch` on SQLite to an in-memory provider, with the recipient
    address sealed by :class:`privacy.codec.AddressCodec` at enqueue (AES-256-GCM + keyed hash)
    and opened in ``render``. Baseline: the same dispatch with clear addresses. Figure: seconds.
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
from privacy.codec import AddressCodec
from privacy.crypto import KeyRing, new_key

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


def _dispatch_seconds(n: int, codec: AddressCodec | None, scratch: Path) -> float:
    store = open_store(
        f"sqlite:///{scratch / ('sealed' if codec else 'clear')}.sqlite", create=True
    )
    seal = codec.seal if codec else (lambda a: a)
    open_ = codec.open if codec else (lambda a: a)
    started = time.perf_counter()
    keys = [
        LedgerKey("cmp_b", "s1", f"c_{i:07d}", "email", to_address=seal(f"learner{i}@example.edu"))
        for i in range(n)
    ]
    Ledger(store).enqueue(keys, now=NOW)

    def render(row):
        to = open_(row.to_address)
        return EmailMessage(row.ledger_id, to, "news@x.edu", "X", "Hi", "<p>Hi</p>", "Hi")

    dispatch(store, _Accepting(), render=render, now=NOW, sleep=lambda s: None)
    seconds = time.perf_counter() - started
    store.dispose()
    return seconds


@benchmark("privacy_encryption_dispatch")
def encryption_dispatch() -> Result:
    n = min(N_MESSAGES, config().contacts)
    codec = AddressCodec(KeyRing.parse(new_key("k1"), new_key("h1")), "send_ledger.to_address")
    with tempfile.TemporaryDirectory(dir=_scratch()) as tmp:
        warm = Path(tmp) / "warm"
        warm.mkdir()
        _dispatch_seconds(min(n, 1000), codec, warm)  # imports, migrations, caches: untimed
        clear = _dispatch_seconds(n, None, Path(tmp))
        sealed = _dispatch_seconds(n, codec, Path(tmp))
    return Result(
        figure=sealed,
        unit="s",
        baseline=clear,
        baseline_label=f"the same {n:,}-message dispatch with clear addresses",
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
        store = open_store(f"sqlite:///{work / 'ops.sqlite'}", create=True)
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
