"""Preference centre and double opt-in: Starlette routes, mountable in the webhooks app.

``GET|POST /preferences?token=``  every email's signed footer link (the unsubscribe token, see
    :func:`delivery.rendering.compliance.preferences_url`): the recipient sees and changes their
    consent per channel and topic, no login. GET never changes anything (link scanners).
``POST /signup``                  web sign-up: email + topics + the wording version shown; stores a
    pending opt-in and sends a confirmation link (``send_confirmation(address, url)``).
``GET|POST /confirm?token=``      the confirmation link: POST records the grants (source
    ``double_opt_in``, with IP and user agent).

Every change is a consent-ledger row (:mod:`privacy.consent`) with source, wording version,
time, IP and user agent. Build the routes with :func:`privacy_routes` (to add to an app) or
:func:`create_privacy_app`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import secrets
from collections.abc import Callable, Mapping
from urllib.parse import parse_qs

import sqlalchemy as sa
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

from delivery.rendering.compliance import TokenError, read_unsubscribe_token
from delivery.store import Store, to_utc_naive
from delivery.suppression import blocked_hashes, normalise_address
from privacy.consent import ConsentError, ConsentRecord, current_consent, record
from privacy.crypto import KeyRing, canonical
from privacy.tables import optin_confirmations
from privacy.topics import CONSENT_TOPICS

OPTIN_TTL = dt.timedelta(days=7)
#: Email topics offered by the preference centre of ``enrollflow ops webhooks``.
DEFAULT_TOPICS = CONSENT_TOPICS
MAX_FORM_BYTES = 20_000
#: Appended to the wording version of a grant the preference centre recorded from a box it had
#: ticked (earlier consent, no choice of that topic yet) and the person left ticked.
PREFILLED = ";prefilled"


def receives_campaigns(store: Store, keys: KeyRing, channel: str, address: str) -> bool:
    """Whether campaign messages on ``channel`` still reach ``address``: nothing the send path
    checks (:func:`delivery.suppression.blocked_hashes`: tombstone, suppression, revoked
    consent, every consent topic withdrawn) blocks it."""
    digest = keys.hash("address", normalise_address(channel, address))
    with store.engine.connect() as conn:
        return not blocked_hashes(conn, channel, [digest])


class FormError(Exception):
    """A request is unusable; ``str()`` is the 4xx text."""


def _page(title: str, body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}'
        f"</title></head><body><h1>{html.escape(title)}</h1>{body}</body></html>",
        status_code=status,
        headers={"Content-Security-Policy": "default-src 'none'; form-action 'self'"},
    )


def _client(request: Request) -> tuple[str | None, str | None]:
    host = request.client.host if request.client else None
    return host, request.headers.get("user-agent")


async def _form(request: Request) -> Mapping[str, list[str]]:
    body = await request.body()
    if len(body) > MAX_FORM_BYTES:
        raise FormError(f"form is above {MAX_FORM_BYTES} bytes")
    # url-encoded forms only (what these pages post): no multipart parser needed
    return parse_qs(body.decode("utf-8", errors="replace"), keep_blank_values=False)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def privacy_routes(
    store: Store,
    keys: KeyRing,
    *,
    unsubscribe_secret: str,
    public_base_url: str,
    topics: Mapping[str, str],
    wording_version: str,
    send_confirmation: Callable[[str, str], None] | None = None,
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> list[Route]:
    """The preference-centre and double-opt-in routes.

    Parameters
    ----------
    store, keys
        The ops store and the key ring (consent rows are encrypted).
    unsubscribe_secret : str
        Secret that signs the email footer's token (the same as the unsubscribe link's).
    public_base_url : str
        Where these routes are served (confirmation links point here).
    topics : mapping
        Topic id → label shown (e.g. ``{"newsletter": "Monthly newsletter"}``).
    wording_version : str
        Version id of the consent wording on these pages (recorded with every change).
    send_confirmation : callable, optional
        ``send_confirmation(address, url)`` sends the double-opt-in email; without it only the
        preference-centre routes are served (no sign-up without a way to confirm it).
    clock : callable
        Current UTC time.
    """
    base = public_base_url.rstrip("/")

    def subject_of(request: Request) -> dict[str, str]:
        try:
            return read_unsubscribe_token(unsubscribe_secret, request.query_params.get("token", ""))
        except TokenError as exc:
            raise FormError(f"this link is not valid ({exc})") from None

    def topic_form(ticked: set[str], action: str, button: str) -> str:
        rows = "".join(
            f'<p><label><input type="checkbox" name="topic" value="{html.escape(t)}"'
            f"{' checked' if t in ticked else ''}> {html.escape(label)}</label></p>"
            for t, label in topics.items()
        )
        return (
            f'<form method="post" action="{html.escape(action, quote=True)}">{rows}'
            f'<button type="submit">{html.escape(button)}</button></form>'
        )

    def shown(data: Mapping[str, str]) -> tuple[dict[str, str], set[str], bool]:
        """(ledger state, topics shown ticked, whether some are ticked from earlier consent)."""
        state = current_consent(store, keys, address=data["address"], channel=data["channel"])
        prefilled = receives_campaigns(store, keys, data["channel"], data["address"])
        ticked = {t for t in topics if state.get(t, "granted" if prefilled else None) == "granted"}
        return state, ticked, prefilled and any(t not in state for t in topics)

    async def preferences_page(request: Request) -> Response:
        data = subject_of(request)
        _, ticked, from_before = shown(data)
        note = (
            "<p>You receive our emails under the consent you gave us before: every topic you "
            "have not chosen here yet is ticked. Untick what you no longer want.</p>"
            if from_before
            else ""
        )
        return _page(
            "Your email preferences",
            "<p>Choose what we may send you by email.</p>"
            + note
            + topic_form(ticked, str(request.url), "Save my preferences"),
        )

    async def preferences_save(request: Request) -> Response:
        data = subject_of(request)
        chosen = set((await _form(request)).get("topic", []))
        unknown = chosen - set(topics)
        if unknown:
            raise FormError(f"unknown topic(s) {sorted(unknown)}; expected {sorted(topics)}")
        ledger_id = data["ledger_id"]
        contact_id = ledger_id.split(":")[2] if ledger_id.count(":") == 4 else None
        state, ticked, _ = shown(data)
        ip, agent = _client(request)
        now = clock()
        changed = 0
        with store.begin() as conn:
            for topic in topics:
                wanted = "granted" if topic in chosen else "withdrawn"
                # a topic never recorded is recorded now, ticked or not: the first save is the
                # person's whole choice (nothing ticked withdraws every topic, and stops sends)
                if state.get(topic) == wanted:
                    continue
                # a box we ticked from earlier consent and they left ticked confirms that
                # consent; it is not a new opt-in, and its row says so
                kept = wanted == "granted" and topic not in state and topic in ticked
                record(
                    conn,
                    keys,
                    ConsentRecord(
                        channel=data["channel"],
                        topic=topic,
                        status=wanted,
                        source="preference_centre",
                        address=data["address"],
                        occurred_at=now,
                        contact_id=contact_id,
                        wording_version=f"{wording_version}{PREFILLED if kept else ''}",
                        ip=ip,
                        user_agent=agent,
                    ),  # fmt: skip
                    now=now,
                )
                changed += 1
        return _page("Preferences saved", f"<p>{changed} change(s) saved.</p>")

    async def signup(request: Request) -> Response:
        form = await _form(request)
        address = (form.get("email") or [""])[0].strip()
        chosen = sorted(set(form.get("topic", [])))
        if "@" not in address or len(address) > 320:
            raise FormError("field 'email': expected an email address")
        if not chosen or set(chosen) - set(topics):
            raise FormError(f"field 'topic': choose one or more of {sorted(topics)}")
        token = secrets.token_urlsafe(32)
        ip, agent = _client(request)
        now = to_utc_naive(clock())
        with store.begin() as conn:
            for topic in chosen:
                conn.execute(
                    optin_confirmations.insert().values(
                        token_hash=_token_hash(f"{token}:{topic}"),
                        channel="email",
                        topic=topic,
                        address_hash=keys.hash("address", address),
                        address_enc=keys.encrypt(
                            canonical("address", address), column="optin_confirmations.address_enc"
                        ),
                        wording_version=wording_version,
                        ip_enc=keys.encrypt(ip, column="optin_confirmations.ip_enc"),
                        user_agent_enc=keys.encrypt(
                            agent, column="optin_confirmations.user_agent_enc"
                        ),
                        requested_at=now,
                        expires_at=now + OPTIN_TTL,
                    )
                )
        send_confirmation(address, f"{base}/confirm?token={token}&topics={','.join(chosen)}")
        return _page("Check your inbox", "<p>We sent you a link to confirm your sign-up.</p>")

    def pending(conn: sa.Connection, request: Request) -> list[sa.Row]:
        token = request.query_params.get("token", "")
        topics_given = request.query_params.get("topics", "").split(",")
        hashes = [_token_hash(f"{token}:{t}") for t in topics_given if t]
        rows = conn.execute(
            sa.select(optin_confirmations).where(optin_confirmations.c.token_hash.in_(hashes))
        ).all()
        if not token or not rows:
            raise FormError("this confirmation link is not valid")
        if all(r.confirmed_at is not None for r in rows):
            raise FormError("this confirmation link was already used")  # a replay
        if all(r.expires_at < to_utc_naive(clock()) for r in rows):
            raise FormError("this confirmation link has expired: sign up again")
        return rows

    async def confirm_page(request: Request) -> Response:
        with store.engine.connect() as conn:
            pending(conn, request)
        return _page(
            "Confirm your sign-up",
            f'<form method="post" action="{html.escape(str(request.url), quote=True)}">'
            '<button type="submit">Yes, sign me up</button></form>',
        )

    async def confirm(request: Request) -> Response:
        ip, agent = _client(request)
        now = clock()
        with store.begin() as conn:
            rows = pending(conn, request)
            for row in rows:
                if row.confirmed_at is not None or row.expires_at < to_utc_naive(now):
                    continue
                address = keys.decrypt(row.address_enc, column="optin_confirmations.address_enc")
                record(
                    conn,
                    keys,
                    ConsentRecord(
                        channel=row.channel,
                        topic=row.topic,
                        status="granted",
                        source="double_opt_in",
                        address=address,
                        occurred_at=now,
                        contact_id=row.contact_id,
                        wording_version=row.wording_version,
                        ip=ip,
                        user_agent=agent,
                    ),  # fmt: skip
                    now=now,
                )
                conn.execute(
                    optin_confirmations.update()
                    .where(optin_confirmations.c.token_hash == row.token_hash)
                    .values(confirmed_at=to_utc_naive(now))
                )
        return _page("You are signed up", "<p>Thank you: your sign-up is confirmed.</p>")

    def guarded(endpoint):
        async def run(request: Request) -> Response:
            try:
                return await endpoint(request)
            except (FormError, ConsentError) as exc:  # ConsentError: no usable address
                return PlainTextResponse(str(exc), status_code=400)

        return run

    routes = [
        Route("/preferences", guarded(preferences_page), methods=["GET"]),
        Route("/preferences", guarded(preferences_save), methods=["POST"]),
    ]
    if send_confirmation is not None:
        routes += [
            Route("/signup", guarded(signup), methods=["POST"]),
            Route("/confirm", guarded(confirm_page), methods=["GET"]),
            Route("/confirm", guarded(confirm), methods=["POST"]),
        ]
    return routes


def create_privacy_app(store: Store, keys: KeyRing, **kwargs) -> Starlette:
    """The routes of :func:`privacy_routes` as their own ASGI app."""
    return Starlette(routes=privacy_routes(store, keys, **kwargs))
