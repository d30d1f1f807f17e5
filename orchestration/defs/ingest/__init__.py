"""Ingest domain: landing files → ``raw_*`` tables, with GX asset checks."""

from __future__ import annotations

import datetime as dt

import dagster as dg

from enrollflow.settings import get_settings
from orchestration.defs.ingest.assets import build_ingest_assets


def build_defs(start_date: dt.date | None = None) -> dg.Definitions:
    """Ingest definitions, partitioned from ``start_date`` (default: ``ENROLLFLOW_START_DATE``)."""
    return dg.Definitions(assets=build_ingest_assets(start_date or get_settings().start_date))


defs = build_defs()
