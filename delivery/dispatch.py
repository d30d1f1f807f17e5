"""Send claimed ledger rows through a provider, exactly once.

:func:`dispatch` loops: check the circuit breaker, claim a batch (owner token + lease), apply the
send-time rules (suppressions, an optional ``check``), render, mark the batch ``sending`` (committed
*before* the request), call the provider under a token bucket with tenacity retries, and record
each outcome. What a crash leaves behind at each step:

=========================  ==========================================================
crash point (``fault``)    what happens on restart
=========================  ==========================================================
``before_claim``           nothing was claimed; the next run claims the rows
``after_claim``            lease expires -> ``pending`` (the request never left) -> sent
``after_mark_sending``     lease expires -> ``unknown`` -> reconciled: not at provider -> sent
``after_provider_accept``  lease expires -> ``unknown`` -> reconciled: found -> ``submitted``
``before_ledger_commit``   same as above (the transaction rolled back)
``after_ledger_commit``    rows are ``submitted``; nothing to do
=========================  ==========================================================

``fault`` is a hook called with each point name (tests make the process SIGKILL itself there).

Provider answers follow :mod:`delivery.providers.codes`: a request that got no answer
(:class:`~delivery.providers.base.ProviderTimeout`) marks its messages ``unknown`` and then holds
the provider (breaker + alert) rather than feeding it the rest of the campaign; the breaker's
probe after the cooldown is one message; a ``Deferred`` recipient (SMTP 4xx) goes back to
``pending`` when the run ends.

Public API: :class:`DispatchPolicy`, :class:`DispatchReport`, :data:`FAULT_POINTS`,
:func:`dispatch`, :func:`new_owner_token`.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Protocol

import sqlalchemy as sa
import tenacity

from delivery import breaker
from delivery.ledger import Ledger, LedgerRow, Verdict
from delivery.messages import (
    Accepted,
    Deferred,
    Message,
    Outcome,
    Rejected,
    RenderError,
    content_sha256,
)
from delivery.providers.base import (
    AuthenticationFailed,
    Provider,
    ProviderError,
    ProviderHeld,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
    RetryableError,
)
from delivery.ratelimit import TokenBucket
from delivery.store import Store
from delivery.suppression import blocked_hashes, suppress

log = logging.getLogger(__name__)


class Gate(Protocol):
    """The dispatch-time check :func:`dispatch` runs inside each claim's transaction."""

    messages: dict[str, Message]

    def __call__(
        self, conn: sa.Connection, rows: list[LedgerRow], now: dt.datetime
    ) -> Mapping[str, Verdict]: ...


FAULT_POINTS = (
    "before_claim",
    "after_claim",
    "after_mark_sending",
    "after_provider_accept",
    "before_ledger_commit",
    "after_ledger_commit",
)


