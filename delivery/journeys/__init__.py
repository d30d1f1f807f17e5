"""The set-based journey engine: per-contact state advanced in batches over the due set."""
