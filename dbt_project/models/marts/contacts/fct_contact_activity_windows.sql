{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='contact_id',
        on_schema_change='append_new_columns',
        indexes=(
            [{'columns': ['activity_type', 'contact_id']}, {'columns': ['contact_id']}]
            if target.type == 'postgres' else []
        )
    )
}}
-- Per contact and activity type: the number of activities in each of the fixed windows of the
-- last K days before the as-of midnight D (the UTC midnight after the newest activity), for
-- segments: a behaviour "at least n in the last K days" reads one row per contact here instead
-- of the window's activity rows, and segments/windows.py corrects exactly for `now` != D with
-- the raw rows of two partial ranges. The windows are segments.catalog.WINDOW_DAYS.
-- Plain SQL (no dbt macros), so the benchmark and the segment tests run this file's compiled
-- SELECT on their synthetic activity.
-- Incremental (delete+insert by contact_id): a run recomputes every row of the contacts with an
-- activity fct_contact_activity may have rewritten (from this model's newest last_occurred_at -
-- `activity_lookback_days`) or on a window's boundary days between the previous D and the new
-- one (their counts change as D moves); every other contact's counts are the same at the new D.
{% set lookback_days = var('activity_lookback_days', 3) %}
{% set windows = [1, 7, 14, 30, 60, 90, 180, 365, 730, 3650] %}
with all_activity as (
    select contact_id, activity_type, occurred_at
    from {{ ref('fct_contact_activity') }}
),

as_of as (
    select cast(cast(max(occurred_at) as date) + 1 as timestamp) as as_of_at
    from all_activity
),

{% if is_incremental() %}
previous as (
    select
        max(last_occurred_at) as last_at,
        cast(cast(max(last_occurred_at) as date) + 1 as timestamp) as as_of_at
    from {{ this }}
),

touched as (
    select distinct all_activity.contact_id
    from all_activity
    cross join previous
    cross join as_of
    where all_activity.occurred_at >= previous.last_at - interval '{{ lookback_days }} days'
        {% for days in windows %}
        or (
            all_activity.occurred_at >= previous.as_of_at - interval '{{ days }} days'
            and all_activity.occurred_at < as_of.as_of_at - interval '{{ days }} days'
        )
        {% endfor %}
),

activity as (
    select all_activity.*
    from all_activity
    inner join touched on touched.contact_id = all_activity.contact_id
)
{% else %}
activity as (
    select * from all_activity
)
{% endif %}

select
    activity.contact_id,
    activity.activity_type,
    {% for days in windows %}
    cast(sum(case when activity.occurred_at >= as_of.as_of_at - interval '{{ days }} days' then 1 else 0 end) as integer)
        as n_{{ days }}d,
    {% endfor %}
    cast(count(*) as integer) as activity_count,
    min(activity.occurred_at) as first_occurred_at,
    max(activity.occurred_at) as last_occurred_at
from activity
cross join as_of
group by activity.contact_id, activity.activity_type
order by activity.activity_type, activity.contact_id
