"""The project's own generic dbt tests, run by dbt on DuckDB and on Postgres.

``not_null_columns`` checks a model's required columns together (one test node per model, one
scan): it must fail exactly when some listed column holds a NULL, count every NULL value as a
failure, and name the columns with NULLs in its failing rows -- on both targets. A tiny project
uses the real macro files and ``profiles.yml`` (``dbt_project/``) and runs dbt as the project's
own runner does (:func:`enrollflow.transform.dbt_build`), so what is tested is what the marts run.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from enrollflow.transform import DbtRunResult, dbt_build, profile_env

MACROS = Path(__file__).resolve().parents[2] / "dbt_project" / "macros"

# a: 2 NULLs, b: 1 NULL, c: none; `whole` has none anywhere
HOLES = """
select * from (values
    (1, 'x', 10), (null, 'y', 11), (3, null, 12), (null, 'z', 13)
) as t(a, b, c)
"""
WHOLE = "select 1 as a, 'x' as b, 10 as c"
SCHEMA = """
version: 2
models:
  - name: holes
    data_tests:
      - not_null_columns:
          name: not_null_holes
          arguments:
            columns: [a, b, c]
      - not_null_columns:
          name: not_null_holes_c
          arguments:
            columns: [c]
  - name: whole
    data_tests:
      - not_null_columns:
          name: not_null_whole
          arguments:
            columns: [a, b, c]
"""


def _project(root: Path) -> Path:
    """A probe project with the real macros and the real ``profiles.yml`` (targets by env)."""
    (root / "models").mkdir(parents=True)
    shutil.copytree(MACROS, root / "macros")
    shutil.copy(MACROS.parent / "profiles.yml", root / "profiles.yml")
    (root / "dbt_project.yml").write_text(
        "name: probe\nversion: '1.0'\nprofile: enrollflow\nmodel-paths: [models]\n"
        "macro-paths: [macros]\nmodels:\n  probe:\n    +materialized: table\n"
        "data_tests:\n  +store_failures: true\n"
    )
    (root / "models" / "holes.sql").write_text(HOLES)
    (root / "models" / "whole.sql").write_text(WHOLE)
    (root / "models" / "schema.yml").write_text(SCHEMA)
    return root


def _build(root: Path, target: str, env: dict[str, str]) -> DbtRunResult:
    """``dbt build`` of the probe on ``target`` (the project's runner: a dbt process of its own)."""
    return dbt_build(root, target=target, env=env, target_path=root / "target", check=False)


def _tests(root: Path, target: str, env: dict[str, str]) -> dict[str, dict]:
    """Each test's ``run_results.json`` entry by its name, with the relation its failing rows
    were stored in (the probe stores every test's failures)."""
    done = _build(root, target, env)
    assert done.returncode == 1, done.log  # 1: some test failed (2 would be an error)
    results = json.loads((done.target_path / "run_results.json").read_text())["results"]
    return {r["unique_id"].split(".")[2]: r for r in results if r["unique_id"].startswith("test.")}


def _assert_not_null_columns(tests: dict[str, dict], failing_rows) -> None:
    assert tests["not_null_whole"]["status"] == "pass"
    assert tests["not_null_holes_c"]["status"] == "pass"
    holes = tests["not_null_holes"]
    assert holes["status"] == "fail"
    assert holes["failures"] == 3  # every NULL value, not the rows or the columns
    # what an analyst reads back (``--store-failures``): the columns with NULLs and their counts
    assert sorted((str(c), int(n)) for c, n in failing_rows(holes["relation_name"])) == [
        ("a", 2),
        ("b", 1),
    ]


def test_not_null_columns_on_duckdb(tmp_path: Path) -> None:
    import duckdb

    db = tmp_path / "probe.duckdb"
    tests = _tests(_project(tmp_path / "probe"), "duckdb", profile_env(warehouse_path=db))

    def failing_rows(relation: str):
        with duckdb.connect(str(db), read_only=True) as con:
            return con.sql(f"select column_name, null_rows from {relation}").fetchall()

    _assert_not_null_columns(tests, failing_rows)


@pytest.mark.postgres
def test_not_null_columns_on_postgres(tmp_path: Path, pg_url: str) -> None:
    import psycopg2

    env = profile_env(postgres_url=pg_url, postgres_schema="probe")
    tests = _tests(_project(tmp_path / "probe"), "postgres", env)

    def failing_rows(relation: str):
        with psycopg2.connect(pg_url) as con, con.cursor() as cur:
            cur.execute(f"select column_name, null_rows from {relation}")
            return cur.fetchall()

    _assert_not_null_columns(tests, failing_rows)


@pytest.mark.parametrize("columns", ["[]", "a"])
def test_not_null_columns_without_a_list_of_columns_is_a_clear_error(tmp_path, columns) -> None:
    """An empty list, or a bare string (``columns: a``), stops dbt when it parses the project
    (exit status 2), naming the test and its file -- not SQL that fails or checks nothing."""
    root = _project(tmp_path / "probe")
    (root / "models" / "schema.yml").write_text(
        "version: 2\nmodels:\n  - name: whole\n    data_tests:\n      - not_null_columns:\n"
        f"          arguments:\n            columns: {columns}\n"
    )
    done = _build(root, "duckdb", profile_env(warehouse_path=tmp_path / "probe.duckdb"))
    assert done.returncode == 2, done.log
    assert "Compilation Error in test not_null_columns_whole" in done.log
    assert "(models/schema.yml)" in done.log
    assert "`columns` must list the column names" in done.log


def test_the_readmes_example_is_the_projects_yaml() -> None:
    """``dbt_project/README.md`` shows a model's ``not_null_columns`` test: it is the one the
    project declares for that model, word for word in YAML terms."""
    import re

    import yaml

    root = MACROS.parent
    readme = (root / "README.md").read_text()
    [block] = re.findall(r"```yaml\n(.*?)```", readme.split("## Data tests", 1)[1], flags=re.S)
    [example] = yaml.safe_load(block)
    models = yaml.safe_load(
        (root / "models" / "staging" / "sendgrid" / "_sendgrid__models.yml").read_text()
    )["models"]
    [declared] = [m for m in models if m["name"] == example["name"]]
    assert example["data_tests"] == declared["data_tests"][: len(example["data_tests"])]
