"""SQL that turns landing lines into typed raw rows plus a reject reason, set-based in DuckDB.

The query reads a relation of ``(_partition_date, _source_file, _line, _text, _pre_reason)`` (one
row per file line, ``_pre_reason`` set when the reader already knows the line is bad) and returns the
spec's data columns, ``_line``, ``_reason`` (NULL for a good row), ``_payload`` (the offending text,
only on rejects) and the two lineage columns it was given. Every reason reads ``<summary>`` or ``<summary>: <detail>``; the summary part (before the
first ``": "``) never contains a value, so reasons can be counted by summary.
"""

from __future__ import annotations

import datetime as dt

from enrollflow.ingest.contract import Column, TableSpec

MIN_EVENT_TIME = dt.datetime(2000, 1, 1)
PAYLOAD_MAX_CHARS = 2000
_EPOCH_SCALE = {"EPOCH_S": 1, "EPOCH_US": 1_000_000}


def _quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _typed(col: Column, raw: str) -> str:
    """SQL converting the extracted string ``raw`` to the column's storage type (NULL if invalid)."""
    if col.type in ("VARCHAR", "JSON"):
        return raw
    if col.type == "TIMESTAMP":
        # Offsets ('Z', '+02:00') are honoured; naive strings are read as UTC (session zone is UTC).
        return f"(TRY_CAST({raw} AS TIMESTAMPTZ) AT TIME ZONE 'UTC')"
    return f"TRY_CAST({raw} AS {col.storage_type})"


