"""Benchmark: segment evaluation on 1M contacts / ~50M activity rows.

For each starter segment and one deliberately heavy segment, the median time of

- **sql**: the compiled segment on DuckDB (``SELECT COUNT(*) FROM (<segment query>)``) as the
  segment assets compile it: ``semijoin``, unfiltered fixed-window behaviours from the per-contact
  window counts ``fct_contact_activity_windows`` (its as-of day read from the file), other
  behaviours' whole days from the daily aggregate ``fct_contact_activity_daily``; beside it
  **daily-only** (no window counts), **raw-only** (the raw activity alone, ``daily=False``: the
  compiler before the aggregates) and the ``aggregate`` strategy;
- **pandas**: the same spec evaluated by a vectorised pandas interpreter over in-memory frames
  (loaded once, not timed), which also cross-checks the SQL's member count;
- **floor**: a raw DuckDB scan of the columns the segment touches (``MAX(col)`` per column per
  table) — no evaluation can read less.

The marts are generated synthetically here with numpy at the requested scale (dim_contacts-,
dim_contact_interests- and fct_contact_activity_by_type-shaped tables; fixed seed), not by the
simulator, and cached in a DuckDB file. The activity is stored as the dbt model stores it, in
(activity_type, occurred_at) order; ``fct_contact_activity_daily`` and
``fct_contact_activity_windows`` are built from it by the dbt models' own compiled SQL
(:func:`enrollflow.transform.compiled_model_sql`). Run::

    python -m bench.bench_segments                      # 1M contacts, 50M events
    python -m bench.bench_segments --contacts 20000 --events 500000 --repeats 3
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
from sqlglot import exp

from enrollflow.transform import compiled_model_sql
from segments import DEFINITIONS_DIR, catalog
from segments.compiler import CompiledSegment, compile_segment
from segments.loader import load_definitions, parse_segment
from segments.spec import (
    AllNode,
    AnyNode,
    AttributeNode,
    BehaviourNode,
    ConsentNode,
    NotNode,
    ScoreNode,
    Segment,
    SegmentRefNode,
    as_timestamp,
)
from segments.warehouse import Warehouse
from segments.windows import windows_as_of

NOW = dt.datetime(2026, 3, 1)
HISTORY_DAYS = 730
SEED = 20260301

COUNTRIES = ["ES", "GB", "FR", "DE", "PT", "US", "MX", "IT", "NL", "IE"]
COUNTRY_P = [0.2, 0.15, 0.12, 0.12, 0.06, 0.1, 0.08, 0.07, 0.05, 0.05]
EVENTS = ["opened", "clicked", "visited_course_page", "applied", "enrolled", "unsubscribed"]
EVENT_P = [0.5, 0.13, 0.3, 0.04, 0.02, 0.01]
CHANNELS = ["email", "sms", "web"]
BANDS = ["champions", "loyal", "potential", "at_risk", "hibernating", "lost"]

HEAVY = """
description: Deliberately heavy benchmark segment (8 behaviour windows, nesting, interests, scores)
channel: email
where:
  all:
    - any:
        - {behaviour: opened, at_least: 3, in_last_days: 90}
        - {behaviour: clicked, in_last_days: 30, course_category: [data, software]}
        - {behaviour: visited_course_page, at_least: 2, in_last_days: 14}
    - not: {behaviour: enrolled, in_last_days: 365}
    - {behaviour: unsubscribed, performed: false, in_last_days: 730}
    - {behaviour: applied, at_most: 1, in_last_days: 180}
    - {behaviour: clicked, in_last_days: 730, channel: email, campaign_id: [cmp_0001, cmp_0002, cmp_0003, cmp_0004, cmp_0005, cmp_0006, cmp_0007, cmp_0008, cmp_0009, cmp_0010]}
    - {behaviour: opened, at_most: 40, in_last_days: 365, ending_days_ago: 30}
    - {attribute: interests, op: in, value: [data, software, design]}
    - {attribute: country, op: in, value: [ES, FR, DE, GB, PT]}
    - {attribute: created_at, op: more_than_days_ago, value: 30}
    - any:
        - {score: rfm_recency_score, op: gte, value: 3}
        - {score: ltv_amount, op: gt, value: 100}
