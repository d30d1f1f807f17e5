"""The single Dagster entry point: gathers every domain's definitions."""

from __future__ import annotations

import importlib

import dagster as dg

from orchestration.resources import shared_resources

# Each domain package under orchestration/defs/ exposes `defs: dg.Definitions`.
DOMAINS = [
    "ingest",
    "ops_export",
    "transform",
    "audiences",
    "ml",
    "pipeline",
    "delivery",
    "integrations",
    "privacy",
    "reporting",
]


def build_definitions() -> dg.Definitions:
    domain_defs = [importlib.import_module(f"orchestration.defs.{name}").defs for name in DOMAINS]
    return dg.Definitions.merge(*domain_defs, dg.Definitions(resources=shared_resources()))


defs = build_definitions()
