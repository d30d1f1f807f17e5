"""The workflow canvas in Chromium: a file opened and saved unchanged keeps its meaning (same
version); nodes dragged from the palette and connected; the server's validator marks the node
that is wrong; undo/redo; save makes a new version whose YAML the CLI accepts; an answer of the
validator that arrives late, about an older graph, never replaces the newer one's."""

from __future__ import annotations

import contextlib
import copy

import pytest
import yaml
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from delivery.campaigns import lifecycle
from delivery.campaigns.validation import validate_campaign
from tests.campaigns.conftest import EXAMPLES
from tests.studio.browser import select_node, shoot
from tests.studio.test_browser_story import sign_in

pytestmark = pytest.mark.timeout(600)


def _drag(page, node_type: str, x: int, y: int) -> None:
    """HTML5 drag of a palette item onto the canvas at (x, y) of the flow pane."""
    flow = page.locator(".flow")
    box = flow.bounding_box()
    page.locator(f'[data-node-type="{node_type}"]').drag_to(flow, target_position={"x": x, "y": y})
    assert box is not None


def _open_canvas(chromium, live_server):
    """The spring example applied by maria and its canvas open in her browser: (page, doc, url)."""
    doc = yaml.safe_load((EXAMPLES / "spring_enrollment.yml").read_text())
    env = live_server.env
    lifecycle.apply_campaign(env.store, validate_campaign(doc), actor="maria", now=env.clock())
    page = chromium.new_page(viewport={"width": 1440, "height": 1000})
    sign_in(page, live_server.url, "maria")
    url = f"{live_server.url}/campaigns/spring_data_enrollment/workflow"
    page.goto(url)
    expect(page.get_by_test_id("validity")).to_have_text("valid")
    return page, doc, url


def test_canvas_round_trip_drag_connect_validate_save(chromium, live_server):
    env = live_server.env
    doc = yaml.safe_load((EXAMPLES / "spring_enrollment.yml").read_text())
    original = validate_campaign(doc)
    lifecycle.apply_campaign(env.store, original, actor="maria", now=env.clock())
    page = chromium.new_page(viewport={"width": 1440, "height": 1000})
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    sign_in(page, live_server.url, "maria")
    page.goto(f"{live_server.url}/campaigns/spring_data_enrollment/workflow")
    expect(page.get_by_test_id("validity")).to_have_text("valid")
    expect(page.locator(".react-flow__node")).to_have_count(len(original.workflow.nodes))

    # saved unchanged: the same document, so the same version
    page.get_by_role("button", name="Save workflow").click()
    expect(page.get_by_role("status").filter(has_text="Saved")).to_have_text("Saved as version 1.")
    shoot(page, "workflow-canvas")

    # drag a wait node onto the canvas: unconnected, the validator says so on that node
    _drag(page, "wait", 700, 560)
    expect(page.locator(".react-flow__node")).to_have_count(len(original.workflow.nodes) + 1)
    node = page.locator(".react-flow__node", has_text="wait_1")
    expect(node.locator(".step-problems")).to_be_visible()
    expect(page.get_by_test_id("validity")).not_to_have_text("valid")
    # undo removes it, redo brings it back
    page.get_by_role("button", name="Undo").click()
    expect(page.locator(".react-flow__node")).to_have_count(len(original.workflow.nodes))
    page.get_by_role("button", name="Redo").click()
    expect(node).to_be_visible()

    # wire it between the SMS reminder and the exit with the keyboard-accessible panel
    select_node(page, "sms_reminder")
    page.get_by_label("Goes to (next)").select_option("wait_1")
    select_node(page, "wait_1")
    page.get_by_label("Duration (e.g. 48h, 2d)").fill("12h")
    page.get_by_label("Goes to (next)").select_option("done")
    expect(page.get_by_test_id("validity")).to_have_text("valid")
    page.get_by_role("button", name="Auto-layout").click()
    page.get_by_role("button", name="Save workflow").click()
    expect(page.get_by_role("status").filter(has_text="Saved")).to_have_text("Saved as version 2.")
    shoot(page, "workflow-canvas-edited")

    saved = lifecycle.get_campaign(env.store, "spring_data_enrollment").spec
    assert saved.workflow.node("sms_reminder").next == "wait_1"
    wait = saved.workflow.node("wait_1")
    assert (wait.duration, wait.next) == ("12h", "done")
    # everything else kept its meaning
    others = [n for n in saved.workflow.nodes if n.id not in ("sms_reminder", "wait_1")]
    assert others == [n for n in original.workflow.nodes if n.id != "sms_reminder"]
    assert saved.content == original.content and saved.audience == original.audience
    assert [e for e in errors if "Content Security Policy" in e] == []