"""


# ---------------------------------------------------------------------------------------------
# synthetic marts


def generate(conn: duckdb.DuckDBPyConnection, n_contacts: int, n_events: int, seed: int) -> None:
    """Write dim_contacts, dim_contact_interests and fct_contact_activity_by_type at the given scale."""
    rng = np.random.default_rng(seed)
    n = n_contacts
    start = np.datetime64(NOW, "s") - np.timedelta64(HISTORY_DAYS * 86400, "s")
    flags = lambda p: rng.random(n) < p  # noqa: E731
    contacts = pd.DataFrame(
        {
            "id": np.arange(n, dtype=np.int64),
            "country": pd.Categorical.from_codes(
                np.where(rng.random(n) < 0.02, -1, rng.choice(len(COUNTRIES), n, p=COUNTRY_P)),
                COUNTRIES,
            ),
            "locale": pd.Categorical.from_codes(rng.integers(0, 5, n), list(catalog.LOCALES)),
            "age_band": pd.Categorical.from_codes(rng.integers(0, 5, n), list(catalog.AGE_BANDS)),
            "education_level": pd.Categorical.from_codes(
                rng.integers(0, 5, n), list(catalog.EDUCATION_LEVELS)
            ),
            "lead_source": pd.Categorical.from_codes(
                rng.integers(0, 6, n), list(catalog.LEAD_SOURCES)
            ),
            "created_at": start
            - np.timedelta64(365 * 86400, "s")
            + (rng.random(n) * (HISTORY_DAYS + 365) * 86400).astype("timedelta64[s]"),
            "has_email_consent": flags(0.8),
            "has_sms_consent": flags(0.4),
            "is_email_suppressed": flags(0.03),
            "is_sms_suppressed": flags(0.02),
            "has_objected_to_marketing": flags(0.01),
            "is_unsubscribed": flags(0.05),
            "rfm_recency_score": rng.integers(1, 6, n),
            "rfm_frequency_score": rng.integers(1, 6, n),
            "rfm_monetary_score": rng.integers(1, 6, n),
            "rfm_band": pd.Categorical.from_codes(rng.integers(0, len(BANDS), n), BANDS),
            "ltv_amount": np.round(rng.gamma(1.5, 150, n), 2),
            "enrollments_count": rng.poisson(0.3, n),
            "applications_count": rng.poisson(0.5, n),
        }
    )
    conn.register("contacts_df", contacts)
    conn.execute(
        "CREATE OR REPLACE TABLE dim_contacts AS SELECT "
        "'c_' || lpad(CAST(id AS VARCHAR), 7, '0') AS contact_id, * EXCLUDE (id) FROM contacts_df"
    )
    conn.unregister("contacts_df")
    per = rng.poisson(1.4, n)
    interests = pd.DataFrame(
        {
            "id": np.repeat(np.arange(n, dtype=np.int64), per),
            "interest": pd.Categorical.from_codes(
                rng.integers(0, len(catalog.COURSE_CATEGORIES), per.sum()),
                list(catalog.COURSE_CATEGORIES),
            ),
        }
    ).drop_duplicates()
    conn.register("interests_df", interests)
    conn.execute(
        "CREATE OR REPLACE TABLE dim_contact_interests AS SELECT "
        "'c_' || lpad(CAST(id AS VARCHAR), 7, '0') AS contact_id, interest FROM interests_df"
    )
    conn.unregister("interests_df")
    conn.execute(
        "CREATE OR REPLACE TEMPORARY TABLE activity_in_time_order (activity_id BIGINT, "
        "contact_id VARCHAR, activity_type VARCHAR, occurred_at TIMESTAMP, channel VARCHAR, "
        "campaign_id VARCHAR, course_category VARCHAR)"
    )
    # activity is skewed: a few very active contacts, most quiet; recent days busier
    activity_weight = rng.pareto(1.5, n) + 0.05
    activity_weight /= activity_weight.sum()
    # generated in time order, then stored by event type and time (below)
    recency_all = np.sort(rng.power(1.6, n_events))  # skewed towards 1 = now
    chunk = 5_000_000
    for offset in range(0, n_events, chunk):
        m = min(chunk, n_events - offset)
        recency = recency_all[offset : offset + m]
        frame = pd.DataFrame(
            {
                "activity_id": np.arange(offset, offset + m, dtype=np.int64),
                "id": rng.choice(n, m, p=activity_weight),
                "activity_type": pd.Categorical.from_codes(
                    rng.choice(len(EVENTS), m, p=EVENT_P), EVENTS
                ),
                "occurred_at": start + (recency * HISTORY_DAYS * 86400).astype("timedelta64[s]"),
                "channel": pd.Categorical.from_codes(rng.integers(0, 3, m), CHANNELS),
                "campaign": rng.integers(1, 201, m),
                "course_category": pd.Categorical.from_codes(
                    np.where(rng.random(m) < 0.3, -1, rng.integers(0, 8, m)),
                    list(catalog.COURSE_CATEGORIES),
                ),
            }
        )
        conn.register("activity_df", frame)
        conn.execute(
            "INSERT INTO activity_in_time_order SELECT activity_id, "
            "'c_' || lpad(CAST(id AS VARCHAR), 7, '0'), CAST(activity_type AS VARCHAR), "
            "occurred_at, CAST(channel AS VARCHAR), 'cmp_' || lpad(CAST(campaign AS VARCHAR), 4, '0'), "
            "CAST(course_category AS VARCHAR) FROM activity_df"
        )
        conn.unregister("activity_df")
    # stored as dbt's fct_contact_activity_by_type is: in (activity_type, occurred_at) order
    conn.execute(
        f"CREATE OR REPLACE TABLE {catalog.ACTIVITY_TABLE} AS SELECT * FROM activity_in_time_order "
        "ORDER BY activity_type, occurred_at, contact_id"
    )
    conn.execute("DROP TABLE activity_in_time_order")
    build_aggregates(conn)


AGGREGATES = (catalog.DAILY_TABLE, catalog.WINDOWS_TABLE)


def build_aggregates(conn: duckdb.DuckDBPyConnection, models: tuple[str, ...] = AGGREGATES) -> None:
    """Write the activity aggregates (``fct_contact_activity_daily``, ``..._windows``) from the
    activity with the dbt models' own compiled SQL (``dbt compile``; their ``ref`` pointed at the
    synthetic activity table)."""
    for model in models:
        started = time.perf_counter()
        sql = compiled_model_sql(model, {"fct_contact_activity": catalog.ACTIVITY_TABLE})
        conn.execute(f"CREATE OR REPLACE TABLE {model} AS {sql}")
        conn.execute("CHECKPOINT")
        print(f"built {model} in {time.perf_counter() - started:.0f} s", flush=True)


def open_marts(path: Path, n_contacts: int, n_events: int, seed: int) -> duckdb.DuckDBPyConnection:
    """Open (generating on first use) the synthetic marts file for these parameters."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fresh = not path.exists()
    if fresh:
        started = time.perf_counter()
        with duckdb.connect(str(path)) as conn:
            generate(conn, n_contacts, n_events, seed)
        print(f"generated {path} in {time.perf_counter() - started:.0f} s", flush=True)
    with duckdb.connect(str(path)) as conn:  # a file cached before the aggregates existed
        tables = {r[0] for r in conn.execute("SHOW TABLES").fetchall()}
        build_aggregates(conn, tuple(m for m in AGGREGATES if m not in tables))
    return duckdb.connect(str(path), read_only=True)


