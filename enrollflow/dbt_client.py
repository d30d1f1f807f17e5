"""``enrollflow-dbt``: the ``dbt`` command, run by a warm dbt worker when one is up.

It takes the arguments, environment and working directory of a ``dbt`` call. When
``ENROLLFLOW_DBT_WORKER`` names the socket of a running worker (:mod:`enrollflow.dbt_worker`),
the worker forks a dbt process that has already imported dbt and parsed the project, and hands
it this process's stdout and stderr: whoever started this command (dagster-dbt) reads the same
JSON lines and the same exit code as from ``dbt`` itself, about 3.5 s sooner. Without a worker,
or when it cannot be reached, this process becomes the ``dbt`` beside this interpreter
(``os.execv``): the call is the plain one.

A signal this process gets (dagster-dbt stops dbt with SIGINT) is passed on to the worker's dbt
process. When that process ends without an exit status (killed), this command exits with 2 and
says so on stderr.

Standard library only, so it starts in a few tens of milliseconds.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import struct
import sys
from pathlib import Path

#: the environment variable naming the worker's socket
WORKER_ENV = "ENROLLFLOW_DBT_WORKER"
#: exit status when the worker's dbt process ended without one
LOST = 2
#: signals passed on to the worker's dbt process
FORWARDED = (signal.SIGINT, signal.SIGTERM)


def real_dbt() -> str:
    """The ``dbt`` beside this interpreter (the venv's)."""
    return str(Path(sys.executable).parent / "dbt")


def send_request(sock: socket.socket, request: dict, fds: list[int]) -> None:
    """A length-prefixed JSON request; ``fds`` ride with its first bytes (SCM_RIGHTS)."""
    body = json.dumps(request).encode()
    data = struct.pack("!I", len(body)) + body
    sent = socket.send_fds(sock, [data], fds)
    sock.sendall(data[sent:])


def _connect(path: str) -> socket.socket | None:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.connect(path)
    except OSError:
        sock.close()
        return None
    return sock


def _forward(pid: int) -> None:
    def handler(signum, _frame) -> None:
        with contextlib.suppress(ProcessLookupError):  # it has just ended
            os.kill(pid, signum)

    for signum in FORWARDED:
        signal.signal(signum, handler)


def run(argv: list[str]) -> int:
    """Run ``dbt argv`` through the worker; its exit status (never returns without a worker)."""
    path = os.environ.get(WORKER_ENV)
    sock = _connect(path) if path else None
    if sock is None:
        os.execv(real_dbt(), [real_dbt(), *argv])
    with sock:
        request = {"argv": argv, "env": dict(os.environ), "cwd": os.getcwd()}
        send_request(sock, request, [sys.stdout.fileno(), sys.stderr.fileno()])
        for line in sock.makefile("r", encoding="utf-8"):
            message = json.loads(line)
            if "pid" in message:
                _forward(message["pid"])
            elif "exit" in message:
                return int(message["exit"])
    sys.stderr.write("enrollflow-dbt: the worker's dbt process ended without an exit status\n")
    return LOST


def main() -> None:
    sys.exit(run(sys.argv[1:]))


if __name__ == "__main__":
    main()