def test_a_late_answer_about_an_older_graph_does_not_replace_the_newer_one(chromium, live_server):
    """The validator's answers can arrive out of order (a busy server, a slow network): the
    answer for the graph before the last change is held back until the newer one is shown, and
    the badge must still say what the newer graph is."""
    page, _, _ = _open_canvas(chromium, live_server)
    _drag(page, "wait", 700, 560)
    node = page.locator(".react-flow__node", has_text="wait_1")
    expect(node.locator(".step-problems")).to_be_visible()

    held = []

    def hold_incomplete(route):
        graph = {n["id"]: n for n in (route.request.post_data_json or {}).get("nodes", [])}
        reached = graph.get("sms_reminder", {}).get("next") == "wait_1"
        if reached and not graph.get("wait_1", {}).get("next") and not held:
            held.append(route)  # answered below, after the newer graph's answer
        else:
            route.continue_()

    page.route("**/workflow/check", hold_incomplete)
    select_node(page, "sms_reminder")
    page.get_by_label("Goes to (next)").select_option("wait_1")
    page.wait_for_timeout(700)  # past the validator's debounce: the check for this graph is sent
    assert len(held) == 1
    select_node(page, "wait_1")
    page.get_by_label("Goes to (next)").select_option("done")
    expect(page.get_by_test_id("validity")).to_have_text("valid")
    # from here on, record every text the badge shows (a wrong one may last only until the
    # next check, so the final state alone would not show it)
    page.evaluate(
        """() => {
            const badge = document.querySelector('[data-testid="validity"]');
            window.badgeTexts = [];
            new MutationObserver(() => window.badgeTexts.push(badge.textContent))
                .observe(badge, { childList: true, characterData: true, subtree: true });
        }"""
    )
    # now the older graph's answer ("wait_1 goes nowhere") is let through
    with contextlib.suppress(PlaywrightError):  # the page aborted it: nothing can arrive
        held[0].continue_()
    page.wait_for_timeout(1500)
    assert [t for t in page.evaluate("window.badgeTexts") if t != "valid"] == []
    expect(page.get_by_test_id("validity")).to_have_text("valid")


def test_a_canvas_opened_before_another_save_saves_nothing(chromium, live_server):
    """Someone saves the campaign while a canvas is open: the canvas's save would put back the
    workflow it was opened on, so it is refused and says to reload; after a reload, it saves,
    and the same page saves again after its own save."""
    env = live_server.env
    page, doc, url = _open_canvas(chromium, live_server)
    # another editor shortens the wait meanwhile (version 2)
    theirs = copy.deepcopy(doc)
    next(n for n in theirs["workflow"]["nodes"] if n["id"] == "wait_48h")["duration"] = "24h"
    lifecycle.apply_campaign(env.store, validate_campaign(theirs), actor="root", now=env.clock())

    select_node(page, "sms_reminder")
    page.get_by_label("Best time per contact").check()
    expect(page.get_by_test_id("validity")).to_have_text("valid")
    page.get_by_role("button", name="Save workflow").click()
    expect(page.get_by_role("status").filter(has_text="saved")).to_have_text(
        "Not saved: reload the page first."
    )
    expect(page.get_by_text("changed since you opened this page")).to_be_visible()
    shoot(page, "workflow-canvas-stale")
    stored = lifecycle.get_campaign(env.store, "spring_data_enrollment")
    assert stored.current_version == 2
    assert stored.spec.workflow.node("wait_48h").duration == "24h"  # theirs, not undone
    assert not stored.spec.workflow.node("sms_reminder").best_send_time

    page.goto(url)  # reloaded: on version 2
    select_node(page, "sms_reminder")
    page.get_by_label("Best time per contact").check()
    page.get_by_role("button", name="Save workflow").click()
    expect(page.get_by_role("status").filter(has_text="Saved")).to_have_text("Saved as version 3.")
    select_node(page, "wait_48h")
    page.get_by_label("Duration (e.g. 48h, 2d)").fill("36h")
    expect(page.get_by_test_id("validity")).to_have_text("valid")
    page.get_by_role("button", name="Save workflow").click()
    expect(page.get_by_role("status").filter(has_text="Saved")).to_have_text("Saved as version 4.")
    spec = lifecycle.get_campaign(env.store, "spring_data_enrollment").spec
    assert spec.workflow.node("sms_reminder").best_send_time
    assert spec.workflow.node("wait_48h").duration == "36h"