# ---------------------------------------------------------------------------------------------
# pandas baseline: the same spec, interpreted over in-memory frames


def _enum(conn: duckdb.DuckDBPyConnection, column: str) -> str:
    """``ENUM(...)`` of the distinct values of an activity column (for a categorical load)."""
    values = conn.execute(
        f"SELECT DISTINCT {column} FROM {catalog.ACTIVITY_TABLE} "
        f"WHERE {column} IS NOT NULL ORDER BY 1"
    ).fetchall()
    return "ENUM(" + ", ".join(exp.convert(v).sql("duckdb") for (v,) in values) + ")"


class PandasSegments:
    """Evaluate segment specs with pandas over frames whose rows are contacts 0..N-1."""

    def __init__(self, conn: duckdb.DuckDBPyConnection, now: dt.datetime) -> None:
        self.now = np.datetime64(now, "us")
        self.contacts = conn.execute(
            "SELECT * EXCLUDE (contact_id) FROM dim_contacts ORDER BY contact_id"
        ).df()
        self.index = pd.RangeIndex(len(self.contacts))
        self.interests = conn.execute(
            "SELECT CAST(substr(contact_id, 3) AS INTEGER) AS contact, interest "
            "FROM dim_contact_interests"
        ).df()
        # categorical columns come out of DuckDB as ENUMs, i.e. pandas categoricals, directly
        self.activity = conn.execute(
            "SELECT CAST(substr(contact_id, 3) AS INTEGER) AS contact, "
            f"CAST(activity_type AS {_enum(conn, 'activity_type')}) AS activity_type, "
            "occurred_at, "
            f"CAST(channel AS {_enum(conn, 'channel')}) AS channel, "
            f"CAST(campaign_id AS {_enum(conn, 'campaign_id')}) AS campaign_id, "
            f"CAST(course_category AS {_enum(conn, 'course_category')}) AS course_category "
            f"FROM {catalog.ACTIVITY_TABLE}"
        ).df()
        self.segments: dict[str, Segment] = {}

    def _flag(self, column: str, unknown: bool) -> pd.Series:
        return self.contacts[column].astype("boolean").fillna(unknown).astype(bool)

    def consent(self, channel: str) -> pd.Series:
        granted, blocked = catalog.CONSENT_COLUMNS[channel]
        result = self._flag(granted, False)
        for flag in blocked:
            result &= ~self._flag(flag, True)
        return result

    def compare(self, column: pd.Series, op: str, value: Any, kind: str) -> pd.Series:
        present = column.notna()
        conv = (lambda v: np.datetime64(as_timestamp(v), "us")) if kind == "timestamp" else None
        conv = conv or (lambda v: v)
        if op == "missing":
            return ~present
        if op == "present":
            return present
        if op == "within_last_days":
            return column >= self.now - np.timedelta64(value, "D")
        if op == "more_than_days_ago":
            return column < self.now - np.timedelta64(value, "D")
        if op in ("in", "not_in"):
            hit = column.isin([conv(v) for v in value])
            return hit if op == "in" else ~hit & present
        if op == "between":
            return column.between(conv(value[0]), conv(value[1])) & present
        ops: dict[str, Callable[[pd.Series, Any], pd.Series]] = {
            "eq": lambda c, v: c == v,
            "ne": lambda c, v: (c != v) & present,
            "lt": lambda c, v: c < v,
            "lte": lambda c, v: c <= v,
            "gt": lambda c, v: c > v,
            "gte": lambda c, v: c >= v,
        }
        return ops[op](column, conv(value)).fillna(False).astype(bool)

    def behaviour(self, node: BehaviourNode) -> pd.Series:
        act = self.activity
        start = self.now - np.timedelta64(node.in_last_days, "D")
        end = self.now - np.timedelta64(node.ending_days_ago, "D")
        mask = (act["activity_type"] == node.behaviour) & (act["occurred_at"] >= start)
        mask &= act["occurred_at"] < end
        for name in ("course_category", "campaign_id", "channel"):
            if values := getattr(node, name):
                mask &= act[name].isin(values)
        counts = act.loc[mask].groupby("contact").size().reindex(self.index, fill_value=0)
        ok = counts >= node.min_count
        if node.max_count is not None:
            ok &= counts <= node.max_count
        return ok

    def node(self, node: Any) -> pd.Series:
        if isinstance(node, AllNode):
            out = self.node(node.all_[0])
            for child in node.all_[1:]:
                out = out & self.node(child)
            return out
        if isinstance(node, AnyNode):
            out = self.node(node.any_[0])
            for child in node.any_[1:]:
                out = out | self.node(child)
            return out
        if isinstance(node, NotNode):
            return ~self.node(node.not_)
        if isinstance(node, ConsentNode):
            return self.consent(node.consent)
        if isinstance(node, SegmentRefNode):
            return self.segment(self.segments[node.segment])
        if isinstance(node, BehaviourNode):
            return self.behaviour(node)
        if isinstance(node, AttributeNode) and node.attribute == "interests":
            rows = self.interests
            if node.op in ("in", "not_in"):
                rows = rows[rows["interest"].isin(node.value)]
            has = pd.Series(False, index=self.index)
            has.iloc[rows["contact"].unique()] = True
            return has if node.op in ("in", "present") else ~has
        if isinstance(node, AttributeNode):
            column = self.contacts[node.attribute]
            return self.compare(column, node.op, node.value, node.column_kind)
        if isinstance(node, ScoreNode) and node.table == catalog.CONTACTS_TABLE:
            return self.compare(self.contacts[node.score], node.op, node.value, node.column_kind)
        raise NotImplementedError(f"pandas baseline does not evaluate {type(node).__name__}")

    def segment(self, segment: Segment) -> pd.Series:
        result = self.node(segment.where)
        return result & self.consent(segment.channel) if segment.channel else result

    def count(self, segment: Segment) -> int:
        return int(self.segment(segment).sum())


