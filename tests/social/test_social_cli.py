"""``enrollflow social``: connect through the OAuth dance, list accounts, post, approve, status."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from delivery.campaigns.lifecycle import grant_role
from delivery.social.tables import social_accounts, social_oauth_states
from delivery.store import open_store
from enrollflow.cli import app
from privacy.keyfile import load_keyring
from tests.social.conftest import follow_consent, utcnow


@pytest.fixture
def cli(tmp_path, fakes):
    url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    open_store(url, create=True).dispose()
    env = {**fakes.env(), "ENROLLFLOW_OPS_STORE_URL": url, "ENROLLFLOW_DATA_DIR": str(tmp_path),
           "COLUMNS": "200"}  # fmt: skip

    def run(*args: str, env_off: bool = False):
        use = {**env, "ENROLLFLOW_X_CLIENT_ID": ""} if env_off else env
        return CliRunner().invoke(app, ["social", *args], env=use)

    run.url, run.data = url, tmp_path
    return run


def _authorize(cli, platform: str, *extra: str) -> str:
    started = cli("connect", platform, "--by", "ana", *extra)
    assert started.exit_code == 0, started.output
    url = next(w for w in started.output.split() if w.startswith("http://127.0.0.1"))
    return url


def test_connect_x_with_pkce_stores_the_token_encrypted_and_refuses_a_replayed_callback(cli, fakes):
    url = _authorize(cli, "x")
    q = parse_qs(urlsplit(url).query)
    assert q["code_challenge_method"] == ["S256"] and len(q["code_challenge"][0]) == 43
    callback = follow_consent(url)
    done = cli("connect", "x", "--callback-url", callback, "--by", "ana")
    assert done.exit_code == 0, done.output
    assert "connected x:1460000000000000001 (@northwind_edu)" in done.output
    store = open_store(cli.url)
    with store.engine.connect() as conn:
        row = conn.execute(sa.select(social_accounts)).one()
        verifier = conn.execute(sa.select(social_oauth_states.c.code_verifier_enc)).scalar()
    store.dispose()
    live = [t for t, g in fakes.x.oauth.access.items() if g.expires_at]
    assert live and all(t not in row.access_token_enc for t in live)  # encrypted at rest
    assert row.refresh_token_enc and not row.refresh_token_enc.startswith("rt_")
    assert verifier and len(verifier) > 60  # the PKCE verifier is encrypted too
    keys = load_keyring(None, None, cli.data / "privacy.keys")
    assert keys.decrypt(row.access_token_enc, column="social_accounts.access_token_enc") in live
    replay = cli("connect", "x", "--callback-url", callback, "--by", "ana")
    assert replay.exit_code == 1 and "already used" in replay.output
    listed = cli("accounts")
    assert "x:1460000000000000001" in listed.output and "active" in listed.output
    assert not any(t in listed.output for t in live)


def test_connect_errors_are_clear(cli, fakes):
    denied = cli("connect", "facebook", "--by", "ana", "--callback-url",
                 "https://studio.example.edu/social/callback?error=access_denied&state=x")  # fmt: skip
    assert denied.exit_code == 1 and "did not authorize: access_denied" in denied.output
    forged = cli("connect", "x", "--by", "ana", "--code", "abc", "--state", "not-ours")
    assert forged.exit_code == 1 and "unknown OAuth state" in forged.output
    unknown = cli("connect", "myspace", "--by", "ana")
    assert unknown.exit_code == 2 and "unknown platform 'myspace'" in unknown.output
    off = cli("connect", "x", "--by", "ana", env_off=True)
    assert off.exit_code == 2 and "set ENROLLFLOW_X_CLIENT_ID" in off.output
    # LinkedIn needs the organisation to post as
    callback = follow_consent(_authorize(cli, "linkedin"))
    missing = cli("connect", "linkedin", "--callback-url", callback, "--by", "ana")
    assert missing.exit_code == 1 and "--remote-id urn:li:organization:" in missing.output
    callback = follow_consent(_authorize(cli, "linkedin"))
    ok = cli("connect", "linkedin", "--callback-url", callback, "--by", "ana",
             "--remote-id", fakes.linkedin.organization)  # fmt: skip
    assert ok.exit_code == 0 and "token expires" in ok.output


def test_post_approve_and_status(cli, fakes):
    for platform in ("facebook", "instagram"):
        callback = follow_consent(_authorize(cli, platform))
        assert cli("connect", platform, "--callback-url", callback, "--by", "ana").exit_code == 0
    fb, ig = "facebook:104000000000001", "instagram:17841400000000001"
    no_image = cli(
        "post", "Open day!", "--key", "open-day", "--account", fb, "--account", ig, "--by", "ana"
    )
    assert (
        no_image.exit_code == 1
        and "image_url: Instagram feed posts need an image" in no_image.output
    )
    made = cli("post", "Open day!", "--key", "open-day", "--account", fb, "--account", ig, "--by", "ana",
               "--image-url", "https://northbridge.example.edu/open.jpg")  # fmt: skip
    assert made.exit_code == 0 and "scheduled 2 post(s)" in made.output
    assert "scheduled: 2" in cli("status").output
    refused = cli("approve", "open-day", "--by", "bob")
    assert refused.exit_code == 1 and "needs the approver role" in refused.output
    store = open_store(cli.url)
    grant_role(
        store, "bob", "approver", email="bob@northbridge.example.edu", actor="root", now=utcnow()
    )
    store.dispose()
    assert cli("approve", "open-day", "--by", "bob").exit_code == 0
    shown = cli("status", "open-day")
    assert "approved: 2" in shown.output and f"open-day@{ig}" in shown.output


def test_key_rotation_re_encrypts_the_social_tokens(tmp_path, fakes):
    from delivery.social import accounts as acc
    from privacy.crypto import KeyRing, new_key
    from privacy.rotation import key_usage, rotate
    from tests.social.conftest import connect_all

    store = open_store(f"sqlite:///{tmp_path / 'ops.sqlite'}", create=True)
    k1, h1 = new_key("k1"), new_key("h1")
    store_keys = KeyRing.parse(k1, h1)
    ids = connect_all(store, store_keys, fakes, utcnow())
    x = next(a for a in ids if a.startswith("x:"))
    token = acc.access_token(store, store_keys, x)
    k2 = new_key("k2")
    rotated = rotate(store, KeyRing.parse(f"{k2},{k1}", h1))
    assert rotated["social_accounts.access_token_enc"] == 4
    assert set(key_usage(store)) == {"k2"}
    only_new = KeyRing.parse(k2, h1)
    assert acc.access_token(store, only_new, x) == token
    store.dispose()


def test_post_on_x_is_measured_by_its_weighted_length(cli, fakes):
    callback = follow_consent(_authorize(cli, "x"))
    assert cli("connect", "x", "--callback-url", callback, "--by", "ana").exit_code == 0
    x = "x:1460000000000000001"
    cjk = cli("post", "学" * 141, "--key", "cjk", "--account", x, "--by", "ana")
    assert cjk.exit_code == 1
    assert "text: 282 weighted characters" in cjk.output and "shorten it by 2" in cjk.output
    assert cli("post", "学" * 140, "--key", "cjk", "--account", x, "--by", "ana").exit_code == 0
    # a long link counts 23 (t.co): 255 + newline + 23 = 279, though 460 characters as written
    link = "https://northbridge.example.edu/open-day?" + "utm_campaign=open_day&" * 8
    long = cli(
        "post", "a" * 255, "--key", "long-link", "--account", x, "--link", link, "--by", "ana"
    )
    assert long.exit_code == 0, long.output
    over = cli(
        "post", "a" * 257, "--key", "too-long", "--account", x, "--link", link, "--by", "ana"
    )
    assert over.exit_code == 1 and "text: 281 weighted characters" in over.output
    assert "scheduled: 2" in cli("status").output
