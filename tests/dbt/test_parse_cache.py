"""``ensure_manifest``: one ``dbt parse`` per profile, also when two threads ask at once.

``enrollflow demo`` starts the parse in a thread while it simulates, and the pipeline's
definitions ask for the manifest again when they load: the second caller must wait for the
first parse and find the manifest fresh, not start a second parse of the whole project.
"""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from enrollflow import transform
from enrollflow.transform import DbtRunResult, ensure_manifest


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    for name in ("dbt_project.yml", "profiles.yml"):
        shutil.copyfile(transform.DBT_PROJECT_DIR / name, project / name)
    return project


def _counting_parse(monkeypatch, seconds: float) -> list[dict[str, str]]:
    """Replace dbt with a parse that takes ``seconds`` and writes the two artifacts."""
    calls: list[dict[str, str]] = []

    def fake_invoke(args, project_dir, *, env, target_path=None):
        calls.append(dict(env))
        time.sleep(seconds)
        target = Path(target_path)
        (target / "manifest.json").write_text("{}")
        (target / "partial_parse.msgpack").write_bytes(b"")
        return DbtRunResult(command=list(args), returncode=0, target_path=target)

    monkeypatch.setattr(transform, "dbt_invoke", fake_invoke)
    return calls


def test_two_threads_asking_at_once_parse_once(tmp_path, monkeypatch):
    project = _project(tmp_path)
    calls = _counting_parse(monkeypatch, seconds=0.5)
    env = {"ENROLLFLOW_DATA_DIR": str(tmp_path / "data")}
    found: list[Path] = []
    threads = [
        threading.Thread(target=lambda: found.append(ensure_manifest(project, env=env)))
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(calls) == 1
    assert found == [project / "target" / "manifest.json"] * 2


def test_another_profile_parses_again_and_the_same_one_does_not(tmp_path, monkeypatch):
    project = _project(tmp_path)
    calls = _counting_parse(monkeypatch, seconds=0.0)
    first = {"ENROLLFLOW_DATA_DIR": str(tmp_path / "a")}
    second = {"ENROLLFLOW_DATA_DIR": str(tmp_path / "b")}
    ensure_manifest(project, env=first)
    ensure_manifest(project, env=first)
    ensure_manifest(project, env=second)
    assert calls == [first, second]


def test_the_dbt_workers_socket_is_not_part_of_the_profile(tmp_path, monkeypatch):
    """Each ``enrollflow demo`` starts a warm dbt worker on a new socket and sets
    ``ENROLLFLOW_DBT_WORKER``; were it part of the profile, every demo would parse the whole
    project again, and ``make ui`` after it once more."""
    project = _project(tmp_path)
    calls = _counting_parse(monkeypatch, seconds=0.0)
    data = {"ENROLLFLOW_DATA_DIR": str(tmp_path / "a")}
    for socket in ("/tmp/enrollflow-dbt-1-aa", "/tmp/enrollflow-dbt-2-bb", None):
        environ = data | ({"ENROLLFLOW_DBT_WORKER": socket} if socket else {})
        ensure_manifest(project, env=transform.profile_env_of(environ))
    assert calls == [data]
