{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='session_id',
        on_schema_change='fail'
    )
}}
-- One row per web session (user_pseudo_id x ga_session_id): when it started, the known contact,
-- and the acquisition channel classified from the landing page's UTM parameters, click ids and
-- referrer. Incremental: a run re-derives every session that received an event landed in the
-- last `event_lookback_days` days (from all of the session's events), so a session spanning
-- midnight or logged in late equals a full refresh.
with web as (
    select * from {{ ref('stg_web__events') }}
    where ga_session_id is not null
),

{% if is_incremental() %}
touched_sessions as (
    select distinct user_pseudo_id, ga_session_id
    from web
    where landed_on >= {{ incremental_since('landed_on') }}
),

scoped as (
    select web.*
    from web
    inner join touched_sessions
        on touched_sessions.user_pseudo_id = web.user_pseudo_id
        and touched_sessions.ga_session_id = web.ga_session_id
),
{% else %}
scoped as (
    select * from web
),
{% endif %}

ranked as (
    select
        scoped.*,
        row_number() over (
            partition by user_pseudo_id, ga_session_id order by event_at, web_event_id
        ) as event_rank,
        max(contact_id) over (partition by user_pseudo_id, ga_session_id) as session_contact_id,
        max(landed_on) over (partition by user_pseudo_id, ga_session_id) as session_landed_on
    from scoped
)

select
    cast(user_pseudo_id as {{ dbt.type_string() }}) || ':'
        || cast(ga_session_id as {{ dbt.type_string() }}) as session_id,
    session_contact_id as contact_id,
    event_at as session_started_at,
    utm_source,
    utm_medium,
    utm_campaign,
    page_referrer,
    {{ classify_web_channel('utm_source', 'utm_medium', 'page_referrer', 'gclid', 'fbclid') }}
        as channel,
    session_landed_on as landed_on
from ranked
where event_rank = 1
