"""Headless browsers for the studio's tests: Debian's Chromium through Playwright (never
``playwright install``: the system binary is used)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("ENROLLFLOW_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Screenshots of every page at both widths. A test run writes them beside its data (git ignores
# data/), so it never rewrites the reviewed set committed in docs/screenshots/; set
# ENROLLFLOW_SCREENSHOTS=docs/screenshots to refresh that set on purpose.
SCREENSHOTS = Path(
    os.environ.get(
        "ENROLLFLOW_SCREENSHOTS",
        Path(__file__).resolve().parents[2] / "data" / "test-screenshots",
    )
)
WIDTHS = {"mobile": (375, 812), "desktop": (1440, 900)}


def require(binary: str) -> None:
    if shutil.which(binary) is None and not Path(binary).exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{binary} is required in CI (.ci/run installs it)")
        pytest.skip(f"{binary} not installed")


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    require(CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def shoot(page, name: str) -> None:
    """Save ``name``-375.png and ``name``-1440.png of the current page under :data:`SCREENSHOTS`,
    once every frame on it (the content previews) shows its text.

    The viewport is made as tall as the page first: Chromium does not paint frames that lie
    outside the viewport into a full-page screenshot (the campaign page's previews came out
    blank)."""
    import re

    from playwright.sync_api import expect

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    original = page.viewport_size
    for width, height in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": height})
        tall = page.evaluate("document.documentElement.scrollHeight")
        page.set_viewport_size({"width": width, "height": max(height, tall)})
        frames = page.locator("iframe")
        for i in range(frames.count()):
            body = page.frame_locator("iframe").nth(i).locator("body")
            expect(body).to_contain_text(re.compile(r"\S"), timeout=30_000)
        if frames.count():
            page.wait_for_timeout(300)  # let the frames paint at this width
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size(original)
    settle(page)


def settle(page) -> None:
    """Wait until the page has handled its last resize and painted: the browser runs resize
    handlers (the canvas fits its workflow to the new size) before the next animation frame, so
    two frames later the nodes are where a click will find them."""
    page.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
    page.wait_for_timeout(100)


def select_node(page, node_id: str) -> None:
    """Click a workflow node on the canvas and wait until the settings panel shows it, as a user
    looks before changing a field (the panel's fields belong to the node it shows)."""
    from playwright.sync_api import expect

    page.locator(".react-flow__node", has_text=node_id).click()
    expect(page.get_by_label("Node id")).to_have_value(node_id)


def desktop_page(browser) -> tuple[object, list[str]]:
    """A new 1440 x 900 page of ``browser`` and the list its console errors are collected in."""
    page = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return page, errors
