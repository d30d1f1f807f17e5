"""Sign in and out. The login form carries a double-submit CSRF token (there is no session yet)."""

from __future__ import annotations

import hmac
import secrets

from starlette.responses import RedirectResponse, Response

from delivery import identity
from studio.web import PUBLIC, READ, SESSION_COOKIE, Ctx, page

LOGIN_CSRF_COOKIE = "studio_login_csrf"


def _safe_next(target: str | None) -> str:
    # only local paths: never redirect a signed-in user to another site
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return "/campaigns"


def _login_form(ctx: Ctx, error: str | None = None, status: int = 200) -> Response:
    token = secrets.token_urlsafe(24)
    response = ctx.render(
        "login.html",
        status_code=status,
        login_csrf=token,
        error=error,
        next=_safe_next(ctx.request.query_params.get("next")),
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict",
        secure=ctx.app.config.secure_cookies, path="/login",
    )  # fmt: skip
    return response


@page("/login", PUBLIC)
def login_page(ctx: Ctx) -> Response:
    if ctx.user is not None:
        return RedirectResponse("/campaigns", 303)
    return _login_form(ctx)


@page("/login", PUBLIC, methods=("POST",))
def login(ctx: Ctx) -> Response:
    form = ctx.form
    expected = ctx.request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(expected, str(form.get("csrf_token", ""))):
        return _login_form(ctx, "The sign-in form expired: please try again.", 403)
    client = ctx.request.client.host if ctx.request.client else "unknown"
    try:
        user = identity.authenticate(
            ctx.app.store, str(form.get("username", "")), str(form.get("password", "")),
            client=client, now=ctx.now,
        )  # fmt: skip
    except identity.LoginRateLimited as exc:
        response = _login_form(ctx, str(exc), 429)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except identity.AuthenticationFailed:
        return _login_form(ctx, "Wrong username or password.", 401)
    except identity.IdentityError as exc:  # a malformed username: said as it is, not counted
        return _login_form(ctx, f"{str(exc)[:1].upper()}{str(exc)[1:]}.", 400)
    cookie, _ = identity.start_session(ctx.app.store, user, now=ctx.now)
    response = RedirectResponse(_safe_next(str(form.get("next", ""))), 303)
    response.set_cookie(
        SESSION_COOKIE, cookie, httponly=True, samesite="lax",
        secure=ctx.app.config.secure_cookies, max_age=12 * 3600,
    )  # fmt: skip
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


@page("/logout", READ, methods=("POST",))
def logout(ctx: Ctx) -> Response:
    cookie = ctx.request.cookies.get(SESSION_COOKIE, "")
    identity.end_session(ctx.app.store, cookie, actor=ctx.user.user_id, now=ctx.now)
    response = RedirectResponse("/login", 303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@page("/", PUBLIC)
def home(ctx: Ctx) -> Response:
    return RedirectResponse("/campaigns" if ctx.user else "/login", 303)


ROUTES = [login_page, login, logout, home]
