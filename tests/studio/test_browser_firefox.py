"""The core flows in a second engine: Firefox ESR through puppeteer-core over WebDriver BiDi
(``tests/studio/firefox/core_flow.mjs``, run against the real server)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from delivery.campaigns import lifecycle
from delivery.campaigns.validation import validate_campaign
from tests.campaigns.conftest import EXAMPLES
from tests.studio.browser import SCREENSHOTS, require
from tests.studio.conftest import PASSWORD

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "tests" / "studio" / "firefox" / "core_flow.mjs"

pytestmark = pytest.mark.timeout(300)


def test_core_flow_in_firefox(live_server):
    require("/usr/bin/firefox-esr")
    require("node")
    if not (REPO / "studio" / "frontend" / "node_modules" / "puppeteer-core").exists():
        pytest.fail("run `npm ci` in studio/frontend (.ci/run does) for puppeteer-core")
    env = live_server.env
    doc = yaml.safe_load((EXAMPLES / "course_page_followup.yml").read_text())
    lifecycle.apply_campaign(env.store, validate_campaign(doc), actor="maria", now=env.clock())
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [shutil.which("node"), str(SCRIPT), live_server.url, "maria", PASSWORD,
         "course_page_followup", str(SCREENSHOTS)],
        cwd=REPO, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "live monitor connected in Firefox" in done.stdout
    assert lifecycle.get_campaign(env.store, "course_page_followup").status in (
        "scheduled",
        "running",
    )
