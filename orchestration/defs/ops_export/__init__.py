"""Ops-store export domain: the ops store's changes → landing files under ``ops/<day>/``.

The landing files are then ingested like any provider's into ``raw_ops__*`` by the ``ingest_ops``
asset of the ingest domain (which lists ``ops_landing_files`` as its upstream).
"""

from __future__ import annotations

import dagster as dg

from orchestration.defs.ops_export.assets import ops_landing_files

defs = dg.Definitions(assets=[ops_landing_files])
