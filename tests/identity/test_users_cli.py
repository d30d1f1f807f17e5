"""``enrollflow users``: the CLI acts as a named admin; everything it does is audited."""

from __future__ import annotations

from typer.testing import CliRunner

from delivery.identity import authenticate, query_audit
from delivery.store import open_store
from enrollflow.cli import app
from tests.identity.conftest import NOW, PASSWORD


def test_bootstrap_admin_then_only_admins_manage_users(tmp_path):
    url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    run = CliRunner().invoke
    assert run(app, ["ops", "migrate", "--store", url]).exit_code == 0  # creates the store
    r = run(app, ["users", "add", "maria", "--email", "m@s.edu", "--by", "x", "--store", url])
    assert r.exit_code == 1 and "sign in first" in r.output  # no admin yet, not a bootstrap
    r = run(
        app,
        ["users", "add", "root", "--email", "it@s.edu", "--role", "admin", "--by", "root",
         "--password-stdin", "--store", url],
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert r.exit_code == 0, r.output
    r = run(
        app,
        ["users", "add", "maria", "--email", "m@s.edu", "--role", "marketer", "--store", url],
        env={"ENROLLFLOW_OPERATOR": "root"},
    )
    assert r.exit_code == 0, r.output
    # a marketer is not an admin: refused, with the role it needs
    r = run(app, ["users", "grant", "maria", "admin", "--by", "maria", "--store", url])
    assert r.exit_code == 1 and "needs one of the roles admin" in r.output
    r = run(app, ["users", "grant", "maria", "approver", "--by", "root", "--store", url])
    assert r.exit_code == 0 and "approver, marketer" in r.output
    r = run(app, ["users", "revoke", "maria", "marketer", "--by", "root", "--store", url])
    assert r.exit_code == 0 and r.output.strip().endswith("maria: approver")
    r = run(app, ["users", "grant", "maria", "owner", "--by", "root", "--store", url])
    assert r.exit_code == 1 and "unknown role 'owner'" in r.output
    r = run(app, ["users", "list", "--by", "root", "--store", url], env={"COLUMNS": "200"})
    assert r.exit_code == 0 and "CLI only" in r.output and "password" in r.output
    r = run(app, ["users", "token", "maria", "--name", "sync", "--by", "root", "--store", url])
    assert r.exit_code == 0 and r.output.startswith("ef_")

    store = open_store(url)
    assert authenticate(store, "root", PASSWORD, client="cli", now=NOW).roles == {"admin"}
    actions = [(e["actor"], e["action"]) for e in query_audit(store, action="user.")]
    assert actions[::-1] == [
        ("root", "user.add"),
        ("root", "user.add"),
        ("root", "user.grant"),
        ("root", "user.revoke"),
    ]
    store.dispose()


def test_a_staff_email_is_checked_sealed_and_shown_only_where_listed(tmp_path):
    url = f"sqlite:///{tmp_path / 'ops.sqlite'}"
    run = CliRunner().invoke
    assert run(app, ["ops", "migrate", "--store", url]).exit_code == 0
    add = ["users", "add", "root", "--role", "admin", "--by", "root", "--store", url]
    for email, said in [
        ("x" * 5000 + "@school.edu", "5,011 characters; an address has at most 320"),
        ("it desk at school", "expected an address like name@school.edu"),
        ("it@school.edu\r\nBcc: all@school.edu", "contains a control character"),
        ("it@", "expected an address like name@school.edu"),
    ]:
        r = run(app, [*add, "--email", email])
        assert r.exit_code == 1 and said in " ".join(r.output.split()), (email[:40], r.output)
        assert "Traceback" not in r.output
    r = run(app, [*add, "--email", "It.Desk@School.edu"])
    assert r.exit_code == 0, r.output
    r = run(app, ["users", "add", "ana", "--email", "IT.DESK@school.EDU", "--by", "root",
                  "--store", url])  # fmt: skip
    assert r.exit_code == 1 and "already exists" in r.output  # one address, whatever its case
    r = run(app, ["users", "list", "--by", "x" * 10_000, "--store", url])
    assert r.exit_code == 1 and "at most 320 characters" in " ".join(r.output.split())
    r = run(app, ["users", "list", "--by", "it.desk@school.edu", "--store", url],
            env={"COLUMNS": "200"})  # fmt: skip
    assert r.exit_code == 0 and "It.Desk@School.edu" in r.output  # opened to be shown
    data = b"".join(p.read_bytes() for p in tmp_path.glob("ops.sqlite*"))
    assert b"desk@school" not in data.lower()
