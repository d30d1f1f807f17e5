"""Read marts into DataFrames and write model outputs back, over a DuckDB connection.

Kept apart from the models so they stay pure functions of DataFrames; the Dagster assets call these.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence

import duckdb
import pandas as pd

from ml.errors import MLInputError
from ml.registry import REGISTRY_COLUMNS, ModelEvaluation, registry_frame

__all__ = ["append_registry", "data_now", "read_table", "write_table"]

_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
REGISTRY_TABLE = "ml_model_registry"


def _ident(name: str) -> str:
    if not _IDENT.match(name):
        raise MLInputError(f"{name!r} is not a plain table/column name")
    return f'"{name}"'


def read_table(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[str],
    *,
    where: str = "",
    select: dict[str, str] | None = None,
) -> pd.DataFrame:
    """Select ``columns`` of ``table``; a missing table or column is a clear :class:`MLInputError`.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
    table : str
        Mart or staging model name (``fct_message_events``).
    columns : sequence of str
        Columns the model needs.
    where : str
        Optional SQL filter written by the caller (not user input).
    select : dict, optional
        Output columns computed by an SQL expression (``{"latest": "max(event_at)"}``), written by
        the caller; columns listed here are not required to exist.

    Returns
    -------
    pandas.DataFrame
    """
    present = {
        r[0]
        for r in con.execute(
            "select column_name from information_schema.columns where table_name = ?", [table]
        ).fetchall()
    }
    if not present:
        raise MLInputError(
            f"table {table} does not exist in the warehouse; build the marts first "
            "(dbt build, or materialise the transform assets)"
        )
    select = select or {}
    missing = [c for c in columns if c not in present and c not in select]
    if missing:
        raise MLInputError(
            f"{table}: missing column(s) {missing}; rebuild it with the current dbt project"
        )
    cols = ", ".join(f"{select[c]} as {_ident(c)}" if c in select else _ident(c) for c in columns)
    sql = f"select {cols} from {_ident(table)}" + (f" where {where}" if where else "")
    return con.execute(sql).df()


def write_table(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    """Replace ``table`` with ``frame`` (atomically) and return its row count.

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
    table : str
    frame : pandas.DataFrame

    Returns
    -------
    int
    """
    con.register("_ml_frame", frame)
    try:
        con.execute(f"create or replace table {_ident(table)} as select * from _ml_frame")
    finally:
        con.unregister("_ml_frame")
    return int(len(frame))


def append_registry(con: duckdb.DuckDBPyConnection, evaluations: list[ModelEvaluation]) -> None:
    """Add model versions to ``ml_model_registry`` (a re-run of the same version replaces it).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection
    evaluations : list of ModelEvaluation
    """
    con.execute(
        f"create table if not exists {REGISTRY_TABLE} ("
        "model_name varchar, model_version varchar, metric_name varchar, model_score double, "
        "baseline_name varchar, baseline_score double, higher_is_better boolean, "
        "is_promoted boolean, training_start_at timestamp, training_end_at timestamp, "
        "trained_at timestamp, n_train bigint, n_holdout bigint, seed bigint, params_json varchar)"
    )
    frame = registry_frame(evaluations)
    con.register("_ml_registry", frame)
    try:
        con.execute(
            f"delete from {REGISTRY_TABLE} where (model_version, metric_name) in "
            "(select model_version, metric_name from _ml_registry)"
        )
        cols = ", ".join(REGISTRY_COLUMNS)
        con.execute(f"insert into {REGISTRY_TABLE} ({cols}) select {cols} from _ml_registry")
    finally:
        con.unregister("_ml_registry")


def data_now(con: duckdb.DuckDBPyConnection) -> dt.datetime:
    """The data's "now": midnight after the latest message event (the simulator's convention).

    Parameters
    ----------
    con : duckdb.DuckDBPyConnection

    Returns
    -------
    datetime.datetime
        Naive UTC.
    """
    latest = read_table(con, "fct_message_events", ["latest"], select={"latest": "max(event_at)"})
    value = latest["latest"].iloc[0]
    if pd.isna(value):
        raise MLInputError("fct_message_events is empty: no data to train on yet")
    return (pd.Timestamp(value).floor("D") + pd.Timedelta(days=1)).to_pydatetime()
