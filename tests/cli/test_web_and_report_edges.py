"""``enrollflow web`` and ``enrollflow report`` when something is missing: clear messages, no trace.

Run through the CLI (the eager app, as the console script dispatches it) with settings from the
environment pointed at a temporary data folder.
"""

from __future__ import annotations

import datetime as dt

import pytest
from starlette.testclient import TestClient
from typer.testing import CliRunner

from enrollflow.cli import app
from enrollflow.commands.web import build_app
from tracking.links import LinkTokenError, read_contact


def _unboxed(output: str) -> str:
    """Rich's error panel as one line of words (no borders, no wrapping)."""
    return " ".join(output.replace("│", " ").replace("╭", " ").replace("╰", " ").split())


def _names(flat: str, path) -> bool:
    """Whether the panel names ``path`` (Rich breaks a path longer than the panel mid-word)."""
    return str(path) in "".join(flat.split())


@pytest.fixture()
def data_dir(tmp_path, monkeypatch):
    for var in ("ENROLLFLOW_WAREHOUSE_PATH", "ENROLLFLOW_OPS_STORE_URL", "ENROLLFLOW_LANDING_DIR"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.delenv("ENROLLFLOW_TRACKING_KEY", raising=False)
    monkeypatch.setenv("ENROLLFLOW_DATA_DIR", str(tmp_path))
    return tmp_path


def test_link_token_names_the_contact_under_its_key_only(data_dir):
    result = CliRunner().invoke(app, ["web", "link-token", "c_0000042", "--key", "k1"])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    now = dt.datetime.now(dt.UTC)
    assert read_contact(token, b"k1", now=now) == "c_0000042"
    with pytest.raises(LinkTokenError, match="signature"):
        read_contact(token, b"another key", now=now)
    # --ttl-days bounds its life
    short = CliRunner().invoke(
        app, ["web", "link-token", "c_0000042", "--key", "k1", "--ttl-days", "1"]
    )
    with pytest.raises(LinkTokenError, match="expired"):
        read_contact(short.output.strip(), b"k1", now=now + dt.timedelta(days=2))


def test_link_token_reads_its_key_from_the_environment(data_dir, monkeypatch):
    missing = CliRunner().invoke(app, ["web", "link-token", "c1"])
    assert missing.exit_code == 2
    assert "--key" in missing.output
    monkeypatch.setenv("ENROLLFLOW_TRACKING_KEY", "from-env")
    token = CliRunner().invoke(app, ["web", "link-token", "c1"]).output.strip()
    assert read_contact(token, b"from-env", now=dt.datetime.now(dt.UTC)) == "c1"


def test_serve_without_an_ops_store_says_how_to_serve_tracking_only(data_dir):
    """The banners need the ops store; a missing one is a usage error before any server starts."""
    result = CliRunner().invoke(
        app, ["web", "serve", "--key", "k", "--origin", "https://school.example"]
    )
    assert result.exit_code == 2
    flat = _unboxed(result.output)
    assert "ops store" in flat and "does not exist" in flat
    assert _names(flat, data_dir / "ops.sqlite")
    assert "create it with `enrollflow ops migrate`" in flat
    assert "fix ENROLLFLOW_OPS_STORE_URL" in flat  # the variable the settings read
    assert "--no-banners serves tracking only" in flat
    assert not (data_dir / "ops.sqlite").exists()  # and none was created


def test_without_banners_the_tracking_app_serves_its_snippet(data_dir):
    client = TestClient(build_app("k", ["https://school.example"], banners=False))
    snippet = client.get("/t.js")
    assert snippet.status_code == 200
    assert "javascript" in snippet.headers["content-type"]
    # an identified, consenting visitor gets no banners: there is no banner source
    token = CliRunner().invoke(app, ["web", "link-token", "c1", "--key", "k"]).output.strip()
    decided = client.post(
        "/banners",
        json={"consent": True, "link_token": token, "languages": ["en"], "history": {}},
        headers={"Origin": "https://school.example"},
    )
    assert decided.status_code == 200, decided.text
    assert decided.json() == {"banners": []}
    assert (
        client.post("/banners", json={}, headers={"Origin": "https://evil.example"}).status_code
        == 403
    )


def test_report_without_a_warehouse_names_the_file_and_the_command(data_dir):
    result = CliRunner().invoke(app, ["report", "--no-pdf"])
    assert result.exit_code == 1
    flat = _unboxed(result.output)
    assert "no warehouse at" in flat and _names(flat, data_dir / "warehouse.duckdb")
    assert "run `make demo` or the pipeline first" in flat
    assert not (data_dir / "reports").exists()
