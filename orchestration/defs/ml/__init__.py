"""ML domain: model assets over the marts, each with a blocking ``beats_baseline`` check."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.ml.assets import ML_ASSETS

defs = dg.Definitions(assets=ML_ASSETS)
