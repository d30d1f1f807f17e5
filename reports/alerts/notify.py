"""Deliver alert openings and resolutions: email (through the ledger) and a Slack incoming webhook.

A notifier is anything with ``deliver(notices, now)`` that raises :class:`DeliveryFailed` when a
notice did not get through (the alert stays pending and is retried next tick). The studio can add
its own notifier the same way.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from delivery.providers.base import Provider
from delivery.store import Store
from reports.alerts.state import Notice
from reports.mail import ALERTS_CAMPAIGN, Mail, Sender, send_once

SEVERITY_EMOJI = {
    "critical": ":red_circle:",
    "warning": ":large_orange_circle:",
    "info": ":information_source:",
}


class DeliveryFailed(RuntimeError):
    """A notifier could not deliver (the message says where and why)."""


class Notifier(Protocol):
    name: str

    def deliver(self, notices: Sequence[Notice], now: dt.datetime) -> None: ...


def slack_payload(notices: Sequence[Notice]) -> dict:
    """Slack incoming-webhook body: ``text`` (notification fallback) and one section block each."""
    blocks = [
        {
            "type": "section",
            "text": {
                "type": "mrkdwn",
                "text": f"{':white_check_mark:' if n.kind == 'resolved' else SEVERITY_EMOJI.get(n.severity, '')} "
                f"*{n.headline()}*\n{n.text()}",
            },
        }
        for n in notices
    ]
    summary = "; ".join(n.headline() for n in notices)
    return {"text": f"EnrollFlow alerts: {summary}", "blocks": blocks[:50]}


@dataclass
class SlackWebhookNotifier:
    """POST to a Slack incoming-webhook URL (or anything that speaks its format)."""

    url: str
    timeout: float = 10.0
    name: str = "slack"

    def deliver(self, notices: Sequence[Notice], now: dt.datetime) -> None:
        if not notices:
            return
        body = json.dumps(slack_payload(notices)).encode()
        request = urllib.request.Request(
            self.url, data=body, headers={"Content-Type": "application/json"}, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                status = response.status
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise DeliveryFailed(f"alert webhook: {exc}") from exc
        if status >= 300:
            raise DeliveryFailed(f"alert webhook answered {status}")


def alert_mail(notices: Sequence[Notice]) -> Mail:
    """One email listing the notices (inline styles, readable on a phone)."""
    items = "".join(
        f'<li style="margin:0 0 10px 0"><b>{html.escape(n.headline())}</b><br>{html.escape(n.text())}</li>'
        for n in notices
    )
    page = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1"><title>EnrollFlow alerts</title></head>'
        '<body style="margin:0;padding:16px;font-family:-apple-system,Segoe UI,Roboto,Arial,sans-serif;'
        'font-size:15px;line-height:1.45;color:#1d2733"><h1 style="font-size:20px;margin:0 0 12px 0">'
        f'EnrollFlow alerts</h1><ul style="padding-left:18px;margin:0">{items}</ul></body></html>'
    )
    text = "\n\n".join(f"{n.headline()}\n{n.text()}" for n in notices) + "\n"
    subject = (
        notices[0].headline() if len(notices) == 1 else f"EnrollFlow: {len(notices)} alert updates"
    )
    return Mail(subject, page, text)


@dataclass
class EmailNotifier:
    """One email per notice through the send ledger (so each goes once, whatever reruns)."""

    store: Store
    provider: Provider
    recipients: Sequence[str]
    sender: Sender
    name: str = "email"

    def deliver(self, notices: Sequence[Notice], now: dt.datetime) -> None:
        for n in notices:
            report = send_once(
                self.store,
                self.provider,
                campaign_id=ALERTS_CAMPAIGN,
                step_id=n.notice_id,
                recipients=self.recipients,
                mail=alert_mail([n]),
                sender=self.sender,
                now=now,
            )
            if report.hold is not None:
                raise DeliveryFailed(
                    f"alert email: {report.hold.provider} is {report.hold.status}: {report.hold.reason}"
                )


def deliver(
    notifiers: Sequence[Notifier], notices: Sequence[Notice], now: dt.datetime
) -> list[str]:
    """Deliver through every notifier; returns the failures (empty when all got through)."""
    failures = []
    for notifier in notifiers:
        try:
            notifier.deliver(notices, now)
        except DeliveryFailed as exc:
            failures.append(f"{notifier.name}: {exc}")
    return failures
