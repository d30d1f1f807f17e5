"""Fixtures of the social tests: the ops store (SQLite and the real Postgres), the platform fakes,
connected accounts, and the Dagster resources the social job, sensor and asset run with."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from delivery.social import accounts as acc
from delivery.social import oauth
from delivery.social.config import SocialConfig
from delivery.store import Store
from orchestration.defs.delivery.resources import OpsStoreResource
from orchestration.defs.privacy.resources import PrivacyKeysResource
from orchestration.defs.social.resources import SocialResource
from orchestration.resources import LandingResource
from privacy.crypto import KeyRing, new_key
from privacy.keyfile import load_keyring
from tests.fakes.linkedin import FakeLinkedIn
from tests.fakes.meta_graph import FakeGraph
from tests.fakes.x_api import FakeX
from tests.journeys.conftest import _migrated_store_file, _pg_template, store  # noqa: F401

REDIRECT = "https://studio.example.edu/social/callback"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


@dataclass
class Fakes:
    graph: FakeGraph
    linkedin: FakeLinkedIn
    x: FakeX

    def env(self, **extra: str) -> dict[str, str]:
        """The ``ENROLLFLOW_*`` variables pointing every platform at its fake."""
        env = {
            "ENROLLFLOW_FACEBOOK_APP_ID": "fb-app",
            "ENROLLFLOW_FACEBOOK_APP_SECRET": "fb-secret",
            "ENROLLFLOW_LINKEDIN_CLIENT_ID": "li-app",
            "ENROLLFLOW_LINKEDIN_CLIENT_SECRET": "li-secret",
            "ENROLLFLOW_X_CLIENT_ID": "x-app",
            "ENROLLFLOW_X_CLIENT_SECRET": "x-secret",
            "ENROLLFLOW_SOCIAL_REDIRECT_URI": REDIRECT,
            "ENROLLFLOW_SOCIAL_TIMEOUT": "1.0",
        }
        for p, fake in (("FACEBOOK", self.graph), ("INSTAGRAM", self.graph),
                        ("LINKEDIN", self.linkedin), ("X", self.x)):  # fmt: skip
            env[f"ENROLLFLOW_SOCIAL_{p}_API_URL"] = fake.url
            env[f"ENROLLFLOW_SOCIAL_{p}_OAUTH_URL"] = fake.url
        return {**env, **extra}

    def config(self, **extra: str) -> SocialConfig:
        return SocialConfig.from_mapping(self.env(**extra))


@pytest.fixture
def fakes() -> Iterator[Fakes]:
    with FakeGraph() as graph, FakeLinkedIn() as linkedin, FakeX() as x:
        yield Fakes(graph, linkedin, x)


@pytest.fixture
def keys() -> KeyRing:
    return KeyRing.parse(new_key("k1"), new_key("h1"))


def follow_consent(url: str) -> str:
    """What the browser does: open the authorization URL, land on the redirect (returned)."""
    answer = httpx.get(url, follow_redirects=False)
    assert answer.status_code == 302, answer.text
    return answer.headers["location"]


def connect(ops: Store, keys: KeyRing, config: SocialConfig, platform: str, now: dt.datetime,
            remote_id: str | None = None) -> list[acc.Account]:  # fmt: skip
    """The OAuth dance through the domain functions the CLI calls."""
    app = config.app(platform)
    url, _ = oauth.authorization_url(ops, keys, app, REDIRECT, actor="ana", now=now)
    q = parse_qs(urlsplit(follow_consent(url)).query)
    token = oauth.exchange_code(ops, keys, app, code=q["code"][0], state=q["state"][0], now=now)
    found = acc.discover(app, token, remote_id=remote_id, api_base=config.api_urls[platform])
    return [acc.save_account(ops, keys, f, actor="ana", now=now) for f in found]


def connect_all(ops: Store, keys: KeyRing, fakes: Fakes, now: dt.datetime) -> list[str]:
    config = fakes.config()
    ids = []
    for platform in ("facebook", "instagram", "x"):
        ids += [a.account_id for a in connect(ops, keys, config, platform, now)]
    ids += [
        a.account_id
        for a in connect(ops, keys, config, "linkedin", now, fakes.linkedin.organization)
    ]
    return ids


def resources(
    ops: Store, keys_file: Path, fakes: Fakes, landing: Path | None = None, **env: str
) -> dict:
    """Resources of the social job, sensor and asset, as production builds them."""
    out = {
        "ops_store": OpsStoreResource(url=ops.url),
        "privacy_keys": PrivacyKeysResource(key_file=str(keys_file)),
        "social": SocialResource(env_json=json.dumps(fakes.env(**env))),
    }
    if landing is not None:
        out["landing"] = LandingResource(path=str(landing))
    return out


@pytest.fixture
def key_file(tmp_path) -> Path:
    path = tmp_path / "privacy.keys"
    load_keyring(None, None, path)  # created on first use, as on a laptop
    return path


@pytest.fixture
def file_keys(key_file) -> KeyRing:
    """The key ring the job reads (the same file)."""
    return load_keyring(None, None, key_file)
