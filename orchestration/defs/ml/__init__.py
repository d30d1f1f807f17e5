"""ML domain: model assets over the marts, each with a ``beats_baseline`` check that warns when a
model is not promoted, and the experiment assets with a blocking sample-ratio-mismatch check."""

from __future__ import annotations

import dagster as dg

from orchestration.defs.ml.assets import ML_ASSETS
from orchestration.defs.ml.experiments import EXPERIMENT_ASSETS

defs = dg.Definitions(assets=[*ML_ASSETS, *EXPERIMENT_ASSETS])
