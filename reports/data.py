"""Every query the report, the alerts and the recommendations make: the one place that knows the marts.

Each function takes an open warehouse connection (DuckDB, read-only is enough), the :class:`Period`
and an optional campaign filter, and returns a tidy DataFrame whose columns are named for what the
reader sees. The source mart of each frame is in its docstring, so every figure of the report can
be traced to a mart and from there to raw events.

Optional tables (the ML assets' outputs, ``dim_campaigns``, ``experiment_results``) are read when
present and give an empty frame otherwise, so the report works on any warehouse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import pandas as pd

from reports.period import Period

Connection = duckdb.DuckDBPyConnection


def table_columns(con: Connection, table: str) -> set[str]:
    """Columns of ``table`` in the warehouse (empty when it does not exist)."""
    rows = con.execute(
        "select column_name from information_schema.columns where table_name = ?", [table]
    ).fetchall()
    return {r[0] for r in rows}


def _df(con: Connection, sql: str, params: Sequence[object] = ()) -> pd.DataFrame:
    return con.execute(sql, list(params)).df()


def _in_scope(column: str, campaigns: Sequence[str] | None) -> tuple[str, list[object]]:
    if not campaigns:
        return "true", []
    return f"{column} in ({', '.join('?' for _ in campaigns)})", list(campaigns)


def campaigns_table(con: Connection) -> str:
    """``dim_campaigns`` when the warehouse has it, else the staging model of the campaign files."""
    return "dim_campaigns" if table_columns(con, "dim_campaigns") else "stg_marketing__campaigns"


def variants_table(con: Connection) -> str | None:
    """The table holding each campaign's variants (weights, subject, content) as JSON, if any."""
    for table in ("dim_campaigns", "stg_marketing__campaigns"):
        if "variants" in table_columns(con, table):
            return table
    return None


