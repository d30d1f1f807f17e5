{{ config(materialized="table") }}
-- One row: the instant "now" for contact windows ("last 30 days") and RFM recency. The dbt var
-- `as_of` (an ISO timestamp, UTC) when given, else the latest event time in the data, so a
-- rebuild of the same data gives the same figures.
{% if var('as_of', none) %}
select cast('{{ var("as_of") }}' as {{ dbt.type_timestamp() }}) as as_of_at
{% else %}
with event_times as (
    select max(event_at) as latest_at from {{ ref('fct_message_events') }}
    union all
    select max(event_at) from {{ ref('stg_web__events') }}
    union all
    select max(occurred_at) from {{ ref('stg_lms__enrollments') }}
    union all
    select max(applied_at) from {{ ref('stg_lms__applications') }}
    union all
    select max(clicked_at) from {{ ref('stg_ads__clicks') }}
)

select cast(max(latest_at) as {{ dbt.type_timestamp() }}) as as_of_at
from event_times
{% endif %}
