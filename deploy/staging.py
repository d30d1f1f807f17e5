"""`make staging`: the production shape on this machine, as separate processes.

- ``dagster-webserver`` and ``dagster-daemon`` on a Dagster instance stored in PostgreSQL
  (``deploy/dagster.yaml``: run queue, per-campaign concurrency, pools);
- the ops store in PostgreSQL (migrated by ``enrollflow ops migrate`` first);
- the webhooks app (``enrollflow ops webhooks``);
- the Campaign Studio (``enrollflow studio``) on the same ops store.

Every setting comes from the environment as in production (``deploy/.env.example``); for a laptop
the defaults below point at the local PostgreSQL and create two databases if they are missing.
Ctrl-C (or SIGTERM) stops every process.

Usage::

    python deploy/staging.py [--dagster-port 3000] [--webhooks-port 8001] [--studio-port 8000]
                             [--home data/staging]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
LOCAL_PG = "postgresql://postgres@127.0.0.1:5432"


def ensure_database(url: str) -> None:
    """Create the database of ``url`` on its server if it does not exist."""
    import psycopg2

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    conn = psycopg2.connect(admin, connect_timeout=5)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cur.fetchone() is None:
            cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def staging_env(home: Path, base: dict[str, str]) -> dict[str, str]:
    """The environment of every staging process: production variables, local defaults."""
    env = dict(base)
    env.setdefault("DAGSTER_HOME", str(home / "dagster"))
    dagster_url = env.pop("STAGING_DAGSTER_PG_URL", f"{LOCAL_PG}/enrollflow_staging_dagster")
    parsed = urlparse(dagster_url)
    env.setdefault("DAGSTER_PG_HOST", parsed.hostname or "127.0.0.1")
    env.setdefault("DAGSTER_PG_PORT", str(parsed.port or 5432))
    env.setdefault("DAGSTER_PG_USERNAME", parsed.username or "postgres")
    env.setdefault("DAGSTER_PG_PASSWORD", parsed.password or "unused-with-trust-auth")
    env.setdefault("DAGSTER_PG_DB", parsed.path.lstrip("/"))
    env.setdefault("ENROLLFLOW_OPS_STORE_URL", f"{LOCAL_PG}/enrollflow_staging_ops")
    env.setdefault("ENROLLFLOW_DATA_DIR", str(ROOT / "data"))
    env.setdefault("ENROLLFLOW_UNSUBSCRIBE_SECRET", "staging-unsubscribe-secret")
    # the webhooks app serves no route without credentials: staging's SendGrid route takes a
    # shared token (Twilio's routes stay off until ENROLLFLOW_TWILIO_AUTH_TOKEN is set)
    env.setdefault("ENROLLFLOW_SENDGRID_WEBHOOK_TOKEN", secrets.token_urlsafe(24))
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def _dagster_db_url(env: dict[str, str]) -> str:
    password = env["DAGSTER_PG_PASSWORD"]
    auth = env["DAGSTER_PG_USERNAME"] + (
        f":{password}" if password != "unused-with-trust-auth" else ""
    )
    return f"postgresql://{auth}@{env['DAGSTER_PG_HOST']}:{env['DAGSTER_PG_PORT']}/{env['DAGSTER_PG_DB']}"


def prepare(env: dict[str, str]) -> None:
    """Databases, the instance's dagster.yaml and its pools (``orchestration.pools``: before
    any run, so two first runs cannot race to create a pool), and the ops store's schema."""
    ensure_database(_dagster_db_url(env))
    ops = env["ENROLLFLOW_OPS_STORE_URL"]
    if ops.startswith("postgresql"):
        ensure_database(ops)
    home = Path(env["DAGSTER_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "deploy" / "dagster.yaml", home / "dagster.yaml")
    subprocess.run(
        [str(BIN / "python"), "-m", "orchestration.pools"],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=sys.stderr,
    )
    subprocess.run(
        [str(BIN / "enrollflow"), "ops", "migrate", "--store", ops],
        env=env,
        check=True,
        cwd=ROOT,
        stdout=sys.stderr,  # stdout carries only the "staging up" line
    )


def commands(dagster_port: int, webhooks_port: int, studio_port: int) -> dict[str, list[str]]:
    """Each staging process and its command line."""
    workspace = str(ROOT / "workspace.yaml")
    return {
        "dagster-webserver": [
            str(BIN / "dagster-webserver"),
            *("-w", workspace, "-h", "127.0.0.1", "-p", str(dagster_port)),
        ],
        "dagster-daemon": [str(BIN / "dagster-daemon"), "run", "-w", workspace],
        "webhooks": [
            str(BIN / "enrollflow"),
            *("ops", "webhooks", "--host", "127.0.0.1", "--port", str(webhooks_port)),
            *("--public-url", f"http://127.0.0.1:{webhooks_port}"),
        ],
        "studio": [
            str(BIN / "enrollflow"),
            *("studio", "--host", "127.0.0.1", "--port", str(studio_port)),
        ],
    }


def wait_http(url: str, timeout: float) -> None:
    """Wait until ``url`` answers (any HTTP status), or raise ``TimeoutError``."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answered
        except OSError:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not answer within {timeout:.0f} s") from None
            time.sleep(0.5)


def _signal_group(proc: subprocess.Popen, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, sig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dagster-port", type=int, default=3000)
    parser.add_argument("--webhooks-port", type=int, default=8001)
    parser.add_argument("--studio-port", type=int, default=8000)
    parser.add_argument("--home", type=Path, default=ROOT / "data" / "staging")
    parser.add_argument("--logs", type=Path, help="directory for each process's log")
    args = parser.parse_args(argv)

    procs: dict[str, subprocess.Popen] = {}
    stopping = False

    def stop(*_: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    env = staging_env(args.home, dict(os.environ))
    prepare(env)
    logs = args.logs or args.home / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    try:
        for name, cmd in commands(args.dagster_port, args.webhooks_port, args.studio_port).items():
            out = (logs / f"{name}.log").open("ab")
            procs[name] = subprocess.Popen(
                cmd, env=env, cwd=ROOT, stdout=out, stderr=out, start_new_session=True
            )
        wait_http(f"http://127.0.0.1:{args.dagster_port}/server_info", 240)
        wait_http(f"http://127.0.0.1:{args.webhooks_port}/", 60)
        wait_http(f"http://127.0.0.1:{args.studio_port}/login", 60)
        print(
            f"staging up: Dagster http://127.0.0.1:{args.dagster_port} (instance on Postgres "
            f"{env['DAGSTER_PG_DB']}), webhooks http://127.0.0.1:{args.webhooks_port}, "
            f"studio http://127.0.0.1:{args.studio_port}; logs in {logs}; Ctrl-C stops",
            flush=True,
        )
        while not stopping:
            dead = [n for n, p in procs.items() if p.poll() is not None]
            if dead:
                print(f"staging: {', '.join(dead)} exited; see {logs}", file=sys.stderr)
                return 1
            time.sleep(0.5)
        return 0
    finally:
        # each process leads its own group (the webserver's code server, runs launched by the
        # daemon): stop the whole group
        for proc in procs.values():
            _signal_group(proc, signal.SIGTERM)
        for proc in procs.values():
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                _signal_group(proc, signal.SIGKILL)
                proc.wait(timeout=10)
        # a member that outlives its leader (the webserver's gRPC code server went on after
        # SIGTERM, orphaned) is given a few seconds, then killed
        _reap_groups(list(procs.values()), grace=10.0)


def _reap_groups(procs: list[subprocess.Popen], grace: float) -> None:
    """SIGKILL whatever is left in the process groups ``procs`` lead, after ``grace`` seconds."""
    deadline = time.monotonic() + grace
    left = list(procs)
    while left and time.monotonic() < deadline:
        left = [p for p in left if _group_alive(p.pid)]
        time.sleep(0.2)
    for proc in left:
        _signal_group(proc, signal.SIGKILL)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


if __name__ == "__main__":
    sys.exit(main())
