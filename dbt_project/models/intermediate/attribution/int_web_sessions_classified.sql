{{ config(materialized="table") }}
-- One row per web session (user_pseudo_id x ga_session_id): when it started, the known contact,
-- and the acquisition channel classified from the landing page's UTM parameters, click ids and
-- referrer.
with web as (
    select * from {{ ref('stg_web__events') }}
    where ga_session_id is not null
),

ranked as (
    select
        web.*,
        row_number() over (
            partition by user_pseudo_id, ga_session_id order by event_at, web_event_id
        ) as event_rank,
        max(contact_id) over (partition by user_pseudo_id, ga_session_id) as session_contact_id
    from web
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
        as channel
from ranked
where event_rank = 1
