"""Dagster pools: which ones the definitions use, and setting them up once on a new instance.

Dagster writes a pool's rows (its limit and its slots) the first time a step of the pool asks
for a slot. On a Postgres instance, two runs doing that at the same moment race: the second
insert fails on the pool's key, Postgres aborts its transaction, and Dagster's follow-up update
fails with ``InFailedSqlTransaction``. The run fails before its first step
(dagster-io/dagster#33552, open in the Dagster version this project pins). Two workers starting
their first campaign steps together hit it (``tests/orchestration/test_run_workers.py``).

A deployment therefore sets every pool up once, from one process, before the daemon and the
run workers start::

    python -m orchestration.pools      # with DAGSTER_HOME and the DAGSTER_PG_* variables set

``make staging`` (``deploy/staging.py``) runs it after creating the instance. It is idempotent:
each pool takes the instance's ``concurrency.pools.default_limit`` (``deploy/dagster.yaml``), and
a pool that already has its limit (or a limit an operator set) is left as it is.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import dagster as dg


def pools_of(defs: dg.Definitions) -> set[str]:
    """Every pool an op or asset of ``defs`` runs in."""
    repo = defs.get_repository_def()
    return {op.pool for job in repo.get_all_jobs() for op in job.graph.iterate_op_defs() if op.pool}


def set_up_pools(instance: dg.DagsterInstance, pools: Iterable[str]) -> list[str]:
    """Write each pool's limit and slots on ``instance`` unless it has them; return the pools
    that were set up now (none when the instance has no default pool limit)."""
    default = instance.global_op_concurrency_default_limit
    storage = instance.event_log_storage
    if default is None or not storage.supports_global_concurrency_limits:
        return []
    # the same test as a step's first claim (Dagster's InstanceConcurrencyContext.claim)
    limits = {pool.name: pool for pool in storage.get_pool_limits()}
    done = []
    for pool in sorted(set(pools)):
        known = limits.get(pool)
        if known is not None and not (known.from_default and known.limit != default):
            continue
        if storage.initialize_concurrency_limit_to_default(pool):
            done.append(pool)
    return done


def main() -> int:
    """Set up the definitions' pools on ``DagsterInstance.get()`` (``DAGSTER_HOME``)."""
    import dagster as dg

    from orchestration.definitions import defs

    with dg.DagsterInstance.get() as instance:
        pools = pools_of(defs)
        done = set_up_pools(instance, pools)
    print(
        f"pools: {len(done)} set up ({', '.join(done) or 'none'}), {len(pools)} in the definitions"
    )
    return 0


if __name__ == "__main__":  # pragma: no cover - run by deploy/staging.py and deployments
    sys.exit(main())
