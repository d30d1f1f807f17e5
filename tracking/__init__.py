"""Website tracking: a consent-aware JavaScript snippet and the collector behind it (no Dagster)."""