def new_owner_token() -> str:
    """Return a unique claim owner token (host, process id, random suffix)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True)
class DispatchPolicy:
    """Knobs of one dispatch run.

    Attributes
    ----------
    lease : datetime.timedelta
        Claim lease; must exceed the provider timeout (it is renewed while backing off).
    max_attempts : int
        Attempts per batch on outages (connection refused, 5xx, timeouts) before the breaker opens.
    max_rate_limit_waits : int
        429s tolerated per batch (each waits for the provider's reset) before the breaker opens.
    backoff_initial, backoff_max, jitter : float
        Exponential backoff with jitter between outage retries, in seconds.
    breaker_cooldown : datetime.timedelta
        First hold after retries are exhausted (doubles with each consecutive failure).
    batch_size : int or None
        Messages per claim/provider call (default: the provider's ``max_batch``).
    """

    lease: dt.timedelta = dt.timedelta(minutes=2)
    max_attempts: int = 5
    max_rate_limit_waits: int = 20
    backoff_initial: float = 0.5
    backoff_max: float = 30.0
    jitter: float = 0.5
    breaker_cooldown: dt.timedelta = dt.timedelta(minutes=1)
    batch_size: int | None = None


@dataclass
class DispatchReport:
    """What one :func:`dispatch` call did (counts of ledger rows)."""

    claimed: int = 0
    submitted: int = 0
    failed: int = 0
    skipped: int = 0
    unknown: int = 0
    released: int = 0
    deferred: int = 0
    held: int = 0
    requests: int = 0
    rate_limited: int = 0
    hold: breaker.Hold | None = None
    alerts: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        """Plain-dict form (for Dagster metadata and the CLI)."""
        return asdict(self)


class _Batch:
    """State of one claimed batch while it is being sent."""

    def __init__(self, messages: dict[str, Message]) -> None:
        self.remaining: list[Message] = list(messages.values())

    def drop(self, ids: set[str]) -> None:
        self.remaining = [m for m in self.remaining if m.ledger_id not in ids]

    @property
    def ids(self) -> list[str]:
        return [m.ledger_id for m in self.remaining]


class _Dispatcher:
    def __init__(
        self,
        store: Store,
        provider: Provider,
        *,
        render: Callable[[LedgerRow], Message],
        now: dt.datetime,
        owner: str,
        policy: DispatchPolicy,
        bucket: TokenBucket | None,
        check: Callable[[LedgerRow], str | None] | None,
        gate: Gate | None,
        alert: Callable[[str], None] | None,
        fault: Callable[[str], None] | None,
        sleep: Callable[[float], None],
        monotonic: Callable[[], float],
    ) -> None:
        self.store = store
        self.provider = provider
        self.ledger = Ledger(store)
        self.render = render
        self.owner = owner
        self.policy = policy
        self.bucket = bucket
        self.check = check
        self.gate = gate
        self._alert = alert
        self._fault = fault
        self._sleep = sleep
        self._monotonic = monotonic
        self._t0 = monotonic()
        self._now0 = now
        self.report = DispatchReport()
        self._deferred: dict[str, str] = {}

    # -- helpers ---------------------------------------------------------------------------
    def now(self) -> dt.datetime:
        return self._now0 + dt.timedelta(seconds=self._monotonic() - self._t0)

    def fault(self, point: str) -> None:
        if self._fault is not None:
            self._fault(point)

    def alert(self, text: str) -> None:
        self.report.alerts.append(text)
        log.warning("delivery alert: %s", text)
        if self._alert is not None:
            self._alert(text)

    # -- the loop ----------------------------------------------------------------------------
    def run(
        self,
        *,
        limit: int | None,
        ledger_ids: Sequence[str] | None,
        campaign_id: str | None,
        step_id: str | None,
    ) -> DispatchReport:
        try:
            return self._loop(
                limit=limit, ledger_ids=ledger_ids, campaign_id=campaign_id, step_id=step_id
            )
        finally:
            self._release_deferred()

    def _loop(
        self,
        *,
        limit: int | None,
        ledger_ids: Sequence[str] | None,
        campaign_id: str | None,
        step_id: str | None,
    ) -> DispatchReport:
        size = min(self.policy.batch_size or self.provider.max_batch, self.provider.max_batch)
        while limit is None or self.report.claimed < limit:
            hold = breaker.check(self.store, self.provider.name, now=self.now())
            if hold is not None:
                self.report.hold = hold
                break
            self.fault("before_claim")
            want = size if limit is None else min(size, limit - self.report.claimed)
            if breaker.probing(self.store, self.provider.name):
                want = 1  # the breaker's probe: one message, not a batch, into a doubtful provider
            if self.gate is not None:
                messages = self._claim_checked(want, campaign_id)
                if messages is None:
                    break
                if not messages:
                    continue
                self.fault("after_claim")
                if self._send_messages(messages):
                    break
                continue
            rows = self.ledger.claim(
                owner=self.owner,
                now=self.now(),
                lease=self.policy.lease,
                limit=want,
                ledger_ids=ledger_ids,
                campaign_id=campaign_id,
                step_id=step_id,
                channel=self.provider.channel,
            )
            if not rows:
                break
            self.report.claimed += len(rows)
            self.fault("after_claim")
            if self._send_batch(rows):
                break
        return self.report

    def _claim_checked(self, want: int, campaign_id: str | None) -> dict[str, Message] | None:
        """Claim a batch through the dispatch-time check; ``None`` when nothing is left to do."""
        gate = self.gate
        assert gate is not None
        result = self.ledger.claim_checked(
            owner=self.owner,
            now=self.now(),
            lease=self.policy.lease,
            limit=want,
            gate=lambda conn, rows: gate(conn, rows, self.now()),
            campaign_id=campaign_id,
            channel=self.provider.channel,
        )
        self.report.skipped += result.count("skip")
        self.report.failed += result.count("fail")
        self.report.deferred += result.count("defer")
        self.report.held += result.count("hold")
        self.report.claimed += len(result.claimed)
        if (
            result.candidates == 0
            or result.count("wait") + (result.candidates - len(result.verdicts))
            == result.candidates
        ):
            return None  # nothing pending, or every candidate must wait (campaign not running)
        return {r.ledger_id: gate.messages.pop(r.ledger_id) for r in result.claimed}

    def _apply_rules(self, rows: list[LedgerRow]) -> list[LedgerRow]:
        channel = self.provider.channel
        # on the keyed hashes: the addresses stay sealed until the message is rendered
        with self.store.engine.connect() as conn:
            blocked = blocked_hashes(conn, channel, [r.to_address_hash for r in rows])
        skip: dict[str, str] = {}
        for r in rows:
            if not r.to_address_hash:
                skip[r.ledger_id] = f"no {channel} address"
            elif r.to_address_hash in blocked:
                skip[r.ledger_id] = (
                    "suppressed"
                    if "suppressed" in blocked[r.to_address_hash]
                    else blocked[r.to_address_hash]
                )
            elif self.check is not None and (reason := self.check(r)):
                skip[r.ledger_id] = reason
        if skip:
            self.report.skipped += len(
                self.ledger.mark_failed(skip, owner=self.owner, now=self.now(), state="skipped")
            )
        return [r for r in rows if r.ledger_id not in skip]

    def _render(self, rows: list[LedgerRow]) -> dict[str, Message]:
        messages: dict[str, Message] = {}
        failed: dict[str, str] = {}
        for r in rows:
            try:
                messages[r.ledger_id] = self.render(r)
            except RenderError as exc:
                failed[r.ledger_id] = f"render: {exc}"
        if failed:
            self.report.failed += len(
                self.ledger.mark_failed(failed, owner=self.owner, now=self.now())
            )
        return messages

    def _send_batch(self, rows: list[LedgerRow]) -> bool:
        """Send one claimed batch; return True when the run must stop (provider held)."""
        return self._send_messages(self._render(self._apply_rules(rows)))

    def _send_messages(self, messages: dict[str, Message]) -> bool:
        """Send claimed, rendered messages; return True when the run must stop (provider held)."""
        if not messages:
            return False
        sendable = self.ledger.mark_sending(
            list(messages),
            owner=self.owner,
            now=self.now(),
            lease=self.policy.lease,
            provider=self.provider.kind,
            # what leaves is rendered here, at send time: its fingerprint is the audit record of
            # exactly what was sent (and Twilio is searched by recipient + body hash)
            content_sha256={i: content_sha256(m) for i, m in messages.items()},
        )
        self.fault("after_mark_sending")
        batch = _Batch({i: messages[i] for i in sendable})
        outage = {"n": 0}
        limited = {"n": 0}

        def attempt() -> None:
            if not batch.remaining:
                return
            if self.bucket is not None:
                self.bucket.acquire(len(batch.remaining))
            self.report.requests += 1
            try:
                outcomes = self.provider.send(batch.remaining)
            except ProviderError as exc:
                self._record(exc.done)
                batch.drop(set(exc.done))
                if exc.may_have_left:
                    affected = set(exc.affected if exc.affected is not None else batch.ids)
                    self.report.unknown += len(
                        self.ledger.mark_unknown(
                            sorted(affected), owner=self.owner, now=self.now(), error=str(exc)
                        )
                    )
                    batch.drop(affected)
                    if isinstance(exc, ProviderTimeout):
                        # a provider that takes requests and never answers: hold it (breaker,
                        # alert) instead of draining the campaign into `unknown`
                        raise ProviderHeld(str(exc)) from None
                    if batch.remaining:
                        outage["n"] += 1
                        raise ProviderUnavailable(f"{exc}; retrying the rest") from None
                    return
                if isinstance(exc, RateLimited):
                    limited["n"] += 1
                    self.report.rate_limited += 1
                    if self.bucket is not None:
                        self.bucket.refund(len(batch.remaining))  # refused: not counted
                        if exc.retry_after is not None:
                            self.bucket.pause_for(exc.retry_after)
                elif isinstance(exc, RetryableError):
                    outage["n"] += 1
                raise
            self._record(outcomes)
            batch.drop(set(outcomes))
            breaker.record_success(self.store, self.provider.name, now=self.now())

        def wait(state: tenacity.RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome else None
            if isinstance(exc, RateLimited):
                if self.bucket is not None:
                    return 0.0  # the bucket is paused until the provider's reset
                return (
                    exc.retry_after if exc.retry_after is not None else self.policy.backoff_initial
                )
            backoff = tenacity.wait_exponential_jitter(
                initial=self.policy.backoff_initial,
                max=self.policy.backoff_max,
                jitter=self.policy.jitter,
            )
            return backoff(state)

        def stop(_state: tenacity.RetryCallState) -> bool:
            return (
                outage["n"] >= self.policy.max_attempts
                or limited["n"] >= self.policy.max_rate_limit_waits
            )

        def sleep(seconds: float) -> None:
            if batch.remaining:
                self.ledger.extend_lease(
                    batch.ids, owner=self.owner, now=self.now(), lease=self.policy.lease
                )
            if seconds > 0:
                self._sleep(seconds)

        retrying = tenacity.Retrying(
            stop=stop,
            wait=wait,
            sleep=sleep,
            retry=tenacity.retry_if_exception(
                lambda e: isinstance(e, RetryableError) and not isinstance(e, ProviderHeld)
            ),
            reraise=True,
        )
        try:
            retrying(attempt)
        except AuthenticationFailed as exc:
            self._release(batch, str(exc))
            self.report.hold = breaker.stop(
                self.store, self.provider.name, now=self.now(), reason=str(exc)
            )
            self.alert(f"{self.provider.name} stopped: {exc}")
            return True
        except RetryableError as exc:
            self._release(batch, str(exc))
            self.report.hold = breaker.record_failure(
                self.store,
                self.provider.name,
                now=self.now(),
                reason=str(exc),
                cooldown=self.policy.breaker_cooldown,
            )
            self.alert(
                f"{self.provider.name} held until {self.report.hold.retry_at:%Y-%m-%d %H:%M:%S} "
                f"UTC: {exc}"
            )
            return True
        return False

    def _release(self, batch: _Batch, reason: str) -> None:
        if batch.remaining:
            self.report.released += len(
                self.ledger.release(batch.ids, owner=self.owner, now=self.now(), reason=reason)
            )
            batch.remaining = []

    def _release_deferred(self) -> None:
        """Give rows a provider deferred (SMTP 4xx) back to ``pending`` for a later run."""
        if self._deferred:
            ids = sorted(self._deferred)
            reason = "; ".join(sorted(set(self._deferred.values())))
            self.report.released += len(
                self.ledger.release(ids, owner=self.owner, now=self.now(), reason=reason)
            )
            self._deferred.clear()

    def _record(self, outcomes: dict[str, Outcome]) -> None:
        if not outcomes:
            return
        self._deferred.update({i: o.reason for i, o in outcomes.items() if isinstance(o, Deferred)})
        accepted = {
            i: o.provider_message_id for i, o in outcomes.items() if isinstance(o, Accepted)
        }
        rejected = {i: o for i, o in outcomes.items() if isinstance(o, Rejected)}
        if accepted:
            self.fault("after_provider_accept")
            with self.store.begin() as conn:
                moved = self.ledger.mark_submitted(
                    accepted, owner=self.owner, now=self.now(), conn=conn
                )
                self.fault("before_ledger_commit")
            self.report.submitted += len(moved)
            self.fault("after_ledger_commit")
        if rejected:
            to_suppress = [i for i, o in rejected.items() if o.suppress]
            if to_suppress:
                addresses = {r.ledger_id: r.to_address for r in self._rows(to_suppress)}
                with self.store.begin() as conn:
                    for lid in to_suppress:
                        if addresses.get(lid):
                            suppress(
                                conn,
                                self.store,
                                channel=self.provider.channel,
                                address=addresses[lid],
                                reason="provider_rejected",
                                source=self.provider.kind,
                                now=self.now(),
                                ledger_id=lid,
                            )
            self.report.failed += len(
                self.ledger.mark_failed(
                    {i: o.reason for i, o in rejected.items()}, owner=self.owner, now=self.now()
                )
            )

    def _rows(self, ids: list[str]) -> list[LedgerRow]:
        return [r for r in (self.ledger.get(i) for i in ids) if r is not None]


def dispatch(
    store: Store,
    provider: Provider,
    *,
    render: Callable[[LedgerRow], Message],
    now: dt.datetime,
    owner: str | None = None,
    limit: int | None = None,
    ledger_ids: Sequence[str] | None = None,
    campaign_id: str | None = None,
    step_id: str | None = None,
    policy: DispatchPolicy | None = None,
    bucket: TokenBucket | None = None,
    check: Callable[[LedgerRow], str | None] | None = None,
    gate: Gate | None = None,
    alert: Callable[[str], None] | None = None,
    fault: Callable[[str], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
    monotonic: Callable[[], float] = time.monotonic,
) -> DispatchReport:
    """Send pending ledger rows through ``provider``, each at most once.

    Parameters
    ----------
    store : Store
        The ops store holding the ledger.
    provider : Provider
        Where to send (its ``channel`` selects the rows).
    render : callable
        ``render(row) -> EmailMessage | SmsMessage``; raise :class:`~delivery.messages.RenderError`
        to fail that one message.
    now : datetime.datetime
        Current time (UTC); later timestamps add the monotonic time elapsed since the call.
    owner : str, optional
        Claim owner token (default: :func:`new_owner_token`).
    limit : int, optional
        Most rows to claim in this call.
    ledger_ids, campaign_id, step_id : optional
        Restrict to these rows.
    policy : DispatchPolicy, optional
        Lease, retries, backoff and breaker settings.
    bucket : TokenBucket or SharedBucket, optional
        Rate limit of the provider account (one token per message; ``SharedBucket`` is shared
        by every run of the account through the ops store).
    check : callable, optional
        Send-time rule: ``check(row)`` returns a reason to skip the row, or ``None``.
    gate : Gate, optional
        The dispatch-time check (:class:`delivery.send_check.CampaignSendCheck`): called
        inside each claim's transaction as ``gate(conn, candidates, now)``, it decides every
        candidate (send / skip / fail / defer / hold / wait) and renders the ones to send
        (``gate.messages``). With a gate, ``render``, ``check`` and the plain suppression rule
        are not used, and ``ledger_ids`` / ``step_id`` are not supported.
    alert : callable, optional
        Called with a human sentence when a provider is held or stopped.
    fault : callable, optional
        Fault-injection hook called at each of :data:`FAULT_POINTS`.
    sleep, monotonic : callable
        Injected for tests.

    Returns
    -------
    DispatchReport
        Counts, and the breaker hold if the run stopped because of one.
    """
    return _Dispatcher(
        store,
        provider,
        render=render,
        now=now,
        owner=owner or new_owner_token(),
        policy=policy or DispatchPolicy(),
        bucket=bucket,
        check=check,
        gate=gate,
        alert=alert,
        fault=fault,
        sleep=sleep,
        monotonic=monotonic,
    ).run(limit=limit, ledger_ids=ledger_ids, campaign_id=campaign_id, step_id=step_id)
