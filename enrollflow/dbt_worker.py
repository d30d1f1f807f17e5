"""A warm dbt worker: dbt imported and the project parsed once, each ``dbt`` call a fork of it.

Every ``dbt`` process spends about 3.5 s on this machine before its first node: ~2 s importing
dbt and ~1.3 s loading the project from its partial-parse cache. ``enrollflow demo`` runs dbt
three times (the build and two intraday refreshes). The worker pays that once, beside the rest
of the demo, on the second core:

- it listens on a UNIX socket (``python -m enrollflow.dbt_worker SOCKET``, or
  :func:`running_worker`), imports dbt, and keeps the parsed project (dbt's ``Manifest``) per
  *parse key*: the project directory and the newest mtime of its files
  (:func:`enrollflow.transform.newest_source_mtime`), the ``ENROLLFLOW_*`` variables
  ``profiles.yml`` reads, dbt's own profile variables, and the flags that change a parse
  (``--vars``, ``--target``, ...). The variables the parse itself read (``env_var()`` in the
  models) must also be unchanged. A changed key parses again, from the project's
  ``partial_parse.msgpack``;
- each call (:mod:`enrollflow.dbt_client`, the ``enrollflow-dbt`` command) sends its arguments,
  environment and working directory, with its stdout and stderr as file descriptors; the worker
  forks, and the child runs ``dbtRunner(manifest=...)`` with them: the caller reads the same
  JSON lines and exit status (0, 1 or 2) as from ``dbt``. Each call is its own process, so
  nothing of one run (dbt's global state, DuckDB's lock on the warehouse file) outlives it;
- commands that parse or need no project (``parse``, ``debug``, ``deps``, ``clean``, ...) run in
  the child without the kept manifest, as ``dbt`` would run them.

The dbt asset uses the worker when ``ENROLLFLOW_DBT_WORKER`` names its socket
(:func:`orchestration.defs.transform.resources.dbt_executable`); ``enrollflow demo`` starts one
for its run, and ``make ui`` one beside ``dg dev`` for the runs it launches (:mod:`enrollflow.ui`). The worker is for one user's process tree: the socket is created in the temp
directory with mode 0600, and the worker exits when the process that started it is gone.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from pathlib import Path

from enrollflow.dbt_client import WORKER_ENV, send_request

#: the dbt commands run on the kept manifest (the others parse, or need no project)
MANIFEST_COMMANDS = frozenset(
    {"build", "run", "test", "compile", "ls", "list", "seed", "snapshot", "show", "run-operation"}
)
#: every dbt command (the first argument that is one is the command)
COMMANDS = MANIFEST_COMMANDS | {"parse", "debug", "deps", "clean", "docs", "init", "source",
                                "retry", "clone", "environment"}  # fmt: skip
#: flags whose value changes what a parse produces
PARSE_FLAGS = ("--vars", "--target", "-t", "--profile", "--project-dir", "--profiles-dir")
#: dbt's own variables that change a parse (besides the profiles directory, resolved)
PARSE_ENV = ("DBT_TARGET", "DBT_PROFILE")
#: parsed projects kept (the oldest is dropped first)
KEEP = 2
#: the longest request (arguments and environment) and the time allowed to send it
MAX_REQUEST = 16 * 2**20
REQUEST_TIMEOUT_S = 10.0


def command_of(argv: list[str]) -> str | None:
    """The dbt command among ``argv`` (global flags may come first), or None."""
    return next((a for a in argv if a in COMMANDS), None)


def _flag_values(argv: list[str]) -> list[tuple[str, str]]:
    pairs = []
    for i, arg in enumerate(argv):
        name, eq, value = arg.partition("=")
        if name in PARSE_FLAGS:
            pairs.append((name, value if eq else (argv[i + 1] if i + 1 < len(argv) else "")))
    return pairs


def project_of(argv: list[str], env: dict[str, str], cwd: str) -> Path:
    """The project a call works on: ``--project-dir``, else ``DBT_PROJECT_DIR``, else ``cwd``."""
    flags = dict(_flag_values(argv))
    return Path(cwd, flags.get("--project-dir") or env.get("DBT_PROJECT_DIR") or ".").resolve()


def profiles_dir_of(argv: list[str], env: dict[str, str], cwd: str) -> Path:
    """Where dbt reads ``profiles.yml`` for a call: ``--profiles-dir``, ``DBT_PROFILES_DIR``,
    else the working directory when it has one, else ``~/.dbt`` (dbt's own order)."""
    chosen = dict(_flag_values(argv)).get("--profiles-dir") or env.get("DBT_PROFILES_DIR")
    if chosen:
        return Path(cwd, chosen).resolve()
    here = Path(cwd).resolve()
    return here if (here / "profiles.yml").exists() else Path("~/.dbt").expanduser()


def parse_key(argv: list[str], env: dict[str, str], cwd: str) -> str:
    """What a parse of the call's project depends on, as one string (see the module docstring)."""
    from enrollflow.transform import newest_source_mtime, profile_env_of

    project = project_of(argv, env, cwd)
    return json.dumps(
        {
            "project": str(project),
            "mtime": newest_source_mtime(project),
            "profile": sorted(profile_env_of(env).items()),
            "profiles_dir": str(profiles_dir_of(argv, env, cwd)),
            "dbt": [(k, env.get(k)) for k in PARSE_ENV],
            "flags": [
                (k, v)
                for k, v in _flag_values(argv)
                if k not in ("--project-dir", "--profiles-dir")
            ],
        }
    )


class Worker:
    """The server: parsed projects by key, one forked child per call."""

    def __init__(self, path: str, log=sys.stdout) -> None:
        self.path = path
        self.log = log
        self.parent = os.getppid()
        self.kept: dict[str, object] = {}  # parse key -> dbt Manifest

    def _say(self, message: str) -> None:
        self.log.write(f"{time.strftime('%H:%M:%S')} dbt worker: {message}\n")
        self.log.flush()

    def manifest(self, argv: list[str], env: dict[str, str], cwd: str):
        """The kept manifest for this call, parsing first when its key is new; None when the
        project does not parse (the child then parses and reports the error itself)."""
        key = parse_key(argv, env, cwd)
        manifest = self.kept.get(key)
        if manifest is not None and all(
            env.get(name) == value for name, value in manifest.env_vars.items()
        ):
            return manifest
        manifest = self._parse(argv, env, cwd)
        if manifest is not None:
            self.kept[key] = manifest
            while len(self.kept) > KEEP:
                self.kept.pop(next(iter(self.kept)))
        return manifest

    def _parse(self, argv: list[str], env: dict[str, str], cwd: str):
        from dbt.cli.main import dbtRunner

        project = project_of(argv, env, cwd)
        scratch = Path(tempfile.mkdtemp(prefix="enrollflow-dbt-parse-"))
        cache = project / "target" / "partial_parse.msgpack"
        if cache.exists():
            shutil.copyfile(cache, scratch / cache.name)
        flags = [x for pair in _flag_values(argv) for x in pair]
        began = time.perf_counter()
        saved, here = dict(os.environ), os.getcwd()
        try:
            os.environ.clear()
            os.environ.update(env, DBT_TARGET_PATH=str(scratch), DBT_LOG_PATH=str(scratch))
            os.chdir(cwd)
            result = dbtRunner().invoke(["parse", "--quiet", *flags])
        finally:
            os.environ.clear()
            os.environ.update(saved)
            os.chdir(here)
            shutil.rmtree(scratch, ignore_errors=True)
        if not result.success:
            self._say(f"{project} does not parse ({result.exception}); calls run without it")
            return None
        self._say(f"parsed {project} in {time.perf_counter() - began:.1f} s")
        return result.result

    def handle(self, conn: socket.socket, listener: socket.socket) -> None:
        """Read one call, fork its dbt process, and leave the call to it."""
        with conn:
            request, fds = _receive(conn)
            try:
                argv, env, cwd = request.get("argv", []), request["env"], request["cwd"]
                command = command_of(argv)
                manifest = None
                if request.get("warm") or command in MANIFEST_COMMANDS:
                    manifest = self.manifest(argv or ["build"], env, cwd)
                if request.get("warm"):
                    conn.sendall(json.dumps({"exit": 0 if manifest else 1}).encode() + b"\n")
                    return
                kept = manifest if command in MANIFEST_COMMANDS else None
                sys.stdout.flush()
                sys.stderr.flush()
                if os.fork() == 0:  # the child never returns
                    listener.close()
                    _child(conn, fds, argv, env, cwd, kept)
            finally:
                for fd in fds:
                    os.close(fd)

    def serve(self) -> None:
        """Accept calls until the starting process is gone, or SIGTERM; the socket is removed
        however the worker ends (a SIGTERM while it still imports dbt included)."""
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        # the bind is inside the block whose end removes the socket: a SIGTERM just after the
        # bind (a starter that stops it as soon as the path appears) left the file behind
        try:
            old = os.umask(0o177)
            try:
                listener.bind(self.path)
            finally:
                os.umask(old)
            listener.listen(16)
            listener.settimeout(0.5)
            import dbt.cli.main  # noqa: F401  (the import every call would pay)

            self._say(f"listening on {self.path}")
            while os.getppid() == self.parent:
                _reap()
                try:
                    conn, _ = listener.accept()
                except TimeoutError:
                    continue
                try:
                    self.handle(conn, listener)
                except Exception:  # one bad call must not stop the worker
                    self._say("call failed:\n" + traceback.format_exc())
        finally:
            signal.signal(signal.SIGTERM, signal.SIG_IGN)  # a second SIGTERM cannot cut this short
            listener.close()
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)


