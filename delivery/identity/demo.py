"""Sign-in accounts for ``make demo``: a marketer, an approver and an admin for the studio."""

from __future__ import annotations

import datetime as dt
import secrets

from delivery.identity.users import add_user, get_user, grant, set_password
from delivery.store import Store

#: (user id, role, email) — the ids the demo campaign is applied and approved by, and an admin
#: for the studio's team page
DEMO_LOGINS = (
    ("demo.marketer", "marketer", "marketer@example.edu"),
    ("demo.approver", "approver", "approver@example.edu"),
    ("demo.admin", "admin", "admin@example.edu"),
)


def ensure_demo_logins(store: Store, *, now: dt.datetime) -> list[tuple[str, str, str]]:
    """Create (or reset) the demo users with fresh random passwords; audited as ``demo``.

    Returns
    -------
    list of (user id, role, password)
        To print once on the terminal.
    """
    out = []
    for user_id, role, email in DEMO_LOGINS:
        password = secrets.token_urlsafe(12)
        if get_user(store, user_id) is None:
            add_user(store, user_id, email, actor="demo", now=now, password=password, roles=[role])
        else:
            grant(store, user_id, role, actor="demo", now=now)
            set_password(store, user_id, password, actor="demo", now=now)
        out.append((user_id, role, password))
    return out
