"""Alembic migrations of the ops store (one linear chain; see ``delivery.store`` for the head)."""