def _receive(conn: socket.socket) -> tuple[dict, list[int]]:
    """One call's request and its file descriptors; a call that does not send a whole request
    of at most :data:`MAX_REQUEST` bytes within :data:`REQUEST_TIMEOUT_S` is dropped (the
    worker serves one request at a time: a stalled sender must not stall every dbt call)."""
    conn.settimeout(REQUEST_TIMEOUT_S)
    data, fds, _flags, _addr = socket.recv_fds(conn, 65536, 2)
    try:
        while len(data) < 4 or len(data) < 4 + struct.unpack("!I", data[:4])[0]:
            if len(data) >= 4 and struct.unpack("!I", data[:4])[0] > MAX_REQUEST:
                raise ValueError(f"a request of more than {MAX_REQUEST} bytes")
            more = conn.recv(65536)
            if not more:
                raise ConnectionError("the call ended before its request did")
            data += more
        size = struct.unpack("!I", data[:4])[0]
        request = json.loads(data[4 : 4 + size])
    except BaseException:
        for fd in fds:
            os.close(fd)
        raise
    conn.settimeout(None)
    return request, list(fds)


def _reap() -> None:
    with contextlib.suppress(ChildProcessError):
        while os.waitpid(-1, os.WNOHANG)[0]:
            pass


def _child(conn, fds: list[int], argv: list[str], env: dict, cwd: str, manifest) -> None:
    """The forked dbt process: the caller's stdout/stderr, environment and directory."""
    code = 2
    try:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)  # dbt stops as on Ctrl-C
        os.dup2(fds[0], 1)
        os.dup2(fds[1], 2)
        os.environ.clear()
        os.environ.update(env)
        os.chdir(cwd)
        conn.sendall(json.dumps({"pid": os.getpid()}).encode() + b"\n")
        from dbt.cli.main import dbtRunner

        result = dbtRunner(manifest=manifest).invoke(argv)
        if result.success:
            code = 0
        elif result.exception is None:
            code = 1
        else:
            sys.stderr.write(f"{type(result.exception).__name__}: {result.exception}\n")
        sys.stdout.flush()
        sys.stderr.flush()
        conn.sendall(json.dumps({"exit": code}).encode() + b"\n")
    except BaseException:  # noqa: BLE001  (whatever happens, the child must not return)
        with contextlib.suppress(Exception):
            traceback.print_exc()
            sys.stderr.flush()
    finally:
        os._exit(code)