# ---------------------------------------------------------------------------------------------
# the floor: a raw scan of the touched columns

ACTIVITY_COLUMNS = (
    "contact_id",
    "activity_type",
    "occurred_at",
    "channel",
    "campaign_id",
    "course_category",
)


def touched_columns(compiled: CompiledSegment, contact_columns: set[str]) -> dict[str, list[str]]:
    """Columns per table that the compiled query reads."""
    names = {c.name for c in compiled.expression.find_all(exp.Column)}
    columns = {
        catalog.CONTACTS_TABLE: sorted((names & contact_columns) | {"contact_id"}),
        catalog.ACTIVITY_TABLE: sorted(names & set(ACTIVITY_COLUMNS) | {"contact_id"}),
        catalog.INTERESTS_TABLE: ["contact_id", "interest"],
    }
    return {t: cols for t, cols in columns.items() if t in compiled.tables}


def activity_window(compiled: CompiledSegment) -> str | None:
    """The WHERE of the activity aggregation of a segment compiled with strategy ``aggregate``
    (its events, widest window): the floor reads only those rows too, with the same row-group
    skipping available to it."""
    for select in compiled.expression.find_all(exp.Select):
        table = select.args.get("from_") or select.args.get("from")
        if (
            table
            and table.find(exp.Table).name == catalog.ACTIVITY_TABLE
            and select.args.get("where")
        ):
            return select.args["where"].this.sql("duckdb")
    return None


