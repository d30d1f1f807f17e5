"""Alembic environment for the ops store.

Called by ``delivery.store.migrate`` (with an open connection in ``config.attributes``) or by the
``alembic`` command (``alembic -x url=... upgrade head``).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import context

from delivery.store.schema import metadata

config = context.config


def _run(connection: sa.Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        transaction_per_migration=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:  # pragma: no cover - command-line use
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option(
        "sqlalchemy.url"
    )
    if not url:
        raise SystemExit("alembic: pass the ops store URL with `-x url=sqlite:///path/ops.sqlite`")
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        _run(conn)
        conn.commit()
