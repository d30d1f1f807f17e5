"""A mid-sized business for the statistical checks (planted truth vs observed data)."""

from __future__ import annotations

import pytest

from tests.fixtures.business import Business, simulate_small


@pytest.fixture(scope="module")
def mid_business(tmp_path_factory: pytest.TempPathFactory) -> Business:
    """4,000 contacts over 60 days: large enough for rates, still a few seconds to generate."""
    return simulate_small(tmp_path_factory.mktemp("mid_business"), contacts=4_000, days=60, seed=11)
