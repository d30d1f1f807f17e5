"""Benchmarks at scale, each printed beside its baseline (see bench/README.md)."""
