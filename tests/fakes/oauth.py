"""OAuth 2.0 authorization server behaviour shared by the social fakes (RFC 6749 + RFC 7636).

``authorize`` answers the browser step with a 302 to ``redirect_uri?code=&state=`` (or
``?error=``); ``token`` speaks the token endpoint: ``authorization_code`` (client authentication
by Basic or form, code single-use and bound to its ``redirect_uri``, PKCE ``S256`` verified) and
``refresh_token`` (optionally rotating), errors as ``{"error", "error_description"}`` (400/401).
Access tokens carry an expiry in wall-clock seconds; :meth:`expire` and :meth:`revoke` let tests
kill one.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass
from urllib.parse import urlencode

from tests.fakes.http import Request, Response


@dataclass
class Grant:
    subject: str
    expires_at: float | None
    revoked: bool = False


class OAuthState:
    """Clients, codes and tokens of one fake platform."""

    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        subject: str,
        pkce_required: bool = False,
        access_ttl: int | None = 3600,
        refresh_ttl: int | None = None,
        issue_refresh: bool = True,
        rotate_refresh: bool = False,
        token_prefix: str = "tok",
    ) -> None:
        self.client_id, self.client_secret = client_id, client_secret
        self.subject = subject
        self.pkce_required = pkce_required
        self.access_ttl, self.refresh_ttl = access_ttl, refresh_ttl
        self.issue_refresh, self.rotate_refresh = issue_refresh, rotate_refresh
        self.prefix = token_prefix
        self.codes: dict[str, dict] = {}
        self.access: dict[str, Grant] = {}
        self.refresh: dict[str, Grant] = {}
        self.token_requests = 0
        self.refreshes = 0

    # -- test controls ----------------------------------------------------------------------
    def issue(self, subject: str | None = None, ttl: int | None = -1) -> str:
        """A valid access token (``ttl`` -1: the default lifetime)."""
        tok = f"{self.prefix}_{secrets.token_hex(8)}"
        ttl = self.access_ttl if ttl == -1 else ttl
        self.access[tok] = Grant(subject or self.subject, time.time() + ttl if ttl else None)
        return tok

    def expire(self, token: str) -> None:
        self.access[token].expires_at = time.time() - 1

    def revoke_all(self) -> None:
        for g in [*self.access.values(), *self.refresh.values()]:
            g.revoked = True

    def check(self, token: str | None) -> str:
        """``ok``, ``expired``, ``revoked`` or ``invalid``."""
        g = self.access.get(token or "")
        if g is None:
            return "invalid"
        if g.revoked:
            return "revoked"
        if g.expires_at is not None and g.expires_at < time.time():
            return "expired"
        return "ok"

    # -- endpoints ----------------------------------------------------------------------------
    def authorize(self, request: Request) -> Response:
        q = {k: v[-1] for k, v in request.query.items()}
        redirect = q.get("redirect_uri")
        if q.get("client_id") != self.client_id or not redirect:
            return Response(400, b"invalid client_id or redirect_uri", content_type="text/html")
        sep = "&" if "?" in redirect else "?"
        if q.get("response_type") != "code":
            return Response(
                302, headers={"Location": f"{redirect}{sep}error=unsupported_response_type"}
            )
        challenge = q.get("code_challenge")
        if self.pkce_required and (not challenge or q.get("code_challenge_method") != "S256"):
            return Response(302, headers={"Location": f"{redirect}{sep}" + urlencode(
                {"error": "invalid_request", "error_description": "code_challenge required (S256)",
                 "state": q.get("state", "")})})  # fmt: skip
        code = secrets.token_urlsafe(16)
        self.codes[code] = {
            "redirect_uri": redirect,
            "challenge": challenge,
            "scope": q.get("scope", ""),
        }
        return Response(
            302,
            headers={
                "Location": f"{redirect}{sep}"
                + urlencode({"code": code, "state": q.get("state", "")})
            },
        )

    def _error(self, status: int, error: str, description: str) -> Response:
        return Response.json(status, {"error": error, "error_description": description})

    def _client_ok(self, request: Request, form: dict[str, str]) -> bool:
        auth = request.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            cid, _, secret = base64.b64decode(auth[6:]).decode().partition(":")
        else:
            cid, secret = form.get("client_id", ""), form.get("client_secret", "")
        return cid == self.client_id and secret == self.client_secret

    def token(self, request: Request, params: dict[str, str] | None = None) -> Response:
        self.token_requests += 1
        form = params if params is not None else request.form()
        if not self._client_ok(request, form):
            return self._error(401, "invalid_client", "Client authentication failed")
        grant = form.get("grant_type")
        if grant == "authorization_code":
            code = self.codes.pop(form.get("code", ""), None)
            if code is None:
                return self._error(400, "invalid_grant", "authorization code invalid or used")
            if code["redirect_uri"] != form.get("redirect_uri"):
                return self._error(400, "invalid_grant", "redirect_uri mismatch")
            if code["challenge"]:
                verifier = form.get("code_verifier", "")
                digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
                if digest.rstrip(b"=").decode() != code["challenge"]:
                    return self._error(400, "invalid_grant", "code_verifier does not match")
            elif self.pkce_required:
                return self._error(400, "invalid_request", "code_verifier required")
            return Response.json(200, self._tokens(code["scope"]))
        if grant == "refresh_token":
            rt = form.get("refresh_token", "")
            g = self.refresh.get(rt)
            if g is None or g.revoked or (g.expires_at is not None and g.expires_at < time.time()):
                return self._error(400, "invalid_grant", "Value passed for the token was invalid.")
            self.refreshes += 1
            if self.rotate_refresh:
                del self.refresh[rt]
            body = self._tokens("", refresh=not self.rotate_refresh and rt or None)
            return Response.json(200, body)
        return self._error(400, "unsupported_grant_type", f"grant_type {grant!r}")

    def _tokens(self, scope: str, refresh: str | None = None) -> dict:
        body: dict = {"access_token": self.issue(), "token_type": "bearer", "scope": scope}
        if self.access_ttl:
            body["expires_in"] = self.access_ttl
        if self.issue_refresh:
            rt = refresh or f"rt_{secrets.token_hex(8)}"
            self.refresh[rt] = Grant(
                self.subject, time.time() + self.refresh_ttl if self.refresh_ttl else None
            )
            if not refresh or self.rotate_refresh:
                body["refresh_token"] = rt
            if self.refresh_ttl:
                body["refresh_token_expires_in"] = self.refresh_ttl
        return body
