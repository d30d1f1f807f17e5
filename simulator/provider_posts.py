"""Deliver the engagement model's events the way the providers do: signed POSTs and CRM exports.

- SendGrid: events are batched into Event Webhook POSTs by arrival minute, shuffled within a
  POST, and some POSTs are delivered twice (SendGrid retries); each POST is signed like SendGrid's
  Signed Event Webhook: ECDSA P-256 / SHA-256 over ``timestamp + body``, base64 DER in
  ``X-Twilio-Email-Event-Webhook-Signature``, the timestamp in ``...-Timestamp``. The key pair is
  generated for the demo (:meth:`ProviderSigner.generate`); the webhooks app is configured with
  its public key, as with the key SendGrid shows under Mail Settings.
- Twilio: one form POST per callback to the message's own ``StatusCallback`` URL (which carries
  ``?ledger_id=``), some twice, signed with ``X-Twilio-Signature`` (HMAC-SHA1 of the URL and the
  sorted parameters with the auth token, computed by Twilio's own SDK).
- The LMS: applications and enrollments are exported as landing files
  ``lms/<arrival day>/{applications,enrollments}-sandbox-<stamp>.jsonl``; a record already
  exported is never exported again.

``client`` is anything with ``post(url, content=, headers=)``: an ``httpx.Client`` against the
running app, or Starlette's ``TestClient`` around its ASGI app.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import urlencode

import numpy as np
import pandas as pd
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from twilio.request_validator import RequestValidator

from simulator.engagement import Engagement, uniform

SENDGRID_SIGNATURE = "X-Twilio-Email-Event-Webhook-Signature"
SENDGRID_TIMESTAMP = "X-Twilio-Email-Event-Webhook-Timestamp"
DUPLICATE_SHARE = 0.03


class WebhookRejected(RuntimeError):
    """The webhooks app refused a POST (the message has the status and its text)."""


class Client(Protocol):
    def post(self, url: str, *, content: bytes, headers: dict[str, str]) -> Any: ...


class ProviderSigner:
    """Signs requests as SendGrid (ECDSA key pair) and Twilio (auth token) do."""

    def __init__(self, twilio_auth_token: str, sendgrid_key: ec.EllipticCurvePrivateKey) -> None:
        self.twilio = RequestValidator(twilio_auth_token)
        self._key = sendgrid_key

    @classmethod
    def generate(cls, twilio_auth_token: str) -> ProviderSigner:
        """A signer with a fresh P-256 key pair (what SendGrid creates when signing is enabled)."""
        return cls(twilio_auth_token, ec.generate_private_key(ec.SECP256R1()))

    @classmethod
    def from_pem(cls, twilio_auth_token: str, pem: bytes) -> ProviderSigner:
        """A signer whose SendGrid key is read from PKCS#8 PEM (see :meth:`private_pem`)."""
        key = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(key, ec.EllipticCurvePrivateKey):
            raise ValueError("the SendGrid signing key must be an EC (P-256) private key")
        return cls(twilio_auth_token, key)

    def private_pem(self) -> bytes:
        """The SendGrid signing key as unencrypted PKCS#8 PEM (kept by the demo under data/)."""
        return self._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    @property
    def sendgrid_public_key(self) -> str:
        """The verification key as SendGrid shows it: base64 of the DER SubjectPublicKeyInfo."""
        der = self._key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return base64.b64encode(der).decode("ascii")

    def sendgrid_headers(self, body: bytes, timestamp: int) -> dict[str, str]:
        """Signed Event Webhook headers for ``body`` sent at ``timestamp`` (unix seconds)."""
        signed = str(timestamp).encode("ascii") + body
        signature = self._key.sign(signed, ec.ECDSA(hashes.SHA256()))
        return {
            SENDGRID_SIGNATURE: base64.b64encode(signature).decode("ascii"),
            SENDGRID_TIMESTAMP: str(timestamp),
            "Content-Type": "application/json",
        }

    def twilio_headers(self, url: str, params: dict[str, str]) -> dict[str, str]:
        """``X-Twilio-Signature`` for a form POST of ``params`` to the full public ``url``."""
        return {
            "X-Twilio-Signature": self.twilio.compute_signature(url, params),
            "Content-Type": "application/x-www-form-urlencoded",
        }