def floor_sql(columns: dict[str, list[str]], window: str | None) -> str:
    """One statement reading each touched column once: ``BIT_XOR(HASH(col))`` needs every value
    (a plain ``MAX`` can be answered from DuckDB's column statistics without reading data), and
    every hash is returned (an aggregate whose value is not used is optimised away)."""
    parts = []
    for table, cols in columns.items():
        where = f" WHERE {window}" if window and table == catalog.ACTIVITY_TABLE else ""
        hashes = ", ".join(f"BIT_XOR(HASH({c}))" for c in cols)
        parts.append(f"(SELECT {hashes} FROM {table}{where})")
    return "SELECT * FROM " + ", ".join(f"{p} AS t{i}" for i, p in enumerate(parts))


# ---------------------------------------------------------------------------------------------


def _median_seconds(fn: Callable[[], Any], repeats: int) -> tuple[float, float, Any]:
    """Median wall seconds, median CPU seconds (all threads of this process) and the result."""
    walls, cpus, result = [], [], None
    for _ in range(repeats):
        started, cpu = time.perf_counter(), time.process_time()
        result = fn()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus), result


def run(
    db: Path, n_contacts: int, n_events: int, repeats: int = 5, seed: int = SEED
) -> list[dict[str, Any]]:
    """Time every starter segment and the heavy one; return one row per segment."""
    conn = open_marts(db, n_contacts, n_events, seed)
    loaded = load_definitions(DEFINITIONS_DIR)
    segments = dict(loaded.segments)
    segments["heavy_benchmark_segment"] = parse_segment(HEAVY, "heavy_benchmark_segment.yml")
    contact_columns = {r[0] for r in conn.execute("DESCRIBE dim_contacts").fetchall()}
    started = time.perf_counter()
    frames = PandasSegments(conn, NOW)
    frames.segments = segments
    print(
        f"pandas frames loaded in {time.perf_counter() - started:.0f} s (not timed below)",
        flush=True,
    )
    as_of = windows_as_of(Warehouse(conn))
    rows = []
    for name, segment in segments.items():
        compiled = compile_segment(segment, now=NOW, segments=segments, windows_as_of=as_of)
        count_sql = f"SELECT COUNT(*) FROM ({compiled.sql('duckdb')}) s"
        sql_s, sql_cpu, sql_n = _median_seconds(
            lambda q=count_sql: conn.execute(q).fetchone()[0], repeats
        )
        pandas_s, pandas_cpu, pandas_n = _median_seconds(lambda s=segment: frames.count(s), repeats)
        aggregated = compile_segment(segment, now=NOW, segments=segments, strategy="aggregate")
        scan = floor_sql(touched_columns(aggregated, contact_columns), activity_window(aggregated))
        floor_s, floor_cpu, _ = _median_seconds(lambda q=scan: conn.execute(q).fetchall(), repeats)
        aggregate_sql = f"SELECT COUNT(*) FROM ({aggregated.sql('duckdb')}) s"
        agg_s, agg_cpu, agg_n = _median_seconds(
            lambda q=aggregate_sql: conn.execute(q).fetchone()[0], repeats
        )
        timed = {}
        for variant, options in (("daily", {}), ("raw", {"daily": False})):
            query = compile_segment(segment, now=NOW, segments=segments, **options)
            timed[variant] = _median_seconds(
                lambda q=f"SELECT COUNT(*) FROM ({query.sql('duckdb')}) s": conn.execute(
                    q
                ).fetchone()[0],
                repeats,
            )
        (daily_s, daily_cpu, daily_n), (raw_s, raw_cpu, raw_n) = timed["daily"], timed["raw"]
        if not sql_n == daily_n == raw_n == agg_n == pandas_n:
            raise AssertionError(
                f"{name}: SQL selects {sql_n} contacts ({daily_n} without the window counts, "
                f"{raw_n} from the raw activity only, {agg_n} with strategy aggregate) but "
                f"pandas {pandas_n}"
            )
        print(
            f"  {name}: {sql_n} contacts, sql {sql_s:.3f} s, daily-only {daily_s:.3f} s, "
            f"raw-only {raw_s:.3f} s, pandas {pandas_s:.3f} s, floor {floor_s:.3f} s",
            flush=True,
        )
        rows.append(
            {
                "segment": name,
                "size": sql_n,
                "sql_s": sql_s,
                "pandas_s": pandas_s,
                "floor_s": floor_s,
                "sql_cpu_s": sql_cpu,
                "daily_s": daily_s,
                "daily_cpu_s": daily_cpu,
                "raw_s": raw_s,
                "raw_cpu_s": raw_cpu,
                "aggregate_s": agg_s,
                "aggregate_cpu_s": agg_cpu,
                "pandas_cpu_s": pandas_cpu,
                "floor_cpu_s": floor_cpu,
                "sql_vs_floor": sql_s / floor_s,
                "pandas_vs_sql": pandas_s / sql_s,
            }
        )
    off_midnight(conn, segments["heavy_benchmark_segment"], as_of, repeats)
    conn.close()
    return rows


