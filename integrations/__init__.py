"""Integrations with third-party tools (analytics today). No Dagster here: see orchestration/defs/integrations."""
