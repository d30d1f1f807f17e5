"""One sub-package per domain; each exposes ``defs: dagster.Definitions``."""
