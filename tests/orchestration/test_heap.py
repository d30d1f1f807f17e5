"""Loading the code location freezes its heap; the collector still frees what runs allocate."""

from __future__ import annotations

import subprocess
import sys
import textwrap

PROBE = textwrap.dedent(
    """
    import gc, weakref
    before = gc.get_freeze_count()
    import orchestration.definitions  # what the code server, run workers and the daemon load
    frozen = gc.get_freeze_count()

    class Node:
        pass

    node = Node()
    node.self = node  # a cycle allocated by a run, after the freeze
    alive = weakref.ref(node)
    del node
    gc.collect()
    print(before, frozen, alive() is None)
    """
)


def test_loading_the_code_location_freezes_it_and_later_cycles_are_still_collected():
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr
    before, frozen, collected = done.stdout.split()
    assert int(before) == 0 and int(frozen) > 100_000  # Dagster, dbt, pandas, the definitions
    assert collected == "True"
