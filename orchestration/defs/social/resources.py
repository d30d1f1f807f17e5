"""The ``social`` resource: the platforms' apps and API hosts, from ``ENROLLFLOW_*`` variables."""

# no `from __future__ import annotations`: Dagster reads resource annotations at runtime
import json
import os

import dagster as dg

from delivery.social.config import SocialConfig

#: Variables the resource carries (secrets through dg.EnvVar would need each one set; the
#: resource keeps them as one JSON mapping read at run time instead).
PREFIXES = ("ENROLLFLOW_FACEBOOK_", "ENROLLFLOW_LINKEDIN_", "ENROLLFLOW_X_", "ENROLLFLOW_SOCIAL_")


class SocialResource(dg.ConfigurableResource):
    """Social settings (see ``delivery/social/config.py``); ``env_json`` overrides the process
    environment (tests point the platforms at local fakes with it)."""

    env_json: str = ""

    def config(self) -> SocialConfig:
        env = json.loads(self.env_json) if self.env_json else {
            k: v for k, v in os.environ.items() if k.startswith(PREFIXES)
        }  # fmt: skip
        return SocialConfig.from_mapping(env)


def social_resource_from_env() -> SocialResource:
    """The resource reading the process environment at run time."""
    return SocialResource()