def warm(path: str, env: dict[str, str], cwd: str) -> bool:
    """Have the worker at ``path`` parse the project for calls with ``env`` from ``cwd`` now
    (``enrollflow demo`` asks while it simulates); whether it has a manifest for them."""
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.connect(path)
        send_request(sock, {"warm": True, "argv": ["build"], "env": env, "cwd": cwd}, [])
        reply = sock.makefile("r").readline()
    return bool(reply) and json.loads(reply).get("exit") == 0


@contextlib.contextmanager
def running_worker(log_path: Path, timeout_s: float = 30.0) -> Iterator[str | None]:
    """A worker for the duration of the block; ``ENROLLFLOW_DBT_WORKER`` names it meanwhile.

    Yields its socket's path, or None when it did not come up within ``timeout_s`` (the
    variable is then left unset, and dbt runs as usual); its log goes to ``log_path``."""
    path = os.path.join(
        tempfile.gettempdir(), f"enrollflow-dbt-{os.getpid()}-{os.urandom(4).hex()}"
    )
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "ab") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "enrollflow.dbt_worker", path], stdout=log, stderr=log
        )
    deadline = time.monotonic() + timeout_s
    while not os.path.exists(path) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    up = os.path.exists(path)
    if up:
        os.environ[WORKER_ENV] = path
    try:
        yield path if up else None
    finally:
        if up and os.environ.get(WORKER_ENV) == path:
            del os.environ[WORKER_ENV]
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1:
        sys.exit("usage: python -m enrollflow.dbt_worker SOCKET_PATH")
    Worker(args[0]).serve()


if __name__ == "__main__":
    main()
