"""`make ui`'s launcher (enrollflow/ui.py): dg dev runs with a warm dbt worker named in its
environment, its exit status is kept, and the worker stops with it. The real `dg dev` is in the
slow test_code_location_loads_like_make_ui.py; here a stand-in prints what it was given."""

from __future__ import annotations

import os
import signal
import sys

from enrollflow import ui
from enrollflow.dbt_client import WORKER_ENV

STAND_IN = """#!{python}
import os, sys, time
print(os.environ.get("{env}", ""), os.path.exists(os.environ.get("{env}", "/nonexistent")),
      *sys.argv[1:], flush=True)
if "--stop-me" in sys.argv:  # a supervisor stops the launcher (its parent), not dg dev
    os.kill(os.getppid(), 15)
    time.sleep(60)
sys.exit(3)
"""


def _stand_in(tmp_path):
    dg = tmp_path / "dg"
    dg.write_text(STAND_IN.format(python=sys.executable, env=WORKER_ENV))
    dg.chmod(0o755)
    return str(dg)


def test_dg_dev_sees_a_live_worker_and_its_status_is_kept(tmp_path, monkeypatch, capfd):
    monkeypatch.setenv("ENROLLFLOW_DATA_DIR", str(tmp_path))
    monkeypatch.delenv(WORKER_ENV, raising=False)
    assert ui.main(["-p", "3999"], dg=_stand_in(tmp_path)) == 3
    socket_path, alive, *args = capfd.readouterr().out.split()
    assert socket_path and alive == "True" and args == ["dev", "-p", "3999"]
    assert not os.path.exists(socket_path)  # the worker stopped with dg dev
    assert WORKER_ENV not in os.environ
    [log] = (tmp_path / "logs").glob("dbt-worker-ui-*.log")
    assert log.exists()


def test_a_sigterm_reaches_dg_dev_and_the_worker_still_stops(tmp_path, monkeypatch, capfd):
    monkeypatch.setenv("ENROLLFLOW_DATA_DIR", str(tmp_path))
    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)}
    try:
        status = ui.main(["--stop-me"], dg=_stand_in(tmp_path))
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
    assert status == -signal.SIGTERM  # dg dev was stopped by the forwarded signal
    socket_path = capfd.readouterr().out.split()[0]
    assert not os.path.exists(socket_path)
