{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='activity_date',
        on_schema_change='append_new_columns',
        indexes=(
            [
                {'columns': ['activity_type', 'activity_date', 'contact_id']},
                {'columns': ['activity_date']},
            ]
            if target.type == 'postgres' else []
        )
    )
}}
-- Per-contact daily aggregate of fct_contact_activity, for segments: one row per contact,
-- activity type, UTC day, channel and course category, with the count and the first and last
-- times. A behaviour window of whole days is a range of days here; its partial edge days are
-- answered from first/last (existence) or from the raw rows (counts): segments/compiler.py.
-- Plain SQL (no dbt macros), so bench/bench_segments.py and the segment tests run this very
-- file's compiled SELECT on their synthetic activity.
-- Incremental: fct_contact_activity only ever rewrites rows that occurred at most
-- `activity_lookback_days` before its newest row, so a run re-derives every day from the UTC day
-- of (this model's newest last_occurred_at - that lookback) and replaces those days whole
-- (delete+insert by activity_date): it touches only the recent days' rows, i.e. the contacts with
-- new activity, and equals a full refresh. A full refresh of fct_contact_activity alone (late
-- events older than the lookback) needs a full refresh of this model too.
{% set lookback_days = var('activity_lookback_days', 3) %}
with activity as (
    select contact_id, activity_type, occurred_at, channel, course_category
    from {{ ref('fct_contact_activity') }}
    {% if is_incremental() %}
    where occurred_at >= (
        select coalesce(
            cast(cast(max(last_occurred_at) - interval '{{ lookback_days }} days' as date) as timestamp),
            cast('1900-01-01' as timestamp)
        )
        from {{ this }}
    )
    {% endif %}
),

daily as (
    select
        contact_id,
        activity_type,
        cast(occurred_at as date) as activity_date,
        channel,
        course_category,
        count(*) as activity_count,
        min(occurred_at) as first_occurred_at,
        max(occurred_at) as last_occurred_at
    from activity
    group by contact_id, activity_type, cast(occurred_at as date), channel, course_category
)

select
    md5(
        contact_id || '|' || activity_type || '|' || cast(activity_date as varchar)
        || '|' || coalesce(channel, '_null_') || '|' || coalesce(course_category, '_null_')
    ) as activity_day_id,
    contact_id,
    activity_type,
    activity_date,
    channel,
    course_category,
    cast(activity_count as integer) as activity_count,
    first_occurred_at,
    last_occurred_at
from daily
order by activity_type, activity_date, contact_id
