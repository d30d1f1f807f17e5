"""Fixtures for campaign tests: the demo campaign file as a mutable document."""

from __future__ import annotations

import copy
import shutil
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


@pytest.fixture(scope="session")
def _migrated_store_file(tmp_path_factory) -> Path:
    """One SQLite ops store migrated to head, copied by each test (migrating is the slow part)."""
    from delivery.store import open_store

    path = tmp_path_factory.mktemp("ops_template") / "ops.sqlite"
    open_store(f"sqlite:///{path}", create=True).dispose()
    return path


@pytest.fixture
def store(tmp_path, _migrated_store_file):
    """A fresh SQLite ops store at the Alembic head (delivery foundation + campaigns)."""
    from delivery.store import open_store

    target = tmp_path / "ops.sqlite"
    shutil.copyfile(_migrated_store_file, target)
    opened = open_store(f"sqlite:///{target}", create=True)
    yield opened
    opened.dispose()