def off_midnight(
    conn: duckdb.DuckDBPyConnection, segment: Segment, as_of: Any, repeats: int
) -> dict[str, Any]:
    """The heavy segment at 06:00 after NOW: the window counts then need their raw corrections
    (as a segment run after the nightly build does); beside it the raw-only compiler."""
    now = NOW + dt.timedelta(hours=6)
    timed = {}
    for variant, options in (("sql", {"windows_as_of": as_of}), ("raw", {"daily": False})):
        query = compile_segment(segment, now=now, **options).sql("duckdb")
        timed[variant] = _median_seconds(
            lambda q=f"SELECT COUNT(*) FROM ({query}) s": conn.execute(q).fetchone()[0], repeats
        )
    if timed["sql"][2] != timed["raw"][2]:
        raise AssertionError(f"at {now}: {timed['sql'][2]} members, raw-only {timed['raw'][2]}")
    print(
        f"  {segment.name} at {now:%H:%M}: {timed['sql'][2]} contacts, sql "
        f"{timed['sql'][0]:.3f} s ({timed['sql'][1]:.3f} CPU-s), raw-only {timed['raw'][0]:.3f} s "
        f"({timed['raw'][1]:.3f} CPU-s)",
        flush=True,
    )
    return timed


def report(rows: list[dict[str, Any]]) -> str:
    """A plain-text table of the results (wall ms, and CPU ms of all threads in brackets)."""
    lines = [
        f"{'segment':<36} {'size':>8} {'sql ms (cpu)':>14} {'daily-only ms':>14} "
        f"{'raw-only ms':>14} "
        f"{'aggregate ms':>14} {'pandas ms (cpu)':>16} "
        f"{'floor ms (cpu)':>15} {'sql/floor':>9} {'pandas/sql':>10}"
    ]

    def ms(r: dict[str, Any], key: str) -> str:
        return f"{r[key + '_s'] * 1e3:.0f} ({r[key + '_cpu_s'] * 1e3:.0f})"

    for r in rows:
        lines.append(
            f"{r['segment']:<36} {r['size']:>8} {ms(r, 'sql'):>14} {ms(r, 'daily'):>14} "
            f"{ms(r, 'raw'):>14} "
            f"{ms(r, 'aggregate'):>14} "
            f"{ms(r, 'pandas'):>16} "
            f"{ms(r, 'floor'):>15} {r['sql_vs_floor']:>9.2f} {r['pandas_vs_sql']:>10.1f}"
        )
    return "\n".join(lines)