@dataclass
class DeliveryReport:
    """What :func:`deliver` posted and exported."""

    sendgrid_posts: int = 0
    sendgrid_events: int = 0
    twilio_posts: int = 0
    duplicates: int = 0
    applications: int = 0
    enrollments: int = 0


def _in_window(at: int, since: int | None, until: int) -> bool:
    return (since is None or at > since) and at <= until


def sendgrid_posts(
    events: list[dict[str, Any]],
    *,
    since: int | None,
    until: int,
    seed: int,
    duplicate_share: float = DUPLICATE_SHARE,
) -> list[tuple[int, list[dict[str, Any]]]]:
    """Event Webhook POST bodies arriving in ``(since, until]``: ``(arrive_at, events)``.

    Events are grouped by arrival minute and shuffled within a POST; a POST SendGrid retries
    appears twice (same events, same ``sg_event_id``s).
    """
    due = [e for e in events if _in_window(e["_arrive_at"], since, until)]
    by_minute: dict[int, list[dict[str, Any]]] = {}
    for ev in due:
        by_minute.setdefault(ev["_arrive_at"] // 60, []).append(ev)
    minutes = sorted(by_minute)
    # the draws are per key: one hash call for every event's shuffle and every minute's retry
    shuffle = iter(
        uniform(
            pd.Series([e["sg_event_id"] for m in minutes for e in by_minute[m]], dtype=object),
            "shuffle",
            seed,
        ).tolist()
    )
    retried = uniform(pd.Series([f"{m}" for m in minutes], dtype=object), "retry", seed)
    posts: list[tuple[int, list[dict[str, Any]]]] = []
    for minute, again in zip(minutes, retried.tolist(), strict=True):
        group = by_minute[minute]
        draws = np.array([next(shuffle) for _ in group])
        order = np.argsort(draws, kind="stable")
        body = [{k: v for k, v in group[i].items() if k != "_arrive_at"} for i in order]
        arrive = max(e["_arrive_at"] for e in group)
        posts.append((arrive, body))
        if again < duplicate_share:
            posts.append((arrive, body))
    return posts


def deliver(
    client: Client,
    engagement: Engagement,
    *,
    signer: ProviderSigner,
    public_base_url: str,
    landing: Path,
    since: int | None,
    until: int,
    seed: int = 0,
    set_clock: Callable[[dt.datetime], None] | None = None,
    duplicate_share: float = DUPLICATE_SHARE,
) -> DeliveryReport:
    """POST every event arriving in ``(since, until]`` to the webhooks app, export the LMS files.

    Parameters
    ----------
    client : Client
        HTTP client of the webhooks app (paths are posted relative to it).
    engagement : Engagement
        What :func:`simulator.engagement.engagement` drew.
    signer : ProviderSigner
        Signs as SendGrid and Twilio; the app must hold its public key and auth token.
    public_base_url : str
        The app's public URL (Twilio signs the full URL it calls).
    landing : pathlib.Path
        Landing zone root (LMS exports are written there).
    since, until : int
        Arrival window in unix seconds (``since`` exclusive, ``None`` = from the start).
    seed : int
        Salt of the batching, shuffling and retries.
    set_clock : callable, optional
        Called with each POST's arrival time before it is sent (an in-process app's clock).
    duplicate_share : float
        Share of POSTs delivered twice (provider retries).

    Raises
    ------
    WebhookRejected
        When the app answers a POST with anything but 2xx.
    """
    report = DeliveryReport()
    base = public_base_url.rstrip("/")
    posts: list[tuple[int, str, Any]] = [
        (at, "sendgrid", body)
        for at, body in sendgrid_posts(
            engagement.sendgrid,
            since=since,
            until=until,
            seed=seed,
            duplicate_share=duplicate_share,
        )
    ]
    callbacks = [cb for cb in engagement.twilio if _in_window(cb["arrive_at"], since, until)]
    # one hash per callback, drawn for all of them at once
    keys = pd.Series(
        [f"{cb['url']}|{cb['params'].get('MessageStatus', cb['kind'])}" for cb in callbacks],
        dtype=object,
    )
    retried = uniform(keys, "twilio_retry", seed) < duplicate_share if callbacks else []
    for cb, again in zip(callbacks, retried, strict=True):
        posts.append((cb["arrive_at"], "twilio", cb))
        if again:
            posts.append((cb["arrive_at"], "twilio", cb))
            report.duplicates += 1
    seen_bodies: set[int] = set()
    for at, kind, payload in sorted(posts, key=lambda p: p[0]):
        if set_clock is not None:
            set_clock(dt.datetime.fromtimestamp(at, dt.UTC))
        if kind == "sendgrid":
            body = json.dumps(payload, separators=(",", ":")).encode("utf-8")
            report.duplicates += id(payload) in seen_bodies
            seen_bodies.add(id(payload))
            # signed when it is sent: the app refuses a signature too far from its own clock
            signed_at = at if set_clock is not None else int(time.time())
            _post(client, "/sendgrid/events", body, signer.sendgrid_headers(body, signed_at))
            report.sendgrid_posts += 1
            report.sendgrid_events += len(payload)
        else:
            body = urlencode(payload["params"]).encode("utf-8")
            headers = signer.twilio_headers(base + payload["url"], payload["params"])
            _post(client, payload["url"], body, headers)
            report.twilio_posts += 1
    report.applications = export_lms(
        landing, "applications", engagement.applications, since=since, until=until
    )
    report.enrollments = export_lms(
        landing, "enrollments", engagement.enrollments, since=since, until=until
    )
    return report


def _post(client: Client, path: str, body: bytes, headers: dict[str, str]) -> None:
    response = client.post(path, content=body, headers=headers)
    if not 200 <= response.status_code < 300:
        raise WebhookRejected(f"POST {path}: {response.status_code} {response.text}")


def export_lms(
    landing: Path, stem: str, records: list[dict[str, Any]], *, since: int | None, until: int
) -> int:
    """Write the ``stem`` records arriving in ``(since, until]`` not exported before; count them.

    One file per arrival day, ``lms/<day>/<stem>-sandbox-<until stamp>.jsonl``, written under a
    temporary name and renamed (ingest never reads half a file).
    """
    id_key = "application_id" if stem == "applications" else "enrollment_id"
    by_day: dict[str, list[dict[str, Any]]] = {}
    for rec in records:
        if _in_window(rec["_arrive_at"], since, until):
            day = dt.datetime.fromtimestamp(rec["_arrive_at"], dt.UTC).date().isoformat()
            by_day.setdefault(day, []).append(rec)
    written = 0
    stamp = dt.datetime.fromtimestamp(until, dt.UTC).strftime("%Y%m%dT%H%M%S")
    for day, recs in sorted(by_day.items()):
        folder = landing / "lms" / day
        folder.mkdir(parents=True, exist_ok=True)
        done = {
            json.loads(line)[id_key]
            for path in folder.glob(f"{stem}-sandbox-*.jsonl")
            for line in path.read_text(encoding="utf-8").splitlines()
            if line
        }
        fresh = [
            {k: v for k, v in r.items() if k != "_arrive_at"} for r in recs if r[id_key] not in done
        ]
        if not fresh:
            continue
        path = folder / f"{stem}-sandbox-{stamp}.jsonl"
        tmp = folder / f".{path.name}.tmp"
        tmp.write_text("".join(json.dumps(r) + "\n" for r in fresh), encoding="utf-8")
        os.replace(tmp, path)
        written += len(fresh)
    return written
