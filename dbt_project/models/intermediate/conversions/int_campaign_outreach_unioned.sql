-- Every way a campaign reached a known contact: a message sent (email/SMS) or a paid ad click.
-- Each row carries the campaign's conversion window, so conversions can be matched to it.
with campaigns as (
    select
        campaign_id,
        coalesce(conversion_window_days, {{ var('default_conversion_window_days') }})
            as conversion_window_days
    from {{ ref('int_campaigns_unioned') }}
),

sends as (
    select
        message_id as outreach_id,
        'message' as outreach_type,
        campaign_id,
        channel,
        contact_id,
        sent_at as reached_at
    from {{ ref('int_sends_unioned') }}
),

ad_clicks as (
    select
        click_id as outreach_id,
        'ad_click' as outreach_type,
        campaign_id,
        channel,
        contact_id,
        clicked_at as reached_at
    from {{ ref('stg_ads__clicks') }}
    where contact_id is not null and campaign_id is not null
),

unioned as (
    select * from sends
    union all
    select * from ad_clicks
)

select
    unioned.outreach_id,
    unioned.outreach_type,
    unioned.campaign_id,
    unioned.channel,
    unioned.contact_id,
    unioned.reached_at,
    coalesce(campaigns.conversion_window_days, {{ var('default_conversion_window_days') }})
        as conversion_window_days
from unioned
left join campaigns on campaigns.campaign_id = unioned.campaign_id