def campaigns(con: Connection, campaign_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """One row per campaign: name, targets, budget, dates, source (``dim_campaigns`` or staging)."""
    table = campaigns_table(con)
    cols = table_columns(con, table)
    source = "campaign_source" if "campaign_source" in cols else "'imported'"
    where, params = _in_scope("campaign_id", campaign_ids)
    return _df(
        con,
        f"""
        select campaign_id, campaign_name, budget_amount, currency_code,
               target_conversion_rate, target_cpa_amount, start_at, end_at,
               {source} as source
        from {table} where {where} order by campaign_id
        """,
        params,
    )


def names(con: Connection) -> dict[str, str]:
    """``{campaign_id: campaign name}`` for every campaign (ids fall back to themselves)."""
    frame = campaigns(con)
    return dict(
        zip(frame["campaign_id"], frame["campaign_name"].fillna(frame["campaign_id"]), strict=True)
    )


def currencies(con: Connection) -> dict[str, str]:
    """``{campaign_id: currency code}`` of every campaign that names one."""
    frame = campaigns(con).dropna(subset=["currency_code"])
    return dict(zip(frame["campaign_id"], frame["currency_code"].astype(str), strict=True))


def currency(con: Connection) -> str:
    """The campaigns' currency code (the most common one)."""
    codes = pd.Series(list(currencies(con).values()), dtype=object)
    return str(codes.mode().iloc[0]) if not codes.empty else "EUR"


# The campaigns' budget lines (creative, platform and agency fees) are spend of their own channel
# in fct_campaign_performance (`campaign_costs`): every total below includes them.
COSTS_CHANNEL = "campaign_costs"


def data_now(con: Connection) -> dt.datetime:
    """Midnight (UTC) after the last day of performance data: the report's default "now"."""
    (latest,) = con.execute("select max(performance_date) from fct_campaign_performance").fetchone()
    if latest is None:
        return dt.datetime.now(dt.UTC).replace(
            tzinfo=None, hour=0, minute=0, second=0, microsecond=0
        )
    return dt.datetime.combine(pd.Timestamp(latest).date() + dt.timedelta(days=1), dt.time())


_TOTALS = """
    sum(sends) as sends, sum(deliveries) as deliveries, sum(unique_opens) as opens,
    sum(case when channel in ('email', 'sms') then unique_clicks else 0 end) as message_clicks,
    sum(unique_clicks) as clicks, sum(bounces) as bounces, sum(complaints) as complaints,
    sum(unsubscribes) as unsubscribes, sum(conversions) as conversions,
    sum(reached) as reached,
    sum(revenue_amount) as revenue_amount, sum(spend_amount) as spend_amount
"""


def performance(
    con: Connection,
    period: Period,
    campaign_ids: Sequence[str] | None = None,
    by: str = "campaign_id",
) -> pd.DataFrame:
    """Totals per ``by`` (``campaign_id`` or ``channel``) over the period (``fct_campaign_performance``)."""
    where, params = _in_scope("campaign_id", campaign_ids)
    return _df(
        con,
        f"""
        select {by}, {_TOTALS}
        from fct_campaign_performance
        where performance_date >= ? and performance_date < ? and {where}
        group by 1 order by 1
        """,
        [period.start, period.end, *params],
    )


def totals(
    con: Connection, period: Period, campaign_ids: Sequence[str] | None = None
) -> dict[str, float]:
    """Period totals as floats (``fct_campaign_performance``); zeros when nothing happened."""
    where, params = _in_scope("campaign_id", campaign_ids)
    frame = _df(
        con,
        f"select {_TOTALS} from fct_campaign_performance "
        f"where performance_date >= ? and performance_date < ? and {where}",
        [period.start, period.end, *params],
    )
    return {k: float(v) if pd.notna(v) else 0.0 for k, v in frame.iloc[0].items()}


def weekly(
    con: Connection, end: dt.date, weeks: int, campaign_ids: Sequence[str] | None = None
) -> pd.DataFrame:
    """Totals per 7-day week ending at ``end`` (the last ``weeks`` weeks, ``fct_campaign_performance``)."""
    start = end - dt.timedelta(days=7 * weeks)
    where, params = _in_scope("campaign_id", campaign_ids)
    frame = _df(
        con,
        f"""
        select cast(floor(datediff('day', cast(? as date), performance_date) / 7) as integer) as week_index,
               {_TOTALS}
        from fct_campaign_performance
        where performance_date >= ? and performance_date < ? and {where}
        group by 1 order by 1
        """,
        [start, start, end, *params],
    )
    full = pd.DataFrame({"week_index": range(weeks)})
    frame = full.merge(frame, on="week_index", how="left").fillna(0.0)
    frame["week_start"] = [start + dt.timedelta(days=7 * int(i)) for i in frame["week_index"]]
    return frame


def funnel(con: Connection, campaign_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Contacts at each funnel stage, summed over the campaigns (``fct_conversion_funnel``)."""
    where, params = _in_scope("campaign_id", campaign_ids)
    return _df(
        con,
        f"""
        select funnel_stage as stage, min(stage_order) as stage_order, sum(contacts) as contacts
        from fct_conversion_funnel where {where} group by 1 order by 2
        """,
        params,
    )


def pacing(
    con: Connection, as_of: dt.date, campaign_ids: Sequence[str] | None = None
) -> pd.DataFrame:
    """Each campaign's latest pacing row on or before ``as_of`` (``fct_budget_pacing``)."""
    where, params = _in_scope("campaign_id", campaign_ids)
    return _df(
        con,
        f"""
        select campaign_id, pacing_date, budget_amount, spend_to_date_amount,
               planned_spend_to_date_amount, remaining_budget_amount, pace_ratio,
               projected_exhaustion_date, is_budget_exhausted, pacing_status, planned_days,
               days_elapsed
        from fct_budget_pacing
        where pacing_date < ? and {where}
        qualify row_number() over (partition by campaign_id order by pacing_date desc) = 1
        order by campaign_id
        """,
        [as_of, *params],
    )


def health(
    con: Connection, as_of: dt.date, campaign_ids: Sequence[str] | None = None
) -> pd.DataFrame:
    """Each campaign's latest health row before ``as_of`` (``fct_campaign_health``)."""
    where, params = _in_scope("campaign_id", campaign_ids)
    return _df(
        con,
        f"""
        select campaign_id, health_date, health_score, health_band, delivery_score,
               engagement_score, complaint_score, pacing_score
        from fct_campaign_health
        where health_date < ? and {where}
        qualify row_number() over (partition by campaign_id order by health_date desc) = 1
        order by health_score
        """,
        [as_of, *params],
    )


def deliverability(con: Connection, period: Period) -> pd.DataFrame:
    """Email outcomes per recipient domain over the period (``fct_deliverability``)."""
    return _df(
        con,
        """
        select recipient_domain, sum(messages_sent) as sent, sum(messages_delivered) as delivered,
               sum(messages_bounced) as bounced, sum(complaints) as complaints
        from fct_deliverability
        where send_date >= ? and send_date < ?
        group by 1 order by sent desc
        """,
        [period.start, period.end],
    )


def rule_based_attribution(
    con: Connection, campaign_ids: Sequence[str] | None = None
) -> pd.DataFrame:
    """Conversions credited per channel by each rule-based model (``fct_campaign_attribution``)."""
    where, params = _in_scope("campaign_id", campaign_ids)
    return _df(
        con,
        f"""
        select attribution_model as model, channel, sum(attributed_conversions) as conversions,
               sum(attributed_revenue_amount) as revenue_amount
        from fct_campaign_attribution where {where} group by 1, 2 order by 1, 2
        """,
        params,
    )


def data_driven_attribution(
    con: Connection, campaign_ids: Sequence[str] | None = None
) -> pd.DataFrame:
    """Conversions credited per channel by the data-driven models (``fct_attribution_data_driven``)."""
    if not table_columns(con, "fct_attribution_data_driven"):
        return pd.DataFrame(columns=["model", "channel", "conversions", "revenue_amount"])
    where, params = _in_scope("campaign_id", campaign_ids)
    return _df(
        con,
        f"""
        select attribution_model as model, channel, sum(attributed_conversions) as conversions,
               sum(attributed_revenue_amount) as revenue_amount
        from fct_attribution_data_driven
        where attribution_model in ('markov_first_order', 'shapley') and {where}
        group by 1, 2 order by 1, 2
        """,
        params,
    )


def variant_counts(con: Connection, campaign_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """Email deliveries and clicks per A/B variant of each tested campaign (``fct_campaign_performance``)."""
    where, params = _in_scope("campaign_id", campaign_ids)
    return _df(
        con,
        f"""
        select campaign_id, variant_id, sum(deliveries) as deliveries,
               sum(unique_clicks) as clicks, sum(conversions) as conversions
        from fct_campaign_performance
        where channel = 'email' and variant_id is not null and {where}
        group by 1, 2 order by 1, 2
        """,
        params,
    )


def experiment_results(con: Connection, campaign_ids: Sequence[str] | None = None) -> pd.DataFrame:
    """The experiments' own readouts (``experiment_results``) when that asset exists, else empty."""
    cols = table_columns(con, "experiment_results")
    if not {"campaign_id", "verdict"} <= cols:
        return pd.DataFrame(columns=["campaign_id", "verdict"])
    where, params = _in_scope("campaign_id", campaign_ids)
    return _df(con, f"select * from experiment_results where {where}", params)


def model_registry(con: Connection) -> pd.DataFrame:
    """Latest evaluation of each model (``ml_model_registry``): promoted or not, and why."""
    if not table_columns(con, "ml_model_registry"):
        return pd.DataFrame(
            columns=["model_name", "metric_name", "model_score", "baseline_name",
                     "baseline_score", "is_promoted", "trained_at"]
        )  # fmt: skip
    return _df(
        con,
        """
        select model_name, metric_name, model_score, baseline_name, baseline_score, is_promoted,
               trained_at
        from ml_model_registry
        qualify row_number() over (partition by model_name order by trained_at desc,
                                   is_promoted desc) = 1
        order by model_name
        """,
    )


def optional_table(con: Connection, table: str, columns: Sequence[str]) -> pd.DataFrame:
    """``columns`` of an ML output table; empty (with those columns) when the table is missing."""
    present = table_columns(con, table)
    if not set(columns) <= present:
        return pd.DataFrame(columns=list(columns))
    return _df(con, f"select {', '.join(columns)} from {table}")