def _time_bounds(now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
    if now.tzinfo is not None:
        now = now.astimezone(dt.UTC).replace(tzinfo=None)
    return MIN_EVENT_TIME, now + dt.timedelta(days=1)


def _column_checks(cols: tuple[Column, ...], now: dt.datetime) -> list[tuple[str, str]]:
    """(condition, reason SQL) pairs for required keys, unparseable values and event times."""
    lo, hi = _time_bounds(now)
    bounds = f"before {lo:%Y-%m-%d} or after now+1 day ({hi:%Y-%m-%d %H:%M:%S})"
    checks: list[tuple[str, str]] = []
    for c in cols:
        if c.required:
            checks.append(
                (
                    f"{_quote_ident('_s_' + c.name)} IS NULL",
                    _literal(f"missing required key '{c.key or c.name}'"),
                )
            )
    for c in cols:
        if c.type not in ("VARCHAR", "JSON"):
            s, v = _quote_ident("_s_" + c.name), _quote_ident(c.name)
            reason = f"{_literal(f'invalid {c.type} value for key {c.key or c.name!r}: ')} || left({s}, 100)"
            checks.append((f"{s} IS NOT NULL AND {v} IS NULL", reason))
    for c in cols:
        if not c.event_time:
            continue
        v = _quote_ident(c.name)
        if c.type in _EPOCH_SCALE:
            scale = _EPOCH_SCALE[c.type]
            lo_n = int((lo - dt.datetime(1970, 1, 1)).total_seconds()) * scale
            hi_n = int((hi - dt.datetime(1970, 1, 1)).total_seconds()) * scale
            cond = f"({v} < {lo_n} OR {v} > {hi_n})"
            unit = "unix seconds" if scale == 1 else "unix microseconds"
            reason = f"{_literal(f'timestamp {c.key or c.name!r} out of range: ')} || {v}::VARCHAR || {_literal(f' ({unit}) is {bounds}')}"
        else:
            cond = f"({v} < TIMESTAMP '{lo:%Y-%m-%d %H:%M:%S}' OR {v} > TIMESTAMP '{hi:%Y-%m-%d %H:%M:%S}')"
            reason = f"{_literal(f'timestamp {c.key or c.name!r} out of range: ')} || {v}::VARCHAR || {_literal(f' is {bounds}')}"
        checks.append((cond, reason))
    return checks


# Each text is parsed twice: once for its JSON type (``_jt``, NULL when not JSON) and once to
# extract every key at once (``json_extract_string`` with a list of paths).
_JSON_TYPE = "try(json_type(_text)) AS _jt"
_OBJECT_CHECKS = [
    ("_text IS NULL OR trim(_text) = ''", "'empty line'"),
    ("_jt IS NULL", "'invalid JSON: the text is not parseable JSON'"),
    ("_jt <> 'OBJECT'", "'not a JSON object: got ' || _jt"),
]


def _case(checks: list[tuple[str, str]]) -> str:
    whens = "\n        ".join(f"WHEN {cond} THEN {reason}" for cond, reason in checks)
    return f"CASE\n        {whens}\n    END"


def _extract(cols: tuple[Column, ...]) -> tuple[str, list[str]]:
    """(list-extraction SQL, per-column select items) for ``cols`` read from the JSON ``_text``."""
    paths = ", ".join(_literal(c.json_path) for c in cols)
    extraction = f"CASE WHEN _jt = 'OBJECT' THEN json_extract_string(_text, [{paths}]) END"
    items = []
    for i, c in enumerate(cols, start=1):
        items.append(f"_v[{i}] AS {_quote_ident('_s_' + c.name)}")
        items.append(f"{_typed(c, f'_v[{i}]')} AS {_quote_ident(c.name)}")
    return extraction, items


def parse_query(spec: TableSpec, relation: str, now: dt.datetime) -> str:
    """SELECT turning a relation of landing lines into typed rows + reasons.

    Parameters
    ----------
    spec : TableSpec
        The raw table's contract.
    relation : str
        A table name or parenthesised subquery yielding ``_partition_date``, ``_source_file``,
        ``_line``, ``_text`` and ``_pre_reason``.
    now : datetime
        Ingest time; event timestamps later than ``now + 1 day`` are rejected.

    Returns
    -------
    str
        A query with the spec's data columns, ``_line``, ``_reason``, ``_payload``,
        ``_partition_date`` and ``_source_file`` (the stage table's column order).
    """
    data_cols = ", ".join(_quote_ident(n) for n in spec.data_columns)
    derived = "".join(f", {d.sql} AS {_quote_ident(d.name)}" for d in spec.derived)
    record_cols = spec.record_columns
    rules = [(r.condition, _literal(r.reason)) for r in spec.rules]
    payload = f"CASE WHEN _reason IS NOT NULL THEN left(_text, {PAYLOAD_MAX_CHARS}) END AS _payload"
    final = f"SELECT {data_cols}, _line, _reason, {payload}, _partition_date, _source_file"

    if spec.batch_key is None:
        checks = [("_pre_reason IS NOT NULL", "_pre_reason"), *_OBJECT_CHECKS]
        checks += _column_checks(record_cols, now) + rules
        return f"WITH {_judged_ctes('', relation, record_cols, checks, derived, '_reason')}\n{final} FROM judged"

    # Batched envelope (SendGrid POST): validate the envelope, then unnest its records.
    env_cols = spec.envelope_columns
    key = spec.batch_key
    env_checks = [("_pre_reason IS NOT NULL", "_pre_reason"), *_OBJECT_CHECKS]
    env_checks += _column_checks(env_cols, now)
    env_checks.append(
        (
            f"coalesce(json_type(_text, {_literal('$.' + key)}), 'NULL') <> 'ARRAY'",
            _literal(f"missing required key '{key}': expected a JSON array of records"),
        )
    )
    env_names = ", ".join(_quote_ident(c.name) for c in env_cols)
    rec_checks = [("_text IS NULL", "'empty record'"), *_OBJECT_CHECKS[1:]]
    rec_checks += _column_checks(record_cols, now) + rules
    nulls = [(c.name, c.storage_type) for c in record_cols]
    nulls += [(d.name, d.storage_type) for d in spec.derived]
    null_records = ", ".join(f"NULL::{t} AS {_quote_ident(n)}" for n, t in nulls)
    return f"""
WITH {_judged_ctes("env_", relation, env_cols, env_checks, "", "_env_reason")},
exploded AS (
    -- Unnest in the select list (not a lateral join): the POST text is not carried per event.
    SELECT _partition_date, _source_file, _line, {env_names},
           unnest(CAST(json_extract(_text, {_literal("$." + key + "[*]")}) AS VARCHAR[])) AS _text
    FROM env_judged
    WHERE _env_reason IS NULL
),
{_judged_ctes("rec_", "exploded", record_cols, rec_checks, derived, "_reason")},
all_rows AS (
    SELECT {data_cols}, _line, _reason, _text, _partition_date, _source_file FROM rec_judged
    UNION ALL
    SELECT {data_cols}, _line, _env_reason AS _reason, _text, _partition_date, _source_file
    FROM (SELECT *, {null_records} FROM env_judged WHERE _env_reason IS NOT NULL)
)
{final} FROM all_rows"""


def _judged_ctes(
    prefix: str,
    source: str,
    cols: tuple[Column, ...],
    checks: list[tuple[str, str]],
    derived: str,
    reason: str,
) -> str:
    """CTEs ``<prefix>lines`` → ``<prefix>judged``: JSON type, keys extracted and typed, derived
    columns, and the first failing check's reason in column ``reason`` (NULL when none fails)."""
    extraction, items = _extract(cols)
    return f"""{prefix}lines AS (
    SELECT *, {_JSON_TYPE} FROM {source}
), {prefix}extracted AS (
    SELECT *, {extraction} AS _v FROM {prefix}lines
), {prefix}typed AS (
    SELECT * EXCLUDE (_v), {", ".join(items)} FROM {prefix}extracted
), {prefix}judged AS (
    SELECT *{derived}, {_case(checks)} AS {reason} FROM {prefix}typed
)"""
