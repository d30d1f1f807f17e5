"""Loading the code location as the UI's code server does logs no warning of Dagster's making."""

from __future__ import annotations

import subprocess
import sys

CODE = """
import warnings
from orchestration.definitions import defs
with warnings.catch_warnings(record=True) as seen:  # the module's own filters stay in force
    repository = defs.get_repository_def()  # what the code server resolves: sensors, jobs
    assert repository.sensor_defs
for w in seen:
    print(f"{w.category.__name__}: {w.message}")
"""


def test_resolving_the_sensors_logs_no_beta_warning() -> None:
    # Dagster's copy of a sensor targeting an asset job passed its empty owners on, which
    # Dagster's own check reported as a use of the beta parameter (`make ui` logged it)
    done = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "BetaWarning" not in done.stdout, done.stdout
