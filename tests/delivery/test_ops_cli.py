"""``enrollflow ops``: migrate, status showing why a provider is held, resume."""

from __future__ import annotations

from typer.testing import CliRunner

from delivery import breaker
from delivery.ledger import Ledger
from delivery.store import head_revision, open_store
from enrollflow.cli import app
from tests.delivery.conftest import NOW, email_keys


def test_migrate_status_and_resume(tmp_path):
    url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    runner = CliRunner()
    r = runner.invoke(app, ["ops", "migrate", "--store", url])
    assert r.exit_code == 0, r.output
    assert head_revision() in r.output

    store = open_store(url)  # `ops migrate` created it
    Ledger(store).enqueue(email_keys(3), now=NOW)
    breaker.stop(store, "sendgrid:default", now=NOW, reason="SendGrid 401: API key rejected")
    r = runner.invoke(app, ["ops", "status", "--store", url], env={"COLUMNS": "200"})
    assert r.exit_code == 0, r.output
    assert "pending" in r.output and "sendgrid:default" in r.output
    assert "stopped" in r.output and "API key rejected" in r.output

    r = runner.invoke(
        app, ["ops", "resume", "sendgrid:default", "--by", "ops@academy", "--store", url]
    )
    assert r.exit_code == 0, r.output
    assert breaker.check(store, "sendgrid:default", now=NOW) is None


def test_bad_store_url_is_a_clear_error():
    r = CliRunner().invoke(app, ["ops", "migrate", "--store", "mysql://x@localhost/db"])
    assert r.exit_code != 0 and "not supported" in r.output
