"""Alerts: rules over the marts and the ops store, their de-duplicated state, and their delivery.

- :mod:`reports.alerts.rules` decides what is wrong now (one :class:`Alert` per condition);
- :mod:`reports.alerts.state` keeps the ``alerts`` table: an alert opens once, stays open while it
  keeps firing (not repeated every tick) and is resolved when it stops;
- :mod:`reports.alerts.notify` delivers openings and resolutions by email (through the send
  ledger, so each is sent once) and to a Slack incoming webhook.
"""
