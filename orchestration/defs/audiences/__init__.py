"""Audiences domain: one asset per segment file under segments/definitions/."""

from pathlib import Path

import dagster as dg

from orchestration.defs.audiences.assets import build_segment_assets
from segments import DEFINITIONS_DIR


def build_defs(definitions: Path = DEFINITIONS_DIR) -> dg.Definitions:
    """The segment assets of a definitions folder (default: the project's starter set)."""
    return dg.Definitions(assets=build_segment_assets(definitions))


defs = build_defs()