EVENTS_PER_CONTACT = 50


def runner_result() -> Any:
    """``python -m bench segments``: totals over all segments, sql beside pandas (and the floor)."""
    from bench.runner import Result, config

    cfg = config()
    n_events = cfg.contacts * EVENTS_PER_CONTACT
    db = cfg.data_dir / "bench" / f"segments_{cfg.contacts}_{n_events}_by_type.duckdb"
    rows = run(db, cfg.contacts, n_events, repeats=3)  # own fixed seed: shares the cache
    print(report(rows))
    sql = sum(r["sql_s"] for r in rows)
    return Result(
        figure=sql,
        unit="s (sum of per-segment medians)",
        baseline=sum(r["pandas_s"] for r in rows),
        baseline_label="the same specs interpreted with pandas on in-memory frames",
        higher_is_better=False,
        details={
            "floor_s": sum(r["floor_s"] for r in rows),
            "sql_vs_floor": sql / sum(r["floor_s"] for r in rows),
            "events": n_events,
            "segments": rows,
            "data": "synthetic numpy marts (not the simulator's), cached in " + str(db),
        },
    )


try:  # registered with the shared runner when it is importable (python -m bench segments)
    from bench.runner import benchmark

    benchmark("segments")(runner_result)
except ImportError:  # pragma: no cover - running this file on its own
    pass


def main(argv: list[str] | None = None) -> list[dict[str, Any]]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contacts", type=int, default=1_000_000)
    parser.add_argument("--events", type=int, default=50_000_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--db", type=Path, default=None, help="synthetic marts file (cached)")
    parser.add_argument("--json", type=Path, default=None, help="also write the rows as JSON")
    args = parser.parse_args(argv)
    db = args.db or Path("data/bench") / f"segments_{args.contacts}_{args.events}_by_type.duckdb"
    rows = run(db, args.contacts, args.events, args.repeats)
    print(
        f"segments on {args.contacts:,} contacts / {args.events:,} activity rows "
        f"(median of {args.repeats}; DuckDB {duckdb.__version__}, pandas {pd.__version__})"
    )
    print(report(rows))
    if args.json:
        args.json.write_text(json.dumps(rows, indent=2))
    return rows


if __name__ == "__main__":  # pragma: no cover
    main()
