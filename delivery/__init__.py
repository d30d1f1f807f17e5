"""Delivery: the ops store, the exactly-once send ledger, providers, rendering and webhooks.

Sub-packages and modules (each small and named for what it does):

- ``delivery.store``      -- ``open_store(url)``: SQLAlchemy engine + Alembic ``upgrade head``.
- ``delivery.ledger``     -- ``Ledger``: enqueue / claim / mark_* / lease expiry (exactly-once states).
  A package, one module per concern (keys, states, rows, addresses, statements, enqueue,
  claims, transitions, outcomes, reads); import its public names from ``delivery.ledger``.
- ``delivery.dispatch``   -- ``dispatch(...)``: send claimed rows through a provider exactly once.
- ``delivery.reconcile``  -- ``reconcile_unknown(...)``: resolve *unknown* rows from provider records.
- ``delivery.providers``  -- SendGrid, SMTP, Twilio and sandbox providers plus the error taxonomy.
- ``delivery.rendering``  -- sandboxed Jinja2 templates, sanitising, compliance footer/headers.
- ``delivery.webhooks``   -- Starlette app for SendGrid events, Twilio callbacks and unsubscribes.

``delivery.campaigns`` and ``delivery.journeys`` belong to the campaigns work and build on the store.
Nothing in this package imports Dagster or reads the environment.
"""
