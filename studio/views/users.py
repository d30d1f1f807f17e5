"""The team page (admins) and each user's own account page.

``/users``: every user with their roles and state; an admin adds a user (id, email, name,
roles; a generated first password shown once, to hand over), changes roles, resets a password
(shown once; the user's sessions end) and deactivates or reactivates an account (sessions
end; sign-in refused). ``/account``: who you are, the weekly report by email (subscribe or
not: :mod:`delivery.identity.subscriptions`), and your own password change (the current one
checked as a sign-in is: counted, audited, rate-limited; your other sessions end). Everything
goes through :mod:`delivery.identity`, as ``enrollflow users`` does, and is audited.
"""

from __future__ import annotations

from starlette.responses import Response

from delivery import identity
from delivery.identity import accounts, subscriptions
from studio.web import ADMIN, READ, SESSION_COOKIE, Ctx, page

#: the longest value a field takes (an address is at most 320; a password is hashed whole)
MAX_FIELD = 1024


def _field(ctx: Ctx, name: str) -> str:
    value = str(ctx.form.get(name, "") if ctx.form is not None else "")
    if len(value) > MAX_FIELD:
        raise identity.IdentityError(f"{name}: at most {MAX_FIELD} characters")
    return value


def _team(ctx: Ctx, status: int = 200, **context) -> Response:
    return ctx.render(
        "users.html",
        status_code=status,
        users=identity.list_users(ctx.app.store),
        roles=identity.ROLES,
        **context,
    )


@page("/users", ADMIN)
def team(ctx: Ctx) -> Response:
    return _team(ctx)


@page("/users", ADMIN, methods=("POST",))
def add(ctx: Ctx) -> Response:
    typed = {k: str(ctx.form.get(k, ""))[:MAX_FIELD] for k in ("user_id", "email", "display_name")}
    roles = [r for r in ctx.form.getlist("roles") if r in identity.ROLES]
    password = accounts.generated_password()
    try:
        typed = {k: _field(ctx, k) for k in typed}  # refused when over-long (shown cut)
        user = identity.add_user(
            ctx.app.store, typed["user_id"], typed["email"], actor=ctx.user.user_id, now=ctx.now,
            password=password, roles=roles, display_name=typed["display_name"].strip() or None,
        )  # fmt: skip
    except identity.IdentityError as exc:
        return _team(ctx, 400, problem=str(exc), typed=typed, typed_roles=roles)
    return _team(ctx, handed=(user.user_id, password), message=f"added {user.user_id}")


def _act(ctx: Ctx, user_id: str, act) -> Response:
    """Run ``act()`` (an identity change); a refusal re-renders the page with its message."""
    if identity.get_user(ctx.app.store, user_id) is None:
        return _team(ctx, 404, problem=f"no user {user_id!r}")
    try:
        return act()
    except identity.IdentityError as exc:
        return _team(ctx, 400, problem=str(exc))


@page("/users/{user_id}/roles", ADMIN, methods=("POST",))
def set_roles(ctx: Ctx, user_id: str) -> Response:
    def act() -> Response:
        if _field(ctx, "set") != "roles":
            raise identity.IdentityError("the roles form was incomplete: nothing changed")
        held = identity.get_user(ctx.app.store, user_id).roles
        # the form's boxes are the studio's roles; any other role held is kept as it is
        shown = set(identity.ROLES)
        wanted = {r for r in ctx.form.getlist("roles") if r in shown} | (held - shown)
        store, actor = ctx.app.store, ctx.user.user_id
        # revocations first, 'admin' first of them: the last admin's refusal changes nothing
        for role in sorted(held - wanted):
            identity.revoke(store, user_id, role, actor=actor, now=ctx.now)
        for role in sorted(wanted - held):
            identity.grant(store, user_id, role, actor=actor, now=ctx.now)
        changed = sorted(wanted ^ held)
        text = f"{user_id}: roles {', '.join(sorted(wanted)) or 'none'}" if changed else None
        return _team(ctx, message=text or f"{user_id}: nothing changed")

    return _act(ctx, user_id, act)


@page("/users/{user_id}/password", ADMIN, methods=("POST",))
def reset(ctx: Ctx, user_id: str) -> Response:
    def act() -> Response:
        if _field(ctx, "confirm") != "reset":
            raise identity.IdentityError("the reset was not confirmed: nothing changed")
        password = accounts.reset_password(
            ctx.app.store, user_id, actor=ctx.user.user_id, now=ctx.now
        )
        return _team(ctx, handed=(user_id, password), message=f"{user_id}: password reset")

    return _act(ctx, user_id, act)


@page("/users/{user_id}/active", ADMIN, methods=("POST",))
def activate(ctx: Ctx, user_id: str) -> Response:
    def act() -> Response:
        wanted = _field(ctx, "active")
        if wanted not in ("0", "1"):
            raise identity.IdentityError("active: expected 0 or 1: nothing changed")
        user = accounts.set_active(
            ctx.app.store, user_id, wanted == "1", actor=ctx.user.user_id, now=ctx.now
        )
        state = "active again" if user.is_active else "deactivated, signed out everywhere"
        return _team(ctx, message=f"{user_id}: {state}")

    return _act(ctx, user_id, act)


#: what each subscription sends, and the page's words when it is turned on / off
BY_EMAIL = {
    "weekly": ("you receive the weekly report every Monday morning (UTC), with its PDF",
               "you no longer receive the weekly report"),
    "alerts": ("you receive each alert by email when it opens and when it is resolved",
               "you no longer receive alerts by email"),
}  # fmt: skip


def _account(ctx: Ctx, status: int = 200, **context) -> Response:
    held = {r: subscriptions.is_subscribed(ctx.app.store, ctx.user.user_id, r) for r in BY_EMAIL}
    return ctx.render("account.html", status_code=status, subscribed=held, **context)


@page("/account", READ)
def account(ctx: Ctx) -> Response:
    return _account(ctx)


@page("/account/report", READ, methods=("POST",))
def report_subscription(ctx: Ctx) -> Response:
    report, wanted = str(ctx.form.get("report", "")), str(ctx.form.get("on", ""))
    if report not in BY_EMAIL or wanted not in ("0", "1"):
        return _account(
            ctx, 400, problem="expected report weekly or alerts and on 0 or 1: nothing changed"
        )
    on = wanted == "1"
    subscriptions.set_subscribed(ctx.app.store, ctx.user.user_id, on, now=ctx.now, report=report)
    return _account(ctx, message=BY_EMAIL[report][0 if on else 1])


@page("/account", READ, methods=("POST",))
def change_password(ctx: Ctx) -> Response:
    client = ctx.request.client.host if ctx.request.client else "unknown"
    try:
        current, new = _field(ctx, "current"), _field(ctx, "new")
        if new != _field(ctx, "repeat"):
            raise identity.IdentityError("the new password and its repetition differ")
        accounts.change_password(
            ctx.app.store, ctx.user.user_id, current, new, client=client, now=ctx.now,
            keep_cookie=ctx.request.cookies.get(SESSION_COOKIE),
        )  # fmt: skip
    except identity.LoginRateLimited as exc:
        return _account(ctx, 429, problem=str(exc))
    except identity.AuthenticationFailed:
        return _account(ctx, 400, problem="the current password is wrong")
    except identity.IdentityError as exc:
        return _account(ctx, 400, problem=str(exc))
    return _account(ctx, message="password changed; your other sessions are signed out")


ROUTES = [team, add, set_roles, reset, activate, account, report_subscription, change_password]
