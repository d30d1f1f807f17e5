"""Keep the loaded code out of the garbage collector's full passes.

A process that loads the code location (the code server, each run worker, the daemon, the demo)
holds ~500k objects afterwards (519k frozen in ``python -m bench campaign_step``): Dagster,
dbt's adapters, pandas, scikit-learn and our definitions. They live as long as the process, yet
every full collection walks all of them; a run that allocates a lot (an ingest range's events,
a campaign step's 100k rows) triggers several.
:func:`freeze_loaded_heap` moves what is alive once the definitions are built into the
collector's permanent generation (:func:`gc.freeze`): reference counting still frees those
objects, only the cycle search skips them. Measured in ``bench/README.md`` (session 16).
"""

from __future__ import annotations

import gc

__all__ = ["freeze_loaded_heap"]


def freeze_loaded_heap() -> int:
    """Collect once, then freeze every object alive now; returns how many are frozen."""
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
