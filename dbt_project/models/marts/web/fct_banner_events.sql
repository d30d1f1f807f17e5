-- One row per banner or pop-up event of the campaigns' web channel (impression, click,
-- dismissal), de-duplicated on the event id (a beacon retried or replayed lands twice and
-- counts once). Read by fct_campaign_metrics (channel `web`).
with events as (
    select
        *,
        row_number() over (partition by banner_event_id order by landed_on, event_at) as arrival
    from {{ ref('stg_web__banner_events') }}
)

select
    cast(banner_event_id as {{ dbt.type_string() }}) as banner_event_id,
    cast(campaign_id as {{ dbt.type_string() }}) as campaign_id,
    cast(banner_id as {{ dbt.type_string() }}) as banner_id,
    cast(banner_kind as {{ dbt.type_string() }}) as banner_kind,
    cast(event_type as {{ dbt.type_string() }}) as event_type,
    cast(contact_id as {{ dbt.type_string() }}) as contact_id,
    cast(user_pseudo_id as {{ dbt.type_string() }}) as user_pseudo_id,
    cast(locale as {{ dbt.type_string() }}) as locale,
    cast(device_category as {{ dbt.type_string() }}) as device_category,
    cast(event_at as timestamp) as event_at
from events
where arrival = 1
