"""Social accounts: list them with their state, connect one with OAuth 2.0, reconnect a dead one.

The same domain calls as ``enrollflow social connect``: ``POST /social/connect`` (editors, CSRF)
keeps a fresh ``state`` (and X's PKCE verifier, encrypted) with :func:`oauth.authorization_url`
and sends the browser to the platform; the platform sends it back to ``GET /social/callback``
(``ENROLLFLOW_SOCIAL_REDIRECT_URI`` names this route), which trades the code once
(:func:`oauth.exchange_code`: unknown, expired or replayed states are refused), finds the
accounts and stores their tokens sealed (:func:`accounts.save_account`). A callback is accepted
only from the user who started it, so a link carrying someone else's code cannot connect their
account into this studio (login CSRF). Reconnecting an account in ``needs_reauth`` is the same
flow; saving it puts its waiting posts back to ``approved``.

The accounts page allows the platforms' authorization hosts in its ``form-action``: the Connect
form's redirect leaves this origin, which the studio's CSP otherwise forbids.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from starlette.responses import RedirectResponse, Response

from delivery.social import accounts as acc
from delivery.social import oauth
from delivery.social.errors import SocialError
from delivery.social.tables import PLATFORMS
from studio.web import CSP, EDIT, READ, Ctx, page

#: the LinkedIn organisation (or the one Page) to connect, carried from Connect to the callback
TARGET_COOKIE = "studio_social_target"
LABELS = {"facebook": "Facebook Page", "instagram": "Instagram", "linkedin": "LinkedIn", "x": "X"}


def _csp(ctx: Ctx) -> str:
    origins = sorted(
        {"{0.scheme}://{0.netloc}".format(urlsplit(a.authorize_url)) for a in _apps(ctx).values()}
    )
    return CSP.replace("form-action 'self'", " ".join(["form-action 'self'", *origins]))


def _apps(ctx: Ctx) -> dict[str, oauth.OAuthApp]:
    return ctx.app.config.social.apps


def _page(ctx: Ctx, message: str | None = None, status: int = 200, ok: bool = False) -> Response:
    response = ctx.render(
        "social.html", status_code=status, message=message, ok=ok,
        accounts=acc.list_accounts(ctx.app.store), platforms=[p for p in PLATFORMS if p in _apps(ctx)],
        missing=[p for p in PLATFORMS if p not in _apps(ctx)], labels=LABELS,
        can_edit=ctx.user.has_any(EDIT), now=ctx.now.replace(tzinfo=None),
    )  # fmt: skip
    response.headers["Content-Security-Policy"] = _csp(ctx)
    return response


@page("/social", READ)
def social_accounts(ctx: Ctx) -> Response:
    wanted = ctx.request.query_params.getlist("connected")
    done = [a for a in acc.list_accounts(ctx.app.store) if a.account_id in wanted]
    if done:
        names = ", ".join(f"{a.account_id} ({a.name})" for a in done)
        return _page(ctx, f"connected {names}", ok=True)
    return _page(ctx)


@page("/social/connect", EDIT, methods=("POST",))
def connect(ctx: Ctx) -> Response:
    platform = str(ctx.form.get("platform") or "")
    target = str(ctx.form.get("remote_id") or "").strip()
    if platform not in _apps(ctx):
        return _page(ctx, f"{platform or 'that platform'} is not configured here", 422)
    if platform == "linkedin" and not target.startswith("urn:li:organization:"):
        return _page(
            ctx, "LinkedIn: give the organisation to post as, urn:li:organization:<id>", 422
        )
    config = ctx.app.config.social
    try:
        url, _ = oauth.authorization_url(
            ctx.app.store, ctx.app.store.keys, config.app(platform), config.redirect_uri,
            actor=ctx.user.user_id, now=ctx.now,
        )  # fmt: skip
    except SocialError as exc:
        return _page(ctx, str(exc), 422)
    response = RedirectResponse(url, 303)
    response.set_cookie(
        TARGET_COOKIE, target, max_age=int(oauth.STATE_TTL.total_seconds()), path="/social",
        httponly=True, samesite="lax", secure=ctx.app.config.secure_cookies,
    )  # fmt: skip
    return response


@page("/social/callback", EDIT)
def callback(ctx: Ctx) -> Response:
    q = ctx.request.query_params
    if q.get("error"):
        desc = q.get("error_description", "")
        return _page(ctx, f"the platform did not authorize: {q['error']} {desc}".strip(), 400)
    code, state = q.get("code"), q.get("state")
    if not code or not state:
        return _page(ctx, "the callback has no code or state: start again with Connect", 400)
    platform = oauth.state_platform(ctx.app.store, state)
    if platform not in _apps(ctx):
        return _page(ctx, "unknown OAuth state: start again with Connect", 400)
    config, keys = ctx.app.config.social, ctx.app.store.keys
    try:
        token = oauth.exchange_code(
            ctx.app.store, keys, config.app(platform), code=code, state=state, now=ctx.now,
            actor=ctx.user.user_id,
        )  # fmt: skip
        found = acc.discover(
            config.app(platform), token, api_base=config.api_urls.get(platform),
            remote_id=ctx.request.cookies.get(TARGET_COOKIE) or None,
        )  # fmt: skip
        saved = [
            acc.save_account(ctx.app.store, keys, f, actor=ctx.user.user_id, now=ctx.now)
            for f in found
        ]
    except SocialError as exc:
        return _page(ctx, f"{LABELS[platform]}: {exc}", 400)
    # back to the list (a reload of the callback would replay a used state)
    response = RedirectResponse(
        "/social?" + urlencode([("connected", a.account_id) for a in saved]), 303
    )
    response.delete_cookie(TARGET_COOKIE, path="/social")
    return response


ROUTES = [social_accounts, connect, callback]
