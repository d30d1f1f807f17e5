"""``enrollflow users``: users, roles and API tokens in the ops store (admins only).

The CLI acts as a named operator: ``--by USER`` (or ``ENROLLFLOW_OPERATOR``) must be a user
holding ``admin``; the action is refused otherwise and, when allowed, audited under that name
with the server's time. Only the first admin can be created without one (bootstrap)::

    enrollflow users add root --email it@school.edu --role admin --by root --password-stdin
    enrollflow users add maria --email maria@school.edu --role marketer --by root
    enrollflow users grant maria approver --by root
"""

from __future__ import annotations

import datetime as dt
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from delivery import identity
from delivery.store import Store, StoreError, open_store
from enrollflow.settings import get_settings

app = typer.Typer(
    help="Users, roles and API tokens (admins): add, list, grant, revoke, token.",
    no_args_is_help=True,
    add_completion=False,
)
Operator = Annotated[
    str,
    typer.Option(
        "--by", envvar="ENROLLFLOW_OPERATOR", help="The admin performing the action (audited)."
    ),
]
StoreUrl = Annotated[
    str | None,
    typer.Option("--store", help="Ops store URL (default: ENROLLFLOW_OPS_STORE_URL or data/)."),
]


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _open(url: str | None) -> Store:
    try:
        return open_store(url or get_settings().ops_store)
    except StoreError as exc:
        raise typer.BadParameter(str(exc)) from None


def _fail(message: str) -> None:
    Console(stderr=True, highlight=False).print(f"[red]{escape(str(message))}[/red]")
    raise typer.Exit(1)


def _as_admin(store: Store, operator: str, action: str, bootstrap: bool = False) -> str:
    """The operator's id if they are an admin (or this is the bootstrap of the first admin)."""
    if bootstrap and not identity.has_admin(store):
        return operator
    try:
        return identity.authorize(identity.get_user(store, operator), ("admin",), action).user_id
    except identity.IdentityError as exc:  # not an admin, or not a user name at all
        _fail(f"{exc} (operator {operator[:64]!r})")
    raise AssertionError("unreachable")


def _password(from_stdin: bool) -> str | None:
    if from_stdin:
        return sys.stdin.readline().rstrip("\n")
    return None


@app.command("add")
def add(
    user_id: Annotated[str, typer.Argument(help="Short user id, e.g. maria.")],
    email: Annotated[str, typer.Option("--email")],
    by: Operator,
    role: Annotated[list[str], typer.Option("--role", help="Role(s) to grant.")] = [],  # noqa: B006
    name: Annotated[str | None, typer.Option("--name", help="Display name.")] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the sign-in password from stdin.")
    ] = False,
    store: StoreUrl = None,
) -> None:
    """Add a user (without a password the user can act from the CLI but not sign in)."""
    s = _open(store)
    actor = _as_admin(s, by, "add a user", bootstrap="admin" in role)
    try:
        user = identity.add_user(
            s, user_id, email, actor=actor, now=_now(), password=_password(password_stdin),
            roles=role, display_name=name,
        )  # fmt: skip
    except identity.IdentityError as exc:
        _fail(str(exc))
    Console().print(
        f"added {user.user_id} ({', '.join(sorted(user.roles)) or 'no roles'})", markup=False
    )


@app.command("list")
def list_(by: Operator, store: StoreUrl = None) -> None:
    """List users, their roles and whether they can sign in."""
    s = _open(store)
    _as_admin(s, by, "list users")
    table = Table("user", "email", "roles", "sign-in", "active")
    for u in identity.list_users(s):
        table.add_row(
            u.user_id,
            u.email,
            ", ".join(sorted(u.roles)),
            "password" if u.has_password else "CLI only",
            "yes" if u.is_active else "no",
        )
    Console(width=120).print(table)


def _role_command(grant: bool):
    def command(user_id: str, role: str, by: Operator, store: StoreUrl = None) -> None:
        s = _open(store)
        actor = _as_admin(s, by, f"{'grant' if grant else 'revoke'} a role")
        change = identity.grant if grant else identity.revoke
        try:
            user = change(s, user_id, role, actor=actor, now=_now())
        except identity.IdentityError as exc:
            _fail(str(exc))
        Console().print(
            f"{user.user_id}: {', '.join(sorted(user.roles)) or 'no roles'}", markup=False
        )

    command.__doc__ = "Grant a role to a user." if grant else "Revoke a role from a user."
    return command


app.command("grant")(_role_command(True))
app.command("revoke")(_role_command(False))


@app.command("token")
def token(
    user_id: str,
    by: Operator,
    name: Annotated[str, typer.Option("--name", help="What the token is for.")],
    store: StoreUrl = None,
) -> None:
    """Create an API token for USER_ID and print it once (send as ``Authorization: Bearer``)."""
    s = _open(store)
    actor = _as_admin(s, by, "create an API token")
    try:
        typer.echo(identity.create_token(s, user_id, name, actor=actor, now=_now()))
    except identity.IdentityError as exc:
        _fail(str(exc))
