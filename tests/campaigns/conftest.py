"""Fixtures for campaign tests: the demo campaign file as a mutable document."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

EXAMPLES = Path(__file__).resolve().parents[2] / "delivery" / "campaigns" / "examples"
_DEMO = yaml.safe_load((EXAMPLES / "spring_enrollment.yml").read_text())


@pytest.fixture
def demo_doc() -> dict:
    """A fresh deep copy of the demo campaign document (safe to mutate)."""
    return copy.deepcopy(_DEMO)


def node_index(doc: dict, node_id: str) -> int:
    """Index of the node ``node_id`` in ``doc['workflow']['nodes']``."""
    return [n["id"] for n in doc["workflow"]["nodes"]].index(node_id)


@pytest.fixture
def store(tmp_path):
    """A fresh SQLite ops store at the Alembic head (delivery foundation + campaigns)."""
    from delivery.store import open_store

    opened = open_store(f"sqlite:///{tmp_path / 'ops.sqlite'}")
    yield opened
    opened.dispose()
