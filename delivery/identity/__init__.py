"""One identity for the CLI, the studio and the API: users, roles, sessions, tokens, audit.

Users and roles (:mod:`~delivery.identity.users`), sign-in, sessions and API tokens
(:mod:`~delivery.identity.sessions`), deactivation and password resets and changes
(:mod:`~delivery.identity.accounts`), the audit log (:mod:`~delivery.identity.audit`); how the
studio and the CLI use them: ``studio/README.md`` ("Identity and roles"). Importing this package
registers its tables on the ops store's metadata (revision ``0009_identity``).
"""

from delivery.identity.audit import audit_actions, query_audit
from delivery.identity.errors import (
    AuthenticationFailed,
    Forbidden,
    IdentityError,
    LoginRateLimited,
)
from delivery.identity.sessions import (
    Session,
    authenticate,
    create_token,
    csrf_matches,
    end_session,
    load_session,
    revoke_token,
    start_session,
    verify_token,
)
from delivery.identity.tables import ROLES
from delivery.identity.users import (
    User,
    add_user,
    authorize,
    get_user,
    grant,
    has_admin,
    list_users,
    revoke,
    set_password,
)

__all__ = [
    "ROLES",
    "AuthenticationFailed",
    "Forbidden",
    "IdentityError",
    "LoginRateLimited",
    "Session",
    "User",
    "add_user",
    "audit_actions",
    "authenticate",
    "authorize",
    "create_token",
    "csrf_matches",
    "end_session",
    "get_user",
    "grant",
    "has_admin",
    "list_users",
    "load_session",
    "query_audit",
    "revoke",
    "revoke_token",
    "set_password",
    "start_session",
    "verify_token",
]
