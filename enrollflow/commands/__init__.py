"""Command groups of the ``enrollflow`` CLI (one module each)."""
