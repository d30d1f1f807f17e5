{{
    config(
        materialized='table',
        indexes=(
            [{'columns': ['activity_type', 'occurred_at', 'contact_id']}]
            if target.type == 'postgres' else []
        )
    )
}}
-- fct_contact_activity's rows in (activity_type, occurred_at) order, for segments. A behaviour
-- predicate reads one event type in one time window: stored in this order, that is a narrow,
-- contiguous range of the table, and DuckDB skips every row group outside it (min/max zone maps).
-- fct_contact_activity itself is appended in time order (incremental), which interleaves the
-- event types. Postgres does not keep a table's order, so there the same range is a B-tree index
-- (activity_type, occurred_at, contact_id): an index-only scan per behaviour.
select
    activity_id,
    contact_id,
    activity_type,
    occurred_at,
    channel,
    campaign_id,
    course_id,
    course_category
from {{ ref('fct_contact_activity') }}
order by activity_type, occurred_at, contact_id
