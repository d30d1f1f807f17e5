"""Dagster wiring for EnrollFlow — the only package that imports dagster."""
